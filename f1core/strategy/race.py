"""A race as the simulator sees it: drivers, grid, pace, tyres, pit loss, neutralisations, strategies.

``priors.build_store_context`` measures what rests on every stored race (pit loss per circuit,
the overtaking threshold, SC/VSC factors and rates); ``build_race_setup`` adds one race's own fit.
Both are plain frozen values, safe to cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from f1core.errors import InvalidStrategy, NoLapData
from f1core.store import SessionKey, Store
from f1core.store.queries import session_row, session_table
from f1core.strategy import pace_model as pm
from f1core.strategy.degradation import (
    DegradationFit,
    complete_compounds,
    fill_driver_pace,
    fit_degradation,
)
from f1core.strategy.encoding import Encoded, encode_plans
from f1core.strategy.laps import (
    DRY_COMPOUNDS,
    UNKNOWN_COMPOUND,
    compound_order,
    counted_stops,
    is_wet_race,
    lap_conditions,
    race_time_table,
)
from f1core.strategy.pit_loss import PitLoss, circuit_pit_loss, default_pit_loss, pit_loss_table
from f1core.strategy.plan import SHORT, Strategy, keep_start_set  # noqa: F401 - re-exported
from f1core.strategy.priors import StoreContext, build_store_context  # noqa: F401 - re-exported

RETIRED_STATUSES = {"Retired", "Disqualified", "Did not start", "DNF", "DSQ"}


@dataclass(frozen=True)
class RaceSetup:
    """One race ready to simulate; arrays are indexed like ``drivers``."""

    key: SessionKey
    event_name: str
    circuit: str
    total_laps: int
    drivers: tuple[str, ...]
    grid: np.ndarray
    pace: np.ndarray
    degradation: DegradationFit
    pit: PitLoss
    conditions: tuple[str, ...]
    start: pm.StartModel
    neutral: pm.NeutralisationModel
    threshold_s: float
    laps_done: np.ndarray
    retired: np.ndarray
    wet: bool
    compounds_seen: tuple[str, ...]
    actual: dict[str, Strategy] = field(repr=False)
    actual_position: dict[str, int] = field(repr=False)
    elapsed: pd.DataFrame = field(repr=False)
    #: ``encode_actual`` of the strategies in ``actual``, filled by ``build_race_setup``.
    encoded: tuple | None = field(default=None, repr=False, compare=False)
    #: Laps already run when the race is taken "as known at lap N" (0: the whole race is simulated).
    from_lap: int = 0
    #: ``(from_lap, cars)`` real race time at the end of laps 1..N (inf: not running), see ``from_lap.py``.
    known_elapsed: np.ndarray | None = field(default=None, repr=False, compare=False)
    #: Retirements per car per lap after ``from_lap`` drawn in Monte Carlo (0: only the real ones).
    retire_rate_per_lap: float = 0.0
    #: Standard error of each car's fitted pace (s); drawn in Monte Carlo with the tyre
    #: parameters' errors when ``param_uncertainty`` is on.
    pace_se: np.ndarray | None = field(default=None, repr=False, compare=False)
    param_uncertainty: bool = False
    #: Spread (s) of one stop's loss around the circuit's median, drawn per stop in Monte Carlo.
    pit_loss_sd_s: float = 0.0
    #: Oldest tyre age per compound a plan may reach (``tyre_age_limits``); linear wear is not
    #: trusted beyond it, so the optimiser and the rivals' plans never go there.
    tyre_age_limit: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    #: ``overtaking.PassModel`` clearing close cars in Monte Carlo (None: ``threshold_s`` decides).
    pass_model: object | None = field(default=None, repr=False, compare=False)
    #: Spread (s/lap) of each car's pace drift after ``from_lap``, drawn once per car and race in
    #: Monte Carlo (conditions change after lap N in ways no lap-N fit can see).
    pace_drift_sd_s: float = 0.0
    #: Stewards after the flag, drawn per car in Monte Carlo (``priors.steward_prior``): the
    #: share of cars whose classified time carries a penalty (its size drawn from
    #: ``penalty_sizes_s``) and the share disqualified (classified last).
    penalty_rate: float = 0.0
    penalty_sizes_s: tuple[float, ...] = field(default=(), repr=False, compare=False)
    dsq_rate: float = 0.0

    def laps_by_driver(self) -> dict[str, int]:
        """Laps each driver completed in the real race."""
        return {d: int(n) for d, n in zip(self.drivers, self.laps_done, strict=True)}

    def index(self, driver: str) -> int:
        """Position of ``driver`` in the arrays.

        Raises:
            InvalidStrategy: the driver did not start this race.
        """
        try:
            return self.drivers.index(driver)
        except ValueError:
            raise InvalidStrategy(f"{driver} did not take part in {self.key}.") from None


def actual_strategies(
    laps: pd.DataFrame, pit_stops: pd.DataFrame, laps_done: pd.Series
) -> dict[str, Strategy]:
    """The tyre strategy each driver actually ran (stops that changed tyres, see ``counted_stops``)."""
    stops_all = counted_stops(laps, pit_stops)
    laps = laps.assign(compound=laps["compound"].fillna(UNKNOWN_COMPOUND))
    by_lap = laps.set_index(["driver", "lap_number"])
    out = {}
    for driver, done in laps_done.items():
        first = by_lap.loc[(driver, 1)] if (driver, 1) in by_lap.index else None
        comps = [first["compound"] if first is not None else UNKNOWN_COMPOUND]
        age0 = first["tyre_life"] if first is not None else 1
        ages = [int(age0) if pd.notna(age0) else 1]
        stops = []
        for stop in (
            stops_all[stops_all["driver"] == driver].sort_values("lap").itertuples(index=False)
        ):
            if not 1 <= stop.lap < done or (stops and stop.lap <= stops[-1]):
                continue
            out_lap = (driver, int(stop.lap) + 1)
            comp = stop.compound_after or (
                by_lap.loc[out_lap, "compound"] if out_lap in by_lap.index else None
            )
            age = (
                1
                if stop.inferred
                else by_lap.loc[out_lap, "tyre_life"]
                if out_lap in by_lap.index
                else 1
            )
            stops.append(int(stop.lap))
            comps.append(comp or UNKNOWN_COMPOUND)
            ages.append(int(age) if pd.notna(age) else 1)
        out[driver] = Strategy(tuple(comps), tuple(stops), tuple(ages))
    return out


def _grid(
    store: Store, key: SessionKey, row: dict, results: pd.DataFrame, laps: pd.DataFrame
) -> pd.Series:
    grid = results.set_index("driver")["grid_position"].dropna().astype(float)
    grid = grid[grid > 0]
    if len(grid) < len(results) - 2:
        drivers = session_table(store, "drivers", key)
        grid = pm.grid_from_lap_charts(store, key.year, str(row["event_name"]), drivers)
    lap1 = laps[laps["lap_number"] == 1].set_index("driver")["position"].astype(float)
    missing = [d for d in results["driver"] if d not in grid.index]
    if missing:  # pit-lane starters or no grid data: behind the rest, in lap-1 order
        extra = lap1.reindex(missing).fillna(99).rank(method="first") + (
            grid.max() if len(grid) else 0
        )
        grid = pd.concat([grid, extra])
    return grid.rank(method="first")


def ranked_grid(
    store: Store, key: SessionKey, row: dict, results: pd.DataFrame, laps: pd.DataFrame, drivers
) -> pd.Series:
    """Grid slots 1..n for ``drivers`` (a car with no known slot starts behind the others)."""
    grid = _grid(store, key, row, results, laps).reindex(list(drivers))
    return grid.fillna(grid.max() + 1).rank(method="first")


def pit_loss_or_default(table: pd.DataFrame, circuit: str):
    """The circuit's measured pit loss, or the default when no stop there was measured."""
    try:
        return circuit_pit_loss(pit_loss_table(table), circuit)
    except KeyError:
        return default_pit_loss(circuit)


