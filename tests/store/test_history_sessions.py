"""History pages' use of stored sessions (the whole kit ingested), and the history CLI."""

from __future__ import annotations

import pytest

from f1core.cli import main
from f1core.history import circuits, pace


def test_race_pace_matches_a_direct_count(kit_store):
    df = pace.race_pace(kit_store, "nor").set_index(["year", "round"])
    assert {(2023, 1), (2024, 1), (2025, 1), (2025, 24)} <= set(df.index)
    laps = kit_store.query_df(
        "SELECT driver, lap_time_s, pit_in_s, pit_out_s, track_status, is_accurate, deleted "
        "FROM laps WHERE year = 2025 AND round = 1 AND session_code = 'R'"
    )
    clean = laps[
        laps["lap_time_s"].notna() & laps["pit_in_s"].isna() & laps["pit_out_s"].isna()
        & (laps["track_status"].fillna("1") == "1") & laps["is_accurate"].fillna(True).astype(bool)
        & ~laps["deleted"].fillna(False).astype(bool)
    ]  # fmt: skip
    nor = clean[clean["driver"] == "NOR"]["lap_time_s"]
    row = df.loc[(2025, 1)]
    assert row["laps"] == len(nor)
    assert row["median_s"] == pytest.approx(round(nor.median(), 3))
    expected_gap = round(100 * (nor.median() / clean["lap_time_s"].median() - 1), 2)
    assert row["pace_gap_pct"] == pytest.approx(expected_gap)
    assert row["pace_gap_pct"] < 0  # the winner was faster than the field's median


def test_unknown_code_has_no_pace(kit_store):
    assert pace.race_pace(kit_store, "ZZZ").empty


def test_measured_pit_loss_from_stored_races(kit_store):
    loss = circuits.measured_pit_loss(kit_store, "bahrain").set_index("year")
    assert set(loss.index) == {2023, 2024, 2025}
    assert ((loss["median_pit_lane_s"] > 15) & (loss["median_pit_lane_s"] < 40)).all()


def test_measured_pit_loss_counts_tyre_stops_not_safety_car_passes(kit_store):
    # 2025 Australia: 82 pit-lane visits, 51 of them the field led through the pit lane behind
    # the safety car on laps 2-4 (~13-16 s, no tyres changed); 31 real stops.
    loss = circuits.measured_pit_loss(kit_store, "melbourne").set_index("year").loc[2025]
    assert loss["stops"] == 31
    assert loss["median_pit_lane_s"] == pytest.approx(19.44, abs=0.01)
    assert loss["best_pit_lane_s"] == pytest.approx(17.905, abs=0.001)


def test_cli_title_and_driver(history_file, capsys):
    assert main(["--store", str(history_file), "title", "2021", "--after", "21"]) == 0
    out = capsys.readouterr().out
    assert "2 driver(s) can still win the 2021 title" in out and "Lewis Hamilton" in out
    assert main(["--store", str(history_file), "driver", "HAM"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "lewis-hamilton" and "  titles             7" in out
    assert main(["--store", str(history_file), "standings", "1988", "--top", "2"]) == 0
    assert "best 11 results counted" in capsys.readouterr().out


def test_cli_bad_name_is_a_one_line_error(history_file, capsys):
    assert main(["--store", str(history_file), "driver", "Hamiltn"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: No driver called 'Hamiltn'") and "Traceback" not in err
