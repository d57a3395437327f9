"""Open, check, migrate and write the DuckDB store.

Concurrency policy (written once, here):
- One ``duckdb`` connection per process, wrapped by :class:`Store`. Each thread reads
  through its own cursor (``Store.reading()``), so Streamlit's many script threads never
  share one cursor and never see "connection is busy".
- Writes go through :meth:`Store.transaction`, which holds a process-wide lock, so two
  writes in one process are serialised and readers keep reading the last committed
  state (DuckDB MVCC) while a write is under way.
- Between processes, DuckDB allows many read-only processes or one read-write process
  per file. The app opens its store *shared*: read-only between writes, so command-line
  readers (``ask``, ``sessions``, ``standings``…) run beside it; each write swaps to a
  read-write connection for its duration only, then back. A swap waits for the reads in
  flight and holds new ones back for the moment it takes (:class:`~f1core.store.gate.Gate`).
- A write that meets another process's lock retries for ``lock_wait_s`` seconds, telling
  the waiting thread's reporter (:func:`lock_wait_reporter`) how long is left, then raises
  :class:`~f1core.errors.StoreLocked` naming the process that holds the file. Nothing is
  written or lost meanwhile: the write has not started.
"""

from __future__ import annotations

import contextlib
import gc
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from f1core.errors import IngestFailed, StoreCorrupt, StoreError, StoreLocked
from f1core.store.gate import Gate
from f1core.store.lake import is_lake_path, lake_connection
from f1core.store.schema import META_DDL, MIGRATIONS, SCHEMA_VERSION

APP_ID = "pitwall"


_RETRY_S = 0.5
_RELEASE_WAIT_S = 2.0
_HOLDER = re.compile(r"lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")
_waiting = threading.local()  # this thread's lock-wait reporter, if any


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def _holder(exc: Exception) -> str:
    m = _HOLDER.search(str(exc))
    return f"{Path(m['program']).name}, PID {m['pid']}" if m else "another process"


@contextmanager
def lock_wait_reporter(report: Callable[[float, str], None]) -> Iterator[None]:
    """While a write in this thread waits for another process's lock, call
    ``report(seconds left, holder)`` at each retry (a countdown on a page or a terminal)."""
    previous = getattr(_waiting, "report", None)
    _waiting.report = report
    try:
        yield
    finally:
        _waiting.report = previous


def _locked(path: Path | None, holder: str, waited_s: float) -> StoreLocked:
    return StoreLocked(
        f"The store {path} is in use by another process ({holder}); waited {waited_s:.0f} s. "
        "Writes need it alone: load data from the running app, or stop that process first."
    )


