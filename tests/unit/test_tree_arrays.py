"""The overtake model's trees as arrays: XGBoost's numbers to the bit, and the early-stopping walk."""

from __future__ import annotations

import numpy as np
import pytest
from xgboost import XGBClassifier

from f1core.models.calibration import apply_platt, fit_platt
from f1core.models.training import xgb_params
from f1core.models.tree_arrays import compile_booster
from f1core.strategy.overtaking import PassModel


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3000, 5))
    x[rng.random(x.shape) < 0.05] = np.nan  # missing values take each split's default branch
    y = (np.nan_to_num(x[:, 0]) + 0.5 * np.nan_to_num(x[:, 1]) + rng.normal(0, 1, 3000)) > 1.2
    est = XGBClassifier(**xgb_params(fast=True, max_depth=3, eval_metric="logloss")).fit(x, y)
    raw = est.predict_proba(x)[:, 1]
    return est, fit_platt(raw, y), x


def test_tree_arrays_give_xgboosts_probabilities_to_the_bit(fitted):
    est, _, x = fitted
    trees = compile_booster(est)
    assert np.array_equal(trees.probability(x), est.predict_proba(x)[:, 1])
    assert np.array_equal(
        trees.margin(x), est.get_booster().inplace_predict(x, predict_type="margin")
    )


def test_pass_model_clears_a_pair_exactly_when_u_is_below_its_probability(fitted):
    est, platt, x = fitted
    slow = PassModel(est, platt, 0.05, len(x), 100)
    fast = PassModel(est, platt, 0.05, len(x), 100, compile_booster(est),
                     (float(platt.coef_[0, 0]), float(platt.intercept_[0])))  # fmt: skip
    p = apply_platt(platt, est.predict_proba(x)[:, 1])
    assert np.array_equal(fast.probability(x), p) and np.array_equal(slow.probability(x), p)
    rng = np.random.default_rng(1)
    for u in (
        rng.random(len(x)),
        np.clip(p + rng.normal(0, 1e-4, len(x)), 0, 0.999999),
        np.zeros(len(x)),
    ):
        assert np.array_equal(fast.clears(x, u), u < p)
        assert np.array_equal(slow.clears(x, u), u < p)
    # Most rows are decided before their last tree (that is the point of the walk).
    _, side = fast.trees.margin_or_side(x, np.full(len(x), 0.0))
    assert (side != 0).mean() > 0.9
