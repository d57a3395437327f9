"""Track status periods (SC, VSC, red flag) by lap, and track-limit deletions per driver.

Lap numbers follow the race leader: an event at session time ``t`` belongs to the highest
lap that any car had started by ``t`` (the lap the leader is on), which is how race control
and broadcasters count laps.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: FastF1 track-status codes and the neutralisation each one belongs to.
STATUS_KIND = {"4": "SC", "5": "RED", "6": "VSC", "7": "VSC"}
PERIOD_COLUMNS = ["kind", "start_s", "end_s", "start_lap", "end_lap"]

_DELETION = re.compile(
    r"CAR (?P<number>\d+) \((?P<driver>[A-Z]{3})\) (?:TIME (?P<time>[\d:.]+) |LAP )"
    r"DELETED - TRACK LIMITS AT TURN (?P<turn>\d+) LAP (?P<lap>\d+)"
)
_REINSTATED = re.compile(
    r"CAR (?P<number>\d+) \((?P<driver>[A-Z]{3})\) (?:TIME (?P<time>[\d:.]+) |LAP )"
    r"(?:.*?)REINSTATED.*?LAP (?P<lap>\d+)"
)


def leader_lap_starts(laps: pd.DataFrame) -> pd.Series:
    """Session time (s) at which the leader started each lap, indexed by lap number."""
    starts = laps.dropna(subset=["lap_start_s"]).groupby("lap_number")["lap_start_s"].min()
    return starts.sort_index().cummax()


def lap_at_time(laps: pd.DataFrame, times_s) -> np.ndarray:
    """The race lap (leader's lap) at each session time; 0 before the first lap starts."""
    starts = leader_lap_starts(laps)
    idx = np.searchsorted(starts.to_numpy(), np.asarray(times_s, dtype=float), side="right")
    numbers = np.concatenate([[0], starts.index.to_numpy()])
    return numbers[idx]


def known_by_end_of(frame: pd.DataFrame, laps: pd.DataFrame, *, time_col: str = "time_s"):
    """Rows of a session-time frame (weather, track status) up to the last lap in ``laps``.

    Used for "as known at lap N": ``laps`` is already cut at lap N.
    """
    if frame.empty or laps.empty:
        return frame
    return frame[frame[time_col] <= laps["lap_end_s"].max()]


def status_periods(track_status: pd.DataFrame, laps: pd.DataFrame) -> pd.DataFrame:
    """Safety car, VSC and red-flag periods with their first and last race lap.

    Args:
        track_status: the store's ``track_status`` rows (``time_s``, ``status``).
        laps: the session's laps (to map times to laps).

    Returns:
        One row per period: ``kind`` (``SC``/``VSC``/``RED``), ``start_s``, ``end_s`` (NaN
        if still running at the end of the data), ``start_lap``, ``end_lap``.
    """
    if track_status.empty:
        return pd.DataFrame(columns=PERIOD_COLUMNS)
    rows, current = [], None
    for t, status in track_status.sort_values("time_s")[["time_s", "status"]].itertuples(
        index=False
    ):
        kind = STATUS_KIND.get(str(status))
        if current and kind != current["kind"]:
            current["end_s"] = t
            rows.append(current)
            current = None
        if kind and current is None:
            current = {"kind": kind, "start_s": t, "end_s": np.nan}
    if current:
        rows.append(current)
    periods = pd.DataFrame(rows, columns=["kind", "start_s", "end_s"])
    if periods.empty or laps.empty:
        periods["start_lap"] = pd.Series(dtype="Int64")
        periods["end_lap"] = pd.Series(dtype="Int64")
        return periods[PERIOD_COLUMNS]
    last_lap = int(laps["lap_number"].max())
    periods["start_lap"] = lap_at_time(laps, periods["start_s"])
    ends = periods["end_s"].fillna(np.inf)
    periods["end_lap"] = np.minimum(lap_at_time(laps, ends), last_lap)
    return periods[PERIOD_COLUMNS]


def track_limit_deletions(race_control: pd.DataFrame) -> pd.DataFrame:
    """Every lap time deleted for track limits, once per driver and lap.

    Race control sometimes repeats a deletion (resent message, or both "TIME ... DELETED"
    and "LAP DELETED" for the same lap) and sometimes reinstates one later; each
    ``(driver, lap)`` is counted once and reinstated laps are dropped.

    Returns:
        Columns ``driver, driver_number, lap, turn, time_text, message``.
    """
    cols = ["driver", "driver_number", "lap", "turn", "time_text", "message"]
    if race_control.empty:
        return pd.DataFrame(columns=cols)
    rows, reinstated = [], set()
    for message in race_control.sort_values("time_utc")["message"].fillna(""):
        if "REINSTATED" in message:
            m = _REINSTATED.search(message)
            if m:
                reinstated.add((m["driver"], int(m["lap"])))
            continue
        m = _DELETION.search(message)
        if m:
            rows.append(
                {"driver": m["driver"], "driver_number": int(m["number"]), "lap": int(m["lap"]),
                 "turn": int(m["turn"]), "time_text": m["time"], "message": message}
            )  # fmt: skip
    found = pd.DataFrame(rows, columns=cols).drop_duplicates(["driver", "lap"])
    keep = [
        (d, lap) not in reinstated for d, lap in zip(found["driver"], found["lap"], strict=True)
    ]
    return found[keep].reset_index(drop=True)


def count_track_limit_deletions(race_control: pd.DataFrame) -> pd.DataFrame:
    """Deletions per driver (``driver, deletions, laps``), most first."""
    found = track_limit_deletions(race_control)
    if found.empty:
        return pd.DataFrame(columns=["driver", "deletions", "laps"])
    grouped = found.sort_values("lap").groupby("driver")["lap"]
    out = pd.DataFrame(
        {"deletions": grouped.size(), "laps": grouped.agg(lambda s: ", ".join(map(str, s)))}
    ).reset_index()
    return out.sort_values(["deletions", "driver"], ascending=[False, True], ignore_index=True)


def race_control_feed(race_control: pd.DataFrame, track_status: pd.DataFrame | None = None,
                      laps: pd.DataFrame | None = None) -> pd.DataFrame:  # fmt: skip
    """Race control messages and track-status changes as one lap-ordered feed.

    Returns:
        Columns ``lap, time, source, category, message`` (``time`` is UTC for messages and
        session seconds for track status, as text).
    """
    parts = []
    if not race_control.empty:
        rc = race_control.sort_values("time_utc")
        parts.append(pd.DataFrame({
            "lap": rc["lap"].astype("Int64"), "order": rc["time_utc"].rank(method="first"),
            "time": rc["time_utc"].dt.strftime("%H:%M:%S"), "source": "race control",
            "category": rc["category"], "message": rc["message"],
        }))  # fmt: skip
    if track_status is not None and not track_status.empty and laps is not None and not laps.empty:
        ts = track_status.sort_values("time_s")
        parts.append(pd.DataFrame({
            "lap": pd.array(lap_at_time(laps, ts["time_s"]), dtype="Int64"),
            "order": np.arange(len(ts)) + 0.5,
            "time": ts["time_s"].map(lambda s: f"{s:.0f} s"), "source": "track status",
            "category": ts["status"].astype(str), "message": ts["message"],
        }))  # fmt: skip
    if not parts:
        return pd.DataFrame(columns=["lap", "time", "source", "category", "message"])
    feed = pd.concat(parts, ignore_index=True).sort_values(["lap", "source", "order"])
    return feed.drop(columns="order").reset_index(drop=True)
