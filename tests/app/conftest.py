"""AppTest fixtures: run a page against the kit store or an empty store.

Streamlit's cache_resource/cache_data are process-wide, so each fixture clears them and
sets ``F1_STORE`` before the page runs; pages then open exactly the store named here.
"""

from __future__ import annotations

import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from f1core.config import PROJECT_ROOT

APP_TIMEOUT_S = 120


def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def app_kit_store_path(tmp_path_factory, kit_store_path):
    """A copy of the kit store used only by the app under test."""
    target = tmp_path_factory.mktemp("appstore") / "f1.duckdb"
    shutil.copyfile(kit_store_path, target)
    return target


@pytest.fixture()
def kit_app(monkeypatch, tmp_path, app_kit_store_path):
    """Run pages on the kit store: ``kit_app("pages/10_Session.py", query={...})``."""
    monkeypatch.setenv("F1_STORE", str(app_kit_store_path))
    monkeypatch.setenv("F1_OFFLINE", "1")
    monkeypatch.setenv("F1_FASTF1_CACHE", str(tmp_path / "ff1"))
    _clear_caches()
    yield _runner
    _clear_caches()


@pytest.fixture()
def empty_app(monkeypatch, tmp_path):
    """Run pages on a new, empty store."""
    monkeypatch.setenv("F1_STORE", str(tmp_path / "empty.duckdb"))
    monkeypatch.setenv("F1_OFFLINE", "1")
    monkeypatch.setenv("F1_FASTF1_CACHE", str(tmp_path / "ff1"))
    _clear_caches()
    yield _runner
    _clear_caches()


def _runner(page: str, *, query: dict | None = None, state: dict | None = None) -> AppTest:
    # Every page runs inside the app, as in a browser: its sidebar links resolve against app.py.
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=APP_TIMEOUT_S)
    if page != "app.py":
        at.switch_page(page)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    for k, v in (state or {}).items():
        at.session_state[k] = v
    return at.run()


def texts(at: AppTest) -> str:
    """Every markdown, caption, info, warning, error and title text of a run, joined."""
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title",
                 "subheader", "header"):  # fmt: skip
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def copy_store(src, dst):
    """Copy a store file (for tests that damage or change it)."""
    shutil.copyfile(src, dst)
    return dst


def url_param(widget) -> str | None:
    """The URL parameter a ``bind="query-params"`` widget writes, else None.

    The browser, not the script, writes a bound widget's value into the URL, so AppTest's
    ``query_params`` never shows it; the widget's binding is what a test can check.
    """
    proto = widget.proto
    return proto.query_param_key if proto.HasField("query_param_key") else None
