"""The one place history queries read results from: F1DB, plus the rounds only Ergast has.

Policy (written once, here): a round is identified by (year, round). A round whose race
results are in F1DB is read from F1DB only. A round with race results in the ``ergast_*``
tables and none in F1DB (rounds the Jolpica updater appended after the F1DB snapshot) is
read from Ergast, converted to F1DB's shape:

- ids become F1DB slugs: drivers through :func:`f1core.history.names.driver_names`, teams
  and circuits by the same shared-race votes :mod:`~f1core.history.names` uses (a team's
  most recent F1DB name wins: Ergast's ``rb`` is F1DB's ``racing-bulls`` in 2025); a person,
  team or circuit F1DB has never seen gets a slug built from the Ergast name
  (``Arvid Lindblad`` -> ``arvid-lindblad``) and a row in ``h_drivers`` / ``h_constructors``
  / ``h_circuits``;
- ``positionText`` gives the result (R -> DNF, D -> DSQ, N -> NC, W -> DNS, F -> DNQ,
  E -> EX; Jolpica also numbers unclassified cars in ``position``), grid 0 is ``PL`` (pit
  lane), a retirement's status is its cause, fastest-lap ranks are fastest-lap positions;
- the round keeps F1DB's calendar row when F1DB has one (F1DB lists the current season to
  its end); otherwise it gets one from Ergast, with race id ``-(year * 100 + round)``.

Queries name the merged relations ``h_races``, ``h_race_results``, ``h_sprint_race_results``,
``h_qualifying_results``, ``h_starting_grid_positions``, ``h_fastest_laps``,
``h_constructor_standings_after_race``, ``h_drivers``, ``h_constructors``, ``h_circuits``
and run through :func:`query_history`. With no Ergast-only round (the kit as shipped) that
is exactly the F1DB query. Otherwise the converted rows live in temporary tables of the
thread's cursor, rebuilt only when the Ergast or F1DB tables change. Season-level tables
(final standings, titles), pit stops and driver standings stay F1DB-only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import duckdb
import pandas as pd

from f1core.history.names import driver_names, require_history
from f1core.store import Store

#: F1DB tables that have a merged ``h_`` relation.
MERGED = (
    "races", "race_results", "sprint_race_results", "qualifying_results",
    "starting_grid_positions", "fastest_laps", "constructor_standings_after_race", "drivers",
    "constructors", "circuits",
)  # fmt: skip

_ERGAST_ONLY_SQL = """
SELECT er.raceId AS ergast_race_id, er.year, er.round
FROM ergast_races er ANTI JOIN (SELECT DISTINCT year, round FROM f1db_race_results) f USING (year, round)
SEMI JOIN ergast_results r ON r.raceId = er.raceId
ORDER BY er.year, er.round
"""

#: What the converted rows depend on besides the Ergast-only rounds (one scan per table: fast).
_VERSION_SQL = """
SELECT max(resultId), count(*) FROM ergast_results
UNION ALL SELECT max(resultId), count(*) FROM ergast_sprint_results
UNION ALL SELECT max(qualifyId), count(*) FROM ergast_qualifying
UNION ALL SELECT max(constructorStandingsId), count(*) FROM ergast_constructor_standings
UNION ALL SELECT max(driverId), count(*) FROM ergast_drivers
UNION ALL SELECT max(constructorId), count(*) FROM ergast_constructors
UNION ALL SELECT 0, count(*) FROM f1db_drivers
UNION ALL SELECT 0, count(*) FROM f1db_race_results
"""

#: Statements that build the converted rows, in order (``x_only`` and ``x_people`` given).
_BUILD = (
    """
CREATE OR REPLACE TEMP TABLE x_driver_map AS
WITH wanted AS (
  SELECT driverId FROM ergast_results WHERE raceId IN (SELECT ergast_race_id FROM x_only)
  UNION SELECT driverId FROM ergast_sprint_results WHERE raceId IN (SELECT ergast_race_id FROM x_only)
  UNION SELECT driverId FROM ergast_qualifying WHERE raceId IN (SELECT ergast_race_id FROM x_only)),
m AS (SELECT d.driverId AS ergast_id, trim(d.forename || ' ' || d.surname) AS name,
             d.forename AS firstName, d.surname AS lastName, d.code AS abbreviation,
             coalesce(p.driver_id, trim(regexp_replace(lower(strip_accents(
               d.forename || ' ' || d.surname)), '[^a-z0-9]+', '-', 'g'), '-')) AS driver_id
      FROM ergast_drivers d JOIN wanted w ON w.driverId = d.driverId
      LEFT JOIN x_people p ON CAST(p.ergast_id AS BIGINT) = d.driverId)
