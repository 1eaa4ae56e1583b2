"""The benchmark's and the tests' websocket driver does what a browser does with a link: the
link's first run, then the rest of the page the page asks for (components/rest_of_page), so a
load figure counts the server's whole work per visitor."""

from harness import live_app
from harness.loop import run_in_thread
from harness.session import open_session, page_cookie


async def _open(base: str, link: str):
    async with open_session(base, await page_cookie(base, 120), 120) as session:
        return await session.open_link(link, 120)


def test_opening_a_link_draws_the_whole_page(tmp_path):
    with live_app.running_app(tmp_path / "app.log") as (base, _):
        whole = run_in_thread(_open(base, "near=84101&radius=50"))
        overview = run_in_thread(_open(base, ""))
    # Only the rest of the page holds the sidebar's filters and a page of cards beyond the third.
    assert whole.contains("Payment accepted")
    assert whole.contains('<h3 class="card-name">20. ')  # the twentieth card
    assert whole.contains("Download these results (CSV)")
    # A page with no search is whole at once: nothing to ask for.
    assert overview.contains("Payment accepted")
