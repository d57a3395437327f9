"""The stored-race replay's tower: one car per position at every moment, retired cars retired."""

import pytest

from f1core.live.store_replay import load_store_replay
from f1core.live.tower import tower_frame

AUS_R = (2025, 1, "R")


@pytest.fixture(scope="module")
def aus(kit_store):
    return load_store_replay(kit_store, AUS_R)


def _repeated(tower) -> list[int]:
    shown = tower["position"].dropna().tolist()
    return sorted({p for p in shown if shown.count(p) > 1})


def test_no_two_cars_share_a_position_at_any_moment(aus):
    times = sorted({m.t_s for m in aus.messages if m.topic == "TimingData"})
    assert len(times) > 1000
    for t in times:
        tower = tower_frame(aus.state_at(t))
        assert _repeated(tower) == [], f"repeated positions at t={t:.3f}"


def test_alonso_is_retired_after_lap_32_and_the_field_closes_up(kit_store, aus):
    laps = kit_store.query_df(
        "SELECT driver, lap_number, lap_end_s FROM laps WHERE year = ? AND round = ? "
        "AND session_code = ? AND driver = 'ALO'",
        list(AUS_R),
    )
    assert laps["lap_number"].max() == 33  # lap 33 is the one he crashed on
    before = tower_frame(aus.state_at(laps["lap_end_s"][laps.lap_number == 32].item()))
    alo = before.set_index("driver").loc["ALO"]
    assert (alo["position"], alo["status"]) == (10, "")
    tower = tower_frame(aus.state_at(7964.0))  # the leader on lap 36
    assert aus.state_at(7964.0).current_lap == 36
    row = tower.set_index("driver").loc["ALO"]
    assert row["status"] == "RETIRED" and row["laps"] == 32 and row["gap"] == ""
    running = tower[tower["status"] != "RETIRED"]
    assert running["position"].tolist() == list(range(1, len(running) + 1))
    retired = tower[tower["status"] == "RETIRED"]
    assert set(retired["driver"]) == {"ALO", "SAI", "DOO", "HAD"}
    assert retired["position"].min() == len(running) + 1  # retired cars below the running ones


def test_every_stored_race_keeps_positions_unique(kit_store):
    races = kit_store.query_df(
        "SELECT DISTINCT year, round, session_code FROM laps "
        "WHERE session_code IN ('R', 'S') AND position IS NOT NULL"
    )
    assert len(races) >= 3
    for key in races.itertuples(index=False):
        replay = load_store_replay(kit_store, tuple(key))
        lap_ends = [replay.time_of_lap(n) for n in range(2, len(replay.lap_starts_s) + 1)]
        for t in [*lap_ends, replay.end_s]:
            assert _repeated(tower_frame(replay.state_at(t))) == [], f"{tuple(key)} at t={t}"


def test_the_tower_starts_in_grid_order(kit_store, aus):
    grid = kit_store.query_df(
        "SELECT driver FROM results WHERE year = ? AND round = ? AND session_code = ? "
        "AND grid_position > 0 ORDER BY grid_position",
        list(AUS_R),
    )["driver"].tolist()
    tower = tower_frame(aus.state_at(aus.time_of_lap(1)))
    assert tower["driver"].tolist()[: len(grid)] == grid
    assert tower["position"].tolist() == list(range(1, len(tower) + 1))
