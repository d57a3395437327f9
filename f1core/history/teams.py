"""Team profiles: constructors' history, drivers over time, DHL pit stops, reliability.

DHL's team names ("Red Bull", "Sauber", "RB") are tied to F1DB constructors by the driver
surnames DHL lists: each (season, DHL team) goes to the F1DB constructor those drivers raced
for that season. Reliability policy: a retirement whose F1DB cause is in
:data:`DRIVER_CAUSES` is the driver's (or another driver's) doing; every other retirement
counts as a technical failure, except those with no recorded cause.
"""

from __future__ import annotations

import json

import pandas as pd

from f1core.history.names import require_history
from f1core.history.results_source import query_history
from f1core.store import Store

DRIVER_CAUSES: tuple[str, ...] = (
    "Accident", "Accident damage", "Collision", "Collision damage", "Fatal accident",
    "Fatal collision", "Spun off", "Spin", "Withdrew", "Physical", "Unwell",
)  # fmt: skip

RELIABILITY_NOTE = (
    "Technical failures are retirements for any cause other than accidents, collisions, "
    "spins, withdrawals or the driver's health; retirements with no recorded cause are not counted."
)

_SEASONS_SQL = """
WITH r AS (SELECT year, raceId, position, points FROM h_race_results WHERE constructorId = $t),
sp AS (SELECT year, sum(points) AS sprint_points FROM h_sprint_race_results WHERE constructorId = $t
       GROUP BY 1),
q AS (SELECT year, count(*) AS poles FROM h_qualifying_results WHERE constructorId = $t AND position = '1'
      GROUP BY 1),
st AS (SELECT year, TRY_CAST(position AS INTEGER) AS championship_position, points AS championship_points
       FROM f1db_season_constructor_standings WHERE constructorId = $t)
SELECT r.year, count(DISTINCT raceId) AS races,
       count(*) FILTER (WHERE position = '1') AS wins,
       count(*) FILTER (WHERE position IN ('1', '2', '3')) AS podiums,
       coalesce(any_value(q.poles), 0) AS poles,
       coalesce(sum(r.points), 0) + coalesce(any_value(sp.sprint_points), 0) AS points,
       any_value(st.championship_position) AS championship_position
FROM r LEFT JOIN sp USING (year) LEFT JOIN q USING (year) LEFT JOIN st USING (year)
GROUP BY r.year ORDER BY r.year
"""

_DRIVERS_SQL = """
SELECT r.year, r.driverId AS driver_id, d.name,
       count(*) FILTER (WHERE position NOT IN ('DNQ', 'DNPQ', 'DNS', 'DNP')) AS starts,
       count(*) FILTER (WHERE position = '1') AS wins, coalesce(sum(points), 0) AS points
FROM h_race_results r JOIN h_drivers d ON d.id = r.driverId
WHERE r.constructorId = ? GROUP BY ALL ORDER BY r.year, points DESC
"""

_RELIABILITY_SQL = """
SELECT year,
       count(*) FILTER (WHERE position NOT IN ('DNQ', 'DNPQ', 'DNS', 'DNP')) AS starts,
       count(*) FILTER (WHERE TRY_CAST(position AS INTEGER) IS NOT NULL) AS classified,
       count(*) FILTER (WHERE position = 'DNF') AS dnfs,
       count(*) FILTER (WHERE position = 'DNF' AND reasonRetired IS NOT NULL
                        AND NOT list_contains($causes, reasonRetired)) AS technical_dnfs
FROM h_race_results WHERE constructorId = $t GROUP BY 1 ORDER BY 1
"""

_DHL_MAP_SQL = """
WITH dhl AS (SELECT DISTINCT year, team, driver FROM dhl_pit_stops),
votes AS (SELECT dhl.year, dhl.team, r.constructorId AS team_id, count(*) AS n
          FROM dhl JOIN h_drivers d ON strip_accents(lower(d.lastName)) = strip_accents(lower(dhl.driver))
          JOIN h_race_results r ON r.driverId = d.id AND r.year = dhl.year
          GROUP BY ALL)
SELECT year, team AS dhl_team, arg_max(team_id, n) AS team_id FROM votes GROUP BY ALL ORDER BY 1, 2
"""


def team_seasons(store: Store, team_id: str) -> pd.DataFrame:
    """Constructor history: ``year``, ``races``, ``wins``, ``podiums``, ``poles``, ``points``
    (race + sprint, all cars), ``championship_position`` (None before 1958)."""
    require_history(store)
    return query_history(store, _SEASONS_SQL, {"t": team_id})


