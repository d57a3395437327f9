"""The Chroma index: session fact sheets indexed and replaced, filtered search, lazy imports."""

from __future__ import annotations

import subprocess
import sys

from f1core.chat.factsheets import index_session, session_is_indexed
from f1core.config import PROJECT_ROOT
from f1core.store import SessionKey

CHN_R = SessionKey(2025, 2, "R")


def test_index_session_adds_and_replaces_fact_sheets(chat_index, kit_store, chat_settings):
    index_session(kit_store, CHN_R, chat_settings, index=chat_index)
    first = set(chat_index.ids({"year": 2025, "round": 2, "session_code": "R"}))
    assert session_is_indexed(chat_index, CHN_R)
    assert "factsheet:2025/2/R:result" in first and "factsheet:2025/2/R:penalties" in first
    index_session(kit_store, CHN_R, chat_settings, index=chat_index)  # again: replaced, not added
    assert set(chat_index.ids({"year": 2025, "round": 2, "session_code": "R"})) == first
    hits = chat_index.search("who was disqualified after the race", k=3,
                             filters={"year": 2025, "round": 2, "kind": "factsheet"})  # fmt: skip
    assert hits[0].doc.doc_id == "factsheet:2025/2/R:penalties"
    assert all(h.doc.session_code == "R" and h.doc.year == 2025 for h in hits)


def test_knowledge_search_finds_the_rule(chat_index):
    hits = chat_index.search("When may a driver use the drag reduction system?", k=3,
                             filters={"kind": "knowledge"})  # fmt: skip
    assert hits[0].doc.doc_id == "kb:rules_race_procedures:drs-drag-reduction-system"
    assert hits[0].doc.source == "rules_race_procedures.md" and 0 <= hits[0].distance < 1


def test_chat_modules_do_not_import_torch_or_chromadb_until_needed():
    code = (
        "import sys\n"
        "import f1core.chat.answer, f1core.chat.offline, f1core.chat.cli, f1core.chat.tools\n"
        "import f1core.chat.factsheets, f1core.chat.index, f1core.chat.groq_client\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'chromadb', 'groq') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True,
                         check=True)  # fmt: skip
    assert out.stdout.strip() == ""


def test_a_reingested_session_with_changed_data_is_seen_as_stale(
    chat_index, kit_store, empty_store, chat_settings
):
    from f1core.store.queries import session_table
    from f1core.store.schema import HISTORY_SOURCES, SESSION_TABLES
    from f1core.store.writes import replace_session, replace_table

    frames = {t: session_table(kit_store, t, CHN_R).drop(columns=["year", "round", "session_code"])
              for t in SESSION_TABLES if t != "telemetry"}  # fmt: skip
    replace_session(empty_store, CHN_R, frames)
    for table in HISTORY_SOURCES:  # fact sheets cite the official result from history
        replace_table(empty_store, table, kit_store.query_df(f"SELECT * FROM {table}"))
    index_session(kit_store, CHN_R, chat_settings, index=chat_index)
    try:
        assert session_is_indexed(chat_index, CHN_R, empty_store)  # same data: current
        laps = frames["laps"]
        laps.loc[laps["lap_time_s"].idxmin(), "lap_time_s"] -= 1.0  # a corrected fastest lap
        replace_session(empty_store, CHN_R, frames)
        assert session_is_indexed(chat_index, CHN_R)  # documents exist...
        assert not session_is_indexed(chat_index, CHN_R, empty_store)  # ...but are stale
        index_session(empty_store, CHN_R, chat_settings, index=chat_index)
        assert session_is_indexed(chat_index, CHN_R, empty_store)
    finally:
        index_session(kit_store, CHN_R, chat_settings, index=chat_index)  # shared index: restore
