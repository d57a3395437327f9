"""Weather on the lap axis and its effect on pace."""

from __future__ import annotations

import pandas as pd

from f1core.analysis.race_control import lap_at_time
from f1core.errors import NoData

WEATHER_COLUMNS = ["air_temp_c", "track_temp_c", "humidity", "wind_speed", "wind_direction"]


def weather_by_lap(weather: pd.DataFrame, laps: pd.DataFrame) -> pd.DataFrame:
    """Weather samples averaged per race lap (the leader's lap), rain if any sample had it.

    Returns:
        Columns ``lap_number, air_temp_c, track_temp_c, humidity, wind_speed,
        wind_direction, rainfall, samples``; lap 0 holds the samples before the start.

    Raises:
        NoData: the session has no weather samples.
    """
    if weather.empty:
        raise NoData("This session has no weather data.")
    frame = weather.assign(lap_number=lap_at_time(laps, weather["time_s"]))
    grouped = frame.groupby("lap_number")
    out = grouped[WEATHER_COLUMNS].mean().round(1)
    out["rainfall"] = grouped["rainfall"].any()
    out["samples"] = grouped.size()
    return out.reset_index()


def pace_vs_track_temp(
    pace: pd.DataFrame, laps: pd.DataFrame, weather: pd.DataFrame
) -> pd.DataFrame:
    """Representative laps with the track temperature and rain at the start of the lap.

    Args:
        pace: representative laps (``driver, lap_number, lap_time_s, ...``).
        laps: the session's laps (for lap start times).
        weather: the session's weather samples.

    Returns:
        ``pace`` plus ``track_temp_c`` and ``rainfall`` (nearest earlier weather sample).

    Raises:
        NoData: the session has no weather samples.
    """
    if weather.empty:
        raise NoData("This session has no weather data.")
    starts = laps[["driver", "lap_number", "lap_start_s"]]
    joined = pace.merge(starts, on=["driver", "lap_number"], how="left").dropna(
        subset=["lap_start_s"]
    )
    samples = weather[["time_s", "track_temp_c", "rainfall"]].sort_values("time_s")
    merged = pd.merge_asof(
        joined.sort_values("lap_start_s"), samples, left_on="lap_start_s", right_on="time_s",
        direction="backward",
    ).drop(columns=["time_s"])  # fmt: skip
    return merged.sort_values(["driver", "lap_number"], ignore_index=True)
