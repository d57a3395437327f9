"""Dashboards in a real DuckDB store: ownership, pins, JSON files, and tiles built from the kit."""

from __future__ import annotations

import json
import shutil

import plotly.graph_objects as go
import pytest

from f1core.dashboards import model, saved, tiles
from f1core.dashboards.model import Tile
from f1core.errors import (
    BadDashboardFile,
    DashboardError,
    DashboardNotFound,
    NoData,
    SessionNotInStore,
)
from f1core.store import open_store
from f1core.store.schema import SCHEMA_VERSION

ALICE, BOB = "https://accounts.example|alice", "https://accounts.example|bob"
LAP_TIMES = {
    "year": "2025",
    "round": "1",
    "session": "R",
    "drivers": "NOR,PIA",
    "view": "Lap times",
}


@pytest.fixture()
def store(tmp_path):
    s = open_store(tmp_path / "f1.duckdb")
    yield s
    s.close()


@pytest.fixture(scope="module")
def kit(kit_store_path, tmp_path_factory):
    copy = tmp_path_factory.mktemp("dash") / "f1.duckdb"
    shutil.copyfile(kit_store_path, copy)
    s = open_store(copy)
    yield s
    s.close()


def _tile(kind="session.lap_times", params=None) -> Tile:
    params = LAP_TIMES if params is None else params
    return Tile(kind=kind, params=params, title=tiles.tile_title(tiles.KINDS[kind], params))


def test_a_new_store_has_the_dashboards_table_at_the_current_schema(store):
    assert store.table_exists("dashboards")
    assert store.scalar("SELECT max(version) FROM schema_version") == SCHEMA_VERSION == 2


def test_a_version_1_store_is_migrated_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.duckdb"
    s = open_store(path)
    with s.transaction() as cur:
        cur.execute("DROP TABLE dashboards")
        cur.execute("DELETE FROM schema_version WHERE version = 2")
        cur.execute("INSERT INTO sessions (year, round, session_code) VALUES (2025, 1, 'R')")
    s.close()
    s = open_store(path)
    assert s.table_exists("dashboards")
    assert s.scalar("SELECT count(*) FROM sessions") == 1
    s.close()


def test_pinning_creates_the_named_dashboard_then_appends(store):
    first = saved.pin_tile(store, ALICE, "Race day", _tile())
    second = saved.pin_tile(
        store, ALICE, " Race   day ", _tile("season.drivers", {"season": "2021"})
    )
    assert first.id == second.id
    assert [t.kind for t in saved.get_dashboard(store, first.id, ALICE).tiles] == [
        "session.lap_times", "season.drivers"]  # fmt: skip
    assert [b.name for b in saved.list_dashboards(store, ALICE)] == ["Race day"]


def test_one_user_cannot_list_open_change_or_delete_anothers_dashboard(store):
    board = saved.pin_tile(store, ALICE, "Mine", _tile())
    assert saved.list_dashboards(store, BOB) == []
    with pytest.raises(DashboardNotFound) as not_yours:
        saved.get_dashboard(store, board.id, BOB)
    with pytest.raises(DashboardNotFound) as no_such:
        saved.get_dashboard(store, "no-such-id", BOB)
    # the same answer whether the id exists or not: ids cannot be probed
    assert str(not_yours.value).replace(board.id, "X") == str(no_such.value).replace(
        "no-such-id", "X"
    )
    stolen = model.Dashboard(id=board.id, owner=BOB, name="taken", tiles=())
    with pytest.raises(DashboardNotFound):
        saved.save_dashboard(store, stolen)
    saved.delete_dashboard(store, board.id, BOB)
    kept = saved.get_dashboard(store, board.id, ALICE)
    assert kept.name == "Mine" and len(kept.tiles) == 1


def test_rename_columns_reorder_and_remove_are_saved(store):
    board = saved.create_dashboard(store, ALICE, "Grid")
    a, b, c = _tile(), _tile("season.drivers", {"season": "2021"}), _tile("driver.seasons", {})
    board = saved.save_dashboard(store, board.with_tiles([a, b, c]))
    moved = model.move_tile(board.tiles, c.uid, -2)
    board = model.Dashboard(
        board.id, ALICE, "Grid two", columns=9, tiles=model.remove_tile(moved, a.uid)
    )
    saved.save_dashboard(store, board)
    back = saved.get_dashboard(store, board.id, ALICE)
    assert back.name == "Grid two"
    assert back.columns == model.MAX_COLUMNS  # clamped
    assert [t.uid for t in back.tiles] == [c.uid, b.uid]


