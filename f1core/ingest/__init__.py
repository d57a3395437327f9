"""Loaders that fill the store: FastF1 sessions, telemetry files, history tables, the kit."""

from f1core.ingest.history import ingest_history
from f1core.ingest.kit import KitReport, ingest_kit, kit_sessions
from f1core.ingest.service import IngestResult, ingest_session, ingest_telemetry

__all__ = [
    "IngestResult",
    "KitReport",
    "ingest_history",
    "ingest_kit",
    "ingest_session",
    "ingest_telemetry",
    "kit_sessions",
]
