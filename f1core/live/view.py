"""Plain-text pieces of the Live page (banner, weather, free-feed note, URL state); no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from f1core.live.clock import MAX_SPEED, MIN_SPEED
from f1core.live.messages import format_clock
from f1core.live.state import FINISHED_STATUSES, TowerState
from f1core.live.tower import FREE_FEED_MISSING
from f1core.store import SessionKey

#: Track-status banner colours (background, text).
FLAG_STYLES: dict[str, tuple[str, str]] = {
    "GREEN": ("#1E8E3E", "#FFFFFF"),
    "YELLOW": ("#F2D43B", "#15151E"),
    "SC": ("#F29F05", "#15151E"),
    "VSC": ("#F29F05", "#15151E"),
    "VSC ENDING": ("#F2D43B", "#15151E"),
    "RED": ("#E10600", "#FFFFFF"),
    "UNKNOWN": ("#3A3A45", "#F0F0F0"),
}
STALE_AFTER_S = 5.0
Source = Literal["kit", "store", "live"]
SOURCES: tuple[Source, ...] = ("kit", "store", "live")
SOURCE_LABELS = {
    "kit": "Recorded stream",
    "store": "Stored session",
    "live": "Live file (recorder)",
}
#: URL parameters each source uses of its own (the shared session picker's are not listed).
SOURCE_PARAMS: dict[str, tuple[str, ...]] = {
    "kit": ("recording", "t", "speed"),
    "store": ("t", "speed"),
    "live": (),
}


NO_COMMENTARY = (
    "Commentary and battles follow a race in the store: this stream's session is not stored "
    "(load it on the home page), or the source carries no session."
)


def stored_key(key_text: str | None, sessions) -> SessionKey | None:
    """The replayed session's key when the store holds it (``sessions``: the stored list)."""
    if not key_text:
        return None
    key = SessionKey.parse(key_text)
    held = sessions[(sessions["year"] == key.year) & (sessions["round"] == key.round)
                    & (sessions["session_code"] == key.session_code)]  # fmt: skip
    return key if len(held) else None


def battle_lap(state: TowerState) -> int | None:
    """The lap whose battles are worth a forecast, or ``None``.

    Battles are read at the end of the last completed lap, once two are complete (a gap
    trend needs them), and not after the chequered flag: no lap is left to pass on.
    """
    if state.completed_laps < 2 or state.session_status in FINISHED_STATUSES:
        return None
    return state.completed_laps


def banner_text(summary: dict) -> str:
    """``"LAP 12/18 · SC · 01:23:45.000"``."""
    lap = f"LAP {summary['lap'] or '-'}/{summary['total_laps'] or '-'}"
    return f"{lap} · {summary['track_flag']} · {format_clock(summary['t_s'])}"


def weather_text(summary: dict) -> str:
    """One line of weather, or a note that the source carries none."""
    if summary["air_temp_c"] is None and summary["track_temp_c"] is None:
        return "No weather in this source"
    rain = " · rain" if summary["rainfall"] else ""
    return f"Air {summary['air_temp_c']:.1f} °C · Track {summary['track_temp_c']:.1f} °C{rain}"


#: Why a source lacks car data and positions: the live feed (recorded or followed) is the
#: free one, which dropped them in 2025; a stored replay draws them from stored telemetry.
NO_CAR_DATA_WHY: dict[str, str] = {
    "kit": "Not in this feed (car data and positions need an F1TV sign-in)",
    "live": "Not in this feed (car data and positions need an F1TV sign-in)",
    "store": "Not in this replay (the store has no car telemetry for this session)",
}


def free_feed_note(state: TowerState, *, source: Source = "kit") -> str | None:
    """What this stream lacks, and why, if it has no car data and no positions.

    Args:
        state: the tower state shown.
        source: where the stream comes from (:data:`SOURCES`): the reason differs.
    """
    if state.car or state.positions:
        return None
    return f"{NO_CAR_DATA_WHY[source]}: {', '.join(FREE_FEED_MISSING)}."


def feed_notes(state: TowerState, *, source: Source = "kit") -> list[str]:
    """Every plain-language note about what this stream does not carry (``source``: as above)."""
    notes = []
    if not state.timing and state.drivers:
        notes.append(
            "This recording has no TimingData: the order comes from DriverList, "
            "with no gaps, lap or sector times."
        )
    if (free := free_feed_note(state, source=source)) is not None:
        notes.append(free)
    return notes


def stream_note(stats) -> str | None:
    """What the reader skipped or found missing in a recording, or ``None`` if nothing."""
    if not (stats.skipped or stats.gaps):
        return None
    return (
        f"Skipped {stats.skipped} unreadable lines; {stats.gaps} silences over 2 min in the stream."
    )


def stale_text(silent_for_s: float | None) -> str | None:
    """``"no data for N s"`` once a live source has been silent past ``STALE_AFTER_S``."""
    if silent_for_s is None:
        return "Waiting for the first data from the live file."
    if silent_for_s >= STALE_AFTER_S:
        return f"No data for {silent_for_s:.0f} s: the recorder may have stopped."
    return None


@dataclass(frozen=True)
class LiveView:
    """The Live page's shareable URL state."""

    source: str = "kit"
    recording: str = ""
    t_s: float | None = None
    speed: float = 10.0


def parse_view(params: dict, *, default_source: str = "kit") -> LiveView:
    """``st.query_params`` -> :class:`LiveView`; junk values fall back to defaults.

    ``default_source`` is used when the URL names none (the page passes ``store`` when
    there are no recordings, e.g. on a clean checkout with only the data pack).
    """
    source = params.get("source", default_source)
    source = source if source in SOURCES else default_source
    try:
        t_s = float(params["t"]) if "t" in params else None
    except ValueError:
        t_s = None
    try:
        speed = min(max(float(params.get("speed", 10.0)), MIN_SPEED), MAX_SPEED)
    except ValueError:
        speed = 10.0
    return LiveView(source=source, recording=str(params.get("recording", "")), t_s=t_s, speed=speed)


def view_params(view: LiveView) -> dict[str, str]:
    """:class:`LiveView` -> query-parameter strings."""
    out = {"source": view.source, "speed": f"{view.speed:g}"}
    if view.recording:
        out["recording"] = view.recording
    if view.t_s is not None:
        out["t"] = f"{view.t_s:.0f}"
    return out


def foreign_params(source: str) -> list[str]:
    """URL parameters of the other sources that mean nothing for ``source`` (to drop)."""
    every = {name for names in SOURCE_PARAMS.values() for name in names}
    return sorted(every - set(SOURCE_PARAMS.get(source, ())))


def switch_view(view: LiveView, source: str) -> tuple[LiveView, bool]:
    """The view for the picked ``source`` and whether the user just switched to it.

    The URL names the source shown on the last run; a different pick is a switch, and a
    switch starts the new source afresh: no time or recording carried over from the other.
    """
    if view.source == source:
        return view, False
    return LiveView(source=source, speed=view.speed), True
