"""One rule for a pit stop: counted stops, and stints joined across pit-lane passes."""

from __future__ import annotations

import pandas as pd
import pytest

from f1core.analysis.stints import stints_between_stops
from f1core.strategy.laps import counted_stops

STINT_COLS = ["driver", "stint", "compound", "fresh_tyre", "start_lap", "end_lap", "laps",
              "tyre_life_start", "tyre_life_end"]  # fmt: skip
PIT_COLS = ["driver", "stop_number", "lap", "pit_lane_s", "compound_before", "compound_after",
            "tyre_change"]  # fmt: skip


def laps_frame(drivers, n: int, sc_laps=()) -> pd.DataFrame:
    return pd.DataFrame(
        [(d, lap, "4" if lap in sc_laps else "1") for d in drivers for lap in range(1, n + 1)],
        columns=["driver", "lap_number", "track_status"],
    )


def visits(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=PIT_COLS)


def field_through_the_pit_lane(odd_one: str) -> pd.DataFrame:
    """Six cars led through the pit lane on lap 2; ``odd_one``'s tyre age restarts (garbled)."""
    cars = ["AAA", "BBB", "CCC", "DDD", "EEE", odd_one]
    return visits([(d, 1, 2, 14.0, "INTERMEDIATE", "INTERMEDIATE", d == odd_one) for d in cars]
                  + [(d, 2, 30, 19.5, "INTERMEDIATE", "HARD", True) for d in cars])  # fmt: skip


def test_a_field_led_through_the_pit_lane_under_the_safety_car_makes_no_stops():
    pits = field_through_the_pit_lane("STR")
    stops = counted_stops(laps_frame(pits["driver"].unique(), 40, sc_laps=(2,)), pits)
    assert stops["lap"].tolist() == [30] * 6 and not stops["inferred"].any()


def test_a_lone_change_under_the_safety_car_is_a_stop():
    pits = visits([("AAA", 1, 12, 19.0, "MEDIUM", "MEDIUM", True),
                   ("BBB", 1, 12, 19.4, "MEDIUM", "HARD", True)])  # fmt: skip
    assert len(counted_stops(laps_frame(["AAA", "BBB"], 30, sc_laps=(12,)), pits)) == 2


@pytest.mark.parametrize(("status", "counted"), [("4", 0), ("1", 1), ("6", 1)])
def test_same_set_pass_counts_only_under_green_or_vsc(status, counted):
    # Under green or VSC a flagged pass is a gap in the tyre data (a change onto the same compound).
    pits = visits([("AAA", 1, 12, 19.0, "SOFT", "SOFT", False)])
    laps = laps_frame(["AAA"], 20).assign(
        track_status=lambda f: f["track_status"].mask(f["lap_number"] == 12, status)
    )
    stops = counted_stops(laps, pits)
    assert len(stops) == counted and stops["inferred"].all()


def test_stints_split_by_passes_are_joined():
    # The 2025 Australian GP pattern: FastF1 starts a stint at each of the laps 2-4 passes.
    stints = pd.DataFrame([("NOR", 1, "INTERMEDIATE", True, 1, 2, 2, 1, 2),
                           ("NOR", 2, "INTERMEDIATE", False, 3, 3, 1, 3, 3),
                           ("NOR", 3, "INTERMEDIATE", False, 4, 34, 31, 4, 34),
                           ("NOR", 4, "HARD", False, 35, 44, 10, 2, 11),
                           ("NOR", 5, "INTERMEDIATE", True, 45, 57, 13, 1, 13)], columns=STINT_COLS)  # fmt: skip
    pits = visits([("NOR", 1, 2, 13.5, "INTERMEDIATE", "INTERMEDIATE", False),
                   ("NOR", 2, 3, 12.9, "INTERMEDIATE", "INTERMEDIATE", False),
                   ("NOR", 3, 34, 18.5, "INTERMEDIATE", "HARD", True),
                   ("NOR", 4, 44, 17.9, "HARD", "INTERMEDIATE", True)])  # fmt: skip
    out = stints_between_stops(stints, laps_frame(["NOR"], 57, sc_laps=(2, 3)), pits)
    assert out[["stint", "compound", "start_lap", "end_lap", "laps", "tyre_life_start", "tyre_life_end"]].values.tolist() == [
        [1, "INTERMEDIATE", 1, 34, 34, 1, 34], [2, "HARD", 35, 44, 10, 2, 11], [3, "INTERMEDIATE", 45, 57, 13, 1, 13]]  # fmt: skip


def test_a_new_set_of_the_same_compound_stays_a_stint_of_its_own():
    stints = pd.DataFrame([("AAA", 1, "MEDIUM", True, 1, 14, 14, 1, 14),
                           ("AAA", 2, "MEDIUM", True, 15, 32, 18, 1, 18)], columns=STINT_COLS)  # fmt: skip
    pits = visits([("AAA", 1, 14, 22.0, "MEDIUM", "MEDIUM", True)])
    assert len(stints_between_stops(stints, laps_frame(["AAA"], 32), pits)) == 2
