"""Priors the simulator takes from other races: overtaking, SC/VSC factors and rates, pit loss.

Measured once per stored race (``measure_race_priors``, which reads that race's own rows only,
so a measurement stays valid until that race is loaded again) and pooled by ``pool_priors``
(cheap: the history queries and one threshold fit), which can leave one race out: a forecast of race X then rests on priors that never saw X (its laps, its
stops, its safety cars in the Ergast history or its lap-1 place changes in the lap charts).
Per-circuit SC rates are the circuit's Ergast deployments per lap shrunk towards the global
rate with ``SC_PRIOR_LAPS`` pseudo-laps, so a circuit seen twice is not read as 0 % or 50 %.
Per-circuit VSC rates are the same over the stored races' track status (Ergast has no VSC
history), shrunk with ``VSC_PRIOR_LAPS``. The pass rules (``overtaking.py``) and the pace drift
spread (``drift.py``) are pooled the same way: the forecast race's weekend never enters them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from f1core.errors import NoLapData
from f1core.models import features_overtake as feat
from f1core.store import SessionKey, Store
from f1core.store.queries import session_row, session_table
from f1core.strategy import drift
from f1core.strategy import overtaking as ot
from f1core.strategy import pace_model as pm
from f1core.strategy.degradation import fit_degradation
from f1core.strategy.laps import is_wet_race, lap_conditions
from f1core.strategy.pit_loss import measure_pit_losses, race_sessions

#: Pseudo-laps at the global SC rate added to a circuit's own history (about five races).
SC_PRIOR_LAPS = 300.0
#: Pseudo-laps at the stored races' VSC rate added to a circuit's own stored laps (five races).
VSC_PRIOR_LAPS = 300.0
#: Eras for the retirement hazard (first season of each); a race uses its own era's rate.
RETIREMENT_ERAS = (2014, 2022)
#: Ergast statuses that are not retirements: classified finishers and disqualifications.
_NOT_RETIRED = "status = 'Finished' OR status LIKE '+%' OR status IN ('Disqualified', 'Did not qualify', " \
    "'Did not prequalify', 'Withdrew', 'Not classified', 'Excluded', 'Did not start', 'Underweight')"  # fmt: skip


@dataclass(frozen=True)
class RacePriors:
    """What one stored race contributes to the pooled priors."""

    session: str
    year: int
    round: int
    circuit: str
    wet: bool
    pairs: pd.DataFrame = field(repr=False)
    sc_factor: float = float("nan")
    vsc_factor: float = float("nan")
    conditions: pd.Series = field(default_factory=lambda: pd.Series(dtype=object), repr=False)
    pit_losses: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    #: Overtake-model pair rows (``features_overtake.build_pair_frame``) and the circuit's
    #: lap-chart swap rate of earlier seasons.
    overtake_pairs: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    swap_rate: float = float("nan")
    #: ``drift.race_drift_table``: pace drift after each checkpoint.
    drift: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)


@dataclass(frozen=True)
class StoreContext:
    """Priors pooled over stored races (and history); ``excluded``: the race left out, if any."""

    pit_losses: pd.DataFrame = field(repr=False)
    threshold_s: float = pm.DEFAULT_THRESHOLD_S
    threshold_pairs: int = 0
    threshold_passes: int = 0
    sc_factor: float = 1.4
    vsc_factor: float = 1.3
    sc_rate_per_lap: float = 0.0
    sc_mean_laps: float = 4.0
    vsc_rate_per_lap: float = 0.0
    vsc_mean_laps: float = 2.0
    place_change_sd: float = 2.0
    excluded: str | None = None
    #: circuit -> (threshold_s, pairs) shrunk to ``threshold_s`` (``overtaking.circuit_thresholds``).
    circuit_thresholds: dict = field(default_factory=dict, repr=False)
    #: circuit -> (VSC periods per lap shrunk to the stored rate, stored laps there).
    circuit_vsc: dict = field(default_factory=dict, repr=False)
    overtake_pairs: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    drift: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)


def measure_race_priors(
    store: Store, key: SessionKey, *, swap_rates: pd.DataFrame | None = None
) -> RacePriors:
    """One race's overtaking pairs, SC/VSC factors, lap conditions, measured stops and pace drift.

    Args:
        swap_rates: ``features_overtake.lap_chart_swap_rates`` of the lap charts (read when None).

    Raises:
        NoLapData: too few clean laps to fit the race's tyres (its pairs cannot be scored).
    """
    row = session_row(store, key)
    laps = session_table(store, "laps", key)
    circuit = str(row.get("circuit") or "")
    stops = measure_pit_losses(laps, session_table(store, "pit_stops", key))
    wet = is_wet_race(laps)
    pairs, sc, vsc = pd.DataFrame(columns=["advantage_s", "passed"]), float("nan"), float("nan")
    try:
        fit = fit_degradation(laps, total_laps=int(laps["lap_number"].max()))
    except NoLapData:  # its stops and laps still count; no pace fit to score passes against
        fit = None
    if fit is not None:
        sc, vsc = pm.neutralisation_factors(laps, fit)
        pairs = pairs if wet else pm.overtaking_pairs(laps, fit)
    if swap_rates is None:
        swap_rates = feat.lap_chart_swap_rates(feat.load_lap_charts(store))
    total = int(row.get("total_laps") or laps["lap_number"].max())
    tagged = laps.assign(year=key.year, round=key.round, session_code=key.session_code,
                         total_laps=total, event_name=str(row.get("event_name") or ""))  # fmt: skip
    overtakes = feat.build_pair_frame(tagged[tagged["position"].notna()], swap_rates)
    swap = feat.prior_swap_rate(
        swap_rates, feat.event_slug(str(row.get("event_name") or "")), key.year
    )
    table = drift.race_drift_table(laps, session_table(store, "weather", key), total_laps=total)
    return RacePriors(str(key), key.year, key.round, circuit, wet, pairs, sc, vsc, lap_conditions(laps),
                      stops.assign(circuit=circuit, session=str(key)), overtakes, swap,
                      table.assign(session=str(key)))  # fmt: skip


def measure_store_priors(
    store: Store, *, measure: Callable[[SessionKey], RacePriors] | None = None
) -> list[RacePriors]:
    """``measure_race_priors`` for every stored race with laps, oldest first.

    Args:
        measure: gets one race's priors in place of measuring it here. The app passes
            ``measure_race_priors`` cached under the race's own version and the history's
            (:func:`f1core.store.queries.session_versions`), so after an ingest only the race
            it wrote is measured again; pooling the parts gives the same priors.
    """
    if measure is None:
        rates = feat.lap_chart_swap_rates(feat.load_lap_charts(store))
        measure = lambda key: measure_race_priors(store, key, swap_rates=rates)  # noqa: E731
    return [measure(key) for key in race_sessions(store)]


def build_store_context(
    store: Store, *, exclude: SessionKey | None = None, races: list[RacePriors] | None = None
) -> StoreContext:
    """Priors from every stored race (``exclude``: leave that race weekend out everywhere).

    Args:
        races: already measured ``measure_store_priors`` (a backtest measures them once).
    """
    return pool_priors(
        store, measure_store_priors(store) if races is None else races, exclude=exclude
    )


def other_races(races: list[RacePriors], exclude: SessionKey | None) -> list[RacePriors]:
    """``races`` without ``exclude``'s Grand Prix weekend (its year and round: the sprint too)."""
    if exclude is None:
        return list(races)
    return [r for r in races if (r.year, r.round) != (exclude.year, exclude.round)]


