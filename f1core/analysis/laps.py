"""Lap flags: in/out laps, safety-car laps, deleted laps, quick and representative laps.

Input frames are the store's ``laps`` table (one row per driver and lap, seconds as float).
A *representative* lap is a timed, accurate-enough green-flag lap that is neither an in- nor
an out-lap and was not deleted; a *quick* lap is one within ``threshold`` of the fastest
(FastF1's ``pick_quicklaps`` rule, 107 % by default). In a race the conditions change
(fuel, rain, a drying track), so ``per_lap=True`` measures each lap against the fastest
lap of the same lap number instead of the session's fastest.
"""

from __future__ import annotations

import pandas as pd

from f1core.errors import NoLapData

#: Track-status digits that neutralise a lap (SC, red flag, VSC, VSC ending).
NEUTRALISED_STATUS_DIGITS = frozenset("4567")
QUICK_LAP_THRESHOLD = 1.07


def is_neutralised(track_status: pd.Series) -> pd.Series:
    """True where the lap's FastF1 status string contains an SC, VSC or red-flag digit."""
    text = track_status.fillna("").astype(str)
    return text.map(lambda s: any(ch in NEUTRALISED_STATUS_DIGITS for ch in s)).astype(bool)


def flag_laps(
    laps: pd.DataFrame, *, threshold: float = QUICK_LAP_THRESHOLD, per_lap: bool = False
) -> pd.DataFrame:
    """Add boolean flag columns to a laps frame (a copy; the input is not changed).

    Columns added: ``pit_in``, ``pit_out``, ``neutralised`` (SC/VSC/red), ``first_lap``,
    ``timed`` (has a lap time), ``quick`` (within ``threshold`` of the session's fastest
    timed lap, or of the fastest lap with the same number when ``per_lap``),
    ``representative`` (timed, quick, green, not pit in/out, not deleted, not lap 1) and
    ``outlier`` (timed but not representative).

    Raises:
        NoLapData: the frame is empty.
    """
    if laps.empty:
        raise NoLapData("No laps for this selection.")
    out = laps.copy()
    out["pit_in"] = out["pit_in_s"].notna()
    out["pit_out"] = out["pit_out_s"].notna()
    out["neutralised"] = is_neutralised(out["track_status"])
    out["first_lap"] = out["lap_number"] == 1
    out["timed"] = out["lap_time_s"].notna()
    deleted = out["deleted"].fillna(False).astype(bool)
    valid_times = out["lap_time_s"].where(out["timed"] & ~deleted)
    if per_lap:
        fastest = valid_times.groupby(out["lap_number"]).transform("min")
    else:
        fastest = valid_times.min()
    out["quick"] = out["timed"] & (out["lap_time_s"] < threshold * fastest)
    out["representative"] = (
        out["quick"] & ~out["pit_in"] & ~out["pit_out"] & ~out["neutralised"]
        & ~out["first_lap"] & ~deleted
    )  # fmt: skip
    out["outlier"] = out["timed"] & ~out["representative"]
    return out


def pick_quick_laps(laps: pd.DataFrame, *, threshold: float = QUICK_LAP_THRESHOLD) -> pd.DataFrame:
    """Timed laps faster than ``threshold`` x the fastest timed lap of the frame."""
    timed = laps[laps["lap_time_s"].notna()]
    if timed.empty:
        return timed
    return timed[timed["lap_time_s"] < threshold * timed["lap_time_s"].min()]


def pick_representative_laps(laps: pd.DataFrame, *, per_lap: bool = False) -> pd.DataFrame:
    """Only the representative laps (see :func:`flag_laps`)."""
    flagged = flag_laps(laps, per_lap=per_lap)
    return flagged[flagged["representative"]]


def pick_fastest_laps(laps: pd.DataFrame) -> pd.DataFrame:
    """Each driver's fastest timed, not-deleted lap, fastest first.

    Returns:
        Rows of ``laps`` (one per driver who set a time), ordered by ``lap_time_s``.
    """
    valid = laps[laps["lap_time_s"].notna() & ~laps["deleted"].fillna(False).astype(bool)]
    if valid.empty:
        return valid
    best = valid.loc[valid.groupby("driver")["lap_time_s"].idxmin()]
    return best.sort_values("lap_time_s").reset_index(drop=True)
