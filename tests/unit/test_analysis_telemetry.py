"""Distance-aligned delta and its reconciliation, minisectors, track-map geometry (synthetic laps)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from f1core.analysis import delta, minisectors
from f1core.analysis import track_map as tm
from f1core.errors import NoData

TRACK_M = 1000.0


def synthetic_lap(driver: str, lap: int, *, lap_time: float, length_scale: float = 1.0,
                  second_half_time: float | None = None) -> pd.DataFrame:  # fmt: skip
    """A lap of a 1000 m track sampled every 10 m of real distance.

    ``length_scale`` mimics integrated-distance error (the lap *reads* longer than it is);
    ``second_half_time`` lets the second half take a different time than the first.
    """
    real = np.linspace(0.0, TRACK_M, 101)
    if second_half_time is None:
        time = real / TRACK_M * lap_time
    else:
        first = lap_time - second_half_time
        time = np.where(
            real <= 500, real / 500 * first, first + (real - 500) / 500 * second_half_time
        )
    angle = real / TRACK_M * 2 * np.pi
    return pd.DataFrame({
        "driver": driver, "lap_number": lap, "sample": np.arange(real.size), "time_s": time,
        "distance_m": real * length_scale, "x": 1000 * np.cos(angle), "y": 300 * np.sin(angle),
        "speed_kph": 180.0,
    })  # fmt: skip


@pytest.fixture()
def tel() -> pd.DataFrame:
    return pd.concat([
        synthetic_lap("REF", 1, lap_time=20.0),
        synthetic_lap("CMP", 2, lap_time=20.4, length_scale=1.01),  # 2 % slower, reads 1 % long
        synthetic_lap("FST", 3, lap_time=19.9, second_half_time=9.8),  # faster in the 2nd half
    ], ignore_index=True)  # fmt: skip


@pytest.fixture()
def official() -> pd.DataFrame:
    # Sector 1 ends at 300 m of real distance, sector 2 at 700 m.
    return pd.DataFrame({
        "driver": ["REF", "CMP", "FST"], "lap_number": [1, 2, 3],
        "lap_time_s": [20.0, 20.4, 19.9], "sector1_s": [6.0, 6.12, 6.06],
        "sector2_s": [8.0, 8.16, 8.0],
    })  # fmt: skip


def test_relative_alignment_reconciles_with_official_times(tel, official):
    check = delta.reconcile_delta(tel, official, ("REF", 1), [("CMP", 2)], method="relative")
    row = check.iloc[0]
    assert row["official_delta_s"] == pytest.approx(0.4)
    assert row["end_error_s"] == pytest.approx(0.0, abs=1e-9)
    assert row["s1_error_s"] == pytest.approx(0.0, abs=1e-9)
    assert row["s2_error_s"] == pytest.approx(0.0, abs=1e-9)


def test_absolute_alignment_error_is_the_length_error_over_speed(tel, official):
    check = delta.reconcile_delta(tel, official, ("REF", 1), [("CMP", 2)], method="absolute")
    # at the reference's 1000 m the comparison lap has really done 1000 / 1.01 m
    assert check["end_error_s"].item() == pytest.approx(20.4 / 1.01 - 20.0 - 0.4, abs=1e-4)
    assert check["s1_error_s"].item() == pytest.approx(20.4 * 0.3 / 1.01 - 6.12, abs=1e-4)


def test_delta_curve(tel):
    curve = delta.delta_to_reference(tel, ("REF", 1), [("REF", 1), ("CMP", 2)], points=11)
    assert curve[curve["driver"] == "REF"]["delta_s"].abs().max() == 0
    cmp_curve = curve[curve["driver"] == "CMP"]
    assert cmp_curve["delta_s"].to_numpy() == pytest.approx(np.linspace(0, 0.4, 11))
    assert cmp_curve["distance_m"].iloc[-1] == TRACK_M
    with pytest.raises(NoData):
        delta.delta_to_reference(tel, ("REF", 1), [("XXX", 9)])


def test_minisectors_owner_and_summary(tel):
    laps = [("REF", 1), ("CMP", 2), ("FST", 3)]
    times = minisectors.minisector_times(tel, laps, n=10)
    owners = times[times["fastest"]].sort_values("minisector")["driver"].tolist()
    assert owners == ["REF"] * 5 + ["FST"] * 5  # FST is slower early, faster late
    assert times.groupby("driver")["time_s"].sum().round(6).to_dict() == {
        "CMP": 20.4, "FST": 19.9, "REF": 20.0}  # fmt: skip
    summary = minisectors.dominance_summary(times)
    assert summary["minisectors"].sum() == 10
    points = minisectors.dominance_map(tel, laps, n=10)
    assert set(points["driver"]) == {"REF", "FST"} and len(points) == 101
    with pytest.raises(NoData):
        minisectors.minisector_times(tel, [], n=10)


def test_rotation_and_principal_axis():
    assert tm.rotate(np.array([[1.0, 0.0]]), 90) == pytest.approx(np.array([[0.0, 1.0]]))
    t = np.linspace(-1, 1, 50)
    diagonal = pd.DataFrame({"x": 10 * t, "y": 10 * t + 0.1 * np.sin(9 * t)})
    degrees = tm.principal_axis_rotation(diagonal["x"], diagonal["y"])
    rotated = tm.rotated_outline(diagonal, degrees)
    assert np.ptp(rotated["x"]) > 20 * np.ptp(rotated["y"])  # the long axis is now horizontal


def test_track_rotation_prefers_circuit_info():
    outline = pd.DataFrame({"x": [0.0, 10.0, 20.0], "y": [0.0, 1.0, 0.0]})
    corners = pd.DataFrame({"corner_number": [1], "letter": [None], "x": [0.0], "y": [0.0],
                            "angle": [0.0], "distance_m": [5.0], "track_rotation_deg": [44.0]})  # fmt: skip
    assert tm.track_rotation(corners, outline) == (44.0, "circuit info")
    assert tm.track_rotation(corners.assign(track_rotation_deg=np.nan), outline)[1] == "fitted"
    labels = tm.corner_labels(corners.assign(letter="a", angle=90.0), 0.0)
    assert labels.iloc[0]["label"] == "1a"
    assert labels.iloc[0]["text_y"] == pytest.approx(tm.CORNER_LABEL_OFFSET)