SELECT *, driver_id NOT IN (SELECT id FROM f1db_drivers) AS new FROM m
""",
    """
CREATE OR REPLACE TEMP TABLE x_team_map AS
WITH wanted AS (
  SELECT constructorId FROM ergast_results WHERE raceId IN (SELECT ergast_race_id FROM x_only)
  UNION SELECT constructorId FROM ergast_sprint_results WHERE raceId IN (SELECT ergast_race_id FROM x_only)
  UNION SELECT constructorId FROM ergast_qualifying WHERE raceId IN (SELECT ergast_race_id FROM x_only)
  UNION SELECT constructorId FROM ergast_constructor_standings
        WHERE raceId IN (SELECT ergast_race_id FROM x_only)),
er AS (SELECT ra.year, ra.round, p.driver_id, r.constructorId AS ergast_id
       FROM ergast_results r JOIN ergast_races ra USING (raceId)
       JOIN x_people p ON CAST(p.ergast_id AS BIGINT) = r.driverId
       WHERE r.constructorId IN (SELECT constructorId FROM wanted)),
votes AS (SELECT er.ergast_id, f.constructorId AS id, max(er.year) AS last_year, count(*) AS n
          FROM er JOIN f1db_race_results f ON f.year = er.year AND f.round = er.round
           AND f.driverId = er.driver_id GROUP BY ALL),
v AS (SELECT ergast_id, arg_max(id, last_year * 1000 + n) AS id FROM votes GROUP BY ergast_id),
m AS (SELECT c.constructorId AS ergast_id, c.name,
             coalesce(v.id, trim(regexp_replace(lower(strip_accents(c.constructorRef)),
                                                '[^a-z0-9]+', '-', 'g'), '-')) AS team_id
      FROM ergast_constructors c JOIN wanted w ON w.constructorId = c.constructorId
      LEFT JOIN v ON v.ergast_id = c.constructorId)
SELECT *, team_id NOT IN (SELECT id FROM f1db_constructors) AS new FROM m
""",
    """
CREATE OR REPLACE TEMP TABLE x_rounds AS
WITH wanted AS (SELECT DISTINCT circuitId FROM ergast_races
                WHERE raceId IN (SELECT ergast_race_id FROM x_only)),
votes AS (SELECT er.circuitId AS ergast_id, f.circuitId AS id, count(*) AS n
          FROM ergast_races er JOIN f1db_races f ON f.year = er.year AND f.round = er.round
          WHERE er.circuitId IN (SELECT circuitId FROM wanted) GROUP BY ALL),
cm AS (SELECT ergast_id, arg_max(id, n) AS id FROM votes GROUP BY ergast_id)
SELECT x.ergast_race_id, x.year, x.round,
       coalesce(f.id, -(x.year * 100 + x.round)) AS race_id, f.id IS NULL AS needs_calendar_row,
       er.date, er.name, gp.id AS grand_prix_id, ec.name AS circuit_name,
       coalesce(cm.id, trim(regexp_replace(lower(strip_accents(ec.circuitRef)), '[^a-z0-9]+', '-',
                                           'g'), '-')) AS circuit_id,
       coalesce(er.sprint_date, CASE WHEN x.ergast_race_id IN (SELECT raceId FROM ergast_sprint_results)
                                     THEN er.date END) AS sprint_date,
       (SELECT max(laps) FROM ergast_results r WHERE r.raceId = x.ergast_race_id) AS laps
FROM x_only x JOIN ergast_races er ON er.raceId = x.ergast_race_id
JOIN ergast_circuits ec ON ec.circuitId = er.circuitId
LEFT JOIN cm ON cm.ergast_id = er.circuitId
LEFT JOIN f1db_races f ON f.year = x.year AND f.round = x.round
LEFT JOIN f1db_grands_prix gp ON gp.fullName = er.name
""",
    """
CREATE OR REPLACE TEMP TABLE x_results AS
WITH r AS (SELECT 'race' AS kind, * FROM ergast_results
           UNION ALL BY NAME SELECT 'sprint' AS kind, * FROM ergast_sprint_results)
SELECT r.kind, rm.race_id AS raceId, rm.year, rm.round,
       CASE WHEN regexp_full_match(r.positionText, '[0-9]+') THEN r.positionText
            WHEN r.positionText = 'R' THEN 'DNF' WHEN r.positionText = 'D' THEN 'DSQ'
            WHEN r.positionText = 'N' THEN 'NC' WHEN r.positionText = 'W' THEN 'DNS'
            WHEN r.positionText = 'F' THEN 'DNQ' WHEN r.positionText = 'E' THEN 'EX'
            ELSE r.positionText END AS position,
       r.number AS driverNumber, dm.driver_id AS driverId, tm.team_id AS constructorId, r.laps,
       r.time, CASE WHEN r.positionText = 'R' THEN s.status END AS reasonRetired,
       CAST(r.points AS DOUBLE) AS points,
       CASE WHEN r.grid > 0 THEN CAST(r.grid AS VARCHAR)
            WHEN r.grid = 0 AND r.positionText NOT IN ('W', 'F') THEN 'PL' END AS gridPosition,
       r.rank, r.fastestLap, r.fastestLapTime, r.positionOrder
