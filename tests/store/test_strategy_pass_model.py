"""The Strategy page's Monte Carlo passes with the backtest's overtake model, fitted without the race."""

from __future__ import annotations

from dataclasses import replace

import pytest

from f1core.store import SessionKey
from f1core.strategy import priors
from f1core.strategy.from_lap import build_race_setup_at_lap
from f1core.strategy.race import Strategy, build_race_setup, describe_setup
from f1core.strategy.whatif import compare_strategy, passing_note
from tests.store.test_strategy_backtest import PAIR_GRID
from tests.store.test_strategy_models import shared_context

CHINA, LAP = SessionKey(2025, 2, "R"), 20


@pytest.fixture(scope="module")
def races(kit_store):
    return priors.measure_store_priors(kit_store)


@pytest.fixture(scope="module")
def model(races):
    return priors.race_pass_model(races, CHINA)


@pytest.fixture(scope="module")
def china(kit_store, model):
    return build_race_setup(kit_store, CHINA, shared_context(kit_store), pass_model=model)


def test_the_pass_model_is_the_backtests_leave_one_out_model(kit_store, races, model):
    backtest = priors.pass_model(
        priors.build_store_context(kit_store, exclude=CHINA, races=races),
        next(r.swap_rate for r in races if r.session == str(CHINA)),
    )
    assert model is not None and model.pairs == backtest.pairs
    assert model.probability(PAIR_GRID) == pytest.approx(backtest.probability(PAIR_GRID))


def test_the_pass_model_never_saw_the_race_weekend(races, model):
    others = priors.other_races(races, CHINA)
    assert str(CHINA) not in {r.session for r in others} and len(others) < len(races)
    assert model.pairs == sum(len(r.overtake_pairs) for r in others)
    # China's pairs turned upside down (every pass a hold and back): the model does not move.
    scrambled = [
        replace(r, overtake_pairs=r.overtake_pairs.assign(overtaken=~r.overtake_pairs["overtaken"].astype(bool)))
        if (r.year, r.round) == (CHINA.year, CHINA.round) else r
        for r in races
    ]  # fmt: skip
    again = priors.race_pass_model(scrambled, CHINA)
    assert again.probability(PAIR_GRID) == pytest.approx(model.probability(PAIR_GRID))


def test_setup_as_known_at_lap_n_carries_the_model_fitted_without_the_race(kit_store, model):
    at20 = build_race_setup_at_lap(
        kit_store, CHINA, shared_context(kit_store), LAP, pass_model=model
    )
    assert at20.from_lap == LAP and at20.pass_model is model
    assert "in Monte Carlo close cars pass" in describe_setup(at20)


def test_what_if_monte_carlo_runs_on_the_model_and_repeats_with_a_seed(china):
    plan = Strategy.parse("M-20-H")
    by_model = compare_strategy(china, "NOR", plan, n_sims=200, seed=3)
    by_threshold = compare_strategy(
        replace(china, pass_model=None), "NOR", plan, n_sims=200, seed=3
    )
    assert by_model.monte_carlo != by_threshold.monte_carlo
    assert (
        compare_strategy(china, "NOR", plan, n_sims=200, seed=3).monte_carlo == by_model.monte_carlo
    )
    # The single race keeps the threshold: the deterministic rows do not depend on the model.
    assert by_model.table.equals(by_threshold.table)
    assert "overtake model" in passing_note(china)
    assert "same threshold" in passing_note(replace(china, pass_model=None))
