"""The Predictions page on the kit store with the committed model artifacts."""

from __future__ import annotations

import json
import shutil

import pytest

from f1core.models.registry import MODELS_DIR, MODELS_DIR_ENV
from tests.app.conftest import texts

PAGE = "pages/50_Predictions.py"
RACE = {"year": "2025", "round": "1", "session": "R"}


@pytest.fixture()
def models_copy(tmp_path, monkeypatch):
    """A private copy of the committed models/ folder, so retraining never touches it."""
    target = tmp_path / "models"
    shutil.copytree(MODELS_DIR, target, ignore=shutil.ignore_patterns("*.tmp"))
    monkeypatch.setenv(MODELS_DIR_ENV, str(target))
    return target


@pytest.mark.parametrize("model", ["laptime", "overtake", "finish"])
def test_each_model_predicts_and_explains(kit_app, models_copy, model):
    at = kit_app(PAGE, query={**RACE, "model": model})
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.radio(key="pred_model").value == model
    charts = {c.proto.id for c in at.get("plotly_chart")}
    assert len(charts) >= 3  # waterfall, importance, backtest (+ calibration)
    body = texts(at)
    assert "Out-of-sample metrics" in body  # the model card
    assert "baseline" in body.lower()
    assert at.query_params["model"] == model


def test_laptime_driver_and_lap_come_from_the_url(kit_app, models_copy):
    at = kit_app(PAGE, query={**RACE, "model": "laptime", "driver": "NOR", "lap": "30"})
    assert not at.exception
    assert at.selectbox(key="pred_driver").value == "NOR"
    assert at.select_slider(key="pred_lap").value == 30
    labels = [m.label for m in at.metric]
    assert labels[0] in {"Prediction (persistence)", "Prediction (model)"}  # what the card serves
    assert labels[1:6] == ["Model", "Model, held-out", "Persistence", "Stint trend", "Actual"]
    held = next(m.value for m in at.metric if m.label == "Model, held-out")
    assert held.endswith(" s") and held != "nan s"


def test_finish_explained_driver_is_in_the_url(kit_app, models_copy):
    at = kit_app(PAGE, query={**RACE, "model": "finish", "driver": "HAM"})
    assert not at.exception
    assert at.selectbox(key="pred_driver").value == "HAM"
    at.selectbox(key="pred_driver").set_value("VER").run()
    assert at.query_params["driver"] == "VER"


def test_overtake_explained_pair_is_in_the_url(kit_app, models_copy):
    at = kit_app(PAGE, query={**RACE, "model": "overtake"})
    box = at.selectbox(key="pred_pair")
    assert len(box.options) > 4
    box.set_value(4).run()
    assert not at.exception
    pair = at.query_params["pair"]
    label = at.selectbox(key="pred_pair").format_func(4)
    assert pair.split("-")[0] == label.split(":")[0].removeprefix("lap ")  # the pair's lap
    again = kit_app(PAGE, query={**RACE, "model": "overtake", "pair": pair})
    assert again.selectbox(key="pred_pair").value == 4


def test_the_page_says_when_it_shows_the_baseline_instead_of_the_model(kit_app, models_copy):
    at = kit_app(PAGE, query={**RACE, "model": "laptime", "driver": "NOR", "lap": "30"})
    assert not at.exception
    served = json.loads((models_copy / "laptime.json").read_text())["served"]
    warned = any("prediction is persistence" in w.value for w in at.warning)
    assert warned == any(src != "model" for src in served.values()), [w.value for w in at.warning]
    tiles = {m.label: m.value for m in at.metric}
    if "Prediction (persistence)" in tiles:
        assert tiles["Prediction (persistence)"] == tiles["Persistence"]


def test_laptime_follows_the_shared_replay_clock(kit_app, models_copy):
    clock = {"key": "2025/1/R", "lap": 42, "source": "test"}
    at = kit_app(PAGE, query={**RACE, "model": "laptime", "driver": "VER"},
                 state={"replay_clock": clock})  # fmt: skip
    assert not at.exception
    assert at.select_slider(key="pred_lap").value == 42


def test_finish_predicts_a_kit_race_and_rejects_one_beyond_the_history(kit_app, models_copy):
    at = kit_app(PAGE, query={"year": "2025", "round": "24", "session": "R", "model": "finish"})
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert len(table) == 20 and {"predicted_position", "backtest_position", "grid"} <= set(table)
    at.number_input(key="pred_year").set_value(2025).run()
    at.number_input(key="pred_round").set_value(24).run()
    assert not at.error
    at.number_input(key="pred_round").set_value(1).run()
    at.number_input(key="pred_year").set_value(2026).run()
    at.number_input(key="pred_round").set_value(20).run()
    assert not at.exception
    assert any("they end at 2026 round 11" in e.value for e in at.error)


def test_finish_serves_a_losing_probability_from_the_grid_and_says_why(kit_app, models_copy):
    card_file = models_copy / "finish.json"
    card = json.loads(card_file.read_text())
    # as a card whose P(podium) lost out of sample would say (v7's did: 0.06895 vs 0.06878)
    card["served"]["p_podium"] = "baseline"
    card_file.write_text(json.dumps(card))
    at = kit_app(PAGE, query={"year": "2025", "round": "24", "session": "R", "model": "finish"})
    assert not at.exception and not at.error
    notes = [w.value for w in at.warning]
    assert any("p_podium (Brier P(podium): model" in n for n in notes), notes
    table = at.dataframe[0].value
    assert (table["p_podium"] == table["baseline_p_podium"]).all() and "model_p_podium" in table
    assert (table["p_points"] != table["baseline_p_points"]).any()  # still the model's


def test_missing_model_says_how_to_train(kit_app, tmp_path, monkeypatch):
    monkeypatch.setenv(MODELS_DIR_ENV, str(tmp_path / "none"))
    at = kit_app(PAGE, query={**RACE, "model": "overtake"})
    assert not at.exception
    assert any("python -m f1core train overtake" in e.value for e in at.error)
    assert at.button(key="pred_train")


def test_retrain_from_the_page_saves_a_new_version(kit_app, models_copy):
    at = kit_app(PAGE, query={**RACE, "model": "overtake"})
    before = json.loads((models_copy / "overtake.json").read_text())
    at.button(key="pred_train").click().run()
    assert not at.exception
    after = json.loads((models_copy / "overtake.json").read_text())
    assert after["version"] == before["version"] + 1
    assert any(f"Saved overtake v{after['version']}" in s.value for s in at.success)
    assert after["trained_at"] and after["metrics"]["auc_roc"]["logistic"] > 0.5


def test_finish_boxes_follow_the_sidebar_until_the_user_changes_them(kit_app, models_copy):
    at = kit_app(PAGE, query={**RACE, "model": "finish"})
    assert at.number_input(key="pred_round").value == 1
    at.selectbox(key="sb_round").set_value(2).run()  # the sidebar's Event: R2 Chinese GP
    assert not at.exception and not at.error
    assert at.query_params["round"] == "2"
    assert (at.number_input(key="pred_year").value, at.number_input(key="pred_round").value) == (
        2025,
        2,
    )
    at.number_input(key="pred_round").set_value(
        1
    ).run()  # on purpose: stays until the sidebar moves
    assert at.number_input(key="pred_round").value == 1
    at.selectbox(key="sb_round").set_value(3).run()
    assert at.number_input(key="pred_round").value == 3
