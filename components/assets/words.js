// Words Streamlit writes itself (components/language.py: `announce`), in the page's language.
// WORDS maps Streamlit's English words (and every other language's) to this language's, so a
// switch back restores them; HELP_FOR is this language's "Help for {label}", HELPS every
// language's; REMOVE names a filter chip's button for what it does ("Remove filter: {name}").
// Streamlit redraws these, so a MutationObserver says them again after a change. It also makes
// the Table view's Call links dial in place, and keeps track of where the focus goes.
// Nothing like a tag anywhere in it, comments too: st.html reads the script as HTML, and one
// that held a tag did not run (tests/test_headers.py).
(function (WORDS, HELP_FOR, HELPS, REMOVE) {
  const say = (text) => (text in WORDS ? WORDS[text] : null);
  function help(label) {
    for (const from of HELPS) {
      const [before, after] = from.split("{label}");
      const inside = label.length > before.length + after.length;
      if (from !== HELP_FOR && inside && label.startsWith(before) && label.endsWith(after)) {
        return HELP_FOR.replace("{label}", label.slice(before.length, label.length - after.length));
      }
    }
    return null;
  }
  function fix() {
    for (const el of document.querySelectorAll("[aria-label]")) {
      const label = el.getAttribute("aria-label");
      const said = say(label) || help(label);
      if (said && said !== label) el.setAttribute("aria-label", said);
    }
    for (const el of document.querySelectorAll("iframe[title]")) {
      const said = say(el.title);
      if (said && said !== el.title) el.title = said;
    }
    for (const el of document.querySelectorAll("[class*=st-key-chip_] button")) {
      const shown = el.cloneNode(true);  // the chip's words without its icon's ("close")
      shown.querySelectorAll("[data-testid=stIconMaterial]").forEach((icon) => icon.remove());
      const said = REMOVE.replace("{name}", shown.textContent.replace(/\s+/g, " ").trim());
      if (el.getAttribute("aria-label") !== said) el.setAttribute("aria-label", said);
    }
    // A card's Details and Report buttons named for its facility after the words they show
    // ("Details, Fourth Street Clinic"), as its links are (components/result_cards.py): a list
    // of twenty "Details" says nothing of where each leads (WCAG 2.4.4). The heading is the
    // facility's number and name ("1. Fourth Street Clinic").
    for (const card of document.querySelectorAll("[class*=st-key-card_]")) {
      const heading = card.querySelector("h3.card-name");
      if (!heading) continue;
      const name = heading.textContent.replace(/^\d+\.\s*/, "").trim();
      const buttons = "[class*=st-key-details_] button, [class*=st-key-report_] button";
      for (const el of card.querySelectorAll(buttons)) {
        const said = el.textContent.replace(/\s+/g, " ").trim() + ", " + name;
        if (el.getAttribute("aria-label") !== said) el.setAttribute("aria-label", said);
      }
    }
    const texts = "[data-testid=stSkipToContent], [role=option], [role=option] *, " +
      "[data-testid=stStatusWidget], [data-testid=stStatusWidget] *";
    for (const el of document.querySelectorAll(texts)) {
      for (const node of el.childNodes) {
        const said = node.nodeType === 3 ? say(node.nodeValue.trim()) : null;
        if (said && said !== node.nodeValue.trim()) node.nodeValue = said;
      }
    }
  }
  // The Table view's Call column opens its tel: link with window.open(url, "_blank"): a blank
  // tab behind the dialer. A tel: link dials in place, as the cards' Call links do.
  if (!window.__clinicFinderOpen) {
    const open = window.open.bind(window);
    window.__clinicFinderOpen = open;
    window.open = (url, ...rest) => {
      if (String(url).startsWith("tel:")) {
        window.location.href = String(url);
        return null;
      }
      return open(url, ...rest);
    };
  }
  // A filter chip removed from the keyboard takes its focus with it: the next chip, else
  // "Treatments, medicines and more" where filters are chosen, has it then (only while nothing
  // else does), not the page's top. Not the location box: its text was selected, for the next
  // key to replace. A tap or a click (detail > 0) leaves focus alone: on a phone the box's
  // focus opened the keyboard and scrolled the page to its top.
  // "Widen to 50 miles" goes once pressed: its focus goes to the radius it changed.
  if (!window.__clinicFinderChips) {
    window.__clinicFinderChips = {pressed: 0, from: ""};
    document.addEventListener("click", (event) => {
      const from = event.target.closest?.(".st-key-chips") ? "chips"
        : event.target.closest?.(".st-key-wider_radius") ? "wider" : "";
      if (event.detail === 0 && from) {
        window.__clinicFinderChips.pressed = Date.now();
        window.__clinicFinderChips.from = from;
      }
    }, true);
  }
  // The card the focus was last in (its class, or ""): a card whose button Streamlit redrew
  // takes the focus back only if it had it (components/result_cards.py keep_focus), never from
  // a chip tapped at the page's top, which had scrolled a phone to an open card far below.
  if (!window.__clinicFinderFocusCard) {
    window.__clinicFinderFocusCard = {in: ""};
    document.addEventListener("focusin", (event) => {
      const card = event.target.closest?.("[class*='st-key-card_']");
      window.__clinicFinderFocusCard.in = card ? card.className : "";
    }, true);
  }
  function refocus() {
    const chips = window.__clinicFinderChips;
    const lost = !document.activeElement || document.activeElement === document.body;
    if (!lost || Date.now() - chips.pressed > 10000) return;
    const next = chips.from === "wider"
      ? document.querySelector(".st-key-radius [role=combobox]")
      : document.querySelector(".st-key-chips button") ||
        document.querySelector('[data-testid="stMain"] [data-testid="stExpander"] summary');
    if (next) {
      next.focus();
      chips.pressed = 0;
    }
  }
  if (window.__clinicFinderWords) window.__clinicFinderWords.disconnect();
  const observer = new MutationObserver(() => { fix(); refocus(); });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true,
                                   attributes: true, attributeFilter: ["aria-label", "title"]});
  window.__clinicFinderWords = observer;
  fix();
})
