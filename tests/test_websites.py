"""A facility's website is linked only when it is a plain http(s) address with a real host."""

import pytest

from clinic_finder.table.websites import safe_url, shown_host


@pytest.mark.parametrize(
    ("published", "linked"),
    [
        ("http://www.pcc4me.com", "http://www.pcc4me.com"),
        (
            "https://centerfordiscovery.com/locations/glenview/",
            "https://centerfordiscovery.com/locations/glenview/",
        ),
        ("www.example.org", "http://www.example.org"),
        ("example.org:8080/intake", "http://example.org:8080/intake"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(document.cookie)", None),
        ("javascript://example.org/%0aalert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox(1)", None),
        ("mailto:intake@example.org", None),
        ("ftp://example.org", None),
        ("http://", None),
        ("http://localhost", None),
        ("http://user:secret@example.org", None),
        ('http://example.org/"onmouseover=alert(1)', None),
        ("http://exa mple.org", None),
        ("", None),
    ],
)
def test_only_plain_web_addresses_are_kept(published, linked):
    assert safe_url(published) == linked


def test_the_link_text_is_the_site_s_own_host():
    assert shown_host("http://www.pcc4me.com/about?x=1") == "pcc4me.com"
    assert shown_host("https://Clinic.Example.org") == "clinic.example.org"