FROM r JOIN x_rounds rm ON rm.ergast_race_id = r.raceId
JOIN x_driver_map dm ON dm.ergast_id = r.driverId
JOIN x_team_map tm ON tm.ergast_id = r.constructorId
LEFT JOIN ergast_status s ON s.statusId = r.statusId
""",
    """
CREATE OR REPLACE TEMP TABLE x_race_results AS
SELECT raceId, year, round, position, driverNumber, driverId, constructorId, laps, time,
       reasonRetired, points, gridPosition
FROM x_results WHERE kind = 'race' ORDER BY year, round, positionOrder
""",
    """
CREATE OR REPLACE TEMP TABLE x_sprint_race_results AS
SELECT raceId, year, round, position, driverNumber, driverId, constructorId, laps, time,
       reasonRetired, CAST(points AS BIGINT) AS points, gridPosition
FROM x_results WHERE kind = 'sprint' ORDER BY year, round, positionOrder
""",
    """
CREATE OR REPLACE TEMP TABLE x_starting_grid_positions AS
SELECT raceId, year, round, gridPosition AS position, driverNumber, driverId, constructorId
FROM x_results WHERE kind = 'race' AND regexp_full_match(gridPosition, '[0-9]+')
""",
    """
CREATE OR REPLACE TEMP TABLE x_fastest_laps AS
SELECT raceId, year, round, CAST(rank AS BIGINT) AS position, driverNumber, driverId,
       constructorId, fastestLap AS lap, fastestLapTime AS time
FROM x_results WHERE kind = 'race' AND rank IS NOT NULL
""",
    """
CREATE OR REPLACE TEMP TABLE x_qualifying_results AS
SELECT rm.race_id AS raceId, rm.year, rm.round, CAST(q.position AS VARCHAR) AS position,
       q.number AS driverNumber, dm.driver_id AS driverId, tm.team_id AS constructorId,
       q.q1, q.q2, q.q3
FROM ergast_qualifying q JOIN x_rounds rm ON rm.ergast_race_id = q.raceId
JOIN x_driver_map dm ON dm.ergast_id = q.driverId
JOIN x_team_map tm ON tm.ergast_id = q.constructorId
""",
    """
CREATE OR REPLACE TEMP TABLE x_constructor_standings_after_race AS
SELECT rm.race_id AS raceId, rm.year, rm.round, CAST(cs.position AS VARCHAR) AS position,
       tm.team_id AS constructorId, CAST(cs.points AS DOUBLE) AS points
FROM ergast_constructor_standings cs JOIN x_rounds rm ON rm.ergast_race_id = cs.raceId
JOIN x_team_map tm ON tm.ergast_id = cs.constructorId
""",
    """
CREATE OR REPLACE TEMP TABLE x_races AS
SELECT race_id AS id, year, round, date, grand_prix_id AS grandPrixId, name AS officialName,
       circuit_id AS circuitId, laps, sprint_date AS sprintRaceDate
FROM x_rounds WHERE needs_calendar_row
""",
    """
CREATE OR REPLACE TEMP TABLE x_drivers AS
SELECT driver_id AS id, any_value(name) AS name, any_value(firstName) AS firstName,
       any_value(lastName) AS lastName, any_value(abbreviation) AS abbreviation
FROM x_driver_map WHERE new GROUP BY driver_id
""",
    """
CREATE OR REPLACE TEMP TABLE x_constructors AS
SELECT team_id AS id, any_value(name) AS name, any_value(name) AS fullName
FROM x_team_map WHERE new GROUP BY team_id
""",
    """
CREATE OR REPLACE TEMP TABLE x_circuits AS
SELECT circuit_id AS id, any_value(circuit_name) AS name, any_value(circuit_name) AS fullName
FROM x_rounds WHERE circuit_id NOT IN (SELECT id FROM f1db_circuits) GROUP BY circuit_id
""",
)

#: CTEs that define the merged relations (F1DB rows, then the converted Ergast-only rows).
_SOURCES = """
h_races AS (SELECT * FROM f1db_races UNION ALL BY NAME SELECT * FROM x_races),
h_race_results AS (SELECT * FROM f1db_race_results UNION ALL BY NAME SELECT * FROM x_race_results),
h_sprint_race_results AS (SELECT * FROM f1db_sprint_race_results
                          UNION ALL BY NAME SELECT * FROM x_sprint_race_results),
