"""``python -m f1core history-update`` and the home-page widget, offline on real cached answers."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from f1core.cli import main
from f1core.store import open_store


@pytest.fixture()
def env(monkeypatch, tmp_path, history_file, fastf1_cache):
    """A store copy and the cache copy named in the environment, as the app and CLI read them."""
    store = shutil.copyfile(history_file, tmp_path / "cli.duckdb")
    monkeypatch.setenv("F1_STORE", str(store))
    monkeypatch.setenv("F1_FASTF1_CACHE", str(fastf1_cache))
    monkeypatch.setenv("F1_OFFLINE", "1")
    return store


def _results(store_path, year, rnd) -> int:
    store = open_store(store_path, read_only=True)
    try:
        return store.scalar(
            "SELECT count(*) FROM ergast_results JOIN ergast_races USING (raceId) "
            "WHERE year = ? AND round = ?",
            [year, rnd],
        )
    finally:
        store.close()


def test_history_update_command_rewrites_a_cached_round(env, capsys):
    code = main(["history-update", "--season", "2025", "--round", "4", "--results-only",
                 "--offline"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "Brought in 2025 round 4 (20 race results)" in out
    assert "ergast_results: 20 rows" in out and "ergast_constructor_results: 10 rows" in out
    assert _results(env, 2025, 4) == 20


def test_history_update_command_offline_without_the_answer_exits_2(env, capsys):
    code = main(["history-update", "--offline"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: Jolpica race results for 2025 round 19 are not in the FastF1")
    assert "Traceback" not in err
    assert _results(env, 2025, 19) == 0


def _widget():
    from f1core.ui.history_update import history_update_button

    history_update_button()


def test_widget_shows_coverage_and_a_clear_error_offline(env):
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_function(_widget, default_timeout=60).run()
        assert not at.exception
        assert "goes to 2025 round 18" in at.caption[0].value
        assert at.toggle(key="history_update_offline").value is True
        at.button(key="history_update_go").click().run()
        assert not at.exception
        assert "not in the FastF1 cache" in at.error[0].value
        assert [(s.label, s.state) for s in at.status] == [("History not updated", "error")]
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
    assert _results(env, 2025, 19) == 0
