"""The Strategy page on the kit store: every view opens, edits are checked, the view is in the URL."""

from __future__ import annotations

import re

import pytest

CHINA = {"year": "2025", "round": "2", "session": "R"}
VIEWS = [
    "As raced",
    "What-if",
    "Optimiser",
    "Undercut",
    "Pit window",
    "Battles",
    "Degradation",
    "Pit loss",
    "Validation",
]


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_every_view_opens_from_its_url(kit_app):
    at = kit_app("pages/40_Strategy.py", query={**CHINA, "strat_view": "As raced"})
    assert not at.exception and not _errors(at)
    assert "Strategy lab · 2025 Chinese Grand Prix" in at.title[0].value
    for view in VIEWS[1:]:
        at.segmented_control(key="strat_view").set_value(view).run()
        assert not at.exception, view
        assert not _errors(at), (view, _errors(at))
        assert len(at.dataframe) >= 1, view


def test_view_state_is_read_from_the_url(kit_app):
    # Widgets are bound to st.query_params; AppTest has no browser to write the URL back, so
    # this checks the URL -> widgets direction.
    at = kit_app("pages/40_Strategy.py", query={**CHINA, "strat_view": "Pit window", "strat_driver": "PIA",
                                                "strat_window": ["12", "15"]})  # fmt: skip
    assert not at.exception and not _errors(at)
    assert at.segmented_control(key="strat_view").value == "Pit window"
    assert at.selectbox(key="strat_driver").value == "PIA"
    assert tuple(at.slider(key="strat_window").value) == (12, 15)
    assert at.dataframe[0].value["lap"].tolist() == [12, 13, 14, 15]


def test_what_if_edit_from_the_url_and_impossible_plans(kit_app):
    at = kit_app("pages/40_Strategy.py", query={**CHINA, "strat_view": "What-if", "strat_driver": "NOR",
                                                "strat_plan": "M-22-H"})  # fmt: skip
    assert not at.exception and not _errors(at)
    assert at.text_input(key="strat_plan").value == "M-22-H"
    table = at.dataframe[0].value
    assert table["run"].tolist() == ["actual race", "simulated as raced", "simulated edited"]
    assert "MEDIUM @22 → HARD" in table["strategy"].tolist()
    # The Monte Carlo passes with the overtake model; the single race keeps the threshold.
    captions = [c.value for c in at.caption]
    assert any("in Monte Carlo close cars pass with the overtake model" in c for c in captions)
    assert any("cleared with the calibrated overtake model's probability" in c for c in captions)
    for plan, message in [("M-60-H", "after the last racing lap"), ("M-20-M", "two different dry compounds"),
                          ("S-20-H", "SOFT was never run"), ("banana", "not a tyre compound")]:  # fmt: skip
        at.text_input(key="strat_plan").set_value(plan).run()
        assert not at.exception
        assert any(message in e for e in _errors(at)), (plan, _errors(at))


def test_wet_sprint_views_fit_an_18_lap_race(kit_app):
    at = kit_app("pages/40_Strategy.py", query={"year": "2025", "round": "6", "session": "S",
                                                "strat_view": "Undercut"})  # fmt: skip
    assert not at.exception and not _errors(at)
    assert "Wet race, 18 laps" in " ".join(c.value for c in at.caption)
    assert at.number_input(key="strat_lap").value == 14
    for view in ("Pit window", "What-if", "Degradation"):
        at.segmented_control(key="strat_view").set_value(view).run()
        assert not at.exception and not _errors(at), (view, _errors(at))


@pytest.mark.parametrize("session", ["Q"])
def test_non_race_session_gets_a_hint(kit_app, session):
    at = kit_app("pages/40_Strategy.py", query={"year": "2025", "round": "1", "session": session})
    assert not at.exception
    assert "works on races and sprints" in " ".join(i.value for i in at.info)


def test_empty_store_says_what_to_do(empty_app):
    at = empty_app("pages/40_Strategy.py")
    assert not at.exception
    assert "load data from the home page" in " ".join(i.value for i in at.info)


CLOCK_20 = {"replay_clock": {"key": "2025/2/R", "lap": 20, "source": "store"}}


