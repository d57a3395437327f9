"""Session analysis against the real kit sessions in a real DuckDB store, values checked exactly."""

from __future__ import annotations

import pytest

from f1core.analysis import classification as cls
from f1core.analysis import delta, long_runs, minisectors, pace, race_trace, sectors, weather
from f1core.analysis import race_control as rc
from f1core.analysis import track_map as tm
from f1core.analysis.laps import flag_laps, pick_fastest_laps
from f1core.errors import NoData
from f1core.store import SessionKey
from f1core.store.queries import lap_telemetry, session_drivers, session_table

AUS_R = SessionKey(2025, 1, "R")
AUS_Q = SessionKey(2025, 1, "Q")


@pytest.fixture(scope="module")
def race(kit_store):
    def table(name):
        return session_table(kit_store, name, AUS_R)

    return {name: table(name) for name in ("laps", "track_status", "race_control", "results",
                                            "stints", "pit_stops", "weather")} | {
        "drivers": session_drivers(kit_store, AUS_R)}  # fmt: skip


def test_three_safety_cars_on_laps_1_34_47(race):
    periods = rc.status_periods(race["track_status"], race["laps"])
    assert periods["kind"].tolist() == ["SC", "SC", "SC"]
    assert periods["start_lap"].tolist() == [1, 34, 47]
    assert periods["end_lap"].tolist() == [7, 41, 51]  # "SAFETY CAR IN THIS LAP" on 7, 41, 51
    in_messages = race["race_control"]
    ends = in_messages[in_messages["message"] == "SAFETY CAR IN THIS LAP"]["lap"].tolist()
    assert ends == [7, 41, 51]


def test_verstappen_switches_to_mediums_at_the_end_of_lap_34(race):
    stops = race["pit_stops"]
    ver = stops[(stops["driver"] == "VER") & stops["tyre_change"]]
    assert ver[["lap", "compound_before", "compound_after"]].values.tolist()[0] == [
        34, "INTERMEDIATE", "MEDIUM"]  # fmt: skip
    flagged = flag_laps(race["laps"], per_lap=True)
    ver_laps = flagged[flagged["driver"] == "VER"].set_index("lap_number")
    assert ver_laps.loc[34, "pit_in"] and ver_laps.loc[35, "pit_out"]
    assert (
        ver_laps.loc[35, "compound"] == "MEDIUM" and ver_laps.loc[34, "compound"] == "INTERMEDIATE"
    )
    assert not ver_laps.loc[[34, 35], "representative"].any()
    # the SC laps are flagged as neutralised, green laps 8-33 are representative
    assert ver_laps.loc[[1, 5, 36, 48], "neutralised"].all()
    assert ver_laps.loc[8:33, "representative"].all()


def test_track_limit_deletions_per_driver(race):
    counts = rc.count_track_limit_deletions(race["race_control"])
    assert dict(zip(counts["driver"], counts["laps"], strict=True)) == {
        "PIA": "32, 44", "TSU": "45, 47", "ANT": "16", "GAS": "54", "LAW": "28", "NOR": "44"}  # fmt: skip
    # every lap FastF1 marked as deleted is among them, once
    laps = race["laps"]
    flagged = set(map(tuple, laps[laps["deleted"]][["driver", "lap_number"]].values.tolist()))
    found = rc.track_limit_deletions(race["race_control"])
    assert flagged <= set(zip(found["driver"], found["lap"], strict=True))
    assert len(found) == 8


def test_classification_and_race_trace_match_the_official_result(race):
    table = cls.classify_race(race["results"], race["laps"], race["drivers"])
    assert table["driver"].head(3).tolist() == ["NOR", "VER", "RUS"]
    assert table.loc[1, "gap"] == "+0.895 s" and table.loc[3, "gained"] == 12  # ANT 16th -> 4th
    assert table.loc[17, "gap"] == "DNF"
    trace = race_trace.race_trace(race["laps"])
    last = trace[trace["lap_number"] == 57].set_index("driver")["gap_s"]
    assert last["NOR"] == 0.0
    assert last["VER"] == pytest.approx(0.895, abs=0.01)  # timing line vs official gap
    pos = race_trace.lap_positions(race["laps"], race["results"])
    assert pos[(pos["driver"] == "ANT") & (pos["lap_number"] == 0)]["position"].item() == 16


