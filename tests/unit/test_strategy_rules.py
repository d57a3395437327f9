"""Strategy text, impossible strategies and the optimiser's search space."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from f1core.errors import InvalidStrategy
from f1core.strategy.fuel import fuel_model_from_fit, fuel_penalty_s, prior_fuel_model
from f1core.strategy.laps import classify_track_status, lap_conditions
from f1core.strategy.optimiser import compound_sequences, score_strategies, stop_lap_grid
from f1core.strategy.pit_loss import default_pit_loss
from f1core.strategy.race import Strategy, check_strategy, keep_start_set
from f1core.strategy.simulate import simulate_race
from f1core.strategy.undercut import move_nearest_stop
from tests.unit.test_strategy_helpers import clean_air_time, tiny_setup


@pytest.mark.parametrize(
    ("text", "compounds", "stops"),
    [("M-15-H", ("MEDIUM", "HARD"), (15,)), ("s 10 h 30 m", ("SOFT", "HARD", "MEDIUM"), (10, 30)),
     ("INTERMEDIATE", ("INTERMEDIATE",), ())],
)  # fmt: skip
def test_parse_strategy(text, compounds, stops):
    s = Strategy.parse(text)
    assert (s.compounds, s.stop_laps) == (compounds, stops)
    assert Strategy.parse(s.code()) == s


@pytest.mark.parametrize("text", ["", "M-15", "M-x-H", "banana", "M-10-Q"])
def test_parse_rejects_garbage(text):
    with pytest.raises(InvalidStrategy):
        Strategy.parse(text)


@pytest.mark.parametrize(
    ("plan", "message"),
    [("M-10-H", "after the last racing lap"), ("M-0-H", "before the race starts"),
     ("M-5-M", "two different dry compounds"), ("M-6-H-4-S", "must increase"),
     ("M-5-WET", "never run in this race")],
)  # fmt: skip
def test_impossible_strategies_are_refused(plan, message):
    setup = tiny_setup(laps=10)
    with pytest.raises(InvalidStrategy, match=message):
        check_strategy(setup, "D1", Strategy.parse(plan))
    with pytest.raises(InvalidStrategy):
        simulate_race(setup, {"D1": Strategy.parse(plan)})


def test_moving_a_stop_needs_a_stop():
    assert move_nearest_stop(Strategy.parse("M-10-H-30-H"), 27).stop_laps == (10, 27)
    with pytest.raises(InvalidStrategy, match="no tyre stop"):
        move_nearest_stop(Strategy(("INTERMEDIATE",)), 10, driver="ALO")


def test_unknown_driver_is_refused():
    with pytest.raises(InvalidStrategy, match="did not take part"):
        check_strategy(tiny_setup(), "XXX", Strategy.parse("M-5-H"))


@pytest.mark.parametrize(("status", "condition"), [("1", "green"), ("12", "green"), ("4", "SC"),
                                                   ("124", "SC"), ("5", "SC"), ("6", "VSC"), ("71", "green"),
                                                   (None, "green")])  # fmt: skip
def test_track_status_digits(status, condition):
    assert classify_track_status(status) == condition


def test_lap_condition_is_what_most_cars_saw():
    laps = pd.DataFrame(
        {"lap_number": [1, 1, 1, 2, 2, 2], "track_status": ["1", "1", "4", "4", "4", "1"]}
    )
    assert lap_conditions(laps).to_dict() == {1: "green", 2: "SC"}


def test_fuel_prior_replaces_implausible_fits():
    assert fuel_model_from_fit(0.06, 0.001, 57).source == "fitted"
    assert fuel_model_from_fit(-0.02, 0.001, 57).source == "prior"
    prior = prior_fuel_model(50)
    assert prior.s_per_lap == pytest.approx(0.03 * 100 / 50)
    assert fuel_penalty_s(prior, 50) == pytest.approx(prior.s_per_lap)
    assert fuel_penalty_s(prior, 1) == pytest.approx(50 * prior.s_per_lap)


def test_stop_lap_grid_keeps_minimum_stints():
    grid = stop_lap_grid(20, 2, min_stint=3)
    assert len(grid) > 0
    assert (grid[:, 0] >= 3).all() and (20 - grid[:, 1] >= 3).all()
    assert (np.diff(grid, axis=1) >= 3).all()
    assert len(stop_lap_grid(20, 1, min_stint=3)) == 15


def test_dry_rule_in_compound_sequences():
    seqs = compound_sequences(["SOFT", "MEDIUM", "HARD"], 2, dry_rule=True)
    assert ("SOFT", "SOFT") not in seqs and ("SOFT", "HARD") in seqs
    assert len(seqs) == 6
    assert len(compound_sequences(["SOFT", "MEDIUM", "HARD"], 2, dry_rule=False)) == 9


def test_closed_form_cost_ranks_like_the_lap_by_lap_sum():
    setup = tiny_setup(pace=(90.0,), laps=12)
    scored = score_strategies(setup, 1, ["SOFT", "MEDIUM", "HARD"])
    times = [
        clean_air_time(setup, 0, Strategy(tuple(r.compounds), tuple(r.stop_laps)))
        for r in scored.itertuples()
    ]
    offsets = np.array(times) - scored["cost_s"].to_numpy()
    assert np.ptp(offsets) == pytest.approx(
        0, abs=1e-6
    )  # same constant (pace, fuel, start) for all


def test_circuit_without_measured_stops_gets_a_flagged_default():
    loss = default_pit_loss("Nowhere")
    assert loss.green_stops == 0 and "no stop measured at Nowhere" in loss.note
    assert loss.sc_s < loss.vsc_s < loss.green_s


def test_edited_strategy_keeps_the_used_starting_set():
    actual = Strategy(("MEDIUM", "HARD"), (4,), (6, 1))
    assert keep_start_set(Strategy.parse("M-10-H"), actual).ages == (6, 1)
    assert keep_start_set(Strategy.parse("H-10-M"), actual).ages == (1, 1)
    # The raced plan typed back in is the raced plan: every set keeps its real age.
    used_later = Strategy(("MEDIUM", "HARD", "MEDIUM"), (4, 30), (6, 2, 1))
    assert keep_start_set(Strategy.parse("M-4-H-30-M"), used_later) == used_later
    assert keep_start_set(Strategy.parse("M-4-H-31-M"), used_later).ages == (6, 1, 1)


def _stints(stop_laps, total: int) -> list[int]:
    bounds = (0, *stop_laps, total)
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


def test_optimiser_never_offers_a_stint_past_the_compound_age_limit():
    from dataclasses import replace

    free = tiny_setup(pace=(90.0,), laps=24)
    unlimited = score_strategies(free, 1, ["SOFT", "MEDIUM", "HARD"])
    long_soft = [
        max(n for c, n in zip(r.compounds, _stints(r.stop_laps, 24), strict=True) if c == "SOFT")
        for r in unlimited.itertuples()
        if "SOFT" in r.compounds
    ]
    assert max(long_soft) > 8  # without a limit the cheap soft is run long
    limited = score_strategies(
        replace(free, tyre_age_limit={"SOFT": 8}), 1, ["SOFT", "MEDIUM", "HARD"]
    )
    assert len(limited)
    for r in limited.itertuples():
        for compound, laps in zip(r.compounds, _stints(r.stop_laps, 24), strict=True):
            assert compound != "SOFT" or laps <= 8
