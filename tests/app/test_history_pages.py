"""Every history page opens on the kit store, honours its URL, and fails clearly without data."""

from __future__ import annotations

import pytest
import streamlit as st

from f1core.ingest.history import ingest_history
from f1core.store import open_store
from tests.app.conftest import _runner, texts, url_param

PAGES = [
    "pages/70_Season.py",
    "pages/71_Driver.py",
    "pages/72_Team.py",
    "pages/73_Circuit.py",
    "pages/74_Head_to_head.py",
]


@pytest.mark.parametrize("page", PAGES)
def test_page_without_history_is_a_clear_error(empty_app, page):
    at = empty_app(page)
    assert not at.exception
    assert "history is not in the store" in " ".join(e.value for e in at.error)


def test_season_2021_title_race_before_the_final(kit_app):
    at = kit_app(
        "pages/70_Season.py", query={"season": "2021", "after": "21", "view": "Title race"}
    )
    assert not at.exception
    assert at.selectbox(key="hist_season").value == 2021
    assert at.slider(key="hist_after").value == 21
    assert "2 drivers can still win: Max Verstappen, Lewis Hamilton" in texts(at)
    assert "25-18-15-12-10-8-6-4-2-1" in texts(at)  # the season's points system
    at.slider(key="hist_after").set_value(22).run()
    assert "Max Verstappen can no longer be caught" in texts(at)
    assert at.query_params["after"] == "22"


def test_season_decided_early_and_dropped_scores(kit_app):
    at = kit_app(
        "pages/70_Season.py", query={"season": "1988", "after": "15", "view": "Title race"}
    )
    assert not at.exception
    assert "best 11 results counted" in texts(at)
    assert "Ayrton Senna can no longer be caught" in texts(at)
    at.radio(key="season_view").set_value("Drivers").run()
    assert at.query_params["view"] == "Drivers"
    standings = at.dataframe[0].value  # drivers' standings after round 15
    top = standings.iloc[0]
    assert (top["name"], top["points"], top["gross_points"]) == ("Ayrton Senna", 87.0, 88.0)


def test_season_drivers_chart_choice_is_in_the_url(kit_app):
    query = {"season": "2021", "after": "11", "view": "Drivers", "hist_prog_by": "position"}
    at = kit_app("pages/70_Season.py", query=query)
    assert not at.exception
    assert at.radio(key="hist_prog_by").value == "position"
    assert url_param(at.radio(key="hist_prog_by")) == "hist_prog_by"  # a change goes into the URL


@pytest.mark.parametrize(("view", "stem", "key"), [
    ("Drivers", "driver_standings", "dl_drivers"), ("Constructors", "constructor_standings", "dl_cons"),
])  # fmt: skip
def test_season_standings_export_is_the_table_shown(kit_app, monkeypatch, view, stem, key):
    from f1core.ui import export

    offered = {}  # download key -> (file name, frame)
    real = export.download_buttons

    def spy(df, name, *, key):
        offered[key] = (name, df)
        real(df, name, key=key)

    monkeypatch.setattr(export, "download_buttons", spy)
    at = kit_app("pages/70_Season.py", query={"season": "2021", "after": "11", "view": view})
    assert not at.exception
    shown = at.dataframe[0].value
    name, table = offered[key]  # the downloads beside the table: that table
    assert name == f"{stem}_2021_after_11"
    assert table.reset_index(drop=True).equals(shown.reset_index(drop=True))
    name, by_round = offered[f"{key}_by_round"]  # the chart's data, labelled apart
    assert name == f"{stem}_2021_by_round" and set(by_round["round"]) == set(range(1, 12))
    assert "The chart's data" in texts(at)


def test_season_picker_changes_the_url(kit_app):
    at = kit_app("pages/70_Season.py", query={"season": "2021"})
    at.selectbox(key="hist_season").set_value(1950).run()
    assert not at.exception
    assert "Nino Farina" in at.dataframe[0].value["winner"].tolist()
    assert at.query_params["season"] == "1950"


def test_driver_profile_resolves_codes(kit_app):
    at = kit_app(
        "pages/71_Driver.py", query={"driver": "HAM", "view": "Race pace (stored sessions)"}
    )
    assert not at.exception
    assert at.selectbox(key="hist_driver").value == "lewis-hamilton"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Titles"] == "7"
    # the kit store holds 2025 races: Hamilton's race pace table is there
    assert any("pace_gap_pct" in df.value.columns for df in at.dataframe)


def test_driver_unknown_name_is_a_clear_error(kit_app):
    at = kit_app("pages/71_Driver.py", query={"driver": "Hamiltn"})
    assert not at.exception
    assert "Did you mean Lewis Hamilton" in " ".join(e.value for e in at.error)


def test_team_profile_pit_stops(kit_app):
    at = kit_app("pages/72_Team.py", query={"team": "red_bull", "view": "Pit stops (DHL)"})
    assert not at.exception
    assert at.selectbox(key="hist_team").value == "red-bull"
    summaries = [df.value for df in at.dataframe if "median_s" in df.value.columns]
    assert summaries and summaries[0].set_index("year").loc[2019, "best_s"] == 1.82


def test_circuit_profile_with_stored_pit_loss(kit_app):
    at = kit_app(
        "pages/73_Circuit.py", query={"circuit": "bahrain", "view": "Pit loss (stored sessions)"}
    )
    assert not at.exception
    assert at.selectbox(key="hist_circuit").value == "bahrain"
    assert len(at.dataframe) == 1
    assert set(at.dataframe[0].value["year"]) == {2023, 2024, 2025}


