"""Session classification: race results with grid and gaps, qualifying Q1/Q2/Q3 knockout,
and a timing-based order for practice or when no official classification is stored."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from f1core.analysis.laps import pick_fastest_laps
from f1core.analysis.race_trace import RACE_CODES, lap_positions
from f1core.errors import NoLapData

QUALIFYING_CODES = frozenset({"Q", "SQ"})


def knockout_cuts(field_size: int) -> tuple[int, int]:
    """Last position that reaches Q2 and Q3 (20 cars: 15 and 10; 22 cars: 16 and 10)."""
    return field_size - max(field_size - 10, 0) // 2, min(10, field_size)


def classify_race(results: pd.DataFrame, laps: pd.DataFrame, drivers: pd.DataFrame) -> pd.DataFrame:
    """Race (or sprint) classification with grid, places gained, gap, status and points.

    The gap comes from the official result when stored, otherwise from timing: the time
    each car took the flag after the winner, or ``+N laps``.

    Returns:
        Columns ``position, driver, team, grid, gained, laps, gap, status, points``.
    """
    if results.empty:
        raise NoLapData("This session has no classification.")
    res = results.sort_values("position", na_position="last").merge(
        drivers[["driver", "team"]], on="driver", how="left"
    )
    done = (
        laps.dropna(subset=["lap_end_s"])
        .groupby("driver")
        .agg(laps_done=("lap_number", "max"), end_s=("lap_end_s", "max"))
    )
    res = res.merge(done, left_on="driver", right_index=True, how="left")
    total = pd.to_numeric(res["laps"], errors="coerce").fillna(res["laps_done"])
    lead_laps = total.max()
    winner_end = res.loc[res["laps_done"] == lead_laps, "end_s"].min()
    gaps = []
    for _, row in res.assign(total=total).iterrows():
        if pd.notna(row["gap_s"]) and row["gap_s"] > 0:
            gaps.append(f"+{row['gap_s']:.3f} s")
        elif row["position"] == 1 or (pd.notna(row["gap_s"]) and row["gap_s"] == 0):
            gaps.append("winner")
        elif pd.isna(row["total"]):
            gaps.append("")
        elif (
            pd.notna(row["status"])
            and row["status"] not in ("Finished", "Lapped")
            and not str(row["status"]).startswith("+")
        ):
            gaps.append("DNF")
        elif row["total"] < lead_laps:
            gaps.append(
                f"+{int(lead_laps - row['total'])} lap{'s' if lead_laps - row['total'] > 1 else ''}"
            )
        else:
            gaps.append(f"+{row['end_s'] - winner_end:.3f} s")
    grid = res["grid_position"].astype("Float64").replace(0, np.nan)
    out = pd.DataFrame({
        "position": res["position"].astype("Int64"), "driver": res["driver"], "team": res["team"],
        "grid": grid.astype("Int64"), "gained": (grid - res["position"]).astype("Int64"),
        "laps": total.astype("Int64"), "gap": gaps, "status": res["status"],
        "points": res["points"],
    })  # fmt: skip
    return out.reset_index(drop=True)


def classify_qualifying(results: pd.DataFrame, drivers: pd.DataFrame) -> pd.DataFrame:
    """Qualifying with Q1/Q2/Q3 times and the segment each driver was knocked out in.

    Returns:
        Columns ``position, driver, team, q1_s, q2_s, q3_s, best_s, knocked_out``
        (``Q1``, ``Q2`` or empty for the top ten).

    Raises:
        NoLapData: no Q1/Q2/Q3 times stored (use :func:`classify_by_best_lap`).
    """
    res = results.dropna(subset=["position"])
    if res.empty or res[["q1_s", "q2_s", "q3_s"]].isna().all().all():
        raise NoLapData("No official qualifying classification in this session.")
    res = res.sort_values("position").merge(drivers[["driver", "team"]], on="driver", how="left")
    to_q2, to_q3 = knockout_cuts(len(res))
    pos = res["position"].astype(int)
    knocked = np.where(pos > to_q2, "Q1", np.where(pos > to_q3, "Q2", ""))
    out = res[["position", "driver", "team", "q1_s", "q2_s", "q3_s"]].copy()
    out["best_s"] = res[["q1_s", "q2_s", "q3_s"]].min(axis=1)
    out["knocked_out"] = knocked
    return out.reset_index(drop=True)


def classify_by_best_lap(laps: pd.DataFrame, drivers: pd.DataFrame) -> pd.DataFrame:
    """Order by each driver's fastest valid lap (practice, or no official classification).

    Returns:
        Columns ``position, driver, team, best_s, gap_s, lap_number, laps``.
    """
    best = pick_fastest_laps(laps)
    if best.empty:
        raise NoLapData("No timed laps in this session.")
    counts = laps.groupby("driver").size().rename("laps")
    out = best[["driver", "lap_time_s", "lap_number"]].rename(columns={"lap_time_s": "best_s"})
    out = out.merge(drivers[["driver", "team"]], on="driver", how="left").merge(
        counts, left_on="driver", right_index=True
    )
    out["gap_s"] = (out["best_s"] - out["best_s"].iloc[0]).round(3)
    out.insert(0, "position", np.arange(1, len(out) + 1))
    return out[["position", "driver", "team", "best_s", "gap_s", "lap_number", "laps"]]


@dataclass(frozen=True)
class Classification:
    """A session's classification table and a note on where the order comes from."""

    table: pd.DataFrame
    note: str = ""


def classify_session(
    session_code: str,
    *,
    results: pd.DataFrame,
    laps: pd.DataFrame,
    drivers: pd.DataFrame,
    has_results: bool,
    up_to_lap: int | None = None,
) -> Classification:
    """The right classification for a session: race, qualifying knockout, or best laps.

    Args:
        session_code: the store's session code (``R``, ``Q``, ``FP1``, ...).
        results, laps, drivers: the session's store rows.
        has_results: whether the store has an official classification.
        up_to_lap: for races, the order at the end of this lap instead (replay).
    """
    if session_code in RACE_CODES and up_to_lap:
        pos = lap_positions(laps)
        table = pos[pos["lap_number"] == up_to_lap].sort_values("position", ignore_index=True)
        return Classification(table, f"Order at the end of lap {up_to_lap}, from timing.")
    if session_code in RACE_CODES and has_results:
        return Classification(classify_race(results, laps, drivers))
    if session_code in QUALIFYING_CODES and has_results:
        return Classification(
            classify_qualifying(results, drivers),
            "Knocked out: Q1 = below the Q2 cut, Q2 = below the top ten.",
        )
    return Classification(
        classify_by_best_lap(laps, drivers),
        "Order by each driver's fastest valid lap (no official classification).",
    )
