"""The held-out set is checked against the data on every run (answers are scored by the bench).

The answerer's score on this set is a floor test in ``test_chat_engine.py`` and a figure in
``bench/chat_eval.py``; this file only proves that each expected answer is what the kit says.
"""

from __future__ import annotations

import pytest

from tests.chat.heldout_set import HELDOUT, OUT_OF_SCOPE
from tests.chat.probe_set import PROBE


def test_the_heldout_set_is_big_and_varied():
    assert len(HELDOUT) >= 60
    assert len(OUT_OF_SCOPE) >= 15
    assert all(c.truth for c in HELDOUT), "every held-out answer is verified by a query"
    assert sum(c.kind == "history" for c in HELDOUT) >= 15
    assert sum(" and " in c.question for c in HELDOUT) >= 3  # compound questions
    questions = [c.question for c in HELDOUT] + list(OUT_OF_SCOPE)
    assert len(set(questions)) == len(questions)


@pytest.mark.parametrize("case", HELDOUT + PROBE, ids=[c.question[:60] for c in HELDOUT + PROBE])
def test_heldout_answers_match_the_data(kit_store, case):
    rows = kit_store.query_rows(case.truth)
    assert len(rows) == 1, "a truth query returns exactly one row"
    allowed = {alt for e in case.expect for alt in e.split("|")}
    derived = [str(v) for v in rows[0]]
    assert all(v in allowed for v in derived), (derived, case.expect)
