"""Warm page times served from a Parquet lake against the DuckDB file, at 29 and ~1,000 sessions.

Run: ``.venv/bin/python bench/lake.py [--runs N] [--copies K]``.

Four stores, built in this run from the kit store:
- the DuckDB file with the kit's 29 sessions, and the lake exported from it
  (``pack export --lake``: hive-partitioned Parquet read through DuckDB views);
- a DuckDB file with ~1,000 sessions, and its lake. The extra sessions are REPLICAS: the
  kit's 29 sessions copied K times under made-up years (2100 + 100·k + the real year's last
  digit), timing tables only (their telemetry is not copied), so only the volume is real.
Each page runs once cold and ``--runs`` times warm in Streamlit's AppTest (server-side work,
no browser); the median warm time is printed with its ratio to the 29-session DuckDB file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from _kit import kit_store_copy, warm_page_ms

PAGES = [
    ("Session · Results", "pages/10_Session.py", {"year": "2025", "round": "1", "session": "R"}),
    ("Session · Lap times", "pages/10_Session.py",
     {"year": "2025", "round": "1", "session": "R", "view": "Lap times"}),
    ("Telemetry (2 laps)", "pages/20_Telemetry.py",
     {"year": "2025", "round": "1", "session": "Q", "drivers": "NOR,PIA"}),
    ("Season 2021", "pages/70_Season.py", {"season": "2021"}),
]  # fmt: skip
TIMING_TABLES = ("sessions", "drivers", "results", "laps", "stints", "pit_stops", "weather",
                 "race_control", "track_status", "corners")  # fmt: skip


def _replicate(path: Path, copies: int) -> int:
    """Add ``copies`` replicas of every stored session under made-up years; returns sessions."""
    from f1core.store import open_store

    store = open_store(path)
    with store.transaction() as cur:
        for k in range(1, copies + 1):
            shift = 2100 + 100 * k - 2020  # 2023 -> 2203 for k=1: never a real season
            for table in TIMING_TABLES:
                cur.execute(
                    f"INSERT INTO {table} SELECT * REPLACE (year + {shift} AS year) FROM {table} "
                    "WHERE year < 2100"
                )
    sessions = int(store.scalar("SELECT count(*) FROM sessions"))
    store.cursor().execute("CHECKPOINT")
    store.close()
    return sessions


def _lake(path: Path) -> Path:
    from f1core.store import open_store
    from f1core.store.lake import export_lake

    store = open_store(path, read_only=True)
    out = path.parent / "lake"
    export_lake(store, out)
    store.close()
    return out


def _warm_ms(store: Path, page: str, query: dict, runs: int) -> float:
    import streamlit as st

    os.environ["F1_STORE"] = str(store)
    st.cache_data.clear()
    st.cache_resource.clear()
    return warm_page_ms(page, query, runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=34, help="replicas of the 29 sessions")
    args = parser.parse_args()
    os.environ["F1_OFFLINE"] = "1"
    os.environ["F1_PACK"] = str(Path(tempfile.gettempdir()) / "no-pack")

    small = kit_store_copy()
    big = Path(tempfile.mkdtemp(prefix="pitwall-replicas-")) / "f1.duckdb"
    shutil.copyfile(small, big)
    start = time.perf_counter()
    sessions = _replicate(big, args.copies)
    print(f"replicated store: {sessions} sessions ({sessions - 29} are replicas of the kit's 29 "
          f"under made-up years, timing tables only) in {time.perf_counter() - start:.0f} s")  # fmt: skip
    stores = {
        "file 29": small, "lake 29": _lake(small),
        f"file {sessions}": big, f"lake {sessions}": _lake(big),
    }  # fmt: skip
    names = list(stores)
    print(f"\nwarm server-side page time (AppTest, median of {args.runs}); ratio to 'file 29'")
    print(f"{'page':<22}" + "".join(f"{n:>22}" for n in names))
    for label, page, query in PAGES:
        times = {n: _warm_ms(stores[n], page, query, args.runs) for n in names}
        base = times["file 29"]
        cells = "".join(f"{times[n]:>12.0f} ms x{times[n] / base:5.2f}" for n in names)
        print(f"{label:<22}{cells}")


if __name__ == "__main__":
    main()
