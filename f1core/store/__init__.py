"""The DuckDB store: schema, connection, atomic writes and read queries."""

from f1core.store.db import Store, open_store
from f1core.store.writes import SessionKey

__all__ = ["SessionKey", "Store", "open_store"]
