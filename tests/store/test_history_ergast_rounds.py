"""Rounds only the Ergast tables have reach every history reader, on real kit data.

The kit's Ergast tables end at 2025 round 18 and F1DB covers it too, so each test removes
F1DB's rows of some rounds from a copy of the store (as if F1DB's snapshot ended earlier)
and checks the readers give what they give with F1DB present.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from f1core.config import load_settings
from f1core.history import circuits, drivers, head_to_head, names, results_source, seasons, teams
from f1core.ingest import jolpica
from f1core.store import open_store

CUT = (17, 18)  # 2025 rounds removed from F1DB: Azerbaijan and Singapore


def _f1db_round_tables(store) -> list[str]:
    return [
        r[0]
        for r in store.query_rows(
            "SELECT table_name FROM duckdb_columns() WHERE table_name LIKE 'f1db_%' "
            "AND column_name IN ('year', 'round') GROUP BY 1 HAVING count(*) = 2 ORDER BY 1"
        )
    ]


def _drop_f1db_rounds(store, year: int, rounds, *, keep_calendar: bool = False) -> None:
    """Delete every F1DB row of ``rounds`` of ``year`` (the calendar row too, unless kept)."""
    with store.transaction() as cur:
        for table in _f1db_round_tables(store):
            if keep_calendar and table == "f1db_races":
                continue
            cur.execute(
                f"DELETE FROM {table} WHERE year = ? AND list_contains(?, round)",  # noqa: S608
                [year, list(rounds)],
            )


def _copy(history_file, name: str):
    target = history_file.with_name(name)
    shutil.copyfile(history_file, target)
    return open_store(target)


@pytest.fixture(scope="module")
def full(history_file):
    store = _copy(history_file, "full.duckdb")
    yield store
    store.close()


@pytest.fixture(scope="module")
def cut(history_file):
    """The kit history with F1DB's rows of 2025 rounds 17-18 deleted."""
    store = _copy(history_file, "cut.duckdb")
    _drop_f1db_rounds(store, 2025, CUT)
    yield store
    store.close()


def _same(a: pd.DataFrame, b: pd.DataFrame, key: list[str]) -> None:
    left = a.sort_values(key).reset_index(drop=True)
    right = b.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right, check_dtype=False)


def test_the_cut_rounds_are_ergast_only(full, cut):
    assert results_source.ergast_only_rounds(full).empty
    only = results_source.ergast_only_rounds(cut)
    assert list(zip(only["year"], only["round"], strict=True)) == [(2025, 17), (2025, 18)]
    assert cut.scalar("SELECT count(*) FROM f1db_race_results WHERE year = 2025 AND round >= 17 "
                      "AND round <= 18") == 0  # fmt: skip


def test_ergast_rows_have_f1db_shape_and_ids(full, cut):
    rows = results_source.ergast_only_rows(cut)
    assert set(rows) == set(results_source.MERGED)
    race = rows["race_results"]
    assert len(race) == 40 and race["driverId"].notna().all()
    f1db = full.query_df(
        "SELECT year, round, driverId, constructorId, position, driverNumber, laps, "
        "coalesce(points, 0) AS points FROM f1db_race_results WHERE year = 2025 AND round IN (17, 18)"
    )
    mine = race[f1db.columns].astype({"points": float})
    # every driver, team, finishing text, car number, lap count and points as F1DB has them
    _same(mine, f1db, ["round", "driverId"])
    assert rows["drivers"].empty and rows["constructors"].empty and rows["circuits"].empty
    assert rows["races"]["circuitId"].tolist() == ["baku", "marina-bay"]


def test_standings_after_round_18_equal_those_with_f1db(full, cut):
    after = {}
    for label, store in (("full", full), ("cut", cut)):
        points = seasons.round_points(store, 2025)
        after[label] = seasons.driver_standings(points, year=2025, after_round=18)
    _same(after["cut"], after["full"], ["driver_id"])
    official = full.query_df(
        "SELECT driverId AS driver_id, points FROM f1db_driver_standings_after_race "
        "WHERE year = 2025 AND round = 18"
    ).set_index("driver_id")["points"]
    mine = after["cut"].set_index("driver_id")["points"]
    assert (mine.reindex(official.index) == official).all()
    assert after["cut"].iloc[0][["driver_id", "points"]].tolist() == ["oscar-piastri", 336.0]


