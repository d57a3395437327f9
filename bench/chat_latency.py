"""Chat benchmark: offline accuracy and latency on the eval set, retrieval, indexing, sandbox.

Run: ``.venv/bin/python bench/chat_latency.py``. Every figure is printed next to a named
baseline measured in the same run:

- offline answerer vs a retrieval-only answerer (nearest fact sheet or knowledge section
  quoted as the answer): exact-answer accuracy, citation correctness, p50/p95 latency;
- Chroma retrieval vs exact brute-force cosine search in numpy over the same embeddings;
- indexing one session with race-control messages grouped 6 per document vs one per message;
- building the SQL sandbox by Arrow copy vs by pandas DataFrame copy.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._kit import kit_store_copy  # noqa: E402
from tests.chat.eval_set import CASES, answer_matches, citation_matches  # noqa: E402


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main() -> None:
    import numpy as np

    from f1core.chat.factsheets import index_knowledge, race_control_documents, session_factsheets
    from f1core.chat.index import open_index, replace_documents
    from f1core.chat.offline import answer_offline
    from f1core.chat.reply import ChatContext, doc_citation
    from f1core.chat.sandbox import build_sandbox
    from f1core.config import load_settings
    from f1core.store import SessionKey, open_store

    store_path = kit_store_copy()
    data_dir = Path(tempfile.mkdtemp(prefix="pitwall-chat-"))
    settings = load_settings(store_path=data_dir / "f1.duckdb")
    store = open_store(store_path)

    # --- index: knowledge + fact sheets of every stored session (baseline needs them)
    index, t_open = timed(lambda: open_index(settings.data_dir))
    _, t_kb = timed(lambda: index_knowledge(index))
    sessions = [SessionKey(int(y), int(r), str(c)) for y, r, c in
                store.query_rows("SELECT year, round, session_code FROM sessions ORDER BY ALL")]  # fmt: skip
    t0 = time.perf_counter()
    for key in sessions:
        replace_documents(index, session_factsheets(store, key),
                          filters={"year": key.year, "round": key.round, "session_code": key.session_code})  # fmt: skip
    t_sheets = time.perf_counter() - t0
    print(f"index: model+open {t_open:.1f} s, knowledge {t_kb:.1f} s, fact sheets of "
          f"{len(sessions)} sessions {t_sheets:.1f} s ({index.count()} documents)")  # fmt: skip

    # --- offline answerer vs retrieval-only baseline on the eval set
    def retrieval_only(question: str):
        hit = index.search(question, k=1)[0]
        return hit.doc.text, [doc_citation(hit.doc)]

    for case in CASES:  # warm-up pass (SQL plans, embedding model)
        answer_offline(store, case.question, index=index)
        retrieval_only(case.question)
    ours, base = {"ok": 0, "cite": 0, "t": []}, {"ok": 0, "cite": 0, "t": []}
    misses = []
    for case in CASES:
        ctx = ChatContext(session=SessionKey.parse(case.session)) if case.session else None
        ans, dt = timed(
            lambda case=case, ctx=ctx: answer_offline(
                store, case.question, context=ctx, index=index
            )
        )
        ours["t"].append(dt)
        ours["ok"] += answer_matches(case, ans.text)
        ours["cite"] += citation_matches(case, ans.citations)
        if not answer_matches(case, ans.text):
            misses.append(case.question)
        (text, cites), dt = timed(lambda case=case: retrieval_only(case.question))
        base["t"].append(dt)
        base["ok"] += answer_matches(case, text)
        base["cite"] += citation_matches(case, cites)  # strict: same rule as ours
    n = len(CASES)
    for name, r in (("offline answerer", ours), ("baseline retrieval-only", base)):
        print(f"{name:>24}: exact {r['ok']}/{n} = {r['ok'] / n:.1%}, citations {r['cite']}/{n} = "
              f"{r['cite'] / n:.1%}, p50 {1000 * pct(r['t'], .5):.1f} ms, p95 {1000 * pct(r['t'], .95):.1f} ms")  # fmt: skip
    print(
        f"accuracy ratio offline/baseline: {ours['ok'] / max(1, base['ok']):.2f}x; "
        f"p50 latency ratio: {pct(ours['t'], 0.5) / pct(base['t'], 0.5):.2f}x"
    )
    if misses:
        print("offline misses:", misses)

    # --- retrieval vs numpy brute force
    queries = [c.question for c in CASES]
    got = index._col.get(include=["embeddings"])
    matrix = np.asarray(got["embeddings"], dtype=np.float32)
    ef = index._col._embedding_function
    t_chroma, t_numpy, agree = [], [], 0
    for q in queries * 3:
        hits, dt = timed(lambda q=q: index.search(q, k=5))
        t_chroma.append(dt)

        def brute(q=q):
            v = np.asarray(ef([q])[0], dtype=np.float32)
            return np.argsort(-(matrix @ v))[:5]

        top, dt = timed(brute)
        t_numpy.append(dt)
        agree += hits[0].doc.doc_id == got["ids"][int(top[0])]
    print(f"retrieval p50 {1000 * statistics.median(t_chroma):.1f} ms (p95 {1000 * pct(t_chroma, .95):.1f} ms) "
          f"vs baseline numpy brute force {1000 * statistics.median(t_numpy):.1f} ms: ratio "
          f"{statistics.median(t_chroma) / statistics.median(t_numpy):.2f}x; top-1 agreement "
          f"{agree}/{len(t_chroma)}")  # fmt: skip

    # --- indexing one session: grouped race control vs one document per message
    key = SessionKey(2025, 1, "R")
    flt = {"year": key.year, "round": key.round, "session_code": key.session_code}

    def index_one(per_doc: int) -> int:
        docs = session_factsheets(store, key) + race_control_documents(store, key, per_doc=per_doc)
        replace_documents(index, docs, filters=flt)
        return len(docs)

    n_grouped, t_grouped = timed(lambda: index_one(6))
    n_single, t_single = timed(lambda: index_one(1))
    index_one(6)
    print(
        f"index one session ({key}): {t_grouped:.2f} s for {n_grouped} docs vs baseline one doc "
        f"per message {t_single:.2f} s for {n_single} docs: ratio {t_grouped / t_single:.2f}x"
    )

    # --- sandbox: Arrow copy vs pandas copy
    def pandas_copy():
        import duckdb

        from f1core.store.schema import public_tables

        conn = duckdb.connect(":memory:")
        for name in public_tables():
            if name != "telemetry" and store.table_exists(name):
                frame = store.query_df(f'SELECT * FROM "{name}"')
                conn.register("_f", frame)
                conn.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _f')
                conn.unregister("_f")
        conn.close()

    box, t_arrow = timed(lambda: build_sandbox(store))
    _, t_pandas = timed(pandas_copy)
    q, t_q = timed(lambda: box.query("SELECT driver, min(lap_time_s) FROM laps GROUP BY 1"))
    print(
        f"sandbox build (Arrow copy of {len(box.tables)} tables) {t_arrow:.2f} s vs baseline pandas "
        f"copy {t_pandas:.2f} s: ratio {t_arrow / t_pandas:.2f}x; a GROUP BY over laps {1000 * t_q:.1f} ms"
    )
    box.close()
    store.close()
    shutil.rmtree(data_dir, ignore_errors=True)
    shutil.rmtree(store_path.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
