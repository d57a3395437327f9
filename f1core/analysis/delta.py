"""Delta time between laps, aligned on distance, and its reconciliation with official times.

Method. Each lap's telemetry gives elapsed time against distance travelled since the line.
The distance is integrated from speed, so two laps of the same track come out a few metres
different in length; aligning them on *absolute* distance (what FastF1's removed
``delta_time`` did) compares points that are not the same place on track, and the error
grows along the lap, ending as ``(L_comp - L_ref) / v_end`` at the line. Here each lap is
aligned on *relative* distance (its own distance divided by its own length), so the start
and finish line are the same point for both laps and intermediate points drift by at most
the local share of the length error. Elapsed time is linearly interpolated on a common
grid; the delta is ``t_comp(x) - t_ref(x)``.

Reconciliation. :func:`reconcile_delta` checks the alignment against official timing: the
delta at the line against the official lap-time difference, and at the two sector
boundaries (located on the reference lap where its elapsed time equals its official
sector time) against each lap's official sector time. Both methods are reported, so the
improvement is measured rather than claimed.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from f1core.errors import NoData

AlignMethod = Literal["relative", "absolute"]
GRID_POINTS = 1000


def _lap_arrays(tel: pd.DataFrame, driver: str, lap: int) -> tuple[np.ndarray, np.ndarray]:
    """Monotonic (distance_m, time_s) of one lap, duplicates in distance dropped."""
    one = tel[(tel["driver"] == driver) & (tel["lap_number"] == lap)].sort_values("sample")
    if len(one) < 2:
        raise NoData(f"No telemetry for {driver} lap {lap}.")
    dist = np.maximum.accumulate(one["distance_m"].to_numpy(dtype=float))
    time = one["time_s"].to_numpy(dtype=float)
    keep = np.concatenate([[True], np.diff(dist) > 0])
    return dist[keep], time[keep]


def time_at(tel: pd.DataFrame, driver: str, lap: int, where: np.ndarray, *,
            method: AlignMethod, ref_length_m: float) -> np.ndarray:  # fmt: skip
    """Elapsed time of a lap at positions ``where`` (metres along the reference lap)."""
    dist, time = _lap_arrays(tel, driver, lap)
    if method == "relative":
        where = where / ref_length_m * dist[-1]
    return np.interp(where, dist, time)


def delta_to_reference(
    tel: pd.DataFrame,
    reference: tuple[str, int],
    laps: list[tuple[str, int]],
    *,
    method: AlignMethod = "relative",
    points: int = GRID_POINTS,
) -> pd.DataFrame:
    """Delta time of each lap to the reference lap along the reference lap's distance.

    Args:
        tel: telemetry of the reference and compared laps (store ``telemetry`` columns).
        reference: ``(driver, lap_number)`` of the reference lap.
        laps: the laps to compare (the reference itself may be included: its delta is 0).
        method: ``relative`` (default, see module docstring) or ``absolute`` distance.
        points: grid size.

    Returns:
        Columns ``driver, lap_number, distance_m, delta_s`` (positive = slower than the
        reference at that point).

    Raises:
        NoData: a lap has no telemetry.
    """
    ref_dist, ref_time = _lap_arrays(tel, *reference)
    grid = np.linspace(0.0, ref_dist[-1], points)
    ref_t = np.interp(grid, ref_dist, ref_time)
    frames = []
    for driver, lap in laps:
        comp_t = time_at(tel, driver, lap, grid, method=method, ref_length_m=ref_dist[-1])
        frames.append(pd.DataFrame({"driver": driver, "lap_number": int(lap),
                                    "distance_m": grid, "delta_s": comp_t - ref_t}))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def _where_time(dist: np.ndarray, time: np.ndarray, t: float) -> float:
    """Distance at which a lap's elapsed time reaches ``t``."""
    return float(np.interp(t, time, dist))


def reconcile_delta(
    tel: pd.DataFrame,
    laps_frame: pd.DataFrame,
    reference: tuple[str, int],
    laps: list[tuple[str, int]],
    *,
    method: AlignMethod = "relative",
) -> pd.DataFrame:
    """How far the telemetry delta is from official timing, per compared lap.

    Args:
        tel: telemetry of the laps.
        laps_frame: the store's ``laps`` rows (official lap and sector times).
        reference: the reference lap.
        laps: the compared laps.
        method: alignment to check.

    Returns:
        Columns ``driver, lap_number, official_delta_s, telemetry_delta_s, end_error_s,
        s1_error_s, s2_error_s`` (errors = telemetry - official, seconds; NaN when the
        official time is missing).
    """
    official = laps_frame.set_index(["driver", "lap_number"])
    ref_dist, ref_time = _lap_arrays(tel, *reference)
    ref_row = official.loc[reference]
    b1 = (
        _where_time(ref_dist, ref_time, ref_row["sector1_s"])
        if pd.notna(ref_row["sector1_s"])
        else np.nan
    )
    b2 = (_where_time(ref_dist, ref_time, ref_row["sector1_s"] + ref_row["sector2_s"])
          if pd.notna(ref_row["sector1_s"]) and pd.notna(ref_row["sector2_s"]) else np.nan)  # fmt: skip
    rows = []
    for driver, lap in laps:
        row = official.loc[(driver, lap)]
        where = np.array([b1, b2, ref_dist[-1]])
        t1, t2, t_end = time_at(tel, driver, lap, np.nan_to_num(where), method=method,
                                ref_length_m=ref_dist[-1])  # fmt: skip
        tel_delta = t_end - ref_time[-1]
        off_delta = row["lap_time_s"] - ref_row["lap_time_s"]
        rows.append({
            "driver": driver, "lap_number": int(lap), "official_delta_s": off_delta,
            "telemetry_delta_s": tel_delta, "end_error_s": tel_delta - off_delta,
            "s1_error_s": (t1 - row["sector1_s"]) if np.isfinite(b1) else np.nan,
            "s2_error_s": (t2 - row["sector1_s"] - row["sector2_s"]) if np.isfinite(b2) else np.nan,
        })  # fmt: skip
    return pd.DataFrame(rows).round(4)
