"""``st.cache_data`` wrappers over store queries, keyed by plain values.

Every wrapper takes the store's data version, so an ingest (which changes the
``sessions`` table) invalidates what was cached before it. ``st.cache_data`` hands each
caller its own copy, so pages may modify what they get.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from f1core.store import SessionKey
from f1core.store import queries as q
from f1core.ui.store import get_store

_TTL_S = 3600


def data_version() -> str:
    """Cheap fingerprint of the store's contents (changes after every ingest)."""
    row = get_store().query_rows(
        "SELECT count(*), max(loaded_at), sum(has_telemetry::INT) FROM sessions"
    )[0]
    return "|".join(str(v) for v in row)


@st.cache_data(ttl=_TTL_S, max_entries=8, show_spinner=False)
def _sessions(version: str) -> pd.DataFrame:
    return q.list_sessions(get_store())


def sessions() -> pd.DataFrame:
    """Every stored session (see :func:`f1core.store.queries.list_sessions`)."""
    return _sessions(data_version())


@st.cache_data(ttl=_TTL_S, max_entries=256, show_spinner=False)
def _table(version: str, table: str, key: str, drivers: tuple, up_to_lap: int | None):
    return q.session_table(
        get_store(), table, SessionKey.parse(key), drivers=list(drivers), up_to_lap=up_to_lap
    )


def table(
    name: str,
    key: SessionKey,
    *,
    drivers: Sequence[str] | None = None,
    up_to_lap: int | None = None,
) -> pd.DataFrame:
    """Cached :func:`f1core.store.queries.session_table`."""
    return _table(data_version(), name, str(key), tuple(drivers or ()), up_to_lap)


@st.cache_data(ttl=_TTL_S, max_entries=128, show_spinner=False)
def _drivers(version: str, key: str) -> pd.DataFrame:
    return q.session_drivers(get_store(), SessionKey.parse(key))


def drivers(key: SessionKey) -> pd.DataFrame:
    """Cached drivers of a session with team colours, in finishing order."""
    return _drivers(data_version(), str(key))


@st.cache_data(ttl=_TTL_S, max_entries=64, show_spinner=False)
def _telemetry(version: str, key: str, laps: tuple) -> pd.DataFrame:
    return q.lap_telemetry(get_store(), SessionKey.parse(key), list(laps))


def telemetry(key: SessionKey, laps: Sequence[tuple[str, int]]) -> pd.DataFrame:
    """Cached telemetry of ``(driver, lap_number)`` pairs."""
    return _telemetry(data_version(), str(key), tuple((d, int(n)) for d, n in laps))


@st.cache_data(ttl=_TTL_S, max_entries=64, show_spinner=False)
def _sql(version: str, sql: str, params: tuple) -> pd.DataFrame:
    return get_store().query_df(sql, list(params))


def sql(sql_text: str, params: Sequence = ()) -> pd.DataFrame:
    """Cached parameterised query written in f1core (never user or model text)."""
    return _sql(data_version(), sql_text, tuple(params))
