"""Two app processes on one store file: both serve pages, and a terminal reads beside them.

No browser: each server is driven through Streamlit's own websocket protocol.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import websockets

from f1core.config import PROJECT_ROOT
from tests.e2e.conftest import running_app
from tests.e2e.protocol import Session, stream_url


async def _views(url: str) -> list[list[str]]:
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        session = Session(ws)
        return [
            await session.view("Session", "year=2025&round=1&session=R"),
            await session.view("Season", "season=2021"),
        ]


def _run(coro):
    """Run ``coro`` on a fresh event loop in its own thread: a browser test earlier in the
    session leaves Playwright's loop running in this one, where ``asyncio.run`` refuses."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_two_app_processes_and_a_terminal_share_one_store(tmp_path, kit_store_path):
    store = shutil.copyfile(kit_store_path, tmp_path / "f1.duckdb")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("F1_", "GROQ_"))}
    env.update(F1_STORE=str(store), F1_OFFLINE="1", F1_PACK=str(tmp_path / "no-pack"))
    with (
        running_app(PROJECT_ROOT, env, tmp_path / "one.log") as first,
        running_app(PROJECT_ROOT, env, tmp_path / "two.log") as second,
    ):
        for base in (first, second):
            assert _run(_views(stream_url(base))) == [[], []]  # no exception, no st.error
        sessions = subprocess.run(
            [sys.executable, "-m", "f1core", "--store", str(store), "sessions", "--json"],
            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, env=env,
        )  # fmt: skip
        assert sessions.returncode == 0, sessions.stderr
        assert "Australian Grand Prix" in sessions.stdout
