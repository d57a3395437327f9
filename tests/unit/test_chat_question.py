"""Reading chat questions: intent, session and drivers (tiny hand-built frames)."""

from __future__ import annotations

import pandas as pd
import pytest

from f1core.chat.question import (
    detect_intent,
    detect_session_code,
    detect_year,
    event_aliases,
    is_definition,
    match_drivers,
    parse_question,
)
from f1core.store import SessionKey

SESSIONS = pd.DataFrame(
    [
        (2025, 1, "Q", "Australian Grand Prix", "Australia", "Melbourne", "Melbourne"),
        (2025, 1, "R", "Australian Grand Prix", "Australia", "Melbourne", "Melbourne"),
        (2025, 2, "R", "Chinese Grand Prix", "China", "Shanghai", "Shanghai"),
        (2024, 1, "R", "Bahrain Grand Prix", "Bahrain", "Sakhir", "Sakhir"),
        (2023, 1, "R", "Bahrain Grand Prix", "Bahrain", "Sakhir", "Sakhir"),
        (2025, 6, "S", "Miami Grand Prix", "United States", "Miami", "Miami"),
        (2025, 6, "R", "Miami Grand Prix", "United States", "Miami", "Miami"),
    ],
    columns=["year", "round", "session_code", "event_name", "country", "location", "circuit"],
)
DRIVERS = pd.DataFrame({"driver": ["NOR", "VER", "ANT"],
                        "full_name": ["Lando Norris", "Max Verstappen", "Kimi Antonelli"]})  # fmt: skip


def parse(text, **kw):
    return parse_question(text, SESSIONS, lambda _key: DRIVERS, **kw)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Who won the race?", "result"),
        ("What was the gap to second?", "result"),
        ("Who was on pole?", "pole"),
        ("Who set the fastest lap?", "fastest_lap"),
        ("What was the top speed?", "top_speed"),
        ("What were Norris's stints?", "stints"),
        ("When did Verstappen pit?", "stints"),
        ("How many safety cars were there?", "neutralisations"),
        ("Was there a VSC?", "neutralisations"),
        ("What was the track temperature?", "weather"),
        ("Did it rain?", "weather"),
        ("Who was disqualified?", "disqualification"),
        ("Were there any penalties?", "penalties"),
        ("Who has the most wins?", "record"),
        ("How many wins does Hamilton have?", "career"),
        ("Who was world champion in 2021?", "champion"),
        ("What is the fastest pit stop ever?", "pit_record"),
        ("Tell me something", "knowledge"),
        ("Who led the most laps?", "laps_led"),
        ("How many laps did Piastri lead?", "laps_led"),
        ("What was Norris's average lap time?", "pace"),
        ("Compare their race pace", "pace"),
        ("Who had the longest stint?", "longest_stint"),
        ("Who led the championship after Shanghai?", "standings_after"),
        ("What were the standings after round 3?", "standings_after"),
        ("Who lost the most positions?", "positions"),
        ("Who pitted first?", "pit_extremes"),
        ("Who led lap 1?", "lap_order"),
        ("What was the slowest pit stop?", "pit_extremes"),
        ("How many places did Bearman gain?", "positions"),
    ],
)
def test_detect_intent(text, intent):
    assert detect_intent(text) == intent


def test_career_counts_at_a_named_event_stay_history():
    sessions = pd.DataFrame([{"year": 2025, "round": 4, "session_code": "R", "event_name": "Bahrain Grand Prix",
                              "country": "Bahrain", "location": "Sakhir", "circuit": "Sakhir"}])  # fmt: skip
    p = parse_question("How many times did Verstappen win in Bahrain?", sessions, lambda k: None)
    assert p.intent == "career" and p.key is None


def test_history_words_yield_to_a_named_event():
    assert detect_intent("Who had the most pit stops?", event_named=True) == "stints"
    assert detect_intent("Who had the most pit stops?") == "record"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("What is DRS?", True), ("What is the two-compound rule?", True),
     ("How does the safety car work?", True), ("Which page shows telemetry?", True),
     ("What is the fastest lap?", False), ("How many safety cars were there?", False),
     ("What was the weather like?", False), ("When can drivers use DRS?", True)],
)  # fmt: skip
def test_is_definition(text, expected):
    assert is_definition(text) is expected


def test_year_and_session_code():
    assert detect_year("the 1988 Monaco GP") == 1988 and detect_year("lap 57") is None
    assert detect_session_code("in qualifying") == "Q"
    assert detect_session_code("who was disqualified") is None  # not "qualif"
    assert detect_session_code("sprint qualifying") == "SQ"
    assert detect_session_code("the sprint") == "S"
    assert detect_session_code("FP1") == "FP1"


def test_event_aliases_cover_adjective_country_and_city():
    aliases = event_aliases(SESSIONS.iloc[0])
    assert {"australian", "australia", "melbourne"} <= aliases
    assert "united states" not in event_aliases(SESSIONS.iloc[5])


def test_match_drivers_by_code_surname_and_first_name_in_order():
    assert match_drivers("Did VER beat Norris?", DRIVERS) == ["VER", "NOR"]
    assert match_drivers("How did Kimi do?", DRIVERS) == ["ANT"]
    assert match_drivers("neither nor", DRIVERS) == []  # lower-case "nor" is a word, not a code


def test_parse_picks_latest_event_year_and_session():
    p = parse("Who won the Bahrain Grand Prix?")
    assert p.key == SessionKey(2024, 1, "R") and p.event_named
    assert parse("Who won the 2023 Bahrain GP?").key == SessionKey(2023, 1, "R")
    assert parse("Who was on pole in Australia 2025?").key == SessionKey(2025, 1, "Q")
    assert parse("Who won the Miami sprint?").key == SessionKey(2025, 6, "S")


def test_parse_uses_page_context_when_the_question_names_nothing():
    ctx = SessionKey(2025, 1, "R")
    p = parse("What were the stints?", context_key=ctx, context_drivers=("VER",))
    assert p.key == ctx and p.drivers == ["VER"] and not p.drivers_named
    p = parse("Fastest lap of Norris?", context_key=ctx, context_drivers=("VER",))
    assert p.drivers == ["NOR"] and p.drivers_named
    assert parse("Who won?").key is None  # no context, no event


def test_parse_routes_history_and_definitions_away_from_sessions():
    assert parse("Who has the most pole positions?").intent == "record"
    assert parse("Who has the most pole positions?").key is None
    assert parse("What does DRS mean?").intent == "knowledge"


def test_points_questions_are_about_the_rules():
    assert is_definition("How many points are awarded for a Grand Prix win?")
    assert is_definition("What is the points system?")


def test_generic_subjects_mean_a_rule_question():
    assert is_definition("How many tyre sets does a driver get?")
    assert not is_definition("Which driver had the most pit stops?")


def test_all_time_questions_stay_history_even_for_a_stored_event():
    assert parse("Who has the most wins at the Bahrain Grand Prix?").intent == "record"
    assert parse("Who had the most pit stops in the 2025 Australian GP?").intent == "stints"
