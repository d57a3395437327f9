"""The offline fact engine on the held-out set: a floor, not a per-question fit.

The held-out questions (``heldout_set.py``) were written before the engine; this test only
asks that at least 90 % are answered exactly and that no out-of-scope question gets an
answer. ``bench/chat_eval.py`` prints the figures next to today's answerer.
"""

from __future__ import annotations

from f1core.chat.offline import answer_offline
from tests.chat.heldout_set import HELDOUT, OUT_OF_SCOPE, heldout_matches

HELDOUT_FLOOR = 0.90


def test_heldout_accuracy_is_above_the_floor(kit_store, chat_index):
    answers = [answer_offline(kit_store, c.question, index=chat_index) for c in HELDOUT]
    correct = [
        a.status == "answered" and heldout_matches(c, a.text)
        for c, a in zip(HELDOUT, answers, strict=True)
    ]
    misses = [c.question for c, ok in zip(HELDOUT, correct, strict=True) if not ok]
    assert sum(correct) / len(HELDOUT) >= HELDOUT_FLOOR, misses
    assert all(a.citations for a in answers if a.status == "answered"), "every answer is cited"


def test_no_out_of_scope_question_is_answered(kit_store, chat_index):
    for question in OUT_OF_SCOPE:
        answer = answer_offline(kit_store, question, index=chat_index)
        assert answer.status == "abstained", (question, answer.text)
        assert answer.text.startswith("I can't answer that from the data.")
        assert answer.citations == []


def test_an_abstention_offers_questions_about_the_named_session(kit_store):
    answer = answer_offline(
        kit_store, "What was Norris's ERS deployment in the 2025 Chinese Grand Prix?"
    )
    assert answer.status == "abstained" and "“" in answer.text
    answer = answer_offline(kit_store, "What was the weather like in the 2025 Miami sprint?")
    assert answer.status == "abstained" and "No weather data is stored for 2025/6/S." in answer.text
    assert "Who won the 2025 Miami Grand Prix?" in answer.text  # offers about the named event


def test_a_compound_question_answers_each_part_with_both_citations(kit_store):
    answer = answer_offline(
        kit_store, "Who won the 2025 Bahrain Grand Prix and who set the fastest lap?"
    )
    assert answer.status == "answered" and answer.intent == "result+fastest_lap"
    tables = {c["table"] for c in answer.citations}
    assert {"laps"} <= tables and tables & {"results", "f1db_race_results"}
