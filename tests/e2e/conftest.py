"""Real-browser fixtures: a Streamlit server on a free port and headless Debian Chromium.

The server runs ``streamlit run app.py`` on a private copy of the kit store; the fixture
polls the health endpoint until the server answers, and stops it afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from f1core.config import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]  # fmt: skip
START_TIMEOUT_S = 90


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason="Debian chromium is not installed (.ci/run installs it)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_healthy(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass  # not listening yet: poll again
        time.sleep(0.2)  # polling interval of the readiness loop, not a test wait
    raise TimeoutError(f"streamlit did not answer within {START_TIMEOUT_S} s")


@contextmanager
def running_app(cwd: Path, env: dict[str, str], log_path: Path) -> Iterator[str]:
    """``streamlit run app.py`` in ``cwd`` on a free port: yields its URL, stops it after."""
    port = _free_port()
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(url, proc)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=30)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, kit_store_path):
    """Base URL of a running app on a copy of the kit store."""
    workdir = tmp_path_factory.mktemp("e2e")
    store = workdir / "f1.duckdb"
    shutil.copyfile(kit_store_path, store)
    env = {**os.environ, "F1_STORE": str(store), "F1_OFFLINE": "1",
           "F1_FASTF1_CACHE": str(workdir / "ff1"), "GROQ_API_KEY": ""}  # fmt: skip
    with running_app(PROJECT_ROOT, env, workdir / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()
