"""Circuit profiles: winners, pole-to-win conversion, grid vs finish, safety cars, strategies.

Sources: F1DB races and results; Ergast's ``safety_cars`` table (one row per deployment,
race named "<year> <Grand Prix>") tied to F1DB through the Ergast race's (year, round);
F1DB pit stops (1994 on) with pit-lane times; and, where race sessions are in the store,
the pit-lane times measured from timing data. Safety-car shares count races from
:data:`SAFETY_CAR_FROM` (the first season with the modern safety car) to the last season
the safety-car table covers.
"""

from __future__ import annotations

import pandas as pd

from f1core.history.names import require_history
from f1core.history.results_source import query_history
from f1core.store import Store
from f1core.strategy.laps import counted_stops

SAFETY_CAR_FROM = 1993

_WINNERS_SQL = """
SELECT ra.year, ra.round, coalesce(gp.fullName, ra.officialName) AS grand_prix, d.name AS winner, r.driverId AS winner_id,
       c.name AS team, TRY_CAST(r.gridPosition AS INTEGER) AS grid,
       (SELECT first(dq.name) FROM h_qualifying_results q JOIN h_drivers dq ON dq.id = q.driverId
         WHERE q.raceId = ra.id AND q.position = '1') AS pole
FROM h_races ra JOIN h_race_results r ON r.raceId = ra.id AND r.position = '1'
JOIN h_drivers d ON d.id = r.driverId JOIN h_constructors c ON c.id = r.constructorId
LEFT JOIN f1db_grands_prix gp ON gp.id = ra.grandPrixId
WHERE ra.circuitId = ? ORDER BY ra.year DESC, ra.round DESC
"""

_GRID_FINISH_SQL = """
SELECT ra.year, r.driverId AS driver_id, TRY_CAST(r.gridPosition AS INTEGER) AS grid,
       TRY_CAST(r.position AS INTEGER) AS finish
FROM h_races ra JOIN h_race_results r ON r.raceId = ra.id
WHERE ra.circuitId = ? AND TRY_CAST(r.gridPosition AS INTEGER) > 0
  AND TRY_CAST(r.position AS INTEGER) IS NOT NULL
"""

_SAFETY_CAR_SQL = """
WITH sc AS (SELECT TRY_CAST(left(Race, 4) AS INTEGER) AS year, substr(Race, 6) AS name,
                   count(*) AS deployments, sum(FullLaps) AS sc_laps
            FROM ergast_safety_cars GROUP BY ALL),
scr AS (SELECT er.year, er.round, sc.deployments, sc.sc_laps
        FROM sc JOIN ergast_races er ON er.year = sc.year AND er.name = sc.name),
span AS (SELECT max(year) AS last FROM sc)
SELECT ra.year, ra.round, coalesce(scr.deployments, 0) AS deployments,
       coalesce(scr.sc_laps, 0) AS sc_laps
FROM h_races ra LEFT JOIN scr USING (year, round), span
WHERE ra.circuitId = ? AND ra.year BETWEEN ? AND span.last
  AND ra.id IN (SELECT raceId FROM h_race_results)
ORDER BY ra.year
"""

_STRATEGY_SQL = """
WITH stops AS (SELECT raceId, driverId, count(*) AS stops,
                      median(TRY_CAST(time AS DOUBLE)) AS pit_lane_s
               FROM f1db_pit_stops GROUP BY ALL),
fin AS (SELECT r.raceId, r.year, r.driverId FROM f1db_race_results r
        JOIN f1db_races ra ON ra.id = r.raceId
        WHERE ra.circuitId = ? AND TRY_CAST(r.position AS INTEGER) IS NOT NULL
          AND r.year >= (SELECT min(year) FROM f1db_pit_stops))
SELECT fin.year, coalesce(stops.stops, 0) AS stops, count(*) AS finishers,
       median(stops.pit_lane_s) AS median_pit_lane_s
FROM fin LEFT JOIN stops USING (raceId, driverId)
GROUP BY ALL ORDER BY fin.year, stops
"""

_SESSION_PITS_SQL = """
SELECT p.* FROM pit_stops p JOIN h_races ra ON ra.year = p.year AND ra.round = p.round
WHERE ra.circuitId = ? AND p.session_code = 'R'
"""

_SESSION_LAPS_SQL = """
SELECT l.year, l.round, l.driver, l.lap_number, l.track_status
FROM laps l JOIN h_races ra ON ra.year = l.year AND ra.round = l.round
WHERE ra.circuitId = ? AND l.session_code = 'R'
"""

_PIT_LOSS_COLUMNS = ["year", "round", "stops", "median_pit_lane_s", "best_pit_lane_s"]


