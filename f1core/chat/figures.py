"""Charts the chat shows under an answer: the app's own figures, fed from the store."""

from __future__ import annotations

import plotly.graph_objects as go

from f1core.errors import NoData
from f1core.facts.fact import RowRef, key_dict

#: ``gaps``: gap to the leader after every lap (who won, and by how much, over the race).
CHART_KINDS = ("lap_times", "stints", "gaps")
_TABLE = {"lap_times": "laps", "stints": "stints", "gaps": "laps"}
_SELECT = (
    "SELECT * FROM {table} WHERE year = ? AND round = ? AND session_code = ? "
    "AND list_contains(?, driver)"
)


def _drivers(store, key, drivers: list[str], *, top: int = 3) -> list[str]:
    """The asked drivers, else the first ``top`` of the classification."""
    if drivers:
        return [d.upper() for d in drivers][:6]
    rows = store.query_rows(
        "SELECT driver FROM results WHERE year = ? AND round = ? AND session_code = ? AND position IS NOT NULL ORDER BY position LIMIT ?",
        [key.year, key.round, key.session_code, top],
    )
    return [r[0] for r in rows]


def chart_for(store, kind: str, key, *, drivers: list[str] | None = None):
    """A plotly figure and its citations.

    Args:
        store: the store.
        kind: ``lap_times`` (lap-time lines), ``stints`` (tyre strategy bars) or
            ``gaps`` (gap to the leader after each lap, SC/VSC/red periods shaded).
        key: the session.
        drivers: three-letter codes (default: the top three finishers).

    Raises:
        NoData: unknown kind or no rows for the selection.
    """
    from f1core.charts.colors import driver_styles

    if kind not in CHART_KINDS:
        raise NoData(f"Unknown chart {kind!r}; choose one of {', '.join(CHART_KINDS)}.")
    chosen = _drivers(store, key, list(drivers or []))
    if not chosen:
        raise NoData(f"No drivers to chart for {key}.")
    params = [key.year, key.round, key.session_code, chosen]
    cites = [RowRef(_TABLE[kind], {**key_dict(key), "driver": d}).as_dict() for d in chosen]
    if kind == "stints":
        from f1core.charts.strategy import strategy_figure
        from f1core.facts.stints import tyre_sets

        stints = store.query_df(_SELECT.format(table="stints"), params)
        if stints.empty:
            raise NoData(f"No stints are stored for {key}.")
        return _validated(strategy_figure(tyre_sets(store, key, stints), chosen)), cites
    if kind == "gaps":
        return _validated(_gaps_figure(store, key, chosen)), cites
    from f1core.analysis.laps import flag_laps
    from f1core.charts.laps import lap_time_figure

    laps = store.query_df(_SELECT.format(table="laps"), params)
    if laps.empty:
        raise NoData(f"No laps are stored for {key}.")
    drivers_df = store.query_df(
        "SELECT driver, team, team_color FROM drivers WHERE year = ? AND round = ? "
        "AND session_code = ? AND list_contains(?, driver)",
        params,
    )
    return _validated(lap_time_figure(flag_laps(laps), driver_styles(drivers_df))), cites


def _gaps_figure(store, key, chosen: list[str]):
    """Gap of the chosen drivers to the leader after every lap (all laps: the leader is known)."""
    from f1core.analysis.race_control import status_periods
    from f1core.analysis.race_trace import race_trace
    from f1core.charts.colors import driver_styles
    from f1core.charts.positions import race_trace_figure

    where = [key.year, key.round, key.session_code]
    laps = store.query_df(
        "SELECT * FROM laps WHERE year = ? AND round = ? AND session_code = ?", where
    )
    if laps.empty or laps["lap_end_s"].isna().all():
        raise NoData(f"No laps are stored for {key}.")
    trace = race_trace(laps)
    trace = trace[trace["driver"].isin(chosen)]
    trace = trace.set_index("driver").loc[[d for d in chosen if d in set(trace.driver)]]
    status = store.query_df(
        "SELECT * FROM track_status WHERE year = ? AND round = ? AND session_code = ?", where
    )
    drivers_df = store.query_df(
        "SELECT driver, team, team_color FROM drivers WHERE year = ? AND round = ? "
        "AND session_code = ?",
        where,
    )
    periods = status_periods(status, laps) if len(status) else None
    return race_trace_figure(trace.reset_index(), driver_styles(drivers_df), periods=periods)


def _validated(figure) -> go.Figure:
    """The figure through plotly's validation: axis and legend titles become ``{"text": ...}``.

    The app's charts are built unvalidated for speed, which leaves a title as a bare string;
    the browser's plotly.js (v3 and later) ignores those, so the axes had no titles.
    """
    return go.Figure(figure.to_dict())