h_qualifying_results AS (SELECT * FROM f1db_qualifying_results
                         UNION ALL BY NAME SELECT * FROM x_qualifying_results),
h_starting_grid_positions AS (SELECT * FROM f1db_starting_grid_positions
                              UNION ALL BY NAME SELECT * FROM x_starting_grid_positions),
h_fastest_laps AS (SELECT * FROM f1db_fastest_laps UNION ALL BY NAME SELECT * FROM x_fastest_laps),
h_constructor_standings_after_race AS (
  SELECT * FROM f1db_constructor_standings_after_race
  UNION ALL BY NAME SELECT * FROM x_constructor_standings_after_race),
h_drivers AS (SELECT * FROM f1db_drivers UNION ALL BY NAME SELECT * FROM x_drivers),
h_constructors AS (SELECT * FROM f1db_constructors UNION ALL BY NAME SELECT * FROM x_constructors),
h_circuits AS (SELECT * FROM f1db_circuits UNION ALL BY NAME SELECT * FROM x_circuits)
"""

_MERGED_NAME = re.compile(r"\bh_(" + "|".join(MERGED) + r")\b")


def ergast_only_rounds(store: Store) -> pd.DataFrame:
    """Rounds with race results in the Ergast tables and none in F1DB.

    Returns:
        ``ergast_race_id``, ``year``, ``round``; empty when F1DB covers every Ergast round.

    Raises:
        HistoryNotLoaded: the history tables are missing.
    """
    try:
        return store.query_df(_ERGAST_ONLY_SQL)
    except duckdb.CatalogException:
        require_history(store)  # raises when F1DB is missing
        return pd.DataFrame(columns=["ergast_race_id", "year", "round"])  # no Ergast results


def _prepare(store: Store, cur: duckdb.DuckDBPyConnection, only: pd.DataFrame) -> None:
    """This thread's cursor with the converted rows of ``only`` in its temporary tables.

    The tables are rebuilt only when the rounds or the tables they come from changed.
    """
    version = repr((only["ergast_race_id"].tolist(), cur.execute(_VERSION_SQL).fetchall()))
    try:
        if cur.execute("SELECT version FROM x_version").fetchall() == [(version,)]:
            return
    except duckdb.CatalogException:
        pass  # first use on this cursor
    people = driver_names(store).dropna(subset=["ergast_id"])[["ergast_id", "driver_id"]]
    cur.register("x_people", people)
    cur.register("x_only_frame", only)
    try:
        cur.execute("CREATE OR REPLACE TEMP TABLE x_only AS SELECT * FROM x_only_frame")
        for statement in _BUILD:
            cur.execute(statement)
    finally:
        cur.unregister("x_people")
        cur.unregister("x_only_frame")
    cur.execute("CREATE OR REPLACE TEMP TABLE x_version AS SELECT ? AS version", [version])


def ergast_only_rows(store: Store) -> dict[str, pd.DataFrame]:
    """The Ergast-only rounds converted to F1DB's shape, one frame per table of :data:`MERGED`.

    ``drivers``, ``constructors`` and ``circuits`` hold only those F1DB has never seen.
    Every frame is empty when there is no Ergast-only round.
    """
    only = ergast_only_rounds(store)
    with store.reading() as cur:
        _prepare(store, cur, only)
        return {t: cur.table("x_" + t).df() for t in MERGED}


def _f1db_only(sql: str) -> str:
    """``sql`` reading the F1DB tables directly (no Ergast-only round: nothing to merge)."""
    return _MERGED_NAME.sub(r"f1db_\1", sql)


def _with_sources(sql: str) -> str:
    """``sql`` behind the CTEs that define the merged ``h_*`` relations."""
    body = sql.lstrip()
    if body[:4].upper() == "WITH":
        return "WITH " + _SOURCES + ",\n" + body[4:]
    return "WITH " + _SOURCES + "\n" + body


def query_history(store: Store, sql: str, params: Sequence | dict | None = None) -> pd.DataFrame:
    """Run a history query that reads the merged ``h_*`` relations (F1DB + Ergast-only rounds).

    Args:
        store: the store with the history tables.
        sql: a parameterised SELECT (it may start with its own ``WITH``).
        params: its parameters.

    Raises:
        HistoryNotLoaded: the history tables are missing.
    """
    only = ergast_only_rounds(store)
    if only.empty:  # the usual case: exactly the F1DB query
        return store.query_df(_f1db_only(sql), params)
    with store.reading() as cur:
        _prepare(store, cur, only)
        return cur.execute(_with_sources(sql), params or []).df()
