"""The data pack: a store exported as zstd Parquet with a checked manifest, and imported back.

A pack is a folder of one Parquet file per table (``laps.parquet``; a table whose file would
pass ``MAX_FILE_BYTES`` is split into ``telemetry-1.parquet``, ``telemetry-2.parquet`` …)
plus ``manifest.json``: pack and schema version, and per table its files (bytes, sha256),
rows, a content checksum, which sessions it covers, its source and its licence.

Import policy (written once, here): every file is checked against the manifest before the
store is touched; the import then runs in one transaction that replaces exactly the
sessions the pack holds (and the history tables it holds), re-counts and re-checksums what
it wrote, and rolls back on any difference. Importing the same pack again changes nothing.
"""

# SQL here is built from schema table names and validated keys only (no user text).
# ruff: noqa: S608
from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from f1core.errors import PackError
from f1core.store.db import Store
from f1core.store.schema import (
    SCHEMA_VERSION,
    SESSION_CODES,
    SESSION_KEY,
    SESSION_TABLES,
    public_tables,
)
from f1core.store.writes import SessionKey

PACK_VERSION = 1
MANIFEST = "manifest.json"
MAX_FILE_BYTES = 20_000_000
#: DuckDB rolls a file over at row-group boundaries, so aim well below the hard limit.
_SPLIT_TARGET_BYTES = 12_000_000
_PARQUET = "FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 19, PARQUET_VERSION v2"
#: The pack's default telemetry: the flagship weekend's qualifying and race.
DEFAULT_TELEMETRY: tuple[SessionKey, ...] = (SessionKey(2025, 1, "Q"), SessionKey(2025, 1, "R"))
_META_KEY = "pack_digest"
_IMPORTED_SQL = "SELECT value FROM pitwall_meta WHERE key = ?"

Progress = Callable[[float, str], None]

_F1_TIMING = (
    "F1 live-timing data loaded with FastF1; results from Ergast/Jolpica",
    "© Formula One World Championship Ltd; no licence granted, shared for analysis",
)
#: Table (or table-name prefix) -> (source, licence). One list, used by the manifest and README.
SOURCES: dict[str, tuple[str, str]] = {
    "ergast_": (
        "Ergast schema history (TracingInsights/RaceData mirror of jtrotman's "
        "'Formula 1 Race Data')",
        "CC0 1.0",
    ),
    "f1db_": ("F1DB (github.com/f1db/f1db)", "CC BY 4.0, attribution: F1DB"),
    "dhl_pit_stops": ("DHL stationary pit-stop times (TracingInsights-Archive/PitStops)", "MIT"),
    "lap_charts": ("Lap charts 2021-2025 (TracingInsights-Archive/LapChart)", "MIT"),
    "telemetry": (
        "TracingInsights per-lap car telemetry (FastF1-derived), or FastF1 car data",
        "TracingInsights: free use, attribution appreciated; © Formula One World Championship Ltd",
    ),
    "corners": ("FastF1 circuit info via TracingInsights", _F1_TIMING[1]),
}


def table_source(table: str) -> tuple[str, str]:
    """``(source, licence)`` of a store table."""
    for prefix, found in SOURCES.items():
        if table == prefix or (prefix.endswith("_") and table.startswith(prefix)):
            return found
    return _F1_TIMING


@dataclass(frozen=True)
class PackReport:
    """What an export or import did."""

    tables: int
    rows: int
    sessions: int
    bytes: int
    unchanged: bool = False


# --- shared helpers ----------------------------------------------------------------------------
def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _keys_sql(keys: Iterable[SessionKey]) -> str:
    """A ``(year, round, session_code) IN (...)`` filter from validated keys (no user text)."""
    parts = [f"({int(k.year)}, {int(k.round)}, '{_code(k.session_code)}')" for k in keys]
    return f"(year, round, session_code) IN ({', '.join(parts) or '(NULL, NULL, NULL)'})"


def _code(code: str) -> str:
    if code not in SESSION_CODES:
        raise PackError(f"Unknown session code {code!r}.")
    return code


def _quoted(path: Path) -> str:
    """A path inside a SQL string literal (COPY takes no parameters)."""
    return str(path).replace("'", "''")


def content_checksum(cur, relation: str) -> tuple[int, str]:
    """Row count and an order-independent checksum (sum of row hashes) of a relation."""
    ((rows, total),) = cur.execute(  # fetchall: a half-read result keeps its transaction open
        f"SELECT count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM ({relation}) t"
    ).fetchall()
    return int(rows), str(total)


def _existing_tables(store: Store) -> list[str]:
    return [t for t in public_tables() if store.table_exists(t)]


