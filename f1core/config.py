"""Typed settings: explicit argument > environment variable > default."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STORE = PROJECT_ROOT / "data" / "f1.duckdb"
DEFAULT_FASTF1_CACHE = PROJECT_ROOT / "data" / "fastf1_cache"
DEFAULT_KIT_CANDIDATE = PROJECT_ROOT.parent / "shared" / "data"
DEFAULT_MODELS_DIR = PROJECT_ROOT / "models"
DEFAULT_PACK = PROJECT_ROOT / "data" / "pack"
MODELS_DIR_ENV = "F1_MODELS_DIR"  # tests and sandboxes train into another folder
DEFAULT_FASTF1_TIMEOUT_S = 20.0


def _default_kit() -> Path | None:
    env = os.environ.get("F1_DATA_KIT")
    if env:
        return Path(env)
    return DEFAULT_KIT_CANDIDATE if DEFAULT_KIT_CANDIDATE.is_dir() else None


@dataclass(frozen=True)
class Settings:
    """Where Pit Wall keeps things and how it reaches the outside world.

    Attributes:
        store_path: the DuckDB file (``F1_STORE``).
        fastf1_cache: FastF1's own disk cache (``F1_FASTF1_CACHE``).
        data_kit: a real-data kit directory, if one is present (``F1_DATA_KIT``).
        models_dir: trained model artifacts and cards (``F1_MODELS_DIR``).
        pack_dir: the data pack imported into an empty store at first start (``F1_PACK``).
        offline: never let FastF1 touch the network (``F1_OFFLINE=1``).
        fastf1_log_level: FastF1's own log level (``F1_FASTF1_LOG``, default ERROR).
        fastf1_timeout_s: connect and read timeout of each FastF1 HTTP request
            (``F1_FASTF1_TIMEOUT_S``, default 20 s); FastF1 itself would wait forever.
        groq_model: the chat's Groq model (``GROQ_MODEL``; None: the chat's default Llama).
        groq_base_url: another Groq-compatible endpoint (``GROQ_BASE_URL``; tests use a
            local fake server). The API key is not a setting: it is a secret, read once
            in the app layer (``st.secrets`` or ``GROQ_API_KEY``) and passed as a value.
        store_memory_mb: DuckDB's memory cap in the app process (``F1_STORE_MEMORY_MB``).
        store_lock_wait_s: how long a write waits for another process's lock on the store
            (``F1_STORE_LOCK_WAIT_S``), with a countdown, before it says who holds it.
        query_timeout_s: wall-clock limit for model-generated SQL.
        query_row_limit: row cap for model-generated SQL.
    """

    store_path: Path = field(
        default_factory=lambda: Path(os.environ.get("F1_STORE", DEFAULT_STORE))
    )
    fastf1_cache: Path = field(
        default_factory=lambda: Path(os.environ.get("F1_FASTF1_CACHE", DEFAULT_FASTF1_CACHE))
    )
    data_kit: Path | None = field(default_factory=_default_kit)
    models_dir: Path = field(
        default_factory=lambda: Path(os.environ.get(MODELS_DIR_ENV) or DEFAULT_MODELS_DIR)
    )
    pack_dir: Path = field(default_factory=lambda: Path(os.environ.get("F1_PACK") or DEFAULT_PACK))
    offline: bool = field(
        default_factory=lambda: os.environ.get("F1_OFFLINE", "") in {"1", "true", "yes"}
    )
    fastf1_log_level: str = field(default_factory=lambda: os.environ.get("F1_FASTF1_LOG", "ERROR"))
    fastf1_timeout_s: float = field(
        default_factory=lambda: float(
            os.environ.get("F1_FASTF1_TIMEOUT_S") or DEFAULT_FASTF1_TIMEOUT_S
        )
    )
    groq_model: str | None = field(default_factory=lambda: os.environ.get("GROQ_MODEL") or None)
    groq_base_url: str | None = field(
        default_factory=lambda: os.environ.get("GROQ_BASE_URL") or None
    )
    store_memory_mb: int = field(
        default_factory=lambda: int(os.environ.get("F1_STORE_MEMORY_MB") or 128)
    )
    store_lock_wait_s: float = field(
        default_factory=lambda: float(os.environ.get("F1_STORE_LOCK_WAIT_S") or 30)
    )
    query_timeout_s: float = 5.0
    query_row_limit: int = 500

    @property
    def data_dir(self) -> Path:
        """The folder beside the store that holds derived local state (indexes, caches).

        A lake is shared and read-only, so its replicas keep that state in ``data/``.
        """
        return DEFAULT_STORE.parent if self.store_path.is_dir() else self.store_path.parent

    def with_overrides(self, **changes) -> Settings:
        """Return a copy with explicit values replacing the environment/defaults."""
        clean = {k: v for k, v in changes.items() if v is not None}
        for key in ("store_path", "fastf1_cache", "data_kit", "models_dir", "pack_dir"):
            if key in clean:
                clean[key] = Path(clean[key])
        return replace(self, **clean)


def load_settings(**overrides) -> Settings:
    """Build settings from explicit overrides, then the environment, then defaults."""
    return Settings().with_overrides(**overrides)
