"""Probability calibration on held-out predictions (Platt scaling) and the checks the cards show.

Platt scaling (a logistic fit on the log-odds of held-out predictions) rather than isotonic
regression: with a few hundred positive pairs, its two parameters cannot chase the noise of
sparse high-probability bins the way a step function does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit
from sklearn.linear_model import LogisticRegression

TOLERANCE = 0.05  # |observed - predicted| allowed per decile


def _logit(p) -> np.ndarray:
    p = np.clip(np.asarray(p, float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def fit_platt(raw, outcome) -> LogisticRegression:
    """Map raw probabilities to calibrated ones; fit only on predictions for unseen rows."""
    return LogisticRegression(C=1e6, max_iter=1000).fit(
        _logit(raw)[:, None], np.asarray(outcome, int)
    )


def apply_platt(calibrator: LogisticRegression | None, raw) -> np.ndarray:
    """Calibrated probabilities (the raw ones when there is no calibrator)."""
    if calibrator is None:
        return np.asarray(raw, float)
    # The fitted logistic itself (what ``predict_proba`` computes, without its input checks:
    # the simulator's lap loop calls this once a lap and the checks cost more than the sum).
    return expit(_logit(raw) * calibrator.coef_[0, 0] + calibrator.intercept_[0])


def decile_table(outcome, probability, *, groups: int = 10) -> pd.DataFrame:
    """Equal-count deciles of the predictions: mean predicted vs observed rate in each."""
    p, y = np.asarray(probability, float), np.asarray(outcome, float)
    order = np.argsort(p, kind="stable")
    rows = []
    for i, idx in enumerate(np.array_split(order, groups)):
        rows.append({"decile": i + 1, "predicted": float(p[idx].mean()),
                     "observed": float(y[idx].mean()), "count": len(idx)})  # fmt: skip
    out = pd.DataFrame(rows)
    out["error"] = out["observed"] - out["predicted"]
    return out


def high_band(outcome, probability, *, above: float = 0.5) -> dict[str, float]:
    """Predicted vs observed rate over every prediction at or above ``above`` (pooled)."""
    p, y = np.asarray(probability, float), np.asarray(outcome, float)
    mask = p >= above
    if not mask.any():
        return {"predicted": float("nan"), "observed": float("nan"), "count": 0}
    return {
        "predicted": float(p[mask].mean()),
        "observed": float(y[mask].mean()),
        "count": int(mask.sum()),
    }
