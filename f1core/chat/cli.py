"""``python -m f1core ask`` and ``python -m f1core index``: the chat from the command line."""

from __future__ import annotations

import json
import os
import sys

from f1core.errors import BadQuestion


def register(subparsers) -> None:
    """Add the ``ask`` and ``index`` commands."""
    ask = subparsers.add_parser(
        "ask",
        help="ask the race engineer a question about the stored data",
        description="Answer a question from the store (offline answerer, or Groq with "
        "GROQ_API_KEY set) and print the citations.",
    )
    ask.add_argument("question", help='e.g. "Who won the 2025 Australian Grand Prix?"')
    ask.add_argument("--session", help="context session YEAR/ROUND/CODE, e.g. 2025/1/R")
    ask.add_argument("--drivers", help="context drivers, comma separated, e.g. NOR,VER")
    ask.add_argument("--offline", action="store_true", help="never call Groq")
    ask.add_argument(
        "--json", action="store_true", help='print {"answer", "status", "citations", ...}'
    )
    ask.set_defaults(func=run_ask)
    index = subparsers.add_parser(
        "index",
        help="(re)build the chat's Chroma index: knowledge base, fact sheets, race control",
        description="Embed the knowledge base and every stored session's fact sheets and "
        "race-control messages into <data dir>/chroma.",
    )
    index.add_argument("--session", help="only re-index this session YEAR/ROUND/CODE")
    index.set_defaults(func=run_index)


def _context(args):
    from f1core.chat.reply import ChatContext
    from f1core.store import SessionKey

    key = None
    if args.session:
        try:
            key = SessionKey.parse(args.session)
        except ValueError:
            raise BadQuestion(f"--session must look like 2025/1/R, not {args.session!r}.") from None
    drivers = tuple(d.strip().upper() for d in (args.drivers or "").split(",") if d.strip())
    return ChatContext(session=key, drivers=drivers)


def run_ask(args, settings) -> int:
    """Answer one question and print it with its citations."""
    from f1core.chat.answer import ask, open_ready_index
    from f1core.store import open_store

    context = _context(args)
    # read-only: a terminal can ask while the app (or another reader) holds the store
    store = open_store(settings.store_path, read_only=settings.store_path.exists())
    try:
        answer = ask(
            store,
            args.question,
            settings=settings,
            context=context,
            api_key=None if args.offline else os.environ.get("GROQ_API_KEY"),
            offline=args.offline,
            index=lambda: open_ready_index(store, settings, sessions=[context.session]),
        )
    finally:
        store.close()
    if args.json:
        print(json.dumps(answer.to_json(), default=str, ensure_ascii=False))
        return 0
    if answer.notice:
        print(f"note: {answer.notice}", file=sys.stderr)
    print(answer.text)
    if answer.verdict:
        print(f"\n{answer.verdict}")
    if answer.citations:
        print("\nCitations:")
        for c in answer.citations:
            if c["type"] == "document":
                print(f"  - document {c['id']} ({c['title']})")
            else:
                keys = ", ".join(f"{k}={v}" for k, v in c.get("keys", {}).items())
                print(
                    f"  - store {c['table']}"
                    + (f" [{keys}]" if keys else "")
                    + (f" sql: {c['sql']}" if c.get("sql") else "")
                )
    return 0


def run_index(args, settings) -> int:
    """Build or refresh the chat index."""
    from f1core.chat.factsheets import build_index, index_session
    from f1core.chat.index import open_index
    from f1core.store import SessionKey, open_store

    store = open_store(settings.store_path, read_only=settings.store_path.exists())
    try:
        index = open_index(settings.data_dir)
        if args.session:
            seconds = index_session(store, SessionKey.parse(args.session), settings, index=index)
            print(
                f"Indexed {args.session} in {seconds:.1f} s ({index.count()} documents in the index)."
            )
            return 0
        counts = build_index(
            store, settings, index=index, progress=lambda m: print(m, file=sys.stderr)
        )
    finally:
        store.close()
    print(
        f"Indexed {counts['knowledge']} knowledge sections, {counts['factsheet']} fact sheets, "
        f"{counts['race_control']} race-control documents into {index.path}."
    )
    return 0
