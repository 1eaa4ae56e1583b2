"""A person's search stays theirs: no connection leaves the machine unless they opt in, a failing
online lookup costs one quiet notice, no log quotes what was typed, and two sessions at once never
see each other's place, filters or choice.
"""

import contextlib
import html
import inspect
import ipaddress
import json
import socket
import sys
import threading
from types import SimpleNamespace
from unittest.mock import MagicMock

import pandas as pd
import pytest
from apptest import APP, card_names, choose, chosen, is_open, notices, run_app
from nominatim_stub import (
    CHIPETA,
    CHIPETA_REPLY,
    FAILURES,
    SECRET,
    NominatimStub,
    assert_never_quoted,
    nominatim_env,
)
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.runtime import Runtime
from streamlit.runtime.caching.cache_utils import CachedFunc
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module
from streamlit.testing.v1.util import patch_config_options

from clinic_finder.search import answer as answer_module
from clinic_finder.search.index import Query, search
from clinic_finder.text.markdown import escape as md
from components import data

OFFLINE_NOTICE = "The online lookup did not answer"
OTHER_ADDRESS = "100 Congress Ave, Austin, TX 78701"


def _outside(address) -> bool:
    """True for a host beyond this machine; a Unix socket path or no host stays here."""
    host = address[0] if isinstance(address, tuple) else None
    if isinstance(host, bytes):
        host = host.decode()
    if not host or host.casefold() == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return True  # a name to look up is already a message to the world


@pytest.fixture
def outbound(monkeypatch):
    """Every attempt to reach beyond this machine (name lookup or connect), recorded and refused."""
    attempts: list[str] = []

    def refuse(what: str, address) -> None:
        if _outside(address):
            attempts.append(f"{what} {address[0]}")
            raise OSError(f"test guard: no {what} to {address[0]}")

    def guard(owner, name: str, address_of) -> None:
        original = getattr(owner, name)

        def guarded(*args, **kwargs):
            refuse(name, address_of(*args))
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, guarded)

    guard(socket.socket, "connect", lambda sock, address: address)
    guard(socket.socket, "connect_ex", lambda sock, address: address)
    guard(socket, "create_connection", lambda address, *rest: address)
    guard(socket, "getaddrinfo", lambda host, port, *rest: (host, port))
    return attempts


@pytest.fixture
def online_setup(monkeypatch, tmp_path, no_proxies):
    """Sets the server up for the online opt-in at a URL; settings and the disk cache are undone."""
    monkeypatch.setenv("CLINIC_FINDER_GEOCODE_CACHE", str(tmp_path / "geocode_cache.sqlite"))

    def setup(url: str) -> None:
        for name, value in nominatim_env(url, timeout_s="0.5").items():
            monkeypatch.setenv(name, value)
        data.settings.clear()

    yield setup
    data.settings.clear()


def _search(at: AppTest, place: str) -> AppTest:
    at.text_input(key="near").set_value(place).run()
    assert not at.exception
    return at


def _expected(index, offline_resolver, chosen_search: dict) -> pd.DataFrame:
    point = offline_resolver.resolve(chosen_search["near"])
    codes = [c for key, chosen in chosen_search.items() if key != "near" for c in chosen]
    groups = tuple(frozenset([c]) for c in codes)  # one code per filter here
    return search(index, Query(point.lat, point.lon, 25, groups))


def _summary(at: AppTest) -> str:
    """The line that says how many results, within how far of which place."""
    return next(m.value for m in at.markdown if m.value.startswith("**") and "within" in m.value)


def _texts(at: AppTest) -> list[str]:
    return [e.value for kind in ("markdown", "caption", "warning", "info") for e in at.get(kind)]


def test_searching_in_the_default_mode_connects_nowhere(
    outbound, debug_logs, index, offline_resolver
):
    at = run_app()
    assert at.toggle(key="online").disabled
    for place in ("84101", "Austin, TX", SECRET):
        _search(at, place)
        assert card_names(at)
    at.multiselect(key="f_treatment").set_value(["TELE"])
    at.multiselect(key="f_payment").set_value(["MD"]).run()
    found = _expected(index, offline_resolver, {"near": SECRET, "t": ["TELE"], "p": ["MD"]})
    choose(at, found["id"].iloc[0])
    assert not at.exception and chosen(at) == found["id"].iloc[0]
    assert outbound == []
    assert_never_quoted(debug_logs)


