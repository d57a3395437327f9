"""Head-to-head: a driver against each teammate per season, and any two drivers across careers.

Counting policy: a *race* duel counts when both drivers of the same team were classified
(numeric finishing position) in the same Grand Prix; a *qualifying* duel counts when both
have a qualifying position at the same Grand Prix (same team for teammates). Shared drives
are left out (one row per driver and race is kept, the best).
"""

from __future__ import annotations

import pandas as pd

from f1core.errors import NoData
from f1core.history.names import require_history
from f1core.history.results_source import query_history
from f1core.store import Store

_TEAMMATES_SQL = """
WITH r AS (SELECT raceId, year, driverId, constructorId, min(TRY_CAST(position AS INTEGER)) AS pos
           FROM h_race_results GROUP BY ALL),
q AS (SELECT raceId, year, driverId, constructorId, min(TRY_CAST(position AS INTEGER)) AS pos
      FROM h_qualifying_results GROUP BY ALL),
race AS (SELECT a.year, b.driverId AS teammate_id, a.constructorId AS team_id,
                count(*) FILTER (WHERE a.pos IS NOT NULL AND b.pos IS NOT NULL) AS races,
                count(*) FILTER (WHERE a.pos < b.pos) AS race_ahead,
                count(*) FILTER (WHERE b.pos < a.pos) AS race_behind
         FROM r a JOIN r b ON a.raceId = b.raceId AND a.constructorId = b.constructorId
          AND a.driverId <> b.driverId
         WHERE a.driverId = $d GROUP BY ALL),
quali AS (SELECT a.year, b.driverId AS teammate_id, a.constructorId AS team_id,
                 count(*) FILTER (WHERE a.pos IS NOT NULL AND b.pos IS NOT NULL) AS qualifyings,
                 count(*) FILTER (WHERE a.pos < b.pos) AS quali_ahead,
                 count(*) FILTER (WHERE b.pos < a.pos) AS quali_behind
          FROM q a JOIN q b ON a.raceId = b.raceId AND a.constructorId = b.constructorId
           AND a.driverId <> b.driverId
          WHERE a.driverId = $d GROUP BY ALL)
SELECT year, teammate_id, d.name AS teammate, c.name AS team,
       coalesce(quali.qualifyings, 0) AS qualifyings, coalesce(quali_ahead, 0) AS quali_ahead,
       coalesce(quali_behind, 0) AS quali_behind,
       coalesce(race.races, 0) AS races, coalesce(race_ahead, 0) AS race_ahead,
       coalesce(race_behind, 0) AS race_behind
FROM race FULL JOIN quali USING (year, teammate_id, team_id)
JOIN h_drivers d ON d.id = teammate_id JOIN h_constructors c ON c.id = team_id
ORDER BY year, team, teammate
"""

_DUEL_SQL = """
WITH r AS (SELECT raceId, year, driverId, constructorId, min(TRY_CAST(position AS INTEGER)) AS pos
           FROM h_race_results GROUP BY ALL),
q AS (SELECT raceId, year, driverId, constructorId, min(TRY_CAST(position AS INTEGER)) AS pos
      FROM h_qualifying_results GROUP BY ALL),
race AS (SELECT a.year, count(*) AS races_together,
                count(*) FILTER (WHERE a.pos IS NOT NULL AND b.pos IS NOT NULL) AS both_classified,
                count(*) FILTER (WHERE a.pos < b.pos) AS a_ahead_race,
                count(*) FILTER (WHERE b.pos < a.pos) AS b_ahead_race
         FROM r a JOIN r b ON a.raceId = b.raceId WHERE a.driverId = $a AND b.driverId = $b GROUP BY 1),
quali AS (SELECT a.year, count(*) FILTER (WHERE a.pos < b.pos) AS a_ahead_quali,
                 count(*) FILTER (WHERE b.pos < a.pos) AS b_ahead_quali
          FROM q a JOIN q b ON a.raceId = b.raceId WHERE a.driverId = $a AND b.driverId = $b GROUP BY 1)
SELECT year, races_together, both_classified, a_ahead_race, b_ahead_race,
       coalesce(a_ahead_quali, 0) AS a_ahead_quali, coalesce(b_ahead_quali, 0) AS b_ahead_quali
FROM race LEFT JOIN quali USING (year) ORDER BY year
"""


def teammate_head_to_head(store: Store, driver_id: str) -> pd.DataFrame:
    """The driver against every teammate, per season and team.

    Returns:
        ``year``, ``teammate_id``, ``teammate``, ``team``, ``qualifyings``, ``quali_ahead``,
        ``quali_behind``, ``races`` (both classified), ``race_ahead``, ``race_behind``.
    """
    require_history(store)
    return query_history(store, _TEAMMATES_SQL, {"d": driver_id})


def compare_drivers(store: Store, driver_a: str, driver_b: str) -> pd.DataFrame:
    """Two drivers in the races they both entered, per season.

    Returns:
        ``year``, ``races_together``, ``both_classified``, ``a_ahead_race``,
        ``b_ahead_race``, ``a_ahead_quali``, ``b_ahead_quali``; empty if they never met.

    Raises:
        NoData: the two ids are the same driver.
    """
    require_history(store)
    if driver_a == driver_b:
        raise NoData("Pick two different drivers to compare.")
    return query_history(store, _DUEL_SQL, {"a": driver_a, "b": driver_b})


def duel_summary(duels: pd.DataFrame) -> dict[str, int]:
    """Totals of :func:`compare_drivers` or :func:`teammate_head_to_head` rows."""
    if "a_ahead_race" in duels:
        cols = ["races_together", "a_ahead_race", "b_ahead_race", "a_ahead_quali", "b_ahead_quali"]
    else:
        cols = ["qualifyings", "quali_ahead", "quali_behind", "races", "race_ahead", "race_behind"]
    return {c: int(duels[c].sum()) if not duels.empty else 0 for c in cols}
