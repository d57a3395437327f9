"""Race pace: representative laps per driver and team, a clean-air filter, team ranking.

Clean air: a lap counts as clean when the car that crossed the line just before this car
started the lap (any car, lapped or not: it is what is physically ahead) was more than
``min_gap_s`` seconds up the road.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from f1core.analysis.laps import flag_laps
from f1core.errors import NoLapData

DEFAULT_CLEAN_AIR_GAP_S = 2.0


def gap_to_car_ahead(laps: pd.DataFrame) -> pd.Series:
    """Seconds between this car starting the lap and the previous car crossing the line.

    Aligned with ``laps``' index; NaN when the lap has no start time or nobody was ahead.
    """
    starts = laps["lap_start_s"]
    order = starts.dropna().sort_values(kind="stable")
    gaps = order.diff()
    return gaps.reindex(laps.index)


def representative_pace(
    laps: pd.DataFrame,
    drivers_info: pd.DataFrame,
    *,
    clean_air_gap_s: float | None = None,
    per_lap: bool = True,
) -> pd.DataFrame:
    """Representative laps with team, compound and (optionally) only those in clean air.

    Args:
        laps: every lap of the session (all drivers, so the car ahead is known).
        drivers_info: ``driver, team, team_color`` (the store's ``drivers`` rows).
        clean_air_gap_s: keep only laps whose car ahead was more than this many seconds
            away; ``None`` keeps every representative lap.
        per_lap: judge "quick" against the fastest lap of the same lap number (races);
            ``False`` uses the session's fastest lap (practice, qualifying).

    Returns:
        Columns ``driver, team, team_color, lap_number, lap_time_s, compound, tyre_life,
        gap_ahead_s``.

    Raises:
        NoLapData: no representative lap is left.
    """
    flagged = flag_laps(laps, per_lap=per_lap)
    flagged["gap_ahead_s"] = gap_to_car_ahead(flagged)
    keep = flagged["representative"]
    if clean_air_gap_s is not None:
        keep &= flagged["gap_ahead_s"] > clean_air_gap_s
    rep = flagged[keep]
    if rep.empty:
        raise NoLapData("No representative laps (green, timed, no pit or SC) in this selection.")
    info = drivers_info[["driver", "team", "team_color"]].drop_duplicates("driver")
    cols = ["driver", "team", "team_color", "lap_number", "lap_time_s", "compound",
            "tyre_life", "gap_ahead_s"]  # fmt: skip
    return rep.merge(info, on="driver", how="left")[cols].reset_index(drop=True)


def driver_pace_summary(pace: pd.DataFrame) -> pd.DataFrame:
    """Median, mean, spread and lap count per driver, fastest median first."""
    grouped = pace.groupby(["driver", "team"])["lap_time_s"]
    out = grouped.agg(median_s="median", mean_s="mean", std_s="std", laps="size").reset_index()
    return out.sort_values("median_s", ignore_index=True).round(3)


def rank_team_pace(pace: pd.DataFrame) -> pd.DataFrame:
    """Team pace ranking: median representative lap, gap to the fastest team (s and %).

    Returns:
        Columns ``rank, team, median_s, gap_s, gap_pct, laps``.
    """
    grouped = pace.groupby("team")["lap_time_s"]
    out = grouped.agg(median_s="median", laps="size").reset_index()
    out = out.sort_values("median_s", ignore_index=True)
    best = out["median_s"].iloc[0]
    out["gap_s"] = out["median_s"] - best
    out["gap_pct"] = 100.0 * out["gap_s"] / best
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out[["rank", "team", "median_s", "gap_s", "gap_pct", "laps"]].round(3)