def test_replay_clock_shows_the_race_as_known_at_lap_n(kit_app, kit_store):
    from f1core.store import SessionKey
    from f1core.store.queries import session_table

    at = kit_app("pages/40_Strategy.py", query={**CHINA, "strat_view": "As raced"}, state=CLOCK_20)
    assert not at.exception and not _errors(at)
    assert any("As known at the end of lap 20 of 56" in i.value for i in at.info)
    table = at.dataframe[0].value
    lap20 = session_table(kit_store, "laps", SessionKey(2025, 2, "R"), up_to_lap=20)
    lap20 = lap20[lap20["lap_number"] == 20].sort_values("position")
    running = table[table["running"]]
    assert running["driver"].tolist() == lap20["driver"].tolist()
    assert running["compound"].tolist() == lap20["compound"].tolist()
    assert {"gap_s", "plan", "projected_position"} <= set(table.columns)


def test_replay_clock_views_only_move_the_future(kit_app):
    at = kit_app("pages/40_Strategy.py", query={**CHINA, "strat_view": "Undercut", "strat_driver": "NOR",
                                                "strat_rival": "PIA"}, state=CLOCK_20)  # fmt: skip
    assert not at.exception and not _errors(at), _errors(at)
    assert at.number_input(key="strat_lap").value == 21  # the default (lap 15) has been run
    at.segmented_control(key="strat_view").set_value("Pit window").run()
    assert not at.exception and not _errors(at)
    assert min(at.dataframe[0].value["lap"]) >= 21
    at.segmented_control(key="strat_view").set_value("Optimiser").run()
    assert not at.exception and not _errors(at)
    assert at.dataframe[0].value["label"].iloc[0] == "planned"
    at.segmented_control(key="strat_view").set_value("What-if").run()
    assert at.text_input(key="strat_plan").value.startswith(
        "M-15-H"
    )  # NOR's lap-15 stop is history
    at.text_input(key="strat_plan").set_value("M-18-H").run()
    assert any("Lap 20 has been run" in e for e in _errors(at)), _errors(at)
    at.segmented_control(key="strat_view").set_value("Validation").run()
    assert not at.exception and "switch the shared replay clock off" in " ".join(
        i.value for i in at.info
    )


def test_replay_clock_on_another_race_leaves_the_page_whole(kit_app):
    clock = {"replay_clock": {"key": "2025/1/R", "lap": 20, "source": "store"}}
    at = kit_app("pages/40_Strategy.py", query={**CHINA, "strat_view": "As raced"}, state=clock)
    assert not at.exception and not _errors(at)
    assert not any("As known at the end of lap" in i.value for i in at.info)
    assert "actual_position" in at.dataframe[0].value.columns  # the whole-race backtest


def test_validation_view_opens_on_the_out_of_sample_forecast(kit_app):
    at = kit_app("pages/40_Strategy.py", query={**CHINA, "strat_view": "Validation"})
    assert not at.exception and not _errors(at)
    assert at.segmented_control(key="strat_fit").value.startswith("forecast from lap N")
    summary = at.dataframe[0].value
    assert list(summary["fraction"]) == [0.25, 0.5, 0.75]
    assert {"position_mae", "baseline_position_mae", "pace_baseline_position_mae", "brier_win",
            "coverage80_position"} <= set(summary.columns)  # fmt: skip
    at.segmented_control(key="strat_fit").set_value("whole race (in-sample diagnostic)").run()
    assert not at.exception and any("Diagnostic, not a forecast" in w.value for w in at.warning)


def test_validation_view_compares_the_pass_rules(kit_app):
    query = {
        **CHINA,
        "strat_view": "Validation",
        "strat_fit": "pass rules compared (out of sample)",
    }
    at = kit_app("pages/40_Strategy.py", query=query)
    assert not at.exception and not _errors(at)
    rules = at.dataframe[0].value
    assert set(rules["rule"]) == {"global", "circuit", "model"}
    assert rules.loc[rules["used"], "rule"].unique().tolist() == ["model"]


def test_battles_at_a_lap_with_a_shap_explanation_and_the_validation(kit_app):
    aus = {"year": "2025", "round": "1", "session": "R", "strat_view": "Battles"}
    at = kit_app("pages/40_Strategy.py", query={**aus, "strat_battle_lap": "20"})
    assert not at.exception and not _errors(at)
    battles = at.dataframe[0].value
    assert battles["chaser"].tolist()[:2] == ["ALB", "HAM"]  # 7th and 8th at the end of lap 20
    assert (battles["p_pass_1_lap"] <= battles["p_pass_3_laps"]).all()
    assert (battles["p_pass_3_laps"] <= battles["p_pass_5_laps"]).all()
    assert len(at.get("plotly_chart")) == 1  # the SHAP waterfall of the first battle
    scores = at.dataframe[1].value
    assert scores["horizon_laps"].tolist() == [1, 3, 5]
    assert (scores["brier_model"] < scores["brier_gap_shrinks"]).all()
    at.selectbox(key="strat_battle_pick").set_value(1).run()
    assert not at.exception and len(at.get("plotly_chart")) == 1


