"""``python -m f1core history-update``: bring newer championship rounds in from Jolpica."""

from __future__ import annotations

from f1core.config import Settings
from f1core.ingest.jolpica import ALL_PARTS, ingest_recent_history
from f1core.store import open_store


def register(subparsers) -> None:
    """Add the ``history-update`` command."""
    p = subparsers.add_parser(
        "history-update",
        help="append championship rounds newer than the stored Ergast tables (Jolpica via FastF1)",
    )
    p.add_argument("--season", type=int, action="append", dest="seasons",
                   help="season to update (repeatable; default: newest stored season to this year)")  # fmt: skip
    p.add_argument("--round", type=int, action="append", dest="rounds",
                   help="re-fetch exactly this round of the one --season (repeatable); "
                        "Jolpica reports retirements only as 'Retired'")  # fmt: skip
    p.add_argument("--results-only", action="store_true",
                   help="fetch race results only (no sprint, qualifying or standings)")  # fmt: skip
    p.add_argument("--offline", action="store_true", help="use the FastF1 cache only")
    p.set_defaults(func=_history_update)


def _history_update(args, settings: Settings) -> int:
    settings = settings.with_overrides(offline=args.offline or None)
    store = open_store(settings.store_path, lock_wait_s=settings.store_lock_wait_s)
    try:
        update = ingest_recent_history(
            store,
            settings,
            seasons=args.seasons,
            rounds=args.rounds,
            parts=("results",) if args.results_only else ALL_PARTS,
            progress=_print_progress,
        )
    finally:
        store.close()
        print()  # end the progress line, also before an error message
    print(update.summary())
    for table, n in sorted(update.rows.items()):
        if n:
            print(f"  ergast_{table}: {n} rows")
    return 0


def _print_progress(fraction: float, message: str) -> None:
    print(f"\r[{fraction:4.0%}] {message:<60}", end="", flush=True)
