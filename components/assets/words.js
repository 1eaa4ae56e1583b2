// Words Streamlit writes itself (components/language.py: `announce`), in the page's language.
// WORDS maps Streamlit's English words (and every other language's) to this language's, so a
// switch back restores them; HELP_FOR is this language's "Help for {label}", HELPS every
// language's. Streamlit redraws these, so a MutationObserver says them again after a change.
(function (WORDS, HELP_FOR, HELPS) {
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
    for (const el of document.querySelectorAll("[data-testid=stSkipToContent], [role=option], [role=option] *")) {
      for (const node of el.childNodes) {
        const said = node.nodeType === 3 ? say(node.nodeValue.trim()) : null;
        if (said && said !== node.nodeValue.trim()) node.nodeValue = said;
      }
    }
  }
  if (window.__clinicFinderWords) window.__clinicFinderWords.disconnect();
  const observer = new MutationObserver(fix);
  observer.observe(document.body, {subtree: true, childList: true, characterData: true,
                                   attributes: true, attributeFilter: ["aria-label", "title"]});
  window.__clinicFinderWords = observer;
  fix();
})
