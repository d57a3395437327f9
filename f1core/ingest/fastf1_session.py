"""Find and load FastF1 sessions (online or from a FastF1 cache) as store frames.

FastF1 keeps one global cache configuration and is not thread-safe, so every FastF1 call
here runs under one process-wide lock; the cache is configured once per directory, and
every FastF1 HTTP request is bounded by a timeout (:mod:`f1core.ingest.fastf1_http`).
"""

from __future__ import annotations

import difflib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from f1core.config import DEFAULT_FASTF1_TIMEOUT_S
from f1core.errors import DataSourceUnavailable, NoLapData, SessionNotFound
from f1core.ingest.convert import (
    SESSION_CODE_BY_NAME,
    SESSION_NAME_BY_CODE,
    convert_drivers,
    convert_laps,
    convert_race_control,
    convert_results,
    convert_track_status,
    convert_weather,
    derive_pit_stops,
    derive_stints,
)
from f1core.ingest.fastf1_http import (
    bound_fastf1_requests,
    fastf1_timeouts,
    give_up_after_timeout,
)
from f1core.ingest.telemetry import convert_corners, telemetry_from_channels
from f1core.store.schema import SESSION_CODES
from f1core.store.writes import SessionKey

FASTF1_LOCK = threading.RLock()
_configured: dict[str, object] = {}
FIRST_SEASON_WITH_TIMING = 2018


def configure_fastf1(
    cache_dir: Path,
    *,
    offline: bool,
    log_level: str = "ERROR",
    timeout_s: float = DEFAULT_FASTF1_TIMEOUT_S,
) -> None:
    """Point FastF1 at ``cache_dir``, switch its offline mode, bound its requests.

    All of it is global FastF1 state. ``timeout_s`` is the connect and read timeout of
    every HTTP request FastF1 sends (``Settings.fastf1_timeout_s``).
    """
    import fastf1

    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    with FASTF1_LOCK:
        if _configured.get("dir") != str(cache_dir):
            fastf1.Cache.configure(cache_dir=str(cache_dir))
            _configured["dir"] = str(cache_dir)
        fastf1.Cache.offline_mode(offline)
        fastf1.set_log_level(log_level)
        bound_fastf1_requests(timeout_s)  # after configure: it builds a new HTTP session
        _configured["offline"] = offline
        _configured["timeout_s"] = timeout_s


def event_schedule(year: int) -> pd.DataFrame:
    """FastF1's event schedule for a season (testing events dropped).

    Raises:
        SessionNotFound: the year has no schedule (outside what FastF1 knows).
        DataSourceUnavailable: the schedule is neither cached nor reachable.
    """
    import fastf1

    if year < FIRST_SEASON_WITH_TIMING:
        raise SessionNotFound(
            f"No FastF1 timing data before {FIRST_SEASON_WITH_TIMING} (asked for {year}). "
            "Older seasons are in the history pages.",
            suggestions=[str(FIRST_SEASON_WITH_TIMING)],
        )
    with FASTF1_LOCK:
        try:
            schedule = fastf1.get_event_schedule(year, include_testing=False)
        except Exception:  # FastF1 raises ValueError or network errors when it finds nothing
            schedule = None
    if schedule is None or schedule.empty:
        this_year = pd.Timestamp.now().year
        if year > this_year + 1:
            raise SessionNotFound(
                f"No season {year} yet (latest: {this_year}).", suggestions=[str(this_year)]
            )
        where = (
            "offline mode is on" if _configured.get("offline") else "no schedule source answered"
        )
        raise DataSourceUnavailable(
            f"The {year} event schedule is not in the FastF1 cache and {where}."
        )
    return schedule


def _event_names(schedule: pd.DataFrame) -> list[str]:
    return schedule["EventName"].astype(str).tolist()


def find_event(schedule: pd.DataFrame, event: str | int) -> pd.Series:
    """Pick one event by round number, name, country or location (no fuzzy guessing).

    Raises:
        SessionNotFound: nothing matches; ``suggestions`` holds the closest event names.
    """
    year = int(schedule["EventDate"].iloc[0].year) if len(schedule) else 0
    if isinstance(event, int) or str(event).strip().isdigit():
        rnd = int(event)
        hit = schedule[schedule["RoundNumber"] == rnd]
        if len(hit):
            return hit.iloc[0]
        raise SessionNotFound(
            f"{year} has no round {rnd} (rounds 1-{int(schedule['RoundNumber'].max())}).",
            suggestions=_event_names(schedule),
        )
    wanted = str(event).strip().lower()
    for col in ("EventName", "Country", "Location", "OfficialEventName"):
        values = schedule[col].astype(str).str.lower()
        exact = schedule[values == wanted]
        if len(exact) == 1:
            return exact.iloc[0]
    for col in ("EventName", "Country", "Location"):
        values = schedule[col].astype(str).str.lower()
        part = schedule[values.str.contains(wanted, regex=False)] if wanted else schedule[[]]
        if len(part) == 1:
            return part.iloc[0]
    candidates = {
        str(v): name
        for col in ("EventName", "Country", "Location")
        for v, name in zip(schedule[col], schedule["EventName"], strict=True)
    }
    close = difflib.get_close_matches(str(event), list(candidates), n=3, cutoff=0.4)
    suggestions = list(dict.fromkeys(candidates[c] for c in close)) or _event_names(schedule)[:5]
    raise SessionNotFound(
        f"No {year} event matches '{event}'. Closest: {', '.join(suggestions)}.",
        suggestions=suggestions,
    )


