"""Chat facts and history records against the kit store, checked with independent queries."""

from __future__ import annotations

import pytest

from f1core.chat.factsheets import race_control_documents, session_factsheets
from f1core.errors import NoData, SessionNotInStore
from f1core.facts import classification, incidents, records, stints, timing
from f1core.store import SessionKey

AUS_R, AUS_Q, CHN_R = SessionKey(2025, 1, "R"), SessionKey(2025, 1, "Q"), SessionKey(2025, 2, "R")


def test_result_fact_uses_the_store_classification(kit_store):
    fact = classification.result_fact(kit_store, AUS_R)
    gap = kit_store.scalar("SELECT gap_s FROM results WHERE year = 2025 AND round = 1 "
                           "AND session_code = 'R' AND position = 2")  # fmt: skip
    assert f"{gap:.3f} s ahead of Max Verstappen" in fact.text
    assert fact.text.startswith("Lando Norris (McLaren) [NOR] finished first")
    assert fact.rows[0].as_dict()["keys"] == {
        "year": 2025,
        "round": 1,
        "session_code": "R",
        "driver": "NOR",
    }


def test_timing_only_results_defer_to_the_official_f1db_result(kit_store):
    fact = classification.result_fact(kit_store, CHN_R)
    assert "(Official result from F1DB.)" in fact.text
    assert "LEC (DSQ, Car underweight)" in fact.text
    assert fact.rows[0].table == "f1db_race_results"


def test_fastest_lap_and_top_speed_match_direct_queries(kit_store):
    best = kit_store.query_rows(
        "SELECT driver, lap_number, lap_time_s FROM laps WHERE year = 2025 AND round = 1 AND "
        "session_code = 'R' AND lap_time_s IS NOT NULL AND NOT coalesce(deleted, false) "
        "ORDER BY lap_time_s LIMIT 1")[0]  # fmt: skip
    fact = classification.fastest_lap_fact(kit_store, AUS_R)
    assert f"{best[2]:.3f} s" in fact.text and f"lap {best[1]}" in fact.text
    assert fact.rows[0].keys["driver"] == best[0]
    top = kit_store.scalar(
        "SELECT max(speed_st) FROM laps WHERE year = 2025 AND round = 1 AND session_code = 'Q'"
    )
    assert f"{top:.1f} km/h" in classification.top_speed_fact(kit_store, AUS_Q).text


def test_replay_lap_limits_what_is_known(kit_store):
    assert "2 safety cars" in incidents.neutralisations_fact(kit_store, AUS_R, upto_lap=40).text
    assert "3 safety cars" in incidents.neutralisations_fact(kit_store, AUS_R).text
    early = classification.fastest_lap_fact(kit_store, AUS_R, upto_lap=20)
    assert early.rows[0].keys["lap_number"] <= 20
    order = timing.running_order_fact(kit_store, AUS_R, 30)
    assert order.text.startswith("As known at lap 30:")


def test_stints_count_tyre_sets_not_pit_lane_passes(kit_store):
    fact = stints.stints_fact(kit_store, AUS_R, "NOR")
    assert "3 tyre set(s), 2 tyre change stop(s)" in fact.text
    assert "3 of these were passes without a tyre change" in fact.text
    # STR's tyre ages restart after the laps 2-4 passes; they are passes all the same.
    fact = stints.stints_fact(kit_store, AUS_R, "STR")
    assert "3 tyre set(s), 2 tyre change stop(s)" in fact.text
    summary = stints.stops_summary_fact(kit_store, AUS_R).frame.set_index("driver")
    assert summary.loc["STR", "stops"] == 2 and summary["stops"].max() == 2


def test_neutralisations_fall_back_to_track_status(kit_store):
    fact = incidents.neutralisations_fact(kit_store, SessionKey(2025, 7, "R"))
    assert (
        "1 safety car, 1 virtual safety car" in fact.text and fact.rows[0].table == "track_status"
    )


def test_penalties_and_disqualifications(kit_store):
    aus = incidents.penalties_fact(kit_store, AUS_R).text
    assert "CAR 5 (BOR) - UNSAFE RELEASE" in aus and "No driver was disqualified." in aus
    chn = incidents.penalties_fact(kit_store, CHN_R).text
    assert "Lewis Hamilton [HAM] (Illegal skid block wear)" in chn


def test_missing_data_is_a_clear_error(kit_store):
    with pytest.raises(SessionNotInStore):
        classification.session_row(kit_store, SessionKey(2019, 1, "R"))
    with pytest.raises(NoData):
        classification.weather_fact(
            kit_store, SessionKey(2025, 24, "R")
        )  # Abu Dhabi: no weather in the kit


def test_history_records(kit_store):
    wins = kit_store.scalar(
        "SELECT count(*) FROM f1db_race_results WHERE driverId = 'lewis-hamilton' AND position = '1'"
    )
    assert f"Lewis Hamilton with {wins}" in records.record_fact(kit_store, "wins").text
    assert "(tied) with 7" in records.record_fact(kit_store, "titles").text
    senna = records.find_driver(kit_store, "how many poles did ayrton senna get")
    assert senna.driver_id == "ayrton-senna"
    assert records.find_driver(kit_store, "Schumacher").driver_id == "michael-schumacher"
    assert (
        "3 world championship(s) (1988, 1990, 1991)" in records.career_fact(kit_store, senna).text
    )
    assert records.champion_fact(kit_store, 2008).text.startswith("Lewis Hamilton won the 2008")
    with pytest.raises(NoData):
        records.champion_fact(kit_store, 2026)  # the season is not finished in the kit
    assert "Mark Webber" in records.race_winner_fact(kit_store, 2010, "monaco").text


