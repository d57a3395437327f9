"""Read queries over the store used by pages, models and the chat.

Every function takes the :class:`Store` first and returns a plain DataFrame (or dict)
with the schema's column names; session arguments are :class:`SessionKey` values.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from f1core.errors import SessionNotInStore
from f1core.store.db import Store
from f1core.store.schema import HISTORY_SOURCES, SESSION_TABLES
from f1core.store.writes import SessionKey

_WHERE_KEY = "year = ? AND round = ? AND session_code = ?"


def store_summary(store: Store) -> dict[str, int]:
    """Counts for the home page: sessions, laps, telemetry rows, history tables."""
    return {
        "sessions": int(store.scalar("SELECT count(*) FROM sessions") or 0),
        "laps": int(store.scalar("SELECT count(*) FROM laps") or 0),
        "telemetry_rows": int(store.scalar("SELECT count(*) FROM telemetry") or 0),
        "history_tables": int(
            store.scalar(
                "SELECT count(*) FROM (SELECT table_name AS name FROM duckdb_tables() "
                "UNION ALL SELECT view_name FROM duckdb_views()) WHERE list_contains($names, name)",
                {"names": list(HISTORY_SOURCES)},
            )
            or 0
        ),
    }


def list_sessions(store: Store) -> pd.DataFrame:
    """Every stored session, newest event first, sessions in weekend order."""
    return store.query_df(
        """SELECT * FROM sessions ORDER BY year DESC, round DESC,
           list_position(['FP1','FP2','FP3','SQ','SS','S','Q','R'], session_code)"""
    )


_VERSION_SQL = "SELECT year, round, session_code, loaded_at, has_telemetry FROM sessions"


def session_versions(store: Store) -> dict[SessionKey, str]:
    """Fingerprint of each stored session's rows, by session.

    A session's fingerprint changes when that session is loaded again (its ``loaded_at``)
    or gains telemetry, and only then: caches keyed by it stay warm for every other session.
    """
    rows = store.query_rows(_VERSION_SQL)
    return {SessionKey(int(y), int(r), str(c)): f"{at}|{tel}" for y, r, c, at, tel in rows}


def history_version(store: Store) -> str:
    """Fingerprint of the history tables (their row counts): changes with a history update."""
    return str(store.scalar(
        "SELECT sum(estimated_size) FROM duckdb_tables() "
        "WHERE table_name LIKE 'ergast%' OR table_name LIKE 'f1db%'"
    ))  # fmt: skip


def store_version(store: Store) -> str:
    """Cheap fingerprint of the whole store: it changes after every ingest and every history
    update (:func:`history_version` is part of it)."""
    row = store.query_rows(
        "SELECT count(*), max(loaded_at), sum(has_telemetry::INT) FROM sessions"
    )[0]
    return "|".join(str(v) for v in (*row, history_version(store)))


def session_version(store: Store, key: SessionKey) -> str:
    """One session's fingerprint (see :func:`session_versions`); ``"absent"`` if not stored."""
    rows = store.query_rows(f"{_VERSION_SQL} WHERE {_WHERE_KEY}", key.params())  # noqa: S608
    return next(iter(f"{at}|{tel}" for *_, at, tel in rows), "absent")


def session_row(store: Store, key: SessionKey) -> dict:
    """The ``sessions`` row of one session.

    Raises:
        SessionNotInStore: the session has not been loaded.
    """
    df = store.query_df(f"SELECT * FROM sessions WHERE {_WHERE_KEY}", key.params())  # noqa: S608
    if df.empty:
        raise SessionNotInStore(f"Session {key} is not in the store; load it from the home page.")
    return df.iloc[0].to_dict()


def session_table(
    store: Store,
    table: str,
    key: SessionKey,
    *,
    drivers: Sequence[str] | None = None,
    up_to_lap: int | None = None,
) -> pd.DataFrame:
    """Rows of one session table, optionally for some drivers and up to a lap.

    Args:
        table: a session table of the schema (``laps``, ``results``, ...).
        drivers: three-letter codes; ``None`` or empty means all drivers.
        up_to_lap: keep only rows known at the end of this lap (tables with a lap column).
    """
    if table not in SESSION_TABLES:
        raise ValueError(f"not a session table: {table}")
    sql = f"SELECT * FROM {table} WHERE {_WHERE_KEY}"  # noqa: S608
    params: list = key.params()
    if drivers and table not in {"weather", "race_control", "track_status", "corners", "sessions"}:
        sql += " AND driver IN (SELECT unnest(?))"
        params.append(list(drivers))
    lap_col = {"laps": "lap_number", "stints": "start_lap", "pit_stops": "lap",
               "race_control": "lap", "telemetry": "lap_number"}.get(table)  # fmt: skip
    if up_to_lap is not None and lap_col:
        sql += f" AND {lap_col} <= ?"
        params.append(int(up_to_lap))
    return store.query_df(sql, params)


def session_drivers(store: Store, key: SessionKey) -> pd.DataFrame:
    """Drivers of a session with team and colour, in finishing (or number) order."""
    return store.query_df(
        """SELECT d.driver, d.driver_number, d.full_name, d.team, d.team_color, r.position
            FROM drivers d LEFT JOIN results r USING (year, round, session_code, driver)
            WHERE d.year = ? AND d.round = ? AND d.session_code = ?
            ORDER BY r.position NULLS LAST, d.driver_number""",
        key.params(),
    )


def lap_telemetry(store: Store, key: SessionKey, laps: Sequence[tuple[str, int]]) -> pd.DataFrame:
    """Telemetry samples of the given ``(driver, lap_number)`` pairs, in sample order."""
    if not laps:
        return pd.DataFrame()
    wanted = pd.DataFrame(laps, columns=["driver", "lap_number"])
    with store.reading() as cur:
        cur.register("_wanted_laps", wanted)
        try:
            return cur.execute(
                """SELECT t.* FROM telemetry t JOIN _wanted_laps w USING (driver, lap_number)
                    WHERE t.year = ? AND t.round = ? AND t.session_code = ?
                    ORDER BY t.driver, t.lap_number, t.sample""",
                key.params(),
            ).df()
        finally:
            cur.unregister("_wanted_laps")
