"""Strategy models fitted on the real kit races in a real DuckDB store."""

from __future__ import annotations

import numpy as np
import pytest

from f1core.errors import InvalidStrategy, NoLapData
from f1core.store import SessionKey
from f1core.store.queries import session_table
from f1core.strategy.degradation import fit_degradation
from f1core.strategy.laps import counted_stops, pick_representative_laps
from f1core.strategy.optimiser import optimise_strategy
from f1core.strategy.pit_loss import circuit_pit_loss, pit_loss_table
from f1core.strategy.pit_window import pit_window
from f1core.strategy.race import Strategy, build_race_setup, build_store_context
from f1core.strategy.undercut import undercut_duel
from f1core.strategy.whatif import compare_strategy

CHINA, AUSTRALIA = SessionKey(2025, 2, "R"), SessionKey(2025, 1, "R")


_CONTEXTS: dict[int, object] = {}


def shared_context(store):
    """The store-wide estimates of the session's kit store, built once for both test modules."""
    if id(store) not in _CONTEXTS:
        _CONTEXTS[id(store)] = build_store_context(store)
    return _CONTEXTS[id(store)]


@pytest.fixture(scope="session")
def context(kit_store):
    return shared_context(kit_store)


@pytest.fixture(scope="session")
def china(kit_store, context):
    return build_race_setup(kit_store, CHINA, context)


@pytest.fixture(scope="session")
def australia(kit_store, context):
    return build_race_setup(kit_store, AUSTRALIA, context)


def test_representative_laps_drop_pit_sc_and_traffic_laps(kit_store):
    laps = session_table(kit_store, "laps", CHINA)
    rep = pick_representative_laps(laps)
    assert 500 < len(rep) < len(laps)
    assert rep["pit_in_s"].isna().all() and rep["pit_out_s"].isna().all()
    assert (rep["track_status"] == "1").all()
    assert (rep["gap_ahead_s"].fillna(9) >= 1.0).all()
    assert (rep["lap_number"] > 1).all()


def test_china_degradation_separates_fuel_from_wear(china):
    fit = china.degradation
    assert fit.fuel.source == "fitted"
    assert 0.02 < fit.fuel.s_per_kg < 0.06  # around the 0.03 s/kg teams quote
    assert fit.fuel.se_s_per_lap < 0.01
    med, hard = fit.compounds["MEDIUM"], fit.compounds["HARD"]
    assert med.wear_s_per_lap > hard.wear_s_per_lap > 0  # the softer tyre wears faster
    assert med.offset_s < 0  # and is quicker when new
    for c in (med, hard):
        assert 0 < c.wear_se_s_per_lap < c.wear_s_per_lap / 3
    table = fit.table()
    assert (table["wear_lo95"] < table["wear_s_per_lap"]).all()
    assert fit.points["normalised_s"].between(90, 105).all()


def test_wet_australia_is_flagged_and_fits_intermediates(australia):
    assert australia.wet
    assert "INTERMEDIATE" in australia.degradation.compounds
    assert australia.conditions.count("SC") >= 10  # three safety cars


def test_fitted_compounds_rest_on_enough_laps(kit_store, context):
    from f1core.strategy.degradation import MIN_LAPS_PER_COMPOUND
    from f1core.strategy.pit_loss import race_sessions

    for key in race_sessions(kit_store):
        fit = build_race_setup(kit_store, key, context).degradation
        for c in fit.compounds.values():
            assert (c.source == "fitted") == (c.laps >= MIN_LAPS_PER_COMPOUND), (key, c)
            assert c.source == "fitted" or c.source.startswith("borrowed from ")


def test_sprint_with_one_compound_falls_back_to_the_fuel_prior(kit_store):
    laps = session_table(kit_store, "laps", SessionKey(2025, 6, "S"))
    fit = fit_degradation(laps, total_laps=18)
    assert fit.fuel.source == "prior" and fit.fuel.s_per_kg == 0.03


def test_qualifying_has_no_race_to_simulate(kit_store, context):
    with pytest.raises(NoLapData, match="not a race"):
        build_race_setup(kit_store, SessionKey(2025, 1, "Q"), context)


