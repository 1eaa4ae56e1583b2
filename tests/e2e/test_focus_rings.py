"""Every focus ring in Chromium, measured from computed styles: WCAG 2.2 asks 3:1 (1.4.11)."""

import pytest

from tests.e2e.settle import settled, watched_page

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
TABS = 45
MIN_CONTRAST = 3.0
# The ring of the focused control (or of the visible box around it: a text box's inner input is
# clipped), and its contrast with the control's own background and with what is behind it.
# Colours are composited over white through every translucent layer, as the eye sees them.
# A focused shadow-DOM host (the location button) is followed to its focused element.
RING = r"""() => {
  const rgba = (text) => {
    const found = text.match(/rgba?\(([^)]+)\)/);
    if (!found) return null;
    const p = found[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) =>
    [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const luminance = (c) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)];
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement || (e.getRootNode() && e.getRootNode().host)) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    return layers.reverse().reduce((under, layer) => over(layer, under), [255, 255, 255, 1]);
  };
  let focused = document.activeElement;
  while (focused && focused.shadowRoot && focused.shadowRoot.activeElement) {
    focused = focused.shadowRoot.activeElement;
  }
  const words = focused.getAttribute('aria-label') || focused.innerText || '';
  const name = `${focused.tagName} ${words.trim().slice(0, 40)}`;
  if (['BODY', 'IFRAME'].includes(focused.tagName)) return {name, skip: true};
  // The ring: an outline at least 2 px wide, or a box-shadow spread at least 2 px (Streamlit's).
  const ringOf = (el) => {
    const s = getComputedStyle(el);
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) {
      return [rgba(s.outlineColor), `outline ${s.outlineWidth} ${s.outlineColor}`];
    }
    const spread = s.boxShadow.match(/(rgba?\([^)]+\)) 0px 0px 0px ([\d.]+)px/);
    if (spread && parseFloat(spread[2]) >= 2) return [rgba(spread[1]), `shadow ${spread[0]}`];
    return null;
  };
  let el = focused, found = null;
  for (let up = 0; el && up < 4 && !found; up++) {
    found = ringOf(el);
    if (!found) el = el.parentElement;
  }
  if (!found) return {name, ring: 'none', own: 0, behind: 0};
  const [colour, ring] = found;
  const own = background(el), behind = background(el.parentElement || el.getRootNode().host);
  return {name, ring, own: contrast(over(colour, own), own),
          behind: contrast(over(colour, behind), behind)};
}"""


# Controls the Tab walk must reach, as the page names them in each language
# (locales/es/LC_MESSAGES/messages.po).
REACHED = {
    "en": ("Call 801-364-0058", "Details", "ZIP code"),
    "es": ("Llamar al 801-364-0058", "Detalles", "Código postal"),
}


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("width", [1366, 390])
def test_every_focus_ring_contrasts_3_to_1_with_its_control_and_the_page(
    server, browser, width, lang
):
    """Issue 29 (7): Streamlit's ring, its red at 50 %, was 2.2:1 (about 1:1 on the red Call)."""
    viewport = {"width": width, "height": 768 if width > 800 else 844}
    context, page = watched_page(browser, viewport=viewport)
    try:
        page.goto(f"{server}/?near=84101&lang={lang}")
        page.locator("a.card-call").first.wait_for(timeout=TIMEOUT_MS)
        settled(page)  # the search box is drawn after the first Call link on a cold page
        seen, faint = {}, []
        for _ in range(TABS):
            page.keyboard.press("Tab")
            ring = page.evaluate(RING)
            if ring.get("skip") or ring["name"] in seen:
                continue
            seen[ring["name"]] = ring
            if min(ring["own"], ring["behind"]) < MIN_CONTRAST:
                faint.append(ring)
        names = " | ".join(seen)
        assert all(words in names for words in REACHED[lang]), names
        assert not faint, faint
    finally:
        context.close()
