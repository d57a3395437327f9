"""Every FastF1 HTTP request gets our timeout; FastF1's own adapters keep working beneath."""

from __future__ import annotations

import pytest

from f1core.config import DEFAULT_FASTF1_TIMEOUT_S
from f1core.ingest.fastf1_http import BoundedAdapter, bound_fastf1_requests


@pytest.fixture()
def fastf1_sessions():
    from fastf1.req import Cache

    yield [s for s in (Cache._requests_session, Cache._requests_session_cached) if s]
    bound_fastf1_requests(DEFAULT_FASTF1_TIMEOUT_S)


def test_every_adapter_is_bounded_once_and_keeps_fastf1s_own(fastf1_sessions):
    from fastf1.internals.f1account import LIVETIMING_URL, LivetimingAuthAdapter

    bound_fastf1_requests(3.0)
    bound_fastf1_requests(1.5)  # again: re-times, never wraps a wrapper
    for session in fastf1_sessions:
        for adapter in session.adapters.values():
            assert isinstance(adapter, BoundedAdapter)
            assert not isinstance(adapter.inner, BoundedAdapter)
            assert adapter.timeout_s == 1.5
        assert isinstance(session.get_adapter(LIVETIMING_URL).inner, LivetimingAuthAdapter)


@pytest.mark.parametrize("bad", [0, -1.0])
def test_a_timeout_must_be_positive(bad):
    with pytest.raises(ValueError, match="positive"):
        bound_fastf1_requests(bad)


def test_the_timeout_is_a_setting(monkeypatch):
    from f1core.config import load_settings

    monkeypatch.setenv("F1_FASTF1_TIMEOUT_S", "7.5")
    assert load_settings().fastf1_timeout_s == 7.5
    assert load_settings(fastf1_timeout_s=2).fastf1_timeout_s == 2
    monkeypatch.delenv("F1_FASTF1_TIMEOUT_S")
    assert load_settings().fastf1_timeout_s == DEFAULT_FASTF1_TIMEOUT_S
