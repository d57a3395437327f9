"""Stints as known at a lap of a replay (the running stint ends at that lap)."""

from __future__ import annotations

import pandas as pd


def stints_known_at(stints: pd.DataFrame, lap: int | None) -> pd.DataFrame:
    """Stints that had started by ``lap``, the running ones cut at ``lap``.

    Args:
        stints: the store's ``stints`` rows.
        lap: the replay lap; ``None`` returns the stints unchanged.

    Returns:
        The same columns; ``end_lap``, ``laps`` and ``tyre_life_end`` shortened where a
        stint was still running at ``lap``.
    """
    if lap is None or stints.empty:
        return stints
    out = stints[stints["start_lap"] <= lap].copy()
    cut = out["end_lap"] > lap
    out.loc[cut, "tyre_life_end"] = out.loc[cut, "tyre_life_end"] - (out.loc[cut, "end_lap"] - lap)
    out.loc[cut, "end_lap"] = lap
    out["laps"] = out["end_lap"] - out["start_lap"] + 1
    return out.reset_index(drop=True)
