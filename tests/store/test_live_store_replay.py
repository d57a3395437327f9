"""Source 2: replays synthesised from stored sessions, checked against the store and the
kit's live-timing recording of the same sessions."""

from datetime import UTC, datetime

import pytest

from f1core.errors import SessionNotInStore
from f1core.live.messages import parse_clock
from f1core.live.sources import load_kit_replay
from f1core.live.store_replay import load_store_replay, track_outline
from f1core.live.tower import car_positions, race_control_frame, tower_frame

AUS_R = (2025, 1, "R")
MIA_S = (2025, 6, "S")


@pytest.fixture(scope="module")
def aus(kit_store):
    return load_store_replay(kit_store, AUS_R)


def test_final_order_matches_stored_results(kit_store, aus):
    expected = kit_store.query_df(
        "SELECT driver FROM results WHERE year = ? AND round = ? AND session_code = ? ORDER BY position",
        list(AUS_R),
    )["driver"].tolist()
    final = aus.final_state()
    assert final.classification() == expected
    assert expected[:3] == ["NOR", "VER", "RUS"]
    assert (final.current_lap, final.total_laps, aus.key) == (57, 57, "2025/1/R")


def test_tower_mid_race_is_consistent_with_laps(kit_store, aus):
    laps = kit_store.query_df(
        "SELECT driver, position, lap_end_s FROM laps WHERE year = ? AND round = ? AND session_code = ? "
        "AND lap_number = 29 ORDER BY position",
        list(AUS_R),
    )
    t = laps["lap_end_s"].iloc[1]  # the moment P2 completed lap 29
    tower = tower_frame(aus.state_at(t))
    assert tower["driver"].iloc[0] == laps["driver"].iloc[0]  # leader after lap 29
    second = tower.iloc[1]
    expected_gap = laps["lap_end_s"].iloc[1] - laps["lap_end_s"].iloc[0]
    assert float(second["gap"].lstrip("+")) == pytest.approx(expected_gap, abs=1e-3)
    assert set(tower["compound"].dropna()) <= {"SOFT", "MEDIUM", "HARD", "INTERMEDIATE", "WET", ""}


def test_positions_and_outline_from_telemetry(kit_store, aus):
    cars = car_positions(aus.state_at(aus.time_of_lap(20)))
    assert len(cars) >= 15 and cars[["x", "y"]].notna().all().all()
    outline = track_outline(kit_store, AUS_R)
    assert len(outline) > 300
    # every car dot lies near the outline of the track (FastF1 units: 1/10 m)
    for x, y in zip(cars.x, cars.y, strict=True):
        nearest = ((outline.x - x) ** 2 + (outline.y - y) ** 2).min() ** 0.5
        assert nearest < 400


def test_race_control_timed_like_the_recording(kit_store, kit_dir):
    """The store has no UTC lap starts; the estimated clock must match the live recording."""
    stored = load_store_replay(kit_store, MIA_S)
    recorded = load_kit_replay(kit_dir / "livetiming" / "2025_miami_gp_sprint")
    for clock in ("01:12:00.000", "01:30:00.000", "01:50:00.000"):
        t = parse_clock(clock)
        a, b = race_control_frame(stored.state_at(t)), race_control_frame(recorded.state_at(t))
        assert abs(len(a) - len(b)) <= 1  # messages one second apart may straddle t
        assert a["message"].iloc[1] == b["message"].iloc[1]
    assert stored.final_state().classification()[:3] == ["NOR", "PIA", "HAM"]
    assert len(stored.final_state().race_control) == kit_store.scalar(
        "SELECT count(*) FROM race_control WHERE year = ? AND round = ? AND session_code = ?",
        list(MIA_S),
    )
    first = datetime.fromisoformat(stored.final_state().race_control[0]["Utc"]).replace(tzinfo=UTC)
    assert first == datetime(2025, 5, 3, 15, 30, tzinfo=UTC)


def test_missing_session_is_a_clear_error(kit_store, empty_store):
    with pytest.raises(SessionNotInStore, match="ingest it first"):
        load_store_replay(kit_store, (2019, 1, "R"))
    with pytest.raises(SessionNotInStore):
        load_store_replay(empty_store, AUS_R)


def test_qualifying_order_and_race_control_clock(kit_store):
    """No lap count in qualifying: order by best lap, race control timed by yellow flags."""
    key = (2025, 1, "Q")
    replay = load_store_replay(kit_store, key)
    final = replay.final_state()
    expected = kit_store.query_df(
        "SELECT driver FROM results WHERE year = ? AND round = ? AND session_code = ? "
        "ORDER BY position LIMIT 3",
        list(key),
    )["driver"].tolist()
    assert final.classification()[:3] == expected == ["NOR", "PIA", "VER"]
    assert final.current_lap is None  # no invented lap counter
    first_lap = kit_store.scalar(
        "SELECT min(lap_start_s) FROM laps WHERE year = ? AND round = ? AND session_code = ?",
        list(key),
    )
    opened = next(
        m.t_s
        for m in replay.messages
        if m.topic == "RaceControlMessages" and "PIT EXIT OPEN" in m.data["Messages"][0]["Message"]
    )
    assert 0 <= first_lap - opened < 30  # Q1's first out-lap starts as the pit exit opens
    mid = tower_frame(replay.state_at(first_lap + 1800))
    gaps = [float(g.lstrip("+")) for g in mid["gap"].iloc[1:6]]
    assert gaps == sorted(gaps) and mid["gap"].iloc[0] == ""


def test_cars_are_on_the_grid_at_the_start_of_lap_1(aus):
    start = aus.time_of_lap(1)
    assert start < 4262  # the lights go out at 4260.355 s
    cars = car_positions(aus.state_at(start))
    assert len(cars) >= 17 and cars[["x", "y"]].notna().all().all()
    assert cars["x"].round(-1).nunique() > 5  # different grid slots, not one point


def test_the_chequered_flag_completes_the_last_lap(kit_store, aus):
    laps = kit_store.query_df(
        "SELECT lap_end_s FROM laps WHERE year = ? AND round = ? AND session_code = ? "
        "AND lap_number = 57",
        list(AUS_R),
    )
    flag = float(laps["lap_end_s"].min())  # the winner takes the flag
    running = aus.state_at(flag - 1.0)
    assert (running.current_lap, running.completed_laps) == (57, 56)  # lap 57 is being run
    done = aus.state_at(flag)
    assert (done.current_lap, done.completed_laps, done.session_status) == (57, 57, "Finished")
    assert aus.final_state().completed_laps == 57


def test_pit_lane_passes_behind_the_safety_car_are_no_stops(aus):
    # Laps 2-4: the field led through the pit lane on the same inters; STR's tyre ages restart
    # there (garbled tyre data), yet those passes are no stops either.
    tower = tower_frame(aus.final_state()).set_index("driver")
    assert tower.loc["NOR", "pit_stops"] == 2 and tower.loc["STR", "pit_stops"] == 2
