"""The DuckDB schema: the one public SQL surface that pages, models and the chat use.

Units everywhere: times and durations in seconds (DOUBLE), speeds in km/h, distances in
metres, temperatures in °C. Every session table is keyed by ``(year, round, session_code)``
with ``session_code`` one of ``SESSION_CODES``. History tables keep their source's columns
and are prefixed by source (``ergast_``, ``f1db_``).
"""

from __future__ import annotations

from typing import Literal

SessionCode = Literal["FP1", "FP2", "FP3", "SQ", "SS", "S", "Q", "R"]
SESSION_CODES: tuple[str, ...] = ("FP1", "FP2", "FP3", "SQ", "SS", "S", "Q", "R")
SESSION_KEY = ("year", "round", "session_code")

_KEY = "year INTEGER NOT NULL, round INTEGER NOT NULL, session_code VARCHAR NOT NULL"

#: Table name -> CREATE TABLE body. Order matters only for readability.
SESSION_TABLES: dict[str, str] = {
    "sessions": f"""{_KEY}, event_name VARCHAR, country VARCHAR, location VARCHAR,
        circuit VARCHAR, session_name VARCHAR, session_start_utc TIMESTAMP, total_laps INTEGER,
        has_laps BOOLEAN, has_results BOOLEAN, has_telemetry BOOLEAN, has_weather BOOLEAN,
        has_race_control BOOLEAN, source VARCHAR, notes VARCHAR, loaded_at TIMESTAMP,
        PRIMARY KEY (year, round, session_code)""",
    "drivers": f"""{_KEY}, driver VARCHAR NOT NULL, driver_number INTEGER, full_name VARCHAR,
        team VARCHAR, team_color VARCHAR""",
    "results": f"""{_KEY}, driver VARCHAR NOT NULL, position INTEGER, classified_position VARCHAR,
        grid_position INTEGER, status VARCHAR, points DOUBLE, time_s DOUBLE, gap_s DOUBLE,
        q1_s DOUBLE, q2_s DOUBLE, q3_s DOUBLE, laps INTEGER""",
    "laps": f"""{_KEY}, driver VARCHAR NOT NULL, lap_number INTEGER NOT NULL, lap_time_s DOUBLE,
        sector1_s DOUBLE, sector2_s DOUBLE, sector3_s DOUBLE, speed_i1 DOUBLE, speed_i2 DOUBLE,
        speed_fl DOUBLE, speed_st DOUBLE, compound VARCHAR, tyre_life INTEGER, fresh_tyre BOOLEAN,
        stint INTEGER, pit_in_s DOUBLE, pit_out_s DOUBLE, position INTEGER, track_status VARCHAR,
        is_accurate BOOLEAN, is_personal_best BOOLEAN, deleted BOOLEAN, deleted_reason VARCHAR,
        lap_start_s DOUBLE, lap_end_s DOUBLE, lap_start_utc TIMESTAMP""",
    "stints": f"""{_KEY}, driver VARCHAR NOT NULL, stint INTEGER NOT NULL, compound VARCHAR,
        fresh_tyre BOOLEAN, start_lap INTEGER, end_lap INTEGER, laps INTEGER,
        tyre_life_start INTEGER, tyre_life_end INTEGER""",
    "pit_stops": f"""{_KEY}, driver VARCHAR NOT NULL, stop_number INTEGER, lap INTEGER,
        pit_in_s DOUBLE, pit_out_s DOUBLE, pit_lane_s DOUBLE, compound_before VARCHAR,
        compound_after VARCHAR, tyre_change BOOLEAN""",
    "weather": f"""{_KEY}, time_s DOUBLE, air_temp_c DOUBLE, track_temp_c DOUBLE, humidity DOUBLE,
        pressure DOUBLE, rainfall BOOLEAN, wind_speed DOUBLE, wind_direction DOUBLE""",
    "race_control": f"""{_KEY}, time_utc TIMESTAMP, lap INTEGER, category VARCHAR, message VARCHAR,
        flag VARCHAR, scope VARCHAR, sector INTEGER, driver_number INTEGER""",
    "track_status": f"""{_KEY}, time_s DOUBLE, status VARCHAR, message VARCHAR""",
    # Telemetry channels are FLOAT (32-bit): the sources carry no more precision, and the
    # table is by far the largest, so this halves the store's size.
    "telemetry": f"""{_KEY}, driver VARCHAR NOT NULL, lap_number INTEGER NOT NULL, sample INTEGER,
        time_s FLOAT, distance_m FLOAT, rel_distance FLOAT, speed_kph FLOAT, rpm FLOAT,
        gear SMALLINT, throttle FLOAT, brake BOOLEAN, drs SMALLINT, x FLOAT, y FLOAT, z FLOAT,
        acc_x FLOAT, acc_y FLOAT, acc_z FLOAT""",
    "corners": f"""{_KEY}, corner_number INTEGER, letter VARCHAR, x DOUBLE, y DOUBLE,
        angle DOUBLE, distance_m DOUBLE, track_rotation_deg DOUBLE""",
}

