"""Each shipped model beats its baseline on held-out data, or the baseline's number is served.

The models are trained here on the kit (full settings, as shipped) and scored from their own
held-out predictions (evaluation folds / rolling seasons), not from the committed cards; the
committed cards must then show the same numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from f1core.models import finish, laptime, overtake
from f1core.models.calibration import TOLERANCE, decile_table
from f1core.models.registry import MODEL_NAMES, MODELS_DIR, load_model
from f1core.models.training import fit_model


@pytest.fixture(scope="module")
def trained(kit_store):
    return {name: fit_model(name, kit_store) for name in MODEL_NAMES}


def test_laptime_model_steps_aside_where_persistence_wins(kit_store, trained):
    model = trained["laptime"]
    rows = laptime.attach_held_out(model, laptime.laptime_frame(kit_store))
    green = laptime._green(rows).to_numpy()
    for kind, mask in (("green", green), ("other", ~green)):
        part = rows[mask]
        held = np.abs(part["target_s"] - part["held_out_s"]).mean()
        persistence = np.abs(part["target_s"] - part["persistence_s"]).mean()
        assert model.card["served"][kind] == ("model" if held < persistence else "persistence")
        # what the page shows after such a lap: the served source's number
        row = part.iloc[len(part) // 2]
        value, source = laptime.served_prediction(model, 0.0, row)
        assert source == model.card["served"][kind]
        assert value == (row["persistence_s"] if source == "persistence" else 0.0)
    assert model.card["served"]["green"] == "model"  # 0.607 s vs 0.636 s: it wins there


def test_finish_position_beats_the_grid_in_every_backtest_season(kit_store, trained):
    model = trained["finish"]
    frame = finish.finish_frame(kit_store)
    rows = frame.merge(model.extras["backtest_rows"], on=["race_id", "driver_id"])
    assert rows["year"].min() == finish.FIRST_TEST_YEAR and len(rows) > 3000
    err = (rows["predicted_position"] - rows["finish"]).abs()
    grid = (rows["grid"] - rows["finish"]).abs()
    assert err.mean() < grid.mean()
    by_season = (
        pd.DataFrame({"model": err, "grid": grid, "year": rows["year"]}).groupby("year").mean()
    )
    assert (by_season["model"] < by_season["grid"]).all(), by_season
    assert model.card["served"]["predicted_position"] == "model"


def test_finish_probabilities_that_lose_serve_the_grid_rates(kit_store, trained):
    model = trained["finish"]
    frame = finish.finish_frame(kit_store)
    rows = frame.merge(model.extras["backtest_rows"], on=["race_id", "driver_id"])
    for metric, (column, _) in finish.SERVED.items():
        if column == "predicted_position":
            continue
        row = model.card["metrics"][metric]
        assert model.card["served"][column] == (
            "model" if row["model"] < row["baseline"] else "baseline"
        )
    observed = rows["podium"].astype(float)
    assert ((rows["p_podium"] - observed) ** 2).mean() == pytest.approx(
        model.card["metrics"]["Brier P(podium)"]["model"]
    )
    table = finish.predict_race(model, finish.race_rows(kit_store, 2025, 24))
    for column, source in model.card["served"].items():
        if source == "baseline" and column != "predicted_position":
            base = next(b for c, b in finish.SERVED.values() if c == column)
            assert np.allclose(table[column], table[base]) and f"model_{column}" in table


def test_overtake_beats_the_logistic_and_is_calibrated_on_held_out_folds(kit_store, trained):
    model = trained["overtake"]
    pairs = overtake.predict_pairs(model, overtake.pair_frame(kit_store))
    y, p = pairs["overtaken"].astype(int), pairs["p_model_held_out"]
    assert p.notna().all()
    deciles = decile_table(y, p)
    assert (deciles["error"].abs() <= TOLERANCE).all(), deciles
    # the overconfidence above 0.5 is gone: pooled, predicted and observed agree within the
    # binomial noise of ~150 pairs (2 standard errors)
    high = p >= 0.5
    se = np.sqrt(y[high].mean() * (1 - y[high].mean()) / high.sum())
    assert abs(p[high].mean() - y[high].mean()) <= max(TOLERANCE, 2 * se)
    brier_model = ((p - y) ** 2).mean()
    brier_logistic = ((pairs["p_logistic"] - y) ** 2).mean()
    assert model.card["served"]["p_overtake"] == (
        "model" if brier_model < brier_logistic else "logistic"
    )
    assert brier_model < brier_logistic


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_committed_cards_show_the_numbers_the_code_measures(trained, name):
    committed = load_model(name, MODELS_DIR).card
    fresh = trained[name].card
    assert committed["served"] == fresh["served"]
    for metric, row in fresh["metrics"].items():
        for column, value in row.items():
            assert committed["metrics"][metric][column] == pytest.approx(value, rel=1e-6), (
                metric,
                column,
            )
