"""The Session page (AppTest): every view of the 2025 Australian GP, URL state, missing data."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from tests.app.conftest import texts

PAGE = "pages/10_Session.py"
AUS_R = {"year": "2025", "round": "1", "session": "R", "drivers": "NOR,VER,PIA"}


def chart_specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def values(array) -> list:
    """A trace array from a chart spec (plotly sends numbers as base64 typed arrays)."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def drawn_laps(spec: dict, driver: str) -> list[int]:
    """Lap numbers a lap-time line draws (hidden laps are gaps: y is NaN)."""
    (line,) = [t for t in spec["data"] if t.get("name") == driver]
    return [int(x) for x, y in zip(values(line["x"]), values(line["y"]), strict=True)
            if y is not None and y == y]  # fmt: skip


def frame(at, *columns: str):
    """The first table on the page that has all of ``columns``."""
    for element in at.dataframe:
        if set(columns) <= set(element.value.columns):
            return element.value
    raise AssertionError(f"no table with columns {columns}")


def trace_names(at) -> set[str]:
    return {t.get("name") for spec in chart_specs(at) for t in spec["data"]}


def test_results_view_is_the_default(kit_app):
    at = kit_app(PAGE, query=AUS_R)
    assert not at.exception and not at.error
    table = frame(at, "driver", "position")
    assert table["driver"].head(3).tolist() == ["NOR", "VER", "RUS"]
    assert table.loc[1, "gap"] == "+0.895 s"
    assert at.get("download_button")  # CSV, JSON, Parquet
    assert at.segmented_control(key="view").value == "Results"


@pytest.mark.parametrize(
    ("view", "charts", "expected_traces"),
    [("Lap times", 1, {"NOR", "VER", "PIA"}), ("Positions", 2, {"NOR", "HAD"}),
     ("Strategy", 2, {"INTERMEDIATE", "MEDIUM", "HARD", "Pit in"}),
     ("Pace", 3, {"NOR", "McLaren"}),
     ("Sectors", 2, {"Ideal lap", "Best lap"}), ("Weather", 2, {"Track temperature", "Rain"})],
)  # fmt: skip
def test_each_view_draws_its_charts_from_the_url(kit_app, view, charts, expected_traces):
    at = kit_app(PAGE, query={**AUS_R, "view": view})
    assert not at.exception and not at.error, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == charts
    assert expected_traces <= trace_names(at)


def test_lap_times_shade_the_three_safety_cars_and_toggle_outliers(kit_app):
    at = kit_app(PAGE, query={**AUS_R, "view": "Lap times"})
    (spec,) = chart_specs(at)
    bands = [s for s in spec["layout"]["shapes"] if s["type"] == "rect"]
    assert [(b["x0"], b["x1"]) for b in bands] == [(0.5, 7.5), (33.5, 41.5), (46.5, 51.5)]
    green = drawn_laps(spec, "VER")
    assert green[:3] == [8, 9, 10] and 34 not in green and 48 not in green
    at.toggle(key="outliers").set_value(True).run()
    (spec,) = chart_specs(at)
    everything = drawn_laps(spec, "VER")
    assert {1, 34, 48} <= set(everything) and len(everything) > len(green)


def test_segmented_control_and_clean_air_gap(kit_app):
    at = kit_app(PAGE, query=AUS_R)
    at.segmented_control(key="view").set_value("Pace").run()
    all_laps = frame(at, "median_s", "std_s")["laps"].sum()
    at.number_input(key="gap").set_value(2.0).run()
    assert not at.exception
    clean = frame(at, "median_s", "std_s")["laps"].sum()
    assert 0 < clean < all_laps


def test_race_control_view(kit_app):
    at = kit_app(PAGE, query={**AUS_R, "view": "Race control"})
    assert frame(at, "kind", "start_lap")["start_lap"].tolist() == [1, 34, 47]
    deletions = frame(at, "deletions")
    assert deletions.set_index("driver").loc["PIA", "deletions"] == 2
    assert "SAFETY CAR DEPLOYED" in frame(at, "message", "source")["message"].tolist()


