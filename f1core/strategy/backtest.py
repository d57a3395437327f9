"""Forecast-from-lap-N backtest: every stored race forecast at 25/50/75 % distance, scored on what happened.

Policy (stated once): at lap N the forecast knows the laps up to N (order, gaps, tyres, this
race's tyre/fuel/pace fit, see ``from_lap.py``) and priors fitted on the OTHER stored races
and history only (``priors.build_store_context(exclude=...)``: overtaking threshold, pit loss,
SC/VSC factors and rates, the circuit's SC rate shrunk to the global one, the era's retirement
hazard and its rates of post-race time penalties and disqualifications). The one thing it
takes from the future is each running car's actual later pit plan (stop laps and compounds):
the backtest scores the race model, not a strategy guess.
The rest of the race is Monte Carlo (``simulate.simulate_race``, random SC/VSC, lap noise,
parameter uncertainty, stop-to-stop pit-loss spread, pace drift, retirements and the stewards'
changes to the classification after the flag; in changing conditions the drift spread and
the retirement hazard come from other stored races in changing conditions, see ``drift.py``).
Scored on the cars running at lap N, against the official classification (``final_order``:
F1DB's, after the stewards, wherever the history has the race):

* finishing-position MAE and Spearman (point forecast: the cars ranked by mean simulated place),
* finishing-time error (s) of the cars that ran the full distance (median simulated time),
* Brier score of P(win) and P(podium): the binary Brier averaged over every (race, car),
* coverage of the 80 % position interval: each end the place whose tail beyond it is nearest
  10 % of the simulated places (``place_interval``; whole places make a 10th-90th percentile
  interval hold 86-91 % of the forecast's own places), beside ``interval_mass80``, the share
  of its own simulated places each interval holds (what a calibrated forecast would cover).

Baselines in the same run: "the order at lap N holds" (a 0/1 forecast for the Brier scores)
and "current gaps plus each car's median green lap so far" for the laps left.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from f1core.errors import F1CoreError
from f1core.facts.classification import official_result
from f1core.store import SessionKey, Store
from f1core.store.queries import session_row, session_table
from f1core.strategy import drift, priors
from f1core.strategy.degradation import DegradationFit, complete_compounds
from f1core.strategy.from_lap import build_race_setup_at_lap
from f1core.strategy.laps import pick_representative_laps, race_time_table
from f1core.strategy.overtaking import PASS_RULES, PassModel, PassRule
from f1core.strategy.pit_loss import pit_loss_table, race_sessions
from f1core.strategy.race import RaceSetup, actual_strategies, encode_actual
from f1core.strategy.simulate import simulate_race

CHECKPOINTS = (0.25, 0.5, 0.75)
DEFAULT_SIMS = 400  # the command and the Validation view both use it, so they show the same numbers
#: The position interval holds about this share of the forecast's places (``place_interval``).
INTERVAL_MASS = 0.8
METHOD_NOTE = (
    "Forecast from lap N (out of sample): each stored race at 25/50/75 % distance, knowing only laps 1-N "
    "and priors fitted on the other races (leave one race weekend out); each car follows its actual later "
    "pit plan (taken from the future, the only thing that is); Monte Carlo for the rest. Baselines: the "
    "order at lap N holds; current gaps plus each car's median green lap so far. Passes: close cars are "
    "cleared with the calibrated overtake model refitted without the race (it backtested better than one "
    "global pace threshold and than a circuit's threshold, see the pass-rule table). Each car draws a pace "
    "drift after lap N with the spread measured in other races in the same conditions (rain or wet tyres "
    "by lap N pooled apart); in changing conditions the retirement hazard after lap N is the other stored "
    "changing races' (shrunk to the era's Ergast rate, never below it). SC rate per circuit from Ergast "
    "history, VSC rate per circuit from the stored races, both shrunk to the global rate. After the flag the "
    "stewards act at the era's F1DB rates (this weekend left out): about one car in 17 gets a 5-30 s time "
    "penalty and one in 300 is disqualified. Scored on the official classification (F1DB, after the "
    "stewards), not the order at the flag. The 80 % position "
    "interval puts each tail as near 10 % as whole places allow ('interval mass' is what it holds of the "
    "forecast's own places). Honest caveat: these rules were chosen while looking at the same 11 stored "
    "races they are scored on (two of them wet), so the numbers are development numbers, not a clean "
    "hold-out."
)


#: The pass rule the backtest uses: the one that backtested best (``compare_pass_rules``:
#: the overtake model beat both thresholds on position MAE, Spearman and Brier at 25 and 50 %).
PASS_RULE: PassRule = "model"


PASS_RULES_NOTE = (
    "The same out-of-sample backtest once per pass rule: one global pace threshold, the circuit's own "
    "threshold shrunk to the global one (other races at the circuit only), and the calibrated overtake "
    "model clearing close cars lap by lap (refitted without the race). 'used' marks the rule the forecast "
    "above runs on: the one that backtested best. Same numbers as `strategy backtest --compare-passing`."
)


def forecast_setup(store: Store, key: SessionKey, context: priors.StoreContext, lap: int, *,
                   passing: PassRule = PASS_RULE, pass_model: PassModel | None = None) -> RaceSetup:  # fmt: skip
    """The race as known at ``lap`` on leave-one-out priors, each running car on its real later plan.

    ``context`` must leave ``key`` out (``build_store_context(store, exclude=key)``); the SC
    rate becomes the circuit's (shrunk, this race excluded), the VSC rate the circuit's stored
    one (shrunk, the weekend excluded), the retirement hazard the era's, and each car draws a
    pace drift for the laps after N with the spread of other races in the same conditions.

    Args:
        passing: ``global`` threshold, the ``circuit``'s threshold, or the overtake ``model``.
        pass_model: the model for ``passing="model"`` (``priors.pass_model``; fitted when None).
    """
    setup = build_race_setup_at_lap(store, key, context, lap)
    running = [
        d for d, n in zip(setup.drivers, setup.laps_done, strict=True) if n >= setup.total_laps
    ]
    laps, pits = session_table(store, "laps", key), session_table(store, "pit_stops", key)
    plans = actual_strategies(laps, pits, pd.Series(setup.total_laps, index=running))
    fit = widen_borrowed(
        complete_compounds(setup.degradation, {c for s in plans.values() for c in s.compounds})
    )
    sc_rate, _ = priors.circuit_sc_rate(store, key)
    vsc_rate, _ = priors.circuit_vsc_rate(context, setup.circuit)
    threshold = context.threshold_s
    if passing == "circuit":
        threshold, _ = priors.circuit_threshold(context, setup.circuit)
    if passing == "model" and pass_model is None:
        pass_model = priors.pass_model(context, race_swap_rate(store, key))
    kind = drift.conditions_kind(laps[laps["lap_number"] <= lap], drift.weather_to_lap(
        session_table(store, "weather", key), laps[laps["lap_number"] <= lap], lap))  # fmt: skip
    fraction = min(drift.DRIFT_FRACTIONS, key=lambda f: abs(f - lap / setup.total_laps))
    spread, _ = priors.drift_spread(context, kind=kind, fraction=fraction)
    hazard, _ = priors.conditions_hazard(
        context, priors.retirement_hazard(store, key), kind=kind, fraction=fraction
    )
    stewards = priors.steward_prior(store, key)
    setup = replace(
        setup, degradation=fit, actual={**setup.actual, **plans}, encoded=None,
        penalty_rate=stewards.penalty_rate, penalty_sizes_s=stewards.sizes_s,
        dsq_rate=stewards.dsq_rate,
        neutral=replace(setup.neutral, sc_rate_per_lap=sc_rate, vsc_rate_per_lap=vsc_rate),
        retire_rate_per_lap=hazard,
        pace_se=pace_standard_errors(setup), param_uncertainty=True,
        pit_loss_sd_s=pit_loss_spread(context.pit_losses), threshold_s=threshold,
        pass_model=pass_model if passing == "model" else None, pace_drift_sd_s=spread,
    )  # fmt: skip
    return replace(setup, encoded=encode_actual(setup))


def race_swap_rate(store: Store, key: SessionKey) -> float:
    """The event's lap-chart swap rate of seasons before ``key``'s (the overtake model's feature)."""
    from f1core.models import features_overtake as feat

    name = str(session_row(store, key).get("event_name") or "")
    rates = feat.lap_chart_swap_rates(feat.load_lap_charts(store))
    return feat.prior_swap_rate(rates, feat.event_slug(name), key.year)


#: Prior spread of a compound not run long enough by lap N to fit: its offset and wear are
#: borrowed from the nearest fitted compound, and known only to about this much.
BORROWED_OFFSET_SD_S, BORROWED_WEAR_SD_S = 0.5, 0.03


def widen_borrowed(fit: DegradationFit) -> DegradationFit:
    """The fit with each borrowed compound's standard errors raised to the prior spread."""
    comps = {c: f if f.source == "fitted" else replace(
                 f, offset_se_s=max(f.offset_se_s, BORROWED_OFFSET_SD_S), cov_offset_wear=0.0,
                 wear_se_s_per_lap=max(f.wear_se_s_per_lap, BORROWED_WEAR_SD_S))
             for c, f in fit.compounds.items()}  # fmt: skip
    return replace(fit, compounds=comps)


def pit_loss_spread(stops: pd.DataFrame) -> float:
    """Stop-to-stop spread of green-flag pit loss: median over circuits of IQR / 1.349 (a normal's sd)."""
    table = pit_loss_table(stops)
    green = table[(table["condition"] == "green") & (table["stops"] >= 5)]
    return float(green["iqr_s"].median() / 1.349) if len(green) else 0.0


def pace_standard_errors(setup: RaceSetup) -> np.ndarray:
    """Each car's pace error: fit residual over the root of its clean laps (one lap's worth if none)."""
    fit = setup.degradation
    n = fit.points.groupby("driver").size().reindex(list(setup.drivers)).fillna(1).clip(lower=1)
    return fit.residual_s / np.sqrt(n.to_numpy(dtype=float))


def final_order(store: Store, key: SessionKey, drivers: list[str]) -> pd.Series:
    """Real finishing place of ``drivers`` among themselves (1..n; unclassified cars last).

    The official classification (F1DB: after the stewards, disqualified cars last) where the
    history has every one of ``drivers``; otherwise the session's stored results, which for
    some races are the order at the flag (FastF1 could only rank them from timing).
    """
    official = official_result(store, key)
    if set(drivers) <= set(official["driver"]):
        numeric = pd.to_numeric(official["position"], errors="coerce")
        order = official.assign(place=numeric.fillna(1000), dsq=official["position"] == "DSQ",
                                laps_run=-pd.to_numeric(official["laps"], errors="coerce").fillna(0))  # fmt: skip
        ranked = order.sort_values(["place", "dsq", "laps_run"], kind="stable")["driver"].tolist()
        return pd.Series({d: ranked.index(d) for d in drivers}).rank(method="first").astype(int)
    results = session_table(store, "results", key).set_index("driver")
    laps = session_table(store, "laps", key).groupby("driver")["lap_number"].max()
    pos = results["position"].reindex(drivers).astype(float)
    fallback = 1000 - laps.reindex(drivers).fillna(0).astype(float)  # more laps first
    return pos.fillna(fallback).rank(method="first").astype(int)


def pace_baseline(laps_to_n: pd.DataFrame, elapsed_n: pd.Series, laps_left: int) -> pd.Series:
    """Projected finish time: time at lap N plus the laps left at each car's median green lap."""
    rep = pick_representative_laps(laps_to_n)
    med = rep.groupby("driver")["lap_time_s"].median()
    green = laps_to_n[
        (laps_to_n["track_status"].astype(str) == "1") & (laps_to_n["lap_number"] > 1)
    ]
    fallback = green.groupby("driver")["lap_time_s"].median()
    pace = med.reindex(elapsed_n.index).fillna(fallback.reindex(elapsed_n.index))
    pace = pace.fillna(float(med.median()) if len(med) else float(fallback.median()))
    return elapsed_n + laps_left * pace


def place_interval(
    places: np.ndarray, *, tail: float = (1 - INTERVAL_MASS) / 2
) -> tuple[np.ndarray, np.ndarray]:
    """Each car's central interval of simulated places, each tail as near ``tail`` as places allow.

    Places are whole numbers, so a percentile interval (10th to 90th) holds at least 80 % of
    the forecast's own mass and, for a car whose place is nearly certain, far more (a leader at
    85 % to win and 15 % second gets 1-2, all of it). Here each end is the place, among those
    the car reaches, whose tail beyond it is nearest ``tail`` (the wider end on a tie), so the
    interval holds about ``1 - 2 * tail`` of the forecast's mass on average, not at least that.

    Args:
        places: ``(sims, cars)`` simulated places 1..n.

    Returns:
        ``(lo, hi)``, each ``(cars,)``.
    """
    n = max(places.shape[1], int(places.max()))
    counts = np.stack([(places == k).sum(axis=0) for k in range(1, n + 1)], axis=1)  # (cars, n)
    p = counts / places.shape[0]
    below = np.cumsum(p, axis=1) - p  # P(place < k)
    above = 1 - np.cumsum(p, axis=1)  # P(place > k)
    reached = p > 0
    # Distance of each tail from ``tail``; ties go to the wider end (argmin takes the first).
    lo = np.argmin(np.where(reached, np.abs(below - tail), np.inf), axis=1)
    hi = n - 1 - np.argmin(np.where(reached, np.abs(above - tail), np.inf)[:, ::-1], axis=1)
    return lo + 1, np.maximum(hi, lo) + 1


def interval_mass(places: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Share of each car's simulated places inside ``[lo, hi]`` (what the interval claims)."""
    return ((places >= lo) & (places <= hi)).mean(axis=0)


def _ranks(values: np.ndarray) -> np.ndarray:
    return np.argsort(np.argsort(values, kind="stable"), kind="stable") + 1


def score_race(store: Store, key: SessionKey, context: priors.StoreContext, fraction: float, *,
               n_sims: int = DEFAULT_SIMS, seed: int = 0, passing: PassRule = PASS_RULE,
               pass_model: PassModel | None = None) -> pd.DataFrame:  # fmt: skip
    """One forecast at ``fraction`` of the distance, one row per car running at lap N.

    Returns:
        Columns ``session``, ``fraction``, ``lap``, ``driver``, ``actual_position``,
        ``forecast_position``, ``order_position`` (order-holds baseline), ``pace_position``
        (gaps + pace baseline), ``lo80``, ``hi80``, ``p_win``, ``p_podium``, ``actual_time_s``,
        ``forecast_time_s``, ``pace_time_s`` (times NaN unless the car ran the full distance).
    """
    total = int(session_row(store, key).get("total_laps") or 0) or int(
        session_table(store, "laps", key)["lap_number"].max()
    )
    lap = max(2, round(total * fraction))
    setup = forecast_setup(store, key, context, lap, passing=passing, pass_model=pass_model)
    run = setup.laps_done >= total
    drivers = [d for d, r in zip(setup.drivers, run, strict=True) if r]
    sim = simulate_race(setup, mode="monte_carlo", n_sims=n_sims, seed=seed, check=False)
    sim_rank = np.apply_along_axis(
        _ranks, 1, sim.positions[:, run]
    )  # places among the running cars
    actual = final_order(store, key, drivers).to_numpy()
    lo, hi = place_interval(sim_rank)
    full = race_time_table(session_table(store, "laps", key))
    real_time = full[full["lap_number"] == total].set_index("driver")["elapsed_s"].reindex(drivers)
    elapsed_n = pd.Series(setup.known_elapsed[-1][run], index=drivers)
    pace_time = pace_baseline(
        session_table(store, "laps", key, up_to_lap=lap), elapsed_n, total - lap
    )
    finish = sim.finish_time()[:, run]
    return pd.DataFrame({
        "session": str(key), "fraction": fraction, "lap": lap, "wet": setup.wet, "driver": drivers,
        "actual_position": actual, "forecast_position": _ranks(sim_rank.mean(axis=0)),
        "order_position": np.arange(1, len(drivers) + 1), "pace_position": _ranks(pace_time.to_numpy()),
        "lo80": lo, "hi80": hi, "mass80": interval_mass(sim_rank, lo, hi), "p_win": (sim_rank == 1).mean(axis=0), "p_podium": (sim_rank <= 3).mean(axis=0),
        "actual_time_s": real_time.to_numpy(dtype=float),
        "forecast_time_s": np.median(np.where(np.isfinite(finish), finish, np.nan), axis=0),
        "pace_time_s": pace_time.to_numpy(dtype=float),
    })  # fmt: skip


def backtest_store(store: Store, *, checkpoints=CHECKPOINTS, n_sims: int = DEFAULT_SIMS,
                   sessions: list[SessionKey] | None = None, passing: PassRule = PASS_RULE,
                   races: list[priors.RacePriors] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Forecast every stored race at each checkpoint on leave-one-out priors.

    Args:
        passing: the pass rule (``overtaking.py``); the overtake model is refitted per race.
        races: every stored race's priors, already measured (``priors.measure_store_priors``;
            measured here when None).

    Returns:
        ``(per_car, errors)``: the rows of :func:`score_race` for every race and checkpoint,
        and one row (``session``, ``fraction``, ``error``) per forecast that could not be made.
    """
    races = priors.measure_store_priors(store) if races is None else races
    rows, errors = [], []
    for key in sessions or race_sessions(store):
        context = priors.build_store_context(store, exclude=key, races=races)
        model = (
            priors.pass_model(context, race_swap_rate(store, key)) if passing == "model" else None
        )
        for fraction in checkpoints:
            try:
                rows.append(score_race(store, key, context, fraction, n_sims=n_sims,
                                       passing=passing, pass_model=model))  # fmt: skip
            except F1CoreError as exc:
                errors.append({"session": str(key), "fraction": fraction, "error": str(exc)})
    per_car = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    return per_car, pd.DataFrame(errors, columns=["session", "fraction", "error"])


def compare_pass_rules(store: Store, *, n_sims: int = DEFAULT_SIMS,
                       races: list[priors.RacePriors] | None = None) -> pd.DataFrame:  # fmt: skip
    """The backtest once per pass rule (``overtaking.PASS_RULES``), one row per rule and checkpoint.

    Returns:
        Columns ``rule``, ``fraction``, ``position_mae``, ``spearman``, ``brier_win``,
        ``brier_podium``, ``coverage80_position``, ``time_mae_s`` and ``used`` (the rule the
        backtest runs on, ``PASS_RULE``).
    """
    races = priors.measure_store_priors(store) if races is None else races
    cols = ["fraction", "position_mae", "spearman", "brier_win", "brier_podium",
            "coverage80_position", "time_mae_s"]  # fmt: skip
    frames = []
    for rule in PASS_RULES:
        per_car, _ = backtest_store(store, n_sims=n_sims, passing=rule, races=races)
        frames.append(
            summarise_checkpoints(per_car)[cols].assign(rule=rule, used=rule == PASS_RULE)
        )
    return pd.concat(frames, ignore_index=True)[["rule", *cols, "used"]]


def _mean_spearman(rows: pd.DataFrame, column: str) -> float:
    """Spearman of ``column`` with the real places, per race (ranks already), averaged over races."""
    rhos = [np.corrcoef(r[column], r["actual_position"])[0, 1]
            for _, r in rows.groupby("session") if len(r) >= 3]  # fmt: skip
    return float(np.mean(rhos)) if rhos else float("nan")


def summarise_checkpoints(per_car: pd.DataFrame, *, dry_only: bool = False) -> pd.DataFrame:
    """One row per checkpoint: the forecast against both baselines (see the module policy).

    Args:
        dry_only: leave out the wet races (rain changes what no lap-N fit can know).
    """
    if dry_only:
        per_car = per_car[~per_car["wet"].astype(bool)]
    out = []
    for fraction, g in per_car.groupby("fraction"):
        act = g["actual_position"]
        win, podium = (act == 1).astype(float), (act <= 3).astype(float)
        timed = g.dropna(subset=["actual_time_s"])
        out.append({
            "fraction": float(fraction), "races": int(g["session"].nunique()), "cars": len(g),
            "position_mae": float((g["forecast_position"] - act).abs().mean()),
            "baseline_position_mae": float((g["order_position"] - act).abs().mean()),
            "pace_baseline_position_mae": float((g["pace_position"] - act).abs().mean()),
            "spearman": _mean_spearman(g, "forecast_position"),
            "baseline_spearman": _mean_spearman(g, "order_position"),
            "pace_baseline_spearman": _mean_spearman(g, "pace_position"),
            "brier_win": float(((g["p_win"] - win) ** 2).mean()),
            "baseline_brier_win": float((((g["order_position"] == 1) - win) ** 2).mean()),
            "brier_podium": float(((g["p_podium"] - podium) ** 2).mean()),
            "baseline_brier_podium": float((((g["order_position"] <= 3) - podium) ** 2).mean()),
            "coverage80_position": float(((g["lo80"] <= act) & (act <= g["hi80"])).mean()),
            "interval_mass80": float(g["mass80"].mean()) if "mass80" in g else float("nan"),
            "time_mae_s": float((timed["forecast_time_s"] - timed["actual_time_s"]).abs().mean()),
            "pace_baseline_time_mae_s": float((timed["pace_time_s"] - timed["actual_time_s"]).abs().mean()),
        })  # fmt: skip
    return pd.DataFrame(out)


def per_race_table(per_car: pd.DataFrame) -> pd.DataFrame:
    """Position MAE of the forecast and both baselines and 80 % coverage, per race and checkpoint."""
    act = per_car["actual_position"]
    cols = {
        "mae": (per_car["forecast_position"] - act).abs(),
        "order_holds_mae": (per_car["order_position"] - act).abs(),
        "gaps_pace_mae": (per_car["pace_position"] - act).abs(),
        "coverage80": (per_car["lo80"] <= act) & (act <= per_car["hi80"]),
        "interval_mass80": per_car["mass80"],
    }
    frame = per_car[["session", "fraction", "lap", "wet"]].assign(**cols)
    return frame.groupby(["session", "fraction", "lap", "wet"], as_index=False).mean()


def checkpoints_json(summary: pd.DataFrame) -> dict:
    """The ``--json`` document: ``{"checkpoints": [{"fraction", "races", ...}, ...]}``."""
    return {"checkpoints": [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()}
                            for row in summary.to_dict(orient="records")]}  # fmt: skip
