"""The tile registry: which chart or table of which page can be pinned, and how to build it.

One list (:data:`KINDS`). A kind names the page and the download key the chart or table
already has there (:func:`f1core.ui.export.download_buttons`), so the pin action needs no
change in the pages; its builder reuses the page's analysis and chart functions and reads
only the store and the pinned URL parameters. ``follows_clock`` kinds show the session as
known at the shared replay clock's lap when the clock replays that session.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from f1core.dashboards import history_tiles as ht
from f1core.dashboards import session_tiles as st_
from f1core.dashboards import telemetry_tiles as tt
from f1core.dashboards.view import TileView, drivers_param, session_key
from f1core.errors import SessionNotInStore
from f1core.store import SessionKey, Store

Builder = Callable[[Store, Mapping[str, str], "int | None"], TileView]


@dataclass(frozen=True)
class TileKind:
    """A pinnable chart or table."""

    id: str
    page: str  # script, as in f1core.ui.nav.PAGES
    download_key: str  # the key its page gives download_buttons
    label: str
    build: Builder
    per_session: bool = True  # names a session (year/round/session) of the store
    follows_clock: bool = False


def _session(fn) -> Builder:
    """A Session-page builder, fed with the session's data as known at the clock's lap."""

    def build(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
        return fn(store, st_.load_session_data(store, params, up_to), params)

    return build


_SESSION = "pages/10_Session.py"
_SEASON, _TELEMETRY = "pages/70_Season.py", "pages/20_Telemetry.py"
_DRIVER, _TEAM, _CIRCUIT = "pages/71_Driver.py", "pages/72_Team.py", "pages/73_Circuit.py"

KINDS: dict[str, TileKind] = {
    k.id: k
    for k in (
        TileKind("session.results", _SESSION, "dl_results", "Results", _session(st_.results),
                 follows_clock=True),
        TileKind("session.lap_times", _SESSION, "dl_lap_times", "Lap times",
                 _session(st_.lap_times), follows_clock=True),
        TileKind("session.positions", _SESSION, "dl_positions", "Positions",
                 _session(st_.lap_positions), follows_clock=True),
        TileKind("session.race_trace", _SESSION, "dl_race_trace", "Race trace",
                 _session(st_.trace), follows_clock=True),
        TileKind("session.strategy", _SESSION, "dl_strategy", "Tyre strategy",
                 _session(st_.tyre_strategy), follows_clock=True),
        TileKind("session.driver_pace", _SESSION, "dl_driver_pace", "Driver pace",
                 _session(st_.driver_pace), follows_clock=True),
        TileKind("session.team_ranking", _SESSION, "dl_team_ranking", "Team pace ranking",
                 _session(st_.team_ranking), follows_clock=True),
        TileKind("session.ideal_laps", _SESSION, "dl_ideal_laps", "Ideal laps",
                 _session(st_.ideal_laps), follows_clock=True),
        TileKind("session.speed_traps", _SESSION, "dl_speed_traps", "Speed traps",
                 _session(st_.speed_traps), follows_clock=True),
        TileKind("session.weather", _SESSION, "dl_weather", "Weather",
                 _session(st_.track_weather), follows_clock=True),
        TileKind("session.track_limits", _SESSION, "dl_track_limits", "Track-limit deletions",
                 _session(st_.track_limits), follows_clock=True),
        TileKind("session.team_pace", _SESSION, "dl_team_pace", "Team pace",
                 _session(st_.team_pace), follows_clock=True),
        TileKind("session.pace_vs_temp", _SESSION, "dl_pace_vs_temp", "Pace vs track temperature",
                 _session(st_.pace_vs_temperature), follows_clock=True),
        TileKind("session.neutralised", _SESSION, "dl_rc_periods", "SC, VSC and red flags",
                 _session(st_.neutralised_periods), follows_clock=True),
        TileKind("session.race_control", _SESSION, "dl_race_control", "Race control",
                 _session(st_.race_control_feed), follows_clock=True),
        TileKind("session.long_runs", _SESSION, "dl_long_runs", "Long runs",
                 _session(st_.long_run_pace), follows_clock=True),
        TileKind("telemetry.overlay", _TELEMETRY, "dl_overlay", "Telemetry",
                 tt.telemetry_overlay, follows_clock=True),
        TileKind("telemetry.track_map", _TELEMETRY, "dl_track_map", "Track map", tt.track_map,
                 follows_clock=True),
        TileKind("telemetry.minisectors", _TELEMETRY, "dl_minisectors", "Minisector dominance",
                 tt.minisector_dominance, follows_clock=True),
        TileKind("telemetry.gg", _TELEMETRY, "dl_gg", "g-g diagram", tt.gg_diagram,
                 follows_clock=True),
        TileKind("season.drivers", _SEASON, "dl_drivers", "Drivers' standings",
                 ht.driver_standings, per_session=False),
        TileKind("season.constructors", _SEASON, "dl_cons", "Constructors' standings",
                 ht.constructor_standings, per_session=False),
        TileKind("season.points", _SEASON, "dl_heat", "Points per round", ht.points_heatmap,
                 per_session=False),
        TileKind("season.calendar", _SEASON, "dl_calendar", "Calendar", ht.season_calendar,
                 per_session=False),
        TileKind("season.title", _SEASON, "dl_title", "Title race", ht.title_race,
                 per_session=False),
        TileKind("driver.seasons", _DRIVER, "dl_seasons", "Points per season",
                 ht.driver_seasons, per_session=False),
        TileKind("driver.retirements", _DRIVER, "dl_dnfs", "Retirements", ht.driver_retirements,
                 per_session=False),
        TileKind("driver.teammates", _DRIVER, "dl_mates", "Teammates", ht.driver_teammates,
                 per_session=False),
        TileKind("driver.circuits", _DRIVER, "dl_circuits", "Best circuits", ht.driver_circuits,
                 per_session=False),
        TileKind("team.history", _TEAM, "dl_team_seasons", "Team points per season",
                 ht.team_history, per_session=False),
        TileKind("team.drivers", _TEAM, "dl_team_drivers", "Team drivers", ht.team_drivers,
                 per_session=False),
        TileKind("team.pit_stops", _TEAM, "dl_team_stops", "DHL pit stops", ht.team_pit_stops,
                 per_session=False),
        TileKind("team.reliability", _TEAM, "dl_team_rel", "Reliability", ht.team_reliability,
                 per_session=False),
        TileKind("circuit.winners", _CIRCUIT, "dl_winners", "Winners", ht.circuit_winners,
                 per_session=False),
        TileKind("circuit.grid", _CIRCUIT, "dl_grid", "Grid vs finish", ht.circuit_grid,
                 per_session=False),
        TileKind("circuit.safety_cars", _CIRCUIT, "dl_sc", "Safety cars", ht.circuit_safety_cars,
                 per_session=False),
        TileKind("circuit.strategies", _CIRCUIT, "dl_strategy", "Strategies",
                 ht.circuit_strategies, per_session=False),
        TileKind("h2h.duels", "pages/74_Head_to_head.py", "dl_h2h_duels", "Head to head",
                 ht.duel, per_session=False),
    )
}  # fmt: skip


def kind_for(page: str | None, download_key: str) -> TileKind | None:
    """The pinnable kind a page's chart or table is, or None if it cannot be pinned."""
    return next(
        (k for k in KINDS.values() if k.page == page and k.download_key == download_key), None
    )


