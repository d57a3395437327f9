"""Driver profiles: career totals, results by season, retirements by cause, best circuits.

Counting policy (written once, here; F1DB conventions): an *entry* is any race-result row;
a *start* is an entry that was not DNQ, DNPQ (pre-qualifying), DNS or DNP; a *pole* is
qualifying position 1; a *fastest lap* is fastest-lap position 1; a *DNF* is a result of
``DNF`` (retired), with F1DB's retirement reason as the cause. Points are the points
scored (races plus sprints), before any dropped-score rule.
"""

from __future__ import annotations

import pandas as pd

from f1core.errors import NoData
from f1core.history.names import require_history
from f1core.history.results_source import query_history
from f1core.store import Store

NON_STARTS = ("DNQ", "DNPQ", "DNS", "DNP")

_TOTALS_SQL = """
WITH r AS (SELECT * FROM h_race_results WHERE driverId = $d),
q AS (SELECT count(*) AS poles FROM h_qualifying_results WHERE driverId = $d AND position = '1'),
fl AS (SELECT count(*) AS fastest_laps FROM h_fastest_laps WHERE driverId = $d AND position = 1),
sp AS (SELECT coalesce(sum(points), 0) AS sprint_points, count(*) FILTER (WHERE position = '1') AS sprint_wins
       FROM h_sprint_race_results WHERE driverId = $d),
ch AS (SELECT count(*) AS titles FROM f1db_season_driver_standings WHERE driverId = $d AND position = '1')
SELECT count(*) AS entries,
       count(*) FILTER (WHERE position NOT IN ('DNQ', 'DNPQ', 'DNS', 'DNP')) AS starts,
       count(*) FILTER (WHERE position = '1') AS wins,
       count(*) FILTER (WHERE position IN ('1', '2', '3')) AS podiums,
       any_value(q.poles) AS poles, any_value(fl.fastest_laps) AS fastest_laps,
       coalesce(sum(r.points), 0) + any_value(sp.sprint_points) AS points,
       any_value(sp.sprint_wins) AS sprint_wins,
       count(*) FILTER (WHERE position = 'DNF') AS dnfs,
       count(*) FILTER (WHERE position = 'DSQ') AS disqualifications,
       any_value(ch.titles) AS titles,
       min(year) AS first_season, max(year) AS last_season, count(DISTINCT year) AS seasons
FROM r, q, fl, sp, ch
"""

_BY_SEASON_SQL = """
WITH r AS (SELECT year, round, position, points, constructorId FROM h_race_results WHERE driverId = $d),
sp AS (SELECT year, sum(points) AS sprint_points FROM h_sprint_race_results WHERE driverId = $d GROUP BY 1),
q AS (SELECT year, count(*) AS poles FROM h_qualifying_results WHERE driverId = $d AND position = '1'
      GROUP BY 1),
st AS (SELECT year, TRY_CAST(position AS INTEGER) AS championship_position, points AS championship_points
       FROM f1db_season_driver_standings WHERE driverId = $d),
teams AS (SELECT year, string_agg(DISTINCT c.name, ' / ') AS teams
          FROM r JOIN h_constructors c ON c.id = r.constructorId GROUP BY 1)
SELECT r.year, any_value(teams.teams) AS teams,
       count(*) FILTER (WHERE position NOT IN ('DNQ', 'DNPQ', 'DNS', 'DNP')) AS starts,
       count(*) FILTER (WHERE position = '1') AS wins,
       count(*) FILTER (WHERE position IN ('1', '2', '3')) AS podiums,
       coalesce(any_value(q.poles), 0) AS poles,
       coalesce(sum(r.points), 0) + coalesce(any_value(sp.sprint_points), 0) AS points,
       count(*) FILTER (WHERE position = 'DNF') AS dnfs,
       min(TRY_CAST(position AS INTEGER)) AS best_finish,
       any_value(st.championship_position) AS championship_position
FROM r LEFT JOIN sp USING (year) LEFT JOIN q USING (year) LEFT JOIN st USING (year)
LEFT JOIN teams USING (year)
GROUP BY r.year ORDER BY r.year
"""

_DNF_SQL = """
SELECT coalesce(reasonRetired, 'Unknown') AS cause, count(*) AS dnfs
FROM h_race_results WHERE driverId = ? AND position = 'DNF'
GROUP BY 1 ORDER BY 2 DESC, 1
"""

_CIRCUITS_SQL = """
SELECT ra.circuitId AS circuit_id, ci.name AS circuit,
       count(*) FILTER (WHERE r.position NOT IN ('DNQ', 'DNPQ', 'DNS', 'DNP')) AS starts,
       count(*) FILTER (WHERE r.position = '1') AS wins,
       count(*) FILTER (WHERE r.position IN ('1', '2', '3')) AS podiums,
       round(avg(TRY_CAST(r.position AS INTEGER)), 2) AS avg_finish,
       min(TRY_CAST(r.position AS INTEGER)) AS best_finish,
       coalesce(sum(r.points), 0) AS points
FROM h_race_results r JOIN h_races ra ON ra.id = r.raceId
JOIN h_circuits ci ON ci.id = ra.circuitId
WHERE r.driverId = ? GROUP BY ALL
HAVING starts > 0
ORDER BY wins DESC, podiums DESC, avg_finish NULLS LAST
"""


def career_totals(store: Store, driver_id: str) -> dict:
    """A driver's career in numbers.

    Args:
        store: the store with the history tables.
        driver_id: F1DB slug (resolve other names with :func:`names.resolve_name`).

    Returns:
        ``entries``, ``starts``, ``wins``, ``podiums``, ``poles``, ``fastest_laps``,
        ``points``, ``sprint_wins``, ``dnfs``, ``disqualifications``, ``titles``,
        ``first_season``, ``last_season``, ``seasons``.

    Raises:
        NoData: the driver has no race entries.
    """
    require_history(store)
    row = query_history(store, _TOTALS_SQL, {"d": driver_id}).iloc[0].to_dict()
    if not row["entries"]:
        raise NoData(f"No race entries for {driver_id!r}.")
    return {k: (int(v) if k != "points" else float(v)) for k, v in row.items()}


def results_by_season(store: Store, driver_id: str) -> pd.DataFrame:
    """One row per season: ``year``, ``teams``, ``starts``, ``wins``, ``podiums``, ``poles``,
    ``points``, ``dnfs``, ``best_finish``, ``championship_position``."""
    require_history(store)
    return query_history(store, _BY_SEASON_SQL, {"d": driver_id})


def dnf_causes(store: Store, driver_id: str) -> pd.DataFrame:
    """Retirements by cause: ``cause``, ``dnfs``; most frequent first."""
    require_history(store)
    return query_history(store, _DNF_SQL, [driver_id])


def best_circuits(store: Store, driver_id: str, *, limit: int = 15) -> pd.DataFrame:
    """The driver's circuits ranked by wins, then podiums, then average finish.

    Returns:
        ``circuit_id``, ``circuit``, ``starts``, ``wins``, ``podiums``, ``avg_finish``,
        ``best_finish``, ``points``; at most ``limit`` rows.
    """
    require_history(store)
    return query_history(store, _CIRCUITS_SQL, [driver_id]).head(limit)
