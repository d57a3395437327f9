"""Pre-race finishing-position features from the history tables (F1DB, or Ergast).

One row per (race, driver) of the modern era. Every form feature is computed from races
that finished strictly before this one (sorted by date, then shifted), so a row never sees
its own race or anything later; qualifying and the grid are known before the start.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from f1core.errors import HistoryNotLoaded
from f1core.store import Store

FIRST_YEAR = 2010  # history loaded for form features; models train from MODERN_ERA_START
MODERN_ERA_START = 2014  # hybrid power units: the modern era this model learns from
FORM_RACES = 5
DNF_RACES = 10

FEATURES = [
    "grid", "field_size", "quali_position", "quali_gap_pct",
    "driver_form_pos", "driver_form_points", "driver_dnf_rate", "driver_grid_gain",
    "team_form_pos", "circuit_driver_pos", "circuit_shuffle", "season_round",
]  # fmt: skip


HistorySource = Literal["f1db", "ergast"]


def load_history_results(
    store: Store, *, first_year: int = FIRST_YEAR, source: HistorySource | None = None
) -> pd.DataFrame:
    """Race results with race date, circuit, status and qualifying times.

    Args:
        source: ``f1db`` (1950 to 2026 round 11 in the kit) or ``ergast`` (to 2025 round 18);
            by default F1DB when its tables are loaded, else Ergast.

    Raises:
        HistoryNotLoaded: the chosen history tables are not in the store.
    """
    if source is None:
        source = "f1db" if store.table_exists("f1db_race_results") else "ergast"
    table = "f1db_race_results" if source == "f1db" else "ergast_results"
    if not store.table_exists(table):
        raise HistoryNotLoaded(f"The {source} history tables are not in the store; ingest the kit.")
    sql = _F1DB_SQL if source == "f1db" else _ERGAST_SQL
    return store.query_df(sql, [first_year])


_ERGAST_SQL = """
    SELECT ra.raceId AS race_id, ra.year, ra.round, ra.date, CAST(ra.circuitId AS VARCHAR) AS circuit_id,
           ra.name AS race_name, CAST(r.driverId AS VARCHAR) AS driver_id,
           CAST(r.constructorId AS VARCHAR) AS team_id, r.grid, r.positionOrder AS finish, r.points,
           s.status, q.position AS quali_position, q.q1, q.q2, q.q3,
           d.code AS driver_code, d.surname AS driver_name
    FROM ergast_results r
    JOIN ergast_races ra USING (raceId)
    LEFT JOIN ergast_status s USING (statusId)
    LEFT JOIN ergast_qualifying q ON q.raceId = r.raceId AND q.driverId = r.driverId
    LEFT JOIN ergast_drivers d ON d.driverId = r.driverId
    WHERE ra.year >= ?
    ORDER BY ra.date, ra.raceId, r.positionOrder"""

# F1DB keeps the result as text (1, 2, ..., DNF, DSQ, NC); the finishing order puts the
# classified cars first, then the rest by laps completed, as Ergast's positionOrder does.
# Non-starters (DNS, DNP) never raced and are left out.
_F1DB_SQL = """
    SELECT ra.id AS race_id, ra.year, ra.round, ra.date, ra.circuitId AS circuit_id,
           ra.grandPrixId AS race_name, r.driverId AS driver_id, r.constructorId AS team_id,
           coalesce(try_cast(r.gridPosition AS INTEGER), 0) AS grid,
           row_number() OVER (PARTITION BY ra.id ORDER BY try_cast(r.position AS INTEGER) NULLS LAST,
                              r.laps DESC NULLS LAST) AS finish,
           coalesce(r.points, 0) AS points,
           CASE WHEN try_cast(r.position AS INTEGER) IS NOT NULL THEN 'Finished'
                ELSE coalesce(r.reasonRetired, r.position) END AS status,
           try_cast(q.position AS INTEGER) AS quali_position, q.q1, q.q2, q.q3,
           d.abbreviation AS driver_code, d.lastName AS driver_name
    FROM f1db_race_results r
    JOIN f1db_races ra ON ra.id = r.raceId
    LEFT JOIN f1db_qualifying_results q ON q.raceId = r.raceId AND q.driverId = r.driverId
    LEFT JOIN f1db_drivers d ON d.id = r.driverId
    WHERE ra.year >= ? AND r.position NOT IN ('DNS', 'DNP', 'DNQ', 'DNPQ', 'EX')
    ORDER BY ra.date, ra.id, finish"""


def lap_time_to_seconds(text: pd.Series) -> pd.Series:
    """Ergast qualifying times ``"1:29.708"`` -> seconds (blank or bad text -> NaN)."""
    parts = text.fillna("").astype(str).str.extract(r"^(?:(\d+):)?(\d+(?:\.\d+)?)$")
    minutes = pd.to_numeric(parts[0], errors="coerce").fillna(0)
    return minutes * 60 + pd.to_numeric(parts[1], errors="coerce")


def is_classified_finish(status: pd.Series) -> pd.Series:
    """True for ``Finished`` and ``+N Lap(s)``: the car reached the flag."""
    s = status.fillna("")
    return (s == "Finished") | s.str.match(r"^\+\d+ Laps?$")


def _prior_rolling_mean(values: pd.Series, by: pd.Series, window: int) -> pd.Series:
    """Mean of the previous ``window`` values within each group (this row excluded)."""
    return values.groupby(by).transform(lambda s: s.shift(1).rolling(window, min_periods=1).mean())


def build_finish_frame(results: pd.DataFrame) -> pd.DataFrame:
    """Feature rows and targets from :func:`load_history_results` rows.

    Returns:
        Key columns, ``FEATURES``, ``finish`` (position order, DNFs last), ``points_finish``
        (top 10) and ``podium`` (top 3), one row per driver and race.
    """
    df = results.sort_values(["date", "race_id", "finish"])
    # One row per driver and race: the sources carry the odd duplicate (F1DB lists Bottas
    # twice in the 2023 British GP); the better-placed row is kept.
    df = df.drop_duplicates(["race_id", "driver_id"], keep="first").reset_index(drop=True)
    df["field_size"] = df.groupby("race_id")["driver_id"].transform("size")
    # grid 0 means a pit-lane start: behind everyone who took the grid.
    df["grid"] = df["grid"].where(df["grid"] > 0, df["field_size"])
    best = pd.concat([lap_time_to_seconds(df[c]) for c in ("q1", "q2", "q3")], axis=1).min(axis=1)
    pole = best.groupby(df["race_id"]).transform("min")
    df["quali_gap_pct"] = (best / pole - 1.0) * 100.0
    df["finished"] = is_classified_finish(df["status"]).astype(float)
    df["driver_form_pos"] = _prior_rolling_mean(
        df["finish"].astype(float), df["driver_id"], FORM_RACES
    )
    df["driver_form_points"] = _prior_rolling_mean(
        df["points"].astype(float), df["driver_id"], FORM_RACES
    )
    df["driver_dnf_rate"] = _prior_rolling_mean(1.0 - df["finished"], df["driver_id"], DNF_RACES)
    df["driver_grid_gain"] = _prior_rolling_mean(
        (df["grid"] - df["finish"]).astype(float), df["driver_id"], FORM_RACES
    )
    team_race = (
        df.groupby(["team_id", "race_id"], sort=False)
        .agg(team_pos=("finish", "mean"), date=("date", "first"))
        .reset_index()
        .sort_values(["date", "race_id"])
    )
    team_race["team_form_pos"] = _prior_rolling_mean(
        team_race["team_pos"], team_race["team_id"], FORM_RACES
    )
    df = df.merge(
        team_race[["team_id", "race_id", "team_form_pos"]], on=["team_id", "race_id"], how="left"
    )
    df["circuit_driver_pos"] = df.groupby(["driver_id", "circuit_id"])["finish"].transform(
        lambda s: s.shift(1).expanding().mean()
    )
    race_shuffle = (
        df.assign(change=(df["grid"] - df["finish"]).abs())
        .groupby("race_id", sort=False)
        .agg(shuffle=("change", "mean"), circuit_id=("circuit_id", "first"), date=("date", "first"))
        .reset_index()
        .sort_values(["date", "race_id"])
    )
    race_shuffle["circuit_shuffle"] = race_shuffle.groupby("circuit_id")["shuffle"].transform(
        lambda s: s.shift(1).expanding().mean()
    )
    df = df.merge(race_shuffle[["race_id", "circuit_shuffle"]], on="race_id", how="left")
    df["season_round"] = df["round"]
    df["points_finish"] = (df["finish"] <= 10).astype(int)
    df["podium"] = (df["finish"] <= 3).astype(int)
    df = df.sort_values(["date", "race_id", "finish"]).reset_index(drop=True)
    for col in FEATURES:
        df[col] = df[col].astype(float)
    return df


def modern_era(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows from :data:`MODERN_ERA_START` on (older seasons only feed the form features)."""
    return frame[frame["year"] >= MODERN_ERA_START].reset_index(drop=True)


def rank_within_race(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Rank (1 = best) of ``column`` within each race; ties broken by grid."""
    order = frame.assign(_v=frame[column]).sort_values(["race_id", "_v", "grid"])
    ranks = order.groupby("race_id").cumcount() + 1
    return ranks.reindex(frame.index).to_numpy()