def circuit_winners(store: Store, circuit_id: str) -> pd.DataFrame:
    """Every race at the circuit, newest first: ``year``, ``round``, ``grand_prix``,
    ``winner``, ``winner_id``, ``team``, ``grid`` (winner's start), ``pole``."""
    require_history(store)
    return query_history(store, _WINNERS_SQL, [circuit_id])


def pole_conversion(winners: pd.DataFrame) -> dict[str, float]:
    """From :func:`circuit_winners`: ``races``, ``won_from_pole`` (winner started first)
    and ``share`` (0..1; NaN when there are no races)."""
    races = len(winners)
    from_pole = int((winners["grid"] == 1).sum()) if races else 0
    return {
        "races": races,
        "won_from_pole": from_pole,
        "share": from_pole / races if races else float("nan"),
    }


def grid_vs_finish(store: Store, circuit_id: str) -> pd.DataFrame:
    """Classified finishers with a grid slot: ``year``, ``driver_id``, ``grid``, ``finish``."""
    require_history(store)
    return query_history(store, _GRID_FINISH_SQL, [circuit_id])


def grid_finish_correlation(rows: pd.DataFrame) -> float:
    """Spearman rank correlation between grid and finish (NaN with fewer than 3 rows)."""
    if len(rows) < 3:
        return float("nan")
    return float(rows["grid"].rank().corr(rows["finish"].rank()))


def safety_cars(store: Store, circuit_id: str) -> pd.DataFrame:
    """Races at the circuit from 1993 to the table's last season: ``year``, ``round``,
    ``deployments`` (0 for none), ``sc_laps`` (full laps behind the safety car)."""
    require_history(store)
    if not store.table_exists("ergast_safety_cars"):
        return pd.DataFrame(columns=["year", "round", "deployments", "sc_laps"])
    return query_history(store, _SAFETY_CAR_SQL, [circuit_id, SAFETY_CAR_FROM])


def strategies(store: Store, circuit_id: str) -> pd.DataFrame:
    """Pit-stop counts of classified finishers per season (1994 on): ``year``, ``stops``,
    ``finishers`` with that many stops, ``median_pit_lane_s`` (F1DB pit-lane time)."""
    require_history(store)
    return store.query_df(_STRATEGY_SQL, [circuit_id])


def typical_stops(strategy: pd.DataFrame) -> pd.DataFrame:
    """Per season, the most common stop count and its share of finishers."""
    if strategy.empty:
        return pd.DataFrame(columns=["year", "typical_stops", "share", "median_pit_lane_s"])
    rows = []
    for year, grp in strategy.groupby("year"):
        top = grp.sort_values(["finishers", "stops"], ascending=[False, True]).iloc[0]
        weights = grp["finishers"].where(grp["median_pit_lane_s"].notna(), 0)
        lane = (
            (grp["median_pit_lane_s"].fillna(0) * weights).sum() / weights.sum()
            if weights.sum()
            else None
        )
        rows.append(
            {"year": int(year), "typical_stops": int(top["stops"]),
             "share": round(top["finishers"] / grp["finishers"].sum(), 3),
             "median_pit_lane_s": None if lane is None else round(float(lane), 3)}
        )  # fmt: skip
    return pd.DataFrame(rows)


def measured_pit_loss(store: Store, circuit_id: str) -> pd.DataFrame:
    """Pit-lane times measured from race sessions in the store at this circuit:
    ``year``, ``round``, ``stops``, ``median_pit_lane_s``, ``best_pit_lane_s`` (empty if none).

    Only stops that changed tyres count (:func:`~f1core.strategy.laps.counted_stops`): a pass
    through the pit lane behind the safety car is no pit stop and would pull the times down.
    """
    require_history(store)
    if not store.table_exists("pit_stops"):
        return pd.DataFrame(columns=_PIT_LOSS_COLUMNS)
    visits = query_history(store, _SESSION_PITS_SQL, [circuit_id])
    laps = query_history(store, _SESSION_LAPS_SQL, [circuit_id])
    rows = []
    for (year, round_), part in visits.groupby(["year", "round"], sort=True):
        race_laps = laps[(laps["year"] == year) & (laps["round"] == round_)]
        lane = counted_stops(race_laps, part)["pit_lane_s"]
        lane = lane[lane > 0]
        if len(lane):
            rows.append({"year": int(year), "round": int(round_), "stops": len(lane),
                         "median_pit_lane_s": float(lane.median()),
                         "best_pit_lane_s": float(lane.min())})  # fmt: skip
    return pd.DataFrame(rows, columns=_PIT_LOSS_COLUMNS)
