"""Open, check, migrate and write the DuckDB store.

Concurrency policy (written once, here):
- One ``duckdb`` connection per process, wrapped by :class:`Store`. Each thread reads
  through its own cursor (``Store.cursor()``), so Streamlit's many script threads never
  share one cursor and never see "connection is busy".
- Writes go through :meth:`Store.transaction`, which holds a process-wide lock, so two
  ingests in one process are serialised and readers keep reading the last committed
  state (DuckDB MVCC) while a write is under way.
- Between processes, DuckDB allows one read-write process per file. The running app is
  that process; a CLI ingest started while the app holds the store fails at once with
  :class:`~f1core.errors.StoreLocked` naming the holder, and changes nothing. Ingest from
  the app's home page while it runs, or stop the app first.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from f1core.errors import StoreCorrupt, StoreError, StoreLocked
from f1core.store.lake import is_lake_path, lake_connection
from f1core.store.schema import META_DDL, MIGRATIONS, SCHEMA_VERSION

APP_ID = "pitwall"


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


class Store:
    """The process's one DuckDB connection plus per-thread cursors and a write lock.

    Build it with :func:`open_store`; tests use ``open_store(tmp_path / "f1.duckdb")``.
    """

    def __init__(self, conn: duckdb.DuckDBPyConnection, path: Path | None, *, read_only: bool):
        self._conn = conn
        self.path = path
        self.read_only = read_only
        self.is_lake = False
        self.moved_aside: Path | None = None
        self._local = threading.local()
        self._write_lock = threading.RLock()

    # -- reading -------------------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the shared connection (created on first use)."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._conn.cursor()
            self._local.cursor = cur
        return cur

    def query_df(self, sql: str, params: Sequence | dict | None = None) -> pd.DataFrame:
        """Run a parameterised SELECT on this thread's cursor and return a DataFrame."""
        return self.cursor().execute(sql, params or []).df()

    def query_rows(self, sql: str, params: Sequence | dict | None = None) -> list[tuple]:
        """Run a parameterised SELECT and return plain tuples."""
        return self.cursor().execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: Sequence | dict | None = None):
        """First column of the first row, or ``None``.

        Reads the whole (small) result: a half-read result would keep this thread's cursor
        busy for its next statement.
        """
        rows = self.cursor().execute(sql, params or []).fetchall()
        return rows[0][0] if rows else None

    def table_exists(self, name: str) -> bool:
        """Whether a table or view of that name exists in the main schema."""
        return bool(
            self.scalar(
                "SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name = $name)"
                " + (SELECT count(*) FROM duckdb_views() WHERE view_name = $name)",
                {"name": name},
            )
        )

    # -- writing -------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A write transaction on a fresh cursor: commits on success, rolls back on error."""
        if self.read_only:
            raise StoreError("The store is open read-only; writes are not allowed.")
        with self._write_lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            else:
                cur.execute("COMMIT")
            finally:
                cur.close()

    def trim_memory(self) -> None:
        """After a bulk write: checkpoint, then drop the buffer pool's cached blocks.

        DuckDB keeps what it just wrote in memory up to its limit; a server that imported
        a pack at start would carry that for its whole life. Lowering the limit for a moment
        evicts the unpinned blocks (they are on disk after the checkpoint).
        """
        if self.read_only:
            return
        with self._write_lock:
            cur = self._conn.cursor()
            try:
                cur.execute("CHECKPOINT")
            except duckdb.TransactionException:
                return  # another thread is mid-transaction: DuckDB checkpoints later itself
            finally:
                cur.close()
            limit = self.scalar("SELECT current_setting('memory_limit')")
            self.cursor().execute("SET memory_limit = '16MB'")
            self.cursor().execute("SET memory_limit = ?", [limit])

    def close(self) -> None:
        """Close the connection (cursors of other threads become unusable)."""
        self._conn.close()


def _connect(path: Path | None, read_only: bool) -> duckdb.DuckDBPyConnection:
    target = ":memory:" if path is None else str(path)
    return duckdb.connect(target, read_only=read_only)