def test_operators_log_says_what_started_and_what_was_slow_never_what_was_typed(
    monkeypatch, debug_logs
):
    """Start-up facts (rows, sources as of, settings in effect) and slow searches are logged;
    the typed place, its point and the chosen filters are not."""
    monkeypatch.setattr(answer_module, "SLOW_SEARCH_S", 0.0)  # every search counts as slow
    data.settings.clear()
    data.clinic_index.clear()
    try:
        at = run_app()
        _search(at, SECRET)
        at.multiselect(key="f_treatment").set_value(["TELE"]).run()
    finally:
        data.settings.clear()
    logged = [r.getMessage() for r in debug_logs.records if r.name.startswith("clinic_finder")]
    started = next(line for line in logged if line.startswith("directory loaded"))
    assert f"{len(data.clinic_index()):,}".replace(",", "") in started
    assert "samhsa_nmhd " in started and "ca_dhcs " in started
    assert any(line.startswith("settings in effect: data:") for line in logged)
    slow = [line for line in logged if line.startswith("slow search")]
    assert slow and "1 service" in slow[-1]
    assert not any("TELE" in line or "40.7" in line or "-111.8" in line for line in slow)
    assert_never_quoted(debug_logs)


def test_the_guard_catches_an_attempt_to_reach_the_internet(outbound, online_setup):
    """The control: with the online lookup at its public address, the attempt is caught."""
    online_setup("https://nominatim.openstreetmap.org")
    at = run_app()
    at.toggle(key="online").set_value(True)
    _search(at, SECRET)
    assert outbound and all("nominatim.openstreetmap.org" in a for a in outbound)
    assert any(n.startswith(OFFLINE_NOTICE) for n in notices(at))


@pytest.mark.parametrize("mode", [*FAILURES, "empty"])
def test_a_failing_online_lookup_gives_an_offline_answer_and_a_quiet_notice(
    mode, online_setup, debug_logs
):
    with NominatimStub(**FAILURES.get(mode, {"body": "[]"})) as stub:
        online_setup(stub.url)
        at = run_app()
        at.toggle(key="online").set_value(True)
        _search(at, SECRET)
        assert len(stub.requests) == 1
        assert any(md("of 84108 · Salt Lake City, UT") in text for text in _texts(at))
        told = notices(at)
        assert len(told) == (0 if mode == "empty" else 1)
        assert all(n.startswith(OFFLINE_NOTICE) for n in told)
        at.selectbox(key="radius").set_value(10).run()  # the same search again: nothing asked
        _search(at, OTHER_ADDRESS)  # a new address: asked only while the service works
        assert len(stub.requests) == (2 if mode == "empty" else 1)
        assert any(md("78701 · Austin, TX") in text for text in _texts(at))
    assert not at.exception
    assert_never_quoted(debug_logs, *_texts(at))


def test_an_online_answer_stays_in_the_session_that_asked(online_setup):
    """It used to be written to the shared cache on disk, where an offline session found it."""
    with NominatimStub(body=CHIPETA_REPLY) as stub:
        online_setup(stub.url)
        asked = run_app()
        asked.toggle(key="online").set_value(True)
        assert any("Chipeta Way" in text for text in _texts(_search(asked, CHIPETA)))
        other = _search(run_app(), CHIPETA)
    assert len(stub.requests) == 1
    assert "Chipeta Way" not in _summary(other)
    assert any(md("of 84108 · Salt Lake City, UT") in text for text in _texts(other))
    assert not data.settings().geocode_cache.exists()


def test_an_online_answer_is_shown_as_text(online_setup):
    label = "[Call now](https://evil.example) <img src=x onerror=alert(1)>"
    reply = json.dumps([{"lat": "40.7636", "lon": "-111.834", "display_name": label}])
    with NominatimStub(body=reply) as stub:
        online_setup(stub.url)
        at = run_app()
        at.toggle(key="online").set_value(True)
        _search(at, CHIPETA)
    assert any(f"of {md(label)} (" in text for text in _texts(at))


def test_no_shared_cache_can_keep_what_a_person_types():
    """Streamlit's caches take no argument, so nothing typed or chosen is a key; no functools
    cache is shared by the process (one for place names used to keep every typed place)."""
    cached = [f for f in vars(data).values() if isinstance(f, CachedFunc)]
    assert len(cached) == 7 and not [f for f in cached if inspect.signature(f).parameters]
    ours = [
        f
        for n, m in sys.modules.items()
        if n.startswith(("clinic_finder", "components"))
        for f in vars(m).values()
        if getattr(f, "__module__", None) == n
    ]
    # Keyed by one of three HSDS object kinds, never by anything a person gives.
    by_kind = {"clinic_finder.table.feeds.schema." + n for n in ("_schema", "validator", "_fast")}
    cached_ours = [f for f in ours if hasattr(f, "cache_info")]
    assert {f"{f.__module__}.{f.__name__}" for f in cached_ours} <= by_kind


