"""Next-lap-time features: one row per (race session, driver, completed lap N).

Every feature is known at the end of lap N (the prediction time); the target is the time of
lap N+1. Rows whose lap N+1 is an in-lap or an out-lap are left out: a pit stop is a strategy
decision, not something the lap-time model can see coming. Times are seconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from f1core.store import Store

RACE_SESSION_CODES = ("R", "S")
COMPOUND_CODES = {"SOFT": 0, "MEDIUM": 1, "HARD": 2, "INTERMEDIATE": 3, "WET": 4}
FIELD_WINDOW_LAPS = 20  # field pace = median of the last 20 laps completed by anyone
# field trend = median lap-to-lap change over the last 10 laps completed by anyone (at least 5
# of them clean): track evolution, a drying track, a field lapping slower in a fight
FIELD_TREND_LAPS = 10
STINT_TREND_LAPS = 5  # the stint-trend baseline fits a line through the last 5 clean laps
RECENT_CLEAN_LAPS = 3  # the driver's recent pace: median of the last 3 clean laps of the stint
_DRIVER = ["year", "round", "session_code", "driver"]
_STINT = [*_DRIVER, "stint"]

# Only features relative to the driver's own laps or the field: the model predicts the change
# from the last lap, and a test race is a track no training row ran at (absolute lap times
# and a session's temperatures split the training tracks apart instead of generalising).
# Recent-form and car-ahead features only the green-lap estimator uses: they help after green
# laps and made the predictions after SC/VSC/yellow/red laps and out-laps worse.
GREEN_ONLY_FEATURES = [
    "field_trend_s", "recent_clean_minus_last_s", "position", "gap_ahead_change_s",
    "last_was_lap1", "ahead_last_minus_last_s", "ahead_change_s",
]  # fmt: skip
FEATURES = [
    "mean3_minus_last_s", "last_minus_stint_best_s", "field_pace_minus_last_s",
    "compound_code", "tyre_life_next", "stint", "laps_remaining", "rainfall", "gap_ahead_s",
    "status_sc", "status_vsc", "status_yellow", "status_red", "last_was_out_lap",
    *GREEN_ONLY_FEATURES,
]  # fmt: skip


def load_race_laps(store: Store) -> pd.DataFrame:
    """Laps of every race and sprint in the store with the session's lap count."""
    return store.query_df(
        """SELECT l.year, l.round, l.session_code, l.driver, l.lap_number, l.lap_time_s,
                  l.compound, l.tyre_life, l.stint, l.pit_in_s, l.pit_out_s, l.position,
                  l.track_status, l.lap_end_s, s.total_laps, s.circuit
           FROM laps l JOIN sessions s USING (year, round, session_code)
           WHERE l.session_code IN (SELECT unnest(?))
           ORDER BY l.year, l.round, l.session_code, l.driver, l.lap_number""",
        [list(RACE_SESSION_CODES)],
    )


def load_weather(store: Store) -> pd.DataFrame:
    """Weather samples of race sessions (session time in seconds)."""
    return store.query_df(
        """SELECT year, round, session_code, time_s, air_temp_c, track_temp_c, rainfall
           FROM weather WHERE session_code IN (SELECT unnest(?)) ORDER BY time_s""",
        [list(RACE_SESSION_CODES)],
    )


def status_flags(track_status: pd.Series) -> pd.DataFrame:
    """FastF1 track-status digit strings -> 0/1 flags (SC 4, VSC 6/7, yellow 2, red 5)."""
    s = track_status.fillna("").astype(str)
    return pd.DataFrame(
        {
            "status_sc": s.str.contains("4").astype(int),
            "status_vsc": s.str.contains("[67]").astype(int),
            "status_yellow": s.str.contains("2").astype(int),
            "status_red": s.str.contains("5").astype(int),
        },
        index=track_status.index,
    )