def neutralisation_model(fit_laps: pd.DataFrame, fit, context: StoreContext):
    """Lap-time factors under SC/VSC: this race's own where it had any, else the store's."""
    own_sc, own_vsc = pm.neutralisation_factors(fit_laps, fit)
    return pm.NeutralisationModel(
        own_sc if np.isfinite(own_sc) else context.sc_factor,
        own_vsc if np.isfinite(own_vsc) else context.vsc_factor,
        context.sc_rate_per_lap, context.vsc_rate_per_lap, context.sc_mean_laps, context.vsc_mean_laps,
    )  # fmt: skip


def build_race_setup(store: Store, key: SessionKey, context: StoreContext, *,
                     fit_fraction: float = 1.0, pass_model: object | None = None) -> RaceSetup:  # fmt: skip
    """Everything needed to simulate one stored race.

    Args:
        fit_fraction: fit pace, tyres and fuel on the laps up to this fraction of the race
            distance only (0.5 = first half), to backtest the rest out of sample.
        pass_model: ``overtaking.PassModel`` clearing close cars in Monte Carlo
            (``priors.race_pass_model``: fitted without this race); None: ``threshold_s``.

    Raises:
        SessionNotInStore: the race is not stored.
        NoLapData: the session is not a race or lacks lap data.
    """
    row = session_row(store, key)
    if key.session_code not in {"R", "S"}:
        raise NoLapData(f"{key} is not a race or sprint; the strategy lab works on races.")
    laps = session_table(store, "laps", key)
    results = session_table(store, "results", key)
    pits = session_table(store, "pit_stops", key)
    if laps.empty:
        raise NoLapData(f"{key} has no lap data in the store.")
    total = int(row.get("total_laps") or laps["lap_number"].max())
    done = laps.dropna(subset=["lap_end_s"]).groupby("driver")["lap_number"].max()
    drivers = tuple(results["driver"]) if len(results) else tuple(done.index)
    drivers = tuple(d for d in drivers if d in done.index)
    done = done.reindex(list(drivers)).astype(int)
    status = results.set_index("driver")["status"].reindex(list(drivers))
    retired = np.array([bool(s in RETIRED_STATUSES) if isinstance(s, str) else bool(done[d] < done.max() - 2)
                        for d, s in zip(drivers, status, strict=True)])  # fmt: skip
    fit_laps = laps[laps["lap_number"] <= max(2, int(total * fit_fraction))]
    fit = fit_degradation(fit_laps, total_laps=total)
    actual = actual_strategies(laps, pits, done)
    used = {c for s in actual.values() for c in s.compounds}
    fit = complete_compounds(fit, used)
    pace = fill_driver_pace(fit, fit_laps, drivers)
    grid = ranked_grid(store, key, row, results, laps, drivers)
    circuit = str(row.get("circuit") or "")
    pit = pit_loss_or_default(context.pit_losses, circuit)
    cond = lap_conditions(laps).reindex(range(1, total + 1)).fillna("green")
    neutral = neutralisation_model(fit_laps, fit, context)
    start = pm.fit_start_model(laps, grid, pace, context.place_change_sd)
    pos = results.set_index("driver")["position"].reindex(list(drivers))
    pos = pos.fillna(pos.max() + 1).rank(method="first").astype(int)
    setup = RaceSetup(
        key=key,
        event_name=str(row.get("event_name") or ""),
        circuit=circuit,
        total_laps=total,
        drivers=drivers,
        grid=grid.to_numpy(dtype=float),
        pace=np.array([pace[d] for d in drivers]),
        degradation=fit,
        pit=pit,
        conditions=tuple(cond),
        start=start,
        neutral=neutral,
        threshold_s=context.threshold_s,
        laps_done=done.to_numpy(),
        retired=retired,
        wet=is_wet_race(laps),
        compounds_seen=tuple(compound_order(laps["compound"].dropna().unique())),
        actual=actual,
        actual_position=pos.to_dict(),
        elapsed=race_time_table(laps),
        tyre_age_limit=tyre_age_limits(store, key, circuit, laps),
        pass_model=pass_model,
    )
    return replace(setup, encoded=encode_actual(setup))  # fmt: skip


