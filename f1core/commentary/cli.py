"""``python -m f1core commentary YEAR/ROUND/CODE``: a stored race's feed on the terminal."""

from __future__ import annotations

import os
import sys

from f1core.commentary import feed as cf
from f1core.commentary.events import IMPORTANCE

LEVELS = tuple(IMPORTANCE.values())


def register(subparsers) -> None:
    """Add the ``commentary`` command to the ``python -m f1core`` parser."""
    parser = subparsers.add_parser(
        "commentary",
        help="print a stored race's commentary feed (every sentence checked against the store)",
        description="Events of a stored race or sprint, lap by lap, each sentence checked against "
        "the rows it cites. With GROQ_API_KEY and --groq, a model tells them; a sentence that "
        "states anything its event does not hold is replaced by the template sentence.",
    )
    parser.add_argument("session", help="stored session YEAR/ROUND/CODE, e.g. 2025/1/R")
    parser.add_argument("--lap", type=int, help="as known when the leader completed this lap")
    parser.add_argument("--level", choices=LEVELS, default="notable",
                        help="show events of this importance and above (default: notable)")  # fmt: skip
    parser.add_argument("--groq", action="store_true", help="tell the events with Groq")
    parser.add_argument("--json", action="store_true", help="print JSON rows with citations")
    parser.set_defaults(func=run_commentary)


def run_commentary(args, settings) -> int:
    from f1core.chat.groq_client import GroqConfig
    from f1core.commentary import voice
    from f1core.store import SessionKey, open_store

    store = open_store(settings.store_path, read_only=True)
    try:
        feed = cf.race_feed(store, SessionKey.parse(args.session))
    finally:
        store.close()
    levels = LEVELS[: LEVELS.index(args.level) + 1]
    upto = args.lap if args.lap is not None else max((e.lap for e in feed.events), default=0)
    rewrites = {}
    if args.groq:
        config = GroqConfig.from_settings(os.environ.get("GROQ_API_KEY"), settings)
        if config is None:
            print("GROQ_API_KEY is not set: the template sentences are shown.", file=sys.stderr)
        else:
            wanted = [i for i, e in enumerate(feed.events)
                      if e.lap <= upto and IMPORTANCE[e.importance] in levels]  # fmt: skip
            out = voice.rewrite([feed.events[i] for i in wanted], config, feed.who)
            rewrites = {wanted[j]: s for j, s in out.said.items()}
            for note in out.notes:
                print(note, file=sys.stderr)
    frame = cf.as_known_at(feed.frame(rewrites), upto, levels=levels, newest_first=False)
    for note in feed.notes:
        print(note, file=sys.stderr)
    if args.json:
        print(frame.to_json(orient="records", force_ascii=False))
        return 0
    for r in frame.itertuples():
        mark = "" if r.source == "template" else f"  [{r.source}]"
        print(f"lap {r.lap:>3}  {r.text}{mark}")
    return 0
