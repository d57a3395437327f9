"""The entity resolver on its own, against the kit's F1DB tables (and tiny frames)."""

from __future__ import annotations

import pandas as pd
import pytest

from f1core.facts.resolve import (
    HistoryNames,
    detect_lap,
    detect_session_code,
    match_names,
    plain,
    relative_round,
    relative_year,
)


@pytest.fixture(scope="module")
def names(kit_store) -> HistoryNames:
    return HistoryNames(kit_store)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How many wins does Max Verstappen have?", ["max-verstappen"]),
        ("verstappen wins", ["max-verstappen"]),  # surname: the namesake with most entries
        ("VER wins 2021", ["max-verstappen"]),  # three-letter code, upper case
        ("kimi raikkonen wins", ["kimi-raikkonen"]),  # accent-free spelling
        ("Räikkönen's podiums", ["kimi-raikkonen"]),
        ("how many titles did sebastian vettle win", ["sebastian-vettel"]),  # misspelt
        ("verstapen best lap", ["max-verstappen"]),
        ("sainz podiums", ["carlos-sainz-jr"]),  # "Sainz Jr." answers to "Sainz"
        ("Schumacher wins", ["michael-schumacher"]),
        ("gap between norris and piastri", ["lando-norris", "oscar-piastri"]),  # order of mention
    ],
)
def test_drivers_by_code_name_accent_and_misspelling(names, text, expected):
    assert [d.driver_id for d in names.find_drivers(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Who is the greatest F1 driver of all time?",  # Paddy Driver: a rare name in lower case
        "What was the top speed in the race?",  # Scott Speed
        "Who won the sprint and where did the pole-sitter finish?",  # no "Mitter" from "sitter"
        "how many points did he score",
    ],
)
def test_ordinary_words_are_not_drivers(names, text):
    assert names.find_drivers(text) == []


def test_teams_including_former_and_full_names(names):
    assert [t.constructor_id for t in names.find_teams("How many races did Toro Rosso win?")] == [
        "toro-rosso"
    ]
    assert (
        names.find_teams("Scuderia AlphaTauri points")[0].constructor_id == "alphatauri"
    )  # full name
    assert names.find_teams("Red Bull Racing wins")[0].constructor_id == "red-bull"
    assert names.find_teams("who won the first race") == []  # "First" is a 1989 team


@pytest.mark.parametrize(
    ("text", "grand_prix", "circuit"),
    [
        ("who won the british gp in 2008", "great-britain", None),
        ("Chinese GP winners", "china", None),
        ("who won at interlagos in 2019", None, "interlagos"),  # a former circuit name
        ("yas marina 2021 winner", None, "yas-marina"),
        ("who won at imola in 2006", None, "imola"),  # the place, not the circuit's name
        ("how many times did schumacher win at suzuka", None, "suzuka"),
        ("fastest lap in Jeddah", None, "jeddah"),
    ],
)
def test_events_by_name_circuit_city_and_country(names, text, grand_prix, circuit):
    gp = names.find_grand_prix(text)
    assert (gp[0] if gp else None) == grand_prix
    if circuit:
        assert names.find_circuit(text)[0] == circuit


def test_years_sessions_laps_and_relative_words():
    assert relative_round("who won the season opener in 2024") == "first"
    assert relative_round("who won the 2025 season finale") == "last"
    assert relative_round("who won in 2024") is None
    assert relative_year("who won the title last season", latest_complete=2025, latest=2026) == 2025
    assert relative_year("standings this season", latest_complete=2025, latest=2026) == 2026
    assert detect_session_code("pole time in bahrain 2024 quali") == "Q"
    assert detect_session_code("who was fastest in FP2") == "FP2"
    assert detect_session_code("who was disqualified") is None
    assert detect_lap("who was leading on lap 10 in jeddah") == 10


def test_match_names_on_a_tiny_frame():
    frame = pd.DataFrame(
        {"id": ["NOR", "PIA"], "code": ["NOR", "PIA"], "full": ["Lando Norris", "Oscar Piastri"],
         "last": ["Norris", "Piastri"], "rank": [100, 100]}
    )  # fmt: skip
    assert match_names("did piastrri beat NOR?", frame) == ["PIA", "NOR"]
    assert match_names("neither nor", frame) == []  # lower-case "nor" is a word
    assert plain("Pérez's") == "perez s"
