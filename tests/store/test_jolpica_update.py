"""The Jolpica history update against the kit's real Ergast tables and real cached Jolpica answers.

The kit's FastF1 HTTP cache holds Jolpica's answers for 2023 round 1, 2025 rounds 1 and 4
(race results) and the 2025 round 6 sprint; everything runs offline on a copy of it.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from f1core.config import load_settings
from f1core.errors import DataSourceUnavailable, HistoryNotLoaded, IngestFailed, SessionNotFound
from f1core.history import names
from f1core.ingest import jolpica
from f1core.ingest.fastf1_session import configure_fastf1
from f1core.models.features_finish import load_history_results
from f1core.store import open_store

ERGAST = ["races", "results", "sprint_results", "qualifying", "driver_standings",
          "constructor_standings", "constructor_results", "drivers", "constructors",
          "circuits", "status", "seasons"]  # fmt: skip
#: Columns of ergast_results that must come out of the conversion exactly as the kit has them.
SAME = ["driverId", "constructorId", "number", "grid", "position", "positionText",
        "positionOrder", "points", "laps", "time", "milliseconds", "fastestLap", "rank",
        "fastestLapTime"]  # fmt: skip


@pytest.fixture()
def store(history_file, tmp_path):
    copy = tmp_path / "history_copy.duckdb"
    shutil.copyfile(history_file, copy)
    s = open_store(copy)
    yield s
    s.close()


@pytest.fixture()
def settings(fastf1_cache, tmp_path):
    return load_settings(
        store_path=tmp_path / "history_copy.duckdb", fastf1_cache=fastf1_cache, offline=True
    )


def _snapshot(store) -> dict[str, tuple]:
    """Row count and an order-independent content hash of every Ergast table."""
    return {t: store.query_rows(f"SELECT count(*), sum(hash(x)) FROM ergast_{t} x")[0]  # noqa: S608
            for t in ERGAST}  # fmt: skip


def _values(series) -> list:
    """Plain Python values with every missing value as None (NaN never equals NaN)."""
    return [None if pd.isna(v) else v for v in series.astype(object)]


def _kit_results(store, year: int, rnd: int):
    return store.query_df(
        "SELECT r.*, s.status FROM ergast_results r JOIN ergast_races USING (raceId) "
        "LEFT JOIN ergast_status s USING (statusId) WHERE year = ? AND round = ? "
        "ORDER BY positionOrder",
        [year, rnd],
    )


def _fetch(settings, year, rnd, parts=()):
    from fastf1.ergast import Ergast

    configure_fastf1(settings.fastf1_cache, offline=True)
    return jolpica.fetch_round(Ergast(), year, rnd, parts=parts, offline=True)


@pytest.mark.parametrize(("year", "rnd"), [(2025, 1), (2025, 4), (2023, 1)])
def test_cached_results_reproduce_the_kit_rows(store, settings, year, rnd):
    kit = _kit_results(store, year, rnd)
    book = jolpica.load_id_book(store)
    book.causes = {}  # the conversion alone: no stored retirement causes to keep
    tables = jolpica.convert_round(_fetch(settings, year, rnd), book)
    ours = tables["results"].merge(store.query_df("SELECT * FROM ergast_status"), how="left")
    assert book.new_rows == {"drivers": [], "constructors": [], "circuits": [], "status": []}
    assert len(ours) == len(kit) == 20
    assert (ours["raceId"] == kit["raceId"]).all()
    same = [c for c in SAME if not (year == 2023 and c == "position")]
    for col in same:  # every value, row by row, in classification order
        assert _values(ours[col]) == _values(kit[col]), col
    finished = ~ours["status"].eq("Retired")
    assert (ours.loc[finished, "statusId"] == kit.loc[finished, "statusId"]).all()
    # Jolpica's answer says only "Retired" where the kit's source names the cause; the
    # conversion maps it to the kit's own "Retired" id and never invents a cause.
    assert ours.loc[~finished, "statusId"].eq(31).all()
    assert kit.loc[~finished, "positionText"].isin(["R", "D"]).all()
    assert (tables["races"].iloc[0][["raceId", "circuitId", "name", "date", "time"]].tolist()
            == store.query_df("SELECT raceId, circuitId, name, date, time FROM ergast_races "
                              "WHERE year = ? AND round = ?", [year, rnd]).iloc[0].tolist())  # fmt: skip
    kit_teams = store.query_df(
        "SELECT constructorId, points FROM ergast_constructor_results WHERE raceId = ? "
        "ORDER BY constructorId", [int(kit["raceId"].iloc[0])])  # fmt: skip
    ours_teams = tables["constructor_results"].sort_values("constructorId")
    assert ours_teams["constructorId"].tolist() == kit_teams["constructorId"].tolist()
    assert ours_teams["points"].tolist() == kit_teams["points"].tolist()


def test_2025_round1_status_ids_match_and_a_refetch_keeps_the_stored_causes(store, settings):
    answer = _fetch(settings, 2025, 1)
    kit = _kit_results(store, 2025, 1)
    assert [r["status"] for r in answer.results][14:] == ["Retired"] * 6  # Jolpica's words
    assert kit["status"].tolist() == ["Finished"] * 14 + ["Accident"] * 6  # the kit's source
    book = jolpica.load_id_book(store)
    bare = jolpica.load_id_book(store)
    bare.causes = {}
    ours = jolpica.convert_round(answer, bare)["results"]["statusId"].tolist()
    assert ours == [1] * 14 + [31] * 6
    kept = jolpica.convert_round(answer, book)["results"]["statusId"].tolist()
    assert kept == kit["statusId"].tolist() == [1] * 14 + [3] * 6


def test_cached_sprint_reproduces_the_kit_rows(store, settings):
    from fastf1.ergast import Ergast

    configure_fastf1(settings.fastf1_cache, offline=True)
    sprint, race = jolpica.fetch_rows(Ergast(), "get_sprint_results", "SprintResults", 2025, 6,
                                      what="sprint results for", offline=True)  # fmt: skip
    assert (race["raceName"], race["Circuit"]["circuitId"]) == ("Miami Grand Prix", "miami")
    book = jolpica.load_id_book(store)
    ours = jolpica.convert_results(sprint, 1150, book, sprint=True)
    kit = store.query_df(
        "SELECT * FROM ergast_sprint_results WHERE raceId = 1150 ORDER BY positionOrder"
    )
    for col in [*SAME, "statusId"]:
        if col in kit:
            assert _values(ours[col]) == _values(kit[col]), col


def test_refetching_a_round_replaces_only_that_round(store, settings):
    before = _snapshot(store)
    race_id = store.scalar("SELECT raceId FROM ergast_races WHERE year = 2025 AND round = 1")
    others = "SELECT count(*), sum(hash(x)) FROM ergast_results x WHERE raceId <> ?"
    others_before = store.query_rows(others, [race_id])
    kit = _kit_results(store, 2025, 1)
    update = jolpica.ingest_recent_history(store, settings, seasons=[2025], rounds=[1],
                                           parts=("results",))  # fmt: skip
    assert update.rounds == [(2025, 1)] and update.rows["results"] == 20
    after = _snapshot(store)
    assert store.query_rows(others, [race_id]) == others_before
    for table in ["drivers", "constructors", "circuits", "status", "seasons", "qualifying",
                  "driver_standings", "constructor_standings", "sprint_results"]:  # fmt: skip
        assert after[table] == before[table], table
    assert {t: after[t][0] for t in ERGAST} == {t: before[t][0] for t in ERGAST}
    now = _kit_results(store, 2025, 1)
    cols = [*SAME, "statusId"]
    assert now[cols].astype(str).values.tolist() == kit[cols].astype(str).values.tolist()
    again = jolpica.ingest_recent_history(store, settings, seasons=[2025], rounds=[1],
                                          parts=("results",))  # fmt: skip
    assert again.rows["results"] == 20 and _snapshot(store)["results"][0] == before["results"][0]


def _forget_round_and_driver(store, year, rnd, driver_ref):
    """Make the store look as if ``year``/``rnd`` and one driver were never ingested."""
    race_id = store.scalar(
        "SELECT raceId FROM ergast_races WHERE year = ? AND round = ?", [year, rnd]
    )
    driver_id = store.scalar(
        "SELECT driverId FROM ergast_drivers WHERE driverRef = ?", [driver_ref]
    )
    with store.transaction() as cur:
        for table in jolpica.ROUND_TABLES:
            cur.execute(f"DELETE FROM ergast_{table} WHERE raceId = ?", [race_id])  # noqa: S608
        cur.execute("DELETE FROM ergast_races WHERE raceId = ?", [race_id])
        for table in ["results", "sprint_results", "qualifying", "driver_standings"]:
            cur.execute(f"DELETE FROM ergast_{table} WHERE driverId = ?", [driver_id])  # noqa: S608
        cur.execute("DELETE FROM ergast_drivers WHERE driverId = ?", [driver_id])
    return race_id, driver_id


def test_a_new_round_and_a_new_driver_reach_the_history_readers(store, settings):
    _forget_round_and_driver(store, 2025, 1, "hadjar")
    max_race = store.scalar("SELECT max(raceId) FROM ergast_races")
    max_driver = store.scalar("SELECT max(driverId) FROM ergast_drivers")
    ergast_rows = load_history_results(store, source="ergast")
    assert ergast_rows.query("year == 2025 and round == 1").empty
    assert "hadjar" not in set(names.driver_names(store)["ergast_ref"].dropna())

    update = jolpica.ingest_recent_history(store, settings, seasons=[2025], rounds=[1],
                                           parts=("results",))  # fmt: skip
    assert update.new_drivers == ["hadjar"] and update.new_constructors == []
    new_race = store.scalar("SELECT raceId FROM ergast_races WHERE year = 2025 AND round = 1")
    new_driver = store.scalar("SELECT driverId FROM ergast_drivers WHERE driverRef = 'hadjar'")
    assert new_race == max_race + 1 and new_driver == max_driver + 1
    assert store.scalar("SELECT code || ' ' || dob FROM ergast_drivers WHERE driverId = ?",
                        [new_driver]) == "HAD 2004-09-28"  # fmt: skip
    rows = load_history_results(store, source="ergast").query("year == 2025 and round == 1")
    assert len(rows) == 20 and rows["points"].sum() == 101
    people = names.driver_names(store)
    hadjar = people[people["ergast_ref"] == "hadjar"]
    assert hadjar["driver_id"].tolist() == ["isack-hadjar"]  # tied to F1DB by birth date
    assert names.resolve_name(people, str(new_driver)) == "isack-hadjar"


@pytest.mark.parametrize(
    ("kwargs", "missing"),
    [({"seasons": [2025], "rounds": [1], "parts": ("results", "qualifying")}, "qualifying"),
     ({"seasons": [2025], "rounds": [1, 2], "parts": ("results",)}, "2025 round 2"),
     ({}, "2025 round 19")],
)  # fmt: skip
def test_a_missing_answer_offline_is_a_clear_error_and_writes_nothing(
    store, settings, kwargs, missing
):
    before = _snapshot(store)
    with pytest.raises(DataSourceUnavailable, match="not in the FastF1 cache") as info:
        jolpica.ingest_recent_history(store, settings, **kwargs)
    assert missing in str(info.value) and "nothing was written" in str(info.value)
    assert _snapshot(store) == before


def test_a_failing_write_rolls_everything_back(store, settings):
    _forget_round_and_driver(store, 2025, 1, "hadjar")
    before = _snapshot(store)
    book = jolpica.load_id_book(store)
    tables = jolpica.convert_round(_fetch(settings, 2025, 1), book)
    assert book.new_rows["drivers"]  # the write would add hadjar first
    tables["results"]["no_such_column"] = 1
    with pytest.raises(IngestFailed, match="intact"):
        jolpica.write_rounds(store, [tables], book)
    assert _snapshot(store) == before


def test_bad_requests_are_refused_before_any_fetch(store, settings, empty_store):
    with pytest.raises(SessionNotFound, match="1950"):
        jolpica.ingest_recent_history(store, settings, seasons=[1949])
    with pytest.raises(SessionNotFound, match="from 1"):
        jolpica.ingest_recent_history(store, settings, seasons=[2025], rounds=[0])
    with pytest.raises(SessionNotFound, match="one season"):
        jolpica.ingest_recent_history(store, settings, seasons=[2024, 2025], rounds=[1])
    with pytest.raises(HistoryNotLoaded, match="ergast_races"):
        jolpica.ingest_recent_history(empty_store, settings)


def test_last_round_with_results_is_where_the_kit_stops(store):
    assert jolpica.last_round_with_results(store) == (2025, 18)
    assert jolpica.last_round_with_results(store, 2023) == (2023, 22)


class _Page(list):
    """A one-page answer like FastF1's raw Ergast response."""

    is_complete = True


