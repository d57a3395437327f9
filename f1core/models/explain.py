"""SHAP explanations (TreeSHAP) for one prediction and for a model as a whole."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from f1core.models.registry import TrainedModel


def _shap():
    # shap's plotting module trips a matplotlib PendingDeprecationWarning at import time;
    # we never use its plots (charts are plotly), so that warning is not ours to act on.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import shap
    return shap


@dataclass(frozen=True)
class Explanation:
    """SHAP values of one prediction, in the model's output units.

    Attributes:
        base_value: the model's average output over its training data.
        contributions: feature -> SHAP value; ``base_value + sum`` is the raw output.
        values: feature -> the input value that was explained.
        output: ``base_value`` plus every contribution.
        units: what the output means (``s``, ``positions``, ``log-odds``).
    """

    base_value: float
    contributions: dict[str, float]
    values: dict[str, float]
    output: float
    units: str

    def to_frame(self) -> pd.DataFrame:
        """One row per feature: value, contribution, largest magnitude first."""
        df = pd.DataFrame(
            {
                "feature": list(self.contributions),
                "value": [self.values[f] for f in self.contributions],
                "contribution": list(self.contributions.values()),
            }
        )
        return df.reindex(df["contribution"].abs().sort_values(ascending=False).index)


class XGBoostTreeShap:
    """Exact TreeSHAP values from XGBoost's own implementation (``pred_contribs``).

    The same algorithm as ``shap.TreeExplainer`` on an XGBoost model, with the same
    ``shap_values``/``expected_value`` interface, without importing shap (and numba and
    llvmlite with it: about 90 MB of server memory). Tests hold it equal to shap's values.
    """

    def __init__(self, estimator):
        self._booster = estimator.get_booster()
        zeros = np.zeros((1, self._booster.num_features()))
        self.expected_value = float(self._contribs(zeros)[0, -1])  # the bias: same for any row

    def _contribs(self, x) -> np.ndarray:
        import xgboost

        data = xgboost.DMatrix(np.asarray(x, float), feature_names=self._booster.feature_names)
        return self._booster.predict(data, pred_contribs=True)

    def shap_values(self, x) -> np.ndarray:
        """One row of feature contributions per input row (the bias column dropped)."""
        return self._contribs(x)[:, :-1]


def tree_explainer(model: TrainedModel):
    """An explainer of the model's primary estimator: XGBoost's own TreeSHAP where the
    estimator is an XGBoost model, else a SHAP TreeExplainer (~0.1 s to build).

    Build it once per loaded model and pass it to :func:`explain_row`; the app keeps it
    as a cached resource beside the model (the model object itself is never changed).
    """
    if hasattr(model.estimator, "get_booster"):
        return XGBoostTreeShap(model.estimator)
    return _shap().TreeExplainer(model.estimator)


def _as_frame(model: TrainedModel, row: pd.DataFrame | pd.Series) -> pd.DataFrame:
    frame = row.to_frame().T if isinstance(row, pd.Series) else row
    return frame[model.feature_names].astype(float)


def explain_row(
    model: TrainedModel, row: pd.DataFrame | pd.Series, *, units: str, explainer=None
) -> Explanation:
    """SHAP values of a single feature row.

    Args:
        model: a trained model.
        row: one row with (at least) the model's feature columns.
        units: the unit of the explained output, for labels.
        explainer: from :func:`tree_explainer`; built here when not given.
    """
    x = _as_frame(model, row).iloc[[0]]
    explainer = tree_explainer(model) if explainer is None else explainer
    shap_values = np.asarray(explainer.shap_values(x)).reshape(-1)
    base = float(np.asarray(explainer.expected_value).reshape(-1)[0])
    contributions = {f: float(v) for f, v in zip(model.feature_names, shap_values, strict=True)}
    values = {f: float(x.iloc[0][f]) for f in model.feature_names}
    return Explanation(base, contributions, values, base + float(shap_values.sum()), units)


def global_importance(model: TrainedModel, sample: pd.DataFrame, *, explainer=None) -> pd.DataFrame:
    """Mean absolute SHAP value of each feature over ``sample``, largest first."""
    x = _as_frame(model, sample)
    explainer = tree_explainer(model) if explainer is None else explainer
    values = np.asarray(explainer.shap_values(x))
    return (
        pd.DataFrame({"feature": model.feature_names, "mean_abs_shap": np.abs(values).mean(axis=0)})
        .sort_values("mean_abs_shap", ascending=False)
        .reset_index(drop=True)
    )