def session_code_for(session: str) -> str:
    """Accept ``R``, ``race``, ``Practice 1`` ... and return the session code."""
    text = str(session).strip()
    if text.upper() in SESSION_CODES:
        return text.upper()
    by_name = {name.lower(): code for name, code in SESSION_CODE_BY_NAME.items()}
    if text.lower() in by_name:
        return by_name[text.lower()]
    raise SessionNotFound(
        f"Unknown session '{session}'. Use one of {', '.join(SESSION_CODES)}.",
        suggestions=list(SESSION_CODES),
    )


def event_sessions(event: pd.Series) -> dict[str, str]:
    """Session code -> FastF1 session name for the sessions an event has."""
    names = [event.get(f"Session{i}") for i in range(1, 6)]
    return {SESSION_CODE_BY_NAME[n]: n for n in names if n in SESSION_CODE_BY_NAME}


@dataclass
class SessionFrames:
    """One session converted to store frames, plus what was missing."""

    key: SessionKey
    frames: dict[str, pd.DataFrame]
    notes: list[str] = field(default_factory=list)


def resolve_session(year: int, event: str | int, session: str) -> tuple[pd.Series, str]:
    """Validate a (year, event, session) triple against the schedule.

    Returns:
        The schedule row of the event and the session code.
    """
    schedule = event_schedule(int(year))
    row = find_event(schedule, event)
    code = session_code_for(session)
    available = event_sessions(row)
    if code not in available:
        raise SessionNotFound(
            f"{row['EventName']} {year} has no {SESSION_NAME_BY_CODE.get(code, code)} session. "
            f"It has: {', '.join(available)}.",
            suggestions=list(available),
        )
    return row, code


def _safe(getter):
    try:
        return getter()
    except Exception:  # FastF1 raises DataNotLoadedError or KeyError for a missing part
        return None


