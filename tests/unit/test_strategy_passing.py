"""Pass rules, circuit VSC rates and pace-drift pooling: pure functions on tiny hand-built inputs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from f1core.models.features_overtake import FEATURES
from f1core.strategy import drift
from f1core.strategy.overtaking import CIRCUIT_PRIOR_PAIRS, circuit_thresholds, pair_features
from f1core.strategy.priors import VSC_PRIOR_LAPS, circuit_vsc_rates
from f1core.strategy.simulate import simulate_race
from tests.unit.test_strategy_helpers import tiny_setup


def _pairs(n: int, cut_s: float, seed: int = 0) -> pd.DataFrame:
    """Pairs whose follower passes when his advantage beats ``cut_s`` (plus some noise)."""
    rng = np.random.default_rng(seed)
    adv = rng.uniform(-1, 3, n)
    return pd.DataFrame({"advantage_s": adv, "passed": adv + rng.normal(0, 0.3, n) > cut_s})


def test_circuit_threshold_is_its_own_fit_shrunk_to_the_global_one():
    pairs = _pairs(400, 2.0)
    out = circuit_thresholds([("A", pairs.iloc[:200]), ("A", pairs.iloc[200:])], 1.0)
    threshold, n = out["A"]
    assert n == 400
    w = n / (n + CIRCUIT_PRIOR_PAIRS)
    assert 1.0 < threshold < 2.0
    assert threshold == pytest.approx(w * 2.0 + (1 - w) * 1.0, abs=0.1)


def test_circuit_with_no_pass_keeps_the_global_threshold_and_unknown_circuits_are_absent():
    none_passed = pd.DataFrame({"advantage_s": [0.1, 0.5, 1.0], "passed": [False] * 3})
    out = circuit_thresholds([("A", none_passed), ("B", none_passed.iloc[:0])], 0.9)
    assert out == {"A": (0.9, 0)}


def test_circuit_vsc_rate_is_shrunk_towards_the_global_rate():
    cond = pd.Series(["green"] * 45 + ["VSC"] * 2 + ["green"] * 3 + ["VSC"] + ["green"] * 49)
    out = circuit_vsc_rates([("A", cond)], 0.004)
    rate, laps = out["A"]
    assert laps == 100
    assert rate == pytest.approx((2 + VSC_PRIOR_LAPS * 0.004) / (100 + VSC_PRIOR_LAPS))


def test_pair_features_follow_the_overtake_model_columns():
    gap = np.array([[0.0, 0.6, 2.0]])
    last = np.array([[90.0, 89.5, 90.2]])
    age = np.array([[10.0, 2.0, 5.0]])
    comp = np.array([[1.0, 0.0, 2.0]])
    x = pair_features(gap, last, last, age, comp, np.array([0]), lap=10, total_laps=50,
                      circuit_swap_rate=0.04)  # fmt: skip
    assert x.shape == (1, 2, len(FEATURES))
    row = dict(zip(FEATURES, x[0, 0], strict=True))
    assert row["gap_s"] == 0.6 and row["pace_diff_s"] == pytest.approx(0.5)
    assert row["tyre_age_diff"] == -8 and row["compound_diff"] == -1
    assert row["drs_available"] == 1 and x[0, 1, FEATURES.index("drs_available")] == 0
    assert row["position_ahead"] == 1 and row["laps_remaining"] == 40
    assert row["status_sc"] == 0 and row["circuit_swap_rate"] == 0.04


class _Always:
    """A pass model that gives every close pair the same probability."""

    circuit_swap_rate = 0.05

    def __init__(self, p: float) -> None:
        self.p = p

    def probability(self, features: np.ndarray) -> np.ndarray:
        return np.full(len(features), self.p)


@pytest.mark.parametrize(("p", "passed"), [(1.0, True), (0.0, False)])
def test_pass_model_decides_who_gets_by_in_monte_carlo(p, passed):
    # D2 is 1.5 s/lap quicker: the threshold (2 s, lap 1) holds him; from lap 2 the model decides.
    setup = replace(tiny_setup(pace=(91.5, 90.0), laps=12, threshold_s=2.0), pass_model=_Always(p))
    sim = simulate_race(setup, mode="monte_carlo", n_sims=8, seed=1, conditions="green")
    assert bool((sim.positions[:, 1] == 1).mean() > 0.5) == passed


def test_pace_drift_moves_only_laps_after_lap_n():
    setup = replace(tiny_setup(pace=(90.0, 90.0), laps=12), from_lap=6, pace_drift_sd_s=0.5)
    still = replace(setup, pace_drift_sd_s=0.0)
    a = simulate_race(setup, mode="monte_carlo", n_sims=4, seed=2, conditions="green")
    b = simulate_race(still, mode="monte_carlo", n_sims=4, seed=2, conditions="green")
    lap_times = np.diff(a.elapsed, axis=1) - np.diff(b.elapsed, axis=1)
    assert np.allclose(lap_times[:, :5], 0)
    assert not np.allclose(lap_times[:, 6:], 0)


def test_drift_spread_pools_other_races_of_the_same_kind():
    tables = [
        pd.DataFrame({"fraction": [0.5, 0.5, 0.75], "kind": ["stable", "changing", "stable"],
                      "spread_s": [0.2, 1.0, 0.3]}),
        pd.DataFrame({"fraction": [0.5], "kind": ["stable"], "spread_s": [0.4]}),
    ]  # fmt: skip
    assert drift.pool_drift_spread(tables, kind="stable", fraction=0.5) == (pytest.approx(0.3), 2)
    assert drift.pool_drift_spread(tables, kind="changing", fraction=0.75) == (1.0, 1)
    calm_rain = [
        *tables,
        pd.DataFrame({"fraction": [0.5], "kind": ["changing"], "spread_s": [0.1]}),
    ]
    assert drift.pool_drift_spread(calm_rain[1:], kind="changing", fraction=0.5) == (0.4, 2)
    only_stable = [tables[1]]
    assert drift.pool_drift_spread(only_stable, kind="changing", fraction=0.5) == (0.8, 1)
    assert drift.pool_drift_spread([], kind="stable", fraction=0.5) == (0.0, 0)


def test_conditions_are_changing_with_wet_tyres_or_rain():
    dry = pd.DataFrame({"compound": ["MEDIUM", "HARD"]})
    wet = pd.DataFrame({"compound": ["MEDIUM", "INTERMEDIATE"]})
    rain = pd.DataFrame({"rainfall": [False] + [True] * drift.RAIN_MIN_ROWS})
    assert drift.conditions_kind(dry, rain.iloc[:1]) == drift.STABLE
    assert drift.conditions_kind(wet, rain.iloc[:0]) == drift.CHANGING
    assert drift.conditions_kind(dry, rain) == drift.CHANGING
    # A few minutes of drizzle on a dry race (2025 Miami GP: five rows) is not changing conditions.
    assert drift.conditions_kind(dry, rain.iloc[: drift.RAIN_MIN_ROWS]) == drift.STABLE
    assert drift.checkpoint_lap(57, 0.5) == 28 and drift.checkpoint_lap(4, 0.25) == 2


def test_retirement_hazard_rises_in_changing_conditions_only():
    table = pd.DataFrame({"fraction": [0.5, 0.5, 0.75], "kind": ["changing", "stable", "changing"],
                          "retired": [4, 9, 0], "car_laps": [500.0, 500.0, 100.0]})  # fmt: skip
    base = 0.002
    assert drift.pool_retirement_hazard([table], kind="stable", fraction=0.5, base_rate=base) == (
        base,
        0,
    )
    rate, n = drift.pool_retirement_hazard([table], kind="changing", fraction=0.5, base_rate=base)
    prior = drift.HAZARD_PRIOR_CAR_LAPS
    assert n == 1 and rate == pytest.approx((4 + prior * base) / (500 + prior))
    # No crash after the checkpoint: never below the era's rate.
    assert drift.pool_retirement_hazard(
        [table], kind="changing", fraction=0.75, base_rate=base
    ) == (base, 1)
    assert drift.pool_retirement_hazard([], kind="changing", fraction=0.5, base_rate=base) == (
        base,
        0,
    )


@pytest.mark.parametrize(
    ("places", "lo", "hi"),
    [
        ([1] * 85 + [2] * 15, 1, 1),  # a leader at 85 %: the percentile interval was 1-2 (100 %)
        ([1] * 70 + [2] * 30, 1, 2),
        ([3] * 100, 3, 3),
        ([1] * 10 + [2] * 80 + [3] * 10, 2, 2),
        ([1] * 5 + [2] * 90 + [3] * 5, 2, 2),
        (list(range(1, 11)) * 10, 2, 9),
    ],
)
def test_place_interval_puts_each_tail_nearest_ten_percent(places, lo, hi):
    from f1core.strategy.backtest import interval_mass, place_interval

    sims = np.column_stack([places, np.full(len(places), 20)])  # a second car, always last
    got_lo, got_hi = place_interval(sims)
    assert (got_lo[0], got_hi[0]) == (lo, hi) and (got_lo[1], got_hi[1]) == (20, 20)
    assert interval_mass(sims, got_lo, got_hi)[1] == 1.0