def test_pit_loss_per_circuit_rests_on_counted_stops(context):
    table = pit_loss_table(context.pit_losses)
    sakhir = table[(table["circuit"] == "Sakhir") & (table["condition"] == "green")].iloc[0]
    assert sakhir["sessions"] == 3 and sakhir["stops"] >= 80
    assert 20 < sakhir["median_loss_s"] < 28
    loss = circuit_pit_loss(table, "Sakhir")
    assert loss.sc_s < loss.green_s and loss.sc_stops > 0
    assert table["stops"].sum() == len(context.pit_losses)


def test_melbourne_sc_stops_are_counted_where_their_time_is_named(context):
    # 2025 Australia: the SC stops on laps 2-4 are the field led through the pit lane on the
    # same tyres (not stops); the SC stops that changed tyres were the weather changes.
    stops = context.pit_losses[context.pit_losses["circuit"] == "Melbourne"]
    sc = stops[stops["condition"] == "SC"]
    assert len(sc) > 0 and sc["lap"].min() > 4
    loss = circuit_pit_loss(pit_loss_table(context.pit_losses), "Melbourne")
    assert loss.sc_stops == len(sc) and loss.green_stops == (stops["condition"] == "green").sum()
    assert loss.sc_s < loss.green_s < sc["loss_s"].median()  # measured, not used: the share
    assert f"the {len(sc)} SC stops measured {sc['loss_s'].median():.1f} s" in loss.note


def test_overtaking_threshold_and_neutralisation_rates(context):
    assert (
        context.threshold_pairs > 1000 and 100 < context.threshold_passes < context.threshold_pairs
    )
    assert 0.3 < context.threshold_s < 2.5
    assert 0.005 < context.sc_rate_per_lap < 0.03  # Ergast: a safety car every ~1-3 races
    assert 1.2 < context.sc_factor < 1.8
    assert 1.5 < context.place_change_sd < 4


def test_grid_from_the_lap_charts_when_results_have_none(china):
    # The 2025 Chinese GP results carry no grid; the lap chart's lap 0 has it (Piastri on pole).
    grid = dict(zip(china.drivers, china.grid, strict=True))
    assert (grid["PIA"], grid["RUS"], grid["NOR"], grid["VER"]) == (1, 2, 3, 4)
    assert sorted(grid.values()) == list(range(1, 21))
    assert 0.2 < china.start.per_slot_s < 1.5  # lap-1 gap per grid slot (s)


def test_actual_strategies_count_tyre_changes_only(china, australia):
    assert china.actual["PIA"] == Strategy(("MEDIUM", "HARD"), (14,), (1, 1))
    assert china.actual["HAM"].stop_laps == (13, 37)
    # Laps 2-4 in Australia were pit-lane passes under the safety car on the same tyres.
    assert australia.actual["NOR"].stop_laps == (34, 44)
    assert australia.actual["NOR"].compounds == ("INTERMEDIATE", "HARD", "INTERMEDIATE")


def test_green_flag_stops_count_even_where_the_tyre_data_is_garbled(kit_store):
    # The 2025 Miami GP's stint records miss most tyre changes; a green-flag stop still is one.
    key = SessionKey(2025, 6, "R")
    stops = counted_stops(
        session_table(kit_store, "laps", key), session_table(kit_store, "pit_stops", key)
    )
    assert len(stops) == 18 and stops["inferred"].sum() >= 10
    aus = counted_stops(
        session_table(kit_store, "laps", AUSTRALIA),
        session_table(kit_store, "pit_stops", AUSTRALIA),
    )
    assert not aus["lap"].isin([2, 3, 4]).any() and len(aus) == 31


def test_a_field_led_through_the_pit_lane_makes_no_stops_despite_garbled_tyre_ages(australia):
    # STR's tyre age restarts at 1 after each of the laps 2-4 passes (so the store flags a
    # change), but the whole field went through the pit lane on the same inters those laps.
    assert australia.actual["STR"] == Strategy(
        ("INTERMEDIATE", "HARD", "INTERMEDIATE"), (33, 44), (1, 2, 1)
    )
    assert all(s.stop_laps[0] > 4 for s in australia.actual.values() if s.stop_laps)


