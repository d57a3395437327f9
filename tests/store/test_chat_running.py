"""Offline answers that must say plainly what is not stored instead of answering another session."""

from __future__ import annotations

from f1core.chat.offline import answer_offline


def test_unstored_practice_is_not_answered_from_the_race(kit_store):
    stored = kit_store.scalar(
        "SELECT count(*) FROM sessions WHERE year = 2025 AND round = 2 AND session_code = 'FP2'"
    )
    assert stored == 0, "the kit holds no FP2 of the 2025 Chinese GP"
    answer = answer_offline(kit_store, "Who was fastest in FP2 at the 2025 Chinese Grand Prix?")
    assert "FP2 of that event is not stored" in answer.text
    assert answer.citations == []


def test_average_pace_without_a_driver_asks_for_one(kit_store):
    answer = answer_offline(
        kit_store, "What was the average race pace in the 2025 Chinese Grand Prix?"
    )
    assert "Name a driver" in answer.text and answer.citations == []
