"""Pure conversion functions on tiny frames, and the channel merge on real telemetry."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from f1core.ingest.convert import convert_results, derive_pit_stops, derive_stints
from f1core.ingest.telemetry import read_ti_json_dir, read_ti_parquet, telemetry_from_channels


def _laps(rows):
    cols = ["driver", "lap_number", "compound", "tyre_life", "fresh_tyre", "stint",
            "pit_in_s", "pit_out_s"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def test_pit_stop_with_tyre_change_and_a_pit_lane_pass():
    laps = _laps([
        ("AAA", 1, "SOFT", 1, True, 1, np.nan, np.nan),
        ("AAA", 2, "SOFT", 2, True, 1, 200.0, np.nan),     # pass through the pit lane
        ("AAA", 3, "SOFT", 3, True, 2, np.nan, 218.0),
        ("AAA", 4, "SOFT", 4, True, 2, 400.0, np.nan),     # real stop
        ("AAA", 5, "HARD", 1, True, 3, np.nan, 421.5),
    ])  # fmt: skip
    stops = derive_pit_stops(laps)
    assert stops["lap"].tolist() == [2, 4]
    assert stops["tyre_change"].tolist() == [False, True]
    assert stops["pit_lane_s"].tolist() == pytest.approx([18.0, 21.5])
    assert stops["compound_after"].tolist() == ["SOFT", "HARD"]


def test_last_lap_into_the_pits_is_not_a_stop():
    laps = _laps([("BBB", 1, "MEDIUM", 5, False, 1, np.nan, np.nan),
                  ("BBB", 2, "MEDIUM", 6, False, 1, 300.0, np.nan)])  # fmt: skip
    assert derive_pit_stops(laps).empty


def test_stints_summarise_laps():
    laps = _laps([("CCC", n, "SOFT" if n < 3 else "HARD", n if n < 3 else n - 2, True,
                   1 if n < 3 else 2, np.nan, np.nan) for n in range(1, 6)])  # fmt: skip
    stints = derive_stints(laps)
    assert stints[["stint", "compound", "start_lap", "end_lap", "laps"]].values.tolist() == [
        [1, "SOFT", 1, 2, 2], [2, "HARD", 3, 5, 3]
    ]  # fmt: skip


def test_race_results_store_total_time_and_gap():
    td = pd.to_timedelta
    raw = pd.DataFrame({
        "Abbreviation": ["WIN", "TWO", "LAP"], "Position": [1.0, 2.0, 3.0],
        "ClassifiedPosition": ["1", "2", "3"], "GridPosition": [2.0, 1.0, 3.0],
        "Status": ["Finished", "Finished", "+1 Lap"], "Points": [25.0, 18.0, 15.0],
        "Time": [td("1:30:00"), td("5.5s"), pd.NaT], "Q1": [pd.NaT] * 3, "Q2": [pd.NaT] * 3,
        "Q3": [pd.NaT] * 3, "Laps": [57.0, 57.0, 56.0],
    })  # fmt: skip
    out = convert_results(raw, session_code="R")
    assert out["time_s"].tolist()[:2] == [5400.0, 5405.5]
    assert out["gap_s"].tolist()[:2] == [0.0, 5.5]
    assert np.isnan(out["time_s"].iloc[2])


def test_channels_merge_reproduces_real_lap_distance(kit_dir):
    """Rebuild NOR's lap 43 (AUS race) from session-time channels and compare distances."""
    lap = read_ti_parquet(kit_dir / "telemetry/2025_01_australian_gp/race_telemetry.parquet")
    lap = lap[(lap["driver"] == "NOR") & (lap["lap_number"] == 43)]
    start = 5000.0  # any session time: the merge only uses differences
    car = pd.DataFrame({"session_time_s": start + lap["time_s"], "speed_kph": lap["speed_kph"],
                        "rpm": lap["rpm"], "gear": lap["gear"], "throttle": lap["throttle"],
                        "brake": lap["brake"], "drs": lap["drs"]})  # fmt: skip
    pos = pd.DataFrame({"session_time_s": start + lap["time_s"], "x": lap["x"], "y": lap["y"],
                        "z": lap["z"]})  # fmt: skip
    bounds = pd.DataFrame({"lap_number": [43], "lap_start_s": [start],
                           "lap_end_s": [start + lap["time_s"].max()]})  # fmt: skip
    out = telemetry_from_channels(car, pos, bounds, driver="NOR")
    assert len(out) == len(lap)
    assert out["distance_m"].iloc[-1] == pytest.approx(lap["distance_m"].iloc[-1], rel=0.01)
    assert out["x"].tolist() == lap["x"].tolist()


def test_json_reader_matches_parquet_for_the_same_lap(kit_dir):
    root = kit_dir / "telemetry/2025_01_australian_gp"
    from_json = read_ti_json_dir(root / "raw_json_sample")
    assert set(from_json["driver"]) == {"NOR", "VER"}
    parquet = read_ti_parquet(root / "race_telemetry.parquet")
    nor = parquet[(parquet["driver"] == "NOR") & (parquet["lap_number"] == 43)]
    json_nor = from_json[from_json["driver"] == "NOR"]
    assert len(json_nor) == len(nor)
    assert json_nor["speed_kph"].to_numpy() == pytest.approx(nor["speed_kph"].to_numpy(), abs=0.1)
