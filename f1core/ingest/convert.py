"""Convert FastF1 frames to the store schema (the one boundary FastF1 objects cross).

Every function takes plain pandas frames as FastF1 returns them and gives frames with
the store's column names and units (seconds as float, km/h, metres, °C).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: FastF1 session names -> our session codes.
SESSION_CODE_BY_NAME: dict[str, str] = {
    "Practice 1": "FP1",
    "Practice 2": "FP2",
    "Practice 3": "FP3",
    "Sprint Qualifying": "SQ",
    "Sprint Shootout": "SS",
    "Sprint": "S",
    "Qualifying": "Q",
    "Race": "R",
}
SESSION_NAME_BY_CODE = {code: name for name, code in SESSION_CODE_BY_NAME.items()}

#: FastF1 track status codes -> message.
TRACK_STATUS_MESSAGES = {
    "1": "AllClear",
    "2": "Yellow",
    "4": "SCDeployed",
    "5": "Red",
    "6": "VSCDeployed",
    "7": "VSCEnding",
}


def seconds(values: pd.Series) -> pd.Series:
    """Timedelta series -> float seconds (NaT -> NaN)."""
    if pd.api.types.is_timedelta64_dtype(values):
        return values.dt.total_seconds()
    return pd.to_numeric(values, errors="coerce")


def _int(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("Int64")


def _naive_utc(values: pd.Series) -> pd.Series:
    out = pd.to_datetime(values, errors="coerce")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_convert("UTC").dt.tz_localize(None)
    return out


def convert_laps(laps: pd.DataFrame) -> pd.DataFrame:
    """FastF1 ``Laps`` -> ``laps`` table rows."""
    if laps is None or laps.empty:
        return pd.DataFrame()
    out = pd.DataFrame(
        {
            "driver": laps["Driver"].astype(str),
            "lap_number": _int(laps["LapNumber"]),
            "lap_time_s": seconds(laps["LapTime"]),
            "sector1_s": seconds(laps["Sector1Time"]),
            "sector2_s": seconds(laps["Sector2Time"]),
            "sector3_s": seconds(laps["Sector3Time"]),
            "speed_i1": laps["SpeedI1"].astype(float),
            "speed_i2": laps["SpeedI2"].astype(float),
            "speed_fl": laps["SpeedFL"].astype(float),
            "speed_st": laps["SpeedST"].astype(float),
            "compound": laps["Compound"].replace({"nan": None, "": None}),
            "tyre_life": _int(laps["TyreLife"]),
            "fresh_tyre": laps["FreshTyre"].astype("boolean"),
            "stint": _int(laps["Stint"]),
            "pit_in_s": seconds(laps["PitInTime"]),
            "pit_out_s": seconds(laps["PitOutTime"]),
            "position": _int(laps["Position"]),
            "track_status": laps["TrackStatus"].astype("string"),
            "is_accurate": laps["IsAccurate"].astype("boolean"),
            "is_personal_best": laps["IsPersonalBest"].astype("boolean"),
            "deleted": laps["Deleted"].astype("boolean"),
            "deleted_reason": laps["DeletedReason"].replace({"": None}),
            "lap_start_s": seconds(laps["LapStartTime"]),
            "lap_end_s": seconds(laps["Time"]),
            "lap_start_utc": _naive_utc(laps["LapStartDate"]),
        }
    )
    return out.dropna(subset=["lap_number"]).reset_index(drop=True)


def derive_stints(laps: pd.DataFrame) -> pd.DataFrame:
    """Stints from ``laps`` rows: one row per driver and stint."""
    if laps.empty:
        return pd.DataFrame()
    valid = laps.dropna(subset=["stint"])
    grouped = valid.sort_values("lap_number").groupby(["driver", "stint"], sort=True)
    out = grouped.agg(
        compound=("compound", "first"),
        fresh_tyre=("fresh_tyre", "first"),
        start_lap=("lap_number", "min"),
        end_lap=("lap_number", "max"),
        laps=("lap_number", "count"),
        tyre_life_start=("tyre_life", "min"),
        tyre_life_end=("tyre_life", "max"),
    )
    return out.reset_index()


def derive_pit_stops(laps: pd.DataFrame) -> pd.DataFrame:
    """Pit stops: an in-lap followed by an out-lap of the same driver.

    ``pit_lane_s`` is pit-out minus pit-in session time (the time in the pit lane between
    the timing lines), where both were measured. ``tyre_change`` is False for a pass
    through the pit lane on the same tyres (e.g. the field led through the pit lane under
    a safety car): same compound and the tyre age goes on by one lap.
    """
    cols = ["driver", "stop_number", "lap", "pit_in_s", "pit_out_s", "pit_lane_s",
            "compound_before", "compound_after", "tyre_change"]  # fmt: skip
    if laps.empty:
        return pd.DataFrame(columns=cols)
    ordered = laps.sort_values(["driver", "lap_number"])
    nxt = ordered.groupby("driver").shift(-1)
    stops = ordered.assign(
        next_lap=nxt["lap_number"],
        pit_out_s=nxt["pit_out_s"],
        compound_after=nxt["compound"],
        tyre_change=(nxt["compound"] != ordered["compound"])
        | (nxt["tyre_life"] != ordered["tyre_life"] + 1).astype("boolean").fillna(True),
    )
    stops = stops[stops["pit_in_s"].notna() & stops["next_lap"].notna()]
    stops = stops.assign(
        lap=stops["lap_number"],
        pit_lane_s=stops["pit_out_s"] - stops["pit_in_s"],
        compound_before=stops["compound"],
    )
    stops["stop_number"] = stops.groupby("driver").cumcount() + 1
    return stops[cols].reset_index(drop=True)


def convert_results(results: pd.DataFrame, *, session_code: str) -> pd.DataFrame:
    """FastF1 ``SessionResults`` -> ``results`` rows.

    FastF1 gives the winner's total race time and the others' gap to the winner in one
    ``Time`` column; we store both explicitly: ``time_s`` total, ``gap_s`` to the winner.
    """
    if results is None or results.empty:
        return pd.DataFrame()
    raw = seconds(results["Time"]).to_numpy()
    position = pd.to_numeric(results["Position"], errors="coerce").to_numpy()
    is_race = session_code in {"R", "S"}
    time_s = np.full(len(results), np.nan)
    gap_s = np.full(len(results), np.nan)
    if is_race and len(results):
        winner = np.nanargmin(np.where(np.isnan(position), np.inf, position))
        total = raw[winner]
        gap_s = np.where(np.arange(len(raw)) == winner, 0.0, raw)
        time_s = np.where(np.arange(len(raw)) == winner, total, total + raw)
    out = pd.DataFrame(
        {
            "driver": results["Abbreviation"].astype(str).to_numpy(),
            "position": _int(results["Position"]).to_numpy(),
            "classified_position": results["ClassifiedPosition"].replace({"": None}).to_numpy(),
            "grid_position": _int(results["GridPosition"]).to_numpy(),
            "status": results["Status"].replace({"": None}).to_numpy(),
            "points": pd.to_numeric(results["Points"], errors="coerce").to_numpy(),
            "time_s": time_s,
            "gap_s": gap_s,
            "q1_s": seconds(results["Q1"]).to_numpy(),
            "q2_s": seconds(results["Q2"]).to_numpy(),
            "q3_s": seconds(results["Q3"]).to_numpy(),
            "laps": _int(results["Laps"]).to_numpy(),
        }
    )
    if not is_race:
        out["grid_position"] = pd.array([pd.NA] * len(out), dtype="Int64")
    return out


def convert_drivers(results: pd.DataFrame) -> pd.DataFrame:
    """Driver list from FastF1 results (present even when there is no classification)."""
    if results is None or results.empty:
        return pd.DataFrame()
    color = results["TeamColor"].fillna("").astype(str)
    return pd.DataFrame(
        {
            "driver": results["Abbreviation"].astype(str).to_numpy(),
            "driver_number": _int(results["DriverNumber"]).to_numpy(),
            "full_name": results["FullName"].to_numpy(),
            "team": results["TeamName"].to_numpy(),
            "team_color": np.where(color.str.len() > 0, "#" + color.str.lstrip("#"), None),
        }
    )


def convert_weather(weather: pd.DataFrame | None) -> pd.DataFrame:
    """FastF1 weather data -> ``weather`` rows."""
    if weather is None or len(weather) == 0:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "time_s": seconds(weather["Time"]),
            "air_temp_c": weather["AirTemp"].astype(float),
            "track_temp_c": weather["TrackTemp"].astype(float),
            "humidity": weather["Humidity"].astype(float),
            "pressure": weather["Pressure"].astype(float),
            "rainfall": weather["Rainfall"].astype(bool),
            "wind_speed": weather["WindSpeed"].astype(float),
            "wind_direction": weather["WindDirection"].astype(float),
        }
    )


def convert_race_control(messages: pd.DataFrame | None) -> pd.DataFrame:
    """FastF1 race control messages -> ``race_control`` rows."""
    if messages is None or len(messages) == 0:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "time_utc": _naive_utc(messages["Time"]),
            "lap": _int(messages["Lap"]),
            "category": messages["Category"],
            "message": messages["Message"],
            "flag": messages["Flag"].replace({"": None}),
            "scope": messages["Scope"].replace({"": None}),
            "sector": _int(messages["Sector"]),
            "driver_number": _int(messages["RacingNumber"]),
        }
    )


def convert_track_status(status: pd.DataFrame | None) -> pd.DataFrame:
    """FastF1 track status -> ``track_status`` rows."""
    if status is None or len(status) == 0:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "time_s": seconds(status["Time"]),
            "status": status["Status"].astype(str),
            "message": status["Message"],
        }
    )
