"""Store faults: foreign or corrupt files, locks, newer schemas, failed writes, threads."""

from __future__ import annotations

import subprocess
import sys
import threading

import duckdb
import pandas as pd
import pytest

from f1core.config import PROJECT_ROOT
from f1core.errors import IngestFailed, StoreError, StoreLocked
from f1core.store import SessionKey, open_store
from f1core.store.queries import session_table
from f1core.store.writes import replace_session


def test_garbage_file_is_moved_aside_and_kept(tmp_path):
    path = tmp_path / "f1.duckdb"
    path.write_bytes(b"garbage" * 500)
    store = open_store(path)
    assert store.moved_aside is not None
    assert store.moved_aside.read_bytes() == b"garbage" * 500
    assert store.scalar("SELECT count(*) FROM sessions") == 0


def test_foreign_duckdb_file_is_moved_aside(tmp_path):
    path = tmp_path / "f1.duckdb"
    other = duckdb.connect(str(path))
    other.execute("CREATE TABLE invoices AS SELECT 42 AS amount")
    other.close()
    store = open_store(path)
    assert store.moved_aside is not None
    store.close()
    kept = duckdb.connect(str(store.moved_aside), read_only=True)
    assert kept.execute("SELECT amount FROM invoices").fetchall() == [(42,)]


def test_newer_schema_is_refused_not_moved(tmp_path):
    path = tmp_path / "f1.duckdb"
    open_store(path).close()
    conn = duckdb.connect(str(path))
    conn.execute("INSERT INTO schema_version VALUES (999, now())")
    conn.close()
    with pytest.raises(StoreError, match="newer Pit Wall"):
        open_store(path)
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))


def test_second_process_gets_store_locked(tmp_path):
    path = tmp_path / "f1.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from f1core.store import open_store; s = open_store(sys.argv[1]); "
         "print('ready', flush=True); sys.stdin.read()", str(path)],
        cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(
            StoreLocked, match=rf"in use by another process \(python.*PID {holder.pid}\)"
        ):
            open_store(path)
        assert not list(tmp_path.glob("*.corrupt-*"))
    finally:
        holder.communicate("")


def _copy_session(src, dst_store, key: SessionKey) -> dict[str, pd.DataFrame]:
    frames = {t: session_table(src, t, key).drop(columns=["year", "round", "session_code"])
              for t in ("sessions", "laps", "results")}  # fmt: skip
    replace_session(dst_store, key, frames)
    return frames


def test_failed_reingest_keeps_previous_data(kit_store, empty_store):
    aus_q, aus_r = SessionKey(2025, 1, "Q"), SessionKey(2025, 1, "R")
    frames = _copy_session(kit_store, empty_store, aus_q)
    _copy_session(kit_store, empty_store, aus_r)
    before = empty_store.scalar("SELECT count(*) FROM laps")
    broken = dict(frames, laps=frames["laps"].assign(lap_number="not a number"))
    with pytest.raises(IngestFailed, match="rolled back and what was stored before is intact"):
        replace_session(empty_store, aus_q, broken)
    assert empty_store.scalar("SELECT count(*) FROM laps") == before
    assert len(session_table(empty_store, "laps", aus_q)) == len(frames["laps"])


def test_readers_keep_reading_while_a_session_is_rewritten(kit_store, empty_store):
    key = SessionKey(2025, 1, "R")
    frames = _copy_session(kit_store, empty_store, key)
    expected = len(frames["laps"])
    errors: list[BaseException] = []
    counts: list[int] = []

    def read():
        try:
            for _ in range(30):
                counts.append(len(session_table(empty_store, "laps", key)))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(6)]
    for t in readers:
        t.start()
    for _ in range(5):
        replace_session(empty_store, key, frames)
    for t in readers:
        t.join()
    assert errors == []
    assert set(counts) == {expected}  # never a half-written session


def test_scalar_leaves_the_cursor_free_for_the_next_statement(empty_store):
    assert empty_store.scalar("SELECT * FROM range(10)") == 0
    assert empty_store.cursor().sql("SELECT 42").fetchall() == [(42,)]


@pytest.fixture()
def small_disk(tmp_path):
    """A 24 MB tmpfs of our own (root only), so a write can really run out of space."""
    mount = tmp_path / "disk"
    mount.mkdir()
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)],
                         capture_output=True, text=True, check=False)  # fmt: skip
    if run.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {run.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_during_an_ingest_keeps_the_previous_data(kit_store, small_disk):
    store = open_store(small_disk / "f1.duckdb")
    aus_q, aus_r = SessionKey(2025, 1, "Q"), SessionKey(2025, 1, "R")
    _copy_session(kit_store, store, aus_q)
    store.cursor().execute("CHECKPOINT")
    before = store.scalar("SELECT count(*) FROM laps")
    filler = small_disk / "filler"
    with filler.open("wb") as fh:  # fill the disk to the last block
        try:
            while True:
                fh.write(b"\0" * (1 << 20))
                fh.flush()
        except OSError:
            pass
    tel = session_table(kit_store, "telemetry", aus_r)  # ~750k rows: far more than fits
    with pytest.raises(IngestFailed, match="(?s)space left on device.*intact"):
        replace_session(store, aus_r, {"telemetry": tel.drop(columns=["year", "round",
                                                                         "session_code"])})  # fmt: skip
    assert store.scalar("SELECT count(*) FROM laps") == before
    assert store.scalar("SELECT count(*) FROM telemetry") == 0
    store.close()
    filler.unlink()
    reopened = open_store(small_disk / "f1.duckdb", read_only=True)  # the file itself is sound
    assert reopened.scalar("SELECT count(*) FROM laps") == before
    reopened.close()


def test_a_read_only_disk_serves_reads_and_refuses_writes_clearly(kit_store, small_disk):
    path = small_disk / "f1.duckdb"
    store = open_store(path)
    _copy_session(kit_store, store, SessionKey(2025, 1, "Q"))
    before = store.scalar("SELECT count(*) FROM laps")
    store.close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    with pytest.raises(StoreError, match="Read-only file system"):
        open_store(path)  # a plain read-write open: an error, the file is not moved aside
    app = open_store(path, shared=True)  # the app's mode: reads work
    assert app.scalar("SELECT count(*) FROM laps") == before
    with pytest.raises(StoreError, match="Cannot write to the store"):
        _copy_session(kit_store, app, SessionKey(2025, 1, "R"))
    assert app.scalar("SELECT count(*) FROM laps") == before  # and it still reads
    assert sorted(p.name for p in small_disk.iterdir()) == ["f1.duckdb"]
    app.close()
