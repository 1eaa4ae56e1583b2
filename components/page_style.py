"""Page-wide styles Streamlit's theme cannot set: contrast and touch-target sizes (WCAG 2.2 AA)."""

import streamlit as st

# Captions: Streamlit's grey is 3.2:1 on the sidebar (axe); this one is 8:1.
# Buttons and link buttons: at least 44 px high, the size of a fingertip.
CSS = """
<style>
[data-testid="stCaptionContainer"] {
    /* Streamlit greys captions with opacity 0.6, and its rule is inserted after this one */
    opacity: 1 !important;
    color: #4a4d5a !important;
}
.stButton button, [data-testid="stLinkButton"] a, [data-testid="stBaseButton-primary"] {
    min-height: 44px;
}
/* A collapsed sidebar (a phone's closed drawer) is moved off screen but its widgets stayed Tab
   stops: 16 invisible stops before the search box. Hidden, they leave the Tab order. */
[data-testid="stSidebar"][data-collapsed="true"] [data-testid="stSidebarContent"] {
    visibility: hidden;
}
[class*="st-key-card_"] h3 { font-size: 1.2rem; padding-top: 0; }
/* A result card (components/result_cards.py): its text across; Call and Directions (links in
   one element) and Details (a button) side by side in equal thirds, one under another on a phone,
   as st.columns laid them out. The heading's anchor link would be a Tab stop per card. */
[class*="st-key-card_"] { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); }
[class*="st-key-card_"] > * { grid-column: 1 / -1; }
[class*="st-key-card_"] > :has(.card-actions) { grid-column: 1 / span 2; }
[class*="st-key-card_"] > [class*="st-key-details_"] { grid-column: 3; }
/* A card brought into view (chosen on the map) stops below Streamlit's fixed top bar. */
[class*="st-key-card_"] { scroll-margin-top: 4rem; }
[class*="st-key-card_"] [data-testid="stHeaderActionElements"] { display: none; }
.card-actions { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.card-actions a {
    display: flex; align-items: center; justify-content: center; gap: 0.5rem;
    min-height: 44px; padding: 4px 12px; border: 1px solid rgb(220, 216, 212);
    border-radius: 8px; background: #fff; color: rgb(47, 45, 43);
    font-size: 0.875rem; text-decoration: none;
}
.card-actions a:hover { border-color: rgb(197, 57, 72); color: rgb(197, 57, 72); }
.card-actions a.card-call { background: rgb(197, 57, 72); border-color: transparent; color: #fff; }
.card-actions a.card-intake { grid-column: 1 / -1; }
.card-actions a.card-call:hover { background: rgb(138, 40, 50); }
.card-actions .card-phone { white-space: nowrap; }
.card-actions .card-no-phone { margin: 0; align-self: center; font-size: 0.875rem; color: #4a4d5a; }
.card-icon { font-family: "Material Symbols Rounded"; font-size: 1rem; line-height: 1; }
@media (max-width: 640px) {
    [class*="st-key-card_"] > :has(.card-actions) { grid-column: 1 / -1; }
    [class*="st-key-card_"] > [class*="st-key-details_"] { grid-column: 1 / -1; }
    .card-actions { grid-template-columns: 1fr; }
}
/* The language switch: the chosen language in Streamlit's red on its pale tint is 3:1 (axe);
   dark text keeps 4.5:1, the tint and border still show which one is chosen. */
.st-key-lang [data-variant="segmented_control"][aria-checked="true"] p {
    color: #7d1d1d !important;
    font-weight: 600;
}
/* The first screen is for the search and its first results (issue 26): a title of one or two
   lines, less space above the page; on a phone the crisis line and the tabs compact too. */
.block-container { padding-top: 3.75rem; }  /* just below Streamlit's fixed bar */
/* Beside the list on a wide screen, the map stays in view while the cards scroll. */
[data-testid="stColumn"]:has(iframe[title="streamlit_folium.st_folium"]) {
    position: sticky; top: 4rem; align-self: flex-start;
}
h1 { font-size: 1.75rem !important; padding: 0.5rem 0 !important; }
@media (max-width: 640px) {
    .block-container { padding-top: 3.75rem; }
    h1 { font-size: 1.2rem !important; line-height: 1.25 !important; padding: 0 !important; }
    [data-testid="stAlertContainer"], .crisis-line { padding: 0.5rem 0.75rem; }
    [data-testid="stAlertContainer"] p, .crisis-line p { font-size: 0.9rem; }
    [data-testid="stTabs"] button[role="tab"] p { font-size: 0.85rem; }
    /* Less air between the page's blocks: the first card's Call link on the first screen. */
    [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.6rem; }
    [class*="st-key-card_"] h3 { font-size: 1.05rem; }
}
/* Focus: Streamlit rings a focused control with its primary red at 50 % (2.2:1 on white, about
   1.1:1 around the red Call link). A near-black outline 2 px off the control contrasts >= 3.6:1
   with the red Call link and >= 15:1 with the page's light backgrounds (WCAG 2.2, 1.4.11). A text
   box, a dropdown, the slider, a radio or a checkbox draws it around the visible control: its
   inner input is clipped or hidden, so a ring on the input itself would not show. */
:focus-visible,
[data-testid="stTextInputRootElement"]:focus-within,
div:has(> [data-testid="stMultiSelectTagsContainer"]):focus-within,
[data-testid="stSelectbox"] .react-aria-ComboBox > div:focus-within,
[data-testid="stSlider"] div:has(> div > input:focus-visible),
label:has(input:focus-visible) {
    outline: 3px solid #111 !important;
    outline-offset: 2px !important;
}
input:focus-visible { outline: none !important; }
/* The tab list clips what is drawn outside a tab: its ring goes inside. */
[data-testid="stTab"]:focus-visible { outline-offset: -3px !important; }
/* The crisis line (components/crisis_banner.py): first on every view, in the alert's colours. */
.crisis-line {
    display: flex; gap: 0.75rem; align-items: flex-start; padding: 0.75rem 1rem;
    border-radius: 0.5rem; background: rgba(255, 43, 43, 0.09); color: #7d1d1d;
}
.crisis-line p { margin: 0; }
.crisis-line a { color: #0b3c8c; text-decoration: underline; }
/* The language switch sits in Streamlit's top bar (empty but for the menu): a line less above
   the search on every width, and on every view. */
.st-key-lang { position: fixed; top: 0.6rem; right: 3.5rem; z-index: 999991; width: auto; }
.st-key-lang [data-testid="stButtonGroup"] { background: #fff; }
/* An open drawer (a phone's sidebar, drawn over the page) goes over the switch: at the same
   height the switch covered the drawer's close button, which a tap could not reach. */
[data-testid="stSidebar"] { z-index: 999992 !important; }
/* The radius and "Use my location" on one line; the button as wide as its words. */
.st-key-how_far > div:last-child { flex: 1 1 9rem; min-width: 9rem; }
/* A list's choices (the call list, the filters) wrap onto more lines, each whole: on one line
   that scrolled sideways, a phone showed one facility chosen of two (issue 29, defect 4). */
[data-testid="stMultiSelectTagsContainer"] {
    flex-wrap: wrap !important; overflow: visible !important; height: auto !important;
}
div:has(> [data-testid="stMultiSelectTagsContainer"]) { max-height: none !important; height: auto; }
[data-testid="stMultiSelectTagsContainer"] { min-width: 0; max-width: 100%; }
/* A chip's words wrap too: on one line a long facility name ran past the list's box (under the
   map on a desktop, off a phone's screen, which then scrolled sideways). */
[data-testid="stMultiSelectTagsContainer"] [data-tag] {
    max-width: 100%; height: auto; white-space: normal;
}
[data-testid="stMultiSelectTagsContainer"] [data-tag] > span {
    white-space: normal; overflow-wrap: anywhere; text-overflow: clip;
}
/* An expander opens and closes at once. Streamlit slides it open with a fixed height and hidden
   overflow, and a list opened in it meanwhile scrolled that box: the list closed and forgot what
   was typed ("Tele" then Down chose nothing). A slide that changes no box cannot do that. */
[data-testid="stExpander"] details { height: auto !important; overflow: visible !important; }
/* A list with a choice in it keeps its typing line under the choices, focused or not. Streamlit
   wrapped that line under them on focus only, so the page below moved 27 px at the tap that
   took the focus away: a phone's first tap on the chip just chosen landed under it. */
[data-testid="stMultiSelectTagsContainer"]:has([data-tag]) input { flex-basis: 100%; }
/* The chosen filters: one line of chips when they fit, each a 44 px touch target. */
.st-key-chips p { margin: 0; }
.st-key-chips { gap: 0.4rem !important; }
.st-key-chips button { padding: 0 0.5rem; }
.st-key-chips button p, .st-key-chips p { font-size: 0.875rem; }
/* Above the cards: the view switch and the ways to the map and to sharing on one line. The
   list's heading, the share section's (where that line's link leads) and the count said to
   screen readers are for the heading list and the live region, not lines of the first screen.
   On a phone the share link is left out: it wrapped the line and pushed the first Call down. */
.results-heading, .result-count {
    position: absolute; left: -9999px; width: 1px; height: 1px; overflow: hidden;
}
/* The share heading stays in the page's flow, 1 px high: placed absolutely it stretched the
   app's outer box, and the link's jump scrolled that box to an empty screen. */
.st-key-share_heading { max-height: 1px !important; overflow: hidden; clip-path: inset(50%); }
/* What the page presses to ask for the rest of itself (components/rest_of_page): no one else. */
.st-key-rest_of_page { display: none !important; }
/* A heading's anchor link would be a Tab stop off the screen: a ring nobody sees. */
.results-heading [data-testid="stHeaderActionElements"],
.st-key-share_heading [data-testid="stHeaderActionElements"] { display: none; }
@media (max-width: 640px) {
    .st-key-list_top [data-testid="stElementContainer"]:has(.share-jump) { display: none; }
}
</style>
"""


def apply() -> None:
    st.html(CSS)
