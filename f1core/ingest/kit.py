"""Ingest a whole real-data kit: history tables, every FastF1 session, every telemetry file."""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from f1core.config import Settings
from f1core.errors import F1CoreError
from f1core.ingest.convert import SESSION_CODE_BY_NAME
from f1core.ingest.history import ingest_history
from f1core.ingest.service import ingest_session, ingest_telemetry
from f1core.ingest.telemetry import read_ti_corners, read_ti_parquet, ti_parquet_sessions
from f1core.store.db import Store
from f1core.store.writes import SessionKey

Progress = Callable[[float, str], None]
_FOLDER = re.compile(r"^\d{4}-\d{2}-\d{2}_(?P<name>.+)$")
_STATIC_URL = re.compile(r"/static/(?P<year>\d{4})/(?P<event>[^/]+)/(?P<session>[^/]+)/")


@dataclass(frozen=True, order=True)
class KitSession:
    """A session the kit's FastF1 cache can load: FastF1 event and session names."""

    year: int
    event: str
    session: str


@dataclass
class KitReport:
    """What a kit ingest wrote and what it skipped."""

    sessions: list[SessionKey] = field(default_factory=list)
    telemetry_rows: int = 0
    history_tables: int = 0
    failures: list[str] = field(default_factory=list)


def _names(folder: str) -> str | None:
    m = _FOLDER.match(folder)
    return m["name"].replace("_", " ") if m else None


def kit_sessions(kit_dir: Path) -> list[KitSession]:
    """Sessions in the kit's FastF1 cache: pickle folders plus raw streams in its HTTP cache."""
    cache = Path(kit_dir) / "fastf1_cache"
    found: set[KitSession] = set()
    for session_dir in cache.glob("*/*/*"):
        event, session = _names(session_dir.parent.name), _names(session_dir.name)
        if session_dir.is_dir() and event and session in SESSION_CODE_BY_NAME:
            found.add(KitSession(int(session_dir.parent.parent.name), event, session))
    contents = Path(kit_dir) / "fastf1_http_cache_contents.csv"
    if contents.exists():
        with contents.open(newline="") as fh:
            for row in csv.DictReader(fh):
                m = _STATIC_URL.search(row.get("url", ""))
                if not m:
                    continue
                event, session = _names(m["event"]), _names(m["session"])
                if event and session in SESSION_CODE_BY_NAME:
                    found.add(KitSession(int(m["year"]), event, session))
    return sorted(found)


def prepare_kit_cache(kit_dir: Path, cache_dir: Path) -> None:
    """Copy the kit's FastF1 cache into our writable cache (FastF1 writes while loading)."""
    source = Path(kit_dir) / "fastf1_cache"
    if not source.is_dir():
        raise F1CoreError(f"{kit_dir} has no fastf1_cache folder; is it a Pit Wall data kit?")
    for src in source.rglob("*"):
        dst = Path(cache_dir) / src.relative_to(source)
        if src.is_file() and not dst.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)  # copyfile, not copy2: the kit's read-only modes stay behind


def ingest_kit(
    store: Store, settings: Settings, kit_dir: Path, *, progress: Progress | None = None
) -> KitReport:
    """Ingest everything the kit holds; one failing session does not stop the others."""
    progress = progress or (lambda _f, _m: None)
    kit_dir = Path(kit_dir)
    report = KitReport()
    prepare_kit_cache(kit_dir, settings.fastf1_cache)
    sessions = kit_sessions(kit_dir)
    tel_files = ti_parquet_sessions(kit_dir)
    steps = 1 + len(sessions) + len(tel_files)
    progress(0.0, "Loading history tables")
    report.history_tables = ingest_history(store, kit_dir / "history")
    for i, ks in enumerate(sessions, start=1):
        progress(i / steps, f"Loading {ks.year} {ks.event} {ks.session}")
        try:
            result = ingest_session(
                store, settings, ks.year, ks.event, ks.session, offline=True, telemetry=False
            )
            report.sessions.append(result.key)
        except F1CoreError as exc:
            report.failures.append(f"{ks.year} {ks.event} {ks.session}: {exc}")
    for j, (year, rnd, code, path) in enumerate(tel_files, start=1 + len(sessions)):
        progress(j / steps, f"Loading telemetry {year}/{rnd}/{code}")
        corners_file = path.parent / "corners.parquet"
        corners = read_ti_corners(corners_file) if corners_file.exists() else None
        report.telemetry_rows += ingest_telemetry(
            store, SessionKey(year, rnd, code), read_ti_parquet(path), corners=corners
        )
    progress(1.0, f"Loaded {len(report.sessions)} sessions")
    return report