AUS = {"year": "2025", "round": "1", "session": "R"}


def _raced_plan(kit_app, race: dict, driver: str) -> str:
    """The plan box of a What-if view opened fresh from its URL: the driver's raced plan."""
    at = kit_app("pages/40_Strategy.py", query={**race, "strat_view": "What-if", "strat_driver": driver})  # fmt: skip
    assert not at.exception and not _errors(at), _errors(at)
    return at.text_input(key="strat_plan").value


def _unedited(at, plan: str) -> None:
    assert not at.exception and not _errors(at), _errors(at)
    assert at.text_input(key="strat_plan").value == plan
    assert at.metric[0].value == "+0.0 s"  # the raced plan against itself, same random races


def test_what_if_box_follows_the_driver(kit_app):
    raced = {d: _raced_plan(kit_app, AUS, d) for d in ("NOR", "PIA", "STR")}
    assert raced["NOR"] != raced["STR"]
    at = kit_app("pages/40_Strategy.py", query={**AUS, "strat_view": "What-if", "strat_driver": "NOR"})  # fmt: skip
    _unedited(at, raced["NOR"])
    header = at.caption[0].value  # the SC stops it counts are the ones whose time it names
    assert re.search(r"\(\d+/(\d+) stops measured\).*the \1 SC stops measured \d+\.\d s", header), (
        header
    )
    for driver in ("PIA", "STR"):
        at.selectbox(key="strat_driver").set_value(driver).run()
        _unedited(at, raced[driver])


def test_what_if_box_follows_the_race(kit_app):
    bahrain = {**AUS, "round": "4"}
    raced = _raced_plan(kit_app, bahrain, "PIA")
    at = kit_app("pages/40_Strategy.py", query={**AUS, "strat_view": "What-if", "strat_driver": "PIA"})  # fmt: skip
    assert at.text_input(key="strat_plan").value != raced
    at.selectbox(key="sb_round").set_value(4).run()
    assert "Bahrain" in at.title[0].value
    _unedited(at, raced)
    # Via As raced and back: the box still holds this race's plan.
    at.selectbox(key="sb_round").set_value(1).run()
    at.segmented_control(key="strat_view").set_value("As raced").run()
    at.selectbox(key="sb_round").set_value(4).run()
    at.segmented_control(key="strat_view").set_value("What-if").run()
    _unedited(at, raced)


def test_what_if_edit_in_a_shared_link_and_kept_while_the_view_stays(kit_app):
    raced = _raced_plan(kit_app, AUS, "NOR")
    edit = raced.rsplit("-", 2)[0] + "-46-I"  # the last stop two laps later
    assert edit != raced
    at = kit_app("pages/40_Strategy.py", query={**AUS, "strat_view": "What-if", "strat_driver": "NOR",
                                                "strat_plan": edit})  # fmt: skip
    assert not at.exception and not _errors(at), _errors(at)
    assert at.text_input(key="strat_plan").value == edit
    assert at.metric[0].value != "+0.0 s"
    at.segmented_control(key="strat_view").set_value("As raced").run()
    at.segmented_control(key="strat_view").set_value("What-if").run()
    assert at.text_input(key="strat_plan").value == edit  # same race and driver: the edit stays
    at.selectbox(key="strat_driver").set_value("PIA").run()
    assert at.text_input(key="strat_plan").value == _raced_plan(kit_app, AUS, "PIA")


def test_what_if_raced_plan_has_no_safety_car_pit_lane_passes(kit_app):
    # 2025 Australia: the field went through the pit lane on laps 2-4 on the same inters; STR's
    # tyre ages restart there in the timing data, but those passes are no stops.
    query = {
        "year": "2025",
        "round": "1",
        "session": "R",
        "strat_view": "What-if",
        "strat_driver": "STR",
    }
    at = kit_app("pages/40_Strategy.py", query=query)
    assert not at.exception and not _errors(at)
    assert at.text_input(key="strat_plan").value == "I-33-H-44-I"
    raced = at.dataframe[0].value.set_index("run").loc["actual race", "strategy"]
    assert raced == "INTERMEDIATE @33 → HARD @44 → INTERMEDIATE"