def test_export_then_import_gives_an_equal_dashboard_under_a_new_id(store):
    board = saved.pin_tile(store, ALICE, "Export me", _tile())
    text = model.dashboard_to_file(saved.get_dashboard(store, board.id, ALICE))
    assert ALICE not in text and board.id not in text  # no owner, no id in the file
    name, columns, tiles_ = model.dashboard_from_file(text, known_kinds=tiles.KINDS)
    copy = saved.create_dashboard(store, BOB, name, columns=columns, tiles=tiles_)
    assert copy.id != board.id
    assert [(t.kind, t.params, t.title) for t in copy.tiles] == [
        (t.kind, t.params, t.title) for t in board.tiles
    ]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "not a Pit Wall dashboard"),
        (json.dumps({"format": "pitwall-dashboard", "version": 99, "tiles": []}), "format version"),
        (json.dumps({"format": "pitwall-dashboard", "version": 1, "columns": 7, "tiles": []}), "'columns'"),
        (json.dumps({"format": "pitwall-dashboard", "version": 1, "tiles": [{"kind": "x.y", "params": {}}]}),
         "unknown kind 'x.y'"),
        (json.dumps({"format": "pitwall-dashboard", "version": 1, "tiles": "nope"}), "'tiles'"),
    ],
)  # fmt: skip
def test_a_malformed_import_is_refused_with_a_clear_message(data, says):
    with pytest.raises(BadDashboardFile, match=says):
        model.dashboard_from_file(data, known_kinds=tiles.KINDS)


#: kind -> the parameters a page's URL would carry when the chart is pinned there.
PINNED = {
    "telemetry.": {
        "year": "2025",
        "round": "1",
        "session": "Q",
        "laps": "NOR L1,PIA L1",
        "mini": "25",
    },
    "season.": {"season": "2021", "after": "10"},
    "driver.": {"driver": "max-verstappen"},
    "team.": {"team": "mclaren"},
    "circuit.": {"circuit": "monza"},
    "h2h.": {"driver": "max-verstappen", "vs": "lewis-hamilton"},
    "session.": {**LAP_TIMES, "gap": "0", "trace": "leader"},
}


def _pinned_params(kind_id: str) -> dict:
    return next(v for k, v in PINNED.items() if kind_id.startswith(k))


@pytest.mark.parametrize("kind_id", sorted(tiles.KINDS))
def test_every_kind_builds_from_the_kit(kit, kind_id):
    view = tiles.build_tile(kit, kind_id, _pinned_params(kind_id))
    drawn = view.figure is not None and len(view.figure.data) > 0
    tabled = view.table is not None and not view.table.empty
    assert drawn or tabled, kind_id


def test_every_kind_names_a_real_page_and_a_download_key_used_there():
    from f1core.config import PROJECT_ROOT
    from f1core.ui.nav import PAGES

    for kind in tiles.KINDS.values():
        assert kind.page in PAGES, kind.id
        source = (PROJECT_ROOT / kind.page).read_text()
        name = kind.download_key.removeprefix("dl_")
        assert f'"{kind.download_key}"' in source or f'"{name}"' in source, kind.id


def test_history_and_telemetry_titles_and_contents(kit):
    standings = tiles.build_tile(kit, "season.drivers", {"season": "2021", "after": "10"})
    assert isinstance(standings.figure, go.Figure) and standings.figure.data
    assert "after round 10" in standings.figure.layout.title.text
    duel = tiles.KINDS["h2h.duels"]
    assert (
        tiles.tile_title(duel, PINNED["h2h."]) == "Head to head · max-verstappen vs lewis-hamilton"
    )


def test_a_tile_follows_the_replay_clock(kit):
    full = tiles.build_tile(kit, "session.results", LAP_TIMES)
    at_lap_5 = tiles.build_tile(kit, "session.results", LAP_TIMES, up_to_lap=5)
    assert any("lap 5" in n for n in at_lap_5.notes) or not at_lap_5.table.equals(full.table)
    season = tiles.build_tile(kit, "season.drivers", {"season": "2021"}, up_to_lap=5)
    assert season.figure.data  # kinds that do not follow the clock ignore it


def test_a_tile_for_a_missing_session_names_it(kit):
    with pytest.raises(SessionNotInStore, match="2019/3/R"):
        tiles.build_tile(kit, "session.lap_times", {**LAP_TIMES, "year": "2019", "round": "3"})
    with pytest.raises(NoData):
        tiles.build_tile(kit, "season.drivers", {"season": "1900"})


def test_dashboards_are_private_never_in_a_pack_a_lake_or_the_chats_sql():
    from f1core.store.schema import USER_TABLES, public_tables

    assert "dashboards" in USER_TABLES
    assert "dashboards" not in public_tables()


def test_pins_from_many_threads_make_one_dashboard_with_every_tile(store):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda i: saved.pin_tile(store, ALICE, "Busy", _tile()), range(12)))
    (board,) = saved.list_dashboards(store, ALICE)
    assert len(board.tiles) == 12 and len({t.uid for t in board.tiles}) == 12


def test_a_full_dashboard_refuses_another_pin_and_keeps_its_tiles(store):
    board = saved.create_dashboard(
        store, ALICE, "Full", tiles=[_tile() for _ in range(model.MAX_TILES)]
    )
    with pytest.raises(DashboardError, match="already holds"):
        saved.pin_tile(store, ALICE, "Full", _tile())
    assert len(saved.get_dashboard(store, board.id, ALICE).tiles) == model.MAX_TILES
