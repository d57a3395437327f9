"""Server-side load: concurrent sessions on one app process, through Streamlit's own protocol.

Run: ``.venv/bin/python bench/load.py [--levels 1 5 10 20] [--rounds 2]``.

One ``streamlit run app.py`` process serves a private copy of the kit store. Each simulated
user is one websocket session speaking Streamlit's protocol (the BackMsg/ForwardMsg protobufs
a browser sends and receives, no browser): it opens the Session, Telemetry, Strategy, Live
(stored race) and Season pages ``--rounds`` times, each view timed from the rerun request to
the server's ``script_finished``. Meanwhile one more session runs ingests from the home page
(toggle "Load more data", press "Load session": the 2025 Australian GP race, offline from a
warm FastF1 cache) again and again, so every level is measured with a write going on.

Printed per level: views per second, p50/p95 view time, the server's CPU seconds per view (from
/proc), errors (an exception element, a failed script run, a dropped connection) and ingests
done, each against the one-session figures measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import websockets
from _kit import ROOT, cpu_seconds, kit_store_copy, server_pid, warm_fastf1_cache

from tests.e2e.conftest import running_app
from tests.e2e.protocol import Session, stream_url

PAGES = [
    ("Session", "year=2025&round=1&session=R"),
    ("Telemetry", "year=2025&round=1&session=Q"),
    ("Strategy", "year=2025&round=1&session=R"),
    ("Live", "source=store&year=2025&round=1&session=R"),
    ("Season", "season=2021"),
]


async def _user(url: str, rounds: int, times: list[float], errors: list[str]) -> None:
    try:
        async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
            session = Session(ws)
            for _ in range(rounds):
                for page, query in PAGES:
                    start = time.perf_counter()
                    errors += await session.view(page, query)
                    times.append(time.perf_counter() - start)
    except (OSError, TimeoutError, websockets.WebSocketException) as exc:
        errors.append(f"connection: {exc!r}")


async def _ingester(url: str, stop: asyncio.Event, done: list[int], errors: list[str]) -> None:
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        session = Session(ws)
        await session.view("")
        await session.view("", states={"home_load_more": ("bool_value", True)})
        while not stop.is_set():
            errors += await session.view("", states={
                "home_load_more": ("bool_value", True), "load_go": ("trigger_value", True),
            })  # fmt: skip
            done[0] += 1


async def _level(url: str, pid: int, users: int, rounds: int) -> dict:
    times: list[float] = []
    errors: list[str] = []
    ingests = [0]
    stop = asyncio.Event()
    ingest = asyncio.create_task(_ingester(url, stop, ingests, errors))
    cpu0, start = cpu_seconds(pid), time.perf_counter()
    await asyncio.gather(*(_user(url, rounds, times, errors) for _ in range(users)))
    wall, cpu = time.perf_counter() - start, cpu_seconds(pid) - cpu0
    stop.set()
    await ingest
    return {
        "users": users, "views": len(times), "views_per_s": len(times) / wall,
        "p50": statistics.median(times), "p95": statistics.quantiles(times, n=20)[-1],
        "cpu_per_view": cpu / max(len(times), 1), "errors": errors, "ingests": ingests[0],
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="pitwall-load-"))
    store = shutil.copyfile(kit_store_copy(), workdir / "f1.duckdb")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("F1_", "GROQ_"))}
    env.update(F1_STORE=str(store), F1_OFFLINE="1", F1_PACK=str(workdir / "no-pack"),
               F1_FASTF1_CACHE=str(warm_fastf1_cache()))  # fmt: skip
    with running_app(ROOT, env, workdir / "server.log") as base:
        url = stream_url(base)
        pid = server_pid(int(base.rsplit(":", 1)[1]))
        asyncio.run(_level(url, pid, 1, 1))  # warm-up: process-wide caches, models, imports
        results = [asyncio.run(_level(url, pid, n, args.rounds)) for n in args.levels]
    one = results[0]
    print(f"one app process, {len(PAGES)} pages x {args.rounds} rounds per session, an ingest "
          "running throughout; ratios against the first level measured in this run")  # fmt: skip
    print(f"{'sessions':>8} {'views':>6} {'views/s':>8} {'x':>5} {'p50 s':>7} {'p95 s':>7} "
          f"{'x p95':>6} {'CPU s/view':>10} {'errors':>6} {'ingests':>7}")  # fmt: skip
    for r in results:
        print(f"{r['users']:>8} {r['views']:>6} {r['views_per_s']:>8.2f} "
              f"{r['views_per_s'] / one['views_per_s']:>5.2f} {r['p50']:>7.2f} {r['p95']:>7.2f} "
              f"{r['p95'] / one['p95']:>6.2f} {r['cpu_per_view']:>10.3f} {len(r['errors']):>6} "
              f"{r['ingests']:>7}")  # fmt: skip
        for error in r["errors"][:3]:
            print(f"         error: {error[:200]}")


if __name__ == "__main__":
    main()
