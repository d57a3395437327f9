"""The 2025 Chinese GP as known at lap 20, from the real kit store: state, no leakage, live calls."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from f1core.errors import InvalidStrategy, NoLapData
from f1core.store import SessionKey, open_store
from f1core.store.queries import session_table
from f1core.strategy.from_lap import (
    build_race_setup_at_lap,
    pit_losses_at_lap,
    projected_finish,
    race_state_at_lap,
)
from f1core.strategy.optimiser import optimise_strategy
from f1core.strategy.race import Strategy
from f1core.strategy.simulate import simulate_race
from f1core.strategy.whatif import compare_strategy
from tests.store.test_strategy_models import shared_context

CHINA, AUSTRALIA, LAP = SessionKey(2025, 2, "R"), SessionKey(2025, 1, "R"), 20


@pytest.fixture(scope="module")
def context(kit_store):
    return shared_context(kit_store)


@pytest.fixture(scope="module")
def at20(kit_store, context):
    return build_race_setup_at_lap(kit_store, CHINA, context, LAP)


@pytest.fixture(scope="module")
def past_only_store(kit_store, tmp_path_factory):
    """A store holding the Chinese GP up to lap 20 only, with its result wiped: no future at all."""
    store = open_store(tmp_path_factory.mktemp("lap20") / "f1.duckdb")
    results = session_table(kit_store, "results", CHINA)
    results[["position", "status", "time_s", "gap_s", "points", "laps"]] = None
    frames = {"sessions": kit_store.query_df("SELECT * FROM sessions WHERE year = ? AND round = ? AND "
                                             "session_code = ?", CHINA.params()),
              "laps": session_table(kit_store, "laps", CHINA, up_to_lap=LAP),
              "pit_stops": session_table(kit_store, "pit_stops", CHINA, up_to_lap=LAP),
              "drivers": session_table(kit_store, "drivers", CHINA), "results": results}  # fmt: skip
    with store.transaction() as cur:
        for table, frame in frames.items():
            cur.register("frame", frame)
            cur.execute(f"INSERT INTO {table} SELECT * FROM frame")  # noqa: S608 - fixed table names
            cur.unregister("frame")
        # The grid is known before the start: the lap charts' lap 0 (the race's results have no grid).
        cur.register(
            "frame", kit_store.query_df("SELECT * FROM lap_charts WHERE year = 2025 AND lap = 0")
        )
        cur.execute("CREATE TABLE lap_charts AS SELECT * FROM frame")
        cur.unregister("frame")
    yield store
    store.close()


def test_state_at_lap_20_is_the_stores_lap_20(kit_store):
    laps = session_table(kit_store, "laps", CHINA)
    state = race_state_at_lap(
        laps, session_table(kit_store, "pit_stops", CHINA), LAP, total_laps=56
    )
    lap20 = laps[laps["lap_number"] == LAP].sort_values("position")
    running = state[state["running"]]
    assert running["driver"].tolist() == lap20["driver"].tolist()
    assert running["position"].tolist() == lap20["position"].astype(float).tolist()
    assert running["compound"].tolist() == lap20["compound"].tolist()
    assert running["tyre_life"].tolist() == lap20["tyre_life"].astype(float).tolist()
    start = laps.loc[laps["lap_number"] == 1, "lap_start_s"].min()
    gaps = lap20["lap_end_s"] - lap20["lap_end_s"].min()
    assert running["gap_s"].to_numpy() == pytest.approx(gaps.to_numpy())
    assert running["elapsed_s"].to_numpy() == pytest.approx((lap20["lap_end_s"] - start).to_numpy())
    assert (running["laps_left"] == 36).all()
    assert set(state.loc[state["in_pit"], "driver"]) == set(
        lap20.loc[lap20["pit_in_s"].notna(), "driver"]
    )
    out = state[~state["running"]]
    assert len(out) == laps["driver"].nunique() - len(lap20) and (out["laps_done"] < LAP).all()


def test_setup_at_lap_20_starts_from_the_real_state(kit_store, at20):
    laps = session_table(kit_store, "laps", CHINA)
    lap20 = laps[laps["lap_number"] == LAP].sort_values("position")
    n = len(lap20)
    assert at20.from_lap == LAP and at20.drivers[:n] == tuple(lap20["driver"])
    np.testing.assert_allclose(
        at20.known_elapsed[-1, :n], lap20["lap_end_s"] - laps["lap_start_s"].min()
    )
    assert set(at20.conditions[LAP:]) == {"green"}  # the future's SC/VSC laps are not known
    # Each running car's encoded tyre on lap 21 continues its lap-20 set (or the set it just fitted).
    comp, age, _ = at20.encoded
    names = list(at20.degradation.compounds)
    pits = session_table(kit_store, "pit_stops", CHINA).set_index(["driver", "lap"])
    for i, row in enumerate(lap20.itertuples(index=False)):
        if (row.driver, LAP) in pits.index:
            assert (
                names[comp[i, LAP]] == pits.loc[(row.driver, LAP), "compound_after"]
                and age[i, LAP] == 1
            )
        else:
            assert names[comp[i, LAP]] == row.compound and age[i, LAP] == row.tyre_life + 1
    # Every plan keeps the real stops up to lap 20.
    stops = session_table(kit_store, "pit_stops", CHINA, up_to_lap=LAP)
    for d, plan in at20.actual.items():
        assert [s for s in plan.stop_laps if s <= LAP] == sorted(
            stops.loc[stops["driver"] == d, "lap"]
        )


def test_models_use_only_laps_up_to_n(at20, past_only_store, context, kit_store):
    # The same setup from a store that has no lap after 20 and no result: nothing came from the future.
    blind = build_race_setup_at_lap(past_only_store, CHINA, context, LAP)
    pd.testing.assert_frame_equal(at20.degradation.table(), blind.degradation.table())
    assert at20.pit == blind.pit and at20.drivers == blind.drivers and at20.actual == blind.actual
    np.testing.assert_array_equal(at20.pace, blind.pace)
    np.testing.assert_array_equal(at20.known_elapsed, blind.known_elapsed)
    np.testing.assert_array_equal(simulate_race(at20).elapsed, simulate_race(blind).elapsed)
    # ... while the whole-race fit does see the later laps (so the check above can fail).
    from f1core.strategy.race import build_race_setup

    whole = build_race_setup(kit_store, CHINA, context)
    assert whole.degradation.table()["laps"].sum() > at20.degradation.table()["laps"].sum()
    assert not np.allclose(
        whole.degradation.table()["wear_s_per_lap"], at20.degradation.table()["wear_s_per_lap"]
    )


def test_pit_loss_at_lap_n_drops_this_races_later_stops(kit_store, context):
    laps = session_table(kit_store, "laps", CHINA, up_to_lap=LAP)
    pits = session_table(kit_store, "pit_stops", CHINA, up_to_lap=LAP)
    stops = pit_losses_at_lap(context, CHINA, laps, pits, "Shanghai")
    own = stops[stops["session"] == str(CHINA)]
    everything = context.pit_losses[context.pit_losses["session"] == str(CHINA)]
    assert len(own) and own["lap"].max() < LAP < everything["lap"].max()
    others = stops[stops["session"] != str(CHINA)]
    assert len(others) == (context.pit_losses["session"] != str(CHINA)).sum()


def test_live_calls_change_only_the_future(at20, kit_store):
    best = optimise_strategy(at20, "NOR", n_sims=60)
    assert best["label"].iloc[0] == "planned" and len(best) > 3
    for code in best["code"]:
        plan = Strategy.parse(code)
        assert plan.stop_laps[0] == 15 and all(
            s > LAP for s in plan.stop_laps[1:]
        )  # NOR stopped on lap 15
    what = compare_strategy(at20, "NOR", Strategy.parse("M-15-H-30-H"), n_sims=40)
    assert what.table["run"].tolist() == [
        "actual to lap N",
        "simulated as planned",
        "simulated edited",
    ]
    assert what.table["position"].iloc[0] == 2  # NOR was second at lap 20
    with pytest.raises(InvalidStrategy, match="Lap 20 has been run"):
        compare_strategy(at20, "NOR", Strategy.parse("M-12-H"), n_sims=10)
    table = projected_finish(at20, session_table(kit_store, "laps", CHINA, up_to_lap=LAP),
                             session_table(kit_store, "pit_stops", CHINA, up_to_lap=LAP))  # fmt: skip
    running = table[table["running"]]
    assert sorted(running["projected_position"]) == list(range(1, len(running) + 1))


def test_too_early_for_a_tyre_fit_is_a_clear_error(kit_store, context):
    with pytest.raises(NoLapData, match="By lap 3"):
        build_race_setup_at_lap(kit_store, AUSTRALIA, context, 3)
    with pytest.raises(NoLapData, match="before the start"):
        build_race_setup_at_lap(kit_store, CHINA, context, 0)


def test_a_lap_past_the_flag_is_the_whole_race(kit_store, context):
    assert build_race_setup_at_lap(kit_store, CHINA, context, 60).from_lap == 0
