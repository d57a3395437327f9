"""Tiles from the history pages (Season, Driver, Team, Circuit, Head to head), from the store."""

from __future__ import annotations

from collections.abc import Mapping

from f1core.charts import history as history_charts
from f1core.dashboards.view import TileView, int_param
from f1core.errors import NoData
from f1core.history import circuits, drivers, head_to_head, seasons, teams, title, view
from f1core.history.points import points_system
from f1core.store import Store


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


def title_race(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """Who could still win the drivers' title after the pinned round."""
    year, after, data = _season(store, params)
    cal = data["calendar"]
    table = title.title_contenders(
        seasons.round_points(store, year), system=points_system(year), after_round=after,
        total_rounds=len(cal), sprint_rounds=set(cal.loc[cal["has_sprint"], "round"]),
    )  # fmt: skip
    figure = history_charts.title_chances_figure(table, title=f"{year} after round {after}")
    return TileView(figure=figure, notes=[title.POLICY_NOTE])


def _driver(params: Mapping[str, str]) -> str:
    return str(params.get("driver") or "lewis-hamilton")


def driver_retirements(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """A driver's retirements by cause."""
    dnfs = drivers.dnf_causes(store, _driver(params))
    figure = history_charts.bar_figure(dnfs, "cause", "dnfs", title="Retirements by cause",
                                       horizontal=True)  # fmt: skip
    return TileView(figure=figure)


def driver_teammates(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """A driver against their team-mates, races per season."""
    mates = head_to_head.teammate_head_to_head(store, _driver(params))
    figure = history_charts.duel_figure(mates, ahead="race_ahead", behind="race_behind",
                                        names=(_driver(params), "teammates"),
                                        title="Teammate head-to-head (race)")  # fmt: skip
    return TileView(figure=figure)


def driver_circuits(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """A driver's best circuits."""
    return TileView(table=drivers.best_circuits(store, _driver(params)))


def _team(params: Mapping[str, str]) -> str:
    return str(params.get("team") or "ferrari")


def team_history(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """A team's points per season."""
    by_season = teams.team_seasons(store, _team(params))
    if by_season.empty:
        raise NoData(f"No race entries for '{_team(params)}' in the history tables.")
    figure = history_charts.season_results_figure(by_season, title="Points per season")
    return TileView(figure=figure)


def team_drivers(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """A team's drivers over time."""
    frame = teams.team_drivers(store, _team(params))
    return TileView(figure=history_charts.team_drivers_figure(frame, title="Drivers over time"))


def team_pit_stops(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """A team's DHL stationary times."""
    stops = teams.pit_stops(store, _team(params))
    if stops.empty:
        raise NoData("No DHL pit-stop times for this team (DHL timed stops from 2018).")
    return TileView(figure=history_charts.pit_stop_figure(stops, title="DHL stationary times"))


def team_reliability(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """A team's finishes and retirements per season."""
    rel = teams.reliability(store, _team(params))
    return TileView(figure=history_charts.reliability_figure(rel, title="Reliability"))


def _circuit(params: Mapping[str, str]) -> str:
    return str(params.get("circuit") or "monza")


def circuit_winners(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """Every winner at a circuit."""
    winners = circuits.circuit_winners(store, _circuit(params))
    return TileView(table=winners.drop(columns="winner_id"))


def circuit_grid(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """Grid slot against finishing position at a circuit."""
    grid = circuits.grid_vs_finish(store, _circuit(params))
    figure = history_charts.grid_finish_figure(grid, title="Grid slot vs finishing position")
    return TileView(figure=figure)


def circuit_safety_cars(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """Safety-car deployments per race at a circuit."""
    sc = circuits.safety_cars(store, _circuit(params))
    figure = history_charts.bar_figure(sc, "year", "deployments",
                                       title="Safety-car deployments per race")  # fmt: skip
    return TileView(figure=figure)


def circuit_strategies(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """Pit stops of classified finishers at a circuit."""
    strategy = circuits.strategies(store, _circuit(params))
    figure = history_charts.strategies_figure(strategy,
                                              title="Pit stops of classified finishers")  # fmt: skip
    return TileView(figure=figure)


def duel(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """Two drivers in the same races: who finished ahead, per season."""
    a = str(params.get("driver") or "max-verstappen")
    b = str(params.get("vs") or "lewis-hamilton")
    duels = head_to_head.compare_drivers(store, a, b)
    if duels.empty:
        raise NoData(f"{a} and {b} never started the same Grand Prix.")
    figure = history_charts.duel_figure(duels, ahead="a_ahead_race", behind="b_ahead_race",
                                        names=(a, b), title="Who finished ahead (race), per season")  # fmt: skip
    return TileView(figure=figure)
