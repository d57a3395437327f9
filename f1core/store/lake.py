"""The Parquet lake: the whole store as hive-partitioned Parquet, served read-only through views.

Layout: ``<lake>/<table>/year=<y>/round=<r>/session_code=<c>/*.parquet`` for the tables with
rows per session, ``<lake>/<table>/data.parquet`` for the session catalogue (``sessions``,
read whole by every page) and the history tables, and ``<lake>/lake.json`` naming every
table with its columns in schema order and its files (so a reader never lists folders). Many app replicas can open one lake (on a shared
disk or object storage) at once: each process holds an in-memory DuckDB whose views read
the files, so nothing is ever written to the lake by a reader.
"""

# SQL here is built from schema table and column names only (no user text).
# ruff: noqa: S608
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from f1core.errors import PackError
from f1core.store.folders import new_folder
from f1core.store.schema import SCHEMA_VERSION, SESSION_KEY, SESSION_TABLES, public_tables

if TYPE_CHECKING:
    from f1core.store.db import Store

LAKE_MANIFEST = "lake.json"
_PARQUET = "FORMAT parquet, COMPRESSION zstd"
_HIVE_TYPES = "{'year': INTEGER, 'round': INTEGER, 'session_code': VARCHAR}"


def is_lake_path(path: Path) -> bool:
    """Whether a store path names a lake: a folder, or a path with no file suffix."""
    path = Path(path)
    return path.is_dir() or (not path.exists() and path.suffix == "")


def quoted_path(path: Path) -> str:
    """A path inside a SQL string literal (COPY and read_parquet take no parameters there)."""
    return str(path).replace("'", "''")


def export_lake(
    store: Store, out_dir: Path, *, progress: Callable[[float, str], None] | None = None
) -> dict[str, int]:
    """Write every table of ``store`` into a lake at ``out_dir`` (replaced whole).

    Returns:
        Rows written per table.
    """
    cur = store.cursor()
    tables = [t for t in public_tables() if store.table_exists(t)]
    entries: dict[str, dict] = {}
    with new_folder(out_dir) as work:
        for i, table in enumerate(tables):
            if progress:
                progress(i / len(tables), f"Writing {table}")
            rows = int(cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            target = work / table
            partitioned = table in SESSION_TABLES and table != "sessions" and rows > 0
            if partitioned:
                cur.execute(
                    f"COPY (SELECT * FROM {table}) TO '{quoted_path(target)}' "
                    f"({_PARQUET}, PARTITION_BY ({', '.join(SESSION_KEY)}))"
                )
            else:
                target.mkdir()
                cur.execute(
                    f"COPY (SELECT * FROM {table}) TO '{quoted_path(target / 'data.parquet')}' "
                    f"({_PARQUET})"
                )
            columns = [r[0] for r in cur.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index", [table]).fetchall()]  # fmt: skip
            files = sorted(p.relative_to(work).as_posix() for p in target.rglob("*.parquet"))
            entries[table] = {
                "rows": rows, "columns": columns, "partitioned": partitioned, "files": files
            }  # fmt: skip
        manifest = {"schema_version": SCHEMA_VERSION, "tables": entries}
        (work / LAKE_MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    return {t: e["rows"] for t, e in entries.items()}


def lake_connection(path: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one read-only view per lake table.

    Raises:
        PackError: the folder does not exist, is not a lake, or is from a newer Pit Wall.
    """
    path = Path(path)
    if not path.is_dir():
        raise PackError(f"The lake folder {path} does not exist.")
    try:
        manifest = json.loads((path / LAKE_MANIFEST).read_text())
        tables = manifest["tables"]
    except FileNotFoundError:
        raise PackError(
            f"{path} has no {LAKE_MANIFEST}: it is not a Pit Wall lake "
            "(make one with `python -m f1core pack export --lake DIR`)."
        ) from None
    except (ValueError, KeyError) as exc:
        raise PackError(f"{path / LAKE_MANIFEST} is not a valid lake manifest ({exc}).") from None
    if manifest.get("schema_version", 0) > SCHEMA_VERSION:
        raise PackError(f"{path} was written by a newer Pit Wall; upgrade to read it.")
    conn = duckdb.connect(":memory:")
    conn.execute("SET parquet_metadata_cache = true")  # footers are read once, not per query
    for table, entry in tables.items():
        if table not in public_tables():
            continue  # a table this version does not know is not served
        files = "[" + ", ".join(f"'{quoted_path(path / f)}'" for f in entry["files"]) + "]"
        hive = f", hive_partitioning = true, hive_types = {_HIVE_TYPES}"
        source = f"read_parquet({files}{hive if entry['partitioned'] else ''})"
        cols = ", ".join(entry["columns"])
        conn.execute(f"CREATE VIEW {table} AS SELECT {cols} FROM {source}")
    return conn
