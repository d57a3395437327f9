"""A read-only SQL sandbox for model-generated queries.

Why a copy and not the store file: DuckDB allows one configuration per database file per
process, and the app already holds the store open read-write, so a second ``read_only``
connection to the same file in the same process is refused. The sandbox is therefore a
separate in-memory DuckDB database that receives copies of the allow-listed tables through
Arrow (``store.cursor().execute(...).arrow()``), after which its configuration is locked:
no file system, no extensions, no Python-variable scans, no configuration changes.
Writes only ever touch the copy and are refused before they run anyway (one SELECT only).
The copy is cached per store state (see :func:`store_fingerprint`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from f1core.errors import UnsafeQuery

#: Applied with SET GLOBAL, in this order; ``lock_configuration`` must come last.
_LOCKDOWN = (
    "SET GLOBAL python_enable_replacements = false",
    "SET GLOBAL enable_external_access = false",
    "SET GLOBAL autoinstall_known_extensions = false",
    "SET GLOBAL autoload_known_extensions = false",
    "SET GLOBAL allow_community_extensions = false",
    "SET GLOBAL lock_configuration = true",
)

#: Big per-sample tables are left out by default: copying them costs memory and time and
#: questions about them are answered by f1core's own queries (e.g. top speed).
DEFAULT_EXCLUDED = frozenset({"telemetry"})

MAX_SQL_CHARS = 4000


@dataclass(frozen=True)
class QueryResult:
    """Rows returned by the sandbox.

    Attributes:
        sql: the statement that ran.
        frame: the rows (at most ``row_limit``).
        truncated: whether more rows existed than the limit.
        tables: allow-listed tables the statement names (for citations).
    """

    sql: str
    frame: pd.DataFrame
    truncated: bool
    tables: tuple[str, ...] = field(default=())


def store_fingerprint(store) -> str:
    """A cheap string that changes whenever sessions are (re)loaded into the store."""
    row = store.query_rows("SELECT count(*), max(loaded_at) FROM sessions")[0]
    return f"{row[0]}|{row[1]}"


def check_sql(sql: str) -> str:
    """Return the single SELECT statement in ``sql`` or raise UnsafeQuery.

    Raises:
        UnsafeQuery: empty, too long, several statements, or not a SELECT.
    """
    if not isinstance(sql, str) or not sql.strip():
        raise UnsafeQuery("The query is empty.")
    if len(sql) > MAX_SQL_CHARS:
        raise UnsafeQuery(f"The query is longer than {MAX_SQL_CHARS} characters.")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise UnsafeQuery(f"The query does not parse: {str(exc).splitlines()[0]}") from None
    if len(statements) != 1:
        raise UnsafeQuery("Exactly one statement is allowed.")
    if statements[0].type != duckdb.StatementType.SELECT:
        kind = statements[0].type.name
        raise UnsafeQuery(f"Only SELECT statements are allowed (got {kind}).")
    return sql.strip().rstrip(";")


class Sandbox:
    """An in-memory, locked-down DuckDB holding copies of allow-listed store tables.

    Build with :func:`build_sandbox`. Thread-safe: each query uses its own cursor.
    """

    def __init__(self, conn: duckdb.DuckDBPyConnection, tables: Iterable[str], *, fingerprint: str):
        self._conn = conn
        self.tables = tuple(tables)
        self.fingerprint = fingerprint

    def query(self, sql: str, *, row_limit: int = 500, timeout_s: float = 5.0) -> QueryResult:
        """Run one SELECT with a row limit; interrupt it after ``timeout_s`` seconds.

        Raises:
            UnsafeQuery: the statement is refused, fails, or runs out of time.
        """
        clean = check_sql(sql)
        cur = self._conn.cursor()
        timed_out = threading.Event()

        def _stop() -> None:
            timed_out.set()
            cur.interrupt()

        timer = threading.Timer(timeout_s, _stop)
        timer.daemon = True
        timer.start()
        try:
            rel = cur.execute(clean)
            rows = rel.fetchmany(row_limit + 1)
            columns = [d[0] for d in rel.description or []]
        except duckdb.Error as exc:
            if timed_out.is_set():
                raise UnsafeQuery(
                    f"The query ran longer than {timeout_s:g} s and was stopped."
                ) from None
            raise UnsafeQuery(f"The query failed: {str(exc).splitlines()[0]}") from None
        finally:
            timer.cancel()
            cur.close()
        frame = pd.DataFrame(rows[:row_limit], columns=columns)
        try:
            referenced = {t.lower() for t in self._conn.get_table_names(clean)}
        except duckdb.Error:
            referenced = set()
        named = tuple(t for t in self.tables if t in referenced)
        return QueryResult(clean, frame, len(rows) > row_limit, named)

    def describe(self) -> dict[str, list[str]]:
        """Table name -> column names, for the model's tool description."""
        out: dict[str, list[str]] = {}
        rows = self._conn.cursor().execute(
            "SELECT table_name, column_name FROM duckdb_columns() ORDER BY table_name, column_index"
        )
        for table, column in rows.fetchall():
            out.setdefault(table, []).append(column)
        return out

    def close(self) -> None:
        """Release the in-memory copy."""
        self._conn.close()


def build_sandbox(
    store, tables: Iterable[str] | None = None, *, exclude=DEFAULT_EXCLUDED
) -> Sandbox:
    """Copy allow-listed tables of ``store`` into a fresh locked-down in-memory DuckDB.

    Args:
        store: the app's :class:`~f1core.store.Store` (only read).
        tables: allow-list; defaults to ``f1core.store.schema.public_tables()``.
        exclude: tables left out of the default allow-list.

    Returns:
        A :class:`Sandbox` whose configuration can no longer be changed.
    """
    from f1core.store.schema import public_tables

    allow = list(tables) if tables is not None else [t for t in public_tables() if t not in exclude]
    conn = duckdb.connect(":memory:")
    copied = []
    with store.reading() as cur:
        reader = cur.cursor()  # a fresh cursor: no half-read result can be in its way
        try:
            for name in allow:
                if not name.isidentifier() or not store.table_exists(name):
                    continue
                sql = f'SELECT * FROM "{name}"'  # noqa: S608 (name is allow-listed)
                arrow = reader.sql(sql).to_arrow_table()
                conn.register("_incoming", arrow)
                conn.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _incoming')  # noqa: S608
                conn.unregister("_incoming")
                copied.append(name)
        finally:
            reader.close()
    for stmt in _LOCKDOWN:
        conn.execute(stmt)
    return Sandbox(conn, copied, fingerprint=store_fingerprint(store))
