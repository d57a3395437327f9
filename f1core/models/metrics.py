"""Scores used on every model card (plain numpy/scikit-learn, no model code)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score


def mae(actual, predicted) -> float:
    """Mean absolute error, ignoring pairs where either side is missing."""
    a, p = np.asarray(actual, float), np.asarray(predicted, float)
    ok = ~(np.isnan(a) | np.isnan(p))
    return float(np.abs(a[ok] - p[ok]).mean()) if ok.any() else float("nan")


def mean_spearman(frame: pd.DataFrame, *, group: str, actual: str, predicted: str) -> float:
    """Spearman correlation of ``predicted`` and ``actual`` within each group, averaged."""
    scores = []
    for _, g in frame.groupby(group):
        if len(g) > 2 and g[predicted].nunique() > 1 and g[actual].nunique() > 1:
            scores.append(spearmanr(g[actual], g[predicted]).statistic)
    return float(np.mean(scores)) if scores else float("nan")


def brier(actual, probability) -> float:
    """Brier score of probabilities for a binary outcome (lower is better)."""
    return float(brier_score_loss(np.asarray(actual, int), np.asarray(probability, float)))


def auc_scores(actual, probability) -> dict[str, float]:
    """AUC-ROC and AUC-PR (average precision) with the base rate they should beat."""
    y, p = np.asarray(actual, int), np.asarray(probability, float)
    return {
        "auc_roc": float(roc_auc_score(y, p)),
        "auc_pr": float(average_precision_score(y, p)),
        "base_rate": float(y.mean()),
    }


def calibration_table(actual, probability, *, bins: int = 10) -> list[dict]:
    """Reliability table: mean predicted vs observed rate per probability bin."""
    y, p = np.asarray(actual, float), np.asarray(probability, float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        mask = idx == b
        if mask.any():
            rows.append(
                {
                    "bin_low": float(edges[b]),
                    "bin_high": float(edges[b + 1]),
                    "predicted": float(p[mask].mean()),
                    "observed": float(y[mask].mean()),
                    "count": int(mask.sum()),
                }
            )
    return rows
