"""Resident memory of the app's server process, as a new user's first session grows it.

Run: ``.venv/bin/python bench/memory.py`` (needs Debian chromium at /usr/bin/chromium).

The app starts as ``make run`` does on a clean checkout: an empty store in a temporary folder
that imports the repository's data pack at first start. One headless Chromium tab then opens
every page once and asks the chat one question (offline, no Groq key). After each step the
server's resident memory (VmRSS) is read from /proc, and its peak (VmHWM) at the end.
Baseline, measured in the same run: a bare Streamlit server running a one-line page.
Community Cloud's documented limits (roughly 690 MB to 2.7 GB) are printed beside.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from _kit import ROOT, proc_status_mb, server_pid

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, running_app

CLOUD_LOW_MB, CLOUD_HIGH_MB = 690, 2700
GOAL_PAGES_MB, GOAL_EMBED_MB = 450, 1000
PAGES = [
    ("Home (imports the data pack)", ""),
    ("Session", "Session?year=2025&round=1&session=R"),
    ("Telemetry", "Telemetry?year=2025&round=1&session=Q"),
    ("Live (stored race)", "Live?source=store&year=2025&round=1&session=R"),
    ("Strategy", "Strategy?year=2025&round=1&session=R"),
    ("Predictions", "Predictions"),
    ("Season", "Season?season=2021"),
    ("Driver", "Driver"),
    ("Team", "Team"),
    ("Circuit", "Circuit"),
    ("Head to head", "Head_to_head"),
    ("Chat (page open)", "Chat"),
]
QUESTION = "Who won the 2025 Australian Grand Prix?"
IDLE_JS = "() => !document.querySelector('[data-testid=stStatusWidget]')"


def _env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("F1_", "GROQ_"))}
    env.update(F1_STORE=str(workdir / "f1.duckdb"), F1_OFFLINE="1", HF_HUB_OFFLINE="1",
               F1_FASTF1_CACHE=str(workdir / "ff1"))  # fmt: skip
    return env


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_timeout(1500)  # let the script run start before polling for its end
    page.wait_for_function(IDLE_JS, timeout=180_000)


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        print("needs Debian chromium at /usr/bin/chromium")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="pitwall-mem-"))
    bare = workdir / "bare"
    bare.mkdir()
    (bare / "app.py").write_text("import streamlit as st\nst.write('hello')\n")
    rows: list[tuple[str, float]] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        with running_app(bare, _env(workdir), workdir / "bare.log") as url:
            _open(tab, url)
            baseline = proc_status_mb(server_pid(int(url.rsplit(":", 1)[1])))
        with running_app(ROOT, _env(workdir), workdir / "server.log") as url:
            pid = server_pid(int(url.rsplit(":", 1)[1]))
            rows.append(("idle after start", proc_status_mb(pid)))
            for label, path in PAGES:
                _open(tab, f"{url}/{path}")
                rows.append((label, proc_status_mb(pid)))
            every_page = rows[-1][1]
            box = tab.get_by_test_id("stChatInputTextArea")
            box.fill(QUESTION)
            box.press("Enter")
            tab.wait_for_timeout(1500)
            tab.wait_for_function(IDLE_JS, timeout=300_000)
            rows.append(("after one chat answer", proc_status_mb(pid)))
            peak = proc_status_mb(pid, "VmHWM")
            modules = Path(f"/proc/{pid}/maps").read_text()
        browser.close()
    loaded = [m for m in ("torch", "sentence_transformers", "chromadb", "shap", "xgboost")
              if f"/{m}/" in modules]  # fmt: skip
    print(f"Server resident memory (MB); baseline: bare Streamlit page {baseline:.0f} MB; "
          f"Community Cloud: ~{CLOUD_LOW_MB}-{CLOUD_HIGH_MB} MB")  # fmt: skip
    for label, mb in rows:
        print(f"  {label:<32} {mb:7.0f} MB   x{mb / baseline:4.1f} bare   "
              f"{mb / CLOUD_LOW_MB:5.0%} of {CLOUD_LOW_MB} MB")  # fmt: skip
    print(f"  {'peak (VmHWM)':<32} {peak:7.0f} MB")
    print(f"every page opened: {every_page:.0f} MB (goal < {GOAL_PAGES_MB} MB: "
          f"{'met' if every_page < GOAL_PAGES_MB else 'NOT met'}); after a chat answer: "
          f"{rows[-1][1]:.0f} MB (goal < {GOAL_EMBED_MB} MB: "
          f"{'met' if rows[-1][1] < GOAL_EMBED_MB else 'NOT met'})")  # fmt: skip
    print(f"heavy libraries mapped at the end: {', '.join(loaded) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
