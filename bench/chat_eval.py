"""Chat accuracy: development set, held-out set, out-of-scope abstention, confident-wrong answers.

Run: ``.venv/bin/python bench/chat_eval.py [--baseline REF]``. Three sets: development
(``tests/chat/eval_set.py``), held-out (written before the engine) and a probe (written after
it, measured once, never tuned), each with out-of-scope questions where it has them. The offline answerer of the
working tree is measured next to today's answerer (the ``f1core`` package at git ``REF``,
default ``32ee9bc``: main before the fact engine), extracted with ``git archive`` into a
temporary folder and run in its own process on the same store copy, in the same run.

Scoring (the same for both): a data question is *correct* when every expected string is in
the answer; an answer that is neither correct nor an abstention is *confident-wrong*. An
out-of-scope question must be abstained on; answering it is confident-wrong. Answers
without an explicit ``status`` (today's answerer) count as abstentions when their text
refuses (starts "No ...", "I cannot", "Which session", or says "I cannot answer"): generous to it.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE_REF = "32ee9bc"
_REFUSAL = re.compile(
    r"^(No |I cannot|I can't|Which session)|I cannot answer|I can't answer|so I cannot answer",
    re.IGNORECASE,
)


def worker(code_root: str, store_path: str, data_dir: str) -> None:
    """Answer the questions on stdin (JSON) with the f1core under ``code_root``."""
    sys.path.insert(0, code_root)
    from f1core.chat.answer import ask, open_ready_index
    from f1core.chat.reply import ChatContext
    from f1core.config import load_settings
    from f1core.store import SessionKey, open_store

    questions = json.load(sys.stdin)
    settings = load_settings(store_path=Path(data_dir) / "f1.duckdb")
    store = open_store(Path(store_path))
    index = open_ready_index(store, settings)
    out = []
    for item in questions:
        ctx = (
            ChatContext(session=SessionKey.parse(item["session"])) if item.get("session") else None
        )
        start = time.perf_counter()
        answer = ask(
            store, item["question"], settings=settings, context=ctx, offline=True, index=index
        )
        seconds = time.perf_counter() - start
        status = getattr(answer, "status", None) or (
            "abstained" if _REFUSAL.search(answer.text) else "answered"
        )
        out.append({"text": answer.text, "status": status, "seconds": seconds})
    store.close()
    json.dump(out, sys.stdout)


def extract(ref: str) -> Path:
    """The repository's ``f1core``, ``data/knowledge`` and model cards at ``ref``, in a temp folder."""
    target = Path(tempfile.mkdtemp(prefix=f"pitwall-{ref}-"))
    archive = target / "src.tar"
    paths = ["f1core", "data/knowledge", "models"]
    subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), ref, *paths], check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    archive.unlink()
    return target


def run(code_root: Path, store_path: Path, items: list[dict]) -> list[dict]:
    data_dir = tempfile.mkdtemp(prefix="pitwall-chat-")
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", str(code_root), str(store_path), data_dir],
        input=json.dumps(items), capture_output=True, text=True, check=False, cwd=str(ROOT),
    )  # fmt: skip
    if proc.returncode:
        raise SystemExit(f"worker for {code_root} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


def score(cases, matches, out_of_scope, answers: list[dict]) -> dict:
    n = len(cases)
    data, oos = answers[:n], answers[n:]
    correct = [
        matches(c, a["text"]) and a["status"] == "answered"
        for c, a in zip(cases, data, strict=True)
    ]
    wrong = [a["status"] == "answered" and not ok for a, ok in zip(data, correct, strict=True)]
    abstained = [a["status"] == "abstained" for a in oos]
    return {
        "correct": sum(correct), "n": n, "wrong": sum(wrong),
        "oos_abstained": sum(abstained), "oos_n": len(oos), "oos_wrong": len(oos) - sum(abstained),
        "misses": [c.question for c, ok in zip(cases, correct, strict=True) if not ok],
        "oos_answered": [q for q, ok in zip(out_of_scope, abstained, strict=True) if not ok],
        "seconds": sorted(a["seconds"] for a in answers),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE_REF, help="git ref of today's answerer")
    parser.add_argument(
        "--worker", nargs=3, metavar=("CODE", "STORE", "DATA"), help=argparse.SUPPRESS
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    sys.path.insert(0, str(ROOT))
    from bench._kit import kit_store_copy
    from tests.chat.eval_set import CASES, answer_matches
    from tests.chat.heldout_set import HELDOUT, OUT_OF_SCOPE, heldout_matches
    from tests.chat.probe_set import PROBE, PROBE_OUT_OF_SCOPE

    store_path = kit_store_copy()
    sets = {"development": (CASES, answer_matches, ()), "held-out": (HELDOUT, heldout_matches, OUT_OF_SCOPE),
            "probe": (PROBE, heldout_matches, PROBE_OUT_OF_SCOPE)}  # fmt: skip
    for label, code_root in ((f"today's answerer ({args.baseline})", extract(args.baseline)),
                             ("fact engine (working tree)", ROOT)):  # fmt: skip
        print(f"== {label}")
        for name, (cases, matches, out_of_scope) in sets.items():
            items = [{"question": c.question, "session": c.session} for c in cases]
            items += [{"question": q} for q in out_of_scope]
            r = score(cases, matches, out_of_scope, run(code_root, store_path, items))
            t = r["seconds"]
            line = (f"  {name:>11}: correct {r['correct']}/{r['n']} = {r['correct'] / r['n']:.1%}, "
                    f"confident-wrong {r['wrong']}, p50 {1000 * t[len(t) // 2]:.0f} ms, "
                    f"p95 {1000 * t[int(0.95 * (len(t) - 1))]:.0f} ms")  # fmt: skip
            print(line)
            if out_of_scope:
                print(f"  {name} out-of-scope: abstained {r['oos_abstained']}/{r['oos_n']}, "
                      f"confident-wrong {r['oos_wrong']}")  # fmt: skip
            if args.verbose:
                print("    misses:", r["misses"])
                print("    out-of-scope answered:", r["oos_answered"])


if __name__ == "__main__":
    main()