def car_ahead(laps: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``columns`` of the car one place ahead at the end of the same lap (NaN for the leader).

    The car ahead crossed the line first, so its lap is complete when this one is.
    """
    keys = ["year", "round", "session_code", "lap_number"]
    ahead = laps[[*keys, "position", *columns]].dropna(subset=["position"])
    ahead = ahead.drop_duplicates([*keys, "position"])
    ahead = ahead.assign(position=ahead["position"] + 1)  # the car ahead of position p+1 is p
    merged = laps[[*keys, "position"]].merge(ahead, on=[*keys, "position"], how="left")
    return merged[columns].set_axis(laps.index)


def gap_to_car_ahead(laps: pd.DataFrame) -> pd.Series:
    """Seconds between a driver's lap end and the lap end of the car one place ahead.

    Uses the positions at the end of the same lap number; the leader gets NaN.
    """
    return laps["lap_end_s"] - car_ahead(laps, ["lap_end_s"])["lap_end_s"]


def clean_lap_times(laps: pd.DataFrame) -> pd.Series:
    """Lap times of laps at racing speed, else NaN.

    Clean: no SC/VSC/yellow/red, neither an in-lap nor an out-lap, not the standing-start lap 1.
    """
    flags = status_flags(laps["track_status"]).sum(axis=1)
    ok = (
        (flags == 0) & laps["pit_in_s"].isna() & laps["pit_out_s"].isna() & (laps["lap_number"] > 1)
    )
    return laps["lap_time_s"].where(ok)


def lap_to_lap_change(laps: pd.DataFrame, clean: pd.Series) -> pd.Series:
    """Each clean lap minus the same driver's previous lap when that was clean too (s)."""
    by_driver = [laps[c] for c in _DRIVER]
    previous = clean.groupby(by_driver, sort=False).shift(1)
    previous_lap = laps["lap_number"].groupby(by_driver, sort=False).shift(1)
    return (clean - previous).where(previous_lap == laps["lap_number"] - 1)


def recent_clean_median(laps: pd.DataFrame, clean: pd.Series) -> pd.Series:
    """Median of the driver's last ``RECENT_CLEAN_LAPS`` clean laps of the stint, up to each lap.

    NaN until the stint has a clean lap; a non-clean lap carries the last median forward.
    """
    done = clean.dropna()
    by_stint = [laps.loc[done.index, c] for c in _STINT]
    med = done.groupby(by_stint, sort=False).transform(
        lambda s: s.rolling(RECENT_CLEAN_LAPS, min_periods=1).median()
    )
    return med.reindex(laps.index).groupby([laps[c] for c in _STINT], sort=False).ffill()


def _in_completion_order(laps: pd.DataFrame, values: pd.Series, window: int) -> pd.Series:
    """Rolling median of ``values`` over the last ``window`` laps completed (by anyone).

    A lap only sees laps that had already ended; at least 5 values are needed.
    """
    out = pd.Series(np.nan, index=laps.index)
    for _, g in laps.dropna(subset=["lap_end_s"]).groupby(["year", "round", "session_code"]):
        g = g.sort_values("lap_end_s")
        med = values.loc[g.index].rolling(window, min_periods=5).median()
        out.loc[g.index] = med.to_numpy()
    return out


def field_pace(laps: pd.DataFrame) -> pd.Series:
    """Median lap time of the last laps completed by anyone before each lap's end."""
    return _in_completion_order(laps, laps["lap_time_s"], FIELD_WINDOW_LAPS)


def field_trend(laps: pd.DataFrame, change: pd.Series) -> pd.Series:
    """Median lap-to-lap change of the last laps completed by anyone (track evolution, s/lap)."""
    return _in_completion_order(laps, change, FIELD_TREND_LAPS)


def stint_trend_prediction(times: np.ndarray, laps: np.ndarray, next_lap: int) -> float:
    """Linear trend of the last clean laps of a stint, extrapolated to ``next_lap``.

    Falls back to the last time (persistence) with fewer than three clean laps.
    """
    ok = ~np.isnan(times)
    t, x = times[ok][-STINT_TREND_LAPS:], laps[ok][-STINT_TREND_LAPS:]
    if len(t) < 3:
        return float(times[-1])
    slope, intercept = np.polyfit(x.astype(float), t, 1)
    return float(intercept + slope * next_lap)


def build_laptime_frame(laps: pd.DataFrame, weather: pd.DataFrame) -> pd.DataFrame:
    """Feature rows, target and both baselines from race laps and weather.

    Args:
        laps: rows as returned by :func:`load_race_laps`.
        weather: rows as returned by :func:`load_weather`.

    Returns:
        One row per usable (session, driver, lap N): key columns, ``FEATURES``,
        ``target_s`` (time of lap N+1), ``next_lap_neutralised`` (lap N+1 had SC/VSC/yellow/red:
        for scoring, not a feature), ``persistence_s`` and ``stint_trend_s``.
    """
    laps = laps.sort_values(["year", "round", "session_code", "driver", "lap_number"])
    laps = laps.reset_index(drop=True)
    grp = laps.groupby(["year", "round", "session_code", "driver"], sort=False)
    df = laps[["year", "round", "session_code", "circuit", "driver", "lap_number"]].copy()
    df["last_lap_s"] = laps["lap_time_s"]
    df["mean3_s"] = grp["lap_time_s"].transform(lambda s: s.rolling(3, min_periods=1).mean())
    df["mean3_minus_last_s"] = df["mean3_s"] - df["last_lap_s"]
    stint_best = laps.groupby(["year", "round", "session_code", "driver", "stint"])[
        "lap_time_s"
    ].cummin()
    df["last_minus_stint_best_s"] = laps["lap_time_s"] - stint_best
    df["field_pace_minus_last_s"] = field_pace(laps) - laps["lap_time_s"]
    df["compound_code"] = laps["compound"].map(COMPOUND_CODES).fillna(-1)
    df["tyre_life_next"] = laps["tyre_life"] + 1
    df["stint"] = laps["stint"]
    df["laps_remaining"] = laps["total_laps"] - laps["lap_number"]
    df["lap_fraction"] = laps["lap_number"] / laps["total_laps"]
    df["gap_ahead_s"] = gap_to_car_ahead(laps)
    df["gap_ahead_change_s"] = df["gap_ahead_s"] - df.groupby(_DRIVER, sort=False)[
        "gap_ahead_s"
    ].shift(1)
    df["position"] = laps["position"]
    df = df.join(status_flags(laps["track_status"]))
    df["last_was_out_lap"] = laps["pit_out_s"].notna().astype(int)
    df["last_was_lap1"] = (laps["lap_number"] == 1).astype(int)
    clean = clean_lap_times(laps)
    change = lap_to_lap_change(laps, clean)
    df["recent_clean_minus_last_s"] = recent_clean_median(laps, clean) - laps["lap_time_s"]
    df["field_trend_s"] = field_trend(laps, change)
    ahead = car_ahead(laps.assign(change_s=change), ["lap_time_s", "change_s"])
    df["ahead_last_minus_last_s"] = ahead["lap_time_s"] - laps["lap_time_s"]
    df["ahead_change_s"] = ahead["change_s"]
    df = _attach_weather(df, laps["lap_end_s"], weather)

    nxt_time = grp["lap_time_s"].shift(-1)
    nxt_lap = grp["lap_number"].shift(-1)
    nxt_pit = grp["pit_in_s"].shift(-1).notna() | grp["pit_out_s"].shift(-1).notna()
    df["target_s"] = nxt_time
    # the target lap's own status: scoring only (green->green laps), never a feature
    next_flags = status_flags(grp["track_status"].shift(-1))
    df["next_lap_neutralised"] = (next_flags.sum(axis=1) > 0).astype(int)
    df["persistence_s"] = laps["lap_time_s"]
    keep = (
        df["last_lap_s"].notna()
        & nxt_time.notna()
        & (nxt_lap == laps["lap_number"] + 1)
        & ~nxt_pit
        & laps["pit_in_s"].isna()
    )
    df["stint_trend_s"] = _stint_trend_column(laps, keep)
    return df[keep].reset_index(drop=True)


def _stint_trend_column(laps: pd.DataFrame, keep: pd.Series) -> pd.Series:
    out = pd.Series(np.nan, index=laps.index)
    clean = laps["lap_time_s"].where(
        laps["pit_out_s"].isna() & (laps["track_status"].fillna("1") == "1")
    )
    clean = clean.fillna(np.nan)
    for _, g in laps.groupby(["year", "round", "session_code", "driver", "stint"], sort=False):
        times, numbers = clean.loc[g.index].to_numpy(float), g["lap_number"].to_numpy()
        for i, idx in enumerate(g.index):
            if keep.loc[idx]:
                if np.isnan(times[: i + 1]).all():
                    out.loc[idx] = laps.at[idx, "lap_time_s"]
                else:
                    pred = stint_trend_prediction(times[: i + 1], numbers[: i + 1], numbers[i] + 1)
                    out.loc[idx] = laps.at[idx, "lap_time_s"] if np.isnan(pred) else pred
    return out


def _attach_weather(df: pd.DataFrame, lap_end_s: pd.Series, weather: pd.DataFrame) -> pd.DataFrame:
    """Latest weather sample at or before each lap's end (as-of join, never the future)."""
    left = df.assign(_t=lap_end_s.to_numpy(), _i=np.arange(len(df)))
    left = left.dropna(subset=["_t"]).sort_values("_t")
    cols = ["air_temp_c", "track_temp_c", "rainfall"]
    if weather.empty:
        for c in cols:
            df[c] = np.nan
        return df
    right = weather.sort_values("time_s").rename(columns={"time_s": "_t"})
    right = right.assign(rainfall=right["rainfall"].astype(float))
    merged = pd.merge_asof(
        left[["_t", "_i", "year", "round", "session_code"]],
        right,
        on="_t",
        by=["year", "round", "session_code"],
        direction="backward",
    )
    for c in cols:
        df[c] = np.nan
        df.loc[df.index[merged["_i"].to_numpy()], c] = merged[c].to_numpy(float)
    return df


def session_group(frame: pd.DataFrame) -> pd.Series:
    """The split unit: ``YEAR/ROUND/CODE`` of each row."""
    return (
        frame["year"].astype(str) + "/" + frame["round"].astype(str) + "/" + frame["session_code"]
    )
