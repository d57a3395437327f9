"""The issue's "done when": pin charts from three pages, reopen the dashboard's link elsewhere."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from f1core.config import PROJECT_ROOT
from f1core.dashboards.model import Dashboard, Tile, dashboard_to_file

pytestmark = pytest.mark.e2e

LOAD_MS = 120_000
SHOTS = PROJECT_ROOT / "test-results"
BOARD = "Journey board"
PINS = [
    # (page link, the pinned chart's download key, the tile title it makes)
    ("/Session?year=2025&round=1&session=R&drivers=NOR,PIA&view=Lap+times", "dl_lap_times",
     "Lap times · 2025/1/R · NOR, PIA"),
    ("/Season?season=2021&after=10&view=Drivers", "dl_drivers", "Drivers' standings · 2021"),
    ("/Telemetry?year=2025&round=1&session=Q&drivers=NOR,PIA", "dl_overlay",
     "Telemetry · 2025/1/Q · NOR, PIA"),
]  # fmt: skip


def pin(page: Page, url: str, key: str) -> None:
    """Open a page and pin one of its charts to ``BOARD`` as a person would."""
    page.goto(url)
    button = page.locator(f".st-key-{key}_pin button:visible")
    button.wait_for(timeout=LOAD_MS)
    # the page must have finished drawing: a chart drawn late moves the popover's anchor
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=LOAD_MS)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=LOAD_MS)
    button.click()
    name = page.locator(f".st-key-{key}_pin_to input")
    name.fill(BOARD)
    page.locator(f".st-key-{key}_pin_go button").click()
    expect(page.get_by_text(f"to {BOARD} (")).to_be_visible(timeout=LOAD_MS)


def tile_titles(page: Page) -> list[str]:
    titles = page.locator("[class*='st-key-tile_'] strong")
    expect(titles.first).to_be_visible(timeout=LOAD_MS)
    return titles.all_inner_texts()


def test_pin_three_pages_then_reopen_the_link_in_a_fresh_browser(app_server, page, browser):
    for path, key, _ in PINS:
        pin(page, f"{app_server}{path}", key)
    page.get_by_role("link", name=f"Open {BOARD}").click()
    expect(page.get_by_role("heading", name=BOARD)).to_be_visible(timeout=LOAD_MS)
    expect(page.locator("[class*='st-key-tile_chart_'] .js-plotly-plot")).to_have_count(
        3, timeout=LOAD_MS
    )
    board_id = parse_qs(urlparse(page.url).query)["dashboard"][0]
    titles = tile_titles(page)
    assert titles == [t for _, _, t in PINS]
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard_pinned.png"), full_page=True)

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})  # no cookies, no state
    try:
        other = fresh.new_page()
        other.goto(f"{app_server}/Dashboards?dashboard={board_id}")
        expect(other.get_by_role("heading", name=BOARD)).to_be_visible(timeout=LOAD_MS)
        charts = other.locator("[class*='st-key-tile_chart_'] .js-plotly-plot")
        expect(charts).to_have_count(3, timeout=LOAD_MS)
        assert tile_titles(other) == titles
        expect(other.get_by_test_id("stException")).to_have_count(0)
        other.screenshot(path=str(SHOTS / "dashboard_from_link.png"), full_page=True)
        with other.expect_download() as download:
            other.locator(".st-key-dash_export button").click()
        exported = json.loads(Path(download.value.path()).read_text())
        assert [t["title"] for t in exported["tiles"]] == titles
        assert board_id not in json.dumps(exported)  # the file carries no id
    finally:
        fresh.close()


def test_an_unknown_dashboard_link_says_so(app_server, page):
    page.goto(f"{app_server}/Dashboards?dashboard=guessed-id-123")
    expect(page.get_by_text("No dashboard 'guessed-id-123' is yours to open")).to_be_visible(
        timeout=LOAD_MS
    )
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _upload(page: Page, name: str, data: bytes) -> None:
    page.locator(".st-key-dash_import input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/json", "buffer": data}
    )
    page.locator(".st-key-dash_import_go button").click()


def test_import_a_dashboard_file_and_refuse_a_broken_one(app_server, page):
    page.goto(f"{app_server}/Dashboards")
    expect(page.get_by_role("heading", name="Dashboards")).to_be_visible(timeout=LOAD_MS)
    _upload(page, "broken.json", b'{"format": "pitwall-dashboard", "tiles": [')
    expect(page.get_by_text("The file is not valid JSON")).to_be_visible(timeout=LOAD_MS)

    board = Dashboard(id="", owner="", name="Imported board", columns=1, tiles=(
        Tile("season.drivers", {"season": "2021", "after": "22"}, "Drivers' standings · 2021"),
        Tile("session.lap_times", {"year": "2019", "round": "3", "session": "R"},
             "Lap times · 2019/3/R"),
    ))  # fmt: skip
    page.reload()
    expect(page.get_by_role("heading", name="Dashboards")).to_be_visible(timeout=LOAD_MS)
    _upload(page, "board.json", dashboard_to_file(board).encode())
    expect(page.get_by_role("heading", name="Imported board")).to_be_visible(timeout=LOAD_MS)
    assert tile_titles(page) == ["Drivers' standings · 2021", "Lap times · 2019/3/R"]
    expect(page.locator("[class*='st-key-tile_chart_'] .js-plotly-plot")).to_have_count(1)
    expect(page.get_by_text("Session 2019/3/R is not in the store")).to_be_visible()