def pool_priors(
    store: Store, races: list[RacePriors], *, exclude: SessionKey | None = None
) -> StoreContext:
    """Pool the races' priors, leaving ``exclude`` out of everything (stored laps and history).

    With a race left out, its whole Grand Prix weekend (year and round: the sprint too) is
    dropped, since the sprint's laps and the race share a track, tyres and weather.
    """
    keep = other_races(races, exclude)
    pairs = [r.pairs for r in keep if not r.wet and len(r.pairs)]
    threshold, n_pairs, n_passes = pm.fit_overtaking_threshold(
        pd.concat(pairs, ignore_index=True)
        if pairs
        else pd.DataFrame(columns=["advantage_s", "passed"])
    )
    skip = (exclude.year, exclude.round) if exclude else None
    sc_rate, sc_len = sc_history_rate(store, exclude=skip)
    vsc_rate, vsc_len = pm.vsc_store_rate([r.conditions for r in keep])
    sc_f = [r.sc_factor for r in keep if np.isfinite(r.sc_factor)]
    vsc_f = [r.vsc_factor for r in keep if np.isfinite(r.vsc_factor)]
    stops = [r.pit_losses for r in keep if len(r.pit_losses)]
    dry = [r for r in keep if not r.wet]
    overtakes = [r.overtake_pairs for r in keep if len(r.overtake_pairs)]
    drifts = [r.drift for r in keep if len(r.drift)]
    return StoreContext(
        pd.concat(stops, ignore_index=True) if stops else pd.DataFrame(columns=["circuit", "session", "loss_s"]),
        threshold, n_pairs, n_passes, float(np.median(sc_f or [1.4])), float(np.median(vsc_f or [1.3])),
        sc_rate, sc_len, vsc_rate, vsc_len, lap_one_place_change_sd(store, exclude=skip),
        str(exclude) if exclude else None,
        ot.circuit_thresholds([(r.circuit, r.pairs) for r in dry], threshold),
        circuit_vsc_rates([(r.circuit, r.conditions) for r in keep], vsc_rate),
        pd.concat(overtakes, ignore_index=True) if overtakes else pd.DataFrame(),
        pd.concat(drifts, ignore_index=True) if drifts else pd.DataFrame(),
    )  # fmt: skip


