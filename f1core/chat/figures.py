"""Charts the chat shows under an answer: the app's own figures, fed from the store."""

from __future__ import annotations

from f1core.chat.facts import RowRef, key_dict
from f1core.errors import NoData

CHART_KINDS = ("lap_times", "stints")
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
        kind: ``lap_times`` (lap-time lines) or ``stints`` (tyre strategy bars).
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
    cites = [RowRef("laps" if kind == "lap_times" else "stints", {**key_dict(key), "driver": d}).as_dict()
             for d in chosen]  # fmt: skip
    if kind == "stints":
        from f1core.charts.strategy import strategy_figure

        stints = store.query_df(_SELECT.format(table="stints"), params)
        if stints.empty:
            raise NoData(f"No stints are stored for {key}.")
        return strategy_figure(stints, chosen), cites
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
    return lap_time_figure(flag_laps(laps), driver_styles(drivers_df)), cites