def tile_title(kind: TileKind, params: Mapping[str, str]) -> str:
    """A short title: what the tile shows and for which session, season or driver."""
    if kind.per_session:
        try:
            where = str(session_key(params))
        except SessionNotInStore:
            where = "?"
        drivers = drivers_param(params)
        return f"{kind.label} · {where}" + (f" · {', '.join(drivers[:4])}" if drivers else "")
    if "season" in params:
        return f"{kind.label} · {params['season']}"
    if "driver" in params and "vs" in params:
        return f"{kind.label} · {params['driver']} vs {params['vs']}"
    for name in ("driver", "team", "circuit"):
        if name in params:
            return f"{kind.label} · {params[name]}"
    return kind.label


def tile_session(kind: TileKind, params: Mapping[str, str]) -> SessionKey | None:
    """The session a tile names (to follow the replay clock), or None."""
    if not kind.per_session:
        return None
    try:
        return session_key(params)
    except SessionNotInStore:
        return None


def build_tile(
    store: Store, kind_id: str, params: Mapping[str, str], *, up_to_lap: int | None = None
) -> TileView:
    """Build one tile live from the store.

    Args:
        up_to_lap: the shared replay clock's lap, for kinds that follow it (else ignored).

    Raises:
        SessionNotInStore: the tile names a session the store lacks (the message names it).
        NoData, NoLapData, HistoryNotLoaded: the store has nothing to draw.
    """
    kind = KINDS.get(kind_id)
    if kind is None:
        raise SessionNotInStore(f"This Pit Wall cannot draw tiles of kind '{kind_id}'.")
    return kind.build(store, params, up_to_lap if kind.follows_clock else None)
