"""Shared benchmark setup: a private copy of the kit store and a warm FastF1 cache."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import KIT_DIR, cached_kit_store_file  # noqa: E402


def kit_store_copy() -> Path:
    """A fresh copy of the built kit store (built once and cached, ~40 s the first time)."""
    target = Path(tempfile.mkdtemp(prefix="pitwall-bench-")) / "f1.duckdb"
    shutil.copyfile(cached_kit_store_file(), target)
    return target


def warm_fastf1_cache() -> Path:
    """A writable copy of the kit's FastF1 cache."""
    from f1core.ingest.kit import prepare_kit_cache

    target = Path(tempfile.mkdtemp(prefix="pitwall-ff1-"))
    prepare_kit_cache(KIT_DIR, target)
    return target


def page_test(page: str, *, timeout: float = 120):
    """An AppTest of one page inside the app (its sidebar links resolve against app.py)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if page != "app.py":
        at.switch_page(page)
    return at


def server_pid(port: int) -> int:
    """The ``streamlit run`` process listening on ``port``."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"streamlit" in b" ".join(cmd) and str(port).encode() in cmd:
                return int(proc.name)
    raise RuntimeError(f"no streamlit process on port {port}")


def proc_status_mb(pid: int, field: str = "VmRSS") -> float:
    """A memory figure of a process from /proc (``VmRSS``, ``VmHWM``) in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split(f"{field}:")[1].split()[0]) / 1024


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def median_time(fn: Callable[[], object], *, repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn`` in seconds."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
