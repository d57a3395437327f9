"""Every error f1core raises on purpose; pages catch these and show ``st.error``.

Messages are written for the user: they say what happened and what to do, and they
never contain secrets (API keys are never formatted into a message).
"""

from __future__ import annotations


class F1CoreError(Exception):
    """Base of all Pit Wall errors."""


# --- store -----------------------------------------------------------------
class StoreError(F1CoreError):
    """Something is wrong with the DuckDB store."""


class StoreCorrupt(StoreError):
    """The store file is not a Pit Wall DuckDB store (moved aside on open)."""


class StoreLocked(StoreError):
    """Another process holds the store open for writing."""


class PackError(StoreError):
    """A data pack or lake that cannot be read: missing, altered, or from a newer Pit Wall."""


# --- sessions and ingest ------------------------------------------------------
class SessionNotFound(F1CoreError):
    """Unknown year, event or session; the message lists the closest valid choices."""

    def __init__(self, message: str, *, suggestions: list[str] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []


class SessionNotInStore(SessionNotFound):
    """The session exists but has not been loaded into the store."""


class NoLapData(F1CoreError):
    """A session has no lap timing data (nothing to store or analyse)."""


class NoData(F1CoreError):
    """A requested table has no rows for this selection (e.g. no telemetry)."""


class DataSourceUnavailable(F1CoreError):
    """FastF1 could not fetch data: no network, not cached, or rate limited."""


class IngestFailed(F1CoreError):
    """An ingest failed; the previously stored data is intact."""


# --- analysis, strategy and models -------------------------------------------------
class InvalidStrategy(F1CoreError):
    """A strategy that cannot be simulated (e.g. stop after the last lap)."""


class ModelNotTrained(F1CoreError):
    """A prediction model has no trained artifact yet."""


class TrainingFailed(F1CoreError):
    """Training failed; the previous model artifact is still in place."""


# --- live timing ---------------------------------------------------------------------
class ReplaySourceError(F1CoreError):
    """A live-timing or replay source cannot be read."""


# --- chat --------------------------------------------------------------------------------
class ChatUnavailable(F1CoreError):
    """The LLM cannot be reached (no key, no network, timeout)."""


class ChatRateLimited(ChatUnavailable):
    """The LLM provider asked us to slow down."""

    def __init__(self, message: str, *, retry_after_s: float | None = None):
        super().__init__(message)
        self.retry_after_s = retry_after_s


class UnsafeQuery(F1CoreError):
    """Model-generated SQL was refused by the sandbox."""


class BadQuestion(F1CoreError):
    """A chat question that is empty, too long or not text."""


# --- dashboards -----------------------------------------------------------------------------
class DashboardError(F1CoreError):
    """A dashboard that cannot be read, saved or imported."""


class DashboardNotFound(DashboardError):
    """No dashboard with that id belongs to this user (the same message whether it exists)."""


class BadDashboardFile(DashboardError):
    """An imported dashboard file that is not valid JSON or not a Pit Wall dashboard."""


class SignInRequired(DashboardError):
    """Sign-in is configured and nobody is signed in: personal data cannot be read or saved."""


# --- history (seasons and people) ---------------------------------------------------------
class HistoryNotLoaded(NoData):
    """The championship history tables (Ergast, F1DB) are not in the store yet."""


class UnknownName(F1CoreError):
    """A driver, team or circuit name that matches nothing; lists the closest names."""

    def __init__(self, message: str, *, suggestions: list[str] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []
