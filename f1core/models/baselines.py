"""Naive baselines every model card shows beside the model.

Lap time: persistence (next lap = last lap) and the stint trend are computed as columns of
the lap-time frame (:mod:`f1core.models.features_laptime`). Here: the fitted baselines.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

OVERTAKE_BASELINE_FEATURES = ["gap_s", "pace_diff_s"]


def fit_grid_rates(grid: pd.Series, outcome: pd.Series, *, max_grid: int = 26) -> dict[int, float]:
    """P(outcome | grid slot) from training rows, smoothed towards the overall rate.

    The "finish = grid" baseline turned into probabilities: how often a car starting from
    each slot scored points (or reached the podium) in the training seasons.
    """
    overall = float(outcome.mean())
    stats = pd.DataFrame({"g": grid.clip(1, max_grid), "y": outcome.astype(float)})
    agg = stats.groupby("g")["y"].agg(["sum", "count"])
    prior = 5.0  # pseudo-rows at the overall rate, so rare slots are not 0 or 1
    rates = (agg["sum"] + prior * overall) / (agg["count"] + prior)
    return {int(g): float(r) for g, r in rates.items()} | {0: overall}


def predict_grid_rates(
    rates: dict[int, float], grid: pd.Series, *, max_grid: int = 26
) -> np.ndarray:
    """Probabilities for grid slots from :func:`fit_grid_rates` (unknown slots: overall)."""
    return np.array([rates.get(int(g), rates[0]) for g in grid.clip(1, max_grid)], float)


def fit_overtake_logistic(frame: pd.DataFrame, label: pd.Series):
    """Logistic regression on gap and pace difference only (the overtake baseline)."""
    x = frame[OVERTAKE_BASELINE_FEATURES].fillna(0.0).to_numpy(float)
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).fit(x, label)


def predict_overtake_logistic(model, frame: pd.DataFrame) -> np.ndarray:
    """P(the car behind is ahead next lap) from the logistic baseline."""
    x = frame[OVERTAKE_BASELINE_FEATURES].fillna(0.0).to_numpy(float)
    return model.predict_proba(x)[:, 1]
