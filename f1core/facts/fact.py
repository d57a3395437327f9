"""What every fact function returns (:class:`Fact`, cited :class:`RowRef` rows) and session helpers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from f1core.errors import SessionNotInStore

_KEY_SQL = "year = ? AND round = ? AND session_code = ?"
SESSION_NAMES = {"FP1": "Practice 1", "FP2": "Practice 2", "FP3": "Practice 3", "Q": "Qualifying",
                 "SQ": "Sprint Qualifying", "SS": "Sprint Shootout", "S": "Sprint", "R": "Race"}  # fmt: skip


@dataclass(frozen=True)
class RowRef:
    """A citation of store rows: the table and the key values that pick them."""

    table: str
    keys: dict

    def as_dict(self) -> dict:
        """JSON-friendly form."""
        return {"type": "store", "table": self.table, "keys": dict(self.keys)}


@dataclass(frozen=True)
class Fact:
    """One answerable statement with its evidence.

    Attributes:
        topic: short name (``winner``, ``fastest_lap`` ...).
        text: the sentence(s) shown to the user.
        rows: store rows cited.
        frame: the data behind the text (for tables and charts).
        session: ``YEAR/ROUND/CODE`` when the fact answers from another session than
            the one asked about (e.g. pole from the race grid).
    """

    topic: str
    text: str
    rows: tuple[RowRef, ...] = ()
    frame: pd.DataFrame | None = field(default=None, compare=False)
    session: str | None = None  # set when the fact is about another session than asked


def key_dict(key) -> dict:
    """The key columns of a session as a dict."""
    return {"year": key.year, "round": key.round, "session_code": key.session_code}


def fmt_laptime(seconds: float | None) -> str:
    """``82.167`` -> ``"1:22.167"``; hours when needed; ``"n/a"`` for missing."""
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "n/a"
    minutes, sec = divmod(float(seconds), 60.0)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{int(hours)}:{int(minutes):02d}:{sec:06.3f}"
    return f"{int(minutes)}:{sec:06.3f}"


def key_params(key) -> list:
    return [key.year, key.round, key.session_code]


def session_row(store, key) -> dict:
    """The ``sessions`` row of ``key``.

    Raises:
        SessionNotInStore: the session has not been loaded.
    """
    df = store.query_df(
        "SELECT * FROM sessions WHERE year = ? AND round = ? AND session_code = ?", key_params(key)
    )
    if df.empty:
        raise SessionNotInStore(f"{key} is not in the store; load it on the home page first.")
    return df.iloc[0].to_dict()


def session_title(row: dict) -> str:
    """``"2025 Australian Grand Prix - Race"``."""
    name = row.get("session_name") or SESSION_NAMES.get(row["session_code"], row["session_code"])
    return f"{row['year']} {row['event_name']} - {name}"


def driver_names(store, key) -> dict[str, str]:
    """Three-letter code -> "Full Name (Team)" for the session."""
    df = store.query_df(
        "SELECT driver, full_name, team FROM drivers WHERE year = ? AND round = ? AND session_code = ?",
        key_params(key),
    )
    return {r.driver: f"{r.full_name} ({r.team})" for r in df.itertuples() if r.full_name}


def driver_label(names: dict, code: str) -> str:
    return f"{names[code]} [{code}]" if code in names else code