# --- export ---------------------------------------------------------------------------------
def export_pack(
    store: Store,
    out_dir: Path,
    *,
    sessions: Iterable[SessionKey] | None = None,
    telemetry: Iterable[SessionKey] = DEFAULT_TELEMETRY,
    progress: Progress | None = None,
) -> PackReport:
    """Write ``store`` as a pack into ``out_dir`` (replaced whole, never half-written).

    Args:
        sessions: the sessions to include (default: every stored session).
        telemetry: the sessions whose telemetry is included (the others' is left out and
            their ``has_telemetry`` flag is written as false).
        progress: called with (fraction done, message).

    Raises:
        PackError: a named session is not stored, or a file would pass ``MAX_FILE_BYTES``.
    """
    stored = {
        SessionKey(*r) for r in store.query_rows("SELECT year, round, session_code FROM sessions")
    }
    keys = sorted(stored if sessions is None else set(sessions))
    tel_keys = sorted(set(telemetry) & set(keys))
    missing = sorted(set(keys) - stored) + sorted(set(telemetry) - stored)
    if missing:
        raise PackError(f"Not in the store: {', '.join(map(str, missing))}.")
    out_dir = Path(out_dir)
    work = Path(
        tempfile.mkdtemp(prefix=".pack-", dir=out_dir.parent if out_dir.parent.exists() else None)
    )
    tables = _existing_tables(store)
    entries: dict[str, dict] = {}
    cur = store.cursor()
    try:
        for i, table in enumerate(tables):
            if progress:
                progress(i / len(tables), f"Exporting {table}")
            relation, covered = _export_relation(table, keys, tel_keys)
            entries[table] = _write_table(cur, table, relation, work)
            if covered is not None:
                entries[table]["sessions"] = [str(k) for k in covered]
        manifest = {
            "pack_version": PACK_VERSION,
            "schema_version": SCHEMA_VERSION,
            "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sessions": [str(k) for k in keys],
            "telemetry_sessions": [str(k) for k in tel_keys],
            "tables": entries,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
        (work / "README.md").write_text(_readme(manifest))
        work.chmod(0o755)  # mkdtemp makes it private; a pack is for everyone who clones
        if out_dir.exists():
            shutil.rmtree(out_dir)
        work.rename(out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if progress:
        progress(1.0, f"Exported {len(entries)} tables")
    return PackReport(
        tables=len(entries),
        rows=sum(e["rows"] for e in entries.values()),
        sessions=len(keys),
        bytes=sum(f["bytes"] for e in entries.values() for f in e["files"]),
    )


def _readme(manifest: dict) -> str:
    """The pack's README: what it holds, and every table's source and licence."""
    tables = manifest["tables"]
    lines = [
        "# Pit Wall data pack",
        "",
        f"Made by `python -m f1core pack export` on {manifest['created_utc']} (pack version "
        f"{manifest['pack_version']}, store schema {manifest['schema_version']}); never edit "
        "by hand. `manifest.json` holds every file's size and sha256 and every table's row "
        "count and content checksum; the app imports this folder into an empty store.",
        "",
        f"Sessions: {len(manifest['sessions'])} ({', '.join(manifest['sessions'])}). "
        f"Telemetry: {', '.join(manifest['telemetry_sessions']) or 'none'}.",
        "",
        "| table | rows | source | licence |",
        "|---|---:|---|---|",
    ]
    lines += [
        f"| `{t}` | {e['rows']:,} | {e['source']} | {e['licence']} |" for t, e in tables.items()
    ]
    lines += [
        "",
        'F1DB data is used under CC BY 4.0: attribution "F1DB" (github.com/f1db/f1db). '
        "Timing data © Formula One World Championship Ltd.",
        "",
    ]
    return "\n".join(lines)


def _export_relation(
    table: str, keys: list[SessionKey], tel_keys: list[SessionKey]
) -> tuple[str, list[SessionKey] | None]:
    """The SELECT that exports ``table`` and the sessions it covers (None: a whole table)."""
    if table not in SESSION_TABLES:
        return f"SELECT * FROM {table}", None
    covered = tel_keys if table == "telemetry" else keys
    order = ", ".join(SESSION_KEY)
    if table == "sessions":
        tel = _keys_sql(tel_keys)
        return (
            f"SELECT * REPLACE (has_telemetry AND {tel} AS has_telemetry) FROM sessions "
            f"WHERE {_keys_sql(keys)} ORDER BY {order}",
            covered,
        )
    extra = ", driver, lap_number, sample" if table == "telemetry" else ""
    return f"SELECT * FROM {table} WHERE {_keys_sql(covered)} ORDER BY {order}{extra}", covered


def _write_table(cur, table: str, relation: str, work: Path) -> dict:
    """COPY one table to Parquet (split into parts if large) and describe it for the manifest."""
    parts = work / f".{table}"
    cur.execute(
        f"COPY ({relation}) TO '{_quoted(parts)}' ({_PARQUET}, FILE_SIZE_BYTES {_SPLIT_TARGET_BYTES}, "
        "ROW_GROUP_SIZE 100000)"
    )
    written = sorted(parts.glob("*.parquet"), key=lambda p: int(p.stem.rsplit("_", 1)[-1]))
    names = [f"{table}.parquet"] if len(written) == 1 else [
        f"{table}-{i}.parquet" for i in range(1, len(written) + 1)
    ]  # fmt: skip
    files = []
    for src, name in zip(written, names, strict=True):
        dst = work / name
        src.rename(dst)
        size = dst.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PackError(f"{name} would be {size:,} bytes, over the {MAX_FILE_BYTES:,} limit.")
        files.append({"path": name, "bytes": size, "sha256": _sha256(dst)})
    shutil.rmtree(parts)
    rows, checksum = content_checksum(cur, relation)
    source, licence = table_source(table)
    return {
        "files": files,
        "rows": rows,
        "checksum": checksum,
        "source": source,
        "licence": licence,
    }


# --- import ---------------------------------------------------------------------------------
def read_manifest(pack_dir: Path) -> dict:
    """The pack's manifest, with every file checked against its size and sha256.

    Raises:
        PackError: no manifest, a newer pack or schema version, or a file that is missing,
            truncated or altered (the message names the file).
    """
    pack_dir = Path(pack_dir)
    path = pack_dir / MANIFEST
    if not pack_dir.is_dir():
        raise PackError(f"No data pack at {pack_dir}.")
    try:
        manifest = json.loads(path.read_text())
        version, schema, tables = (
            manifest["pack_version"], manifest["schema_version"], manifest["tables"]
        )  # fmt: skip
    except FileNotFoundError:
        raise PackError(f"{path} is missing; is {pack_dir} a Pit Wall data pack?") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise PackError(f"{path} is not a valid pack manifest ({exc}).") from None
    if version > PACK_VERSION or schema > SCHEMA_VERSION:
        raise PackError(
            f"{path} is from a newer Pit Wall (pack {version}, schema {schema}); "
            f"this one reads pack {PACK_VERSION}, schema {SCHEMA_VERSION}. Upgrade Pit Wall."
        )
    for table, entry in tables.items():
        if table not in public_tables():
            raise PackError(f"{path} names an unknown table {table!r}.")
        for f in entry["files"]:
            file = pack_dir / f["path"]
            if not file.is_file():
                raise PackError(f"{file} is missing from the data pack.")
            if file.stat().st_size != f["bytes"]:
                raise PackError(
                    f"{file} is {file.stat().st_size:,} bytes, the manifest says {f['bytes']:,} "
                    "(truncated or replaced)."
                )
            if _sha256(file) != f["sha256"]:
                raise PackError(f"{file} does not match its checksum in {MANIFEST}.")
    return manifest


def pack_digest(pack_dir: Path) -> str:
    """The sha256 of the manifest: one value that names a pack's exact contents."""
    return _sha256(Path(pack_dir) / MANIFEST)


def pack_pending(store: Store, pack_dir: Path) -> bool:
    """Whether ``store`` is an empty, writable store and a pack waits to be imported."""
    if store.read_only or store.scalar("SELECT count(*) FROM sessions"):
        return False
    if not (Path(pack_dir) / MANIFEST).is_file():
        return False
    return store.scalar(_IMPORTED_SQL, [_META_KEY]) != pack_digest(pack_dir)


def import_pack(store: Store, pack_dir: Path, *, progress: Progress | None = None) -> PackReport:
    """Import a pack into ``store`` in one transaction (see the module's policy).

    Raises:
        PackError: the pack is invalid (nothing in the store changed).
    """
    pack_dir = Path(pack_dir)
    manifest = read_manifest(pack_dir)
    tables: dict[str, dict] = manifest["tables"]
    total_rows = sum(e["rows"] for e in tables.values())
    size = sum(f["bytes"] for e in tables.values() for f in e["files"])
    report = PackReport(len(tables), total_rows, len(manifest["sessions"]), size)
    digest = pack_digest(pack_dir)
    done = 0
    with store.transaction() as cur:
        # Checked under the write lock: two first starts at once import the pack once.
        if cur.execute(_IMPORTED_SQL, [_META_KEY]).fetchall() == [(digest,)]:
            return PackReport(**{**report.__dict__, "unchanged": True})
        for table, entry in tables.items():
            if progress:
                progress(done / max(total_rows, 1), f"Importing {table}")
            files = [str(pack_dir / f["path"]) for f in entry["files"]]
            source = "read_parquet($files)"
            if table in SESSION_TABLES:
                covered = _keys_sql(SessionKey.parse(k) for k in entry["sessions"])
                cols = ", ".join(r[0] for r in cur.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                    "ORDER BY column_index", [table]).fetchall())  # fmt: skip
                cur.execute(f"DELETE FROM {table} WHERE {covered}")
                cur.execute(
                    f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {source}",
                    {"files": files},
                )
                check = f"SELECT * FROM {table} WHERE {covered}"
            else:
                cur.execute(
                    f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM {source}",
                    {"files": files},
                )
                check = f"SELECT * FROM {table}"
            if content_checksum(cur, check) != (entry["rows"], entry["checksum"]):
                raise PackError(
                    f"{table} did not import as exported (rows or checksum differ); "
                    "nothing was changed."
                )
            done += entry["rows"]
        cur.execute("INSERT OR REPLACE INTO pitwall_meta VALUES (?, ?)", [_META_KEY, digest])
    store.trim_memory()
    if progress:
        progress(1.0, f"Imported {len(tables)} tables")
    return report
