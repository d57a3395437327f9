"""Shared fixtures: the real data kit, a store with the whole kit ingested, an empty store.

Building the kit store takes ~40 s (FastF1 parses every cached session), so the built
file is kept under ``.pytest_cache/`` keyed by a hash of the ingest code and the kit's
manifest, and each test session works on its own copy.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
from pathlib import Path

import pytest

from f1core.config import PROJECT_ROOT, load_settings

KIT_DIR = Path(os.environ.get("F1_DATA_KIT", PROJECT_ROOT.parent / "shared" / "data"))
_CACHE_ROOT = PROJECT_ROOT / ".pytest_cache" / "pitwall"


def _kit_fingerprint() -> str:
    h = hashlib.sha256()
    for folder in ("f1core/ingest", "f1core/store"):
        for file in sorted((PROJECT_ROOT / folder).glob("*.py")):
            h.update(file.read_bytes())
    h.update((KIT_DIR / "MANIFEST.csv").read_bytes())
    return h.hexdigest()[:16]


def pytest_configure(config):
    """Tests start on the store they name: no silent data-pack import into empty stores.

    Tests of the pack and of a first start point ``F1_PACK`` at the repository's pack.
    """
    os.environ["F1_PACK"] = str(_CACHE_ROOT / "no-pack")


@pytest.fixture(scope="session")
def kit_dir() -> Path:
    """The real data kit (read-only)."""
    if not (KIT_DIR / "MANIFEST.csv").exists():
        pytest.fail(f"The real data kit is missing at {KIT_DIR}; set F1_DATA_KIT.")
    return KIT_DIR


def build_kit_store(target: Path, cache_dir: Path) -> None:
    """Ingest the whole kit into ``target`` (used by the fixture and by benchmarks)."""
    from f1core.ingest import ingest_kit
    from f1core.store import open_store

    settings = load_settings(store_path=target, fastf1_cache=cache_dir, data_kit=KIT_DIR)
    store = open_store(target)
    try:
        report = ingest_kit(store, settings, KIT_DIR)
        assert not report.failures, report.failures
        store.cursor().execute("CHECKPOINT")
    finally:
        store.close()


def cached_kit_store_file() -> Path:
    """Path of the built kit store for the current code and kit, building it if needed."""
    cached = _CACHE_ROOT / f"kit-{_kit_fingerprint()}.duckdb"
    if not cached.exists():
        _CACHE_ROOT.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
        build_kit_store(partial, _CACHE_ROOT / "fastf1_cache")
        partial.rename(cached)  # atomic: parallel test runs never see half a store
    return cached


@pytest.fixture(scope="session")
def kit_store_path(tmp_path_factory, kit_dir) -> Path:
    """A private copy of the kit store file for this test session."""
    copy = tmp_path_factory.mktemp("kit") / "f1.duckdb"
    shutil.copyfile(cached_kit_store_file(), copy)
    return copy


@pytest.fixture(scope="session")
def kit_store(kit_store_path):
    """The whole kit ingested (sessions, telemetry, history). Treat as read-only."""
    from f1core.store import open_store

    store = open_store(kit_store_path)
    yield store
    store.close()


@pytest.fixture(scope="session")
def history_file(tmp_path_factory, kit_dir) -> Path:
    """A store with only the kit's history tables, built once; tests write to copies."""
    from f1core.ingest.history import ingest_history
    from f1core.store import open_store

    path = tmp_path_factory.mktemp("history") / "history.duckdb"
    store = open_store(path)
    ingest_history(store, kit_dir / "history")
    store.cursor().execute("CHECKPOINT")
    store.close()
    return path


@pytest.fixture()
def empty_store(tmp_path):
    """A new, empty store file."""
    from f1core.store import open_store

    store = open_store(tmp_path / "f1.duckdb")
    yield store
    store.close()


@pytest.fixture()
def fastf1_cache(tmp_path, kit_dir) -> Path:
    """A writable copy of the kit's FastF1 cache (FastF1 writes while loading)."""
    from f1core.ingest.kit import prepare_kit_cache

    target = tmp_path / "ff1"
    prepare_kit_cache(kit_dir, target)
    return target


@pytest.fixture(autouse=True)
def _no_network(monkeypatch, request):
    """Block every connection except to loopback, as FastF1's own tests do."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or self.family == socket.AF_UNIX
        ):
            raise OSError(f"network blocked in tests: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