def team_drivers(store: Store, team_id: str) -> pd.DataFrame:
    """Drivers over time: ``year``, ``driver_id``, ``name``, ``starts``, ``wins``, ``points``."""
    require_history(store)
    return query_history(store, _DRIVERS_SQL, [team_id])


def reliability(store: Store, team_id: str) -> pd.DataFrame:
    """Per season: ``starts``, ``classified``, ``dnfs``, ``technical_dnfs``,
    ``finish_rate`` and ``technical_failure_rate`` (shares of starts)."""
    require_history(store)
    df = query_history(store, _RELIABILITY_SQL, {"t": team_id, "causes": list(DRIVER_CAUSES)})
    starts = df["starts"].where(df["starts"] > 0)
    df["finish_rate"] = (df["classified"] / starts).round(3)
    df["technical_failure_rate"] = (df["technical_dnfs"] / starts).round(3)
    return df


def dhl_team_map(store: Store) -> pd.DataFrame:
    """``year``, ``dhl_team``, ``team_id``: which F1DB constructor each DHL team name is."""
    require_history(store)
    if not store.table_exists("dhl_pit_stops"):
        return pd.DataFrame(columns=["year", "dhl_team", "team_id"])
    return query_history(store, _DHL_MAP_SQL)


def pit_stops(store: Store, team_id: str) -> pd.DataFrame:
    """Every DHL stationary time of the team (2018 on): ``year``, ``event``, ``driver``,
    ``stationary_time_s``, ``lap``, ``rank``."""
    mapping = dhl_team_map(store)
    teams = mapping[mapping["team_id"] == team_id]
    if teams.empty:
        return pd.DataFrame(columns=["year", "event", "driver", "stationary_time_s", "lap", "rank"])
    return store.query_df(
        "SELECT p.year, p.event, p.driver, p.stationary_time_s, p.lap, p.rank FROM dhl_pit_stops p "
        "JOIN (SELECT unnest($y) AS year, unnest($t) AS team) m ON m.year = p.year AND m.team = p.team "
        "ORDER BY p.year, p.event, p.stationary_time_s",
        {"y": teams["year"].astype(int).tolist(), "t": teams["dhl_team"].tolist()},
    )


def pit_stop_summary(stops: pd.DataFrame) -> pd.DataFrame:
    """Per season from :func:`pit_stops`: ``stops``, ``median_s``, ``best_s``, ``p90_s``."""
    if stops.empty:
        return pd.DataFrame(columns=["year", "stops", "median_s", "best_s", "p90_s"])
    g = stops.groupby("year")["stationary_time_s"]
    out = pd.DataFrame(
        {"stops": g.size(), "median_s": g.median(), "best_s": g.min(), "p90_s": g.quantile(0.9)}
    )
    return out.round(3).reset_index()


def team_lineage(store: Store, team_id: str) -> pd.DataFrame:
    """The team's line of succession from F1DB (e.g. Stewart -> Jaguar -> Red Bull).

    Returns:
        ``team_id``, ``name``, ``year_from``, ``year_to`` (None while current), oldest
        first; a single row for a team without recorded predecessors or successors.
    """
    require_history(store)
    rows = store.query_rows(
        "SELECT chronology FROM f1db_constructors WHERE chronology IS NOT NULL "
        "AND (id = $t OR chronology LIKE '%\"' || $t || '\"%') ORDER BY id = $t DESC LIMIT 1",
        {"t": team_id},
    )
    names = dict(store.query_rows("SELECT id, name FROM f1db_constructors"))
    if not rows:
        first_last = (
            query_history(
                store,
                "SELECT min(year), max(year) FROM h_race_results WHERE constructorId = ?",
                [team_id],
            )
            .iloc[0]
            .tolist()
        )
        steps = [{"constructorId": team_id, "yearFrom": first_last[0], "yearTo": first_last[1]}]
    else:
        steps = json.loads(rows[0][0])
    return pd.DataFrame(
        [
            {"team_id": s["constructorId"], "name": names.get(s["constructorId"], s["constructorId"]),
             "year_from": s.get("yearFrom"), "year_to": s.get("yearTo")}
            for s in steps
        ]
    )  # fmt: skip


def lineage_text(lineage: pd.DataFrame) -> str:
    """``"Stewart (1997-1999) → Jaguar (2000-2004) → Red Bull (2005-)"``."""

    def span(row) -> str:
        start = "" if pd.isna(row["year_from"]) else int(row["year_from"])
        end = "" if pd.isna(row["year_to"]) else int(row["year_to"])
        return f"{row['name']} ({start}-{end})"

    return " → ".join(span(r) for _, r in lineage.iterrows())
