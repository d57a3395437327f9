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

from f1core.dashboards import other_tiles as ot
from f1core.dashboards import session_tiles as st_
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
_SEASON = "pages/70_Season.py"

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
        TileKind("telemetry.overlay", "pages/20_Telemetry.py", "dl_overlay", "Telemetry",
                 ot.telemetry_overlay, follows_clock=True),
        TileKind("season.drivers", _SEASON, "dl_drivers", "Drivers' standings",
                 ot.driver_standings, per_session=False),
        TileKind("season.constructors", _SEASON, "dl_cons", "Constructors' standings",
                 ot.constructor_standings, per_session=False),
        TileKind("season.points", _SEASON, "dl_heat", "Points per round", ot.points_heatmap,
                 per_session=False),
        TileKind("season.calendar", _SEASON, "dl_calendar", "Calendar", ot.season_calendar,
                 per_session=False),
        TileKind("driver.seasons", "pages/71_Driver.py", "dl_seasons", "Points per season",
                 ot.driver_seasons, per_session=False),
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
    if "driver" in params:
        return f"{kind.label} · {params['driver']}"
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
