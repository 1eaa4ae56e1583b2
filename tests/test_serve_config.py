"""The nginx config renders with N upstreams named once, and nginx itself accepts it."""

import os
import re

import pytest

from serve import headers, logs, nginx


@pytest.mark.parametrize("count", [1, 2, 5])
def test_config_names_each_upstream_once_in_one_block(tmp_path, count):
    upstreams = [f"127.0.0.1:{8601 + n}" for n in range(count)]
    text = nginx.render(upstreams, "127.0.0.1:8080", tmp_path)
    assert text.count("upstream clinic_finder {") == 1
    for address in upstreams:
        assert text.count(f"server {address} ") == 1
    assert text.count("max_fails=") == count
    assert "@" not in text.replace("@NAME@", "")
    assert str(tmp_path) in text and "/etc/nginx" not in text


def test_remote_upstreams_render_the_same_way(tmp_path):
    text = nginx.render(["10.0.0.5:8501", "app-2.internal:8501"], "0.0.0.0:80", tmp_path)
    assert "server 10.0.0.5:8501 " in text and "server app-2.internal:8501 " in text


@pytest.mark.parametrize("bad", ["", "127.0.0.1", "host:port", "a b:1", "x:1;evil"])
def test_bad_addresses_are_refused(tmp_path, bad):
    with pytest.raises(ValueError, match="host:port"):
        nginx.render([bad], "127.0.0.1:8080", tmp_path)


def test_no_upstream_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at least one"):
        nginx.render([], "127.0.0.1:8080", tmp_path)


# CI installs nginx (.ci/run) and never skips these.
needs_nginx = pytest.mark.skipif(
    not nginx.NGINX.exists() and not os.environ.get("CI"),
    reason=f"no nginx at {nginx.NGINX} (apt-get install nginx)",
)


@needs_nginx
@pytest.mark.parametrize("count", [1, 3])
def test_nginx_accepts_the_rendered_config(tmp_path, count):
    upstreams = [f"127.0.0.1:{8601 + n}" for n in range(count)]
    nginx.check(nginx.write(upstreams, "127.0.0.1:8080", tmp_path))
    assert (tmp_path / "tmp" / "proxy").is_dir()


@needs_nginx
def test_a_broken_config_is_reported_with_nginx_words(tmp_path):
    config = nginx.write(["127.0.0.1:8601"], "127.0.0.1:8080", tmp_path)
    config.write_text(config.read_text().replace("keepalive 32;", "keepalive;"))
    with pytest.raises(nginx.NginxFailed, match="keepalive"):
        nginx.check(config)


def test_tls_renders_the_intermediate_profile_hsts_and_the_redirect(tmp_path):
    tls = nginx.Tls(tmp_path / "cert.pem", tmp_path / "key.pem")
    text = nginx.render(["127.0.0.1:8601"], "0.0.0.0:443", tmp_path, tls=tls,
                        redirect_from="0.0.0.0:80")  # fmt: skip
    assert "listen 0.0.0.0:443 ssl;" in text and "ssl_protocols TLSv1.2 TLSv1.3;" in text
    assert "return 301 https://$host$request_uri;" in text
    # every location (readiness, the API and its 429 answer, the review pages too) and the
    # redirect server
    assert text.count(f'Strict-Transport-Security "{headers.HSTS}" always;') == 9
    assert "server_tokens off;" in text


def test_plain_http_sends_the_same_headers_but_no_hsts(tmp_path):
    text = nginx.render(["127.0.0.1:8601"], "127.0.0.1:8080", tmp_path)
    assert "Strict-Transport-Security" not in text and " ssl" not in text
    for name, value in headers.for_path("/").items():
        assert f'add_header {name} "{value}" always;' in text
    frame = headers.for_path("/component/")["Content-Security-Policy"]
    assert text.count(f'add_header Content-Security-Policy "{frame}" always;') == 1


def test_a_redirect_without_tls_is_refused(tmp_path):
    with pytest.raises(ValueError, match="needs TLS"):
        nginx.render(["127.0.0.1:8601"], "127.0.0.1:8080", tmp_path, redirect_from="0.0.0.0:80")


NGINX_ERRORS = [  # nginx's own words (ngx_http_log_error adds everything from ", client: ")
    "connect() failed (111: Connection refused) while connecting to upstream",
    "upstream timed out (110: Connection timed out) while reading response header from upstream",
    "no live upstreams while connecting to upstream",
    'open() "/tmp/cf/nginx/tmp/proxy/1/00/0000000001" failed (13: Permission denied) while '
    "reading upstream",
    "upstream prematurely closed connection while reading response header from upstream",
]


@pytest.mark.parametrize("message", NGINX_ERRORS)
def test_nginx_error_lines_keep_the_error_and_lose_the_request(message):
    """An app process down, a timeout, a disk problem: recorded, without what was searched."""
    line = (f"2026/12/04 22:11:00 [error] 20388#20388: *3 {message}, client: 203.0.113.9, "
            'server: , request: "GET /?near=Quillborough%2C+OH&radius=25 HTTP/1.1", upstream: '
            '"http://127.0.0.1:33015/?near=Quillborough%2C+OH&radius=25", host: "finder.example",'
            ' referrer: "https://finder.example/?near=Quillborough"\n')  # fmt: skip
    kept = logs.redact_nginx(line)
    assert message in kept and kept.startswith("2026/12/04 22:11:00 [error]")
    assert "Quillborough" not in kept and "near=" not in kept and "203.0.113.9" not in kept
    assert "\n" not in kept


def test_a_query_in_nginx_s_own_words_is_cut_too():
    kept = logs.redact_nginx('[warn] 1#1: invalid URL "http://h/?near=Quillborough" in it\n')
    assert "Quillborough" not in kept and "invalid URL" in kept


def test_the_access_log_holds_the_path_only_and_what_each_upstream_answered(tmp_path):
    text = nginx.render(["127.0.0.1:8601"], "127.0.0.1:8080", tmp_path, log_dir=tmp_path / "log")
    (fmt,) = re.findall(r"log_format routing (.*?);", text, re.S)
    assert "$uri" in fmt and "$upstream_status" in fmt
    assert not re.search(r"\$(request_uri|args|arg_|query_string|request\b|http_referer)", fmt)
    assert f"access_log {tmp_path / 'log'}/access.log routing;" in text
    assert "error_log stderr warn;" in text  # to the supervisor, which cuts request details
