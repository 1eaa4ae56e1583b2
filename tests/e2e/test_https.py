"""make serve over HTTPS: nginx with a test certificate made now, Chromium trusting only it.

The certificate is self-signed by `openssl` in a temporary folder (never committed). Chromium
is told to accept that one key (`--ignore-certificate-errors-spki-list`), not every certificate
error: a browser without the flag refuses the page, which the first test checks.
"""

import base64
import hashlib
import socket
import ssl
import subprocess
from urllib.parse import urlsplit

import pytest
import requests

from harness.live_app import CHROMIUM, CHROMIUM_FLAGS, OFFLINE_ENV
from serve import apps, nginx, stack

from .test_security_headers import (
    DESKTOP,
    PHONE,
    assert_clean,
    assert_security_headers,
    draw_map_once,
    run_journey,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not nginx.NGINX.exists(), reason=f"no nginx at {nginx.NGINX}"),
]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """(cert, key, SPKI pin) for 127.0.0.1 and localhost, valid two days."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    der = ssl.PEM_cert_to_DER_cert(cert.read_text())
    public_key = subprocess.run(
        ["openssl", "x509", "-inform", "DER", "-pubkey", "-noout"],
        input=der, check=True, capture_output=True,
    ).stdout  # fmt: skip
    spki = subprocess.run(
        ["openssl", "pkey", "-pubin", "-outform", "DER"],
        input=public_key, check=True, capture_output=True,
    ).stdout  # fmt: skip
    return cert, key, base64.b64encode(hashlib.sha256(spki).digest()).decode()


@pytest.fixture(scope="module")
def served(tmp_path_factory, certificate):
    cert, key, _ = certificate
    listen = f"{apps.LOOPBACK}:{apps.free_port()}"
    redirect = f"{apps.LOOPBACK}:{apps.free_port()}"
    with stack.serving(tmp_path_factory.mktemp("serve"), 1, listen, env=OFFLINE_ENV,
                       tls=nginx.Tls(cert, key), redirect_from=redirect) as running:  # fmt: skip
        yield running, f"http://{redirect}"


@pytest.fixture(scope="module")
def pinned_browser(certificate, browser):
    """Chromium that accepts the test certificate's key, and no other certificate error
    (launched by the session's Playwright: one per process)."""
    flags = [*CHROMIUM_FLAGS, f"--ignore-certificate-errors-spki-list={certificate[2]}"]
    launched = browser.browser_type.launch(executable_path=str(CHROMIUM), args=flags)
    yield launched
    launched.close()


def test_a_browser_without_the_pin_refuses_the_test_certificate(served, browser):
    context = browser.new_context()
    with pytest.raises(Exception, match="ERR_CERT"):
        context.new_page().goto(served[0].base)
    context.close()


def test_https_answers_carry_every_header_and_hsts(served, certificate, pinned_browser):
    running, _ = served
    draw_map_once(pinned_browser, running.base)
    with requests.Session() as session:
        session.trust_env = False
        session.verify = str(certificate[0])  # the test certificate is its own authority
        assert_security_headers(running.base, session, tls=True)


def test_plain_http_redirects_to_https_and_keeps_the_link(served):
    running, plain = served
    answer = requests.get(plain + "/?near=84101&lang=es", allow_redirects=False, timeout=10)
    assert answer.status_code == 301
    assert answer.headers["Location"] == running.base + "/?near=84101&lang=es"
    assert answer.headers["Server"] == "nginx"
    assert "Strict-Transport-Security" not in answer.headers  # only ever sent over TLS
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("version", "accepted"),
    [
        (ssl.TLSVersion.TLSv1_1, False),
        (ssl.TLSVersion.TLSv1_2, True),
        (ssl.TLSVersion.TLSv1_3, True),
    ],
)
def test_tls_1_2_and_up_only(served, certificate, version, accepted):
    context = ssl.create_default_context(cafile=str(certificate[0]))
    context.minimum_version = context.maximum_version = version
    context.set_ciphers("ALL:@SECLEVEL=0")  # the client offers anything: the server decides
    address = urlsplit(served[0].base)
    with socket.create_connection((address.hostname, address.port), timeout=10) as raw:
        if not accepted:
            with pytest.raises(ssl.SSLError):
                context.wrap_socket(raw, server_hostname=address.hostname)
            return
        with context.wrap_socket(raw, server_hostname=address.hostname) as tls:
            cipher, protocol, _ = tls.cipher()
            assert protocol == version.name.replace("_", ".")
            if version is ssl.TLSVersion.TLSv1_2:
                assert "ECDHE" in cipher and ("GCM" in cipher or "CHACHA20" in cipher)


@pytest.mark.parametrize(("lang", "viewport"), [("en", PHONE), ("es", DESKTOP)])
def test_a_journey_over_https_meets_no_violation(served, pinned_browser, tmp_path, lang,
                                                 viewport):  # fmt: skip
    assert_clean(run_journey(pinned_browser, served[0].base, lang, viewport, shots=tmp_path))
