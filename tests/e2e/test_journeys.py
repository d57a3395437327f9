"""Journeys a person makes through the Live, Chat, Strategy, Predictions, Season and Session pages.

Each test opens a page in headless Chromium against the session's app server (a copy of the kit
store, no Groq key), acts as a person would (links, sliders, text boxes, buttons) and asserts what
is visible on screen. Screenshots land in ``test-results/`` for a human to look at.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Locator, Page, expect

from f1core.config import PROJECT_ROOT
from f1core.models import registry

pytestmark = pytest.mark.e2e

FIRST_LOAD_MS = 120_000  # a cold page may fit models or load the embedding model first
RERUN_MS = 60_000
SHOTS = PROJECT_ROOT / "test-results"
BANNER = re.compile(r"^LAP \d+/\d+ · ")


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _query(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def _no_traceback(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _tower_column(page: Page, header: str) -> Locator:
    """The cell texts of one column of the Live timing tower (a plotly table)."""
    column = page.locator(".st-key-live_tower .y-column").filter(has_text=header)
    return column.locator(".column-block[id^='cells'] .cell-text")


def _sidebar_pick(page: Page, label: str) -> Locator:
    return page.get_by_test_id("stSidebar").get_by_role("combobox", name=label, exact=True)


def test_live_replay_seeks_to_the_end_then_shows_a_stored_race_on_the_map(app_server, page):
    page.goto(
        f"{app_server}/Live?source=kit&recording=2025_miami_gp_sprint&t=1200&speed=1"
        "&year=2025&round=1&session=R"
    )
    banner = page.get_by_text(BANNER)
    expect(banner).to_have_text(re.compile(r"^LAP 1/"), timeout=FIRST_LOAD_MS)
    expect(page.get_by_text("Miami Grand Prix Sprint")).to_be_visible()

    # seek to the end of the recording with the keyboard, as a person would on the slider
    seek = page.get_by_role("slider", name="Seek (s since stream start)")
    seek.focus()
    seek.press("End")
    expect(banner).to_have_text(re.compile(r"^LAP 18/18 · "), timeout=RERUN_MS)
    drivers = _tower_column(page, "DRIVER")
    for row, code in enumerate(["NOR", "PIA", "HAM"]):
        expect(drivers.nth(row)).to_have_text(code)
    assert float(_query(page)["t"]) > 7900  # the URL carries the cursor: the view is shareable
    _shot(page, "journey_live_kit_end")

    # the same page, the stored 2025 Australian GP race: cars appear on the track map
    page.get_by_text("Stored session", exact=True).click()
    expect(page.get_by_text("Australian Grand Prix Race")).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(_sidebar_pick(page, "Season")).to_have_value("2025")
    expect(_sidebar_pick(page, "Event")).to_have_value("R1 Australian Grand Prix")
    expect(_sidebar_pick(page, "Session")).to_have_value("Race")
    cars = page.locator(".st-key-live_map .js-plotly-plot .textpoint")
    expect(cars.filter(has_text="NOR")).to_be_visible()
    assert cars.count() >= 10, f"only {cars.count()} cars on the map"
    assert _query(page)["source"] == "store"
    _no_traceback(page)
    _shot(page, "journey_live_store_map")


def test_live_stored_race_tower_has_one_car_per_position(app_server, page):
    """ALO, out since lap 32, is shown retired at the back, not still holding a place."""
    page.goto(f"{app_server}/Live?source=store&t=7964&year=2025&round=1&session=R")
    expect(page.get_by_text(BANNER)).to_have_text(re.compile(r"^LAP 36/57"), timeout=FIRST_LOAD_MS)
    positions = _tower_column(page, "POS")
    expect(positions.first).to_have_text("1", timeout=RERUN_MS)  # the tower draws after the banner
    shown = [p for p in positions.all_text_contents() if p]
    assert len(shown) == len(set(shown)), f"repeated positions in the tower: {shown}"
    alo = page.locator(".st-key-live_tower .cell-text", has_text="RETIRED")
    expect(alo.first).to_be_visible(timeout=RERUN_MS)


def test_chat_answers_who_won_with_the_margin_and_cites_the_results_table(app_server, page):
    page.goto(f"{app_server}/Chat?year=2025&round=1&session=R")
    expect(page.get_by_text("Offline answerer")).to_be_visible(timeout=FIRST_LOAD_MS)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("Who won and by how much?")
    box.press("Enter")
    answer = page.get_by_test_id("stChatMessage").filter(has_text="finished first")
    expect(answer).to_contain_text("Lando Norris", timeout=FIRST_LOAD_MS)
    expect(answer).to_contain_text("0.895 s")
    citations = answer.get_by_test_id("stExpander")
    citations.get_by_text(re.compile(r"^Citations \(\d+\)")).click()
    expect(citations.locator("code", has_text=re.compile(r"^results$")).first).to_be_visible()
    expect(citations).to_contain_text("year=2025, round=1, session_code=R")
    assert _query(page)["q"] == "Who won and by how much?"  # the question is in the link
    _no_traceback(page)
    _shot(page, "journey_chat_who_won")


def test_strategy_what_if_from_a_link_then_an_impossible_edit(app_server, page):
    page.goto(
        f"{app_server}/Strategy?year=2025&round=2&session=R"
        "&strat_view=What-if&strat_driver=NOR&strat_plan=M-20-H"
    )
    expect(
        page.get_by_role("heading", name="Strategy lab · 2025 Chinese Grand Prix (R)")
    ).to_be_visible(timeout=FIRST_LOAD_MS)
    plan = page.get_by_role("textbox", name=re.compile(r"^Strategy \(compound"))
    expect(plan).to_have_value("M-20-H")
    table = page.get_by_test_id("stDataFrame")
    # the simulation runs after the heading is drawn: on a busy machine it takes seconds
    expect(table.locator("th")).to_contain_text(
        ["run", "strategy", "position", "race_time_s"], timeout=RERUN_MS
    )
    expect(table.locator("td", has_text="simulated edited")).to_have_count(1)
    expect(table.locator("td", has_text="MEDIUM @20 → HARD")).to_have_count(1)
    expect(page.get_by_text("Time gained by the edit")).to_be_visible()
    _shot(page, "journey_strategy_whatif")

    # a stop after the chequered flag cannot be simulated: the page says why
    plan.fill("M-80-H")
    plan.press("Enter")
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("A stop on lap 80 is after the last racing lap", timeout=RERUN_MS)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    assert _query(page)["strat_plan"] == "M-80-H"
    _no_traceback(page)
    _shot(page, "journey_strategy_impossible")


def test_predictions_show_a_shap_waterfall_and_the_baselines(app_server, page):
    page.goto(f"{app_server}/Predictions?year=2025&round=1&session=R")
    waterfall = page.locator(".st-key-pred_waterfall .js-plotly-plot")
    expect(waterfall).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(waterfall).to_contain_text(re.compile(r"Why: [A-Z]{3} lap \d+"))
    expect(waterfall.locator(".bars .point").first).to_be_visible()
    for label in ("Model", "Model, held-out", "Persistence", "Stint trend", "Actual"):
        tile = page.get_by_test_id("stMetric").filter(has=page.get_by_text(label, exact=True))
        expect(tile).to_contain_text(re.compile(r"\d+\.\d{3} s"))
    _shot(page, "journey_predictions_waterfall")

    # the model card: the verdict against the baselines and the metric table beside them
    card = registry.read_card("laptime", registry.models_dir())
    page.get_by_role("tab", name="Model card").click()
    expect(page.get_by_test_id("stAlert").filter(has_text=card["verdict"])).to_be_visible()
    metrics = page.locator("[data-testid=stDataFrame]", has_text="persistence").first
    expect(metrics.locator("th")).to_contain_text(["metric", *card["metric_columns"]])
    expect(metrics.locator("td", has_text=next(iter(card["metrics"])))).to_have_count(1)
    _no_traceback(page)
    _shot(page, "journey_predictions_card")


def test_season_2021_title_race_is_decided_at_round_22(app_server, page):
    page.goto(f"{app_server}/Season?season=2021&view=Title%20race")
    decided = page.get_by_text("After round 22: Max Verstappen can no longer be caught.")
    expect(decided).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(page.locator(".st-key-ch_title .js-plotly-plot")).to_be_visible()
    _shot(page, "journey_season_2021_decided")

    # one round earlier, Verstappen and Hamilton could both still take it
    after = page.get_by_role("slider", name="Standings after round")
    after.focus()
    after.press("ArrowLeft")
    expect(
        page.get_by_text(re.compile(r"^After round 21, 2 drivers can still win"))
    ).to_contain_text("Max Verstappen", timeout=RERUN_MS)
    expect(page.get_by_text(re.compile(r"^After round 21, 2 drivers"))).to_contain_text(
        "Lewis Hamilton"
    )
    assert _query(page)["after"] == "21"
    _no_traceback(page)


BAD_LINK = "/Session?year=1999&round=99&session=X"


def test_bad_shared_link_opens_a_stored_session_without_a_traceback(app_server, page):
    page.goto(app_server + BAD_LINK)
    expect(page.get_by_role("heading", name=re.compile(r"^\d{4} .+ · "))).to_be_visible(
        timeout=FIRST_LOAD_MS
    )
    _no_traceback(page)
    query = _query(page)
    assert query["year"] != "1999" and query["session"] != "X"  # the URL now names a real view
    _shot(page, "journey_bad_link")


def test_bad_shared_link_says_the_session_is_not_stored(app_server, page):
    """The shared sidebar opens a stored session and says that 1999/99/X was not found."""
    page.goto(app_server + BAD_LINK)
    expect(page.get_by_role("heading", name=re.compile(r"^\d{4} .+ · "))).to_be_visible(
        timeout=FIRST_LOAD_MS
    )
    expect(page.get_by_text(re.compile(r"\b1999\b")).first).to_be_visible(timeout=10_000)


def _known_lap(page: Page) -> int:
    caption = page.get_by_text(re.compile(r"^As known at lap \d+:")).first
    expect(caption).to_be_visible(timeout=RERUN_MS)
    return int(re.search(r"lap (\d+)", caption.inner_text()).group(1))


def test_live_commentary_advances_with_the_replay_clock(app_server, page):
    # the Miami sprint recording, a few laps in, at 60x: the feed follows the clock
    page.goto(f"{app_server}/Live?source=kit&recording=2025_miami_gp_sprint&t=4900&speed=60")
    expect(page.get_by_text(BANNER)).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(page.get_by_role("heading", name="Commentary")).to_be_visible()
    play = page.get_by_label("Play", exact=True)
    if not play.is_checked():
        play.check(force=True)
    first = _known_lap(page)
    expect(page.get_by_text(re.compile(rf"^As known at lap (?!{first}:)\d+:"))).to_be_visible(
        timeout=RERUN_MS
    )
    later = _known_lap(page)
    assert later > first, (first, later)
    banner = page.get_by_text(BANNER).inner_text()
    assert int(re.match(r"LAP (\d+)", banner).group(1)) >= later  # never ahead of the tower
    expect(page.get_by_text(re.compile(r"^Battles at the end of lap \d+"))).to_be_visible()
    _shot(page, "journey_live_commentary")
    _no_traceback(page)
