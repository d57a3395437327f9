"""Platt scaling: the calibrated probability is the fitted logistic's own."""

from __future__ import annotations

import numpy as np

from f1core.models.calibration import _logit, apply_platt, fit_platt


def test_apply_platt_is_the_fitted_logistic_regressions_probability():
    rng = np.random.default_rng(1)
    raw = rng.uniform(0, 1, 5000)
    outcome = (rng.uniform(size=5000) < raw**1.3).astype(int)  # overconfident raw scores
    calibrator = fit_platt(raw, outcome)
    expected = calibrator.predict_proba(_logit(raw)[:, None])[:, 1]
    assert np.array_equal(apply_platt(calibrator, raw), expected)
    assert np.array_equal(apply_platt(None, raw), raw)
