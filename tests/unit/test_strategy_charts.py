"""Strategy lab figures from tiny hand-built inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from f1core.charts import strategy_lab as charts
from f1core.strategy.race import Strategy
from tests.unit.test_strategy_helpers import tiny_setup


def test_strategy_bars_stop_at_a_retirement():
    plans = {"A": Strategy(("MEDIUM", "HARD"), (20,)), "B": Strategy(("SOFT", "HARD"), (30,))}
    fig = charts.strategies_figure(plans, 50, last_lap={"B": 12})
    bars = [(t.y[0], t.marker.color, t.base[0], t.x[0]) for t in fig.data]
    assert bars[:2] == [("A", "#ffd12e", 0, 20), ("A", "#f0f0ec", 20, 30)]
    assert bars[2:] == [("B", "#da291c", 0, 12)]  # retired before the stop


def test_degradation_figure_has_points_band_and_fit_per_compound():
    setup = tiny_setup()
    points = pd.DataFrame({"compound": ["MEDIUM"] * 3, "tyre_life": [2, 5, 9], "normalised_s": [90.1, 90.3, 90.5],
                           "driver": ["D1"] * 3, "lap_number": [3, 6, 10], "lap_time_s": [92.0, 92.1, 92.2]})  # fmt: skip
    fit = setup.degradation.__class__(**{**setup.degradation.__dict__, "points": points})
    fig = charts.degradation_figure(fit)
    names = [t.name for t in fig.data if t.name]
    assert "MEDIUM laps" in names
    assert any(n.startswith("MEDIUM +0.050 ± 0.002 s/lap") for n in names)
    assert len(fig.data) == 3 + 2 * 2  # MEDIUM: points, band, line; SOFT and HARD: band, line


def test_position_odds_and_pit_window_figures():
    table = pd.DataFrame({"label": ["actual"], "code": ["M-15-H"], "positions": [[0.5, 0.3, 0.2]]})
    odds = charts.position_odds_figure(table)
    assert list(odds.data[0].y) == [0.5, 0.3, 0.2]
    window = pd.DataFrame({"lap": [10, 11], "rejoin_mean": [8.0, 7.0], "rejoin_p10": [6, 5], "rejoin_p90": [10, 9],
                           "traffic": ["A 50%", ""], "finish_mean": [3.0, 2.9]})  # fmt: skip
    fig = charts.pit_window_figure(window)
    assert np.allclose(fig.data[1].y, [8.0, 7.0]) and fig.layout.yaxis.autorange == "reversed"
