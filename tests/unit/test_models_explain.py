"""The app's TreeSHAP values equal the shap library's for every shipped model."""

from __future__ import annotations

import numpy as np
import pytest

from f1core.config import DEFAULT_MODELS_DIR
from f1core.models import registry
from f1core.models.explain import XGBoostTreeShap, _shap, explain_row, tree_explainer


@pytest.mark.parametrize("name", ["laptime", "finish", "overtake"])
def test_xgboost_tree_shap_matches_the_shap_library(name):
    model = registry.load_model(name, DEFAULT_MODELS_DIR)
    sample = model.extras["shap_sample"][model.feature_names].astype(float).head(200)
    ours = tree_explainer(model)
    assert isinstance(ours, XGBoostTreeShap)
    reference = _shap().TreeExplainer(model.estimator)
    np.testing.assert_allclose(
        ours.shap_values(sample), np.asarray(reference.shap_values(sample)), atol=1e-5
    )
    expected = float(np.asarray(reference.expected_value).reshape(-1)[0])
    assert ours.expected_value == pytest.approx(expected, abs=1e-5)
    # local accuracy: base value plus contributions is the model's raw output
    row = sample.iloc[[0]]
    explained = explain_row(model, row, units="", explainer=ours)
    raw = model.estimator.predict(row, output_margin=True)[0]
    assert explained.output == pytest.approx(float(raw), abs=1e-4)
