"""When a page is ready for the next key press, click or audit: every element drawn, the app idle.

Streamlit draws text as soon as a run sends it, but each kind of widget only once the browser has
loaded that widget's code; a grey skeleton holds its place until then. On a busy machine a result's
Call link is a Tab stop seconds before the search box exists (Chromium slowed 4x: 45-50 skeletons
on the page 3 s after the run had ended), and a map frame draws its points after the run has
ended. "The status widget is hidden, then a pause" saw neither: settle.js watches the app's
websocket, its map frames and its skeletons instead.
"""

from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

TIMEOUT_MS = 60_000
WATCH = Path(__file__).with_name("settle.js")


def watch(context) -> None:
    """Watch every page this browser context opens; call before its first navigation."""
    context.add_init_script(path=WATCH)


def settled(page, timeout_ms: int = TIMEOUT_MS) -> None:
    """Until every element of the last run is drawn, every map has drawn, and no run is asked
    for or going on."""
    try:
        page.wait_for_function("() => window.__settle?.waitingFor() === ''", timeout=timeout_ms)
    except PlaywrightTimeout as error:
        still = page.evaluate("() => window.__settle?.waitingFor() ?? 'settle.watch(context)'")
        raise AssertionError(f"not settled after {timeout_ms} ms: waiting for {still}") from error


def watched_page(browser, **context_options):
    """(context, page): a new browser context, watched, and its first page."""
    context = browser.new_context(**context_options)
    watch(context)
    return context, context.new_page()


def scrolled_to(locator, timeout_ms: int = TIMEOUT_MS) -> None:
    """Scroll the element into view and wait until it stays put for one animation frame, as a
    person scrolls and then taps. Streamlit's main area scrolls smoothly: a list opened while it
    still moved closed at once (React Aria closes a list whose box scrolls)."""
    locator.scroll_into_view_if_needed(timeout=timeout_ms)
    locator.evaluate(
        """element => new Promise(resolve => {
            let last = '';
            const look = () => {
                const now = JSON.stringify(element.getBoundingClientRect());
                if (now === last) { resolve(); } else { last = now; requestAnimationFrame(look); }
            };
            requestAnimationFrame(look);
        })"""
    )
