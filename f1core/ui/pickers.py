"""Sidebar pickers for people, teams and circuits whose choice lives in the URL."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from f1core.errors import UnknownName
from f1core.history import names
from f1core.history.view import choice_index
from f1core.ui.store import get_store

_TTL_S = 3600  # a data load clears every cache at once (f1core.ui.loaders)


@st.cache_data(ttl=_TTL_S, max_entries=4, show_spinner=False)
def driver_list() -> pd.DataFrame:
    """Every driver with an F1DB slug (:func:`f1core.history.names.driver_names`)."""
    return names.driver_names(get_store()).dropna(subset=["driver_id"])


@st.cache_data(ttl=_TTL_S, max_entries=4, show_spinner=False)
def team_list() -> pd.DataFrame:
    """Every team, one row per F1DB slug."""
    return names.team_names(get_store()).drop_duplicates("team_id")


@st.cache_data(ttl=_TTL_S, max_entries=4, show_spinner=False)
def circuit_list() -> pd.DataFrame:
    """Every circuit, one row per F1DB slug."""
    return names.circuit_names(get_store()).drop_duplicates("circuit_id")


def url_name_picker(
    label: str,
    rows: pd.DataFrame,
    *,
    id_col: str,
    labels: dict[str, str],
    param: str,
    default: str,
    key: str,
    kind: names.Kind = "driver",
) -> str:
    """A sidebar selectbox seeded from the URL parameter ``param`` and written back to it.

    The URL may name the choice in any spelling :func:`f1core.history.names.resolve_name`
    accepts (slug, Ergast ref, code, full name); an unknown name shows the closest ones and
    falls back to ``default``.
    """
    wanted = st.query_params.get(param)
    try:
        wanted = names.resolve_name(rows, wanted, kind=kind) if wanted else default
    except UnknownName as exc:
        st.error(str(exc))
        wanted = default
    ids = rows[id_col].tolist()
    choice = st.sidebar.selectbox(
        label, ids, index=choice_index(ids, wanted), format_func=labels.get, key=key
    )
    st.query_params[param] = choice
    return choice


def driver_labels(people: pd.DataFrame) -> dict[str, str]:
    """``driver_id -> "Full Name (COD)"`` for a frame of ``names.driver_names``."""
    text = people["name"] + " (" + people["code"].fillna("") + ")"
    return dict(zip(people["driver_id"], text, strict=True))
