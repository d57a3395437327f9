"""The finishing-position card's verdict and notes, from hand-built scores."""

from __future__ import annotations

import pandas as pd
import pytest

from f1core.models.finish import AIM_METRIC, retirement_note, verdict_text

SEASONS = [{"season": 2024, "MAE (positions) model": 2.8, "MAE (positions) baseline": 2.9},
           {"season": 2025, "MAE (positions) model": 3.4, "MAE (positions) baseline": 3.3}]  # fmt: skip
SERVED = {"predicted_position": "model", "p_points": "model", "p_podium": "baseline"}


@pytest.mark.parametrize(("aim_mae", "said"), [(3.333, "not met, 3.333"), (2.95, "met, 2.950")])
def test_verdict_states_the_aim_only_as_measured(aim_mae, said):
    metrics = {"MAE (positions)": {"model": 3.3, "baseline": 3.5},
               AIM_METRIC: {"model": aim_mae, "baseline": 3.518},
               "Brier P(podium)": {"model": 0.069, "baseline": 0.068}}  # fmt: skip
    text = verdict_text(metrics, SEASONS, SERVED)
    assert f"at most 3.0): {said} (grid 3.518)" in text
    assert "Does NOT beat it on: Brier P(podium)." in text
    assert "loses to the grid in 1 of 2 seasons (2025)" in text
    assert "baseline's p_podium instead of the model's (Brier P(podium) loses)" in text


def test_retirement_note_splits_the_error():
    pred = pd.DataFrame({"finish": [1, 2, 3, 4], "predicted_position": [2, 1, 3, 4],
                         "finished": [1, 1, 1, 0]})  # fmt: skip
    pred.loc[3, "predicted_position"] = 1  # the retirement was predicted to win: 3 places off
    note = retirement_note(pred)
    assert "25.0% of the backtest rows and 60% of its absolute error" in note
    assert "MAE 3.00 on them, 0.67 on finishers" in note
