"""Atomic writes: a session's tables are replaced together or not at all."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import duckdb
import pandas as pd

from f1core.store.db import Store
from f1core.store.schema import SESSION_TABLES


@dataclass(frozen=True, order=True)
class SessionKey:
    """The key of every session table: ``(year, round, session_code)``."""

    year: int
    round: int
    session_code: str

    def __str__(self) -> str:
        return f"{self.year}/{self.round}/{self.session_code}"

    @classmethod
    def parse(cls, text: str) -> SessionKey:
        """Parse ``YEAR/ROUND/CODE`` (as printed by ``str``)."""
        year, rnd, code = text.strip().split("/")
        return cls(int(year), int(rnd), code.upper())

    def params(self) -> list:
        return [self.year, self.round, self.session_code]


def table_columns(store_or_cursor, table: str) -> list[str]:
    """Column names of a table in table order."""
    sql = "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index"
    if isinstance(store_or_cursor, Store):
        rows = store_or_cursor.query_rows(sql, [table])
    else:
        rows = store_or_cursor.execute(sql, [table]).fetchall()
    return [r[0] for r in rows]


def _insert_frame(cur, table: str, key: SessionKey | None, frame: pd.DataFrame) -> int:
    if frame is None or frame.empty:
        return 0
    cols = table_columns(cur, table)
    data = frame.copy()
    if key is not None:
        data["year"], data["round"], data["session_code"] = key.year, key.round, key.session_code
    data = data.reindex(columns=cols)
    view = f"_pitwall_insert_{table}"
    cur.register(view, data)
    try:
        col_list = ", ".join(cols)
        cur.execute(f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM {view}")  # noqa: S608 - names from schema
    finally:
        with contextlib.suppress(duckdb.Error):  # keep the insert's own error, if any
            cur.unregister(view)
    return len(data)


def replace_session(
    store: Store,
    key: SessionKey,
    frames: Mapping[str, pd.DataFrame],
    *,
    tables: Iterable[str] | None = None,
) -> dict[str, int]:
    """Replace one session's rows in ``tables`` (default: the tables in ``frames``).

    Deletes and inserts run in one transaction, so a failure leaves the previous data of
    this session intact and other sessions are never touched.

    Returns:
        Rows written per table.
    """
    targets = list(tables if tables is not None else frames)
    unknown = [t for t in [*targets, *frames] if t not in SESSION_TABLES]
    if unknown:
        raise ValueError(f"not session tables: {unknown}")
    written: dict[str, int] = {}
    with store.transaction() as cur:
        for table in targets:
            cur.execute(
                f"DELETE FROM {table} WHERE year = ? AND round = ? AND session_code = ?",  # noqa: S608
                key.params(),
            )
        for table, frame in frames.items():
            written[table] = _insert_frame(cur, table, key, frame)
    return written


def replace_table(store: Store, table: str, frame: pd.DataFrame) -> int:
    """Create or replace a whole (history) table from a DataFrame, atomically."""
    view = f"_pitwall_replace_{table}"
    with store.transaction() as cur:
        cur.register(view, frame)
        try:
            cur.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM {view}")  # noqa: S608
        finally:
            with contextlib.suppress(duckdb.Error):
                cur.unregister(view)
    return len(frame)


def update_session_flags(store: Store, key: SessionKey, **flags) -> None:
    """Set ``has_*`` flags (or other columns) of one ``sessions`` row."""
    allowed = set(table_columns(store, "sessions")) - {"year", "round", "session_code"}
    bad = set(flags) - allowed
    if bad:
        raise ValueError(f"unknown sessions columns: {sorted(bad)}")
    sets = ", ".join(f"{name} = ?" for name in flags)
    with store.transaction() as cur:
        cur.execute(
            f"UPDATE sessions SET {sets} WHERE year = ? AND round = ? AND session_code = ?",  # noqa: S608
            [*flags.values(), *key.params()],
        )