class Store:
    """The process's one DuckDB connection plus per-thread cursors and a write lock.

    Build it with :func:`open_store`; tests use ``open_store(tmp_path / "f1.duckdb")``.
    """

    def __init__(
        self,
        conn: duckdb.DuckDBPyConnection,
        path: Path | None,
        *,
        read_only: bool,
        shared: bool = False,
        memory_limit_mb: int | None = None,
        lock_wait_s: float = 0.0,
    ):
        self._conn = conn
        self.path = path
        self.read_only = read_only  # never writable (a read-only open, or a lake)
        self.shared = shared  # read-only between writes; each write swaps to read-write
        self.is_lake = False
        self.moved_aside: Path | None = None
        self._memory_limit_mb = memory_limit_mb
        self._lock_wait_s = lock_wait_s
        self._generation = 0  # bumped at every connection swap: old cursors are closed
        self._gate = Gate()
        self._local = threading.local()
        self._write_lock = threading.RLock()
        self._limit_memory()

    # -- reading -------------------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the current connection (created on first use).

        On a shared store, read through :meth:`reading` instead: a bare cursor is closed
        when a write swaps the connection.
        """
        cur = getattr(self._local, "cursor", None)
        if cur is None or self._local.generation != self._generation:
            cur = self._conn.cursor()
            self._local.cursor, self._local.generation = cur, self._generation
        return cur

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """This thread's cursor, held open against connection swaps for one read."""
        with self._gate.reading():
            yield self.cursor()

    def query_df(self, sql: str, params: Sequence | dict | None = None) -> pd.DataFrame:
        """Run a parameterised SELECT on this thread's cursor and return a DataFrame."""
        with self.reading() as cur:
            return cur.execute(sql, params or []).df()

    def query_rows(self, sql: str, params: Sequence | dict | None = None) -> list[tuple]:
        """Run a parameterised SELECT and return plain tuples."""
        with self.reading() as cur:
            return cur.execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: Sequence | dict | None = None):
        """First column of the first row, or ``None``.

        Reads the whole (small) result: a half-read result would keep this thread's cursor
        busy for its next statement.
        """
        rows = self.query_rows(sql, params)
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
        """A write transaction on a fresh cursor: commits on success, rolls back on error.

        Raises:
            IngestFailed: DuckDB refused the write (nothing of it is kept).
        """
        if self.read_only:
            raise StoreError("The store is open read-only; writes are not allowed.")
        with self._write_lock:
            if self.shared:
                self._swap_to_writer()
            cur = self._conn.cursor()
            try:
                cur.execute("BEGIN TRANSACTION")
                try:
                    yield cur
                    cur.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(duckdb.Error):  # keep the write's own error
                        cur.execute("ROLLBACK")
                    raise
            except duckdb.Error as exc:  # a full disk, a bad value, a lost file...
                raise IngestFailed(
                    f"Writing to the store failed ({type(exc).__name__}: {exc}); the write was "
                    "rolled back and what was stored before is intact."
                ) from exc
            finally:
                cur.close()
                if self.shared:
                    self._swap(read_only=True)  # also hands the write's buffers back

    def _swap(self, *, read_only: bool) -> None:
        """Replace the connection (readers wait for the moment it takes)."""
        with self._gate.swapping():
            self._conn.close()
            self._conn = _reconnect(self.path, read_only)
            self._generation += 1
            self._limit_memory()

    def _swap_to_writer(self) -> None:
        """Swap to a read-write connection, retrying while another process holds the file."""
        try:
            _retry_while_locked(
                lambda: self._swap(read_only=False), self.path, self._lock_wait_s,
                after_failure=lambda: self._swap(read_only=True),  # readers carry on meanwhile
            )  # fmt: skip
        except duckdb.Error as exc:
            raise StoreError(f"Cannot write to the store {self.path}: {exc}") from None

    def _limit_memory(self) -> None:
        """Cap DuckDB's buffer pool (a server shares its memory with every user's session).

        Blocks of a file store are evicted and re-read from disk, so the cap costs some
        speed on the largest queries, not correctness; ``None`` keeps DuckDB's default.
        """
        if self._memory_limit_mb:
            self._conn.execute(f"SET memory_limit = '{int(self._memory_limit_mb)}MB'")

    def trim_memory(self) -> None:
        """After a bulk write: checkpoint, then drop the buffer pool's cached blocks.

        DuckDB keeps what it just wrote in memory up to its limit; a server that imported
        a pack at start would carry that for its whole life. Lowering the limit for a moment
        evicts the unpinned blocks (they are on disk after the checkpoint).
        """
        if self.read_only or self.shared:
            return  # a shared store's swap back to read-only already dropped the buffers
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


def _reconnect(path: Path | None, read_only: bool) -> duckdb.DuckDBPyConnection:
    """:func:`_connect` after closing this process's connection to ``path``.

    DuckDB refuses a connection with another configuration while an instance of the file is
    still alive in the process; the one just closed can take a moment to go (a load test saw
    it once in hundreds of swaps), so that refusal is retried for ``_RELEASE_WAIT_S``.
    """
    deadline = time.monotonic() + _RELEASE_WAIT_S
    while True:
        try:
            return _connect(path, read_only)
        except duckdb.ConnectionException as exc:
            if "different configuration" not in str(exc) or time.monotonic() > deadline:
                raise
            gc.collect()  # drop unreachable Python objects that still hold the old instance
            time.sleep(0.05)


def _report(seconds_left: float, holder: str) -> None:
    report = getattr(_waiting, "report", None)
    if report is not None:
        report(seconds_left, holder)


