"""Race pace effects beyond tyres and fuel: the start, overtaking, neutralisations and their rates.

* Start: the gap at the end of lap 1 grows with grid slot (``per_slot_s``), lap 1 is slower
  than a flying lap (``extra_s``); how many places a car gains or loses on lap 1 comes from the
  2021-2025 lap charts (``lap_charts``: position after every lap, lap 0 = grid).
* Overtaking threshold: from the lap charts of the stored races, for every pair of cars running
  nose to tail (< 1 s) on a green lap, whether the follower was ahead one lap later, against
  how much faster the degradation model says he was; the threshold is the pace advantage at
  which a logistic fit gives a 50% chance to pass.
* Neutralisations: safety-car deployments per race lap from the Ergast ``safety_cars`` table,
  VSC periods per race lap from the stored races' track status, SC/VSC lap-time factors
  measured in the stored races.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from f1core.store import Store
from f1core.strategy.degradation import DegradationFit
from f1core.strategy.laps import add_lap_context, lap_conditions, pick_representative_laps

FOLLOW_GAP_S = 0.5  # a car held up runs this far behind the car ahead
SC_GAP_S = 0.8  # spacing of the queue behind the safety car
DEFAULT_THRESHOLD_S = 0.8  # used when the data cannot fit a threshold


@dataclass(frozen=True)
class StartModel:
    """Lap-1 effects: extra time of the standing start, gap per grid slot, lap-1 position spread."""

    extra_s: float
    per_slot_s: float
    place_change_sd: float
    drivers: int


@dataclass(frozen=True)
class NeutralisationModel:
    """Lap-time factors under SC/VSC and their rates per race lap (for Monte Carlo)."""

    sc_factor: float
    vsc_factor: float
    sc_rate_per_lap: float
    vsc_rate_per_lap: float
    sc_mean_laps: float
    vsc_mean_laps: float


def fit_start_model(
    laps: pd.DataFrame, grid: pd.Series, driver_pace: dict[str, float], place_change_sd: float
) -> StartModel:
    """Lap-1 extra time and gap per grid slot from one race.

    Args:
        laps: the race's ``laps`` table.
        grid: grid slot per driver (index: driver).
        driver_pace: fitted pace per driver (for the leader's flying-lap reference).
        place_change_sd: lap-1 place change spread from :func:`priors.lap_one_place_change_sd`.
    """
    one = laps[laps["lap_number"] == 1].copy()
    start = one["lap_start_s"].min()
    one["elapsed"] = one["lap_end_s"] - start
    one["grid"] = one["driver"].map(grid)
    one = one.dropna(subset=["elapsed", "grid"])
    one = one[one["elapsed"] < one["elapsed"].min() + 30]  # drop cars stopped on lap 1
    if len(one) < 5:
        return StartModel(5.0, 0.3, place_change_sd, len(one))
    slope, intercept = np.polyfit(one["grid"] - 1, one["elapsed"], 1)
    leader_pace = float(np.median(sorted(driver_pace.values())[:3]))
    return StartModel(
        float(intercept - leader_pace), float(max(slope, 0.05)), place_change_sd, len(one)
    )


def grid_from_lap_charts(
    store: Store, year: int, event_name: str, drivers: pd.DataFrame
) -> pd.Series:
    """Grid slot per driver from the lap charts (lap 0), for races with no grid in results."""
    slug = event_name.lower().replace(" ", "_")
    rows = store.query_df(
        "SELECT driver_number, position FROM lap_charts WHERE year = ? AND event_slug = ? AND lap = 0",
        [year, slug],
    )
    if rows.empty:
        return pd.Series(dtype=float)
    by_number = dict(zip(rows["driver_number"], rows["position"], strict=False))
    return drivers.set_index("driver")["driver_number"].map(by_number).dropna().astype(float)


def overtaking_pairs(laps: pd.DataFrame, fit: DegradationFit) -> pd.DataFrame:
    """Nose-to-tail pairs on green laps: follower's modelled pace advantage and whether he passed.

    Returns:
        Frame with ``lap_number``, ``follower``, ``leader``, ``advantage_s`` (positive: the
        follower is faster) and ``passed`` (bool).
    """
    ctx = add_lap_context(laps)
    ctx = ctx[ctx["driver"].isin(fit.driver_pace_s) & ctx["compound"].isin(fit.compounds)]
    comp = ctx["compound"].map({c: f.offset_s for c, f in fit.compounds.items()})
    wear = ctx["compound"].map({c: f.wear_s_per_lap for c, f in fit.compounds.items()})
    ctx["model_s"] = (
        ctx["driver"].map(fit.driver_pace_s) + comp + wear * ctx["tyre_life"].astype(float)
    )
    ctx = ctx.sort_values(["lap_number", "lap_start_s"])
    ctx["leader"] = ctx.groupby("lap_number")["driver"].shift(1)
    ctx["leader_model_s"] = ctx.groupby("lap_number")["model_s"].shift(1)
    nxt = ctx.set_index(["driver", "lap_number"])["position"]
    cond = lap_conditions(laps)
    pairs = ctx[
        (ctx["gap_ahead_s"] < 1.0) & ctx["leader"].notna() & ~ctx["in_lap"] & ~ctx["out_lap"]
    ]
    pairs = pairs[pairs["lap_number"].map(cond) == "green"]
    pos_f = [nxt.get((d, n)) for d, n in zip(pairs["driver"], pairs["lap_number"], strict=True)]
    pos_l = [nxt.get((d, n)) for d, n in zip(pairs["leader"], pairs["lap_number"], strict=True)]
    out = pd.DataFrame({
        "lap_number": pairs["lap_number"].to_numpy(), "follower": pairs["driver"].to_numpy(),
        "leader": pairs["leader"].to_numpy(),
        "advantage_s": (pairs["leader_model_s"] - pairs["model_s"]).to_numpy(),
        "pos_f": pd.to_numeric(pd.Series(pos_f), errors="coerce"),
        "pos_l": pd.to_numeric(pd.Series(pos_l), errors="coerce"),
    })  # fmt: skip
    out = out.dropna(subset=["pos_f", "pos_l", "advantage_s"])
    out["passed"] = out["pos_f"] < out["pos_l"]
    return out.drop(columns=["pos_f", "pos_l"]).reset_index(drop=True)


def fit_overtaking_threshold(pairs: pd.DataFrame) -> tuple[float, int, int]:
    """Pace advantage (s/lap) that gives a 50% chance of passing within a lap.

    Returns:
        ``(threshold_s, pairs, passes)``; the default threshold when passes are too few or the
        fitted slope is not positive.
    """
    n, passes = len(pairs), int(pairs["passed"].sum()) if len(pairs) else 0
    if passes < 5 or passes == n:
        return DEFAULT_THRESHOLD_S, n, passes
    slope, intercept = _logistic_1d(
        pairs["advantage_s"].to_numpy(float), pairs["passed"].to_numpy(float)
    )
    if slope <= 0:
        return DEFAULT_THRESHOLD_S, n, passes
    return float(np.clip(-intercept / slope, 0.1, 3.0)), n, passes


def _logistic_1d(x: np.ndarray, y: np.ndarray, *, iterations: int = 50) -> tuple[float, float]:
    """Maximum-likelihood logistic regression with one feature (Newton's method)."""
    design = np.column_stack([np.ones_like(x), x])
    beta = np.zeros(2)
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-design @ beta))
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(hessian, design.T @ (y - p))
        beta += step
        if np.abs(step).max() < 1e-10:
            break
    return float(beta[1]), float(beta[0])


