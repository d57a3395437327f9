"""The vectorised simulator against plain-Python references on tiny hand-built races."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from f1core.strategy.pace_model import FOLLOW_GAP_S, SC_GAP_S
from f1core.strategy.race import Strategy
from f1core.strategy.simulate import draw_race, run_laps, simulate_race, steward_penalties
from tests.unit.test_strategy_helpers import clean_air_time, tiny_setup


def test_lone_car_matches_lap_by_lap_sum():
    setup = tiny_setup(pace=(90.0,), laps=12)
    plan = Strategy(("SOFT", "HARD", "MEDIUM"), (4, 8))
    sim = simulate_race(setup, {"D1": plan})
    assert sim.finish_time()[0, 0] == pytest.approx(clean_air_time(setup, 0, plan), abs=1e-6)


def test_slower_car_ahead_holds_up_a_car_below_the_threshold():
    # D2 starts behind and is 0.4 s/lap faster: not enough to pass (threshold 1 s).
    setup = tiny_setup(pace=(90.4, 90.0), threshold_s=1.0, laps=10)
    sim = simulate_race(setup)
    e = sim.elapsed[0]
    assert (e[:, 1] >= e[:, 0] + FOLLOW_GAP_S - 1e-6).all()
    assert list(sim.positions[0]) == [1, 2]


def test_car_faster_than_the_threshold_gets_by():
    setup = tiny_setup(pace=(92.0, 90.0), threshold_s=1.0, laps=10)
    sim = simulate_race(setup)
    assert list(sim.positions[0]) == [2, 1]


def test_retired_car_is_classified_last_and_blocks_nobody():
    setup = tiny_setup(pace=(95.0, 90.0, 90.2), laps=10, laps_done=(3, 10, 10), threshold_s=9.0)
    sim = simulate_race(setup, conditions="actual")
    assert sim.positions[0, 0] == 3
    assert np.isinf(sim.elapsed[0, 3:, 0]).all()
    assert np.isfinite(sim.elapsed[0, :, 1:]).all()


def test_safety_car_bunches_the_field():
    cond = ["green"] * 5 + ["SC"] * 3 + ["green"] * 2
    setup = tiny_setup(pace=(88.0, 90.0, 92.0), laps=10, conditions=cond, threshold_s=9.0)
    sim = simulate_race(setup)
    e = sim.elapsed[0]
    spread_before, spread_after_sc = e[4].max() - e[4].min(), e[7].max() - e[7].min()
    assert spread_before > 10
    assert spread_after_sc == pytest.approx(2 * SC_GAP_S, abs=1e-6)


def test_stop_under_safety_car_costs_less():
    cond = ["green"] * 5 + ["SC"] * 2 + ["green"] * 3
    setup = tiny_setup(pace=(90.0,), laps=10, conditions=cond)
    under_sc = simulate_race(setup, {"D1": Strategy(("MEDIUM", "HARD"), (6,))}).finish_time()[0, 0]
    green = simulate_race(setup, {"D1": Strategy(("MEDIUM", "HARD"), (3,))}).finish_time()[0, 0]
    assert under_sc < green


def _naive_run(free, loss, cond, grid, threshold):
    """Plain-Python reference of ``run_laps`` (one car at a time, one sim at a time)."""
    sims, n, cars = free.shape
    out = np.empty_like(free)
    for s in range(sims):
        cum = [(g - 1) * 1e-6 for g in grid]
        for lap in range(n):
            order = sorted(range(cars), key=lambda c: cum[c])
            gap = SC_GAP_S if cond[s, lap] == 1 else FOLLOW_GAP_S
            new = {}
            for k, car in enumerate(order):
                t = cum[car] + free[s, lap, car]
                if k > 0 and np.isfinite(t):
                    ahead = order[k - 1]
                    passes = (
                        cond[s, lap] == 0 and free[s, lap, ahead] - free[s, lap, car] >= threshold
                    )
                    if (
                        np.isfinite(free[s, lap, ahead]) and not passes
                    ):  # a retired car blocks nobody
                        t = max(t, new[ahead] + gap)
                new[car] = t
            if cond[s, lap] == 1:
                lead = order[0]
                new[lead] += free[s, lap, lead] * (1 / 0.9 - 1)
                queue = [car for car in order if np.isfinite(new[car])]
                for k in range(1, len(queue)):
                    new[queue[k]] = max(new[queue[k]], new[queue[k - 1]] + SC_GAP_S)
            for car in range(cars):
                cum[car] = new[car] + loss[s, lap, car]
            out[s, lap] = cum
    return out


@pytest.mark.parametrize(("seed", "sims"), [(1, 4), (2, 4), (3, 1), (4, 1)])
def test_vectorised_laps_equal_the_naive_loop(seed, sims):
    rng = np.random.default_rng(seed)
    n, cars = 15, 8
    free = 90 + rng.normal(0, 0.8, (sims, n, cars)) + np.linspace(0, 1.5, cars)
    loss = (rng.random((sims, n, cars)) < 0.05) * 20.0
    cond = (rng.random((sims, n)) < 0.15).astype(np.int8)
    free[:, 9:, 2] = np.inf  # a retirement after lap 9
    grid = np.arange(1, cars + 1, dtype=float)
    fast = run_laps(free, loss, cond, grid, 0.7)
    np.testing.assert_allclose(fast, _naive_run(free, loss, cond, grid, 0.7), atol=1e-6)


def test_common_random_numbers_make_strategy_comparisons_paired():
    setup = tiny_setup(laps=20, sc_rate=0.05)
    draws = draw_race(setup, 64, seed=7)
    again = draw_race(setup, 64, seed=7)
    np.testing.assert_array_equal(draws.conditions, again.conditions)
    a = simulate_race(setup, mode="monte_carlo", draws=draws)
    b = simulate_race(
        setup, {"D1": Strategy(("SOFT", "HARD"), (8,))}, mode="monte_carlo", draws=again
    )
    np.testing.assert_array_equal(a.conditions, b.conditions)
    other = a.finish_time()[:, 2] - b.finish_time()[:, 2]
    assert np.abs(other).max() < 25  # D3's random race is the same; only D1's plan changed
    assert (a.conditions == 1).any()  # some safety cars were drawn at 5% per lap


def test_monte_carlo_positions_are_a_permutation_per_race():
    setup = tiny_setup(pace=(90.0, 90.2, 90.4, 90.6), laps=15)
    sim = simulate_race(setup, mode="monte_carlo", n_sims=50, seed=3)
    assert (np.sort(sim.positions, axis=1) == np.arange(1, 5)).all()


def test_stewards_penalise_and_disqualify_at_their_rates_after_the_flag():
    # Cars about 4 s apart on road: a 10 s penalty drops a car a place, a DSQ to the back.
    setup = replace(tiny_setup(pace=(90.0, 94.0, 98.0), laps=1, threshold_s=99.0),
                    penalty_rate=0.3, penalty_sizes_s=(10.0,), dsq_rate=0.1)  # fmt: skip
    sim = simulate_race(setup, mode="monte_carlo", n_sims=4000, seed=5)
    penalty = steward_penalties(setup, draw_race(setup, 4000, seed=5))
    assert np.isinf(penalty).mean() == pytest.approx(0.1, abs=0.015)
    assert (penalty == 10.0).mean() == pytest.approx(0.3, abs=0.02)
    assert (np.sort(sim.positions, axis=1) == np.arange(1, 4)).all()
    leader_out = np.isinf(penalty[:, 0]) & ~np.isinf(penalty[:, 1:]).any(axis=1)
    assert leader_out.sum() > 200 and (sim.positions[leader_out, 0] == 3).all()
    second_penalised = (penalty[:, 1] == 10.0) & (penalty[:, [0, 2]] == 0).all(axis=1)
    assert second_penalised.sum() > 300 and (sim.positions[second_penalised, 1] == 3).all()
    clean = (penalty == 0).all(axis=1)
    assert (sim.positions[clean] == [1, 2, 3]).all()
    # The lap times are the road's: the penalty is in the classification only.
    road = simulate_race(replace(setup, penalty_rate=0.0, dsq_rate=0.0), mode="monte_carlo",
                         n_sims=4000, seed=5)  # fmt: skip
    np.testing.assert_allclose(sim.finish_time(), road.finish_time())
