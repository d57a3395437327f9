"""Hand-edited links: a value a page cannot use is named in a warning, and the page still opens."""

from __future__ import annotations

import pytest

from f1core.ui.links import bad_link_note
from tests.app.conftest import texts

AUS = {"year": "2025", "round": "1"}
CHINA_R = {"year": "2025", "round": "2", "session": "R"}
FLAG = "The link asks for"


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def opened(at) -> list[str]:
    """The page ran through (no exception, no error) and says which link values it ignored."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return [w for w in warnings(at) if w.startswith(FLAG)]


@pytest.mark.parametrize(
    ("asked", "note"),
    [
        ("XXX", "The link asks for driver 'XXX', who is not here; showing NOR."),
        (["XXX", "YYY"], "The link asks for driver 'XXX', 'YYY', who is not here; showing NOR."),
    ],
)
def test_bad_link_note_names_the_value_and_what_is_shown(asked, note):
    assert bad_link_note("driver", asked, why="who is not here", shown="NOR") == note


def test_session_page_names_unknown_drivers_and_view(kit_app):
    at = kit_app("pages/10_Session.py", query={**AUS, "session": "R", "drivers": "XXX,YYY",
                                               "view": "Bogus"})  # fmt: skip
    notes = opened(at)
    assert "The link asks for drivers 'XXX', 'YYY', who are not in this session; showing NOR, VER, RUS." in notes  # fmt: skip
    assert any(n.startswith("The link asks for view 'Bogus', which is not one of Results, Commentary") and n.endswith("; showing Results.") for n in notes), notes  # fmt: skip
    assert at.multiselect(key="sb_drivers").value == ["NOR", "VER", "RUS"]
    assert at.segmented_control(key="view").value == "Results"
    assert at.dataframe  # the classification is drawn


def test_session_page_partly_known_drivers_keep_the_known_ones(kit_app):
    at = kit_app("pages/10_Session.py", query={**AUS, "session": "R", "drivers": "PIA,XXX"})
    assert opened(at) == [
        "The link asks for driver 'XXX', who is not in this session; showing PIA."
    ]
    at.multiselect(key="sb_drivers").select("NOR").run()
    assert not [w for w in warnings(at) if w.startswith(FLAG)]  # said once, not on every rerun


def test_telemetry_page_names_unknown_laps_map_and_drivers(kit_app):
    at = kit_app("pages/20_Telemetry.py", query={**AUS, "session": "Q", "drivers": "XXX",
                                                 "laps": "XXX L999", "map": "Bogus"})  # fmt: skip
    notes = opened(at)
    assert "The link asks for driver 'XXX', who is not in this session; showing NOR, PIA." in notes
    assert "The link asks for lap 'XXX L999', not a timed lap of NOR, PIA; showing NOR L19, PIA L17." in notes  # fmt: skip
    assert "The link asks for track map colour 'Bogus', which is not one of Speed, Gear, Throttle, Braking; showing Speed." in notes  # fmt: skip
    assert at.multiselect(key="tel_laps::2025/1/Q::NOR,PIA").value == ["NOR L19", "PIA L17"]
    assert len(at.get("plotly_chart")) == 4  # overlay, speed map, dominance, g-g


def test_predictions_page_names_unknown_model_driver_and_lap(kit_app):  # reads models/ only
    at = kit_app("pages/50_Predictions.py", query={**AUS, "session": "R", "model": "nonsense",
                                                   "driver": "XXX", "lap": "abc"})  # fmt: skip
    notes = opened(at)
    assert "The link asks for model 'nonsense', which is not one of laptime, finish, overtake; showing laptime." in notes  # fmt: skip
    assert "The link asks for driver 'XXX', who has no laps to predict in this session; showing ALB." in notes  # fmt: skip
    assert "The link asks for lap 'abc', which is not a lap of ALB with a prediction; showing 29." in notes  # fmt: skip
    assert at.radio(key="pred_model").value == "laptime"
    at.selectbox(key="pred_driver").set_value("NOR").run()
    assert not opened(at)  # the pickers hold the choice now: nothing to say about the link
    assert at.get("plotly_chart")  # the waterfall and the importance chart


def test_season_page_names_a_malformed_season_and_round(kit_app):
    at = kit_app("pages/70_Season.py", query={"season": "abc", "after": "abc"})
    notes = opened(at)
    assert "The link asks for season 'abc', which is not a year; showing 2026." in notes
    assert any(n.startswith("The link asks for standings after round 'abc', which is not a round number; showing round ") for n in notes), notes  # fmt: skip
    assert at.selectbox(key="hist_season").value == 2026


def test_season_page_names_a_round_not_yet_run(kit_app):
    at = kit_app("pages/70_Season.py", query={"season": "2021", "after": "40"})
    assert opened(at) == ["The link asks for standings after round '40', which is not a round of 2021 that has been run (1 to 22); showing round 22."]  # fmt: skip
    at.selectbox(key="hist_season").set_value(1950).run()
    assert not [w for w in warnings(at) if w.startswith(FLAG)]  # a season change clamps quietly


def test_strategy_page_names_a_plan_it_cannot_read(kit_app):
    at = kit_app("pages/40_Strategy.py", query={**CHINA_R, "strat_view": "What-if",
                                                "strat_driver": "NOR", "strat_plan": "garbage"})  # fmt: skip
    (note,) = opened(at)
    assert note.startswith("The link asks for plan 'garbage', which is not a strategy"), note
    raced = at.text_input(key="strat_plan").value
    assert note.endswith(f"; showing the raced plan {raced}.")
    assert "strat_plan" not in at.query_params  # the raced plan: a clean link
    assert at.dataframe  # the what-if table


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("pages/10_Session.py", {**AUS, "session": "R", "drivers": "NOR,PIA", "view": "Pace"}),
        (
            "pages/20_Telemetry.py",
            {**AUS, "session": "Q", "drivers": "NOR,PIA", "laps": "NOR L19,PIA L17", "map": "gear"},
        ),  # fmt: skip
        ("pages/70_Season.py", {"season": "2021", "after": "21"}),
        (
            "pages/40_Strategy.py",
            {**CHINA_R, "strat_view": "What-if", "strat_driver": "NOR", "strat_plan": "M-22-H"},
        ),  # fmt: skip
    ],
)
def test_a_good_link_gets_no_such_warning(kit_app, page, query):
    at = kit_app(page, query=query)
    assert opened(at) == []
    assert FLAG not in texts(at)
