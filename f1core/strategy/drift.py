"""Pace drift after lap N: how far each car's pace moved from what a fit on laps 1..N said.

A lap-N fit (``fit_degradation`` on laps 1..N) cannot see a drying track, rain arriving or a
car's pace fading. Measured in a race: each car's median residual over its clean laps after N
(actual minus the lap-N fit's lap time), and the spread of those medians across cars beyond
what the fit's own errors explain (``measure_pace_drift``). A forecast draws each car one drift
from a normal with the spread pooled over OTHER races of the same kind (``pool_drift_spread``):
races whose conditions were changing by lap N (wet tyres on track or rain in the weather data)
are pooled apart from stable ones, since rain moves pace far more. The same tables count the
cars running at each checkpoint that retired later (``retired``, over ``car_laps`` run after N):
rain also brings more crashes, and Ergast's history (the era's retirement hazard) cannot tell
wet races apart, so ``pool_retirement_hazard`` raises the hazard of a changing-conditions
forecast to what other such stored races showed, shrunk to the era's rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from f1core.errors import NoLapData
from f1core.strategy.degradation import fit_degradation
from f1core.strategy.fuel import fuel_penalty_s
from f1core.strategy.laps import WET_COMPOUNDS, pick_representative_laps

DRIFT_FRACTIONS = (0.25, 0.5, 0.75)  # the backtest's checkpoints: measured at each
MIN_LAPS_AFTER = 3  # a car needs this many clean laps after N for its drift to count
#: Kind of conditions at lap N: ``changing`` (wet tyres or rain so far) or ``stable``.
CHANGING, STABLE = "changing", "stable"
#: Weather rows (about one a minute) with rainfall by lap N for the conditions to count as
#: changing when nobody has run wet tyres: a few minutes of drizzle on a dry race is not rain.
RAIN_MIN_ROWS = 10
#: A car whose last lap is more than this short of the distance retired (lapped cars finish
#: one or two laps short).
LAPPED_LAPS = 2
#: Pseudo car-laps at the era's hazard added to the changing races' own exposure (one race's
#: twenty cars over twenty-five laps).
HAZARD_PRIOR_CAR_LAPS = 500.0


def checkpoint_lap(total_laps: int, fraction: float) -> int:
    """Lap N of a checkpoint (the backtest's rule: at least lap 2)."""
    return max(2, round(total_laps * fraction))


def conditions_kind(laps_to_n: pd.DataFrame, weather_to_n: pd.DataFrame) -> str:
    """``changing`` when wet tyres were run by lap N or it rained (``RAIN_MIN_ROWS``) by then."""
    wet_tyres = laps_to_n["compound"].isin(WET_COMPOUNDS).any() if len(laps_to_n) else False
    rainy = (
        int(weather_to_n["rainfall"].fillna(False).astype(bool).sum()) if len(weather_to_n) else 0
    )
    rain = rainy >= RAIN_MIN_ROWS
    return CHANGING if wet_tyres or rain else STABLE


def weather_to_lap(weather: pd.DataFrame, laps: pd.DataFrame, lap: int) -> pd.DataFrame:
    """Weather rows from the start of the race to the end of ``lap`` (session time)."""
    if weather.empty or laps.empty:
        return weather.iloc[:0]
    start = laps.loc[laps["lap_number"] == 1, "lap_start_s"].min()
    end = laps.loc[laps["lap_number"] == lap, "lap_end_s"].max()
    if not np.isfinite(start) or not np.isfinite(end):
        return weather.iloc[:0]
    return weather[weather["time_s"].between(start, end)]


def measure_pace_drift(laps: pd.DataFrame, *, total_laps: int, lap: int) -> tuple[float, int]:
    """Spread (s/lap) of the cars' pace drift after ``lap`` beyond the lap-N fit's own errors.

    Returns:
        ``(spread_s, cars)``: the excess standard deviation across cars of each car's median
        residual after N (0 when the fit's errors explain it all), and how many cars it rests
        on; ``(nan, 0)`` when the lap-N fit or the clean laps after N are too few.
    """
    try:
        fit = fit_degradation(laps[laps["lap_number"] <= lap], total_laps=total_laps)
    except NoLapData:
        return float("nan"), 0
    after = pick_representative_laps(laps)
    after = after[(after["lap_number"] > lap) & after["driver"].isin(fit.driver_pace_s)
                  & after["compound"].isin(fit.compounds)]  # fmt: skip
    if after.empty:
        return float("nan"), 0
    comp = fit.compounds
    predicted = (
        after["driver"].map(fit.driver_pace_s)
        + after["compound"].map({c: f.offset_s for c, f in comp.items()})
        + after["compound"].map({c: f.wear_s_per_lap for c, f in comp.items()})
        * after["tyre_life"].astype(float)
        + fuel_penalty_s(fit.fuel, after["lap_number"].to_numpy(float))
    )
    age = after["tyre_life"].astype(float)
    # The tyre fit's own error on each lap (offset and wear drawn within their errors in the sim).
    tyre_var = (
        after["compound"].map({c: f.offset_se_s**2 for c, f in comp.items()})
        + age**2 * after["compound"].map({c: f.wear_se_s_per_lap**2 for c, f in comp.items()})
        + 2 * age * after["compound"].map({c: f.cov_offset_wear for c, f in comp.items()})
    )
    residual = (after["lap_time_s"] - predicted).groupby(after["driver"])
    per_car = pd.DataFrame({"drift": residual.median(), "laps": residual.size(),
                            "tyre_var": tyre_var.groupby(after["driver"]).mean()})  # fmt: skip
    per_car = per_car[per_car["laps"] >= MIN_LAPS_AFTER]
    if len(per_car) < 5:
        return float("nan"), len(per_car)
    clean_to_n = fit.points.groupby("driver").size().reindex(per_car.index).fillna(1).clip(lower=1)
    # Fit noise in each median: the car's pace error from laps 1..N, the median's own sampling
    # error over its laps after N (pi/2 times the mean's variance) and the tyre fit's error.
    noise = fit.residual_s**2 * (1 / clean_to_n + np.pi / 2 / per_car["laps"]) + per_car["tyre_var"]
    excess = float(per_car["drift"].var(ddof=1) - noise.mean())
    return float(np.sqrt(max(excess, 0.0))), len(per_car)


def race_drift_table(laps: pd.DataFrame, weather: pd.DataFrame, *, total_laps: int,
                     fractions=DRIFT_FRACTIONS) -> pd.DataFrame:  # fmt: skip
    """One race's drift at each checkpoint: ``fraction``, ``lap``, ``kind``, ``spread_s``, ``cars``,
    and ``retired`` of the cars running at the lap with the ``car_laps`` they ran after it."""
    last = laps.groupby("driver")["lap_number"].max()
    rows = []
    for fraction in fractions:
        lap = checkpoint_lap(total_laps, fraction)
        to_n = laps[laps["lap_number"] <= lap]
        spread, cars = measure_pace_drift(laps, total_laps=total_laps, lap=lap)
        running = last.reindex(laps.loc[laps["lap_number"] == lap, "driver"].unique())
        rows.append({"fraction": fraction, "lap": lap, "spread_s": spread, "cars": cars,
                     "kind": conditions_kind(to_n, weather_to_lap(weather, laps, lap)),
                     "retired": int((running < total_laps - LAPPED_LAPS).sum()),
                     "car_laps": float((running.clip(upper=total_laps) - lap).sum())})  # fmt: skip
    return pd.DataFrame(
        rows, columns=["fraction", "lap", "kind", "spread_s", "cars", "retired", "car_laps"]
    )


def pool_drift_spread(
    tables: list[pd.DataFrame], *, kind: str, fraction: float
) -> tuple[float, int]:
    """Drift spread for a forecast of ``kind`` at ``fraction``, from other races' tables.

    The median of the races' spreads of that kind at the same checkpoint (all checkpoints of
    that kind when none is at this one): one race whose lap-N fit went wrong does not set it.
    Changing conditions never get less than the stable races' spread (rain adds drift, it does
    not take any away); with no changing race measured they get twice the stable spread (rain
    is known to move pace, how much is not).

    Returns:
        ``(spread_s, measurements)``; ``(0.0, 0)`` when nothing was measured.
    """
    rows = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(
        columns=["fraction", "kind", "spread_s"])  # fmt: skip
    rows = rows[np.isfinite(rows["spread_s"].astype(float))]

    def pooled(which: str) -> tuple[float, int]:
        mine = rows[rows["kind"] == which]
        same = mine[mine["fraction"] == fraction]
        same = same if len(same) else mine
        return (
            (float(same["spread_s"].astype(float).median()), len(same)) if len(same) else (0.0, 0)
        )

    stable = pooled(STABLE)
    if kind != CHANGING:
        return stable
    changing = pooled(CHANGING)
    if not changing[1]:
        return 2.0 * stable[0], stable[1]
    return changing if changing[0] >= stable[0] else (stable[0], changing[1] + stable[1])


def pool_retirement_hazard(
    tables: list[pd.DataFrame], *, kind: str, fraction: float, base_rate: float
) -> tuple[float, int]:
    """Retirements per car-lap after lap N for a forecast of ``kind`` at ``fraction``.

    Stable conditions keep ``base_rate`` (the era's hazard from Ergast, mostly dry racing).
    Changing ones take the other stored changing races' retirements after the same checkpoint
    over their car-laps, shrunk towards ``base_rate`` with ``HAZARD_PRIOR_CAR_LAPS``, and never
    below it (rain adds crashes, it does not prevent failures).

    Returns:
        ``(hazard, races)``: the rate and how many changing-conditions measurements it rests on.
    """
    if kind != CHANGING or not tables:
        return base_rate, 0
    rows = pd.concat(tables, ignore_index=True)
    if "retired" not in rows:
        return base_rate, 0
    mine = rows[
        (rows["kind"] == CHANGING) & (rows["fraction"] == fraction) & (rows["car_laps"] > 0)
    ]
    rate = (mine["retired"].sum() + HAZARD_PRIOR_CAR_LAPS * base_rate) / (
        mine["car_laps"].sum() + HAZARD_PRIOR_CAR_LAPS
    )
    return max(float(rate), base_rate), len(mine)
