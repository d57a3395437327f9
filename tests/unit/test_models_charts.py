"""Model charts and scores: frames in, plotly figures and numbers out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from f1core.charts import models as charts
from f1core.models.explain import Explanation
from f1core.models.metrics import auc_scores, calibration_table, mae, mean_spearman


def _explanation(n: int) -> Explanation:
    contrib = {f"f{i}": (-1) ** i * (i + 1) * 0.1 for i in range(n)}
    return Explanation(
        90.0, contrib, dict.fromkeys(contrib, 1.0), 90.0 + sum(contrib.values()), "s"
    )


@pytest.mark.parametrize("n", [3, 15])
def test_waterfall_adds_up_to_the_prediction(n):
    exp = _explanation(n)
    fig = charts.shap_waterfall(exp, title="t")
    trace = fig.data[0]
    relative = [x for x, m in zip(trace.x, trace.measure, strict=True) if m == "relative"]
    assert exp.base_value + sum(relative) == pytest.approx(exp.output)
    assert len(relative) == min(n, charts.MAX_WATERFALL_FEATURES + 1)
    # drawn in reading order: average first, the prediction last, with matching labels
    assert trace.measure[0] == "absolute" and trace.measure[-1] == "total"
    assert trace.y[0] == "average output" and trace.text[-1] == f"{exp.output:.3f}"
    assert fig.layout.yaxis.autorange == "reversed"


def test_importance_and_calibration_figures():
    imp = pd.DataFrame({"feature": ["a", "b"], "mean_abs_shap": [0.1, 0.3]})
    assert list(charts.importance_bar(imp).data[0].y) == ["a", "b"]
    fig = charts.calibration_plot({"P": calibration_table([0, 1, 1], [0.1, 0.8, 0.9], bins=5)})
    assert len(fig.data) == 2


def test_scores():
    assert mae([1, 2, np.nan], [2, 2, 5]) == pytest.approx(0.5)
    df = pd.DataFrame(
        {"race": [1] * 4 + [2] * 4, "a": [1, 2, 3, 4] * 2, "p": [1, 2, 3, 4, 4, 3, 2, 1]}
    )
    assert mean_spearman(df, group="race", actual="a", predicted="p") == pytest.approx(0.0)
    s = auc_scores([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.9])
    assert s == {"auc_roc": 1.0, "auc_pr": 1.0, "base_rate": 0.5}
    table = calibration_table([0, 0, 1, 1], [0.05, 0.15, 0.85, 0.95], bins=2)
    assert [(r["observed"], r["count"]) for r in table] == [(0.0, 2), (1.0, 2)]
