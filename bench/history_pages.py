"""Warm server-side run time of each history page, against a minimal page measured in the same run.

Run: ``.venv/bin/python bench/history_pages.py [--runs N] [--store PATH] [--ergast-only 2025:17,18]``.
Without ``--store`` a temporary store with the kit's history tables is built first.
``--ergast-only YEAR:R1,R2`` deletes F1DB's rows of those rounds from a copy of the store,
so the pages read them from the Ergast tables (as after an online history update).
Each page is run once cold (filling Streamlit's caches; the cold time is printed too, and
is only cold for the first view of a page: later views share its cached data), then
``--runs`` times warm with Streamlit's AppTest; the median warm run is compared with the
baseline page (a title and one small table: the cost of a script run itself) and with the
300 ms budget.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from _kit import page_test

BUDGET_MS = 300.0
#: (page, URL query, key of its section picker or None): every section of every page is timed.
PAGES: list[tuple[str, dict[str, str], str | None]] = [
    ("pages/70_Season.py", {"season": "2021", "after": "21"}, "season_view"),
    ("pages/70_Season.py", {"season": "1988"}, "season_view"),
    ("pages/70_Season.py", {"season": "2025", "after": "18"}, "season_view"),
    ("pages/71_Driver.py", {"driver": "lewis-hamilton"}, "driver_view"),
    ("pages/72_Team.py", {"team": "ferrari"}, "team_view"),
    ("pages/73_Circuit.py", {"circuit": "monaco"}, "circuit_view"),
    ("pages/74_Head_to_head.py", {"driver": "max-verstappen", "vs": "lewis-hamilton"}, None),
]
BASELINE = """
import pandas as pd
import streamlit as st
st.title("baseline")
st.dataframe(pd.DataFrame({"a": range(20), "b": range(20)}))
"""


def _warm_ms(at, runs: int) -> tuple[float, float]:
    """(cold run, median warm run) in milliseconds."""
    start = time.perf_counter()
    at.run()  # cold: fills the caches
    cold = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        if at.exception:
            raise SystemExit(f"page raised: {at.exception[0].value}")
    return cold, statistics.median(times)


def _build_store(target: Path, kit: Path) -> None:
    from f1core.ingest.history import ingest_history
    from f1core.store import open_store

    store = open_store(target)
    ingest_history(store, kit / "history")
    store.cursor().execute("CHECKPOINT")
    store.close()


def _drop_f1db_rounds(path: Path, spec: str) -> Path:
    """A copy of the store without F1DB's rows of ``spec`` (``"2025:17,18"``) rounds."""
    import shutil

    from f1core.store import open_store

    year, rounds = int(spec.split(":")[0]), [int(r) for r in spec.split(":")[1].split(",")]
    target = Path(tempfile.mkdtemp()) / "ergast_only.duckdb"
    shutil.copyfile(path, target)
    store = open_store(target)
    tables = store.query_rows(
        "SELECT table_name FROM duckdb_columns() WHERE table_name LIKE 'f1db_%' "
        "AND column_name IN ('year', 'round') GROUP BY 1 HAVING count(*) = 2"
    )
    with store.transaction() as cur:
        for (table,) in tables:
            cur.execute(
                f"DELETE FROM {table} WHERE year = ? AND list_contains(?, round)",  # noqa: S608
                [year, rounds],
            )
    store.cursor().execute("CHECKPOINT")
    store.close()
    return target


#: Library calls behind the pages, timed on both stores when ``--ergast-only`` is given.
LIBRARY_CALLS = [
    ("seasons.season_calendar", (2025,)), ("seasons.round_points", (2025,)),
    ("seasons.constructor_standings", (2025,)), ("drivers.career_totals", ("max-verstappen",)),
    ("drivers.results_by_season", ("max-verstappen",)),
    ("head_to_head.teammate_head_to_head", ("max-verstappen",)),
    ("teams.team_seasons", ("mclaren",)), ("circuits.circuit_winners", ("marina-bay",)),
]  # fmt: skip


def _library_ms(path: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Per library call: (first call on a fresh connection, median of ``runs`` later calls)."""
    from f1core import history
    from f1core.history import circuits, drivers, head_to_head, seasons, teams  # noqa: F401
    from f1core.store import open_store

    store = open_store(path, read_only=True)
    out = {}
    try:
        for name, call_args in LIBRARY_CALLS:
            module, func = name.split(".")
            fn = getattr(getattr(history, module), func)
            times = []
            for _ in range(runs + 1):
                start = time.perf_counter()
                fn(store, *call_args)
                times.append((time.perf_counter() - start) * 1000)
            out[name] = (times[0], statistics.median(times[1:]))
    finally:
        store.close()
    return out


def _print_library(f1db: Path, ergast: Path, runs: int) -> None:
    base, mine = _library_ms(f1db, runs), _library_ms(ergast, runs)
    print("library call (baseline: same call with those rounds in F1DB)".ljust(60),
          "  F1DB first/median   Ergast first/median   x baseline")  # fmt: skip
    for name, _ in LIBRARY_CALLS:
        (b0, b), (m0, m) = base[name], mine[name]
        print(f"{name:<60} {b0:7.1f} /{b:6.1f} ms  {m0:7.1f} /{m:6.1f} ms   x{m / b:5.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--store", type=Path)
    parser.add_argument(
        "--ergast-only",
        metavar="YEAR:R1,R2",
        help="read these rounds from the Ergast tables (F1DB's rows deleted)",
    )
    args = parser.parse_args()
    from streamlit.testing.v1 import AppTest

    from f1core.config import load_settings

    store = args.store
    if store is None:
        store = Path(tempfile.mkdtemp()) / "f1.duckdb"
        kit = load_settings().data_kit
        if kit is None:
            raise SystemExit("No data kit found: set F1_DATA_KIT.")
        _build_store(store, kit)
    if args.ergast_only:
        f1db_store = store
        store = _drop_f1db_rounds(store, args.ergast_only)
        print(f"F1DB rows of {args.ergast_only} deleted: those rounds come from Ergast")
        _print_library(f1db_store, store, args.runs)
    os.environ["F1_STORE"] = str(store)
    os.environ["F1_OFFLINE"] = "1"

    _, base = _warm_ms(AppTest.from_string(BASELINE, default_timeout=60), args.runs)
    print(f"baseline (title + small table): {base:7.1f} ms median of {args.runs} warm runs")
    print("page and view".ljust(92), "     cold  median warm   x baseline")
    worst = 0.0
    for page, query, picker in PAGES:
        sections = [None]
        if picker:
            probe = page_test(page).run()
            sections = list(probe.radio(key=picker).options)
        for section in sections:
            at = page_test(page)
            full = {**query, **({"view": section} if section else {})}
            for key, value in full.items():
                at.query_params[key] = value
            cold, ms = _warm_ms(at, args.runs)
            worst = max(worst, ms)
            verdict = "ok" if ms <= BUDGET_MS else "OVER BUDGET"
            label = f"{page.removeprefix('pages/')} {full}"
            print(f"{label:<92} {cold:7.1f} ms {ms:7.1f} ms  x{ms / base:5.1f}  {verdict}")
    print(f"slowest page: {worst:.1f} ms (budget {BUDGET_MS:.0f} ms, x{worst / base:.1f} baseline)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