def test_impossible_strategies_on_a_real_race(china):
    for plan, message in [("M-56-H", "after the last racing lap"), ("M-20-M", "two different dry"),
                          ("S-20-H", "SOFT was never run")]:  # fmt: skip
        with pytest.raises(InvalidStrategy, match=message):
            compare_strategy(china, "NOR", Strategy.parse(plan), n_sims=10)


def test_what_if_keeps_the_as_raced_run_and_pairs_the_monte_carlo(china):
    same = compare_strategy(china, "NOR", china.actual["NOR"], n_sims=50)
    assert same.monte_carlo["mean_gain_s"] == pytest.approx(0.0, abs=1e-9)
    # The page's default edit is the raced plan as text (no tyre ages): it gains nothing either.
    typed = compare_strategy(china, "NOR", Strategy.parse(china.actual["NOR"].code()), n_sims=50)
    assert typed.monte_carlo["mean_gain_s"] == pytest.approx(0.0, abs=1e-9)
    moved = compare_strategy(china, "NOR", Strategy.parse("M-22-H"), n_sims=50)
    assert moved.table["run"].tolist() == ["actual race", "simulated as raced", "simulated edited"]
    assert moved.table.loc[0, "position"] == 2
    assert set(moved.gaps["series"]) == {"actual race", "simulated as raced", "simulated edited"}
    real = moved.gaps[moved.gaps["series"] == "actual race"]
    assert real["lap"].tolist() == list(
        range(1, 57)
    )  # every lap of Norris' race, lapped cars or not
    assert real["gap_s"].between(0, 60).all()


def test_optimiser_finds_legal_strategies_with_position_odds(china):
    best = optimise_strategy(china, "NOR", n_sims=100)
    assert best["label"].iloc[0] == "actual"
    assert set(best["stops"]) >= {1, 2, 3}
    for row in best.itertuples():
        plan = Strategy.parse(row.code)
        assert len(set(plan.compounds)) >= 2 and all(0 < s < 56 for s in plan.stop_laps)
        assert sum(row.positions) == pytest.approx(1.0)
    one_stop = best[best["label"] == "1-stop"]
    assert one_stop["clean_air_cost_s"].is_monotonic_increasing
    # China 2025 was a one-stop race: the best 1-stop beats the best 3-stop in expectation.
    assert one_stop["mean_time_s"].min() < best[best["label"] == "3-stop"]["mean_time_s"].min()


def test_undercut_and_pit_window(china):
    duel = undercut_duel(china, "NOR", "PIA", 13)
    assert duel["scenario"].tolist() == ["as raced", "undercut", "overcut"]
    assert duel.loc[1, "attacker_stop"] == 13 and duel.loc[1, "defender_stop"] == 14
    window = pit_window(china, "NOR", range(10, 14), n_sims=50)
    assert window["lap"].tolist() == [10, 11, 12, 13]
    assert np.allclose([sum(d) for d in window["rejoin_dist"]], 1.0)
    assert (window["rejoin_p10"] <= window["rejoin_mean"]).all()
    with pytest.raises(InvalidStrategy, match="outside"):
        pit_window(china, "NOR", range(55, 58), n_sims=10)
    with pytest.raises(InvalidStrategy, match="two different cars"):
        undercut_duel(china, "NOR", "NOR", 13)
    with pytest.raises(InvalidStrategy, match="still be running"):
        undercut_duel(china, "ALO", "NOR", 10)  # Alonso retired on lap 4


def test_optimiser_keeps_every_stint_within_the_longest_seen_plus_margin(kit_store, china):
    from f1core.strategy.race import STINT_MARGIN_LAPS

    laps = session_table(kit_store, "laps", CHINA)
    longest = laps.groupby("compound")["tyre_life"].max()
    for compound, age in longest.items():
        assert china.tyre_age_limit[compound] >= age + STINT_MARGIN_LAPS
    best = optimise_strategy(china, "NOR", n_sims=40)
    for code in best.loc[best["label"] != "actual", "code"]:
        plan = Strategy.parse(code)
        bounds = (0, *plan.stop_laps, china.total_laps)
        for compound, start_age, a, b in zip(
            plan.compounds, plan.ages, bounds, bounds[1:], strict=False
        ):
            assert start_age + (b - a) - 1 <= china.tyre_age_limit[compound], code
