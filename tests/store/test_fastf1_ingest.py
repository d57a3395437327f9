"""FastF1 ingest against the kit's cache: bad input, missing data, atomic replacement."""

from __future__ import annotations

import pytest

from f1core.config import load_settings
from f1core.errors import DataSourceUnavailable, SessionNotFound
from f1core.ingest import ingest_session, ingest_telemetry
from f1core.ingest.telemetry import read_ti_parquet
from f1core.store import SessionKey


@pytest.fixture()
def settings(tmp_path, fastf1_cache):
    return load_settings(store_path=tmp_path / "f1.duckdb", fastf1_cache=fastf1_cache,
                         offline=True)  # fmt: skip


def _stored(store) -> int:
    return store.scalar("SELECT count(*) FROM sessions")


def test_unknown_event_suggests_close_names(empty_store, settings):
    with pytest.raises(SessionNotFound) as info:
        ingest_session(empty_store, settings, 2025, "Austrailia", "R")
    assert "Australian Grand Prix" in info.value.suggestions
    assert _stored(empty_store) == 0


def test_unknown_session_lists_the_event_sessions(empty_store, settings):
    with pytest.raises(SessionNotFound, match="It has: FP1, FP2, FP3, Q, R"):
        ingest_session(empty_store, settings, 2025, "Australia", "SQ")


def test_round_out_of_range(empty_store, settings):
    with pytest.raises(SessionNotFound, match="no round 40"):
        ingest_session(empty_store, settings, 2025, 40, "R")


def test_uncached_session_offline_names_the_cause(empty_store, settings):
    with pytest.raises(DataSourceUnavailable, match="not in the FastF1 cache and offline mode"):
        ingest_session(empty_store, settings, 2025, "Monaco", "R")
    assert _stored(empty_store) == 0


def test_reingest_replaces_and_keeps_telemetry(kit_dir, empty_store, settings):
    key = SessionKey(2025, 1, "Q")
    first = ingest_session(empty_store, settings, 2025, "Australia", "Q")
    assert first.key == key and first.rows["laps"] == 297
    tel = read_ti_parquet(kit_dir / "telemetry/2025_01_australian_gp/qualifying_telemetry.parquet")
    assert ingest_telemetry(empty_store, key, tel) == 385_496
    ingest_session(empty_store, settings, 2025, "australian grand prix", "qualifying")
    assert empty_store.scalar("SELECT count(*) FROM laps") == 297
    assert empty_store.scalar("SELECT count(*) FROM telemetry") == 385_496
    assert empty_store.query_rows("SELECT count(*), bool_and(has_telemetry) FROM sessions") == [
        (1, True)
    ]


def test_session_without_race_control_is_stored_with_gaps(empty_store, settings):
    result = ingest_session(empty_store, settings, 2025, "China", "R")
    row = empty_store.query_df("SELECT * FROM sessions").iloc[0]
    assert not row["has_race_control"] and row["has_weather"] and row["has_laps"]
    assert "no race control messages" in result.notes
