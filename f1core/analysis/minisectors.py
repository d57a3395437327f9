"""Minisector dominance: which of the selected laps is fastest in each of N equal slices.

Laps are aligned on relative distance (see :mod:`f1core.analysis.delta`), the lap is cut
into ``n`` equal slices of the reference lap, and the lap with the least time in a slice
owns it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from f1core.analysis.delta import _lap_arrays, time_at
from f1core.errors import NoData

DEFAULT_MINISECTORS = 25


def minisector_times(
    tel: pd.DataFrame, laps: list[tuple[str, int]], *, n: int = DEFAULT_MINISECTORS
) -> pd.DataFrame:
    """Time spent by each lap in each minisector.

    Returns:
        Columns ``minisector`` (1..n), ``driver, lap_number, time_s, fastest`` (True for
        the lap that owns the minisector).

    Raises:
        NoData: no laps, or a lap without telemetry.
    """
    if not laps or n < 1:
        raise NoData("Pick at least one lap for the minisector map.")
    ref_dist, _ = _lap_arrays(tel, *laps[0])
    edges = np.linspace(0.0, ref_dist[-1], n + 1)
    frames = []
    for driver, lap in laps:
        t = time_at(tel, driver, lap, edges, method="relative", ref_length_m=ref_dist[-1])
        frames.append(pd.DataFrame({"minisector": np.arange(1, n + 1), "driver": driver,
                                    "lap_number": int(lap), "time_s": np.diff(t)}))  # fmt: skip
    times = pd.concat(frames, ignore_index=True)
    best = times.groupby("minisector")["time_s"].transform("min")
    times["fastest"] = times["time_s"] == best
    return times


def dominance_map(
    tel: pd.DataFrame, laps: list[tuple[str, int]], *, n: int = DEFAULT_MINISECTORS
) -> pd.DataFrame:
    """Track points of the first lap with the minisector and the lap that owns it.

    Returns:
        Columns ``x, y, distance_m, minisector, driver, lap_number`` (owner of the slice;
        ties go to the first lap given).
    """
    times = minisector_times(tel, laps, n=n)
    owners = times[times["fastest"]].drop_duplicates("minisector").set_index("minisector")
    driver, lap = laps[0]
    one = tel[(tel["driver"] == driver) & (tel["lap_number"] == lap)].sort_values("sample")
    length = one["distance_m"].max()
    sector = np.clip((one["distance_m"] / length * n).astype(int) + 1, 1, n)
    out = pd.DataFrame({"x": one["x"].to_numpy(), "y": one["y"].to_numpy(),
                        "distance_m": one["distance_m"].to_numpy(), "minisector": sector.to_numpy()})  # fmt: skip
    out["driver"] = out["minisector"].map(owners["driver"])
    out["lap_number"] = out["minisector"].map(owners["lap_number"])
    return out


def dominance_summary(times: pd.DataFrame) -> pd.DataFrame:
    """Minisectors won per lap (``driver, lap_number, minisectors``), most first."""
    won = times[times["fastest"]].drop_duplicates("minisector")
    out = won.groupby(["driver", "lap_number"]).size().rename("minisectors").reset_index()
    return out.sort_values("minisectors", ascending=False, ignore_index=True)
