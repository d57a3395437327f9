"""Stints between pit stops, and stints as known at a lap of a replay.

FastF1 starts a new stint at every pit-lane visit, including a pass on the same tyres (the
field led through the pit lane behind the safety car); :func:`stints_between_stops` joins
the stints a pass split, so a stint is one tyre set, by the rule of
:func:`f1core.strategy.laps.counted_stops`.
"""

from __future__ import annotations

import pandas as pd

from f1core.strategy.laps import counted_stops


def stints_between_stops(
    stints: pd.DataFrame, laps: pd.DataFrame, pit_stops: pd.DataFrame
) -> pd.DataFrame:
    """The stints with those split by a pit-lane pass (not a counted stop) joined again.

    Args:
        stints: the store's ``stints`` rows of one session.
        laps: its ``laps`` rows (for the track status of each visit).
        pit_stops: its ``pit_stops`` rows.

    Returns:
        The same columns, ``stint`` renumbered from 1 per driver; a joined stint keeps the
        first part's ``compound``, ``fresh_tyre`` and ``tyre_life_start`` and the last part's
        ``end_lap`` and ``tyre_life_end``.
    """
    if stints.empty or pit_stops.empty:
        return stints
    stops = counted_stops(laps, pit_stops)
    stopped = set(zip(stops["driver"], stops["lap"].astype(int), strict=True))
    visited = set(zip(pit_stops["driver"], pit_stops["lap"].astype(int), strict=True))
    rows: list[dict] = []
    for r in stints.sort_values(["driver", "stint"]).to_dict("records"):
        prev = rows[-1] if rows and rows[-1]["driver"] == r["driver"] else None
        boundary = (r["driver"], int(r["start_lap"]) - 1) if pd.notna(r["start_lap"]) else None
        passed = boundary in visited and boundary not in stopped
        if prev is not None and passed and r["compound"] == prev["compound"]:
            prev.update(end_lap=r["end_lap"], tyre_life_end=r["tyre_life_end"])
            prev["laps"] = int(prev["end_lap"]) - int(prev["start_lap"]) + 1
        else:
            rows.append({**r, "stint": prev["stint"] + 1 if prev is not None else 1})
    return pd.DataFrame(rows, columns=stints.columns).astype(stints.dtypes.to_dict())


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