def circuit_vsc_rates(conditions_by_race: list[tuple[str, pd.Series]],
                      global_rate: float) -> dict[str, tuple[float, int]]:  # fmt: skip
    """Each circuit's VSC periods per lap in the given races, shrunk towards ``global_rate``.

    Returns:
        ``circuit -> (rate, laps)``: ``(periods + VSC_PRIOR_LAPS * global) / (laps + VSC_PRIOR_LAPS)``.
    """
    by_circuit: dict[str, list[pd.Series]] = {}
    for circuit, cond in conditions_by_race:
        by_circuit.setdefault(circuit, []).append(cond)
    out = {}
    for circuit, runs in by_circuit.items():
        rate, _ = pm.vsc_store_rate(runs)
        laps = sum(len(c) for c in runs)
        periods = rate * laps
        out[circuit] = ((periods + VSC_PRIOR_LAPS * global_rate) / (laps + VSC_PRIOR_LAPS), laps)
    return out


def circuit_vsc_rate(context: StoreContext, circuit: str) -> tuple[float, int]:
    """``(VSC periods per lap, stored laps)`` at ``circuit``; the stored rate where none is stored."""
    return context.circuit_vsc.get(circuit, (context.vsc_rate_per_lap, 0))


def circuit_threshold(context: StoreContext, circuit: str) -> tuple[float, int]:
    """``(threshold_s, pairs)`` at ``circuit``; the global threshold where no pair is stored."""
    return context.circuit_thresholds.get(circuit, (context.threshold_s, 0))


def pass_model(
    context: StoreContext, swap_rate: float, *, fast: bool = True
) -> ot.PassModel | None:
    """The overtake classifier fitted on the context's pairs (the left-out race is not in them)."""
    return ot.fit_pass_model(context.overtake_pairs, circuit_swap_rate=swap_rate, fast=fast)


def race_pass_model(races: list[RacePriors], key: SessionKey, *,
                    fast: bool = True) -> ot.PassModel | None:  # fmt: skip
    """The overtake model the Strategy page's Monte Carlo of ``key`` runs on: the backtest's.

    Fitted on every other stored race weekend's pairs (``key``'s weekend left out, as
    ``backtest.forecast_setup`` does), not on all stored races: a race "as known at lap N"
    must never see its own laps after N, and one model per race then serves the whole race
    and every lap N of it alike, the same model the backtest scores. The race's own
    ``swap_rate`` (lap charts of earlier seasons only) is its circuit feature.

    Args:
        races: every stored race's priors (``measure_store_priors``).

    Returns:
        None when the other races hold too few passes to fit (the threshold then decides).
    """
    own = [r.swap_rate for r in races if r.session == str(key)]
    pairs = [r.overtake_pairs for r in other_races(races, key) if len(r.overtake_pairs)]
    return ot.fit_pass_model(
        pd.concat(pairs, ignore_index=True) if pairs else pd.DataFrame(),
        circuit_swap_rate=own[0] if own else float("nan"), fast=fast,
    )  # fmt: skip


