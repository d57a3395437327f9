"""Tiles from the Telemetry, Season and Driver pages, fed from the store."""

from __future__ import annotations

from collections.abc import Mapping

from f1core.analysis import delta
from f1core.analysis import track_map as tm
from f1core.charts import history as history_charts
from f1core.charts import telemetry as tc
from f1core.charts.colors import driver_styles
from f1core.dashboards.view import TileView, int_param, palette_param, session_key
from f1core.errors import NoData
from f1core.history import drivers, seasons, view
from f1core.store import Store
from f1core.store import queries as q

MAX_TELEMETRY_LAPS = 8


def _lap_pairs(params: Mapping[str, str]) -> list[tuple[str, int]]:
    """``NOR L19,PIA L20`` (the Telemetry page's ``laps`` parameter) as (driver, lap) pairs."""
    pairs = []
    for label in str(params.get("laps", "")).split(","):
        driver, _, lap = label.strip().partition(" L")
        if driver and lap.isdigit():
            pairs.append((driver.upper(), int(lap)))
    return pairs[:MAX_TELEMETRY_LAPS]


def telemetry_overlay(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """Speed, throttle, brake... of the pinned laps by distance, with the delta to the first."""
    key = session_key(params)
    q.session_row(store, key)  # SessionNotInStore first, before "no telemetry"
    pairs = [p for p in _lap_pairs(params) if up_to is None or p[1] <= up_to]
    if not pairs:
        raise NoData("This tile names no lap (completed by the replay clock's lap) to show.")
    tel = q.lap_telemetry(store, key, pairs)
    if tel.empty:
        raise NoData(f"No telemetry in the store for {', '.join(tc.lap_label(*p) for p in pairs)}.")
    pairs = [p for p in pairs if ((tel["driver"] == p[0]) & (tel["lap_number"] == p[1])).any()]
    roster = q.session_drivers(store, key)
    firsts = list(dict.fromkeys(d for d, _ in pairs))
    styles = tc.lap_styles(
        pairs, driver_styles(roster, palette=palette_param(params), first=firsts)
    )
    marks = tm.corner_labels(q.session_table(store, "corners", key), 0.0)
    ref = tc.lap_label(*pairs[0])
    deltas = delta.delta_to_reference(tel, pairs[0], pairs)
    overlay = tc.overlay_frame(tc.decimate(tel))
    figure = tc.telemetry_figure(overlay, styles, delta=deltas, reference_label=ref, corners=marks)
    return TileView(figure=figure)


def _season(store: Store, params: Mapping[str, str]) -> tuple[int, int, dict]:
    years = seasons.list_seasons(store)
    if not years:
        raise NoData("The championship history is not in the store; load it from the home page.")
    year = int_param(params, "season", max(years))
    if year not in years:
        raise NoData(f"No season {year} in the history tables.")
    calendar = seasons.season_calendar(store, year)
    done = seasons.completed_rounds(calendar)
    if done == 0:
        raise NoData(f"No round of {year} has been run yet.")
    after = view.clamp_round(int_param(params, "after"), last=done, default=done)
    return year, after, {"calendar": calendar, "done": done}


def driver_standings(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """The drivers' championship after every round, up to the pinned round."""
    year, after, data = _season(store, params)
    points = seasons.round_points(store, year)
    prog = seasons.standings_progression(points, year=year, rounds=data["done"])
    prog = prog[prog["round"] <= after]
    title = f"Drivers' championship {year}, after round {after}"
    return TileView(figure=history_charts.standings_progression_figure(prog, title=title))


def constructor_standings(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """The constructors' championship after every round, up to the pinned round."""
    year, after, _ = _season(store, params)
    cons = seasons.constructor_standings(store, year)
    cons = cons[cons["round"] <= after]
    if cons.empty:
        raise NoData(f"No constructors' championship in {year} (it began in 1958).")
    title = f"Constructors' championship {year}, after round {after}"
    return TileView(figure=history_charts.standings_progression_figure(cons, title=title))


def points_heatmap(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """Points per driver and round, up to the pinned round."""
    year, after, data = _season(store, params)
    points = seasons.round_points(store, year)
    matrix = seasons.points_matrix(points, data["done"]).loc[:, :after]
    labels = dict(zip(points["driver_id"], points["name"], strict=False))
    title = f"Points per round {year}"
    return TileView(figure=history_charts.points_heatmap_figure(matrix, labels, title=title))


def season_calendar(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """The season's calendar and winners."""
    _, _, data = _season(store, params)
    return TileView(table=data["calendar"].drop(columns=["winner_id", "circuit_id"]))


def driver_seasons(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """A driver's points per season."""
    driver_id = str(params.get("driver") or "lewis-hamilton")
    by_season = drivers.results_by_season(store, driver_id)
    if by_season.empty:
        raise NoData(f"No career in the history tables for '{driver_id}'.")
    title = f"{driver_id}: points per season"
    return TileView(figure=history_charts.season_results_figure(by_season, title=title))
