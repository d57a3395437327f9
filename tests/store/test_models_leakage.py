"""No leakage from the future: features never change when later data is removed.

Each test builds features from the real kit twice - once from everything, once from the
data as it stood at the prediction time - and checks the feature rows are identical.
"""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from f1core.models import features_finish as ff
from f1core.models import features_laptime as fl
from f1core.models import features_overtake as fo

AUS = (2025, 1, "R")


def _session(frame: pd.DataFrame, key=AUS) -> pd.DataFrame:
    y, r, c = key
    return frame[(frame["year"] == y) & (frame["round"] == r) & (frame["session_code"] == c)]


@pytest.fixture(scope="module")
def race_laps(kit_store):
    return fl.load_race_laps(kit_store)


@pytest.mark.parametrize("cut_lap", [10, 35])
def test_laptime_features_only_use_laps_already_completed(kit_store, race_laps, cut_lap):
    laps = _session(race_laps)
    weather = _session(fl.load_weather(kit_store))
    full = fl.build_laptime_frame(laps, weather)
    # What the pit wall knew when the leader finished lap `cut_lap`: laps completed by then.
    cut_time = laps.loc[laps["lap_number"] == cut_lap, "lap_end_s"].min()
    known = fl.build_laptime_frame(laps[laps["lap_end_s"] <= cut_time + 1e-9],
                                   weather[weather["time_s"] <= cut_time])  # fmt: skip
    # rows whose target lap is also complete exist in both; their features must agree
    key = ["driver", "lap_number"]
    both = full.merge(known[key], on=key)
    assert len(both) > 50
    a = both.set_index(key)[fl.FEATURES].sort_index()
    b = known.set_index(key).loc[a.index, fl.FEATURES]
    assert_frame_equal(a, b, check_exact=False, rtol=1e-12)


def test_finish_features_of_a_race_ignore_every_later_race(kit_store):
    results = ff.load_history_results(kit_store, first_year=2010)
    target = results[(results["year"] == 2023) & (results["round"] == 10)]
    race_date = target["date"].iloc[0]
    full = ff.build_finish_frame(results)
    known = ff.build_finish_frame(results[results["date"] <= race_date])
    a = full[full["race_id"] == target["race_id"].iloc[0]].set_index("driver_id")[ff.FEATURES]
    b = known[known["race_id"] == target["race_id"].iloc[0]].set_index("driver_id")[ff.FEATURES]
    assert len(a) == 20
    assert_frame_equal(a.sort_index(), b.sort_index())
    # and the target itself is never a feature: the same race's finish is absent from its row
    assert "finish" not in ff.FEATURES and "points" not in ff.FEATURES


def test_overtake_features_ignore_laps_after_the_label(kit_store):
    laps = _session(fo.load_pair_laps(kit_store))
    rates = fo.lap_chart_swap_rates(fo.load_lap_charts(kit_store))
    full = fo.build_pair_frame(laps, rates)
    cut = 20  # pairs at lap 19 have their label at lap 20
    known = fo.build_pair_frame(laps[laps["lap_number"] <= cut], rates)
    key = ["lap_number", "driver_a", "driver_b"]
    a = full[full["lap_number"] < cut].set_index(key)[[*fo.FEATURES, "overtaken"]].sort_index()
    b = known.set_index(key)[[*fo.FEATURES, "overtaken"]].sort_index()
    assert len(a) > 20
    assert_frame_equal(a, b)


def test_circuit_overtaking_rate_uses_earlier_seasons_only(kit_store):
    charts = fo.load_lap_charts(kit_store)
    rates_all = fo.lap_chart_swap_rates(charts)
    rates_before = fo.lap_chart_swap_rates(charts[charts["year"] < 2025])
    assert 2025 in set(rates_all[rates_all["event_slug"] == "australian_grand_prix"]["year"])
    assert fo.prior_swap_rate(rates_all, "australian_grand_prix", 2025) == pytest.approx(
        fo.prior_swap_rate(rates_before, "australian_grand_prix", 2025)
    )


def test_store_positions_agree_with_the_lap_charts(kit_store):
    """The overtake labels come from store positions; the kit's lap charts say the same."""
    laps = _session(fo.load_pair_laps(kit_store), (2023, 1, "R"))
    numbers = kit_store.query_df(
        "SELECT driver, driver_number FROM drivers WHERE year = 2023 AND round = 1 AND session_code = 'R'"
    )
    charts = fo.load_lap_charts(kit_store)
    charts = charts[(charts["year"] == 2023) & (charts["event_slug"] == "bahrain_grand_prix")]
    ours = laps.merge(numbers, on="driver")[["lap_number", "driver_number", "position"]]
    both = ours.merge(charts, left_on=["lap_number", "driver_number"],
                      right_on=["lap", "driver_number"], suffixes=("", "_chart"))  # fmt: skip
    assert len(both) > 900
    assert (both["position"] == both["position_chart"]).mean() > 0.97
