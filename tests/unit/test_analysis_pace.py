"""Clean air, representative pace and team ranking, ideal laps, speed traps, long runs, weather."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from f1core.analysis import long_runs, pace, sectors, weather
from f1core.errors import NoData, NoLapData

DRIVERS = pd.DataFrame({"driver": ["AAA", "BBB", "CCC"], "team": ["Red", "Red", "Blue"],
                        "team_color": ["#ff0000", "#ff0000", "#0000ff"]})  # fmt: skip


def race_laps() -> pd.DataFrame:
    """Three cars, laps 1-6; CCC starts each lap 0.5 s behind AAA, BBB 5 s behind."""
    rows = []
    for car, offset, lap_time in (("AAA", 0.0, 90.0), ("CCC", 0.5, 91.0), ("BBB", 5.0, 93.0)):
        for n in range(1, 7):
            rows.append({
                "driver": car, "lap_number": n, "lap_time_s": lap_time + (n == 1) * 10,
                "lap_start_s": 1000 + offset + (n - 1) * 95.0, "lap_end_s": np.nan,
                "pit_in_s": np.nan, "pit_out_s": np.nan, "track_status": "1", "deleted": False,
                "compound": "SOFT", "tyre_life": n, "stint": 1,
            })  # fmt: skip
    return pd.DataFrame(rows)


def test_gap_to_car_ahead_uses_any_car_on_track():
    laps = race_laps()
    gaps = pace.gap_to_car_ahead(laps)
    assert gaps[laps["driver"] == "CCC"].tolist() == [0.5] * 6
    assert gaps[laps["driver"] == "BBB"].tolist() == [4.5] * 6
    assert np.isnan(gaps.iloc[0])  # nobody ahead at the start


def test_representative_pace_clean_air_and_ranking():
    laps = race_laps()
    reps = pace.representative_pace(laps, DRIVERS)
    assert len(reps) == 15  # lap 1 of each car is excluded
    clean = pace.representative_pace(laps, DRIVERS, clean_air_gap_s=2.0)
    assert sorted(clean["driver"].unique()) == ["AAA", "BBB"]  # CCC is 0.5 s behind AAA
    assert len(clean) == 10  # AAA: the last car crossed 90 s earlier; BBB: 4.5 s behind CCC
    ranking = pace.rank_team_pace(reps)
    assert ranking["team"].tolist() == ["Blue", "Red"]  # Red's median mixes 90 s and 93 s laps
    assert ranking["median_s"].tolist() == [91.0, 91.5]
    assert ranking["gap_s"].tolist() == [0.0, 0.5]
    assert ranking["gap_pct"].iloc[1] == pytest.approx(100 * 0.5 / 91, abs=1e-3)
    summary = pace.driver_pace_summary(reps)
    assert summary["driver"].tolist() == ["AAA", "CCC", "BBB"]
    with pytest.raises(NoLapData):
        pace.representative_pace(laps, DRIVERS, clean_air_gap_s=500.0)


def test_ideal_lap_and_speed_traps():
    laps = pd.DataFrame({
        "driver": ["AAA", "AAA", "AAA", "BBB"], "lap_time_s": [80.0, 80.2, 79.0, 81.0],
        "sector1_s": [25.0, 24.8, 24.0, 25.5], "sector2_s": [30.0, 30.1, 29.0, 30.0],
        "sector3_s": [25.0, 25.3, 26.0, 25.5], "deleted": [False, False, True, False],
        "speed_i1": [300, 305, 320, 301], "speed_i2": [250, 251, 260, 249],
        "speed_fl": [280, 281, 290, 282], "speed_st": [310, 312, 330, 315],
    })  # fmt: skip
    ideal = sectors.ideal_laps(laps)
    aaa = ideal[ideal["driver"] == "AAA"].iloc[0]
    assert (aaa["best_s1"], aaa["best_s2"], aaa["best_s3"]) == (
        24.8,
        30.0,
        25.0,
    )  # deleted lap ignored
    assert aaa["ideal_s"] == pytest.approx(79.8) and aaa["gain_s"] == pytest.approx(0.2)
    traps = sectors.speed_traps(laps)
    assert traps.iloc[0].to_dict() == {"driver": "AAA", "I1": 320, "I2": 260, "FL": 290, "ST": 330}
    with pytest.raises(NoLapData):
        sectors.ideal_laps(laps.assign(sector1_s=np.nan, sector2_s=np.nan, sector3_s=np.nan))


def test_long_runs_slope_and_cool_down_laps():
    base = {"pit_in_s": np.nan, "pit_out_s": np.nan, "track_status": "1", "deleted": False,
            "compound": "MEDIUM", "stint": 2, "driver": "AAA"}  # fmt: skip
    times = [90.0, 90.1, 90.2, 95.0, 90.3, 90.4, 90.5]  # lap 5 is a cool-down lap
    laps = pd.DataFrame([{**base, "lap_number": 10 + i, "tyre_life": 3 + i, "lap_time_s": t}
                         for i, t in enumerate(times)])  # fmt: skip
    runs = long_runs.find_long_runs(laps)
    assert runs[["driver", "stint", "laps", "start_lap", "end_lap"]].values.tolist() == [
        ["AAA", 2, 6, 10, 16]]  # fmt: skip
    # least squares over ages 3,4,5,7,8,9 (the 95 s lap is dropped): 2.2 / 28 s per lap
    assert runs["slope_s_per_lap"].item() == pytest.approx(2.2 / 28, abs=1e-3)
    assert long_runs.find_long_runs(laps, min_laps=7).empty


def test_weather_by_lap_and_pace_join():
    laps = race_laps().assign(lap_end_s=lambda f: f["lap_start_s"] + f["lap_time_s"])
    samples = pd.DataFrame({
        "time_s": [900.0, 1001.0, 1050.0, 1100.0], "air_temp_c": [20.0, 21.0, 23.0, 22.0],
        "track_temp_c": [30.0, 31.0, 33.0, 35.0], "humidity": 50.0, "wind_speed": 1.0,
        "wind_direction": 180.0, "rainfall": [False, False, True, False],
    })  # fmt: skip
    by_lap = weather.weather_by_lap(samples, laps)
    assert by_lap["lap_number"].tolist() == [0, 1, 2]
    assert by_lap.loc[1, "air_temp_c"] == 22.0 and bool(by_lap.loc[1, "rainfall"])
    reps = pace.representative_pace(laps, DRIVERS)
    joined = weather.pace_vs_track_temp(reps, laps, samples)
    lap2 = joined[(joined["driver"] == "AAA") & (joined["lap_number"] == 2)]
    assert lap2["track_temp_c"].item() == 33.0  # lap 2 starts at 1095 s: the 1050 s sample
    with pytest.raises(NoData):
        weather.weather_by_lap(samples.iloc[0:0], laps)
