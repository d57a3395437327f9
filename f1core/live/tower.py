"""Turn a :class:`~f1core.live.state.TowerState` into the timing tower's rows and feeds.

Colour policy (F1's): a sector or lap that is the session's best is ``purple``, a
driver's own best is ``green``, any other completed value is ``yellow``. Mini-sector
(segment) status codes come from the feed: 2048 yellow, 2049 green, 2051 purple,
2064 pit lane; 0 means not yet run.
"""

from __future__ import annotations

import pandas as pd

from f1core.live.state import TowerState, ordered_lines

SEGMENT_COLOURS: dict[int, str] = {
    0: "none",
    2048: "yellow",
    2049: "green",
    2051: "purple",
    2064: "pit",
}

#: Columns the free (no sign-in) live feed does not carry since mid-2025.
FREE_FEED_MISSING: tuple[str, ...] = ("drs", "speed_kph", "car positions on the track map")

DRS_OPEN_CODES = frozenset({10, 12, 14})

TOWER_COLUMNS: tuple[str, ...] = (
    "position",
    "number",
    "driver",
    "team",
    "team_color",
    "gap",
    "interval",
    "catching",
    "laps",
    "last_lap",
    "last_lap_color",
    "best_lap",
    "best_lap_s",
    "best_lap_color",
    "s1",
    "s1_color",
    "s2",
    "s2_color",
    "s3",
    "s3_color",
    "mini_sectors",
    "compound",
    "tyre_age",
    "tyre_new",
    "pit_stops",
    "status",
    "drs",
    "speed_kph",
)


def parse_lap_time(text) -> float | None:
    """``"1:40.334"`` or ``"34.500"`` -> seconds; ``None`` for empty or junk."""
    if not text or not isinstance(text, str):
        return None
    try:
        if ":" in text:
            minutes, seconds = text.split(":", 1)
            return int(minutes) * 60 + float(seconds)
        return float(text)
    except ValueError:
        return None


def timed_color(item: dict | None) -> str:
    """Colour of a sector or last-lap entry: purple, green, yellow or none."""
    if not isinstance(item, dict) or not item.get("Value"):
        return "none"
    if item.get("OverallFastest"):
        return "purple"
    if item.get("PersonalFastest"):
        return "green"
    return "yellow"


def segment_colors(sector: dict | None) -> list[str]:
    """Mini-sector colours of one sector, in track order."""
    segments = (sector or {}).get("Segments", {})
    ordered = sorted(segments.items(), key=lambda kv: int(kv[0]))
    return [SEGMENT_COLOURS.get(int(seg.get("Status", 0) or 0), "other") for _, seg in ordered]


def car_status(timing: dict) -> str:
    """``RETIRED``, ``STOPPED``, ``OUT`` (knocked out), ``PIT``, ``PIT OUT`` or ``""``."""
    if timing.get("Retired"):
        return "RETIRED"
    if timing.get("Stopped"):
        return "STOPPED"
    if timing.get("KnockedOut"):
        return "OUT"
    if timing.get("InPit"):
        return "PIT"
    if timing.get("PitOut"):
        return "PIT OUT"
    return ""


def _last_stint(app: dict) -> dict:
    stints = app.get("Stints", {})
    if not stints:
        return {}
    return stints[max(stints, key=int)]


def _value(item) -> str:
    if isinstance(item, dict):
        return str(item.get("Value", "") or "")
    return str(item or "")


def _drs(channels: dict) -> str | None:
    if not channels:
        return None
    code = channels.get("45")
    if code is None:
        return None
    return "OPEN" if int(code) in DRS_OPEN_CODES else ("ELIGIBLE" if int(code) == 8 else "")


