"""Pure feature functions of the prediction models, on tiny hand-built frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from f1core.models import features_finish as ff
from f1core.models import features_laptime as fl
from f1core.models import features_overtake as fo
from f1core.models.baselines import fit_grid_rates, predict_grid_rates


@pytest.mark.parametrize(
    ("status", "flags"),
    [("1", (0, 0, 0, 0)), ("124", (1, 0, 1, 0)), ("67", (0, 1, 0, 0)), ("15", (0, 0, 0, 1)),
     (None, (0, 0, 0, 0))],
)  # fmt: skip
def test_status_flags(status, flags):
    out = fl.status_flags(pd.Series([status]))
    assert tuple(out.iloc[0]) == flags


def _laps(rows):
    cols = ["year", "round", "session_code", "driver", "lap_number", "position", "lap_end_s"]
    return pd.DataFrame(rows, columns=cols)


def test_gap_to_car_ahead_uses_same_lap_positions():
    laps = _laps([
        (2025, 1, "R", "AAA", 5, 1, 500.0), (2025, 1, "R", "BBB", 5, 2, 501.5),
        (2025, 1, "R", "CCC", 5, 3, 503.0), (2025, 1, "R", "AAA", 6, 1, 590.0),
    ])  # fmt: skip
    gaps = fl.gap_to_car_ahead(laps)
    assert np.isnan(gaps[0]) and gaps[1] == pytest.approx(1.5) and gaps[2] == pytest.approx(1.5)
    assert np.isnan(gaps[3])


def _driver_laps(times, status=None, pit_out=None):
    n = len(times)
    return pd.DataFrame({
        "year": 2025, "round": 1, "session_code": "R", "driver": "AAA", "stint": 1,
        "lap_number": np.arange(1, n + 1), "lap_time_s": times,
        "track_status": status or ["1"] * n, "pit_in_s": np.nan,
        "pit_out_s": pit_out or [np.nan] * n,
    })  # fmt: skip


def test_clean_laps_leave_out_lap1_neutralised_laps_and_pit_laps():
    laps = _driver_laps([100.0, 91.0, 95.0, 91.2, 90.8],
                        status=["1", "1", "4", "1", "1"], pit_out=[np.nan] * 4 + [1.0])  # fmt: skip
    clean = fl.clean_lap_times(laps)
    assert clean.isna().tolist() == [True, False, True, False, True]
    # a change needs two clean laps in a row
    change = fl.lap_to_lap_change(laps, clean)
    assert change.isna().all()
    laps = _driver_laps([100.0, 91.0, 91.5, 91.2])
    change = fl.lap_to_lap_change(laps, fl.clean_lap_times(laps))
    assert np.isnan(change[1]) and change[2:].tolist() == pytest.approx([0.5, -0.3])


def test_recent_clean_median_skips_slow_laps_and_carries_forward():
    laps = _driver_laps(
        [100.0, 91.0, 91.6, 99.0, 91.2, 90.9], status=["1", "1", "1", "4", "1", "1"]
    )
    med = fl.recent_clean_median(laps, fl.clean_lap_times(laps))
    assert np.isnan(med[0])
    assert med[1:].tolist() == pytest.approx([91.0, 91.3, 91.3, 91.2, 91.2])


def test_car_ahead_reads_the_car_one_place_up_on_the_same_lap():
    laps = _laps([
        (2025, 1, "R", "AAA", 5, 1, 500.0), (2025, 1, "R", "BBB", 5, 2, 501.5),
        (2025, 1, "R", "CCC", 5, None, 503.0),
    ]).assign(lap_time_s=[90.0, 91.0, 92.0])  # fmt: skip
    ahead = fl.car_ahead(laps, ["lap_time_s"])["lap_time_s"]
    assert np.isnan(ahead[0]) and ahead[1] == 90.0 and np.isnan(ahead[2])


def test_stint_trend_extrapolates_a_line_and_falls_back_to_persistence():
    times = np.array([90.0, 90.2, 90.4, 90.6])
    assert fl.stint_trend_prediction(times, np.arange(1, 5), 5) == pytest.approx(90.8)
    assert fl.stint_trend_prediction(np.array([np.nan, 91.0]), np.arange(1, 3), 3) == 91.0


@pytest.mark.parametrize(
    ("text", "seconds"), [("1:29.708", 89.708), ("59.5", 59.5), ("", np.nan), (None, np.nan)]
)
def test_lap_time_to_seconds(text, seconds):
    value = ff.lap_time_to_seconds(pd.Series([text])).iloc[0]
    assert (np.isnan(value) and np.isnan(seconds)) or value == pytest.approx(seconds)


def test_classified_finish():
    s = pd.Series(["Finished", "+1 Lap", "+3 Laps", "Engine", "Collision", None])
    assert ff.is_classified_finish(s).tolist() == [True, True, True, False, False, False]


def test_prior_rolling_mean_never_sees_its_own_row():
    values = pd.Series([1.0, 3.0, 5.0, 7.0])
    out = ff._prior_rolling_mean(values, pd.Series(["a", "a", "a", "a"]), 2)
    assert np.isnan(out[0]) and out[1:].tolist() == [1.0, 2.0, 4.0]


def test_grid_rates_smooth_and_default_to_overall():
    grid = pd.Series([1, 1, 1, 1, 20, 20])
    scored = pd.Series([1, 1, 1, 1, 0, 0])
    rates = fit_grid_rates(grid, scored)
    assert rates[1] > rates[0] > rates[20]
    assert predict_grid_rates(rates, pd.Series([7]))[0] == pytest.approx(rates[0])


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Saudi Arabian Grand Prix", "saudi_arabian_grand_prix"),
     ("Emilia Romagna Grand Prix", "emilia_romagna_grand_prix"),
     ("São Paulo Grand Prix", "são_paulo_grand_prix")],
)  # fmt: skip
def test_event_slug_matches_lap_chart_keys(name, slug):
    assert fo.event_slug(name) == slug


def test_lap_chart_swaps_count_adjacent_position_changes():
    charts = pd.DataFrame(
        [(2024, "x", lap, pos, num) for lap, order in enumerate([[1, 2, 3], [1, 2, 3], [2, 1, 3]])
         for pos, num in enumerate(order, start=1)],
        columns=["year", "event_slug", "lap", "position", "driver_number"],
    )  # fmt: skip
    rates = fo.lap_chart_swap_rates(charts)  # lap 1 -> 2: car 2 passed car 1; lap 0 ignored
    assert rates.iloc[0][["swaps", "pairs"]].tolist() == [1, 2]
    assert fo.prior_swap_rate(rates, "x", 2025) == pytest.approx(0.5)
    assert np.isnan(fo.prior_swap_rate(rates, "x", 2024))  # only earlier seasons count


def _pair_laps(pit_in_lap: int | None = None):
    rows = []
    for lap, (pa, pb) in enumerate([(1, 2), (1, 2), (2, 1)], start=1):
        for drv, pos, end in (("AAA", pa, 90.0 * lap), ("BBB", pb, 90.0 * lap + 0.8)):
            rows.append({"year": 2025, "round": 1, "session_code": "R", "driver": drv,
                         "lap_number": lap, "lap_time_s": 90.0, "compound": "MEDIUM",
                         "tyre_life": lap, "pit_in_s": 1.0 if (drv, lap) == ("AAA", pit_in_lap) else None,
                         "pit_out_s": None, "position": pos, "track_status": "1", "lap_end_s": end,
                         "total_laps": 3, "event_name": "Test Grand Prix"})  # fmt: skip
    return pd.DataFrame(rows)


def test_pair_label_is_a_position_swap_next_lap():
    empty = pd.DataFrame(columns=["event_slug", "year", "swaps", "pairs"])
    pairs = fo.build_pair_frame(_pair_laps(), empty)
    assert pairs[["lap_number", "driver_a", "driver_b", "overtaken"]].values.tolist() == [
        [1, "AAA", "BBB", 0], [2, "AAA", "BBB", 1]]  # fmt: skip
    assert pairs["gap_s"].tolist() == pytest.approx([0.8, 0.8])
    assert pairs["drs_available"].tolist() == [0, 1]  # not on lap 1


def test_a_pit_stop_is_not_an_overtake():
    empty = pd.DataFrame(columns=["event_slug", "year", "swaps", "pairs"])
    pairs = fo.build_pair_frame(_pair_laps(pit_in_lap=3), empty)
    assert pairs["lap_number"].tolist() == [1]  # lap 2 -> 3 swap came from AAA pitting


def test_finish_frame_keeps_one_row_per_driver_and_race():
    base = {"race_id": 1, "year": 2023, "round": 10, "date": "2023-07-09", "circuit_id": "c",
            "race_name": "x", "team_id": "t", "points": 0.0, "status": "Finished",
            "quali_position": 1, "q1": None, "q2": None, "q3": None, "driver_code": "BOT",
            "driver_name": "Bottas"}  # fmt: skip
    rows = [base | {"driver_id": d, "grid": g, "finish": f}
            for d, g, f in (("a", 1, 1), ("b", 2, 2), ("b", 2, 3))]  # fmt: skip
    frame = ff.build_finish_frame(pd.DataFrame(rows))
    assert frame["driver_id"].tolist() == ["a", "b"] and frame["finish"].tolist() == [1, 2]
    assert frame["field_size"].tolist() == [2.0, 2.0]


def test_pair_label_horizon_looks_n_laps_ahead():
    empty = pd.DataFrame(columns=["event_slug", "year", "swaps", "pairs"])
    pairs = fo.build_pair_frame(_pair_laps(), empty, horizon=2)
    assert pairs[["lap_number", "overtaken"]].values.tolist() == [[1, 1]]  # swapped by lap 3