def drift_spread(context: StoreContext, *, kind: str, fraction: float) -> tuple[float, int]:
    """Pace drift spread (s/lap) for a forecast of ``kind`` at ``fraction`` (``drift.pool_drift_spread``)."""
    tables = [context.drift] if len(context.drift) else []
    return drift.pool_drift_spread(tables, kind=kind, fraction=fraction)


def conditions_hazard(context: StoreContext, base_rate: float, *, kind: str,
                      fraction: float) -> tuple[float, int]:  # fmt: skip
    """Retirement hazard after lap N in ``kind`` conditions (``drift.pool_retirement_hazard``)."""
    tables = [context.drift] if len(context.drift) else []
    return drift.pool_retirement_hazard(tables, kind=kind, fraction=fraction, base_rate=base_rate)


_RACES_SQL = """
    SELECT ra.raceId, ra.year, ra.round, ra.circuitId, ra.year || ' ' || ra.name AS race,
           max(r.laps) AS laps
    FROM ergast_races ra JOIN ergast_results r USING (raceId)
    WHERE ra.year >= ? AND ra.year <= (SELECT max(CAST(left(Race, 4) AS INTEGER)) FROM ergast_safety_cars)
      AND NOT (ra.year = ? AND ra.round = ?)
    GROUP BY ALL"""


def sc_history_rate(
    store: Store, *, since_year: int = 2018, exclude: tuple[int, int] | None = None
) -> tuple[float, float]:
    """Safety-car deployments per race lap and mean SC length (laps), Ergast history.

    Args:
        exclude: ``(year, round)`` of a race to leave out.
    """
    skip = exclude or (-1, -1)
    row = store.query_rows(
        f"""WITH races AS ({_RACES_SQL})
           SELECT (SELECT count(*) FROM ergast_safety_cars s JOIN races ON s.Race = races.race),
                  (SELECT sum(laps) FROM races),
                  (SELECT avg(FullLaps) FROM ergast_safety_cars s JOIN races ON s.Race = races.race)""",  # noqa: S608 - fixed SQL
        [since_year, *skip],
    )[0]
    deployments, race_laps, mean_laps = row
    if not race_laps:
        return 0.0, 4.0
    return float(deployments) / float(race_laps), float(mean_laps or 4.0)


def circuit_sc_rate(store: Store, key: SessionKey, *, since_year: int = 2010,
                    exclude_self: bool = True) -> tuple[float, int]:  # fmt: skip
    """SC deployments per lap at ``key``'s circuit, shrunk towards the global rate.

    Returns:
        ``(rate, races)``: the shrunk rate and how many of the circuit's races it rests on
        (0: the global rate, e.g. a circuit Ergast does not know).
    """
    skip = (key.year, key.round) if exclude_self else (-1, -1)
    global_rate, _ = sc_history_rate(store, since_year=since_year, exclude=skip)
    n_races, laps, deployments = store.query_rows(
        f"""WITH races AS ({_RACES_SQL}),
             mine AS (SELECT * FROM races WHERE circuitId IN
                      (SELECT circuitId FROM ergast_races WHERE year = ? AND round = ?))
           SELECT (SELECT count(*) FROM mine), (SELECT coalesce(sum(laps), 0) FROM mine),
                  (SELECT count(*) FROM ergast_safety_cars s JOIN mine ON s.Race = mine.race)""",  # noqa: S608 - fixed SQL
        [since_year, *skip, key.year, key.round],
    )[0]
    rate = (float(deployments) + SC_PRIOR_LAPS * global_rate) / (float(laps) + SC_PRIOR_LAPS)
    return float(rate), int(n_races)


def era_seasons(year: int) -> tuple[int, int]:
    """First and last season of ``year``'s era (``RETIREMENT_ERAS``; the last era is open)."""
    start = max([y for y in RETIREMENT_ERAS if y <= year] or [RETIREMENT_ERAS[0]])
    later = [y for y in RETIREMENT_ERAS if y > start]
    return start, later[0] - 1 if later else 9999