def _move_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    path.rename(aside)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.rename(aside.with_name(aside.name + ".wal"))
    return aside


def _check_identity(conn: duckdb.DuckDBPyConnection) -> None:
    """Raise StoreCorrupt if the file is a DuckDB database that is not a Pit Wall store."""
    tables = {r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if not tables:
        return  # a new, empty file
    if "pitwall_meta" not in tables:
        raise StoreCorrupt("The store file is a DuckDB database of another application.")
    app = conn.execute("SELECT value FROM pitwall_meta WHERE key = 'app'").fetchone()
    if not app or app[0] != APP_ID:
        raise StoreCorrupt("The store file has no Pit Wall marker.")


def _migrate(conn: duckdb.DuckDBPyConnection) -> None:
    for stmt in META_DDL:
        conn.execute(stmt)
    conn.execute("INSERT OR IGNORE INTO pitwall_meta VALUES ('app', ?)", [APP_ID])
    current = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"The store was written by a newer Pit Wall (schema {current} > {SCHEMA_VERSION}). "
            "Upgrade Pit Wall or point F1_STORE at another file."
        )
    for version in range(current + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN TRANSACTION")
        for stmt in MIGRATIONS[version]:
            conn.execute(stmt)
        conn.execute("INSERT INTO schema_version VALUES (?, now())", [version])
        conn.execute("COMMIT")


def open_store(
    path: Path | str | None, *, read_only: bool = False, memory_limit_mb: int | None = None
) -> Store:
    """Open (creating and migrating if needed) the store at ``path``; ``None`` is in-memory.

    A folder (or a path with no file suffix) is a Parquet lake, served read-only through
    views (:mod:`f1core.store.lake`). A file that is not a DuckDB database, or a DuckDB database of another application,
    is moved aside to ``<name>.corrupt-<UTC time>`` and a fresh store is created in its
    place; ``Store.moved_aside`` then names the kept file. Nothing is deleted.

    Args:
        memory_limit_mb: DuckDB's memory cap for this connection (the app sets one).

    Raises:
        PackError: a lake folder that does not exist or is not a Pit Wall lake.
        StoreLocked: another process holds the file for writing.
        StoreError: the store is newer than this code, or cannot be opened at all.
    """
    p = None if path is None else Path(path)
    if p is not None and is_lake_path(p):
        store = Store(lake_connection(p), p, read_only=True)
        store.is_lake = True
        _limit_memory(store, memory_limit_mb)
        return store
    if p is not None and not read_only:
        p.parent.mkdir(parents=True, exist_ok=True)
    moved: Path | None = None
    try:
        conn = _connect(p, read_only)
        try:
            _check_identity(conn)
        except StoreCorrupt:
            conn.close()
            raise
    except duckdb.Error as exc:
        if _is_lock_error(exc):
            raise StoreLocked(
                f"The store {p} is in use by another Pit Wall process (the app or an ingest). "
                "Ingest from the running app, or stop it and try again."
            ) from None
        if p is None or read_only or not p.exists():
            raise StoreError(f"Cannot open the store {p}: {exc}") from None
        moved = _move_aside(p)
        conn = _connect(p, read_only)
    except StoreCorrupt:
        if p is None or read_only:
            raise
        moved = _move_aside(p)
        conn = _connect(p, read_only)
    if not read_only:
        _migrate(conn)
    store = Store(conn, p, read_only=read_only)
    store.moved_aside = moved
    _limit_memory(store, memory_limit_mb)
    return store


def _limit_memory(store: Store, memory_limit_mb: int | None) -> None:
    """Cap DuckDB's buffer pool (a server shares its memory with every user's session).

    Blocks of a file store are evicted and re-read from disk, so the cap costs some speed on
    the largest queries, not correctness; ``None`` keeps DuckDB's default (80 % of RAM).
    """
    if memory_limit_mb:
        store.cursor().execute(f"SET memory_limit = '{int(memory_limit_mb)}MB'")
