"""The pin action and the Dashboards page (AppTest), without sign-in and with ``st.user``."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from f1core.config import PROJECT_ROOT
from f1core.dashboards import saved
from f1core.dashboards.model import Tile
from f1core.store import open_store
from f1core.users import LOCAL_USER
from tests.app.conftest import APP_TIMEOUT_S, _clear_caches, texts

SESSION, SEASON, DASH = "pages/10_Session.py", "pages/70_Season.py", "pages/80_Dashboards.py"
LAP_TIMES = {
    "year": "2025",
    "round": "1",
    "session": "R",
    "drivers": "NOR,PIA",
    "view": "Lap times",
}
AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s3cret-cookie",
                 "client_id": "pitwall", "client_secret": "very-secret-value",
                 "server_metadata_url": "https://accounts.example/.well-known/openid-configuration"}}  # fmt: skip
ALICE = {"is_logged_in": True, "email": "alice@example.com", "name": "Alice", "sub": "alice",
         "iss": "https://accounts.example"}  # fmt: skip
BOB = {**ALICE, "email": "bob@example.com", "name": "Bob", "sub": "bob"}
ALICE_ID, BOB_ID = "https://accounts.example|alice", "https://accounts.example|bob"


@pytest.fixture()
def store_path(monkeypatch, tmp_path, app_kit_store_path):
    """A private copy of the kit store (these tests write dashboards into it)."""
    path = tmp_path / "f1.duckdb"
    shutil.copyfile(app_kit_store_path, path)
    monkeypatch.setenv("F1_STORE", str(path))
    monkeypatch.setenv("F1_OFFLINE", "1")
    monkeypatch.setenv("F1_FASTF1_CACHE", str(tmp_path / "ff1"))
    _clear_caches()
    yield path
    _clear_caches()


def run(page: str, *, query: dict | None = None, user: dict | None = None,
        signed_in_mode: bool = False) -> AppTest:  # fmt: skip
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=APP_TIMEOUT_S)
    if signed_in_mode:
        at.secrets.update(AUTH)
    if user is not None:
        at.user = user
    if page != "app.py":
        at.switch_page(page)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def seed(path, owner: str, name: str, tiles: list[Tile]) -> str:
    """A dashboard written straight into the store, before the app opens it (the app holds
    its store read-only between writes, and one process opens a file one way only)."""
    store = open_store(path)
    try:
        return saved.create_dashboard(store, owner, name, tiles=tiles).id
    finally:
        store.close()


def owned(path, owner: str) -> list:
    store = open_store(path, read_only=True)  # as the app holds it between writes
    try:
        return saved.list_dashboards(store, owner)
    finally:
        store.close()


def test_pin_a_session_chart_then_see_it_live_on_the_dashboard(store_path):
    at = run(SESSION, query=LAP_TIMES)
    assert not at.exception
    at.text_input(key="dl_lap_times_pin_to").set_value("Race day")
    at.button(key="dl_lap_times_pin_go").click().run()
    assert not at.exception
    assert any("Pinned" in s.value and "Race day" in s.value for s in at.success)

    at.switch_page(DASH).run()
    assert not at.exception and not at.error
    assert "Lap times · 2025/1/R · NOR, PIA" in texts(at)
    assert len(at.get("plotly_chart")) == 1
    (board,) = owned(store_path, LOCAL_USER)
    assert board.name == "Race day"
    assert (
        board.tiles[0].params["view"] == "Lap times"
        and board.tiles[0].params["drivers"] == "NOR,PIA"
    )


def test_a_created_dashboard_is_where_the_next_pin_goes(store_path):
    at = run(DASH)
    at.text_input(key="dash_new_name").set_value("Audit board")
    at.button(key="FormSubmitter:dash_new-Create").click().run()
    assert not at.exception
    (board,) = owned(store_path, LOCAL_USER)
    assert at.query_params["dashboard"] == board.id and at.header[0].value == "Audit board"

    at.switch_page(SESSION)
    for k, v in LAP_TIMES.items():
        at.query_params[k] = v
    at.run()
    assert at.text_input(key="dl_lap_times_pin_to").value == "Audit board"
    at.button(key="dl_lap_times_pin_go").click().run()
    assert not at.exception
    assert any(s.value.endswith("to Audit board (1 tile).") for s in at.success)
    (board,) = owned(store_path, LOCAL_USER)  # no second dashboard
    assert board.name == "Audit board" and len(board.tiles) == 1


def test_opening_a_dashboard_makes_it_the_pin_target(store_path):
    seed(store_path, LOCAL_USER, "First", [])
    second = seed(store_path, LOCAL_USER, "Second", [])
    at = run(DASH, query={"dashboard": second})
    assert at.session_state["pin_target"] == "Second"
    at.switch_page(SEASON)
    at.query_params["season"], at.query_params["view"] = "2021", "Drivers"
    at.run()
    at.button(key="dl_drivers_pin_go").click().run()
    assert not at.exception
    assert {b.name: len(b.tiles) for b in owned(store_path, LOCAL_USER)} == {
        "First": 0,
        "Second": 1,
    }


def test_a_link_reopens_the_dashboard_and_a_missing_session_tile_says_what_to_load(store_path):
    good = Tile("season.drivers", {"season": "2021", "after": "10"}, "Drivers' standings · 2021")
    missing = Tile(
        "session.lap_times", {**LAP_TIMES, "year": "2019", "round": "3"}, "Lap times · 2019/3/R"
    )
    board_id = seed(store_path, LOCAL_USER, "Mixed", [missing, good])
    at = run(DASH, query={"dashboard": board_id})
    assert not at.exception
    assert at.header[0].value == "Mixed"
    assert any("2019/3/R" in w.value and "load it" in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 1  # the other tile still works
    assert at.query_params["dashboard"] == board_id


def test_tiles_reorder_remove_and_rename(store_path):
    a = Tile("season.drivers", {"season": "2021"}, "A")
    b = Tile("season.calendar", {"season": "2021"}, "B")
    board_id = seed(store_path, LOCAL_USER, "Edit me", [a, b])
    at = run(DASH, query={"dashboard": board_id})
    at.button(key=f"tile_move_1_{a.uid}").click().run()
    assert [t.title for t in owned(store_path, LOCAL_USER)[0].tiles] == ["B", "A"]
    at.button(key=f"tile_remove_{b.uid}").click().run()
    at.text_input(key=f"dash_name_{board_id}").set_value("Renamed").run()
    (board,) = owned(store_path, LOCAL_USER)
    assert board.name == "Renamed" and [t.title for t in board.tiles] == ["A"]
    assert not at.exception


def test_an_unknown_dashboard_id_says_so_and_loses_nothing(store_path):
    board_id = seed(store_path, LOCAL_USER, "Keep me", [])
    at = run(DASH, query={"dashboard": "not-a-real-id"})
    assert not at.exception
    assert any("not-a-real-id" in e.value for e in at.error)
    assert at.header[0].value == "Keep me"  # the user's own dashboard opens instead
    assert [b.id for b in owned(store_path, LOCAL_USER)] == [board_id]


def test_signed_in_user_cannot_open_or_list_anothers_dashboard(store_path):
    tile = Tile("season.drivers", {"season": "2021"}, "Alice's standings")
    alice_board = seed(store_path, ALICE_ID, "Alice only", [tile])
    at = run(DASH, query={"dashboard": alice_board}, user=BOB, signed_in_mode=True)
    assert not at.exception
    assert any("is yours to open" in e.value for e in at.error)
    shown = texts(at)
    assert "Alice only" not in shown and "Alice's standings" not in shown
    assert not at.get("plotly_chart")
    assert "Signed in as Bob" in shown
    assert [b.name for b in owned(store_path, ALICE_ID)] == ["Alice only"]  # untouched

    at = run(DASH, query={"dashboard": alice_board}, user=ALICE, signed_in_mode=True)
    assert at.header[0].value == "Alice only" and len(at.get("plotly_chart")) == 1


def test_signed_in_pins_belong_to_the_user_and_signed_out_sees_none(store_path):
    at = run(SEASON, query={"season": "2021", "view": "Drivers"}, user=ALICE, signed_in_mode=True)
    at.button(key="dl_drivers_pin_go").click().run()
    assert not at.exception
    assert [len(b.tiles) for b in owned(store_path, ALICE_ID)] == [1]
    assert owned(store_path, LOCAL_USER) == [] and owned(store_path, BOB_ID) == []

    out = run(DASH, user={"is_logged_in": False}, signed_in_mode=True)
    assert not out.exception
    assert "Sign in" in texts(out) and not out.get("plotly_chart")
    assert out.button(key="sign_in_default")
    page_text = texts(out)
    for secret in ("very-secret-value", "s3cret-cookie"):
        assert secret not in page_text


def test_without_sign_in_there_is_no_account_box(store_path):
    at = run(DASH)
    assert not at.exception
    assert "No dashboard yet" in texts(at)
    assert not [b for b in at.button if b.key and b.key.startswith("sign_")]


def test_session_tiles_follow_the_shared_replay_clock(store_path):
    results = Tile("session.results", {"year": "2025", "round": "1", "session": "R"}, "Results")
    other = Tile("session.results", {"year": "2025", "round": "2", "session": "R"}, "Other race")
    board_id = seed(store_path, LOCAL_USER, "Clock", [results, other])
    clock = {"key": "2025/1/R", "lap": 5, "source": "store"}
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=APP_TIMEOUT_S)
    at.switch_page(DASH)
    at.query_params["dashboard"] = board_id
    at.session_state["replay_clock"] = clock
    at.run()
    assert not at.exception
    clock_notes = [c.value for c in at.caption if c.value.startswith("⏱")]
    assert clock_notes == ["⏱ As known at the end of lap 5 (shared replay clock)."]  # one tile
    assert "Order at the end of lap 5, from timing." in [c.value for c in at.caption]
    assert len(at.dataframe) == 2


def test_names_and_titles_from_a_file_are_shown_literally_never_as_links(store_path):
    evil = Tile("season.calendar", {"season": "2021"}, "![pixel](http://tracker.example/p.png)")
    board_id = seed(store_path, LOCAL_USER, "[Open me](http://phish.example)", [evil])
    at = run(DASH, query={"dashboard": board_id})
    assert not at.exception
    assert at.header[0].value == r"\[Open me\]\(http\://phish.example\)"
    assert r"**\!\[pixel\]\(http\://tracker.example/p.png\)**" in [m.value for m in at.markdown]
    at = run(DASH, query={"dashboard": "[x](http://phish.example)"})
    assert any(
        "'xhttpphishexample'" in e.value for e in at.error
    )  # the id is never echoed as markup


def test_several_providers_get_a_button_each_and_signing_out_hides_the_dashboards(store_path):
    providers = {"auth": {"redirect_uri": AUTH["auth"]["redirect_uri"], "cookie_secret": "c",
                          "google": {"client_id": "g", "client_secret": "gs",
                                     "server_metadata_url": "https://accounts.google.com/x"},
                          "microsoft": {"client_id": "m", "client_secret": "ms",
                                        "server_metadata_url": "https://login.microsoftonline.com/x"}}}  # fmt: skip
    seed(store_path, ALICE_ID, "Alice's", [Tile("season.drivers", {"season": "2021"}, "S")])
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=APP_TIMEOUT_S)
    at.secrets.update(providers)
    at.user = {"is_logged_in": False}
    at.switch_page(SEASON).run()
    assert not at.exception
    assert {b.key for b in at.button if (b.key or "").startswith("sign_in_")} == {
        "sign_in_google", "sign_in_microsoft"}  # fmt: skip
    assert "Sign in (sidebar) to pin views" in texts(at)  # the pin box asks for sign-in
    assert not [b for b in at.button if (b.key or "").endswith("_pin_go")]

    at = run(DASH, user=ALICE, signed_in_mode=True)
    assert at.header[0].value == "Alice's"
    at.button(key="sign_out").click().run()
    assert not at.exception
    assert "Sign in (sidebar) to see" in texts(at) and not at.header


def test_a_read_only_lake_offers_no_pin_and_says_why_on_the_dashboards_page(
    monkeypatch, tmp_path, kit_store, kit_app
):
    from f1core.store.lake import export_lake

    export_lake(kit_store, tmp_path / "lake")
    monkeypatch.setenv("F1_STORE", str(tmp_path / "lake"))
    at = kit_app(SEASON, query={"season": "2021", "view": "Drivers"})
    assert not at.exception
    assert at.get("download_button") and not [
        b for b in at.button if (b.key or "").endswith("_pin_go")
    ]
    at.switch_page(DASH).run()
    assert not at.exception and "read-only Parquet lake" in texts(at)
