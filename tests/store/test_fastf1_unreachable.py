"""An online ingest whose F1 live-timing API is unreachable: a clear message, nothing written.

FastF1's live-timing base URLs are pointed at the loopback: at a port where nothing listens
(connection refused), at a small server that answers every request with 429 (rate
limited) and at a listener that accepts connections and never answers (timeout). The session asked for (2025 Monaco race) is not in the kit's FastF1 cache, so
FastF1 has to ask the network; the store already holds another session, which must survive.
"""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from f1core.config import load_settings
from f1core.errors import DataSourceUnavailable
from f1core.ingest import ingest_session
from f1core.ingest.fastf1_session import FASTF1_LOCK


class _RateLimited(BaseHTTPRequestHandler):
    requests_seen = 0

    def do_GET(self):  # noqa: N802 - the stdlib's name
        type(self).requests_seen += 1
        self.send_response(429)
        self.send_header("Retry-After", "60")
        self.end_headers()

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture()
def rate_limited_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RateLimited)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture()
def refused_url():
    with socket.socket() as s:  # a free port that nobody listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class _Silent:
    """Connections a silent listener accepted (and never answered)."""

    held: list[socket.socket] = []


@pytest.fixture()
def silent_url():
    """A listener that accepts every connection and never sends a byte."""
    listener = socket.create_server(("127.0.0.1", 0))
    held = _Silent.held = []

    def accept_forever():
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:  # the listener was closed: the test is over
                return

    thread = threading.Thread(target=accept_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
    listener.close()
    thread.join(timeout=5)
    for conn in held:
        conn.close()


@pytest.fixture()
def online(tmp_path, fastf1_cache, empty_store):
    """Settings for an online ingest, with the 2025 Australian race already stored."""
    settings = load_settings(store_path=tmp_path / "f1.duckdb", fastf1_cache=fastf1_cache)
    ingest_session(empty_store, settings, 2025, "Australia", "R", offline=True)
    return settings.with_overrides(offline=False)


def _point_fastf1_at(monkeypatch, url: str) -> None:
    import fastf1._api

    monkeypatch.setattr(fastf1._api, "base_url", url)
    monkeypatch.setattr(fastf1._api, "base_url_mirror", url)


def _assert_untouched(store) -> None:
    assert store.query_rows("SELECT year, round, session_code FROM sessions") == [(2025, 1, "R")]
    assert store.scalar("SELECT count(*) FROM laps") > 0


def test_connection_refused_is_a_clear_message(monkeypatch, online, empty_store, refused_url):
    _point_fastf1_at(monkeypatch, refused_url)
    with pytest.raises(DataSourceUnavailable, match="could not be reached"):
        ingest_session(empty_store, online, 2025, "Monaco", "R", offline=False)
    _assert_untouched(empty_store)


def test_rate_limit_answer_is_a_clear_message(monkeypatch, online, empty_store,
                                              rate_limited_url):  # fmt: skip
    _point_fastf1_at(monkeypatch, rate_limited_url)
    _RateLimited.requests_seen = 0
    with pytest.raises(DataSourceUnavailable, match="rate limited"):
        ingest_session(empty_store, online, 2025, "Monaco", "R", offline=False)
    assert _RateLimited.requests_seen > 0  # FastF1 really asked our server
    _assert_untouched(empty_store)


def _lock_is_free() -> bool:
    """True when another thread can take FastF1's lock (the ingest let go of it)."""
    free: list[bool] = []

    def probe():
        got = FASTF1_LOCK.acquire(timeout=5)
        free.append(got)
        if got:
            FASTF1_LOCK.release()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return free == [True]


def test_silent_server_times_out_with_a_clear_message(monkeypatch, online, empty_store,
                                                      silent_url):  # fmt: skip
    _point_fastf1_at(monkeypatch, silent_url)
    bounded = online.with_overrides(fastf1_timeout_s=0.5)
    with pytest.raises(DataSourceUnavailable, match=r"could not be reached .*within 0.5 s"):
        ingest_session(empty_store, bounded, 2025, "Monaco", "R", offline=False)
    assert len(_Silent.held) == 1  # one timeout, then the load gave up on that host
    _assert_untouched(empty_store)
    assert _lock_is_free()
    # the store's write path is free too: the stored race can be written again
    ingest_session(empty_store, bounded, 2025, "Australia", "R", offline=True)
    _assert_untouched(empty_store)
