"""The process-wide store and settings, as Streamlit cached resources.

``get_store`` returns the one Store of the process (one DuckDB connection); pages read
through ``store.query_df`` which uses a cursor per thread. Never mutate what it returns.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from f1core.config import Settings, load_settings
from f1core.errors import F1CoreError
from f1core.store import Store, open_store
from f1core.store.db import lock_wait_reporter
from f1core.store.pack import import_pack, pack_pending


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    """Settings from the environment (F1_STORE, F1_DATA_KIT, F1_OFFLINE, ...)."""
    return load_settings()


@st.cache_resource(show_spinner="Opening the store…")
def _open(path: str, memory_limit_mb: int, lock_wait_s: float) -> Store:
    # shared: read-only between writes, so command-line readers can use the store too
    return open_store(path, shared=True, memory_limit_mb=memory_limit_mb, lock_wait_s=lock_wait_s)


@contextmanager
def lock_countdown() -> Iterator[None]:
    """While a write waits for another process's lock on the store, say so with a countdown."""
    note = st.empty()

    def report(seconds_left: float, holder: str) -> None:
        note.warning(f"The store is busy ({holder}); retrying for {seconds_left:.0f} s more…")

    with lock_wait_reporter(report):
        yield
    note.empty()


def get_store() -> Store:
    """The process's store (opened, checked and migrated once).

    An empty store first imports the data pack shipped in the repository, with a progress
    bar, so the app opens on real data wherever it runs (a clean clone, a share link).
    """
    settings = get_settings()
    store = _open(str(settings.store_path), settings.store_memory_mb, settings.store_lock_wait_s)
    if pack_pending(store, settings.pack_dir):
        _import_pack(store, settings.pack_dir)
    return store


def _import_pack(store: Store, pack_dir: Path) -> None:
    bar = st.progress(0.0, text="First start: importing the data pack…")
    try:
        with lock_countdown():
            report = import_pack(
                store, pack_dir, progress=lambda f, m: bar.progress(min(f, 1.0), text=m)
            )
    except F1CoreError as exc:
        bar.empty()
        st.error(f"The data pack could not be imported: {exc} Load data from the home page.")
        return
    bar.empty()
    st.cache_data.clear()  # anything cached before the import saw an empty store
    if not report.unchanged:
        st.toast(f"Imported the data pack: {report.sessions} sessions, {report.tables} tables.")


def groq_api_key() -> str | None:
    """The Groq API key from ``st.secrets`` or the environment; never shown or logged."""
    try:
        key = st.secrets.get("GROQ_API_KEY")
    except Exception:  # no secrets.toml is a normal, keyless setup
        key = None
    return key or os.environ.get("GROQ_API_KEY") or None
