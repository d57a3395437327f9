"""The session's time base: how FastF1 session seconds map onto UTC.

Laps, track status and weather are timed in session seconds (since the live-timing
stream started); race-control messages carry UTC. The store may lack the laps' UTC
starts, so the offset ``UTC - session seconds`` is estimated from the data itself: by
lap numbers in races and sprints, by yellow flags in qualifying and practice. On the
kit's 2025 Australian race and Miami sprint both estimates land within a second of the
offset read from the live-timing recordings.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def _num(value) -> bool:
    return value is not None and not bool(pd.isna(value))


YELLOW_MATCH_S = 2.0


def offset_from_yellows(rc: pd.DataFrame, track_status: pd.DataFrame) -> float | None:
    """``UTC - session seconds`` by lining up yellow-flag messages with track-status 2.

    Every (message, status change) pair proposes an offset; the one that lines up the
    most yellow messages with a status change (within ``YELLOW_MATCH_S``) wins, and the
    median of its matched pairs is returned. Used for sessions without a lap count
    (qualifying, practice); ``None`` when fewer than two yellows line up.
    """
    flags = rc[rc["flag"].isin(["YELLOW", "DOUBLE YELLOW"]) & rc["time_utc"].notna()]
    utc = np.array([pd.Timestamp(t).timestamp() for t in flags["time_utc"]])
    changes = (
        track_status.loc[track_status["status"].astype(str) == "2", "time_s"].dropna().to_numpy()
    )
    if len(utc) < 2 or len(changes) < 2:
        return None
    diffs = utc[:, None] - changes[None, :]
    best_hits, best = 0, None
    for candidate in diffs.ravel():
        hits = int((np.abs(diffs - candidate).min(axis=1) <= YELLOW_MATCH_S).sum())
        if hits > best_hits:
            best_hits, best = hits, candidate
    if best_hits < 2:
        return None
    return float(np.median(diffs[np.abs(diffs - best) <= YELLOW_MATCH_S]))


def offset_from_laps(laps: pd.DataFrame, rc: pd.DataFrame) -> float | None:
    """``UTC seconds - session seconds``: from the laps' UTC starts, else estimated.

    The estimate uses the race-control ``lap`` column: a message stamped lap ``L`` was
    sent while the leader ran lap ``L``, so ``utc - offset`` lies in ``[T_L, T_L+1)``
    (``T_L`` = leader's start of lap ``L``). Every message narrows the interval of
    possible offsets; the midpoint is taken (typically within a few seconds).
    """
    ok = laps[laps["lap_start_utc"].notna() & laps["lap_start_s"].notna()]
    if not ok.empty:
        utc = pd.to_datetime(ok["lap_start_utc"]).astype("int64") / 1e9
        return float((utc - ok["lap_start_s"]).median())
    starts = laps.groupby("lap_number")["lap_start_s"].min().dropna().to_dict()
    low, high, mids = -math.inf, math.inf, []
    for r in rc.itertuples():
        if pd.isna(r.time_utc) or not _num(r.lap) or int(r.lap) not in starts:
            continue
        utc = pd.Timestamp(r.time_utc).timestamp()
        lap = int(r.lap)
        lo = utc - starts[lap + 1] if lap + 1 in starts else -math.inf
        hi = utc - starts[lap] if lap > 1 else math.inf  # lap 1 includes the pre-race messages
        low, high = max(low, lo), min(high, hi)
        if math.isfinite(lo) and math.isfinite(hi):
            mids.append((lo + hi) / 2)
    if math.isfinite(low) and math.isfinite(high) and low <= high:
        return (low + high) / 2
    return float(pd.Series(mids).median()) if mids else None


def session_utc_offset(
    laps: pd.DataFrame, race_control: pd.DataFrame, track_status: pd.DataFrame
) -> float | None:
    """``UTC seconds - session seconds`` by the best method the data allows, or ``None``.

    Args:
        laps: the session's ``laps`` rows (``lap_number, lap_start_s, lap_start_utc``).
        race_control: its ``race_control`` rows (``time_utc, lap, flag``).
        track_status: its ``track_status`` rows (``time_s, status``).
    """
    offset = offset_from_laps(laps, race_control)
    return offset if offset is not None else offset_from_yellows(race_control, track_status)
