"""``ingest`` and ``sessions`` commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from f1core.config import Settings
from f1core.errors import F1CoreError
from f1core.ingest import ingest_kit, ingest_session
from f1core.store import open_store
from f1core.store.queries import list_sessions


def register(sub) -> None:
    """Add the ``ingest`` and ``sessions`` commands."""
    p = sub.add_parser("ingest", help="load a FastF1 session, or a whole data kit, into the store")
    p.add_argument("year", nargs="?", type=int)
    p.add_argument("event", nargs="?", help="event name, country, location or round number")
    p.add_argument("session", nargs="?", help="FP1 FP2 FP3 SQ SS S Q R")
    p.add_argument("--kit", type=Path, help="ingest every session, telemetry and history of a kit")
    p.add_argument("--cache", type=Path, help="FastF1 cache directory")
    p.add_argument("--offline", action="store_true", help="never touch the network")
    p.add_argument("--telemetry", action="store_true", help="also load car telemetry (online)")
    p.set_defaults(func=_ingest)
    s = sub.add_parser("sessions", help="list the sessions in the store")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=_sessions)


def _ingest(args, settings: Settings) -> int:
    settings = settings.with_overrides(fastf1_cache=args.cache, offline=args.offline or None)
    store = open_store(settings.store_path, lock_wait_s=settings.store_lock_wait_s)
    if store.moved_aside:
        print(f"warning: the old store was not readable and was kept as {store.moved_aside}")
    if args.kit:
        report = ingest_kit(store, settings, args.kit, progress=_print_progress)
        print(f"\n{len(report.sessions)} sessions, {report.telemetry_rows} telemetry rows, "
              f"{report.history_tables} history tables")  # fmt: skip
        for failure in report.failures:
            print(f"skipped: {failure}", file=sys.stderr)
        return 0 if report.sessions else 2
    if not (args.year and args.event and args.session):
        raise F1CoreError("give YEAR EVENT SESSION, or --kit DIR")
    result = ingest_session(store, settings, args.year, args.event, args.session,
                            telemetry=args.telemetry)  # fmt: skip
    rows = ", ".join(f"{t} {n}" for t, n in result.rows.items() if n)
    print(f"{result.key}: {rows}")
    for note in result.notes:
        print(f"note: {note}")
    return 0


def _print_progress(fraction: float, message: str) -> None:
    print(f"\r[{fraction:4.0%}] {message:<60}", end="", flush=True)


def _sessions(args, settings: Settings) -> int:
    store = open_store(settings.store_path, read_only=settings.store_path.exists())
    df = list_sessions(store) if store.table_exists("sessions") else None
    if df is None or df.empty:
        print("[]" if args.json else "The store is empty.")
        return 0
    cols = ["year", "round", "session_code", "event_name", "session_name", "total_laps",
            "has_telemetry", "has_weather", "has_race_control", "notes"]  # fmt: skip
    if args.json:
        print(json.dumps(json.loads(df[cols].to_json(orient="records")), indent=1))
    else:
        print(df[cols].to_string(index=False))
    return 0