def _channels(session, laps: pd.DataFrame) -> pd.DataFrame:
    """Telemetry from FastF1 car/position data where it was loaded (online sessions)."""
    car_data = _safe(lambda: session.car_data) or {}
    pos_data = _safe(lambda: session.pos_data) or {}
    parts = []
    for number, car in car_data.items():
        abbr = _safe(lambda n=number: session.get_driver(n)["Abbreviation"])
        if abbr is None or car is None or car.empty:
            continue
        car_frame = pd.DataFrame(
            {
                "session_time_s": car["SessionTime"].dt.total_seconds(),
                "speed_kph": car["Speed"].astype(float),
                "rpm": car["RPM"].astype(float),
                "gear": car["nGear"],
                "throttle": car["Throttle"].astype(float),
                "brake": car["Brake"].astype(bool),
                "drs": car["DRS"],
            }
        )
        pos = pos_data.get(number)
        pos_frame = None
        if pos is not None and not pos.empty:
            pos_frame = pd.DataFrame(
                {
                    "session_time_s": pos["SessionTime"].dt.total_seconds(),
                    "x": pos["X"].astype(float),
                    "y": pos["Y"].astype(float),
                    "z": pos["Z"].astype(float),
                }
            )
        drv_laps = laps[laps["driver"] == abbr]
        parts.append(telemetry_from_channels(car_frame, pos_frame, drv_laps, driver=abbr))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def load_session_frames(
    year: int, event: str | int, session: str, *, telemetry: bool = False
) -> SessionFrames:
    """Load one session with FastF1 (as configured by :func:`configure_fastf1`).

    Raises:
        SessionNotFound: unknown year, event or session (nothing is loaded).
        DataSourceUnavailable: FastF1 could not get the session's timing data, or one of
            its requests timed out (what did load may be incomplete, so none of it is kept).
        NoLapData: the session loaded but has no laps.
    """
    import fastf1
    from fastf1.req import RateLimitExceededError

    row, code = resolve_session(year, event, session)
    key = SessionKey(int(year), int(row["RoundNumber"]), code)
    with FASTF1_LOCK:
        ff1 = fastf1.get_session(int(year), int(row["RoundNumber"]), SESSION_NAME_BY_CODE[code])
        timeouts_before = fastf1_timeouts()
        try:
            with give_up_after_timeout():
                ff1.load(laps=True, telemetry=telemetry, weather=True, messages=True)
        except RateLimitExceededError:
            raise DataSourceUnavailable(
                "The F1 data API rate limit was reached; try again in a few minutes."
            ) from None
        laps_raw = _safe(lambda: ff1.laps)
        if fastf1_timeouts() > timeouts_before:  # whatever did load may be incomplete
            raise DataSourceUnavailable(
                f"FastF1 could not load timing data for {year} {row['EventName']} "
                f"{SESSION_NAME_BY_CODE[code]}: the F1 live-timing API could not be reached "
                f"(it gave no answer within {_configured['timeout_s']:g} s)."
            )
        if laps_raw is None:
            where = (
                "offline mode is on"
                if _configured.get("offline")
                else (
                    "the F1 live-timing API could not be reached (no network, not published yet, "
                    "or rate limited)"
                )
            )
            raise DataSourceUnavailable(
                f"FastF1 could not load timing data for {year} {row['EventName']} "
                f"{SESSION_NAME_BY_CODE[code]}: it is not in the FastF1 cache and {where}."
            )
        laps = convert_laps(laps_raw)
        if laps.empty:
            raise NoLapData(f"{year} {row['EventName']} {SESSION_NAME_BY_CODE[code]} has no laps.")
        results_raw = _safe(lambda: ff1.results)
        info = _safe(lambda: ff1.session_info) or {}
        frames = {
            "laps": laps,
            "stints": derive_stints(laps),
            "pit_stops": derive_pit_stops(laps),
            "drivers": convert_drivers(results_raw),
            "results": convert_results(results_raw, session_code=code),
            "weather": convert_weather(_safe(lambda: ff1.weather_data)),
            "race_control": convert_race_control(_safe(lambda: ff1.race_control_messages)),
            "track_status": convert_track_status(_safe(lambda: ff1.track_status)),
        }
        if telemetry:
            frames["telemetry"] = _channels(ff1, laps)
            corners = _safe(lambda: ff1.get_circuit_info())
            if corners is not None:
                frames["corners"] = convert_corners(corners.corners, rotation_deg=corners.rotation)
        total_laps = _safe(lambda: ff1.total_laps)
        start = _safe(lambda: ff1.date)
    notes = []
    if frames["results"].empty or frames["results"]["position"].isna().all():
        notes.append("no official classification")
    for table, what in (("weather", "weather"), ("race_control", "race control messages")):
        if frames[table].empty:
            notes.append(f"no {what}")
    res = frames["results"]
    if not res.empty and code in {"R", "S"} and res["points"].isna().all():
        notes.append("finishing order from timing only, not the official classification")
    circuit = ((info.get("Meeting") or {}).get("Circuit") or {}).get("ShortName")
    frames["sessions"] = pd.DataFrame(
        [
            {
                "event_name": row["EventName"],
                "country": row["Country"],
                "location": row["Location"],
                "circuit": circuit or row["Location"],
                "session_name": SESSION_NAME_BY_CODE[code],
                "session_start_utc": pd.Timestamp(start) if start is not None else None,
                "total_laps": int(total_laps) if total_laps and code in {"R", "S"} else None,
                "has_laps": True,
                "has_results": not frames["results"].empty
                and frames["results"]["position"].notna().any(),
                "has_telemetry": bool(
                    frames.get("telemetry") is not None and not frames["telemetry"].empty
                ),
                "has_weather": not frames["weather"].empty,
                "has_race_control": not frames["race_control"].empty,
                "source": "fastf1",
                "notes": "; ".join(notes) or None,
                "loaded_at": pd.Timestamp.now(tz="UTC").tz_localize(None),
            }
        ]
    )
    return SessionFrames(key=key, frames=frames, notes=notes)


def season_events(year: int) -> pd.DataFrame:
    """A season's events as a plain frame: ``round, event_name, country, sessions``.

    ``sessions`` is the list of session codes the event has. FastF1 must be configured
    (:func:`configure_fastf1`) first; raises like :func:`event_schedule`.
    """
    schedule = event_schedule(int(year))
    return pd.DataFrame(
        {
            "round": schedule["RoundNumber"].astype(int).to_numpy(),
            "event_name": schedule["EventName"].astype(str).to_numpy(),
            "country": schedule["Country"].astype(str).to_numpy(),
            "sessions": [list(event_sessions(row)) for _, row in schedule.iterrows()],
        }
    )
