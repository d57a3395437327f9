"""One championship season: calendar with results, points per round, standings after every round.

Source: F1DB (1950 to its latest round, including the rounds still to come of the current
season). Points per round come from the race and sprint results as published (shared
drives and half points included); standings after a round apply the season's dropped-score
rules from :mod:`f1core.history.points`.
"""

from __future__ import annotations

import pandas as pd

from f1core.errors import NoData
from f1core.history.names import require_history
from f1core.history.points import count_points, count_points_rows, points_system
from f1core.history.results_source import query_history
from f1core.store import Store

_CALENDAR_SQL = """
WITH winners AS (
  SELECT r.raceId, first(d.name ORDER BY r.driverId) AS winner,
         first(r.driverId ORDER BY r.driverId) AS winner_id, first(c.name ORDER BY r.driverId) AS team
  FROM h_race_results r JOIN h_drivers d ON d.id = r.driverId
  JOIN h_constructors c ON c.id = r.constructorId
  WHERE r.year = $y AND r.position = '1' GROUP BY 1),
poles AS (SELECT g.raceId, first(d.name ORDER BY g.driverId) AS pole
          FROM h_starting_grid_positions g JOIN h_drivers d ON d.id = g.driverId
          WHERE g.year = $y AND g.position = '1' GROUP BY 1),
fl AS (SELECT f.raceId, first(d.name ORDER BY f.driverId) AS fastest_lap
       FROM h_fastest_laps f JOIN h_drivers d ON d.id = f.driverId
       WHERE f.year = $y AND f.position = 1 GROUP BY 1)
SELECT ra.round, ra.date, coalesce(gp.fullName, ra.officialName) AS grand_prix, ra.circuitId AS circuit_id, ci.name AS circuit,
       (ra.sprintRaceDate IS NOT NULL OR ra.sprintRaceLaps IS NOT NULL
        OR ra.sprintRaceScheduledLaps IS NOT NULL) AS has_sprint, ra.laps, w.winner, w.winner_id, w.team,
       p.pole, fl.fastest_lap, coalesce(ra.driversChampionshipDecider = 'True', false) AS title_decided
FROM h_races ra LEFT JOIN f1db_grands_prix gp ON gp.id = ra.grandPrixId
LEFT JOIN h_circuits ci ON ci.id = ra.circuitId
LEFT JOIN winners w ON w.raceId = ra.id LEFT JOIN poles p ON p.raceId = ra.id
LEFT JOIN fl ON fl.raceId = ra.id
WHERE ra.year = $y ORDER BY ra.round
"""

_ROUND_POINTS_SQL = """
WITH race AS (
  SELECT round, driverId AS driver_id, sum(coalesce(points, 0)) AS race_points,
         min(TRY_CAST(position AS INTEGER))::DOUBLE AS race_position, first(position) AS result,
         first(constructorId) AS team_id
  FROM h_race_results WHERE year = ? GROUP BY ALL),
sprint AS (
  SELECT round, driverId AS driver_id, sum(coalesce(points, 0)) AS sprint_points,
         min(TRY_CAST(position AS INTEGER))::DOUBLE AS sprint_position
  FROM h_sprint_race_results WHERE year = ? GROUP BY ALL)
SELECT round, driver_id, d.name, coalesce(race.team_id, '') AS team_id,
       coalesce(race_points, 0) AS race_points, coalesce(sprint_points, 0) AS sprint_points,
       coalesce(race_points, 0) + coalesce(sprint_points, 0) AS points,
       race_position, result, sprint_position
FROM race FULL JOIN sprint USING (round, driver_id)
JOIN h_drivers d ON d.id = driver_id
ORDER BY round, race_position NULLS LAST
"""

_CONSTRUCTOR_STANDINGS_SQL = """
WITH w AS (SELECT round, constructorId, count(*) FILTER (WHERE position = '1') AS wins
           FROM h_race_results WHERE year = $y GROUP BY ALL)
SELECT s.round, s.constructorId AS team_id, c.name, s.points,
       TRY_CAST(s.position AS INTEGER) AS position,
       (SELECT coalesce(sum(w.wins), 0) FROM w
         WHERE w.constructorId = s.constructorId AND w.round <= s.round)::INTEGER AS wins
FROM h_constructor_standings_after_race s JOIN h_constructors c ON c.id = s.constructorId
WHERE s.year = $y ORDER BY s.round, position
"""


def list_seasons(store: Store) -> list[int]:
    """Every season in the history tables, newest first."""
    require_history(store)
    years = query_history(store, "SELECT DISTINCT year FROM h_races ORDER BY 1 DESC")
    return [int(y) for y in years["year"]]


def season_calendar(store: Store, year: int) -> pd.DataFrame:
    """The calendar of ``year`` with each round's result.

    Returns:
        One row per round: ``round``, ``date``, ``grand_prix``, ``circuit_id``, ``circuit``,
        ``has_sprint``, ``laps``, ``winner``, ``winner_id``, ``team``, ``pole``,
        ``fastest_lap``, ``title_decided`` (F1DB's flag). Results are empty for rounds
        not yet run.

    Raises:
        HistoryNotLoaded: the history tables are missing.
        NoData: the season is not in the history tables.
    """
    require_history(store)
    df = query_history(store, _CALENDAR_SQL, {"y": year})
    if df.empty:
        raise NoData(f"No season {year} in the history tables.")
    return df


