"""``st.cache_data`` wrappers over store queries, keyed by plain values.

Every wrapper takes a data version, so an ingest invalidates what was cached before it:
a session's own rows are keyed by that session's version (when it was loaded), so
loading one session leaves every other session's cached rows warm; whatever reads across
sessions is keyed by the store's version, but is built from per-session parts where it can
(:func:`store_priors`: the strategy priors measured race by race). ``st.cache_data`` hands each caller its own
copy, so pages may modify what they get.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from f1core.models import features_overtake as feat
from f1core.store import SessionKey
from f1core.store import queries as q
from f1core.strategy import priors
from f1core.ui.store import get_store

_TTL_S = 3600


def data_version() -> str:
    """Fingerprint of the store's contents (:func:`f1core.store.queries.store_version`)."""
    return q.store_version(get_store())


def session_version(key: SessionKey) -> str:
    """Fingerprint of one session's rows (changes when that session is loaded again)."""
    return q.session_version(get_store(), key)


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
    return _table(session_version(key), name, str(key), tuple(drivers or ()), up_to_lap)


@st.cache_data(ttl=_TTL_S, max_entries=128, show_spinner=False)
def _drivers(version: str, key: str) -> pd.DataFrame:
    return q.session_drivers(get_store(), SessionKey.parse(key))


def drivers(key: SessionKey) -> pd.DataFrame:
    """Cached drivers of a session with team colours, in finishing order."""
    return _drivers(session_version(key), str(key))


@st.cache_data(ttl=_TTL_S, max_entries=64, show_spinner=False)
def _telemetry(version: str, key: str, laps: tuple) -> pd.DataFrame:
    return q.lap_telemetry(get_store(), SessionKey.parse(key), list(laps))


def telemetry(key: SessionKey, laps: Sequence[tuple[str, int]]) -> pd.DataFrame:
    """Cached telemetry of ``(driver, lap_number)`` pairs."""
    return _telemetry(session_version(key), str(key), tuple((d, int(n)) for d, n in laps))


@st.cache_data(ttl=_TTL_S, max_entries=64, show_spinner=False)
def _sql(version: str, sql: str, params: tuple) -> pd.DataFrame:
    return get_store().query_df(sql, list(params))


def sql(sql_text: str, params: Sequence = ()) -> pd.DataFrame:
    """Cached parameterised query written in f1core (never user or model text)."""
    return _sql(data_version(), sql_text, tuple(params))


@st.cache_resource(max_entries=4, show_spinner=False)
def _swap_rates(history: str) -> pd.DataFrame:
    return feat.lap_chart_swap_rates(feat.load_lap_charts(get_store()))  # never mutated


@st.cache_resource(max_entries=256, show_spinner=False)
def _race_priors(version: str, history: str, key: str) -> priors.RacePriors:
    return priors.measure_race_priors(get_store(), SessionKey.parse(key),
                                      swap_rates=_swap_rates(history))  # fmt: skip


def store_priors() -> list[priors.RacePriors]:
    """Every stored race's strategy priors, each cached under that race's own version.

    So after an ingest only the race it wrote is measured again (after a history update,
    every race: the lap-chart swap rates come from the history) (the costly part: a tyre fit
    and overtaking pairs per race); pooling them (``priors.pool_priors``) is cheap. Shared
    between sessions and never mutated, like the store context pooled from them.
    """
    versions, history = q.session_versions(get_store()), q.history_version(get_store())
    return priors.measure_store_priors(
        get_store(),
        measure=lambda key: _race_priors(versions.get(key, "absent"), history, str(key)),
    )
