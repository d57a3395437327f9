"""Tyre heatmap data on a tiny hand-built race."""

from __future__ import annotations

import numpy as np
import pytest

from f1core.analysis.tyre_heatmap import tyre_heatmap
from tests.unit.test_analysis_laps import laps_frame


def test_loss_against_the_stints_first_clean_laps_fuel_corrected():
    rows = [{"lap_number": n, "lap_time_s": t, "stint": 1, "compound": "SOFT", "tyre_life": n}
            for n, t in [(1, 99.0), (2, 90.0), (3, 90.2), (4, 90.1), (5, 90.6)]]  # fmt: skip
    rows[4]["track_status"] = "4"  # lap 5 under the safety car: not clean
    rows.append({"lap_number": 6, "lap_time_s": 91.0, "stint": 1, "compound": "SOFT",
                 "tyre_life": 6})  # fmt: skip
    grid = tyre_heatmap(laps_frame(rows), fuel_s_per_lap=0.1, total_laps=10)
    corrected = dict(zip(grid["lap_number"], grid["corrected_s"], strict=True))
    assert corrected[2] == pytest.approx(90.0 - 0.8)  # 8 laps of fuel left after lap 2
    baseline = np.median([90.0 - 0.8, 90.2 - 0.7, 90.1 - 0.6])  # laps 2-4: the first clean
    loss = dict(zip(grid["lap_number"], grid["loss_s"], strict=True))
    assert loss[6] == pytest.approx(91.0 - 0.4 - baseline)
    assert np.isnan(loss[1]) and np.isnan(loss[5])  # first lap, safety car
    assert grid["clean"].tolist() == [False, True, True, True, False, True]


def test_a_stint_without_clean_laps_has_no_loss_and_unknown_compounds_are_named():
    rows = [{"lap_number": 1, "lap_time_s": 99.0, "stint": 1, "compound": None, "tyre_life": 1}]
    grid = tyre_heatmap(laps_frame(rows), fuel_s_per_lap=0.05, total_laps=50)
    assert grid["compound"].tolist() == ["UNKNOWN"] and grid["loss_s"].isna().all()
