"""Every page at 390×844 (a phone): sidebar collapsed, nothing wider than the screen.

Each page is opened in a phone-sized, touch, mobile Chromium context; the test waits until the
script has finished, saves a full-page screenshot to ``test-results/phone_<page>.png`` and
fails if the main container scrolls sideways (naming the elements that stick out).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from f1core.config import PROJECT_ROOT
from f1core.ui.nav import PAGES

pytestmark = pytest.mark.e2e

LOAD_MS = 120_000
SHOTS = PROJECT_ROOT / "test-results"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True,
         "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                       "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"}  # fmt: skip
#: page label -> the link opened (a view with data in it where the page has several).
LINKS = {
    "Home": "/",
    "Session": "/Session?year=2025&round=1&session=R&drivers=NOR,PIA,VER&view=Lap+times",
    "Telemetry": "/Telemetry?year=2025&round=1&session=Q&drivers=NOR,PIA",
    "Live": "/Live?source=kit&recording=2025_miami_gp_sprint&t=1200&speed=1",
    "Strategy": "/Strategy?year=2025&round=1&session=R",
    "Predictions": "/Predictions?year=2025&round=1&session=R",
    "Chat": "/Chat",
    "Season": "/Season?season=2021&view=Drivers",
    "Driver": "/Driver?driver=lewis-hamilton",
    "Team": "/Team",
    "Circuit": "/Circuit",
    "Head to head": "/Head_to_head",
    "Dashboards": "/Dashboards",
}

_OVERFLOW_JS = """() => {
  // stMain scrolls the page; a page with a chat input scrolls in stAppScrollToBottomContainer
  const main = document.querySelector('[data-testid="stMain"]')
    || document.querySelector('[data-testid="stAppScrollToBottomContainer"]');
  const width = window.innerWidth;
  const wide = [...main.querySelectorAll('[data-testid]')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && e.getClientRects().length)
    .map(e => e.getAttribute('data-testid') + ':' + Math.round(e.getBoundingClientRect().right));
  return {scroll: main.scrollWidth, client: main.clientWidth, height: main.scrollHeight,
          doc: document.documentElement.scrollWidth, width, wide: [...new Set(wide)].slice(0, 8)};
}"""


def test_every_page_is_listed():
    assert {label for label, _, _ in PAGES.values()} == set(LINKS)


def _wait_until_drawn(page: Page) -> None:
    expect(page.locator("h1").first).to_be_visible(timeout=LOAD_MS)
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=LOAD_MS)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=LOAD_MS)


def _overflow(page: Page) -> dict:
    return page.evaluate(_OVERFLOW_JS)


def _check_fits(size: dict, label: str) -> None:
    assert size["scroll"] <= size["client"] + 1, f"{label} scrolls sideways: {size}"
    assert size["doc"] <= size["width"] + 1, f"{label} is wider than the phone: {size}"


def _shot(page: Page, label: str, height: int) -> None:
    """The whole page: the app scrolls inside its main container, so grow the viewport."""
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": PHONE["viewport"]["width"], "height": min(height, 12_000)})
    name = re.sub(r"\W+", "_", label.lower())
    page.screenshot(path=str(SHOTS / f"phone_{name}.png"))
    page.set_viewport_size(PHONE["viewport"])


@pytest.mark.parametrize("label", list(LINKS))
def test_page_fits_a_phone(app_server, browser, label):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{app_server}{LINKS[label]}")
        _wait_until_drawn(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
        size = _overflow(page)
        _shot(page, label, size["height"])
        _check_fits(size, label)
    finally:
        context.close()


def test_the_overflow_check_catches_a_wide_element(app_server, browser):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{app_server}/Dashboards")
        _wait_until_drawn(page)
        _check_fits(_overflow(page), "Dashboards")
        page.evaluate("""() => {
          const wide = document.createElement('div');
          wide.setAttribute('data-testid', 'tooWide');
          wide.style.width = '900px'; wide.style.height = '10px';
          document.querySelector('[data-testid="stMainBlockContainer"]').appendChild(wide);
        }""")
        with pytest.raises(AssertionError, match="tooWide"):
            _check_fits(_overflow(page), "Dashboards")
    finally:
        context.close()


def test_live_tower_on_a_phone_shows_what_matters_then_everything_on_demand(app_server, browser):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{app_server}{LINKS['Live']}")
        _wait_until_drawn(page)
        tower = page.locator(".st-key-live_tower")
        expect(tower.get_by_text("DRIVER", exact=True)).to_be_visible(timeout=LOAD_MS)
        expect(tower.get_by_text("TYRE", exact=True)).to_have_count(1)
        expect(tower.get_by_text("S1", exact=True)).to_have_count(0)
        page.get_by_text("All tower columns", exact=False).click()
        expect(tower.get_by_text("S1", exact=True)).to_have_count(1, timeout=LOAD_MS)
        expect(tower.get_by_text("BEST", exact=True)).to_have_count(1)
    finally:
        context.close()


def test_pin_on_a_phone_then_the_dashboard_fits_the_phone(app_server, browser):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{app_server}/Season?season=2021&view=Drivers")
        _wait_until_drawn(page)
        page.locator(".st-key-dl_drivers_pin button:visible").click()
        name = page.locator(".st-key-dl_drivers_pin_to input")
        name.fill("Phone board")
        page.locator(".st-key-dl_drivers_pin_go button").click()
        page.get_by_role("link", name="Open Phone board").click()
        expect(page.get_by_role("heading", name="Phone board")).to_be_visible(timeout=LOAD_MS)
        _wait_until_drawn(page)
        expect(page.locator("[class*='st-key-tile_chart_'] .js-plotly-plot")).to_have_count(1)
        size = _overflow(page)
        _shot(page, "Dashboards with a tile", size["height"])
        _check_fits(size, "Dashboards with a tile")
    finally:
        context.close()
