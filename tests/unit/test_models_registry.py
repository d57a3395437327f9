"""Model artifacts: versioned atomic saves, checked loads, cards, and failed retraining."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression

from f1core.errors import ModelNotTrained, TrainingFailed
from f1core.models import registry, training, views
from f1core.models.registry import TrainedModel, load_model, save_model


def _model(slope: float = 2.0) -> TrainedModel:
    x = np.arange(10.0).reshape(-1, 1)
    est = LinearRegression().fit(x, slope * x.ravel())
    card = {"title": "t", "metric_columns": ["model", "baseline"], "verdict": "ok",
            "metrics": {"MAE": {"model": 0.5, "baseline": 0.7}}}  # fmt: skip
    return TrainedModel(name="laptime", estimators={"main": est}, feature_names=["x"], card=card)


def test_save_then_load_round_trip(tmp_path):
    save_model(_model(), tmp_path)
    loaded = load_model("laptime", tmp_path)
    assert loaded.version == 1 and loaded.feature_names == ["x"]
    assert loaded.estimator.predict([[3.0]])[0] == pytest.approx(6.0)
    card = json.loads((tmp_path / "laptime.json").read_text())
    assert card["artifact"] == "laptime-v1.pkl" and card["metrics"]["MAE"]["baseline"] == 0.7
    assert "| MAE | 0.5 | 0.7 |" in (tmp_path / "laptime.md").read_text()


def test_versions_increase_and_old_ones_are_pruned(tmp_path):
    for slope in (1.0, 2.0, 3.0):
        save_model(_model(slope), tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.pkl")) == [
        "laptime-v3.pkl"
    ]  # only the current one
    assert load_model("laptime", tmp_path).estimator.predict([[1.0]])[0] == pytest.approx(3.0)


def test_missing_or_tampered_artifact_is_model_not_trained(tmp_path):
    with pytest.raises(ModelNotTrained, match="python -m f1core train laptime"):
        load_model("laptime", tmp_path)
    path = save_model(_model(), tmp_path)
    path.write_bytes(path.read_bytes() + b"x")
    with pytest.raises(ModelNotTrained, match="does not match"):
        load_model("laptime", tmp_path)


def test_failed_training_keeps_the_previous_model(tmp_path, monkeypatch):
    save_model(_model(5.0), tmp_path)

    def broken(name, store, **kwargs):
        raise ValueError("no rows")

    monkeypatch.setattr(training, "fit_model", broken)
    with pytest.raises(TrainingFailed, match="previous model is kept"):
        training.train_and_save("laptime", store=None, directory=tmp_path)
    kept = load_model("laptime", tmp_path)
    assert kept.version == 1 and kept.estimator.predict([[1.0]])[0] == pytest.approx(5.0)
    assert not list(tmp_path.glob(".*.tmp"))


def test_models_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(registry.MODELS_DIR_ENV, str(tmp_path))
    assert registry.models_dir() == tmp_path
    monkeypatch.delenv(registry.MODELS_DIR_ENV)
    assert registry.models_dir() == registry.MODELS_DIR


def test_views_shape_the_card():
    card = _model().card | {"verdict": "MAE: the model does NOT beat the baseline."}
    table = views.metrics_table(card)
    assert table.columns.tolist() == ["metric", "model", "baseline"]
    assert not views.beats_baseline(card)
    assert views.beats_baseline(
        card | {"verdict": "Beats the grid. Aim (MAE at most 3.0): met, 2.9."}
    )
    assert not views.beats_baseline(
        card | {"verdict": "Beats the grid. Aim (MAE at most 3.0): not met, 3.3."}
    )
    row = pd.Series({"lap_number": 12, "driver_a": "NOR", "driver_b": "VER", "gap_s": 0.81})
    assert views.pair_label(row) == "lap 12: VER 0.81 s behind NOR"
    assert views.pair_id(row) == "12-VER-NOR"  # the pair's name in the page's URL


def test_finish_note_says_which_probability_is_the_baseline_and_why():
    card = {"served": {"predicted_position": "model", "p_points": "model", "p_podium": "baseline"},
            "metrics": {"Brier P(podium)": {"model": 0.06895, "baseline": 0.06878}}}  # fmt: skip
    note = views.served_note("finish", card)
    assert "p_podium (Brier P(podium): model 0.06895, grid baseline 0.06878)" in note
    assert "p_points" not in note and "model_* columns" in note
    assert views.served_note("finish", card | {"served": {"p_podium": "model"}}) is None
