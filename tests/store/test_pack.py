"""The data pack and the lake: round trips on the real kit store, the shipped pack, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from f1core.config import DEFAULT_PACK, PROJECT_ROOT
from f1core.errors import PackError, StoreError
from f1core.store import SessionKey, open_store
from f1core.store.pack import (
    DEFAULT_TELEMETRY,
    MAX_FILE_BYTES,
    content_checksum,
    export_pack,
    import_pack,
    pack_pending,
    read_manifest,
)
from f1core.store.schema import HISTORY_SOURCES, SESSION_TABLES

PACK_BUDGET_BYTES = 30_000_000


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory, kit_store):
    """A pack exported from the kit store (telemetry of the default sessions)."""
    out = tmp_path_factory.mktemp("pack") / "pack"
    export_pack(kit_store, out)
    return out


@pytest.fixture(scope="module")
def imported(tmp_path_factory, pack_dir):
    store = open_store(tmp_path_factory.mktemp("imported") / "f1.duckdb")
    report = import_pack(store, pack_dir)
    yield store, report
    store.close()


def _tel_filter(keys) -> str:
    return " OR ".join(
        f"(year = {k.year} AND round = {k.round} AND session_code = '{k.session_code}')"
        for k in keys
    )


def test_round_trip_reproduces_every_table(kit_store, imported):
    store, report = imported
    assert not report.unchanged and report.sessions == 29
    for table in [*SESSION_TABLES, *HISTORY_SOURCES]:
        where = f" WHERE {_tel_filter(DEFAULT_TELEMETRY)}" if table == "telemetry" else ""
        source = f"SELECT * FROM {table}{where}"
        if table == "sessions":  # the pack says which sessions carry telemetry in it
            tel = _tel_filter(DEFAULT_TELEMETRY)
            source = f"SELECT * REPLACE (has_telemetry AND ({tel}) AS has_telemetry) FROM sessions"
        expected = content_checksum(kit_store.cursor(), source)
        assert content_checksum(store.cursor(), f"SELECT * FROM {table}") == expected, table
        assert expected[0] > 0, table


def test_sessions_without_packed_telemetry_say_so(imported):
    store, _ = imported
    flags = dict(store.query_rows(
        "SELECT year || '/' || round || '/' || session_code, has_telemetry FROM sessions"
    ))  # fmt: skip
    assert flags["2025/1/R"] and flags["2025/1/Q"]
    assert not flags["2025/1/FP1"] and not flags["2025/2/R"]  # stored in the kit, not packed


def test_importing_twice_changes_nothing(pack_dir, imported):
    store, _ = imported
    before = content_checksum(store.cursor(), "SELECT * FROM laps")
    again = import_pack(store, pack_dir)
    assert again.unchanged
    assert content_checksum(store.cursor(), "SELECT * FROM laps") == before
    assert not pack_pending(store, pack_dir)


def test_import_keeps_sessions_the_pack_does_not_hold(tmp_path, kit_store_path, kit_store):
    """A pack of one session replaces that session and leaves the others as they were."""
    one = tmp_path / "one"
    export_pack(kit_store, one, sessions=[SessionKey(2025, 1, "R")], telemetry=[])
    target = open_store(shutil.copyfile(kit_store_path, tmp_path / "f1.duckdb"))
    before = content_checksum(target.cursor(), "SELECT * FROM telemetry")
    import_pack(target, one)
    assert content_checksum(target.cursor(), "SELECT * FROM telemetry") == before
    assert target.scalar("SELECT count(*) FROM sessions") == 29


def test_shipped_pack_is_complete_and_within_budget():
    manifest = read_manifest(DEFAULT_PACK)  # checks every file's size and sha256
    files = [f for e in manifest["tables"].values() for f in e["files"]]
    assert sum(f["bytes"] for f in files) <= PACK_BUDGET_BYTES
    assert max(f["bytes"] for f in files) <= MAX_FILE_BYTES
    assert set(HISTORY_SOURCES) <= set(manifest["tables"])
    assert set(SESSION_TABLES) <= set(manifest["tables"])
    assert {"2025/1/Q", "2025/1/R"} <= set(manifest["telemetry_sessions"])
    assert len(manifest["sessions"]) == 29
    readme = (DEFAULT_PACK / "README.md").read_text()
    for table, entry in manifest["tables"].items():
        assert entry["source"] and entry["licence"], table
        assert f"`{table}`" in readme
    assert "CC BY 4.0" in readme and "CC0" in readme


def test_git_tracks_the_pack_and_ignores_the_rest_of_data():
    def ignored(path: str) -> bool:
        run = subprocess.run(["git", "check-ignore", "-q", path], cwd=PROJECT_ROOT, check=False)
        return run.returncode == 0

    assert not ignored("data/pack/manifest.json") and not ignored("data/pack/laps.parquet")
    assert ignored("data/f1.duckdb") and ignored("data/fastf1_cache/x.ff1pkl")


# --- bad input ----------------------------------------------------------------------------
@pytest.fixture()
def damaged(tmp_path, pack_dir):
    copy = shutil.copytree(pack_dir, tmp_path / "pack")
    store = open_store(tmp_path / "f1.duckdb")
    store.cursor().execute("CREATE TABLE keep AS SELECT 1 AS x")  # something already stored
    yield copy, store
    assert store.scalar("SELECT count(*) FROM sessions") == 0  # nothing imported
    assert store.scalar("SELECT x FROM keep") == 1
    store.close()


def test_altered_file_is_named(damaged):
    pack, store = damaged
    laps = pack / "laps.parquet"
    data = bytearray(laps.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, different bytes
    laps.write_bytes(bytes(data))
    with pytest.raises(PackError, match="laps.parquet does not match its checksum"):
        import_pack(store, pack)


def test_truncated_file_is_named(damaged):
    pack, store = damaged
    results = pack / "results.parquet"
    results.write_bytes(results.read_bytes()[:100])
    with pytest.raises(PackError, match="results.parquet is 100 bytes"):
        import_pack(store, pack)


def test_missing_file_is_named(damaged):
    pack, store = damaged
    (pack / "weather.parquet").unlink()
    with pytest.raises(PackError, match="weather.parquet is missing"):
        import_pack(store, pack)


def test_newer_schema_is_refused(damaged):
    pack, store = damaged
    manifest = json.loads((pack / "manifest.json").read_text())
    manifest["schema_version"] = 99
    (pack / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(PackError, match="newer Pit Wall"):
        import_pack(store, pack)


def test_missing_manifest_and_missing_pack(damaged, tmp_path):
    pack, store = damaged
    (pack / "manifest.json").unlink()
    with pytest.raises(PackError, match="manifest.json is missing"):
        import_pack(store, pack)
    with pytest.raises(PackError, match="No data pack"):
        import_pack(store, tmp_path / "nowhere")


def test_cli_bad_pack_exits_2_and_names_the_file(tmp_path, pack_dir):
    pack = shutil.copytree(pack_dir, tmp_path / "pack")
    (pack / "stints.parquet").write_bytes(b"x")
    run = subprocess.run(
        [sys.executable, "-m", "f1core", "--store", str(tmp_path / "f1.duckdb"),
         "pack", "import", str(pack)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 2
    assert "stints.parquet" in run.stderr and "Traceback" not in run.stderr


# --- the lake -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def lake(tmp_path_factory, kit_store):
    from f1core.store.lake import export_lake

    out = tmp_path_factory.mktemp("lake") / "lake"
    export_lake(kit_store, out)
    return out


def test_lake_serves_every_table_read_only(lake, kit_store):
    store = open_store(lake)
    assert store.read_only and store.is_lake
    for table in [*SESSION_TABLES, *HISTORY_SOURCES]:
        source = f"SELECT * FROM {table}"
        assert content_checksum(store.cursor(), source) == content_checksum(
            kit_store.cursor(), source
        ), table
    with pytest.raises(StoreError, match="read-only"), store.transaction():
        pass


def test_lake_keys_keep_their_types(lake):
    store = open_store(lake)
    row = store.query_df("SELECT * FROM laps WHERE year = 2025 AND round = 1 LIMIT 1")
    assert list(row.columns[:3]) == ["year", "round", "session_code"]
    assert str(row["year"].dtype) == "int32" and row["session_code"].iloc[0] in {
        "FP1",
        "Q",
        "R",
        "FP2",
        "FP3",
    }


def test_lake_folder_that_does_not_exist(tmp_path):
    with pytest.raises(PackError, match="does not exist"):
        open_store(tmp_path / "no-such-lake")
    (tmp_path / "plain").mkdir()
    with pytest.raises(PackError, match="not a Pit Wall lake"):
        open_store(tmp_path / "plain")
