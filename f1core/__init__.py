"""Pit Wall's library: store, ingest, analysis, strategy, models, live timing and chat."""

__version__ = "0.1.0"