def test_circuit_pit_loss_leaves_out_the_safety_car_pit_lane_passes(kit_app):
    # 2025 Australia: the field went through the pit lane behind the safety car on laps 2-4
    # (~13-16 s each, same tyres); only the 31 tyre-change stops are pit losses.
    query = {"circuit": "melbourne", "view": "Pit loss (stored sessions)"}
    at = kit_app("pages/73_Circuit.py", query=query)
    assert not at.exception and not at.error
    row = at.dataframe[0].value.set_index("year").loc[2025]
    assert row["stops"] == 31 and 19.4 < row["median_pit_lane_s"] < 19.5
    assert row["best_pit_lane_s"] > 17.5  # no ~12.8 s pass


def test_head_to_head(kit_app):
    at = kit_app(
        "pages/74_Head_to_head.py", query={"driver": "lewis-hamilton", "vs": "nico-rosberg"}
    )
    assert not at.exception
    assert (at.selectbox(key="h2h_a").value, at.selectbox(key="h2h_b").value) == (
        "lewis-hamilton",
        "nico-rosberg",
    )
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Races together"]) > 100
    at.radio(key="h2h_kind").set_value("quali").run()
    assert not at.exception


def test_head_to_head_duel_is_in_the_url(kit_app):
    query = {"driver": "lewis-hamilton", "vs": "nico-rosberg", "h2h_kind": "quali"}
    at = kit_app("pages/74_Head_to_head.py", query=query)
    assert not at.exception
    assert at.radio(key="h2h_kind").value == "quali"
    assert "(quali)" in at.get("plotly_chart")[0].proto.spec
    assert url_param(at.radio(key="h2h_kind")) == "h2h_kind"  # a change goes into the URL


@pytest.mark.parametrize(
    ("page", "key", "sections"),
    [
        ("pages/70_Season.py", "season_view", 5),
        ("pages/71_Driver.py", "driver_view", 5),
        ("pages/72_Team.py", "team_view", 4),
        ("pages/73_Circuit.py", "circuit_view", 5),
    ],
)
def test_every_section_renders_and_is_linkable(kit_app, page, key, sections):
    at = kit_app(page)
    options = at.radio(key=key).options
    assert len(options) == sections
    for option in options:
        at.radio(key=key).set_value(option).run()
        assert not at.exception, option
        assert at.query_params["view"] == option
        assert at.get("plotly_chart") or at.dataframe or at.info, option


def test_unknown_season_in_the_link_is_explained(kit_app):
    at = kit_app("pages/70_Season.py", query={"season": "1900"})
    assert not at.exception
    assert "No season 1900 in the history tables; showing 2026." in texts(at)
    assert at.selectbox(key="hist_season").value == 2026


def test_constructors_title_race(kit_app):
    query = {"season": "2015", "after": "15", "view": "Title race"}
    at = kit_app("pages/70_Season.py", query=query)
    at.radio(key="season_title").set_value("Constructors").run()
    assert not at.exception
    assert "Mercedes can no longer be caught" in texts(at)
    at.selectbox(key="hist_season").set_value(1970).run()
    assert not at.exception
    assert "modelled from 1979" in texts(at)


@pytest.fixture(scope="module")
def ergast_only_store(tmp_path_factory, kit_dir):
    """The kit history with F1DB's rows of 2025 rounds 17-18 deleted: only Ergast has them."""
    path = tmp_path_factory.mktemp("ergast_only") / "f1.duckdb"
    store = open_store(path)
    ingest_history(store, kit_dir / "history")
    tables = store.query_rows(
        "SELECT table_name FROM duckdb_columns() WHERE table_name LIKE 'f1db_%' "
        "AND column_name IN ('year', 'round') GROUP BY 1 HAVING count(*) = 2"
    )
    with store.transaction() as cur:
        for (table,) in tables:
            cur.execute(f"DELETE FROM {table} WHERE year = 2025 AND round IN (17, 18)")  # noqa: S608
    store.cursor().execute("CHECKPOINT")
    store.close()
    return path


def test_season_page_shows_rounds_only_ergast_has(monkeypatch, tmp_path, ergast_only_store):
    monkeypatch.setenv("F1_STORE", str(ergast_only_store))
    monkeypatch.setenv("F1_OFFLINE", "1")
    monkeypatch.setenv("F1_FASTF1_CACHE", str(tmp_path / "ff1"))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = _runner("pages/70_Season.py", query={"season": "2025", "view": "Calendar"})
        assert not at.exception
        assert "24 rounds, 24 run" in texts(at)
        cal = at.dataframe[0].value.set_index("round")
        assert cal.loc[18, ["grand_prix", "winner", "pole"]].tolist() == [
            "Singapore Grand Prix", "George Russell", "George Russell"
        ]  # fmt: skip
        assert cal.loc[17, "winner"] == "Max Verstappen"
        at.slider(key="hist_after").set_value(18).run()
        at.radio(key="season_view").set_value("Drivers").run()
        assert not at.exception
        top = at.dataframe[0].value.iloc[0]
        assert (top["name"], top["points"], top["wins"]) == ("Oscar Piastri", 336.0, 7)
        at.radio(key="season_view").set_value("Title race").run()
        assert not at.exception
        assert "After round 18" in texts(at)
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
