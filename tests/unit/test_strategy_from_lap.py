"""The race as known at lap N, on tiny hand-built frames and races (invented numbers by design)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from f1core.errors import InvalidStrategy, NoLapData
from f1core.strategy.from_lap import first_open_lap, known_elapsed, race_state_at_lap
from f1core.strategy.plan import keep_start_set
from f1core.strategy.race import Strategy, check_strategy
from f1core.strategy.rest_of_race import (
    current_set,
    future_stop_grid,
    rule_ok,
    score_remaining,
    stop_at,
)
from f1core.strategy.simulate import encode_strategies, simulate_race
from tests.unit.test_strategy_helpers import tiny_setup


def _laps(rows) -> pd.DataFrame:
    cols = ["driver", "lap_number", "position", "compound", "tyre_life", "stint", "pit_in_s",
            "lap_start_s", "lap_end_s", "track_status"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def _race() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Three cars, three laps: B passes A on lap 2, C stops in lap 2 and retires after it."""
    laps = _laps([
        ("A", 1, 1, "SOFT", 3, 1, np.nan, 0.0, 90.0, "1"), ("B", 1, 2, "SOFT", 3, 1, np.nan, 0.5, 91.0, "1"),
        ("C", 1, 3, "HARD", 1, 1, np.nan, 1.0, 93.0, "1"), ("A", 2, 2, "SOFT", 4, 1, np.nan, 90.0, 182.0, "1"),
        ("B", 2, 1, "SOFT", 4, 1, np.nan, 91.0, 181.0, "1"), ("C", 2, 3, "HARD", 2, 1, 180.0, 93.0, 190.0, "1"),
        ("A", 3, 2, "SOFT", 5, 1, np.nan, 182.0, 273.5, "1"), ("B", 3, 1, "SOFT", 5, 1, np.nan, 181.0, 271.0, "1"),
    ])  # fmt: skip
    pits = pd.DataFrame({"driver": ["C"], "lap": [2], "compound_before": ["HARD"],
                         "compound_after": [None], "tyre_change": [True]})  # fmt: skip
    return laps, pits


def test_state_at_lap_orders_the_field_and_measures_gaps():
    laps, pits = _race()
    state = race_state_at_lap(laps, pits, 2, total_laps=10)
    assert state["driver"].tolist() == ["B", "A", "C"]
    assert state["position"].tolist() == [1, 2, 3]
    assert state["gap_s"].tolist() == pytest.approx([0.0, 1.0, 9.0])
    assert state["interval_s"].tolist()[1:] == pytest.approx([1.0, 8.0])
    assert state["in_pit"].tolist() == [False, False, True]
    assert state["stops"].tolist() == [0, 0, 1]
    assert state["tyre_life"].tolist() == [4, 4, 2] and state["laps_left"].tolist() == [8, 8, 8]


def test_state_ignores_laps_after_n_and_puts_cars_out_of_the_race_last():
    laps, pits = _race()
    state = race_state_at_lap(laps, pits, 3, total_laps=10)
    assert state["driver"].tolist() == ["B", "A", "C"]
    out = state.set_index("driver").loc["C"]
    assert not out["running"] and out["laps_done"] == 2 and np.isnan(out["position"])
    assert np.isnan(out["gap_s"]) and out["laps_left"] == 0
    # The future does not change the state at lap 2.
    pd.testing.assert_frame_equal(race_state_at_lap(laps, pits, 2, total_laps=10),
                                  race_state_at_lap(laps[laps["lap_number"] <= 2], pits, 2, total_laps=10))  # fmt: skip


def test_state_before_any_lap_is_a_clear_error():
    laps, pits = _race()
    with pytest.raises(NoLapData, match="lap 0"):
        race_state_at_lap(laps, pits, 0, total_laps=10)


def test_known_elapsed_fills_timing_gaps_and_ends_at_retirement():
    laps, _ = _race()
    laps.loc[(laps["driver"] == "A") & (laps["lap_number"] == 2), "lap_end_s"] = np.nan
    known = known_elapsed(laps, ("A", "B", "C"), 3, np.array([10, 10, 2]))
    assert known[:, 0].tolist() == [90.0, 90.0, 273.5]  # lap 2 gap takes lap 1's time
    assert known[:, 1].tolist() == [91.0, 181.0, 271.0]
    assert known[:2, 2].tolist() == [93.0, 190.0] and np.isinf(known[2, 2])


