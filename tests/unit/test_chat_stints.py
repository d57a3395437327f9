"""Tyre sets from stints, and lap-time formatting."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from f1core.facts.fact import fmt_laptime
from f1core.facts.stints import tyre_sets

COLS = [
    "stint",
    "compound",
    "fresh_tyre",
    "start_lap",
    "end_lap",
    "laps",
    "tyre_life_start",
    "tyre_life_end",
]


def test_pit_lane_passes_on_the_same_set_are_merged():
    # the 2025 Australian GP pattern: SC through the pit lane on laps 2-4, same inters
    st = pd.DataFrame([(1, "INTERMEDIATE", True, 1, 2, 2, 1, 2), (2, "INTERMEDIATE", False, 3, 3, 1, 3, 3),
                       (3, "INTERMEDIATE", False, 4, 34, 31, 4, 34), (4, "HARD", False, 35, 44, 10, 2, 11),
                       (5, "INTERMEDIATE", True, 45, 57, 13, 1, 13)], columns=COLS)  # fmt: skip
    sets = tyre_sets(st)
    assert sets[["compound", "start_lap", "end_lap", "laps"]].values.tolist() == [
        ["INTERMEDIATE", 1, 34, 34], ["HARD", 35, 44, 10], ["INTERMEDIATE", 45, 57, 13]]  # fmt: skip


def test_new_set_of_the_same_compound_is_a_change():
    st = pd.DataFrame([(1, "MEDIUM", True, 1, 14, 14, 1, 14), (2, "MEDIUM", True, 15, 32, 18, 1, 18)],
                      columns=COLS)  # fmt: skip
    assert len(tyre_sets(st)) == 2


def test_used_set_whose_life_does_not_continue_is_a_change():
    st = pd.DataFrame([(1, "SOFT", True, 1, 10, 10, 1, 10), (2, "SOFT", False, 11, 20, 10, 4, 13)],
                      columns=COLS)  # fmt: skip
    assert len(tyre_sets(st)) == 2


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(82.167, "1:22.167"), (75.096, "1:15.096"), (59.9994, "0:59.999"), (6126.304, "1:42:06.304"),
     (None, "n/a"), (math.nan, "n/a")],
)  # fmt: skip
def test_fmt_laptime(seconds, text):
    assert fmt_laptime(seconds) == text