def test_as_known_at_lap_20_of_the_replay(kit_app):
    at = kit_app(PAGE, query=AUS_R, state={"replay_clock": {"key": "2025/1/R", "lap": 20,
                                                           "source": "store"}})  # fmt: skip
    assert "As known at the end of lap 20" in texts(at)
    table = frame(at, "driver", "position")
    assert set(table["lap_number"]) == {20} and table["driver"].iloc[0] == "NOR"
    assert table.set_index("driver").loc["VER", "position"] == 3  # 2nd only at the flag
    at.segmented_control(key="view").set_value("Race control").run()
    assert frame(at, "kind", "start_lap")["start_lap"].tolist() == [1]
    assert frame(at, "message", "source")["lap"].max() <= 20


def test_qualifying_and_sessions_without_classification(kit_app):
    at = kit_app(PAGE, query={"year": "2025", "round": "1", "session": "Q"})
    table = frame(at, "driver", "position")
    assert table["knocked_out"].tolist().count("Q1") == 5
    at = kit_app(PAGE, query={"year": "2025", "round": "2", "session": "Q"})
    assert "no official classification" in texts(at)
    assert frame(at, "driver", "position")["position"].iloc[0] == 1


def test_practice_long_runs(kit_app):
    at = kit_app(PAGE, query={"year": "2025", "round": "1", "session": "FP2", "drivers": "NOR",
                              "view": "Long runs"})  # fmt: skip
    assert not at.exception and not at.error
    runs = frame(at, "slope_s_per_lap")
    assert (runs["laps"] >= 5).all()
    assert {"NOR stint 3 (MEDIUM)"} <= trace_names(at)


@pytest.mark.parametrize(("rnd", "code", "view", "note"), [
    ("24", "R", "Weather", "no weather data"), ("6", "S", "Weather", "no weather data"),
    ("1", "Q", "Long runs", "five or more push laps"),
])  # fmt: skip
def test_missing_data_is_a_note_not_a_traceback(kit_app, rnd, code, view, note):
    at = kit_app(PAGE, query={"year": "2025", "round": rnd, "session": code, "view": view})
    assert not at.exception and not at.error
    assert note in " ".join(i.value for i in at.info)


def test_colour_blind_palette_from_the_url(kit_app):
    at = kit_app(PAGE, query={**AUS_R, "view": "Lap times", "cb": "true"})
    assert at.session_state["palette"] == "colorblind"
    colors = {t["line"]["color"] for t in chart_specs(at)[0]["data"] if "line" in t}
    assert colors and colors <= {"#E69F00", "#56B4E9", "#009E73"}


def test_empty_store(empty_app):
    at = empty_app(PAGE)
    assert not at.exception and "Pick a session" in texts(at)


def test_race_control_without_messages_explains_empty_sections(kit_app):
    at = kit_app(PAGE, query={"year": "2025", "round": "2", "session": "R", "view": "Race control"})
    assert not at.exception and not at.error
    body = texts(at)
    assert "This session has no race control messages." in body
    assert "No lap deleted." in body


def test_strategy_as_known_at_lap_20(kit_app):
    state = {"replay_clock": {"key": "2025/1/R", "lap": 20, "source": "store"}}
    at = kit_app(PAGE, query={**AUS_R, "view": "Strategy"}, state=state)
    assert not at.exception and not at.error
    bars, heatmap = chart_specs(at)
    ends = [
        b + n for t in bars["data"] for b, n in zip(values(t["base"]), values(t["x"]), strict=True)
    ]
    assert max(ends) == 20  # no bar reaches past the replay lap
    assert max(max(values(t["x"])) for t in heatmap["data"] if values(t["x"])) == 20


def test_tyre_heatmap_layers(kit_app):
    at = kit_app(PAGE, query={**AUS_R, "view": "Strategy"})
    _, compounds = chart_specs(at)
    laps_drawn = sum(len(values(t["x"])) for t in compounds["data"] if t["name"] != "Pit in")
    assert laps_drawn == 927  # every lap of the race, one square each
    bands = [s for s in compounds["layout"]["shapes"] if s["type"] == "rect"]
    assert len(bands) == 3  # the three safety cars
    at.radio(key="tyre_layer").set_value("loss").run()
    assert not at.exception and not at.error
    _, loss = chart_specs(at)
    (heat,) = [t for t in loss["data"] if t["type"] == "heatmap"]
    assert heat["zmid"] == 0 and "NOR" in values(heat["y"])
    assert "fuel-corrected at 0.053 s per lap" in texts(at)