def _retry_while_locked(attempt, path: Path | None, lock_wait_s: float, *, after_failure=None):
    """``attempt()`` until it stops meeting another process's lock, for ``lock_wait_s`` at most.

    Each failed try runs ``after_failure`` and reports the seconds left to this thread's
    reporter. Other DuckDB errors are raised as they are.

    Raises:
        StoreLocked: the lock was still held when the time ran out (names the holder).
    """
    start = time.monotonic()
    while True:
        try:
            return attempt()
        except duckdb.Error as exc:
            if after_failure is not None:
                after_failure()
            if not _is_lock_error(exc):
                raise
            waited = time.monotonic() - start
            if waited >= lock_wait_s:
                raise _locked(path, _holder(exc), waited) from None
            _report(lock_wait_s - waited, _holder(exc))
            time.sleep(_RETRY_S)


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
    path: Path | str | None,
    *,
    read_only: bool = False,
    shared: bool = False,
    memory_limit_mb: int | None = None,
    lock_wait_s: float = 0.0,
) -> Store:
    """Open (creating and migrating if needed) the store at ``path``; ``None`` is in-memory.

    A folder (or a path with no file suffix) is a Parquet lake, served read-only through
    views (:mod:`f1core.store.lake`). A file that is not a DuckDB database, or a DuckDB
    database of another application, is moved aside to ``<name>.corrupt-<UTC time>`` and a
    fresh store is created in its place; ``Store.moved_aside`` then names the kept file.
    Nothing is deleted.

    Args:
        read_only: never write (several processes may read one file at once).
        shared: read-only between writes, read-write for each write's duration (the app).
        memory_limit_mb: DuckDB's memory cap for this connection (the app sets one).
        lock_wait_s: how long a write retries while another process holds the file.

    Raises:
        PackError: a lake folder that does not exist or is not a Pit Wall lake.
        StoreLocked: another process held the file for the whole wait.
        StoreError: the store is newer than this code, or cannot be opened at all.
    """
    p = None if path is None else Path(path)
    options = {"memory_limit_mb": memory_limit_mb, "lock_wait_s": lock_wait_s}
    if p is not None and is_lake_path(p):
        store = Store(lake_connection(p), p, read_only=True, **options)
        store.is_lake = True
        return store
    if shared and p is not None and _current_store(p):
        return Store(_connect(p, True), p, read_only=False, shared=True, **options)
    conn, moved = _open_checked(p, read_only, lock_wait_s)
    if not read_only:
        _migrate(conn)
    if shared and p is not None:
        conn.close()  # created, checked and migrated: from now on read-only between writes
        conn = _connect(p, True)
    store = Store(conn, p, read_only=read_only, shared=shared and p is not None, **options)
    store.moved_aside = moved
    return store


def _current_store(path: Path) -> bool:
    """Whether ``path`` is a Pit Wall store of this schema version (read without a write lock)."""
    if not path.exists():
        return False
    try:
        conn = _connect(path, True)
    except duckdb.Error:
        return False  # corrupt, or locked by a writer: the read-write path says which
    try:
        _check_identity(conn)
        version = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        return version[0] == SCHEMA_VERSION
    except (duckdb.Error, StoreCorrupt):
        return False
    finally:
        conn.close()


def _open_checked(
    p: Path | None, read_only: bool, lock_wait_s: float
) -> tuple[duckdb.DuckDBPyConnection, Path | None]:
    """Connect, check the file is a Pit Wall store, and move a foreign or corrupt one aside."""
    if p is not None and not read_only:
        p.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = (
            _connect(p, True) if read_only
            else _retry_while_locked(lambda: _connect(p, False), p, lock_wait_s)
        )  # fmt: skip
        try:
            _check_identity(conn)
        except StoreCorrupt:
            conn.close()
            raise
    except duckdb.Error as exc:
        if _is_lock_error(exc):
            raise _locked(p, _holder(exc), 0) from None
        if p is None or read_only or not p.exists() or "not a valid DuckDB" not in str(exc):
            # a read-only disk, a missing permission...: the file may be fine, keep it as is
            raise StoreError(f"Cannot open the store {p}: {exc}") from None
        moved = _move_aside(p)
        return _connect(p, read_only), moved
    except StoreCorrupt:
        if p is None or read_only:
            raise
        moved = _move_aside(p)
        return _connect(p, read_only), moved
    return conn, None
