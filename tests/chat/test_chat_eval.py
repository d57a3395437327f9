"""Evaluation of the offline answerer on verified question/answer pairs.

The expected answers are first checked against the kit with independent SQL; then every
question is asked and must be answered exactly (all expected strings) with the expected
citation. Latency is measured by ``bench/chat_latency.py``, not here.
"""

from __future__ import annotations

import pytest

from f1core.chat.offline import answer_offline
from f1core.chat.reply import ChatContext
from f1core.store import SessionKey
from tests.chat.eval_set import CASES, answer_matches, citation_matches

IDS = [c.question[:60] for c in CASES]


def test_the_eval_set_is_big_and_varied():
    assert len(CASES) >= 30
    kinds = {c.kind for c in CASES}
    assert kinds == {"session", "history", "knowledge"}
    assert sum(c.truth is not None for c in CASES) >= 25


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.truth],
    ids=[i for c, i in zip(CASES, IDS, strict=True) if c.truth],
)
def test_expected_answers_match_the_data(kit_store, case):
    row = kit_store.query_rows(case.truth)
    assert len(row) == 1, "a truth query returns exactly one row"
    derived = [str(v) for v in row[0]]
    assert all(v in case.expect for v in derived), (derived, case.expect)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_offline_answer_is_exact_and_cited(kit_store, chat_index, case):
    context = ChatContext(session=SessionKey.parse(case.session)) if case.session else None
    answer = answer_offline(kit_store, case.question, context=context, index=chat_index)
    assert answer.mode == "offline"
    assert answer_matches(case, answer.text), answer.text
    assert citation_matches(case, answer.citations), answer.citations