def test_factsheets_and_race_control_documents(kit_store):
    docs = session_factsheets(kit_store, AUS_R)
    topics = [d.extra["topic"] for d in docs]
    assert topics == ["result", "pole", "fastest_lap", "top_speed", "sectors", "stints",
                      "neutralisations", "weather", "penalties"]  # fmt: skip
    assert all(
        d.kind == "factsheet" and (d.year, d.round, d.session_code) == (2025, 1, "R") for d in docs
    )
    rc = race_control_documents(kit_store, AUS_R)
    n = kit_store.scalar(
        "SELECT count(*) FROM race_control WHERE year = 2025 AND round = 1 AND session_code = 'R'"
    )
    assert sum(d.text.count("\n- ") for d in rc) == n  # every message is in exactly one document
    assert race_control_documents(kit_store, CHN_R) == []  # no race control in the kit


def test_teams_and_season_records(kit_store):
    ferrari = records.find_team(kit_store, "How many wins does Ferrari have?")
    assert ferrari.constructor_id == "ferrari"
    assert records.find_team(kit_store, "Red Bull in 2023").name == "Red Bull"
    wins = kit_store.scalar("SELECT count(*) FROM f1db_race_results WHERE constructorId = 'mclaren' "
                            "AND position = '1' AND year = 2024")  # fmt: skip
    mclaren = records.find_team(kit_store, "McLaren")
    assert f"{wins} Grand Prix wins" in records.team_fact(kit_store, mclaren, year=2024).text
    assert records.record_fact(kit_store, "wins", year=2023).text.startswith(
        "Most Grand Prix wins (in 2023): Max Verstappen with 19"
    )
    assert "Red Bull" in records.constructor_champion_fact(kit_store, 2023).text


def test_offline_routing_for_teams_and_sessions(kit_store):
    from f1core.chat.offline import WHICH_SESSION, answer_offline

    answer = answer_offline(kit_store, "Who won the race?")
    assert WHICH_SESSION in answer.text and answer.status == "abstained"
    team = answer_offline(kit_store, "How many poles did McLaren get in 2024?")
    assert team.text.startswith("McLaren (in 2024)")  # the team, not Bruce McLaren


def test_sectors_and_position_gains(kit_store):
    best_s2 = kit_store.query_rows(
        "SELECT driver, sector2_s FROM laps WHERE year = 2025 AND round = 1 AND session_code = 'Q' "
        "AND sector2_s IS NOT NULL AND NOT coalesce(deleted, false) ORDER BY sector2_s LIMIT 1")[0]  # fmt: skip
    text = timing.sectors_fact(kit_store, AUS_Q).text
    assert f"sector 2: Max Verstappen (Red Bull Racing) [{best_s2[0]}] {best_s2[1]:.3f} s" in text
    assert (
        "Biggest gain: ANT +12 (grid P16 -> P4)."
        in classification.result_fact(kit_store, AUS_R).text
    )
    ver = classification.result_fact(kit_store, AUS_R, drivers=["VER"]).text
    assert ver.startswith(
        "VER finished P2 (+0.895 s to the winner, Finished, 57 laps, 18 points, from grid P3)."
    )


def test_track_limits_from_deleted_laps(kit_store):
    n = kit_store.scalar(
        "SELECT count(*) FROM laps WHERE year = 2025 AND round = 1 AND session_code = 'Q' AND deleted"
    )
    fact = incidents.track_limits_fact(kit_store, AUS_Q)
    assert fact.text.startswith(f"{n} lap times were deleted")
    assert "NOR lap 16" in fact.text


def test_pit_lane_times_count_tyre_stops_only(kit_store):
    fact = stints.fastest_pit_lane_fact(kit_store, CHN_R)
    best = kit_store.query_rows(
        "SELECT driver, min(pit_lane_s) FROM pit_stops WHERE year = 2025 AND round = 2 AND session_code = 'R' "
        "GROUP BY driver ORDER BY 2 LIMIT 1")[0]  # fmt: skip
    assert f"{best[1]:.1f} s (entry to exit)" in fact.text
    aus = stints.fastest_pit_lane_fact(kit_store, AUS_R).frame
    assert (aus.pit_lane_s > 17).all()  # the ~13-16 s safety-car pit-lane passes are not tyre stops
    first = stints.pit_extremes_fact(kit_store, AUS_R, "first").frame
    assert first["lap"].min() == 33  # not STR's pass on lap 2


def test_open_questions_about_a_session_get_its_summary(kit_store):
    from f1core.chat.offline import answer_offline
    from f1core.chat.reply import ChatContext

    answer = answer_offline(
        kit_store, "How did Piastri get on?", context=ChatContext(session=AUS_R)
    )
    assert answer.intent == "summary" and answer.text.startswith(
        "2025 Australian Grand Prix - Race: PIA finished P9"
    )
    assert {c["table"] for c in answer.citations} >= {"results", "laps", "stints"}