#: Tables whose rows belong to one session; an ingest replaces them together.
PER_SESSION_TABLES: tuple[str, ...] = tuple(SESSION_TABLES)

#: Tables filled by the telemetry ingest (kept when a timing-only re-ingest runs).
TELEMETRY_TABLES: tuple[str, ...] = ("telemetry", "corners")

#: Timing tables replaced by a FastF1 session ingest.
TIMING_TABLES: tuple[str, ...] = tuple(t for t in SESSION_TABLES if t not in TELEMETRY_TABLES)

#: Tables of users' own data (dashboards): private, keyed by owner, never exported in a pack.
USER_TABLES: dict[str, str] = {
    "dashboards": """id VARCHAR PRIMARY KEY, owner VARCHAR NOT NULL, name VARCHAR NOT NULL,
        columns INTEGER NOT NULL, tiles VARCHAR NOT NULL, created_at TIMESTAMP,
        updated_at TIMESTAMP""",
}

SCHEMA_VERSION = 2

META_DDL = [
    "CREATE TABLE IF NOT EXISTS pitwall_meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)",
]

#: version -> statements that bring the store from version-1 to version.
MIGRATIONS: dict[int, list[str]] = {
    1: [f"CREATE TABLE IF NOT EXISTS {name} ({body})" for name, body in SESSION_TABLES.items()],
    # Users' own data, never part of the public surface (packs, lakes, the chat's SQL).
    2: [f"CREATE TABLE IF NOT EXISTS {name} ({body})" for name, body in USER_TABLES.items()],
}

#: History tables: store name -> kit file relative to ``history/``.
HISTORY_SOURCES: dict[str, str] = {
    "dhl_pit_stops": "dhl_pit_stop_times_2018_2026.parquet",
    "lap_charts": "lap_charts_2021_2025.parquet",
}
ERGAST_TABLES = (
    "races", "results", "qualifying", "pit_stops", "sprint_results", "driver_standings",
    "constructor_standings", "constructor_results", "drivers", "constructors", "circuits",
    "status", "seasons", "safety_cars", "red_flags",
)  # fmt: skip
F1DB_TABLES = (
    "races", "race_results", "qualifying_results", "starting_grid_positions", "pit_stops",
    "fastest_laps", "free_practice_results", "sprint_race_results", "sprint_qualifying_results",
    "sprint_starting_grid_positions", "driver_of_the_day_results", "driver_standings_after_race",
    "constructor_standings_after_race", "season_driver_standings",
    "season_constructor_standings", "drivers", "constructors", "circuits", "grands_prix",
    "engine_manufacturers", "countries",
)  # fmt: skip
HISTORY_SOURCES.update({f"ergast_{t}": f"ergast_racedata/{t}.parquet" for t in ERGAST_TABLES})
HISTORY_SOURCES.update({f"f1db_{t}": f"f1db/{t}.parquet" for t in F1DB_TABLES})


def public_tables() -> list[str]:
    """Every table of the public SQL surface (session tables, then history tables)."""
    return [*SESSION_TABLES, *HISTORY_SOURCES]