def tower_rows(state: TowerState) -> list[dict]:
    """One dict per car in tower order with the columns of ``TOWER_COLUMNS``."""
    rows = []
    for line in ordered_lines(state):
        number = line["number"]
        timing = state.timing.get(number, {})
        driver = state.drivers.get(number, {})
        stint = _last_stint(state.app.get(number, {}))
        sectors = timing.get("Sectors", {})
        channels = state.car.get(number, {})
        age = stint.get("TotalLaps")
        speed = channels.get("2") if channels else None
        row = {
            "position": line["position"] if line["position"] != 99 else None,
            "number": int(number) if str(number).isdigit() else None,
            "driver": line["tla"],
            "team": driver.get("TeamName", ""),
            "team_color": "#" + str(driver.get("TeamColour") or "888888"),
            "gap": _value(timing.get("GapToLeader") or timing.get("TimeDiffToFastest")),
            "interval": _value(
                timing.get("IntervalToPositionAhead") or timing.get("TimeDiffToPositionAhead")
            ),
            "catching": bool((timing.get("IntervalToPositionAhead") or {}).get("Catching", False)),
            "laps": timing.get("NumberOfLaps"),
            "last_lap": _value(timing.get("LastLapTime")),
            "last_lap_color": timed_color(timing.get("LastLapTime")),
            "best_lap": _value(timing.get("BestLapTime")),
            "best_lap_s": parse_lap_time(_value(timing.get("BestLapTime"))),
            "best_lap_color": "none",
            "mini_sectors": [segment_colors(sectors.get(str(i))) for i in range(3)],
            "compound": stint.get("Compound", ""),
            "tyre_age": int(age) if age is not None else None,
            "tyre_new": str(stint.get("New", "")).lower() == "true" if stint else None,
            "pit_stops": timing.get("NumberOfPitStops"),
            "status": car_status(timing),
            "drs": _drs(channels),
            "speed_kph": float(speed) if speed is not None else None,
        }
        for i in range(3):
            sector = sectors.get(str(i), {})
            # a sector not yet run this lap shows last lap's time, uncoloured, as F1 does
            row[f"s{i + 1}"] = _value(sector) or str(sector.get("PreviousValue", "") or "")
            row[f"s{i + 1}_color"] = timed_color(sector)
        rows.append(row)
    _colour_best_laps(rows)
    return rows


def _colour_best_laps(rows: list[dict]) -> None:
    times = [r["best_lap_s"] for r in rows if r["best_lap_s"] is not None]
    fastest = min(times) if times else None
    for row in rows:
        if row["best_lap_s"] is None:
            continue
        row["best_lap_color"] = "purple" if row["best_lap_s"] == fastest else "green"


def tower_frame(state: TowerState) -> pd.DataFrame:
    """The tower as a DataFrame (columns ``TOWER_COLUMNS``; mini-sectors as text)."""
    rows = tower_rows(state)
    frame = pd.DataFrame(rows, columns=list(TOWER_COLUMNS))
    frame["mini_sectors"] = ["|".join(",".join(s) for s in row["mini_sectors"]) for row in rows]
    for column in ("position", "number", "laps", "tyre_age", "pit_stops"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame


def race_control_frame(state: TowerState, *, newest_first: bool = True) -> pd.DataFrame:
    """The race-control feed: ``utc, lap, category, flag, scope, sector, message``."""
    columns = ["utc", "lap", "category", "flag", "scope", "sector", "message"]
    rows = [
        {
            "utc": m.get("Utc"),
            "lap": m.get("Lap"),
            "category": m.get("Category"),
            "flag": m.get("Flag") or m.get("Status"),
            "scope": m.get("Scope"),
            "sector": m.get("Sector"),
            "message": m.get("Message", ""),
        }
        for m in state.race_control
    ]
    if newest_first:
        rows.reverse()
    return pd.DataFrame(rows, columns=columns)


def session_summary(state: TowerState) -> dict:
    """Banner values: lap, total laps, track flag, session status, weather, time."""
    weather = state.weather
    meeting = state.session_info.get("Meeting", {})
    return {
        "t_s": state.t_s,
        "lap": state.current_lap,
        "total_laps": state.total_laps,
        "track_flag": state.track_flag or "UNKNOWN",
        "track_message": state.track_status.get("Message", ""),
        "session_status": state.session_status,
        "meeting": meeting.get("Name", ""),
        "session": state.session_info.get("Name", ""),
        "air_temp_c": _to_float(weather.get("AirTemp")),
        "track_temp_c": _to_float(weather.get("TrackTemp")),
        "humidity": _to_float(weather.get("Humidity")),
        "rainfall": str(weather.get("Rainfall", "")) in {"1", "true", "True"} if weather else None,
        "wind_speed": _to_float(weather.get("WindSpeed")),
    }


def car_positions(state: TowerState) -> pd.DataFrame:
    """Latest ``x, y`` per car (empty when the source carries no positions)."""
    rows = []
    for number, pos in state.positions.items():
        if pos.get("X") is None or pos.get("Y") is None or pos.get("Status") == "OffTrack":
            continue
        if car_status(state.timing.get(number, {})) in {"RETIRED", "STOPPED"}:
            continue
        driver = state.drivers.get(number, {})
        rows.append(
            {
                "number": number,
                "driver": driver.get("Tla", number),
                "team_color": "#" + str(driver.get("TeamColour") or "888888"),
                "x": float(pos["X"]),
                "y": float(pos["Y"]),
            }
        )
    return pd.DataFrame(rows, columns=["number", "driver", "team_color", "x", "y"])


def _to_float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