def neutralisation_factors(laps: pd.DataFrame, fit: DegradationFit) -> tuple[float, float]:
    """SC and VSC lap time as a factor of the field's green pace in one race (NaN if none).

    SC: median of laps run entirely behind the safety car (status ``4``), since the queue
    runs at the safety car's pace. VSC: median of the laps the simulator treats as VSC (most
    cars saw a VSC during the lap, see ``lap_conditions``); VSC periods are short and mostly
    cover part of a lap, so a full-lap factor would overstate them.
    """
    ctx = add_lap_context(laps)
    dur = ctx["lap_end_s"] - ctx["lap_start_s"]
    green = float(pick_representative_laps(laps)["lap_time_s"].median())
    ok = ~ctx["in_lap"] & ~ctx["out_lap"] & (ctx["lap_number"] > 1)
    sc_pick = ok & (ctx["track_status"].astype(str) == "4")
    vsc_pick = ok & (ctx["lap_number"].map(lap_conditions(laps)) == "VSC")
    sc = float(np.nanmedian(dur[sc_pick])) / green if sc_pick.sum() >= 3 else float("nan")
    vsc = float(np.nanmedian(dur[vsc_pick])) / green if vsc_pick.sum() >= 3 else float("nan")
    return sc, vsc


def vsc_store_rate(condition_runs: list[pd.Series]) -> tuple[float, float]:
    """VSC periods per race lap and mean VSC length from the stored races' lap conditions."""
    periods, laps, lengths = 0, 0, []
    for cond in condition_runs:
        is_vsc = (cond == "VSC").to_numpy()
        laps += len(is_vsc)
        starts = np.flatnonzero(is_vsc & ~np.r_[False, is_vsc[:-1]])
        ends = np.flatnonzero(is_vsc & ~np.r_[is_vsc[1:], False])
        periods += len(starts)
        lengths.extend((ends - starts + 1).tolist())
    return (periods / laps if laps else 0.0), (float(np.mean(lengths)) if lengths else 2.0)
