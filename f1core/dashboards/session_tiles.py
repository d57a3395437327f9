"""Tiles from the Session page: the same analysis and chart functions, fed from the store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from f1core.analysis import classification as cls
from f1core.analysis import long_runs, pace, race_trace, sectors, weather
from f1core.analysis import race_control as rc
from f1core.analysis.laps import flag_laps
from f1core.analysis.stints import stints_between_stops, stints_known_at
from f1core.charts import laps as lap_charts
from f1core.charts import pace as pace_charts
from f1core.charts import positions, strategy
from f1core.charts import sectors as sector_charts
from f1core.charts import weather as weather_charts
from f1core.charts.colors import driver_styles, team_colors
from f1core.dashboards.view import (
    TileView,
    drivers_param,
    float_param,
    palette_param,
    session_key,
)
from f1core.errors import NoData, NoLapData
from f1core.store import SessionKey, Store
from f1core.store import queries as q


@dataclass(frozen=True)
class SessionData:
    """What every session tile starts from: the session, its laps and the chosen drivers."""

    key: SessionKey
    row: dict
    roster: pd.DataFrame
    laps: pd.DataFrame
    chosen: list[str]
    styles: dict
    palette: str
    up_to: int | None


def load_session_data(store: Store, params: Mapping[str, str], up_to: int | None) -> SessionData:
    """The pinned session's data, as known at lap ``up_to`` (the replay clock) if given.

    Raises:
        SessionNotInStore: the session is not loaded.
        NoLapData: the session has no laps.
    """
    key = session_key(params)
    row = q.session_row(store, key)
    roster = q.session_drivers(store, key)
    laps = q.session_table(store, "laps", key, up_to_lap=up_to)
    if laps.empty:
        raise NoLapData(f"Session {key} has no lap data.")
    wanted = [d for d in drivers_param(params) if d in set(roster["driver"])]
    chosen = wanted or roster["driver"].head(3).tolist()
    palette = palette_param(params)
    styles = driver_styles(roster, palette=palette, first=chosen)
    return SessionData(key, row, roster, laps, chosen, styles, palette, up_to)


def _periods(store: Store, s: SessionData) -> pd.DataFrame:
    status = rc.known_by_end_of(q.session_table(store, "track_status", s.key), s.laps)
    return rc.status_periods(status, s.laps)


def _is_race(s: SessionData) -> bool:
    return s.key.session_code in cls.RACE_CODES


def results(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    result = cls.classify_session(
        s.key.session_code, results=q.session_table(store, "results", s.key), laps=s.laps,
        drivers=s.roster, has_results=bool(s.row.get("has_results")), up_to_lap=s.up_to,
    )  # fmt: skip
    return TileView(table=result.table, notes=[result.note])


def lap_times(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    flagged = flag_laps(s.laps, per_lap=_is_race(s))
    mine = flagged[flagged["driver"].isin(s.chosen)]
    outliers = str(params.get("outliers", "")).lower() == "true"
    figure = lap_charts.lap_time_figure(
        mine, s.styles, periods=_periods(store, s), show_outliers=outliers
    )
    return TileView(figure=figure)


def lap_positions(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    pos = race_trace.lap_positions(s.laps, q.session_table(store, "results", s.key))
    return TileView(figure=positions.position_figure(pos, s.styles))


def trace(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    ref = "average" if params.get("trace") == "average" else "leader"
    frame = race_trace.race_trace(s.laps, reference=ref)
    frame = frame[frame["driver"].isin(s.chosen)]
    label = "leader" if ref == "leader" else "winner's average pace"
    figure = positions.race_trace_figure(
        frame, s.styles, periods=_periods(store, s), reference_label=label
    )
    return TileView(figure=figure)


def tyre_strategy(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    pits = q.session_table(store, "pit_stops", s.key, up_to_lap=s.up_to)
    stints = q.session_table(store, "stints", s.key)
    stints = stints_known_at(stints_between_stops(stints, s.laps, pits), s.up_to)
    return TileView(figure=strategy.strategy_figure(stints, s.roster["driver"].tolist()))


def _reps(s: SessionData, params: Mapping[str, str]) -> pd.DataFrame:
    gap = float_param(params, "gap", 0.0)
    return pace.representative_pace(
        s.laps, s.roster, clean_air_gap_s=gap or None, per_lap=_is_race(s)
    )


def driver_pace(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    reps = _reps(s, params)
    mine = reps[reps["driver"].isin(s.chosen)]
    return TileView(figure=pace_charts.driver_pace_figure(mine, s.styles, s.chosen))


def team_ranking(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    ranking = pace.rank_team_pace(_reps(s, params))
    colors = team_colors(s.roster, palette=s.palette)
    return TileView(figure=pace_charts.team_ranking_figure(ranking, colors))


def ideal_laps(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    return TileView(figure=sector_charts.ideal_lap_figure(sectors.ideal_laps(s.laps), s.styles))


def speed_traps(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    traps = sectors.speed_traps(s.laps)
    return TileView(figure=sector_charts.speed_trap_figure(traps, s.styles))


def track_weather(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    samples = rc.known_by_end_of(q.session_table(store, "weather", s.key), s.laps)
    by_lap = weather.weather_by_lap(samples, s.laps)
    return TileView(figure=weather_charts.weather_figure(by_lap, periods=_periods(store, s)))


def track_limits(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    messages = q.session_table(store, "race_control", s.key, up_to_lap=s.up_to)
    return TileView(table=rc.count_track_limit_deletions(messages))


def team_pace(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    reps = _reps(s, params)
    ranking = pace.rank_team_pace(reps)
    colors = team_colors(s.roster, palette=s.palette)
    return TileView(figure=pace_charts.team_pace_figure(reps, colors, ranking["team"].tolist()))


def pace_vs_temperature(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    samples = rc.known_by_end_of(q.session_table(store, "weather", s.key), s.laps)
    reps = pace.representative_pace(s.laps, s.roster, per_lap=_is_race(s))
    joined = weather.pace_vs_track_temp(reps[reps["driver"].isin(s.chosen)], s.laps, samples)
    return TileView(figure=weather_charts.pace_temperature_figure(joined, s.styles))


def neutralised_periods(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    return TileView(table=_periods(store, s))


def race_control_feed(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    messages = q.session_table(store, "race_control", s.key, up_to_lap=s.up_to)
    status = rc.known_by_end_of(q.session_table(store, "track_status", s.key), s.laps)
    return TileView(table=rc.race_control_feed(messages, status, s.laps))


def long_run_pace(store: Store, s: SessionData, params: Mapping[str, str]) -> TileView:
    runs = long_runs.find_long_runs(s.laps)
    if runs.empty:
        raise NoData("No stint has five or more push laps in this session.")
    mine = runs[runs["driver"].isin(s.chosen)]
    figure = pace_charts.long_run_figure(long_runs.run_laps(s.laps), mine, s.styles)
    return TileView(figure=figure)