class _SeasonSoFar:
    """FastF1's offline Ergast client, except that rounds after ``last`` have no results yet
    (what Jolpica answers online for a round not run; the cache cannot hold that answer)."""

    def __init__(self, last: int):
        from fastf1.ergast import Ergast

        self._real, self._last = Ergast(), last

    def get_race_results(self, season, rnd, **kwargs):
        if rnd > self._last:
            return _Page()
        return self._real.get_race_results(season, rnd, **kwargs)


def test_the_update_stops_at_the_first_round_without_results(store, settings):
    race_ids = [r[0] for r in store.query_rows("SELECT raceId FROM ergast_races WHERE year = 2025")]
    with store.transaction() as cur:  # the store as if it ended with the 2024 season
        for table in jolpica.ROUND_TABLES:
            cur.execute(
                f"DELETE FROM ergast_{table} WHERE raceId IN (SELECT unnest(?))", [race_ids]
            )  # noqa: S608
    assert jolpica.last_round_with_results(store) == (2024, 24)
    seen: list[str] = []
    configure_fastf1(settings.fastf1_cache, offline=True)
    update = jolpica.ingest_recent_history(
        store, settings, seasons=[2025], parts=("results",), ergast=_SeasonSoFar(last=1),
        progress=lambda f, m: seen.append(m),
    )  # fmt: skip
    assert update.rounds == [(2025, 1)]
    assert jolpica.last_round_with_results(store) == (2025, 1)
    assert seen[:2] == ["Asking Jolpica for 2025 round 1", "Asking Jolpica for 2025 round 2"]
    assert seen[-1] == "Brought in 2025 round 1 (20 race results)."
    nothing = jolpica.ingest_recent_history(store, settings, seasons=[2025], parts=("results",),
                                            ergast=_SeasonSoFar(last=1))  # fmt: skip
    assert nothing.rounds == [] and nothing.summary().startswith("The history is up to date")


def test_jolpica_unreachable_online_is_a_clear_error_and_writes_nothing(
    store, settings, monkeypatch
):
    import socket

    import fastf1.ergast.interface

    with socket.socket() as s:  # a loopback port nobody listens on: connection refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(fastf1.ergast.interface, "BASE_URL", f"http://127.0.0.1:{port}/ergast/f1")
    before = _snapshot(store)
    online = settings.with_overrides(offline=False)
    with pytest.raises(DataSourceUnavailable, match="did not answer") as info:
        jolpica.ingest_recent_history(store, online, seasons=[2025], rounds=[19])
    assert "nothing was written" in str(info.value)
    assert _snapshot(store) == before