def test_simulating_from_lap_n_of_a_simulated_race_gives_the_same_race():
    # A race simulated whole, then again from its own lap-4 gaps: the rest must match exactly.
    setup = tiny_setup(pace=(90.0, 90.4, 91.5), laps=10, threshold_s=0.3)
    whole = simulate_race(setup).elapsed[0]
    at4 = replace(setup, from_lap=4, known_elapsed=whole[:4].copy(), encoded=None)
    again = simulate_race(at4).elapsed[0]
    np.testing.assert_allclose(again, whole, rtol=0, atol=1e-9)
    # ... and the known laps are the ones passed in, not re-simulated.
    moved = whole[:4].copy()
    moved[:, 2] -= 30.0  # car 3 was really 30 s further up the road
    far = simulate_race(replace(at4, known_elapsed=moved)).elapsed[0]
    np.testing.assert_allclose(far[:4], moved)
    assert far[-1, 2] < whole[-1, 2] - 20


def test_monte_carlo_from_lap_n_keeps_the_known_laps():
    setup = tiny_setup(pace=(90.0, 90.4, 91.5), laps=10, sc_rate=0.2)
    known = simulate_race(setup).elapsed[0, :6]
    sim = simulate_race(
        replace(setup, from_lap=6, known_elapsed=known), mode="monte_carlo", n_sims=50
    )
    np.testing.assert_allclose(sim.elapsed[:, :6], np.broadcast_to(known, (50, *known.shape)))
    assert np.isfinite(sim.elapsed[:, 6:]).all()


def test_a_car_out_by_lap_n_stays_out():
    setup = tiny_setup(pace=(90.0, 90.4, 91.5), laps=10, laps_done=(10, 3, 10))
    known = np.array([[90.0, 91.0, 92.0], [180.0, 181.0, 183.0], [270.0, 272.0, 275.0],
                      [360.0, np.inf, 366.0]])  # fmt: skip
    sim = simulate_race(replace(setup, from_lap=4, known_elapsed=known))
    assert np.isinf(sim.elapsed[0, 3:, 1]).all() and sim.positions[0, 1] == 3
    assert list(sim.positions[0, [0, 2]]) == [1, 2]


def _brute_cost(fits, from_lap, total, current, age, stops, seq, pit_s) -> float:
    """The clean-air cost of the rest of a race, lap by lap (the reference)."""
    cost, comp, a, k = 0.0, current, age, 0
    for lap in range(from_lap + 1, total + 1):
        cost += fits[comp].offset_s + fits[comp].wear_s_per_lap * a
        if k < len(stops) and lap == stops[k]:
            cost, comp, a, k = cost + pit_s, seq[k], 1, k + 1
        else:
            a += 1
    return cost


@pytest.mark.parametrize("stops", [0, 1, 2])
def test_rest_of_race_scores_match_a_lap_by_lap_sum(stops):
    fits = tiny_setup().degradation.compounds
    scored = score_remaining(fits, from_lap=5, total_laps=16, current="SOFT", age_next=7, used={"SOFT", "HARD"},
                             wet=False, stops=stops, compounds=["SOFT", "MEDIUM", "HARD"], pit_loss_s=20.0)  # fmt: skip
    assert len(scored)
    for row in scored.itertuples(index=False):
        assert all(lap > 5 for lap in row.stop_laps)
        ref = _brute_cost(fits, 5, 16, "SOFT", 7, row.stop_laps, row.compounds, 20.0)
        assert row.cost_s == pytest.approx(ref, abs=1e-9)
    assert scored["cost_s"].is_monotonic_increasing


def test_rest_of_race_respects_the_two_compound_rule():
    fits = tiny_setup().degradation.compounds
    none = score_remaining(fits, from_lap=5, total_laps=16, current="SOFT", age_next=7, used={"SOFT"},
                           wet=False, stops=0, compounds=["SOFT", "MEDIUM"], pit_loss_s=20.0)  # fmt: skip
    assert none.empty  # staying out on the only dry compound run is not legal
    one = score_remaining(fits, from_lap=5, total_laps=16, current="SOFT", age_next=7, used={"SOFT"},
                          wet=False, stops=1, compounds=["SOFT", "MEDIUM"], pit_loss_s=20.0)  # fmt: skip
    assert set(one["compounds"]) == {("MEDIUM",)}
    assert rule_ok({"SOFT", "HARD"}, (), wet=False) and rule_ok({"SOFT"}, (), wet=True)
    assert not rule_ok({"SOFT"}, ("SOFT",), wet=False)


def test_future_stop_grid_leaves_the_last_stint_long_enough():
    grid = future_stop_grid(10, 20, 2)
    assert grid.min() == 11 and grid.max() == 17
    assert (np.diff(grid, axis=1) >= 3).all()
    assert future_stop_grid(10, 20, 0).shape == (1, 0)


