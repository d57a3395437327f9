"""The app's shared store: other processes read beside it, writes wait for locks and say who."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading

import pytest

from f1core.config import PROJECT_ROOT
from f1core.errors import StoreLocked
from f1core.store import SessionKey, open_store
from f1core.store.db import lock_wait_reporter
from f1core.store.queries import session_table
from f1core.store.writes import replace_session

KEY = SessionKey(2025, 1, "R")
_COUNT = "import sys, duckdb; print(duckdb.connect(sys.argv[1], read_only=True).execute(" \
    "'SELECT count(*) FROM laps').fetchall()[0][0])"  # fmt: skip
_HOLD = "import sys, duckdb; c = duckdb.connect(sys.argv[1], read_only=True); " \
    "print('ready', flush=True); sys.stdin.read()"  # fmt: skip


def _other_process_count(path) -> int:
    run = subprocess.run([sys.executable, "-c", _COUNT, str(path)], capture_output=True,
                         text=True, timeout=60, check=True)  # fmt: skip
    return int(run.stdout)


@pytest.fixture()
def shared(tmp_path, kit_store_path):
    path = shutil.copyfile(kit_store_path, tmp_path / "f1.duckdb")
    store = open_store(path, shared=True, lock_wait_s=1.0)
    yield store, path
    store.close()


def _rewrite_laps(store, kit_store) -> int:
    laps = session_table(kit_store, "laps", KEY).drop(columns=["year", "round", "session_code"])
    return replace_session(store, KEY, {"laps": laps})["laps"]


def test_other_processes_read_beside_the_app_and_after_its_writes(shared, kit_store):
    store, path = shared
    before = store.scalar("SELECT count(*) FROM laps")
    assert _other_process_count(path) == before  # the app holds the file read-only
    _rewrite_laps(store, kit_store)
    assert _other_process_count(path) == before  # back to read-only after the write
    assert store.scalar("SELECT count(*) FROM laps") == before


def test_a_write_waits_for_another_process_then_names_it(shared, kit_store):
    store, path = shared
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    countdown: list[float] = []
    try:
        assert holder.stdout.readline().strip() == "ready"
        with (
            lock_wait_reporter(lambda left, who: countdown.append(left)),
            pytest.raises(StoreLocked, match=rf"PID {holder.pid}\); waited 1 s"),
        ):
            _rewrite_laps(store, kit_store)
    finally:
        holder.communicate("")
    assert countdown and countdown == sorted(countdown, reverse=True)  # it counted down
    # nothing lost: the session is still there and the store still reads
    assert not session_table(store, "laps", KEY).empty


def test_a_write_goes_through_once_the_other_process_lets_go(tmp_path, kit_store_path, kit_store):
    path = shutil.copyfile(kit_store_path, tmp_path / "f1.duckdb")
    store = open_store(path, shared=True, lock_wait_s=30)
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout.readline().strip() == "ready"
    waits: list[float] = []

    def release_on_first_wait(left: float, who: str) -> None:
        waits.append(left)
        if len(waits) == 1:
            holder.communicate("")  # the other process finishes while we wait

    with lock_wait_reporter(release_on_first_wait):
        written = _rewrite_laps(store, kit_store)
    assert written > 0 and waits
    store.close()


def test_readers_in_threads_never_fail_while_writes_swap_the_connection(shared, kit_store):
    store, _ = shared
    expected = store.scalar("SELECT count(*) FROM laps")
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                assert store.scalar("SELECT count(*) FROM laps") == expected
                assert not session_table(store, "results", KEY).empty
            except BaseException as exc:  # collected: the assertion below reports it
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for _ in range(5):
        _rewrite_laps(store, kit_store)
    stop.set()
    for t in threads:
        t.join()
    assert not errors, errors[:3]


@pytest.mark.parametrize(
    ("command", "expected"),
    [(["sessions", "--json"], "Australian Grand Prix"),
     (["ask", "Who won the 2025 Australian Grand Prix?", "--offline", "--json"], "Norris")],
)  # fmt: skip
def test_terminal_readers_run_while_the_app_holds_the_store(shared, command, expected):
    _, path = shared
    run = subprocess.run(
        [sys.executable, "-m", "f1core", "--store", str(path), *command],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert expected in run.stdout


def test_a_swap_waits_for_a_lingering_instance_of_the_file_to_go(shared, kit_store):
    """A same-file connection with the other configuration still alive in the process (as a
    just-closed one can be for a moment) delays the swap to writing instead of failing it."""
    import duckdb

    store, path = shared
    lingering = duckdb.connect(str(path), read_only=True)  # this process, read-only: in the way
    threading.Timer(0.3, lingering.close).start()
    assert _rewrite_laps(store, kit_store) > 0
    assert store.scalar("SELECT count(*) FROM laps") > 0
