"""Questions that once got an answer to another question now get their own (offline answerer).

Each expected value is read from the kit by SQL in the test, next to the question.
"""

from __future__ import annotations

import pytest

from f1core.chat.offline import answer_offline
from f1core.chat.reply import ChatContext
from f1core.store import SessionKey


def _ask(kit_store, question: str):
    answer = answer_offline(kit_store, question)
    assert answer.status == "answered", answer.text
    return answer.text


def test_race_points_are_not_season_points(kit_store):
    points = kit_store.scalar(
        "SELECT points FROM f1db_race_results WHERE year = 2025 AND round = 5 AND driverId = 'oscar-piastri'"
    )
    text = _ask(kit_store, "How many points did Piastri get for the 2025 Saudi Arabian GP?")
    assert f"PIA finished P1 ({points:g} points" in text and "drivers' championship" not in text


def test_pole_of_a_history_race_is_the_pole_not_the_winner(kit_store):
    name, q3 = kit_store.query_rows(
        "SELECT d.name, q.q3 FROM f1db_qualifying_results q JOIN f1db_drivers d ON d.id = q.driverId "
        "JOIN f1db_races r ON r.id = q.raceId WHERE r.year = 2024 AND r.grandPrixId = 'monaco' "
        "AND CAST(q.position AS VARCHAR) = '1'"
    )[0]
    assert _ask(kit_store, "Who set pole in Monaco 2024?").startswith(
        f"{name} took pole"
    ) and q3 in _ask(kit_store, "Who set pole in Monaco 2024?")


def test_a_team_at_a_venue_and_a_driver_with_a_team(kit_store):
    wins = kit_store.scalar(
        "SELECT count(*) FROM f1db_race_results x JOIN f1db_races r ON r.id = x.raceId "
        "WHERE r.circuitId = 'monza' AND x.constructorId = 'ferrari' AND x.position = '1'"
    )
    assert f"Ferrari at Monza: {wins} Grand Prix wins" in _ask(
        kit_store, "How many races has Ferrari won at Monza?"
    )
    wins = kit_store.scalar(
        "SELECT count(*) FROM f1db_race_results WHERE driverId = 'sebastian-vettel' AND constructorId = 'red-bull' "
        "AND position = '1'"
    )
    assert f"{wins} wins" in _ask(kit_store, "How many wins did Vettel get with Red Bull?")


def test_standings_by_place_and_after_a_round_without_a_page_session(kit_store):
    third = kit_store.scalar(
        "SELECT d.name FROM f1db_season_driver_standings s JOIN f1db_drivers d ON d.id = s.driverId "
        "WHERE s.year = 2008 AND CAST(s.position AS VARCHAR) = '3'"
    )
    assert f"P3 {third}" in _ask(kit_store, "Who came 3rd in the 2008 championship?")
    leader = kit_store.scalar(
        "SELECT d.name FROM f1db_driver_standings_after_race s JOIN f1db_drivers d ON d.id = s.driverId "
        "WHERE s.year = 2025 AND s.round = 3 AND CAST(s.position AS VARCHAR) = '1'"
    )
    assert f"{leader} led the drivers' championship" in _ask(
        kit_store, "Who led the championship after round 3 in 2025?"
    )


def test_unknown_or_absent_drivers_are_abstained_on(kit_store):
    answer = answer_offline(
        kit_store, "How many wins does Bob Jonesy have?"
    )  # not Alan Jones misspelt
    assert answer.status == "abstained" and "could not find that driver" in answer.text
    answer = answer_offline(kit_store, "What were Zanardi's stints in the 2025 Australian GP?")
    assert answer.status == "abstained"
    assert "Alex Zanardi did not take part in the 2025 Australian Grand Prix." in answer.text


def test_a_compound_history_question_keeps_the_season_and_venue(kit_store):
    pole = kit_store.scalar(
        "SELECT d.name FROM f1db_qualifying_results q JOIN f1db_drivers d ON d.id = q.driverId "
        "JOIN f1db_races r ON r.id = q.raceId WHERE r.year = 2025 AND r.grandPrixId = 'monaco' "
        "AND CAST(q.position AS VARCHAR) = '1'"
    )
    text = _ask(kit_store, "Who won the Monaco GP in 2025 and who was on pole?")
    assert (
        "won the 2025 Monaco Grand Prix" in text
        and f"{pole} took pole for the 2025 Monaco Grand Prix" in text
    )


def test_a_drivers_penalty_question_gets_that_drivers_penalties(kit_store):
    unpunished = _ask(kit_store, "Why was Tsunoda penalised in the 2025 Australian Grand Prix?")
    assert "No penalty for TSU was announced in race control." in unpunished
    assert "finished P12" not in unpunished  # not his race summary: another question
    punished = _ask(kit_store, "Was Bortoleto penalized in Australia 2025?")
    assert punished.count("5 SECOND TIME PENALTY FOR CAR 5 (BOR) - UNSAFE RELEASE") >= 1
    assert punished.startswith("2025 Australian Grand Prix - Race: BOR: lap 43")


AUS_CONTEXT = ChatContext(session=SessionKey(2025, 1, "R"), drivers=("NOR", "VER", "RUS"))


@pytest.mark.parametrize(
    "text",
    ["'; DROP TABLE laps; --", "SELECT * FROM laps; DELETE FROM sessions;", "asdf qwerty"],
)
def test_sql_or_words_that_ask_nothing_get_no_answer_about_the_page_session(kit_store, text):
    answer = answer_offline(kit_store, text, context=AUS_CONTEXT)
    assert answer.status == "abstained", answer.text
    assert answer.text.startswith("I can't answer that from the data.")
    assert "finished first" not in answer.text and answer.citations == []


@pytest.mark.parametrize(
    ("text", "intent"),
    [("Tell me about this session", "summary"), ("How did Norris do?", "summary"),
     ("Who won?", "result")],
)  # fmt: skip
def test_questions_about_the_page_session_are_still_answered(kit_store, text, intent):
    answer = answer_offline(kit_store, text, context=AUS_CONTEXT)
    assert answer.status == "answered" and answer.intent == intent
    assert answer.session == "2025/1/R"