STINT_MARGIN_LAPS = 5  # how far past the longest observed stint of a compound a plan may go


def tyre_age_limits(
    store: Store, key: SessionKey, circuit: str, laps: pd.DataFrame
) -> dict[str, int]:
    """Oldest tyre age per compound a plan may reach: the longest stint seen plus ``STINT_MARGIN_LAPS``.

    "Seen": in ``laps`` (this race as far as it is known) and in the other stored races at the
    same circuit, or in any other stored race when none at this circuit ran the compound (early
    in a race a compound may not have run long yet).
    """
    rows = store.query_df(
        """SELECT l.compound, s.circuit = ? AS here, max(l.tyre_life) AS age
           FROM laps l JOIN sessions s USING (year, round, session_code)
           WHERE s.session_code IN ('R', 'S') AND NOT (l.year = ? AND l.round = ? AND l.session_code = ?)
             AND l.compound IS NOT NULL AND l.tyre_life IS NOT NULL
           GROUP BY ALL""",
        [circuit, *key.params()],
    )
    own = laps.dropna(subset=["compound", "tyre_life"]).groupby("compound")["tyre_life"].max()
    here = rows[rows["here"]].set_index("compound")["age"]
    anywhere = rows.groupby("compound")["age"].max()
    out = {}
    for compound in set(own.index) | set(anywhere.index):
        prior = here.get(compound, anywhere.get(compound, 0))
        out[str(compound)] = int(max(float(own.get(compound, 0)), float(prior)) + STINT_MARGIN_LAPS)
    return out


