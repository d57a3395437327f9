"""What the chat will not answer (pure functions): scope, seasons beyond the data, compound splits."""

from __future__ import annotations

import pytest

from f1core.chat.offline import split_question
from f1core.chat.scope import (
    abstain_text,
    beyond_data,
    looks_like_code,
    out_of_scope,
    suggestions,
)
from f1core.facts.catalog import TOPICS, similarity, topic


@pytest.mark.parametrize(
    "question",
    [
        "What did Hamilton say on the radio after the race?",
        "How much fuel does a car carry at the start?",
        "What were the tyre pressures on Russell's car?",
        "How hot were the brakes, i.e. the brake temperature at turn 1?",
        "How much ERS deployment did Piastri use?",
        "Who will win the next race?",
        "Who is the best driver of this era?",
        "Should Mercedes have pitted Russell under the VSC?",
        "Write a haiku: compose it about Monza",
        "What is Red Bull's budget?",
    ],
)
def test_out_of_scope_questions_have_a_reason(question):
    assert out_of_scope(question)


@pytest.mark.parametrize(
    "question",
    [
        "What was the best lap of the 2025 Australian Grand Prix?",  # "best" is not an opinion here
        "What was the track temperature at the start?",  # weather is data
        "Who pitted first in the 2025 Chinese Grand Prix?",
        "How many points did Norris score in 2025?",
        "Who was fastest in sector 2?",
    ],
)
def test_data_questions_are_in_scope(question):
    assert out_of_scope(question) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("'; DROP TABLE laps; --", True),
        ("SELECT * FROM laps; DELETE FROM sessions;", True),
        ("select driver from laps", True),
        ("x' OR '1'='1", True),
        ("Which drivers were selected from the academy?", False),
        ("With which team did Norris win from pole", False),
        ("Let me know who won from the front", False),
        ("Who won; who was second?", False),
    ],
)
def test_sql_or_code_is_not_a_question(text, code):
    assert looks_like_code(text) is code
    assert (out_of_scope(text) == "That is SQL or code, not a question; ask in words.") is code


def test_seasons_beyond_the_data():
    assert (
        beyond_data("Who won the 2031 Australian GP?", latest_year=2026)
        == "The data ends in 2026; 2031 is not in it."
    )
    assert beyond_data("Who won the 2025 Australian GP?", latest_year=2026) is None


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("Who won the Miami sprint and where did the pole-sitter finish?",
         ["Who won the Miami sprint?", "where did the pole-sitter finish?"]),
        ("who won bahrain 2025 and who set the fastest lap", ["who won bahrain 2025?", "who set the fastest lap?"]),
        ("Who won? Who was second?", ["Who won?", "Who was second?"]),
        ("Did Norris and Piastri both finish?", ["Did Norris and Piastri both finish?"]),  # one question
        ("What was the pole lap time in Miami 2025 and who set it?",
         ["What was the pole lap time in Miami 2025 and who set it?"]),  # "it": the same question
    ],
)  # fmt: skip
def test_compound_questions_are_split(question, parts):
    assert split_question(question) == parts


def test_abstentions_offer_questions_from_the_catalog():
    offers = suggestions(event="2025 Australian Grand Prix", scope="session")
    assert offers[0] == "Who won the 2025 Australian Grand Prix?" and len(offers) == 3
    assert all("{" not in q for q in suggestions())  # nothing left unfilled without an event
    text = abstain_text("Team radio is not in the data.", offers[:1])
    assert text == ("I can't answer that from the data. Team radio is not in the data. I can answer, "
                    "for example: “Who won the 2025 Australian Grand Prix?”")  # fmt: skip


def test_every_topic_is_described_with_examples():
    assert len({t.name for t in TOPICS}) == len(TOPICS)
    assert all(t.description and t.examples and t.scope in ("session", "history") for t in TOPICS)
    assert similarity("who set the fastest lap", topic("fastest_lap")) > similarity(
        "who set the fastest lap", topic("weather")
    )


def test_model_markdown_never_loads_or_links_remote_content():
    from f1core.chat.reply import defang_markdown

    text = "Norris won. ![pixel](https://evil.example/p.png?k=1) See [the stewards](http://evil.example/x) or https://evil.example/y"
    safe = defang_markdown(text)
    assert "![" not in safe and "](" not in safe
    assert safe == (
        "Norris won. pixel (image not shown: `https://evil.example/p.png?k=1`) See the stewards "
        "(`http://evil.example/x`) or `https://evil.example/y`"
    )