def completed_rounds(calendar: pd.DataFrame) -> int:
    """The last round of a calendar that has a winner (0 before the season starts)."""
    done = calendar.loc[calendar["winner"].notna(), "round"]
    return int(done.max()) if not done.empty else 0


def round_points(store: Store, year: int) -> pd.DataFrame:
    """Points every driver scored in every round of ``year`` (race plus sprint).

    Returns:
        Long frame: ``round``, ``driver_id``, ``name``, ``team_id``, ``race_points``,
        ``sprint_points``, ``points``, ``race_position`` (classified finish, NaN if not
        classified), ``result`` (F1DB text: 1, 2, ..., DNF, DSQ, DNQ ...), ``sprint_position``.
    """
    require_history(store)
    return query_history(store, _ROUND_POINTS_SQL, [year, year])


def points_matrix(points: pd.DataFrame, rounds: int) -> pd.DataFrame:
    """Drivers x rounds 1..``rounds`` of points scored (0 where nothing was scored)."""
    if points.empty:
        return pd.DataFrame(columns=range(1, rounds + 1), dtype=float)
    wide = points.pivot_table(index="driver_id", columns="round", values="points", aggfunc="sum")
    return wide.reindex(columns=range(1, rounds + 1)).fillna(0.0)


def _counted_matrix(matrix: pd.DataFrame, year: int) -> pd.DataFrame:
    """Counted points after each round (columns) for each driver (rows)."""
    system = points_system(year)
    if not system.drops_scores:
        return matrix.cumsum(axis=1)
    cols = list(matrix.columns)
    out = {
        r: matrix.loc[:, cols[:i]].apply(lambda row: count_points(list(row), system), axis=1)
        for i, r in enumerate(cols, start=1)
    }
    return pd.DataFrame(out, index=matrix.index)


_STANDING_COLUMNS = ["round", "position", "driver_id", "name", "points", "gross_points", "wins"]


def standings_progression(points: pd.DataFrame, *, year: int, rounds: int) -> pd.DataFrame:
    """Drivers' standings after every round 1..``rounds``, counted with the season's rules.

    Args:
        points: the frame from :func:`round_points`.
        year: the season (chooses the points system and its dropped scores).
        rounds: the last round to include.

    Returns:
        Long frame ``round``, ``position``, ``driver_id``, ``name``, ``points`` (counted),
        ``gross_points`` (all results), ``wins``. Only drivers who have appeared by that
        round are listed; ties on points are ordered by wins, then by name.
    """
    done = points[points["round"] <= rounds]
    if done.empty or rounds < 1:
        return pd.DataFrame(columns=_STANDING_COLUMNS)
    matrix = points_matrix(done, rounds)
    counted = _counted_matrix(matrix, year)
    gross = matrix.cumsum(axis=1)
    wins = (
        done.assign(win=(done["race_position"] == 1).astype(int))
        .pivot_table(index="driver_id", columns="round", values="win", aggfunc="sum")
        .reindex(index=matrix.index, columns=matrix.columns)
        .fillna(0)
        .cumsum(axis=1)
    )
    first = done.groupby("driver_id")["round"].min()
    names = done.groupby("driver_id")["name"].first()
    long = pd.DataFrame(
        {
            "round": list(matrix.columns) * len(matrix.index),
            "driver_id": [d for d in matrix.index for _ in matrix.columns],
            "points": counted.to_numpy().ravel(),
            "gross_points": gross.to_numpy().ravel(),
            "wins": wins.to_numpy().ravel().astype(int),
        }
    )
    long = long[long["round"] >= long["driver_id"].map(first)]
    long["name"] = long["driver_id"].map(names)
    long = long.sort_values(
        ["round", "points", "wins", "name"], ascending=[True, False, False, True]
    )
    long["position"] = long.groupby("round").cumcount() + 1
    return long[_STANDING_COLUMNS].reset_index(drop=True)


def driver_standings(points: pd.DataFrame, *, year: int, after_round: int) -> pd.DataFrame:
    """Drivers' standings after ``after_round``: the last round of :func:`standings_progression`.

    Returns:
        ``position``, ``driver_id``, ``name``, ``points`` (counted), ``gross_points``, ``wins``.
    """
    done = points[points["round"] <= after_round]
    if done.empty or after_round < 1:
        return pd.DataFrame(columns=_STANDING_COLUMNS[1:])
    matrix = points_matrix(done, after_round)
    wins = (
        done.assign(win=done["race_position"].eq(1).fillna(False)).groupby("driver_id")["win"].sum()
    )
    table = pd.DataFrame(
        {
            "driver_id": matrix.index,
            "name": done.groupby("driver_id")["name"].first().reindex(matrix.index).to_numpy(),
            "points": count_points_rows(matrix.to_numpy(), points_system(year)),
            "gross_points": matrix.sum(axis=1).to_numpy(),
            "wins": wins.reindex(matrix.index).fillna(0).astype(int).to_numpy(),
        }
    )
    table = table.sort_values(["points", "wins", "name"], ascending=[False, False, True])
    table.insert(0, "position", range(1, len(table) + 1))
    return table.reset_index(drop=True)


def constructor_standings(store: Store, year: int) -> pd.DataFrame:
    """Constructors' standings after every round (F1DB; the championship began in 1958).

    Returns:
        ``round``, ``team_id``, ``name``, ``points``, ``position``, ``wins`` (Grand Prix
        wins so far); empty before 1958.
    """
    require_history(store)
    return query_history(store, _CONSTRUCTOR_STANDINGS_SQL, {"y": year})
