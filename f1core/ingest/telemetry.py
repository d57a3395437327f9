"""Per-lap car telemetry in the store's ``telemetry`` layout, from three sources.

1. FastF1 ``car_data`` + ``pos_data`` (online sessions with telemetry): merged on session
   time and cut into laps with :func:`telemetry_from_channels`.
2. TracingInsights per-lap Parquet tables (the kit's ``telemetry/`` folder).
3. TracingInsights' published JSON (``<DRIVER>/<lap>_tel.json``, ``corners.json``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

TELEMETRY_COLUMNS = [
    "driver", "lap_number", "sample", "time_s", "distance_m", "rel_distance", "speed_kph",
    "rpm", "gear", "throttle", "brake", "drs", "x", "y", "z", "acc_x", "acc_y", "acc_z",
]  # fmt: skip

#: TracingInsights file prefix -> session code.
TI_SESSION_CODES = {
    "fp1": "FP1", "fp2": "FP2", "fp3": "FP3", "sprint_qualifying": "SQ",
    "sprint_shootout": "SS", "sprint": "S", "qualifying": "Q", "race": "R",
}  # fmt: skip
_EVENT_DIR = re.compile(r"^(?P<year>\d{4})_(?P<round>\d{2})_(?P<slug>.+)$")


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reindex(columns=TELEMETRY_COLUMNS)
    out["brake"] = out["brake"].astype("boolean")
    for col in ("lap_number", "sample", "gear", "drs"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
    out["driver"] = out["driver"].astype(str)
    floats = [c for c in TELEMETRY_COLUMNS if c not in {"driver", "lap_number", "sample", "gear",
                                                         "drs", "brake"}]  # fmt: skip
    out[floats] = out[floats].astype("float64")
    return out


def telemetry_from_channels(
    car: pd.DataFrame, pos: pd.DataFrame | None, laps: pd.DataFrame, *, driver: str
) -> pd.DataFrame:
    """Merge one driver's car and position channels and cut them into laps.

    Args:
        car: columns ``session_time_s, speed_kph, rpm, gear, throttle, brake, drs``.
        pos: columns ``session_time_s, x, y, z`` (or None when positions are missing).
        laps: this driver's ``lap_number, lap_start_s, lap_end_s``.
        driver: three-letter code written into every row.

    Returns:
        Telemetry rows; ``distance_m`` integrates speed over time from each lap's start
        (trapezoid rule), ``rel_distance`` is that distance over the lap's total.
    """
    if car.empty or laps.empty:
        return _finish(pd.DataFrame(columns=TELEMETRY_COLUMNS))
    data = car.sort_values("session_time_s").reset_index(drop=True)
    if pos is not None and not pos.empty:
        data = pd.merge_asof(
            data,
            pos.sort_values("session_time_s")[["session_time_s", "x", "y", "z"]],
            on="session_time_s",
            direction="nearest",
        )
    bounds = laps.dropna(subset=["lap_start_s"]).sort_values("lap_start_s")
    starts = bounds["lap_start_s"].to_numpy()
    ends = bounds["lap_end_s"].to_numpy()
    t = data["session_time_s"].to_numpy()
    idx = np.searchsorted(starts, t, side="right") - 1
    inside = (idx >= 0) & (t <= ends[np.clip(idx, 0, len(ends) - 1)])
    data = data[inside].copy()
    idx = idx[inside]
    data["lap_number"] = bounds["lap_number"].to_numpy()[idx]
    data["time_s"] = data["session_time_s"].to_numpy() - starts[idx]
    dt = data.groupby("lap_number")["time_s"].diff().fillna(0.0)
    v = data["speed_kph"] / 3.6
    v_prev = data.groupby("lap_number")["speed_kph"].shift(1).fillna(data["speed_kph"]) / 3.6
    data["distance_m"] = ((v + v_prev) / 2 * dt).groupby(data["lap_number"]).cumsum()
    lap_len = data.groupby("lap_number")["distance_m"].transform("max").replace(0, np.nan)
    data["rel_distance"] = data["distance_m"] / lap_len
    data["sample"] = data.groupby("lap_number").cumcount()
    data["driver"] = driver
    return _finish(data)


def ti_parquet_sessions(kit_dir: Path) -> list[tuple[int, int, str, Path]]:
    """The kit's TracingInsights telemetry files as ``(year, round, code, path)``."""
    found = []
    root = Path(kit_dir) / "telemetry"
    for event_dir in sorted(root.glob("*")):
        m = _EVENT_DIR.match(event_dir.name)
        if not m or not event_dir.is_dir():
            continue
        for file in sorted(event_dir.glob("*_telemetry.parquet")):
            prefix = file.name.removesuffix("_telemetry.parquet")
            if prefix in TI_SESSION_CODES:
                found.append((int(m["year"]), int(m["round"]), TI_SESSION_CODES[prefix], file))
    return found


def read_ti_parquet(path: Path) -> pd.DataFrame:
    """Read a TracingInsights ``*_telemetry.parquet`` table into the store layout."""
    frame = pd.read_parquet(path)
    frame = frame.rename(columns={"lap": "lap_number"})
    frame["driver"] = frame["driver"].astype(str)
    return _finish(frame)


def read_ti_json_lap(path: Path, *, driver: str, lap: int) -> pd.DataFrame:
    """Read one TracingInsights ``<lap>_tel.json`` file into the store layout."""
    tel = json.loads(Path(path).read_text())["tel"]
    frame = pd.DataFrame({k: v for k, v in tel.items() if isinstance(v, list)})
    frame = frame.rename(columns={"time": "time_s", "distance": "distance_m", "speed": "speed_kph"})
    frame["driver"], frame["lap_number"] = driver, lap
    frame["sample"] = np.arange(len(frame))
    return _finish(frame)


def read_ti_json_dir(folder: Path) -> pd.DataFrame:
    """Read every ``<DRIVER>/<lap>_tel.json`` under a TracingInsights session folder."""
    parts = []
    for file in sorted(Path(folder).glob("*/*_tel.json")):
        lap = file.name.removesuffix("_tel.json")
        if lap.isdigit():
            parts.append(read_ti_json_lap(file, driver=file.parent.name, lap=int(lap)))
    if not parts:
        return _finish(pd.DataFrame(columns=TELEMETRY_COLUMNS))
    return pd.concat(parts, ignore_index=True)


def convert_corners(corners: pd.DataFrame, *, rotation_deg: float | None = None) -> pd.DataFrame:
    """Corner table (FastF1 ``CircuitInfo.corners`` or TracingInsights) -> ``corners`` rows."""
    rot = corners.get("TrackRotation_deg", rotation_deg)
    return pd.DataFrame(
        {
            "corner_number": pd.to_numeric(corners["CornerNumber"]).astype("Int64"),
            "letter": corners["Letter"].replace({"": None}) if "Letter" in corners else None,
            "x": corners["X"].astype(float),
            "y": corners["Y"].astype(float),
            "angle": corners["Angle"].astype(float),
            "distance_m": corners["Distance"].astype(float),
            "track_rotation_deg": pd.to_numeric(pd.Series(rot, index=corners.index)),
        }
    )


def read_ti_corners(path: Path) -> pd.DataFrame:
    """Read ``corners.parquet`` or TracingInsights ``corners.json``."""
    path = Path(path)
    if path.suffix == ".json":
        return convert_corners(pd.DataFrame(json.loads(path.read_text())))
    return convert_corners(pd.read_parquet(path))
