"""Race trace and lap chart: gaps to the leader or to a reference pace, positions by lap.

Gaps use the session time at which each car crossed the line at the end of a lap
(``lap_end_s``), so they are on-track time differences, like the timing screen's "gap".
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from f1core.errors import NoData, NoLapData

TraceReference = Literal["leader", "average"]
#: The sessions that have a race order (a start, positions by lap, a leader to be behind).
RACE_CODES = frozenset({"R", "S"})


def require_race_order(session_code: str, session_name: str | None, *, what: str) -> None:
    """Refuse, in plain words, what only a race or a sprint has.

    Qualifying and practice have no race order: cars run alone at different times, so a lap
    chart or gaps to a "leader" would be meaningless.

    Args:
        session_code: ``R``, ``S``, ``Q``, ``FP1`` ...
        session_name: the session's name to show (falls back to the code).
        what: what follows a race order, as the start of a sentence ("Commentary",
            "The Positions view").

    Raises:
        NoData: not a race or a sprint.
    """
    if session_code not in RACE_CODES:
        raise NoData(
            f"{what} follows a race order; {session_name or session_code} has none. Its fastest "
            "laps and long runs are in the Session page's Lap times and Long runs views."
        )


def race_trace(laps: pd.DataFrame, *, reference: TraceReference = "leader") -> pd.DataFrame:
    """Gap of every driver at the end of every lap.

    Args:
        laps: the session's laps (all drivers, so the leader is known).
        reference: ``leader`` gives the gap to the first car to complete that lap;
            ``average`` gives time lost against the winner's average lap (the classic race
            trace: a flat line is the winner's average pace, a rising line is slower).

    Returns:
        Columns ``driver, lap_number, gap_s`` (positive = behind the reference).

    Raises:
        NoLapData: no lap has an end time.
    """
    done = laps.dropna(subset=["lap_end_s"])[["driver", "lap_number", "lap_end_s"]]
    if done.empty:
        raise NoLapData("No completed laps to draw a race trace from.")
    if reference == "leader":
        first = done.groupby("lap_number")["lap_end_s"].transform("min")
        gap = done["lap_end_s"] - first
    else:
        start = laps["lap_start_s"].min()
        last_lap = int(done["lap_number"].max())
        winner_end = done.loc[done["lap_number"] == last_lap, "lap_end_s"].min()
        average = (winner_end - start) / last_lap
        gap = done["lap_end_s"] - (start + done["lap_number"] * average)
    out = done[["driver", "lap_number"]].assign(gap_s=gap.round(3))
    return out.sort_values(["driver", "lap_number"], ignore_index=True)


def lap_positions(laps: pd.DataFrame, results: pd.DataFrame | None = None) -> pd.DataFrame:
    """Position of every driver at the end of every lap, with the grid as lap 0.

    Args:
        laps: the session's laps (``position`` column from timing).
        results: the session's results; its ``grid_position`` becomes lap 0 when present.

    Returns:
        Columns ``driver, lap_number, position``.
    """
    pos = laps.dropna(subset=["position"])[["driver", "lap_number", "position"]]
    if results is not None and not results.empty and results["grid_position"].notna().any():
        grid = results.dropna(subset=["grid_position"])
        grid = grid[grid["grid_position"] > 0]
        lap0 = pd.DataFrame({"driver": grid["driver"], "lap_number": 0,
                             "position": grid["grid_position"]})  # fmt: skip
        pos = pd.concat([lap0, pos], ignore_index=True)
    pos = pos.astype({"lap_number": int, "position": int})
    return pos.sort_values(["driver", "lap_number"], ignore_index=True)
