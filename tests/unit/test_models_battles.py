"""Battle forecast helpers on tiny hand-built pairs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from f1core.models.battles import laps_to_drs, pass_within, validate_battles, with_gap_trend


@pytest.mark.parametrize(
    ("gap", "trend", "expected"),
    [(0.8, 0.3, 0.0), (2.0, -0.25, 4.0), (2.0, -0.3, 4.0), (2.0, 0.0, math.inf),
     (2.0, 0.1, math.inf), (2.0, float("nan"), math.inf)],
)  # fmt: skip
def test_laps_to_drs(gap, trend, expected):
    assert laps_to_drs(gap, trend) == expected


def test_pass_within_compounds_the_one_lap_chance():
    assert pass_within([0.1], 1)[0] == pytest.approx(0.1)
    assert pass_within([0.1], 3)[0] == pytest.approx(1 - 0.9**3)
    assert pass_within([0.0, 1.0], 5).tolist() == [0.0, 1.0]


def _laps(ends: dict[str, list[float]]) -> pd.DataFrame:
    rows = [{"year": 2025, "round": 1, "session_code": "R", "driver": d, "lap_number": i + 1,
             "lap_end_s": t} for d, ts in ends.items() for i, t in enumerate(ts)]  # fmt: skip
    return pd.DataFrame(rows)


def test_gap_trend_from_the_line_times_three_laps_apart():
    laps = _laps({"AAA": [100, 190, 280, 370], "BBB": [102, 191.5, 281, 370.5]})
    pairs = pd.DataFrame([{"year": 2025, "round": 1, "session_code": "R", "lap_number": 4,
                           "driver_a": "AAA", "driver_b": "BBB", "gap_s": 0.5}])  # fmt: skip
    trend = with_gap_trend(pairs, laps)["trend_s_per_lap"].iloc[0]
    assert trend == pytest.approx((0.5 - 2.0) / 3)  # closing 0.5 s a lap


def test_validation_scores_both_forecasts_on_the_same_pairs():
    key = {"year": 2025, "round": 1, "session_code": "R", "driver_a": "AAA", "driver_b": "BBB"}
    held = pd.DataFrame([{**key, "lap_number": n, "p_held_out": p, "trend_s_per_lap": t}
                         for n, p, t in [(5, 0.9, -0.4), (6, 0.1, 0.2), (7, 0.2, -0.1),
                                         (8, np.nan, -0.1)]])  # fmt: skip
    labels = pd.DataFrame([{**key, "lap_number": n, "overtaken": y}
                           for n, y in [(5, 1), (6, 0), (7, 0), (8, 1)]])  # fmt: skip
    table = validate_battles(held, {1: labels})
    row = table.iloc[0]
    assert row["pairs"] == 3  # the pair without a held-out chance is left out
    assert row["brier_model"] == pytest.approx(((0.9 - 1) ** 2 + 0.1**2 + 0.2**2) / 3)
    assert row["brier_gap_shrinks"] == pytest.approx((0 + 0 + 1) / 3)
    assert row["auc_model"] == 1.0 and row["auc_gap_shrinks"] == 0.75
