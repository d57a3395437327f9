"""Store priors pooled from per-race parts cached by each race's version equal a from-scratch fit.

The app keeps each race's measured priors under that race's own version, so an ingest of one
race re-measures only that race; the pooled priors, with or without a race left out, must be
exactly those measured from scratch on the same store.
"""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest

from f1core.config import load_settings
from f1core.ingest import ingest_session
from f1core.store import SessionKey, open_store
from f1core.store.queries import session_versions
from f1core.strategy import priors
from f1core.strategy.pit_loss import race_sessions

AUSTRALIA = SessionKey(2025, 1, "R")


@pytest.fixture()
def writable(kit_store_path, tmp_path):
    store = open_store(shutil.copyfile(kit_store_path, tmp_path / "f1.duckdb"))
    yield store
    store.close()


class _Book:
    """What the app's cache does: one measurement per (race, that race's version)."""

    def __init__(self, store):
        self.store, self.parts, self.measured = store, {}, []

    def races(self) -> list[priors.RacePriors]:
        versions = session_versions(self.store)
        return priors.measure_store_priors(self.store, measure=lambda k: self._get(k, versions[k]))

    def _get(self, key: SessionKey, version: str) -> priors.RacePriors:
        if (key, version) not in self.parts:
            self.measured.append(key)
            self.parts[key, version] = priors.measure_race_priors(self.store, key)
        return self.parts[key, version]


def _assert_same(a: priors.StoreContext, b: priors.StoreContext) -> None:
    for name, value in vars(a).items():
        other = getattr(b, name)
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(value, other, check_exact=True)
        elif isinstance(value, float) and math.isnan(value):
            assert math.isnan(other), name
        else:
            assert value == other, name


def test_versions_change_only_for_the_race_an_ingest_wrote(writable, fastf1_cache):
    before = session_versions(writable)
    settings = load_settings(store_path=writable.path, fastf1_cache=fastf1_cache)
    ingest_session(writable, settings, 2025, "Australia", "R", offline=True)
    after = session_versions(writable)
    assert set(after) == set(before)
    assert [k for k in after if after[k] != before[k]] == [AUSTRALIA]


def test_pooled_parts_after_an_ingest_equal_the_from_scratch_fit(writable, fastf1_cache):
    book = _Book(writable)
    book.races()  # warm: every race measured once
    assert book.measured == race_sessions(writable)
    settings = load_settings(store_path=writable.path, fastf1_cache=fastf1_cache)
    ingest_session(writable, settings, 2025, "Australia", "R", offline=True)
    book.measured.clear()
    races = book.races()
    assert book.measured == [AUSTRALIA]  # the other races' parts were reused
    _assert_same(priors.build_store_context(writable, races=races),
                 priors.build_store_context(writable))  # fmt: skip
    scratch = priors.measure_store_priors(writable)
    for key in race_sessions(writable):  # every leave-one-out context the backtest uses
        _assert_same(priors.pool_priors(writable, races, exclude=key),
                     priors.pool_priors(writable, scratch, exclude=key))  # fmt: skip


def test_the_store_version_changes_with_a_history_update(writable):
    """Caches keyed by the store version (the Strategy page's priors read the safety-car and
    lap-chart history) are not served stale after new history rows arrive."""
    from f1core.store.queries import store_version

    before = store_version(writable)
    table = writable.scalar(
        "SELECT min(table_name) FROM duckdb_tables() WHERE table_name LIKE 'ergast%'"
    )
    with writable.transaction() as cur:
        cur.execute(f'INSERT INTO "{table}" SELECT * FROM "{table}" LIMIT 50')  # noqa: S608
    assert store_version(writable) != before
    assert store_version(writable) == store_version(writable)
