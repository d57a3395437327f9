"""A shared Telemetry link opens in Chromium with the named drivers' fastest laps overlaid."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SHARED = "/Telemetry?year=2025&round=1&session=Q&drivers=NOR,PIA"


def test_shared_link_shows_the_telemetry_of_the_named_drivers(app_server, page):
    page.goto(app_server + SHARED)
    legend = page.locator(".js-plotly-plot .legendtext")
    legend.filter(has_text="NOR L19").first.wait_for(timeout=90_000)
    expect(legend.filter(has_text="PIA L17").first).to_be_visible()
    expect(page.get_by_text("Telemetry · 2025 Australian Grand Prix Q")).to_be_visible()
    expect(page.get_by_text("Delta check against official timing")).to_be_visible()
    # the view is in the URL: the drivers named in the link, and the laps it opened
    query = parse_qs(urlparse(page.url).query)
    assert query["drivers"] == ["NOR,PIA"] and query["session"] == ["Q"]
    assert query["laps"] == ["NOR L19,PIA L17"]
    page.screenshot(path="test-results/telemetry.png", full_page=True)
