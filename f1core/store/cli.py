"""``pack export`` and ``pack import``: the data pack and the Parquet lake."""

from __future__ import annotations

from pathlib import Path

from f1core.config import Settings
from f1core.errors import PackError
from f1core.store import SessionKey, open_store
from f1core.store.lake import export_lake
from f1core.store.pack import DEFAULT_TELEMETRY, export_pack, import_pack


def register(sub) -> None:
    """Add the ``pack`` command with its ``export`` and ``import`` actions."""
    p = sub.add_parser("pack", help="export the store as a data pack or lake; import a pack")
    actions = p.add_subparsers(dest="pack_action", required=True)
    e = actions.add_parser("export", help="write the store as a data pack (or --lake)")
    e.add_argument("dir", type=Path, help="output folder (replaced whole)")
    e.add_argument("--sessions", nargs="+", metavar="Y/R/CODE", help="default: every session")
    e.add_argument(
        "--telemetry", nargs="*", metavar="Y/R/CODE",
        help=f"sessions whose telemetry is packed (default: {' '.join(map(str, DEFAULT_TELEMETRY))})",
    )  # fmt: skip
    e.add_argument("--lake", action="store_true", help="write the whole store as a hive lake")
    e.set_defaults(func=_export)
    i = actions.add_parser("import", help="import a data pack into the store (one transaction)")
    i.add_argument("dir", type=Path)
    i.set_defaults(func=_import)


def _keys(texts: list[str] | None) -> list[SessionKey] | None:
    try:
        return None if texts is None else [SessionKey.parse(t) for t in texts]
    except ValueError:
        raise PackError(
            f"Sessions are written YEAR/ROUND/CODE, e.g. 2025/1/R; got {texts}."
        ) from None


def _progress(fraction: float, message: str) -> None:
    print(f"\r[{fraction:4.0%}] {message:<50}", end="", flush=True)


def _export(args, settings: Settings) -> int:
    store = open_store(settings.store_path, read_only=True)
    if args.lake:
        rows = export_lake(store, args.dir, progress=_progress)
        print(f"\nlake {args.dir}: {len(rows)} tables, {sum(rows.values()):,} rows")
        return 0
    telemetry = _keys(args.telemetry) if args.telemetry is not None else DEFAULT_TELEMETRY
    report = export_pack(
        store, args.dir, sessions=_keys(args.sessions), telemetry=telemetry, progress=_progress
    )
    print(f"\npack {args.dir}: {report.tables} tables, {report.sessions} sessions, "
          f"{report.rows:,} rows, {report.bytes / 1e6:.1f} MB")  # fmt: skip
    return 0


def _import(args, settings: Settings) -> int:
    store = open_store(settings.store_path, lock_wait_s=settings.store_lock_wait_s)
    report = import_pack(store, args.dir, progress=_progress)
    if report.unchanged:
        print(f"{args.dir} is already imported; nothing changed.")
    else:
        print(
            f"\nimported {report.tables} tables, {report.sessions} sessions, {report.rows:,} rows"
        )
    return 0
