"""What the page says in Chromium, in English and Spanish: each number with its own word."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000


@pytest.mark.parametrize(
    ("lang", "said", "wrong"),
    [
        ("en", "adjusted to 1 mile (1–500)", "1 miles"),
        ("es", "se ajustó a 1 milla (1–500)", "1 millas"),
    ],
)
def test_a_radius_clamped_to_one_mile_says_mile(server, browser, lang, said, wrong):
    """Issue 29 (9): a link with radius 0 said "adjusted to 1 miles"."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{server}/?near=84101&radius=0&lang={lang}")
        notice = page.get_by_test_id("stAlertContentInfo").filter(has_text="(1–500)")
        expect(notice).to_contain_text(said, timeout=TIMEOUT_MS)
        assert wrong not in notice.inner_text()
    finally:
        context.close()
