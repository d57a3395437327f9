"""A person opens the app in Chromium and sees what is in the store."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_home_shows_store_contents(app_server, page):
    page.goto(app_server)
    page.get_by_text("Sessions in the store").wait_for(timeout=60_000)
    page.screenshot(path="test-results/home.png", full_page=True)
    expect(page.get_by_test_id("stMetric").filter(has_text="Telemetry rows")).to_contain_text(
        "2,179,259"
    )


def test_session_link_carries_the_selection(app_server, page):
    page.goto(f"{app_server}/Session?year=2023&round=1&session=R&drivers=VER,PER")
    page.get_by_text("Bahrain Grand Prix").first.wait_for(timeout=60_000)
    assert "year=2023" in page.url and "session=R" in page.url
