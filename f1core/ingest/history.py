"""History tables (Ergast schema, F1DB, DHL pit stops, lap charts) from Parquet files."""

from __future__ import annotations

from pathlib import Path

from f1core.errors import F1CoreError
from f1core.store.db import Store
from f1core.store.schema import HISTORY_SOURCES


def ingest_history(store: Store, history_dir: Path) -> int:
    """Create or replace every history table whose file exists, in one transaction.

    Returns:
        The number of tables written.
    """
    history_dir = Path(history_dir)
    present = {t: history_dir / rel for t, rel in HISTORY_SOURCES.items()
               if (history_dir / rel).exists()}  # fmt: skip
    if not present:
        raise F1CoreError(f"No history tables found under {history_dir}.")
    with store.transaction() as cur:
        for table, path in present.items():
            cur.execute(
                f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_parquet(?)",  # noqa: S608
                [str(path)],
            )
    return len(present)