def test_race_trace_reference_radio(kit_app):
    at = kit_app(PAGE, query={**AUS_R, "view": "Positions"})
    assert chart_specs(at)[1]["layout"]["yaxis"]["title"]["text"] == "Gap to leader (s)"
    at.radio(key="trace").set_value("average").run()
    trace = chart_specs(at)[1]
    assert trace["layout"]["yaxis"]["title"]["text"] == "Gap to winner's average pace (s)"
    nor = [t for t in trace["data"] if t.get("name") == "NOR"][0]
    assert abs(values(nor["y"])[-1]) < 0.01  # the winner ends on their own average pace


def test_junk_url_values_fall_back_to_defaults(kit_app):
    junk = {
        **AUS_R,
        "view": "Nonsense",
        "gap": "abc",
        "trace": "zzz",
        "cb": "maybe",
        "outliers": "7",
    }
    at = kit_app(PAGE, query=junk)
    assert not at.exception and not at.error
    assert at.segmented_control(key="view").value == "Results"


def test_sidebar_says_when_the_replay_clock_is_on(kit_app):
    clock = {"key": "2025/1/R", "lap": 20, "source": "store"}
    at = kit_app(PAGE, query=AUS_R, state={"replay_clock": clock})
    assert any("as known at the end of lap 20" in i.value for i in at.sidebar.info)


def test_a_link_to_a_session_not_in_the_store_says_so(kit_app):
    at = kit_app(PAGE, query={"year": "1999", "round": "99", "session": "X"})
    assert not at.exception
    assert any("asks for session 1999/99/X, which is not in the store" in w.value
               for w in at.warning)  # fmt: skip


def test_a_link_to_a_stored_session_gives_no_warning(kit_app):
    at = kit_app(PAGE, query=AUS_R)
    assert not any("not in the store" in w.value for w in at.warning)


@pytest.mark.parametrize(("rnd", "code", "name"), [
    ("4", "Q", "Qualifying"), ("1", "FP1", "Practice 1"), ("1", "FP3", "Practice 3"),
])  # fmt: skip
def test_positions_need_a_race_order(kit_app, rnd, code, name):
    at = kit_app(PAGE, query={"year": "2025", "round": rnd, "session": code, "view": "Positions"})
    assert not at.exception and not at.error
    assert not at.get("plotly_chart")  # no empty lap chart, no gaps to a "leader"
    said = " ".join(i.value for i in at.info)
    assert f"follows a race order; {name} has none" in said


def test_positions_of_a_sprint_are_drawn(kit_app):
    at = kit_app(PAGE, query={"year": "2025", "round": "6", "session": "S", "view": "Positions"})
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 2


def test_strategy_bars_are_tyre_sets_not_safety_car_pit_lane_passes(kit_app):
    # Laps 2-4 the field went through the pit lane behind the safety car on the same inters;
    # FastF1 starts a stint at each pass, and STR's tyre ages even restart there.
    at = kit_app(PAGE, query={**AUS_R, "view": "Strategy"})
    assert not at.exception and not at.error
    bars, heatmap = chart_specs(at)
    starts: dict[str, list[int]] = {}
    for t in bars["data"]:
        for driver, base in zip(values(t["y"]), values(t["base"]), strict=True):
            starts.setdefault(driver, []).append(int(base) + 1)
    assert sorted(starts["NOR"]) == [1, 35, 45] and sorted(starts["STR"]) == [1, 34, 45]
    assert not any(s in (3, 4, 5) for laps in starts.values() for s in laps)
    (pits,) = [t for t in heatmap["data"] if t["name"] == "Pit in"]
    stops = [
        int(x) for x, d in zip(values(pits["x"]), values(pits["y"]), strict=True) if d == "NOR"
    ]
    assert stops == [34, 44]  # NOR: 2 stops