def encode_actual(setup: RaceSetup) -> Encoded:
    """The arrays (``encoding.encode_plans``) of every car's strategy in ``setup.actual``."""
    return encode_plans(
        setup.drivers, setup.actual, list(setup.degradation.compounds), setup.total_laps
    )


def check_strategy(
    setup: RaceSetup, driver: str, strategy: Strategy, *, enforce_rules: bool = True
) -> Strategy:
    """Refuse strategies that cannot be simulated, with a message that says why.

    Args:
        enforce_rules: apply the sporting rules (two dry compounds); off for what really happened.

    Raises:
        InvalidStrategy: wrong shape, a stop outside the race, a compound the race never saw,
            or a single dry compound in a dry race.
    """
    setup.index(driver)
    n = setup.total_laps
    if len(strategy.compounds) != len(strategy.stop_laps) + 1:
        raise InvalidStrategy("A strategy needs one more stint compound than stops.")
    for lap in strategy.stop_laps:
        if lap >= n:
            raise InvalidStrategy(
                f"A stop on lap {lap} is after the last racing lap ({n - 1}) of this {n}-lap race."
            )
        if lap < 1:
            raise InvalidStrategy(
                f"A stop on lap {lap} is before the race starts; stops are on laps 1-{n - 1}."
            )
    if any(b <= a for a, b in zip(strategy.stop_laps, strategy.stop_laps[1:], strict=False)):
        raise InvalidStrategy("Stop laps must increase, with at least one lap between stops.")
    if setup.from_lap:
        _check_past(setup, driver, strategy)
    unseen = [c for c in strategy.compounds if c not in setup.compounds_seen]
    if unseen:
        raise InvalidStrategy(f"{', '.join(sorted(set(unseen)))} was never run in this race; "
                              f"available: {', '.join(setup.compounds_seen)}.")  # fmt: skip
    dry = [c for c in strategy.compounds if c in DRY_COMPOUNDS]
    if (
        enforce_rules
        and not setup.wet
        and len(dry) == len(strategy.compounds)
        and len(set(dry)) < 2
    ):
        raise InvalidStrategy("In a dry race a car must use at least two different dry compounds.")
    return strategy


def _check_past(setup: RaceSetup, driver: str, strategy: Strategy) -> None:
    """With the race known up to lap N, the stints started by then cannot change."""
    n, actual = setup.from_lap, setup.actual[driver]
    past = [lap for lap in strategy.stop_laps if lap <= n]
    done = [lap for lap in actual.stop_laps if lap <= n]
    k = len(done) + 1
    if past != done or strategy.compounds[:k] != actual.compounds[:k]:
        raise InvalidStrategy(
            f"Lap {n} has been run: {driver}'s stints up to lap {n} are fixed "
            f"({_prefix(actual, n)}); change stops after lap {n} only."
        )


def _prefix(strategy: Strategy, lap: int) -> str:
    """The part of a strategy run by the end of ``lap``, in its compact form."""
    k = sum(1 for s in strategy.stop_laps if s <= lap)
    return Strategy(strategy.compounds[: k + 1], strategy.stop_laps[:k]).code()


def describe_setup(setup: RaceSetup) -> str:
    """One line on what the simulation of this race rests on (for the page header)."""
    fit, pit = setup.degradation, setup.pit
    text = (f"{'Wet' if setup.wet else 'Dry'} race, {setup.total_laps} laps · fuel {fit.fuel.s_per_kg:.3f} s/kg "
            f"({fit.fuel.source}) · pit loss {pit.green_s:.1f} s green / {pit.sc_s:.1f} s SC "
            f"({pit.green_stops}/{pit.sc_stops} stops measured) · {describe_passing(setup)}")  # fmt: skip
    return f"{text} · {pit.note}" if pit.note else text


def describe_passing(setup: RaceSetup) -> str:
    """How passes are decided: the overtake model in Monte Carlo (when the setup carries one), while
    the deterministic run, a single race with no random draws, keeps the pace threshold."""
    rule = f"overtaking needs {setup.threshold_s:.2f} s/lap"
    model = setup.pass_model
    if model is None:
        return rule
    return (f"{rule} in the single simulated race; in Monte Carlo close cars pass with the overtake "
            f"model's probability (fitted on {model.pairs} close pairs of the other stored races)")  # fmt: skip