def test_whole_season_reads_the_same(full, cut):
    cal_full, cal_cut = seasons.season_calendar(full, 2025), seasons.season_calendar(cut, 2025)
    cols = ["round", "date", "grand_prix", "circuit_id", "circuit", "laps", "winner", "winner_id",
            "team", "pole", "fastest_lap"]  # fmt: skip
    _same(cal_cut[cols], cal_full[cols], ["round"])
    assert seasons.completed_rounds(cal_cut) == 24
    pts_full, pts_cut = seasons.round_points(full, 2025), seasons.round_points(cut, 2025)
    prog = [seasons.standings_progression(p, year=2025, rounds=24) for p in (pts_full, pts_cut)]
    _same(prog[1], prog[0], ["round", "driver_id"])
    cons = [seasons.constructor_standings(s, 2025) for s in (full, cut)]
    _same(cons[1], cons[0], ["round", "team_id"])
    assert seasons.list_seasons(cut) == seasons.list_seasons(full)


@pytest.mark.parametrize("driver_id", ["george-russell", "max-verstappen", "lewis-hamilton"])
def test_driver_profile_and_duels_read_the_same(full, cut, driver_id):
    tot = [drivers.career_totals(s, driver_id) for s in (full, cut)]
    assert tot[1] == tot[0]
    for fn in (drivers.results_by_season, drivers.best_circuits,
               head_to_head.teammate_head_to_head):  # fmt: skip
        _same(fn(cut, driver_id), fn(full, driver_id), list(fn(full, driver_id).columns[:2]))
    duel = [head_to_head.compare_drivers(s, driver_id, "oscar-piastri") for s in (full, cut)]
    _same(duel[1], duel[0], ["year"])


def test_team_and_circuit_profiles_read_the_same(full, cut):
    for fn in (teams.team_seasons, teams.team_drivers):
        _same(
            fn(cut, "mercedes"),
            fn(full, "mercedes"),
            ["year"] + (["driver_id"] if fn is teams.team_drivers else []),
        )
    rel = [teams.reliability(s, "mercedes").set_index("year") for s in (full, cut)]
    assert (
        (rel[1][["starts", "classified", "dnfs"]] == rel[0][["starts", "classified", "dnfs"]])
        .all()
        .all()
    )
    winners = [circuits.circuit_winners(s, "marina-bay") for s in (full, cut)]
    cols = ["year", "round", "grand_prix", "winner", "winner_id", "team", "grid", "pole"]
    _same(winners[1][cols], winners[0][cols], ["year"])
    assert winners[1].iloc[0][["year", "winner"]].tolist() == [2025, "George Russell"]
    grid = [circuits.grid_vs_finish(s, "baku") for s in (full, cut)]
    _same(grid[1], grid[0], ["year", "driver_id"])


def test_a_round_with_an_f1db_calendar_row_but_no_results(history_file, full):
    """Like the rest of the current season: F1DB lists the round, only Ergast has its results."""
    store = _copy(history_file, "calendar_kept.duckdb")
    try:
        _drop_f1db_rounds(store, 2025, [18], keep_calendar=True)
        rows = results_source.ergast_only_rows(store)
        assert rows["races"].empty  # F1DB's calendar row is used, with F1DB's race id
        race_id = store.scalar("SELECT id FROM f1db_races WHERE year = 2025 AND round = 18")
        assert set(rows["race_results"]["raceId"]) == {race_id}
        cal = seasons.season_calendar(store, 2025).set_index("round")
        assert cal.loc[18, "winner"] == "George Russell"
        assert (
            cal.loc[18, "grand_prix"]
            == seasons.season_calendar(full, 2025).set_index("round").loc[18, "grand_prix"]
        )
    finally:
        store.close()


