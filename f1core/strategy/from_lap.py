"""A race "as known at lap N": the real state at the end of lap N and a simulation of the rest.

Policy (stated once): everything the simulation of the rest rests on is read from the laps up
to lap N only (``session_table(..., up_to_lap=N)``, the store's convention for the shared
replay clock): the running order, gaps and each car's tyres at lap N; the tyre, fuel and pace
fit; SC/VSC lap-time factors; this race's pit-loss stops (other races' stops are kept). The
laps after N are simulated green in the deterministic run (future neutralisations are not
known) and drawn from the historical rates in Monte Carlo. Each car follows its cheapest
clean-air plan from its current tyres (``rest_of_race.py``) unless it is the car being edited.
The overtaking threshold (the deterministic run's pass rule) and SC/VSC rates pool every stored
race, this one included; the overtake model that decides passes in Monte Carlo is fitted on the
other race weekends only (``priors.race_pass_model``), so it never sees this race's laps.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import replace

import numpy as np
import pandas as pd

from f1core.errors import InvalidStrategy, NoLapData
from f1core.store import SessionKey, Store
from f1core.store.queries import session_row, session_table
from f1core.strategy import pace_model as pm
from f1core.strategy.degradation import complete_compounds, fill_driver_pace, fit_degradation
from f1core.strategy.laps import (
    compound_order,
    counted_stops,
    is_wet_race,
    lap_conditions,
    race_time_table,
)
from f1core.strategy.pit_loss import (
    measure_pit_losses,
)
from f1core.strategy.race import (
    RaceSetup,
    StoreContext,
    actual_strategies,
    build_race_setup,
    encode_actual,
    neutralisation_model,
    pit_loss_or_default,
    ranked_grid,
    tyre_age_limits,
)
from f1core.strategy.rest_of_race import default_plan
from f1core.strategy.simulate import simulate_race

STATE_COLUMNS = ["driver", "position", "running", "laps_done", "compound", "tyre_life", "stint",
                 "stops", "in_pit", "elapsed_s", "gap_s", "interval_s", "laps_left"]  # fmt: skip


def race_state_at_lap(
    laps: pd.DataFrame, pit_stops: pd.DataFrame, lap: int, *, total_laps: int
) -> pd.DataFrame:
    """Each car at the end of ``lap``: place, gap, tyres and stops so far.

    Args:
        laps: the race's ``laps`` table (rows after ``lap`` are ignored).
        pit_stops: its ``pit_stops`` table (same).
        lap: the lap N the race is known up to.
        total_laps: the race distance.

    Returns:
        One row per car (``STATE_COLUMNS``): running cars in their lap-N order, then those out
        of the race by then (most laps first). ``compound``/``tyre_life``/``stint`` are the
        store's values on the car's last lap; ``in_pit`` marks a car that came in on lap N;
        ``gap_s`` is to the leader and ``interval_s`` to the car ahead (NaN when not running).
    """
    known = laps[laps["lap_number"] <= lap]
    if known.empty:
        raise NoLapData(f"No lap of this race is complete by lap {lap}.")
    start = known.loc[known["lap_number"] == 1, "lap_start_s"].min()
    timed = known.dropna(subset=["lap_end_s"]).sort_values(["driver", "lap_number"])
    last = timed.groupby("driver").tail(1).set_index("driver")
    stops = (
        counted_stops(known, pit_stops[pit_stops["lap"] <= lap]) if len(pit_stops) else pit_stops
    )
    out = pd.DataFrame({
        "driver": last.index, "position": last["position"].to_numpy(dtype=float),
        "laps_done": last["lap_number"].to_numpy(dtype=int),
        "compound": last["compound"].to_numpy(), "tyre_life": last["tyre_life"].to_numpy(dtype=float),
        "stint": last["stint"].to_numpy(dtype=float), "in_pit": last["pit_in_s"].notna().to_numpy(),
        "elapsed_s": (last["lap_end_s"] - start).to_numpy(dtype=float),
    })  # fmt: skip
    out["running"] = out["laps_done"] == lap
    out["stops"] = out["driver"].map(stops["driver"].value_counts()).fillna(0).astype(int)
    # Running cars by their lap-N place (race time where the place is missing), then the rest.
    out["_place"] = np.where(out["running"], out["position"].fillna(out["elapsed_s"] + 1e6), np.inf)
    out = out.sort_values(
        ["_place", "laps_done", "elapsed_s"], ascending=[True, False, True], kind="stable"
    )
    out = out.drop(columns="_place").reset_index(drop=True)
    run = out["running"]
    out.loc[run, "position"] = np.arange(1, run.sum() + 1)
    out.loc[~run, "position"] = np.nan
    out.loc[~run, "in_pit"] = False
    out["gap_s"] = np.where(run, out["elapsed_s"] - out.loc[run, "elapsed_s"].min(), np.nan)
    out["interval_s"] = np.where(run, out["elapsed_s"].where(run).diff(), np.nan)
    out["laps_left"] = np.where(run, total_laps - lap, 0)
    return out[STATE_COLUMNS]


def known_elapsed(
    laps: pd.DataFrame, drivers: tuple[str, ...], lap: int, laps_done: np.ndarray
) -> np.ndarray:
    """``(lap, cars)`` real race time at the end of laps 1..``lap``; inf after a car stopped.

    A lap with no end time (a timing gap) takes the previous lap's time, so a running car
    always starts the simulation from a finite time.
    """
    table = race_time_table(laps[laps["lap_number"] <= lap])
    wide = table.pivot(index="lap_number", columns="driver", values="elapsed_s")
    wide = (
        wide.reindex(index=range(1, lap + 1), columns=list(drivers)).ffill().to_numpy(dtype=float)
    )
    after = np.arange(1, lap + 1)[:, None] > np.asarray(laps_done)[None, :]
    return np.where(after | np.isnan(wide), np.inf, wide)


def pit_losses_at_lap(context: StoreContext, key: SessionKey, laps: pd.DataFrame, pit_stops: pd.DataFrame,
                      circuit: str) -> pd.DataFrame:  # fmt: skip
    """The store's measured stops with this race's own limited to stops measurable by lap N.

    ``laps``/``pit_stops`` are this race's rows up to lap N (a stop on lap N is not measured:
    its out-lap is not run yet).
    """
    others = context.pit_losses
    if len(others) and "session" in others:
        others = others[others["session"] != str(key)]
    own = measure_pit_losses(laps, pit_stops).assign(circuit=circuit, session=str(key))
    return pd.concat([f for f in (others, own) if len(f)] or [own], ignore_index=True)


def build_race_setup_at_lap(store: Store, key: SessionKey, context: StoreContext, lap: int, *,
                            pass_model: object | None = None) -> RaceSetup:  # fmt: skip
    """The race as known at the end of ``lap``, ready to simulate the rest (see the module policy).

    A lap at or past the race distance gives the whole-race setup (everything is known).

    Args:
        pass_model: ``overtaking.PassModel`` for Monte Carlo passes; it must not have seen this
            race (``priors.race_pass_model``). None: the threshold decides.

    Raises:
        SessionNotInStore: the race is not stored.
        NoLapData: not a race, no laps by ``lap``, or too few clean laps by then to fit tyres.
    """
    row = session_row(store, key)
    if key.session_code not in {"R", "S"}:
        raise NoLapData(f"{key} is not a race or sprint; the strategy lab works on races.")
    total = int(row.get("total_laps") or store.scalar(
        "SELECT max(lap_number) FROM laps WHERE year = ? AND round = ? AND session_code = ?", key.params()) or 0)  # fmt: skip
    if lap >= total:
        return build_race_setup(store, key, context, pass_model=pass_model)
    if lap < 1:
        raise NoLapData("The replay clock is before the start: no lap has been run yet.")
    laps = session_table(store, "laps", key, up_to_lap=lap)
    pits = session_table(store, "pit_stops", key, up_to_lap=lap)
    state = race_state_at_lap(laps, pits, lap, total_laps=total)
    drivers = tuple(state["driver"])
    running = state["running"].to_numpy()
    done = np.where(running, total, state["laps_done"].to_numpy())
    try:
        fit = fit_degradation(laps, total_laps=total)
    except NoLapData as exc:
        raise NoLapData(f"By lap {lap}: {exc} Move the replay clock on a few laps.") from None
    past = actual_strategies(
        laps, pits, pd.Series(np.where(running, lap + 1, done), index=list(drivers))
    )
    fit = complete_compounds(fit, {c for s in past.values() for c in s.compounds})
    pace = fill_driver_pace(fit, laps, drivers)
    results = session_table(store, "results", key)[
        ["driver", "grid_position", "status"]
    ]  # grid: known before the start
    grid = ranked_grid(store, key, row, results, laps, drivers)
    circuit = str(row.get("circuit") or "")
    pit = pit_loss_or_default(pit_losses_at_lap(context, key, laps, pits, circuit), circuit)
    cond = lap_conditions(laps).reindex(range(1, lap + 1)).fillna("green")
    neutral = neutralisation_model(laps, fit, context)
    setup = RaceSetup(
        key=key, event_name=str(row.get("event_name") or ""), circuit=circuit, total_laps=total,
        drivers=drivers, grid=grid.to_numpy(dtype=float), pace=np.array([pace[d] for d in drivers]),
        degradation=fit, pit=pit, conditions=(*cond, *("green",) * (total - lap)),
        start=pm.fit_start_model(laps, grid, pace, context.place_change_sd), neutral=neutral,
        threshold_s=context.threshold_s, laps_done=done, retired=~running, wet=is_wet_race(laps),
        compounds_seen=tuple(compound_order(laps["compound"].dropna().unique())), actual=past,
        actual_position={d: i + 1 for i, d in enumerate(drivers)}, elapsed=race_time_table(laps),
        from_lap=lap, known_elapsed=known_elapsed(laps, drivers, lap, done),
        tyre_age_limit=tyre_age_limits(store, key, circuit, laps), pass_model=pass_model,
    )  # fmt: skip
    plans = {d: default_plan(setup, d) for d, r in zip(drivers, running, strict=True) if r}
    setup = replace(setup, actual={**past, **plans})
    return replace(setup, encoded=encode_actual(setup))


def projected_finish(setup: RaceSetup, laps: pd.DataFrame, pit_stops: pd.DataFrame) -> pd.DataFrame:
    """The state at lap N (``race_state_at_lap``) with each car's plan and its simulated finish.

    The rest of the race is the deterministic run (green laps, every car on its plan).
    """
    sim = simulate_race(setup, check=False)
    out = race_state_at_lap(laps, pit_stops, setup.from_lap, total_laps=setup.total_laps)
    out["plan"] = [setup.actual[d].describe() for d in out["driver"]]
    order = {d: i for i, d in enumerate(setup.drivers)}
    idx = out["driver"].map(order).to_numpy()
    out["projected_position"] = sim.positions[0, idx]
    t = np.where(out["running"], sim.finish_time()[0, idx], np.nan)
    out["projected_gap_s"] = t - np.nanmin(t) if np.isfinite(t).any() else t
    return out


def describe_at_lap(setup: RaceSetup) -> str:
    """One line for the page: what is known and what is simulated."""
    n = setup.from_lap
    return (f"As known at the end of lap {n} of {setup.total_laps} (shared replay clock): models fitted on laps "
            f"1-{n} only; laps {n + 1}-{setup.total_laps} simulated from the real gaps and tyres, every other "
            "car on its cheapest clean-air plan from here.")  # fmt: skip


def first_open_lap(state: MutableMapping, key: str, known: int, *, hi: int) -> int:
    """First lap a stop can still be picked on (after lap N, and from lap 2), for a lap widget.

    A remembered pick (``state[key]``, a lap or a ``(lo, hi)`` range) that the clock has since
    passed is moved up to that lap, so the widget stays inside its bounds.

    Raises:
        InvalidStrategy: fewer laps are left than the view needs.
    """
    lo = max(2, known + 1)
    if lo >= hi:
        raise InvalidStrategy(
            f"Lap {known} of the shared replay clock leaves too few laps for this view."
        )
    value = state.get(key)
    if isinstance(value, int | float) and value < lo:
        state[key] = lo
    elif isinstance(value, list | tuple) and value and min(value) < lo:
        state[key] = tuple(max(int(v), lo) for v in value)
    return lo