def retirement_hazard(store: Store, key: SessionKey, *, exclude_self: bool = True) -> float:
    """Retirements per car per race lap in ``key``'s era (``RETIREMENT_ERAS``), Ergast history.

    A retirement is a non-finisher that is not a disqualification or a non-starter; the
    exposure is the laps each starter completed. First-lap retirements (the start's pile-ups)
    are left out with lap 1 itself: the backtest forecasts from 25 % distance on, and the
    simulator never retires a car before the lap it starts from.
    The race itself is left out unless ``exclude_self`` is off.
    """
    start, end = era_seasons(key.year)
    skip = (key.year, key.round) if exclude_self else (-1, -1)
    row = store.query_rows(
        f"""SELECT count(*) FILTER (WHERE NOT ({_NOT_RETIRED}) AND r.laps >= 1), sum(greatest(r.laps - 1, 0))
           FROM ergast_results r JOIN ergast_races ra USING (raceId)
           JOIN ergast_status st USING (statusId)
           WHERE ra.year BETWEEN ? AND ? AND NOT (ra.year = ? AND ra.round = ?)""",  # noqa: S608 - fixed SQL
        [start, end, *skip],
    )[0]
    retirements, laps = row
    return float(retirements) / float(laps) if laps else 0.0


@dataclass(frozen=True)
class StewardPrior:
    """How often the stewards change a classification after the flag, per car and race (F1DB).

    ``penalty_rate``: share of starters whose classified time carries a time penalty;
    ``sizes_s``: those penalties (s), drawn from in Monte Carlo; ``dsq_rate``: share
    disqualified. Measured in the race's era (``RETIREMENT_ERAS``), sprints on sprints.
    """

    penalty_rate: float = 0.0
    dsq_rate: float = 0.0
    sizes_s: tuple[float, ...] = ()
    races: int = 0


def steward_prior(store: Store, key: SessionKey) -> StewardPrior:
    """Time penalties and disqualifications in F1DB's results, ``key``'s weekend left out."""
    table = "f1db_sprint_race_results" if key.session_code == "S" else "f1db_race_results"
    if not store.table_exists(table):
        return StewardPrior()
    start, end = era_seasons(key.year)
    rows = store.query_rows(
        f"""SELECT count(*), count(*) FILTER (WHERE position = 'DSQ'),
                  list(TRY_CAST(trim(timePenalty, '+') AS DOUBLE)) FILTER (WHERE timePenalty IS NOT NULL),
                  count(DISTINCT (year, round))
           FROM {table}
           WHERE year BETWEEN ? AND ? AND NOT (year = ? AND round = ?)
             AND position NOT IN ('DNS', 'DNQ', 'DNPQ', 'EX')""",  # noqa: S608 - fixed SQL
        [start, end, key.year, key.round],
    )[0]
    starters, dsq, sizes, races = rows
    sizes = tuple(float(x) for x in (sizes or []) if x is not None and x > 0)
    if not starters:
        return StewardPrior()
    return StewardPrior(len(sizes) / starters, float(dsq) / starters, sizes, int(races))


def lap_one_place_change_sd(store: Store, *, exclude: tuple[int, int] | None = None) -> float:
    """Standard deviation of places gained/lost on lap 1 (2021-2025 lap charts), one race left out."""
    skip_year, skip_slug = -1, ""
    if exclude:
        name = store.scalar(
            "SELECT event_name FROM sessions WHERE year = ? AND round = ? LIMIT 1", list(exclude)
        )
        skip_year, skip_slug = exclude[0], str(name or "").lower().replace(" ", "_")
    sd = store.scalar(
        """SELECT stddev_samp(g.position - l.position) FROM lap_charts g JOIN lap_charts l
           ON g.year = l.year AND g.event_slug = l.event_slug AND g.driver_number = l.driver_number
           WHERE g.lap = 0 AND l.lap = 1 AND NOT (g.year = ? AND g.event_slug = ?)""",
        [skip_year, skip_slug],
    )
    return float(sd) if sd is not None else 2.0
