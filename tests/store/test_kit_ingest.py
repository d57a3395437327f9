"""The whole kit ingests, with row counts and known values checked exactly."""

from __future__ import annotations

import pytest

from f1core.store import SessionKey
from f1core.store.queries import session_table

AUS_Q = SessionKey(2025, 1, "Q")
AUS_R = SessionKey(2025, 1, "R")
BHR23_R = SessionKey(2023, 1, "R")


def test_every_kit_session_is_stored(kit_store):
    rows = kit_store.query_rows("SELECT year, count(*) FROM sessions GROUP BY 1 ORDER BY 1")
    assert rows == [(2023, 5), (2024, 5), (2025, 19)]


def test_aus_quali_pole_is_norris(kit_store):
    res = session_table(kit_store, "results", AUS_Q).sort_values("position")
    top = res.iloc[0]
    assert (top["driver"], top["q3_s"]) == ("NOR", 75.096)


def test_aus_race_winner_and_gap(kit_store):
    res = session_table(kit_store, "results", AUS_R).set_index("driver")
    assert res.loc["NOR", "position"] == 1
    assert res.loc["VER", "position"] == 2
    assert res.loc["VER", "gap_s"] == pytest.approx(0.895, abs=1e-9)
    assert res.loc["NOR", "points"] == 25.0


def test_bahrain_2023_fastest_lap(kit_store):
    row = kit_store.query_rows(
        "SELECT driver, lap_time_s FROM laps WHERE year = 2023 AND round = 1 "
        "AND session_code = 'R' ORDER BY lap_time_s NULLS LAST LIMIT 1"
    )
    assert row == [("ZHO", 93.996)]


def test_row_counts(kit_store):
    counts = dict(kit_store.query_rows(
        "SELECT 'laps', count(*) FROM laps UNION ALL SELECT 'telemetry', count(*) FROM telemetry"
    ))  # fmt: skip
    assert counts["telemetry"] == 254_189 + 385_496 + 751_872 + 787_702
    aus_r_laps = kit_store.scalar(
        "SELECT count(*) FROM laps WHERE year = 2025 AND round = 1 AND session_code = 'R'"
    )
    assert aus_r_laps == 927  # the telemetry kit lists the same 927 race laps


def test_partial_sessions_record_their_gaps(kit_store):
    flags = kit_store.query_df(
        "SELECT round, session_code, has_weather, has_race_control, has_telemetry, notes "
        "FROM sessions WHERE year = 2025"
    ).set_index(["round", "session_code"])
    assert not flags.loc[(24, "R"), "has_weather"]
    assert not flags.loc[(24, "R"), "has_race_control"]
    assert flags.loc[(1, "R"), "has_telemetry"] and flags.loc[(2, "R"), "has_telemetry"]
    assert not flags.loc[(3, "R"), "has_telemetry"]
    assert "timing only" in flags.loc[(2, "R"), "notes"]  # China: three cars DSQ afterwards


def test_verstappen_switches_to_mediums_after_lap_34(kit_store):
    stops = session_table(kit_store, "pit_stops", AUS_R, drivers=["VER"])
    change = stops[stops["compound_after"] == "MEDIUM"].iloc[0]
    assert (change["lap"], change["compound_before"], bool(change["tyre_change"])) == (
        34,
        "INTERMEDIATE",
        True,
    )
    # the lap 2-4 pit lane passes under the safety car kept the same tyres
    assert not stops[stops["lap"] < 5]["tyre_change"].any()


def test_history_tables_loaded(kit_store):
    wins = kit_store.query_rows(
        "SELECT d.surname, count(*) FROM ergast_results r JOIN ergast_drivers d USING (driverId) "
        "WHERE r.positionOrder = 1 GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    )
    assert wins[0][0] == "Hamilton"
