"""The command line as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from f1core.config import PROJECT_ROOT


def _run(*args, store, **env):
    return subprocess.run(
        [sys.executable, "-m", "f1core", *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
        env={**os.environ, "F1_STORE": str(store), **env}, timeout=300,
    )  # fmt: skip


def test_sessions_json_lists_the_kit(kit_store_path, tmp_path):
    store = shutil.copyfile(kit_store_path, tmp_path / "f1.duckdb")
    out = _run("sessions", "--json", store=store)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 29
    aus = [r for r in rows if (r["year"], r["round"], r["session_code"]) == (2025, 1, "R")]
    assert aus[0]["event_name"] == "Australian Grand Prix" and aus[0]["has_telemetry"]


def test_ingest_unknown_event_exits_2_with_message(tmp_path, fastf1_cache):
    out = _run("ingest", "2025", "Atlantis", "R", "--offline", "--cache", str(fastf1_cache),
               store=tmp_path / "f1.duckdb")  # fmt: skip
    assert out.returncode == 2
    assert "No 2025 event matches 'Atlantis'" in out.stderr
    assert "Traceback" not in out.stderr


def test_ingest_one_session_offline(tmp_path, fastf1_cache):
    out = _run("ingest", "2023", "Bahrain", "R", "--offline", "--cache", str(fastf1_cache),
               store=tmp_path / "f1.duckdb")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("2023/1/R: laps 1")