@pytest.fixture
def at_once(monkeypatch):
    """Lets AppTests run in threads at the same time, as sessions on one server do.

    Each AppTest run sets two process globals (the `global.appTest` option and the Runtime
    singleton) and resets them when it ends, under the feet of a run in another thread: they are
    set once here, for the whole test, instead. And AppTest compiles the page on every run, where
    a server compiles it once: CPython 3.11's parser is not safe in two threads at once.
    """
    compiling = threading.Lock()
    get_bytecode = ScriptCache.get_bytecode

    def compile_one_at_a_time(cache, path):
        with compiling:
            return get_bytecode(cache, path)

    monkeypatch.setattr(ScriptCache, "get_bytecode", compile_one_at_a_time)
    runtime = MagicMock(spec=Runtime)
    runtime.media_file_mgr = MediaFileManager(MemoryMediaFileStorage("/mock/media"))
    runtime.bidi_component_registry = BidiComponentManager()  # "Use my location" registers here
    monkeypatch.setattr(Runtime, "_instance", runtime)
    monkeypatch.setattr(app_test_module, "Runtime", SimpleNamespace(_instance=None))
    monkeypatch.setattr(app_test_module, "patch_config_options", contextlib.nullcontext)
    with patch_config_options({"global.appTest": True}):
        yield


SESSIONS = {
    "a": {"near": "84101", "f_treatment": ["KIT"]},
    "b": {"near": "Austin, TX", "f_care": ["SA"], "f_setting": ["OP"]},
}


def _as_lists(params) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in params.items()}


def test_two_sessions_at_once_never_see_each_others_search(at_once, index, offline_resolver):
    expected = {name: _expected(index, offline_resolver, s) for name, s in SESSIONS.items()}
    assert not set(expected["a"]["id"]) & set(expected["b"]["id"])
    barrier = threading.Barrier(len(SESSIONS), timeout=60)
    errors = []

    def check(at: AppTest, name: str, picked: str | None) -> None:
        mine, found = SESSIONS[name], expected[name]
        assert not at.exception
        params = _as_lists(at.query_params)
        assert params["near"] == [mine["near"]] and at.text_input(key="near").value == mine["near"]
        codes = [c for key, chosen in mine.items() if key != "near" for c in chosen]
        assert sorted(params["service"]) == sorted(codes)
        assert card_names(at) == [html.escape(n) for n in found["name"].head(20)]
        assert params.get("selected", [None]) == [picked]
        if picked:
            assert is_open(at, picked)

    def session(name: str) -> None:
        try:
            at = AppTest.from_file(APP, default_timeout=60).run()
            for turn in range(3):
                barrier.wait()
                for key, value in SESSIONS[name].items():
                    (at.text_input if key == "near" else at.multiselect)(key=key).set_value(value)
                at.run()
                check(at, name, chosen(at) or None)
                picked = expected[name]["id"].iloc[turn]
                barrier.wait()
                choose(at, picked)
                check(at, name, picked)
        except Exception as error:  # reported by the main thread
            errors.append((name, error))
            barrier.abort()

    threads = [threading.Thread(target=session, args=(name,)) for name in SESSIONS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_a_misconfigured_online_geocoder_is_offered_disabled_with_the_reason(monkeypatch):
    """Nominatim without a real user agent: the switch says why it is off, nothing fails."""
    monkeypatch.setenv("CLINIC_FINDER_GEOCODER", "nominatim")
    monkeypatch.delenv("CLINIC_FINDER_USER_AGENT", raising=False)
    data.settings.clear()
    try:
        at = run_app(near="84101")
        switch = at.toggle(key="online")
        assert switch.disabled and "user agent" in switch.help
        assert card_names(at)  # the offline search still answers
    finally:
        data.settings.clear()


def test_the_app_never_reads_the_disk_cache_of_online_answers(monkeypatch, tmp_path):
    """An operator's `geocode --online` fills the disk cache; the app must not show it through."""
    from clinic_finder.geocode.cache import GeocodeCache
    from clinic_finder.geocode.types import GeocodeResult

    cache_file = tmp_path / "geocode_cache.sqlite"
    GeocodeCache(cache_file).put(
        "nominatim",
        "1 Main St, Boise, ID 83702",
        GeocodeResult(43.6, -116.2, "street", "1 Main St, Boise", "nominatim"),
    )
    monkeypatch.setenv("CLINIC_FINDER_GEOCODE_CACHE", str(cache_file))
    data.settings.clear()
    try:
        at = run_app(near="1 Main St, Boise, ID 83702")
    finally:
        data.settings.clear()
    summary = _summary(at)
    assert "approximate: ZIP center" in summary and "online geocoder" not in summary