def test_pace_and_weather_of_the_wet_race(race):
    reps = pace.representative_pace(race["laps"], race["drivers"])
    ranking = pace.rank_team_pace(reps)
    assert ranking["team"].iloc[0] == "McLaren"
    clean = pace.representative_pace(race["laps"], race["drivers"], clean_air_gap_s=2.0)
    assert 0 < len(clean) < len(reps) and (clean["gap_ahead_s"] > 2.0).all()
    by_lap = weather.weather_by_lap(race["weather"], race["laps"])
    assert by_lap["lap_number"].max() == 57 and by_lap["rainfall"].any()
    assert bool(by_lap.set_index("lap_number").loc[0, "rainfall"])  # wet before the start


@pytest.fixture(scope="module")
def quali(kit_store):
    laps = session_table(kit_store, "laps", AUS_Q)
    best = pick_fastest_laps(laps)
    pairs = list(zip(best["driver"], best["lap_number"], strict=True))
    return {"laps": laps, "pairs": pairs, "tel": lap_telemetry(kit_store, AUS_Q, pairs),
            "results": session_table(kit_store, "results", AUS_Q),
            "corners": session_table(kit_store, "corners", AUS_Q),
            "drivers": session_drivers(kit_store, AUS_Q)}  # fmt: skip


def test_qualifying_knockout_and_ideal_laps(quali):
    table = cls.classify_qualifying(quali["results"], quali["drivers"])
    assert table.loc[0, ["driver", "q3_s"]].tolist() == ["NOR", 75.096]
    assert table["knocked_out"].value_counts().to_dict() == {"": 10, "Q2": 5, "Q1": 5}
    assert table.set_index("driver").loc["ANT", "knocked_out"] == "Q1"
    ideal = sectors.ideal_laps(quali["laps"]).set_index("driver")
    assert ideal.loc["NOR", "ideal_s"] == 75.096 and ideal.loc["NOR", "gain_s"] == 0.0
    assert ideal.loc["RUS", "ideal_s"] == 75.352 and (ideal["gain_s"].dropna() >= 0).all()
    assert quali["pairs"][0] == ("NOR", 19)


def test_delta_reconciles_with_official_lap_and_sector_times(quali):
    ref, others = quali["pairs"][0], quali["pairs"][1:]
    rel = delta.reconcile_delta(quali["tel"], quali["laps"], ref, others, method="relative")
    absolute = delta.reconcile_delta(quali["tel"], quali["laps"], ref, others, method="absolute")
    assert len(rel) == 18  # 19 drivers set a time (BEA did not); NOR is the reference
    assert rel["end_error_s"].abs().max() < 0.001  # the line: exact to the millisecond
    assert absolute["end_error_s"].abs().mean() > 0.05  # aligning on metres drifts
    for column in ("end_error_s", "s1_error_s", "s2_error_s"):
        assert rel[column].abs().mean() < absolute[column].abs().mean(), column
    assert rel["s1_error_s"].abs().max() < 0.1 and rel["s2_error_s"].abs().max() < 0.15
    curve = delta.delta_to_reference(quali["tel"], ref, [("PIA", quali["pairs"][1][1])])
    assert curve["delta_s"].iloc[-1] == pytest.approx(75.180 - 75.096, abs=0.001)


def test_minisectors_and_track_rotation(quali):
    pairs = quali["pairs"][:3]  # NOR, PIA, VER fastest laps
    times = minisectors.minisector_times(quali["tel"], pairs, n=25)
    totals = times.groupby("driver")["time_s"].sum().round(3).to_dict()
    assert totals == {"NOR": 75.096, "PIA": 75.18, "VER": 75.481}
    assert minisectors.dominance_summary(times)["minisectors"].sum() == 25
    nor = quali["tel"][quali["tel"]["driver"] == "NOR"]
    degrees, source = tm.track_rotation(quali["corners"], nor)
    assert source == "fitted"  # the kit carries no circuit-info rotation
    rotated = tm.rotated_outline(nor, degrees)
    assert rotated["x"].max() - rotated["x"].min() > rotated["y"].max() - rotated["y"].min()
    assert len(tm.corner_labels(quali["corners"], degrees)) == 14


def test_long_runs_in_practice_and_missing_weather(kit_store):
    fp2 = session_table(kit_store, "laps", SessionKey(2025, 1, "FP2"))
    runs = long_runs.find_long_runs(fp2)
    assert len(runs) >= 10 and (runs["laps"] >= 5).all()
    nor = runs[runs["driver"] == "NOR"].iloc[0]
    assert (nor["compound"], nor["start_lap"], nor["end_lap"], nor["laps"]) == ("MEDIUM", 18, 26, 9)
    abu = SessionKey(2025, 24, "R")
    with pytest.raises(NoData):
        weather.weather_by_lap(session_table(kit_store, "weather", abu),
                               session_table(kit_store, "laps", abu))  # fmt: skip
