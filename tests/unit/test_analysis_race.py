"""SC/VSC/red periods, lap mapping, track-limit deletions, race trace, classification."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from f1core.analysis import classification as cls
from f1core.analysis import race_control as rc
from f1core.analysis import race_trace
from f1core.errors import NoLapData


def two_car_laps() -> pd.DataFrame:
    """Two cars, 4 laps of 100 s from t = 1000; B is 2 s behind and 1 s slower per lap."""
    rows = []
    for car, offset, pace in (("AAA", 0.0, 100.0), ("BBB", 2.0, 101.0)):
        for n in range(1, 5):
            start = 1000.0 + offset + (n - 1) * pace
            rows.append({"driver": car, "lap_number": n, "lap_start_s": start,
                         "lap_end_s": start + pace, "position": 1 if car == "AAA" else 2})  # fmt: skip
    return pd.DataFrame(rows)


def test_lap_at_time_follows_the_leader():
    laps = two_car_laps()
    assert rc.lap_at_time(laps, [999.0, 1000.0, 1099.0, 1100.0, 1350.0]).tolist() == [0, 1, 1, 2, 4]


def test_status_periods_merge_codes_and_map_to_laps():
    laps = two_car_laps()
    status = pd.DataFrame({
        "time_s": [1010.0, 1050.0, 1150.0, 1210.0, 1215.0, 1230.0, 1320.0],
        "status": ["2", "4", "1", "6", "7", "1", "5"],
    })  # fmt: skip
    periods = rc.status_periods(status, laps)
    assert periods["kind"].tolist() == ["SC", "VSC", "RED"]
    assert periods["start_lap"].tolist() == [1, 3, 4]
    assert periods["end_lap"].tolist() == [2, 3, 4]  # red flag still running: clipped to last lap
    assert np.isnan(periods["end_s"].iloc[2])


def test_status_periods_empty_inputs():
    assert rc.status_periods(pd.DataFrame(columns=["time_s", "status"]), two_car_laps()).empty


def rcm(messages: list[str]) -> pd.DataFrame:
    times = pd.date_range("2025-03-16 05:00", periods=len(messages), freq="1min")
    return pd.DataFrame({"time_utc": times, "message": messages, "lap": range(1, len(messages) + 1),
                         "category": "Other"})  # fmt: skip


def test_track_limit_deletions_counted_once_and_reinstatements_dropped():
    messages = rcm([
        "CAR 81 (PIA) TIME 1:29.379 DELETED - TRACK LIMITS AT TURN 6 LAP 32 16:12:17",
        "CAR 81 (PIA) TIME 1:29.379 DELETED - TRACK LIMITS AT TURN 6 LAP 32 16:12:17",  # resent
        "CAR 81 (PIA) LAP DELETED - TRACK LIMITS AT TURN 12 LAP 44 16:36:38",
        "CAR 4 (NOR) TIME 1:45.587 DELETED - TRACK LIMITS AT TURN 12 LAP 44 16:36:36",
        "CAR 4 (NOR) TIME 1:45.587 REINSTATED - LAP 44 16:36:36",
        "CAR 22 (TSU) TRACK LIMITS AT TURN 12 LAP 45 BLACK AND WHITE FLAG",  # a warning, not a deletion
    ])  # fmt: skip
    found = rc.track_limit_deletions(messages)
    assert found[["driver", "lap", "turn"]].values.tolist() == [["PIA", 32, 6], ["PIA", 44, 12]]
    counts = rc.count_track_limit_deletions(messages)
    assert counts.to_dict("records") == [{"driver": "PIA", "deletions": 2, "laps": "32, 44"}]
    assert rc.count_track_limit_deletions(rcm([])).empty


def test_feed_orders_by_lap_and_cuts_at_a_lap():
    laps = two_car_laps()
    status = pd.DataFrame({"time_s": [1050.0, 1250.0], "status": ["4", "1"],
                           "message": ["SCDeployed", "AllClear"]})  # fmt: skip
    feed = rc.race_control_feed(rcm(["A", "B"]), status, laps)
    assert feed["lap"].tolist() == [1, 1, 2, 3]
    assert set(feed["source"]) == {"race control", "track status"}
    assert len(rc.known_by_end_of(status, laps[laps["lap_number"] <= 1])) == 1


def test_race_trace_to_leader_and_to_average():
    laps = two_car_laps()
    gaps = race_trace.race_trace(laps)
    assert gaps[gaps["driver"] == "BBB"]["gap_s"].tolist() == [3.0, 4.0, 5.0, 6.0]
    assert (gaps[gaps["driver"] == "AAA"]["gap_s"] == 0).all()
    avg = race_trace.race_trace(laps, reference="average")
    assert avg[avg["driver"] == "AAA"]["gap_s"].abs().max() == 0  # the winner's even pace
    assert avg[(avg["driver"] == "BBB") & (avg["lap_number"] == 4)]["gap_s"].item() == 6.0
    with pytest.raises(NoLapData):
        race_trace.race_trace(laps.assign(lap_end_s=np.nan))


def test_lap_positions_start_from_the_grid():
    results = pd.DataFrame({"driver": ["AAA", "BBB"], "grid_position": [2, 0]})  # 0 = pit lane
    pos = race_trace.lap_positions(two_car_laps(), results)
    assert pos[pos["lap_number"] == 0][["driver", "position"]].values.tolist() == [["AAA", 2]]


@pytest.mark.parametrize(("field", "cuts"), [(20, (15, 10)), (22, (16, 10)), (24, (17, 10)),
                                             (10, (10, 10))])  # fmt: skip
def test_knockout_cuts(field, cuts):
    assert cls.knockout_cuts(field) == cuts


def test_qualifying_knockout_and_best_lap_order():
    n = 20
    results = pd.DataFrame({
        "driver": [f"D{i:02d}" for i in range(1, n + 1)], "position": range(1, n + 1),
        "q1_s": np.linspace(80, 81, n), "q2_s": [79.5] * 15 + [np.nan] * 5,
        "q3_s": [79.0] * 10 + [np.nan] * 10,
    })  # fmt: skip
    drivers = pd.DataFrame({"driver": results["driver"], "team": "T"})
    table = cls.classify_qualifying(results, drivers)
    assert table["knocked_out"].tolist() == [""] * 10 + ["Q2"] * 5 + ["Q1"] * 5
    assert table["best_s"].iloc[0] == 79.0 and table["best_s"].iloc[-1] == 81.0
    with pytest.raises(NoLapData):
        cls.classify_qualifying(results.assign(q1_s=np.nan, q2_s=np.nan, q3_s=np.nan), drivers)


def test_race_classification_gaps_from_timing_when_no_official_gap():
    laps = two_car_laps()
    results = pd.DataFrame({"driver": ["AAA", "BBB"], "position": [1, 2], "grid_position": [2, 1],
                            "status": [None, None], "points": [np.nan, np.nan],
                            "gap_s": [np.nan, np.nan], "laps": [pd.NA, pd.NA]})  # fmt: skip
    table = cls.classify_race(results, laps, pd.DataFrame({"driver": ["AAA", "BBB"], "team": "T"}))
    assert table["gap"].tolist() == ["winner", "+6.000 s"]
    assert table["gained"].tolist() == [1, -1]


def test_classify_session_picks_the_right_table():
    laps = two_car_laps().assign(lap_time_s=100.0, deleted=False)
    laps.loc[laps["driver"] == "BBB", "lap_time_s"] = 99.0
    drivers = pd.DataFrame({"driver": ["AAA", "BBB"], "team": "T"})
    results = pd.DataFrame({"driver": ["AAA", "BBB"], "position": [1, 2], "grid_position": [1, 2],
                            "status": "Finished", "points": [25.0, 18.0], "gap_s": [0.0, 6.0],
                            "laps": [4, 4], "q1_s": np.nan, "q2_s": np.nan, "q3_s": np.nan})  # fmt: skip
    race = cls.classify_session("R", results=results, laps=laps, drivers=drivers, has_results=True)
    assert race.table["gap"].tolist() == ["winner", "+6.000 s"] and race.note == ""
    replay = cls.classify_session("R", results=results, laps=laps, drivers=drivers,
                                  has_results=True, up_to_lap=2)  # fmt: skip
    assert set(replay.table["lap_number"]) == {2} and "lap 2" in replay.note
    practice = cls.classify_session("FP1", results=results, laps=laps, drivers=drivers,
                                    has_results=True)  # fmt: skip
    assert practice.table["driver"].tolist() == ["BBB", "AAA"] and "fastest" in practice.note
    quali = cls.classify_session(
        "Q", results=results, laps=laps, drivers=drivers, has_results=False
    )
    assert "best_s" in quali.table.columns  # no official classification: best laps