def test_current_set_counts_age_from_the_last_known_stop():
    plan = Strategy(("MEDIUM", "HARD", "SOFT"), (8, 30), (3, 1, 1))
    assert current_set(plan, 20) == ("HARD", 13, {"MEDIUM", "HARD"})
    assert current_set(plan, 5) == ("MEDIUM", 8, {"MEDIUM"})  # 3 on lap 1, 8 on lap 6


def _at_lap(n: int = 6):
    plans = {"D1": Strategy(("MEDIUM", "HARD"), (4,)), "D2": Strategy(("MEDIUM", "HARD"), (8,)),
             "D3": Strategy(("MEDIUM",), ())}  # fmt: skip
    setup = tiny_setup(laps=14, strategies=plans)
    known = simulate_race(setup).elapsed[0, :n]
    setup = replace(setup, from_lap=n, known_elapsed=known, encoded=None)
    return replace(setup, encoded=encode_strategies(setup, {}))


def test_past_stints_are_fixed_and_future_stops_are_free():
    setup = _at_lap(6)
    check_strategy(setup, "D1", Strategy.parse("M-4-H-10-S"))
    check_strategy(setup, "D2", Strategy.parse("M-7-H"))
    with pytest.raises(
        InvalidStrategy, match="Lap 6 has been run: D1's stints up to lap 6 are fixed"
    ):
        check_strategy(setup, "D1", Strategy.parse("M-5-H"))
    with pytest.raises(InvalidStrategy, match="fixed"):
        check_strategy(setup, "D1", Strategy.parse("M-4-S"))
    with pytest.raises(InvalidStrategy, match="fixed"):
        check_strategy(setup, "D2", Strategy.parse("H-9-M"))


def test_known_stints_keep_their_real_tyre_age():
    actual = Strategy(("MEDIUM", "HARD", "HARD"), (4, 11), (5, 2, 1))
    kept = keep_start_set(Strategy.parse("M-4-H-9-S"), actual, from_lap=6)
    assert kept.ages == (5, 2, 1)
    assert keep_start_set(Strategy.parse("M-4-H-9-S"), actual).ages == (
        5,
        1,
        1,
    )  # whole race: start set only


def test_stop_at_moves_a_planned_stop_or_adds_one():
    setup = _at_lap(6)
    assert stop_at(setup, "D2", 10).stop_laps == (10,)
    added = stop_at(setup, "D3", 9)  # no stop planned: one more, onto a new compound (dry rule)
    assert (
        added.stop_laps == (9,)
        and added.compounds[0] == "MEDIUM"
        and added.compounds[1] != "MEDIUM"
    )
    moved = stop_at(setup, "D1", 9)  # the lap-4 stop is history: a second stop is added
    assert moved.stop_laps == (4, 9)
    with pytest.raises(InvalidStrategy, match="Lap 5 has been run"):
        stop_at(setup, "D2", 5)


def test_first_open_lap_moves_a_stale_pick_after_lap_n():
    state = {"lap": 10, "window": (8, 30)}
    assert first_open_lap(state, "lap", 20, hi=52) == 21 and state["lap"] == 21
    assert first_open_lap(state, "window", 20, hi=54) == 21 and state["window"] == (21, 30)
    assert first_open_lap({}, "lap", 0, hi=52) == 2
    with pytest.raises(InvalidStrategy, match="too few laps"):
        first_open_lap({}, "lap", 52, hi=52)


def test_rest_of_race_keeps_used_and_new_sets_within_their_age_limits():
    fits = tiny_setup().degradation.compounds
    args = dict(from_lap=5, total_laps=30, current="SOFT", age_next=7, used={"SOFT", "HARD"}, wet=False,
                compounds=["SOFT", "MEDIUM", "HARD"], pit_loss_s=20.0)  # fmt: skip
    limits = {"SOFT": 12, "MEDIUM": 14, "HARD": 40}
    for stops in (0, 1, 2):
        scored = score_remaining(fits, stops=stops, age_limits=limits, **args)
        for row in scored.itertuples(index=False):
            bounds = (5, *row.stop_laps, 30)
            lengths = [b - a for a, b in zip(bounds, bounds[1:], strict=False)]
            assert 7 + lengths[0] - 1 <= 12  # the used soft (age 7 on lap 6)
            for compound, laps in zip(row.compounds, lengths[1:], strict=True):
                assert laps <= limits[compound]
    assert score_remaining(fits, stops=0, age_limits=limits, **args).empty  # 25 more laps on it: no
    worn = score_remaining(fits, stops=1, age_limits=limits, **{**args, "age_next": 14})
    assert (
        len(worn) and worn["stop_laps"].map(lambda s: s[0]).max() <= 5 + 3
    )  # past its limit: stop soon
