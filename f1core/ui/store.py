"""The process-wide store and settings, as Streamlit cached resources.

``get_store`` returns the one Store of the process (one DuckDB connection); pages read
through ``store.query_df`` which uses a cursor per thread. Never mutate what it returns.
"""

from __future__ import annotations

import os

import streamlit as st

from f1core.config import Settings, load_settings
from f1core.store import Store, open_store


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    """Settings from the environment (F1_STORE, F1_DATA_KIT, F1_OFFLINE, ...)."""
    return load_settings()


@st.cache_resource(show_spinner="Opening the store…")
def _open(path: str) -> Store:
    return open_store(path)


def get_store() -> Store:
    """The process's store (opened, checked and migrated once)."""
    return _open(str(get_settings().store_path))


def groq_api_key() -> str | None:
    """The Groq API key from ``st.secrets`` or the environment; never shown or logged."""
    try:
        key = st.secrets.get("GROQ_API_KEY")
    except Exception:  # no secrets.toml is a normal, keyless setup
        key = None
    return key or os.environ.get("GROQ_API_KEY") or None
