"""Lap flags, quick/representative/fastest laps on tiny hand-built frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from f1core.analysis.laps import (
    flag_laps,
    is_neutralised,
    pick_fastest_laps,
    pick_quick_laps,
    pick_representative_laps,
)
from f1core.errors import NoLapData


def laps_frame(rows: list[dict]) -> pd.DataFrame:
    """A laps frame with the store's columns; unspecified values are green, untimed defaults."""
    base = {"driver": "AAA", "lap_number": 1, "lap_time_s": np.nan, "pit_in_s": np.nan,
            "pit_out_s": np.nan, "track_status": "1", "deleted": False}  # fmt: skip
    return pd.DataFrame([{**base, **r} for r in rows])


@pytest.mark.parametrize(
    ("status", "expected"),
    [("1", False), ("12", False), ("4", True), ("124", True), ("6", True), ("67", True),
     ("5", True), ("", False), (None, False)],
)  # fmt: skip
def test_neutralised_status_digits(status, expected):
    assert bool(is_neutralised(pd.Series([status])).iloc[0]) is expected


def test_flags_pit_sc_first_lap_and_deleted():
    laps = laps_frame([
        {"lap_number": 1, "lap_time_s": 100.0},                      # first lap
        {"lap_number": 2, "lap_time_s": 90.0},                       # representative
        {"lap_number": 3, "lap_time_s": 95.0, "pit_in_s": 300.0},    # in-lap
        {"lap_number": 4, "lap_time_s": 110.0, "pit_out_s": 310.0},  # out-lap
        {"lap_number": 5, "lap_time_s": 91.0, "track_status": "14"},  # SC
        {"lap_number": 6, "lap_time_s": 89.5, "deleted": True},      # deleted
        {"lap_number": 7, "lap_time_s": 97.0},                       # slow: > 107 % of 90
        {"lap_number": 8},                                           # untimed
    ])  # fmt: skip
    flagged = flag_laps(laps)
    assert flagged["representative"].tolist() == [False, True, False, False, False, False,
                                                  False, False]  # fmt: skip
    assert flagged["outlier"].tolist() == [True, False, True, True, True, True, True, False]
    assert flagged.loc[2, "pit_in"] and flagged.loc[3, "pit_out"] and flagged.loc[4, "neutralised"]
    # the deleted 89.5 does not set the pace: 107 % of 90.0 = 96.3, so 95.0 is quick
    assert flagged.loc[2, "quick"] and not flagged.loc[6, "quick"]
    assert "representative" not in laps.columns  # the input is not changed


def test_per_lap_threshold_follows_changing_conditions():
    laps = laps_frame([
        {"driver": "AAA", "lap_number": 2, "lap_time_s": 120.0},  # wet lap, both slow
        {"driver": "BBB", "lap_number": 2, "lap_time_s": 124.0},
        {"driver": "AAA", "lap_number": 3, "lap_time_s": 90.0},   # dry lap
        {"driver": "BBB", "lap_number": 3, "lap_time_s": 92.0},
    ])  # fmt: skip
    assert flag_laps(laps)["representative"].tolist() == [False, False, True, True]
    assert flag_laps(laps, per_lap=True)["representative"].tolist() == [True, True, True, True]


def test_empty_frame_is_a_clear_error():
    with pytest.raises(NoLapData):
        flag_laps(laps_frame([]).iloc[0:0])


def test_quick_fastest_and_representative_picks():
    laps = laps_frame([
        {"driver": "AAA", "lap_number": 2, "lap_time_s": 80.0, "deleted": True},
        {"driver": "AAA", "lap_number": 3, "lap_time_s": 81.0},
        {"driver": "BBB", "lap_number": 2, "lap_time_s": 80.5},
        {"driver": "BBB", "lap_number": 3, "lap_time_s": 90.0},
        {"driver": "CCC", "lap_number": 2},
    ])  # fmt: skip
    best = pick_fastest_laps(laps)
    assert best[["driver", "lap_number"]].values.tolist() == [["BBB", 2], ["AAA", 3]]
    assert pick_quick_laps(laps)["lap_time_s"].tolist() == [80.0, 81.0, 80.5]  # < 85.6
    assert pick_quick_laps(laps, threshold=1.2)["lap_time_s"].max() == 90.0
    assert pick_representative_laps(laps)["lap_time_s"].tolist() == [81.0, 80.5]


def test_stints_known_at_a_replay_lap():
    from f1core.analysis.stints import stints_known_at

    stints = pd.DataFrame({"driver": "AAA", "stint": [1, 2, 3], "start_lap": [1, 11, 31],
                           "end_lap": [10, 30, 57], "laps": [10, 20, 27],
                           "tyre_life_start": [1, 3, 1], "tyre_life_end": [10, 22, 27]})  # fmt: skip
    known = stints_known_at(stints, 20)
    assert known[["stint", "end_lap", "laps", "tyre_life_end"]].values.tolist() == [
        [1, 10, 10, 10], [2, 20, 10, 12]]  # fmt: skip
    assert stints_known_at(stints, None) is stints
