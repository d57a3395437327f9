"""Training on the real kit: metrics beside baselines, saving, and the committed artifacts."""

from __future__ import annotations

import time

import numpy as np
import pytest

from f1core.models import features_finish, features_laptime, features_overtake, laptime, overtake
from f1core.models.registry import MODEL_NAMES, MODELS_DIR, load_model
from f1core.models.training import train_and_save
from f1core.store import SessionKey

AUS = SessionKey(2025, 1, "R")
FEATURES = {"laptime": features_laptime.FEATURES, "finish": features_finish.FEATURES,
            "overtake": features_overtake.FEATURES}  # fmt: skip


@pytest.fixture(scope="module")
def fast_models(kit_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("models")
    return {
        n: train_and_save(n, kit_store, directory=folder, fast=True) for n in MODEL_NAMES
    }, folder


def test_laptime_card_reports_both_baselines_computed_from_the_laps(kit_store, fast_models):
    card = fast_models[0]["laptime"].card
    row = card["metrics"]["MAE all laps (s)"]
    assert set(row) == {"model", "persistence", "stint_trend"}
    # the card's persistence number is the plain next-minus-last error of the same rows
    frame = laptime.laptime_frame(kit_store)
    assert row["persistence"] == pytest.approx(
        np.abs(frame["target_s"] - frame["last_lap_s"]).mean()
    )
    assert 0.3 < row["model"] < 5.0 and card["rows"] == len(frame)
    assert {r["session"] for r in card["backtest"]} >= {"2025/1/R", "2023/1/R"}


def test_held_out_predictions_reproduce_the_card(kit_store, fast_models):
    lap_model, pair_model = fast_models[0]["laptime"], fast_models[0]["overtake"]
    rows = laptime.attach_held_out(lap_model, laptime.laptime_frame(kit_store))
    assert rows["held_out_s"].notna().all()
    mae = np.abs(rows["target_s"] - rows["held_out_s"]).mean()
    assert mae == pytest.approx(lap_model.card["metrics"]["MAE all laps (s)"]["model"], rel=1e-4)
    # green->green: the next lap's own track status, read from the stored laps
    nxt = kit_store.query_df(
        "SELECT year, round, session_code, driver, lap_number - 1 AS lap_number, "
        "track_status AS next_status "
        "FROM laps WHERE session_code IN ('R', 'S')"
    )
    rows = rows.merge(nxt, on=["year", "round", "session_code", "driver", "lap_number"])
    calm = rows["next_status"].fillna("").str.fullmatch("[13]*")  # green (1) or clear (3)
    both = rows[laptime._green(rows) & calm]
    row = lap_model.card["metrics"]["MAE green→green laps (s)"]
    assert 0.8 * len(rows) < len(both) < len(rows)
    for column, predicted in (("model", "held_out_s"), ("persistence", "last_lap_s")):
        err = np.abs(both["target_s"] - both[predicted]).mean()
        assert err == pytest.approx(row[column], rel=1e-4)
    pairs = overtake.predict_pairs(pair_model, overtake.pair_frame(kit_store))
    from sklearn.metrics import roc_auc_score

    auc = roc_auc_score(pairs["overtaken"], pairs["p_model_held_out"])
    assert auc == pytest.approx(pair_model.card["metrics"]["auc_roc"]["model"], abs=1e-4)


def test_laptime_estimator_after_other_laps_leaves_the_green_only_features_out(fast_models):
    model = fast_models[0]["laptime"]
    used = {
        role: set(est.get_booster().get_score(importance_type="weight"))
        for role, est in model.estimators.items()
    }
    green_only = set(features_laptime.GREEN_ONLY_FEATURES)
    assert used["main"] and not used["main"] & green_only
    assert used["green"] & green_only


def test_finish_card_scores_against_grid(fast_models):
    card = fast_models[0]["finish"].card
    assert set(card["metrics"]) == {"MAE (positions)", "MAE (positions) 2018-2025",
                                    "Spearman (mean per race)", "Brier P(points)",
                                    "Brier P(podium)"}  # fmt: skip
    grid = card["metrics"]["MAE (positions)"]["baseline"]
    assert 2.5 < grid < 5.0  # finish = grid misses by a few places on average
    assert len(card["calibration_points"]) >= 5


def test_finish_backtest_is_rolling_origin_over_whole_seasons(fast_models):
    from f1core.models.finish import FIRST_TEST_YEAR

    card = fast_models[0]["finish"].card
    # F1DB in the kit runs to 2026 round 11: every season from 2018 on is a test season once
    assert [row["season"] for row in card["backtest"]] == list(range(FIRST_TEST_YEAR, 2027))
    assert card["backtest"][-1]["races"] == 11
    assert "train on seasons before Y" in card["split"]
    # the aim row covers the complete seasons 2018-2025 only; the verdict never claims it unmet
    aim = card["metrics"]["MAE (positions) 2018-2025"]
    assert ("Aim" in card["verdict"]) and (("not met" in card["verdict"]) == (aim["model"] > 3.0))


def test_finish_choices_come_from_the_training_window_alone(kit_store, fast_models):
    from f1core.models import finish

    card = fast_models[0]["finish"].card
    frame = finish.finish_frame(kit_store)
    row = next(r for r in card["backtest"] if r["season"] == 2022)
    # the loss and the trees used for 2022 are picked again from the seasons before 2022 only
    chosen = finish.choose_settings(frame[frame["year"] < 2022], fast=True)
    assert chosen == {k: row[k] for k in chosen}
    assert set(chosen) == {"objective", "trees points", "trees podium"}


def test_overtake_card_states_the_base_rate(fast_models):
    card = fast_models[0]["overtake"].card
    assert 0.01 < card["metrics"]["base rate"]["model"] < 0.3
    assert card["metrics"]["auc_pr"]["logistic"] > card["metrics"]["base rate"]["model"]
    assert "Base rate" in card["verdict"]


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_committed_artifacts_load_fast_and_match_the_code(name):
    started = time.perf_counter()
    model = load_model(name, MODELS_DIR)
    assert time.perf_counter() - started < 1.0
    assert model.feature_names == FEATURES[name]  # retrain after changing features
    assert "shap_sample" in model.extras
    assert name == "finish" or "held_out" in model.extras
    assert (MODELS_DIR / f"{name}.md").exists()
    assert (MODELS_DIR / model.card["artifact"]).stat().st_size < 2_000_000


def test_prediction_with_explanation_adds_up(kit_store, fast_models):
    model = load_model("laptime", fast_models[1])
    rows = laptime.session_laps_frame(kit_store, AUS)
    row = rows[(rows["driver"] == "NOR") & (rows["lap_number"] == 30)].iloc[0]
    predicted, explanation = laptime.predict_next_lap(model, row)
    est = model.estimators[laptime.estimator_for(model, row)]
    direct = row["last_lap_s"] + est.predict(row[model.feature_names].to_frame().T.astype(float))[0]
    assert predicted == pytest.approx(direct, abs=1e-3)
    pairs = overtake.pair_frame(kit_store, key=AUS)
    ov = load_model("overtake", fast_models[1])
    exp = overtake.explain_pair(ov, pairs.iloc[0])
    p = ov.estimator.predict_proba(pairs[ov.feature_names].iloc[[0]])[0, 1]
    assert 1 / (1 + np.exp(-exp.output)) == pytest.approx(p, abs=1e-4)


def test_train_command_saves_a_new_version(kit_store_path, tmp_path, monkeypatch, capsys):
    import shutil

    from f1core.cli import main
    from f1core.models.registry import MODELS_DIR_ENV

    store_copy = shutil.copyfile(kit_store_path, tmp_path / "f1.duckdb")
    monkeypatch.setenv(MODELS_DIR_ENV, str(tmp_path / "models"))
    assert main(["--store", str(store_copy), "train", "overtake", "--fast"]) == 0
    out = capsys.readouterr().out
    assert "overtake v1" in out and "auc_roc: model" in out and "logistic" in out
    assert load_model("overtake", tmp_path / "models").version == 1
    with pytest.raises(SystemExit):
        main(["--store", str(store_copy), "train", "weather"])


@pytest.mark.parametrize(
    ("name", "message"),
    [("laptime", "No race laps"), ("finish", "history tables"), ("overtake", "No pairs")],
)
def test_training_on_an_empty_store_is_a_clear_error(empty_store, tmp_path, name, message):
    from f1core.errors import TrainingFailed

    folder = tmp_path / "models"
    with pytest.raises(TrainingFailed, match=message):
        train_and_save(name, empty_store, directory=folder)
    assert not folder.exists() or not list(folder.iterdir())  # nothing half-written
