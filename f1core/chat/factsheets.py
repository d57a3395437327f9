"""Per-session fact sheets and race-control documents for the chat index.

A fact sheet is one document per topic (result, pole, fastest lap, top speed, stints and
stops, neutralisations, weather, penalties) so retrieval can return exactly the part that
answers a question. Every sheet is built from :mod:`f1core.chat.facts`, so its numbers are
the store's. :func:`index_session` is what ingest (or first use) calls after a session is
loaded.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pandas as pd

from f1core.chat.knowledge import Document, load_knowledge
from f1core.errors import F1CoreError
from f1core.facts import classification, incidents, stints, timing

_TOPICS: tuple[tuple[str, Callable], ...] = (
    ("result", classification.result_fact),
    ("pole", classification.pole_fact),
    ("fastest_lap", classification.fastest_lap_fact),
    ("top_speed", lambda store, key: classification.top_speed_fact(store, key, telemetry=False)),
    ("sectors", timing.sectors_fact),
    ("stints", stints.stops_summary_fact),
    ("neutralisations", incidents.neutralisations_fact),
    ("weather", classification.weather_fact),
    ("penalties", incidents.penalties_fact),
)


def _doc(key, title: str, topic: str, text: str, source: str) -> Document:
    return Document(
        doc_id=f"factsheet:{key}:{topic}",
        title=f"{title}: {topic.replace('_', ' ')}",
        text=f"{title} - {topic.replace('_', ' ')}\n{text}",
        kind="factsheet",
        source=source,
        year=key.year,
        round=key.round,
        session_code=key.session_code,
        extra={"topic": topic},
    )


def session_factsheets(store, key) -> list[Document]:
    """Fact-sheet documents of one stored session (topics without data are left out).

    Raises:
        SessionNotInStore: the session is not loaded.
    """
    row = classification.session_row(store, key)
    title = classification.session_title(row)
    docs = []
    for topic, build in _TOPICS:
        try:
            fact = build(store, key)
        except F1CoreError:
            continue
        source = ",".join(sorted({r.table for r in fact.rows})) or "sessions"
        docs.append(_doc(key, title, topic, fact.text, source))
    return docs


#: Race-control messages per document: single messages embed poorly and cost indexing time.
RC_MESSAGES_PER_DOC = 6


def race_control_documents(store, key, *, per_doc: int = RC_MESSAGES_PER_DOC) -> list[Document]:
    """Race-control messages of the session, ``per_doc`` consecutive messages per document."""
    rc = store.query_df(
        "SELECT time_utc, lap, category, message FROM race_control "
        "WHERE year = ? AND round = ? AND session_code = ? ORDER BY time_utc",
        [key.year, key.round, key.session_code],
    )
    if rc.empty:
        return []
    title = classification.session_title(classification.session_row(store, key))
    docs = []
    for start in range(0, len(rc), per_doc):
        part = rc.iloc[start : start + per_doc]
        laps = part.lap.dropna()
        span = f"laps {int(laps.min())}-{int(laps.max())}" if len(laps) else "no lap"
        lines = [
            f"- {'lap ' + str(int(r.lap)) if not pd.isna(r.lap) else 'no lap'}: {r.message}"
            for r in part.itertuples()
        ]
        docs.append(
            Document(
                doc_id=f"rc:{key}:{start // per_doc:03d}",
                title=f"{title}: race control, {span}",
                text=f"{title}, race control messages ({span}):\n" + "\n".join(lines),
                kind="race_control",
                source="race_control",
                year=key.year,
                round=key.round,
                session_code=key.session_code,
                extra={"first_lap": int(laps.min()) if len(laps) else -1},
            )
        )
    return docs


def index_session(store, key, settings, *, index=None) -> float:
    """(Re)index one session's fact sheets and race-control messages.

    Args:
        store: the store holding the session.
        key: the session.
        settings: Pit Wall settings (the index lives under ``settings.data_dir/chroma``).
        index: an already open index (avoids reopening it).

    Returns:
        Seconds spent, including building the documents.
    """
    from f1core.chat.index import open_index, replace_documents

    start = time.perf_counter()
    index = index or open_index(settings.data_dir)
    docs = session_factsheets(store, key) + race_control_documents(store, key)
    filters = {"year": key.year, "round": key.round, "session_code": key.session_code}
    replace_documents(index, docs, filters=filters)
    return time.perf_counter() - start


def build_index(store, settings, *, index=None, progress=None) -> dict[str, int]:
    """Index the knowledge base and every stored session; returns document counts by kind."""
    from f1core.chat.index import open_index, replace_documents

    index = index or open_index(settings.data_dir)
    progress = progress or (lambda _msg: None)
    kb = load_knowledge()
    replace_documents(index, kb, filters={"kind": "knowledge"})
    counts = {"knowledge": len(kb), "factsheet": 0, "race_control": 0}
    from f1core.store import SessionKey

    for year, rnd, code in store.query_rows(
        "SELECT year, round, session_code FROM sessions ORDER BY ALL"
    ):
        key = SessionKey(int(year), int(rnd), str(code))
        progress(f"Indexing {key}")
        sheets = session_factsheets(store, key)
        rc = race_control_documents(store, key)
        replace_documents(index, sheets + rc, filters={"year": key.year, "round": key.round,
                                                        "session_code": key.session_code})  # fmt: skip
        counts["factsheet"] += len(sheets)
        counts["race_control"] += len(rc)
    return counts


def index_knowledge(index, *, only_if_missing: bool = False) -> int:
    """(Re)index the knowledge base and model cards; returns the number of sections written.

    With ``only_if_missing`` nothing is embedded unless a section was added, removed or
    edited (model cards change when a model is retrained).
    """
    from f1core.chat.index import replace_documents

    kb = load_knowledge()
    wanted = {d.doc_id: d.metadata()["sha"] for d in kb}
    if only_if_missing and index.fingerprints({"kind": "knowledge"}) == wanted:
        return 0  # same sections, same text: nothing to embed
    replace_documents(index, kb, filters={"kind": "knowledge"})
    return len(kb)


def session_is_indexed(index, key, store=None) -> bool:
    """Whether the session's fact sheets are in the index.

    With ``store``, also whether they are current: the documents built from the store now
    must have the same ids and text hashes as the indexed ones (a re-ingested session whose
    data changed is then re-indexed). Building them is store queries only, no embedding.
    """
    filters = {"year": key.year, "round": key.round, "session_code": key.session_code}
    if store is None:
        return bool(index.ids({**filters, "kind": "factsheet"}))
    docs = session_factsheets(store, key) + race_control_documents(store, key)
    return index.fingerprints(filters) == {d.doc_id: d.metadata()["sha"] for d in docs}


def index_is_current(index, store) -> bool:
    """Whether every stored session and the knowledge base have documents in the index."""
    if index.count() == 0:
        return False
    have = set(index.ids({"kind": "factsheet"}))
    sessions = store.query_rows("SELECT year, round, session_code FROM sessions")
    wanted = {d.doc_id: d.metadata()["sha"] for d in load_knowledge()}
    if index.fingerprints({"kind": "knowledge"}) != wanted:
        return False
    return all(any(i.startswith(f"factsheet:{y}/{r}/{c}:") for i in have) for y, r, c in sessions)
