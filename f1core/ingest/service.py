"""Write loaded sessions and telemetry into the store, atomically per session."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from f1core.config import Settings
from f1core.ingest.fastf1_session import configure_fastf1, load_session_frames
from f1core.store.db import Store
from f1core.store.schema import TELEMETRY_TABLES, TIMING_TABLES
from f1core.store.writes import SessionKey, replace_session, update_session_flags


@dataclass(frozen=True)
class IngestResult:
    """What one session ingest wrote."""

    key: SessionKey
    rows: dict[str, int]
    notes: list[str]


def _has_stored_telemetry(store: Store, key: SessionKey) -> bool:
    return bool(
        store.scalar(
            "SELECT count(*) > 0 FROM telemetry WHERE year = ? AND round = ? AND session_code = ?",
            key.params(),
        )
    )


def ingest_session(
    store: Store,
    settings: Settings,
    year: int,
    event: str | int,
    session: str,
    *,
    offline: bool | None = None,
    telemetry: bool = False,
) -> IngestResult:
    """Load one session with FastF1 and replace it in the store.

    Everything is loaded and converted before the store is touched; the replacement of
    the session's rows is one transaction. Telemetry already stored for the session (from
    TracingInsights files) is kept unless FastF1 delivers telemetry of its own.

    Raises:
        SessionNotFound, DataSourceUnavailable, NoLapData: nothing is written.
    """
    configure_fastf1(
        settings.fastf1_cache,
        offline=settings.offline if offline is None else offline,
        log_level=settings.fastf1_log_level,
        timeout_s=settings.fastf1_timeout_s,
    )
    loaded = load_session_frames(year, event, session, telemetry=telemetry)
    frames = dict(loaded.frames)
    tables = list(TIMING_TABLES)
    if telemetry and not frames.get("telemetry", pd.DataFrame()).empty:
        tables += [t for t in TELEMETRY_TABLES if t in frames]
    else:
        frames.pop("telemetry", None)
        frames.pop("corners", None)
        if _has_stored_telemetry(store, loaded.key):
            frames["sessions"] = frames["sessions"].assign(has_telemetry=True)
    rows = replace_session(store, loaded.key, frames, tables=tables)
    return IngestResult(loaded.key, rows, loaded.notes)


def ingest_telemetry(
    store: Store,
    key: SessionKey,
    telemetry: pd.DataFrame,
    *,
    corners: pd.DataFrame | None = None,
) -> int:
    """Replace one session's telemetry (and corners) and flag the session.

    Returns:
        Telemetry rows written.
    """
    frames = {"telemetry": telemetry}
    if corners is not None:
        frames["corners"] = corners
    rows = replace_session(store, key, frames, tables=list(frames))
    update_session_flags(store, key, has_telemetry=rows["telemetry"] > 0)
    return rows["telemetry"]