def test_a_round_fetched_from_jolpica_reaches_the_standings(
    history_file, full, fastf1_cache, tmp_path
):
    """2025 round 4 gone from both sources, then fetched again from Jolpica's real cached answer."""
    store = _copy(history_file, "jolpica.duckdb")
    try:
        _drop_f1db_rounds(store, 2025, range(4, 25))  # F1DB as if its snapshot ended at round 3
        race_id = store.scalar("SELECT raceId FROM ergast_races WHERE year = 2025 AND round = 4")
        with store.transaction() as cur:
            for table in jolpica.ROUND_TABLES:
                cur.execute(f"DELETE FROM ergast_{table} WHERE raceId = ?", [race_id])  # noqa: S608
        settings = load_settings(store_path=store.path, fastf1_cache=fastf1_cache, offline=True)
        update = jolpica.ingest_recent_history(store, settings, seasons=[2025], rounds=[4],
                                               parts=("results",))  # fmt: skip
        assert update.rounds == [(2025, 4)]
        points = seasons.round_points(store, 2025)
        mine = seasons.driver_standings(points, year=2025, after_round=4).set_index("driver_id")
        official = full.query_df(
            "SELECT driverId AS driver_id, points FROM f1db_driver_standings_after_race "
            "WHERE year = 2025 AND round = 4"
        ).set_index("driver_id")["points"]
        assert (mine["points"].reindex(official.index) == official).all()
        cal = seasons.season_calendar(store, 2025)
        assert cal.loc[cal["round"] == 4, "winner"].item() == "Oscar Piastri"  # Bahrain
    finally:
        store.close()


@pytest.fixture(scope="module")
def to_round_18(history_file):
    """The reference: F1DB up to 2025 round 18, where the kit's Ergast tables end."""
    store = _copy(history_file, "to_round_18.duckdb")
    _drop_f1db_rounds(store, 2025, range(19, 25))
    yield store
    store.close()


def test_a_driver_f1db_has_never_seen_gets_his_own_slug(history_file, to_round_18):
    """F1DB as of the end of 2024, without 2025's rookie Bortoleto: Ergast alone tells 2025."""
    ref = to_round_18
    store = _copy(history_file, "end_of_2024.duckdb")
    try:
        with store.transaction() as cur:
            for table in _f1db_round_tables(store):
                cur.execute(f"DELETE FROM {table} WHERE year >= 2025")  # noqa: S608
            cur.execute("DELETE FROM f1db_drivers WHERE id = 'gabriel-bortoleto'")
        rows = results_source.ergast_only_rows(store)
        assert rows["drivers"]["id"].tolist() == ["gabriel-bortoleto"]
        assert rows["drivers"]["name"].tolist() == ["Gabriel Bortoleto"]
        assert len(rows["races"]) == 18 and rows["constructors"].empty
        standings = [
            seasons.driver_standings(seasons.round_points(s, 2025), year=2025, after_round=18)
            for s in (ref, store)
        ]
        _same(standings[1], standings[0], ["driver_id"])  # sprints included
        assert standings[1].set_index("driver_id").loc["gabriel-bortoleto", "points"] > 0
        assert seasons.list_seasons(store)[:2] == [2025, 2024]
        people = names.driver_names(store)
        assert names.resolve_name(people, "bortoleto") == "gabriel-bortoleto"
        row = people.set_index("driver_id").loc["gabriel-bortoleto"]
        assert (row["code"], row["first_season"], row["last_season"]) == ("BOR", 2025, 2025)
        for fn in (drivers.results_by_season, head_to_head.teammate_head_to_head):
            mine, theirs = fn(store, "gabriel-bortoleto"), fn(ref, "gabriel-bortoleto")
            _same(mine.query("year == 2025"), theirs.query("year == 2025"), ["year"])
        duels = head_to_head.teammate_head_to_head(store, "gabriel-bortoleto")
        assert duels["teammate_id"].tolist() == ["nico-hulkenberg"]
        cons = [seasons.constructor_standings(s, 2025).drop(columns="name") for s in (ref, store)]
        # F1DB renamed RB "Racing Bulls" for 2025; a snapshot that ends in 2024 calls it "rb"
        cons[0]["team_id"] = cons[0]["team_id"].replace("racing-bulls", "rb")
        _same(cons[1], cons[0], ["round", "team_id"])
    finally:
        store.close()
