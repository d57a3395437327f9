"""The Telemetry page (AppTest): default fastest laps, laps from the URL, options, missing data."""

from __future__ import annotations

import json
import re

import pytest

from tests.app.conftest import copy_store, texts
from tests.app.test_session_page import frame, values

PAGE = "pages/20_Telemetry.py"
AUS_Q = {"year": "2025", "round": "1", "session": "Q", "drivers": "NOR,PIA"}
LAPS_KEY = "tel_laps::2025/1/Q::NOR,PIA"


def specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_defaults_to_each_drivers_fastest_lap(kit_app):
    at = kit_app(PAGE, query=AUS_Q)
    assert not at.exception and not at.error, [e.value for e in at.exception]
    assert at.multiselect(key=LAPS_KEY).value == ["NOR L19", "PIA L17"]
    assert at.query_params["laps"] == "NOR L19,PIA L17"
    overlay, speed_map, dominance, gg = specs(at)
    legend = {t["name"] for t in overlay["data"] if t.get("showlegend")}
    assert legend == {"NOR L19", "PIA L17"}
    delta = [t for t in overlay["data"] if t.get("yaxis") == "y" and t["name"] == "PIA L17"]
    assert values(delta[0]["y"])[-1] == pytest.approx(0.084, abs=1e-4)  # 75.180 - 75.096
    assert [a["text"] for a in overlay["layout"]["annotations"]][:3] == ["1", "2", "3"]
    assert {t["name"] for t in dominance["data"] if t.get("name")} == {"NOR L19", "PIA L17"}
    assert "Rotation" in texts(at) and "(fitted)" in texts(at)
    check = frame(at, "end_error_s", "method")
    relative = check[check["method"] == "relative"].iloc[0]
    assert abs(relative["end_error_s"]) < 0.001 and relative["official_delta_s"] == 0.084


def test_laps_reference_and_options_from_the_url(kit_app):
    query = {**AUS_Q, "laps": "NOR L13,NOR L19,PIA L17,XXX L1", "map": "Gear", "mini": "10"}
    at = kit_app(PAGE, query=query)
    assert not at.exception and not at.error
    assert at.multiselect(key=LAPS_KEY).value == ["NOR L13", "NOR L19", "PIA L17"]  # junk dropped
    assert at.segmented_control(key="map").value == "gear"  # the URL holds the label
    assert at.number_input(key="mini").value == 10
    overlay = specs(at)[0]
    styles = {t["name"]: t["line"]["dash"] for t in overlay["data"] if t.get("showlegend")}
    assert styles == {"NOR L13": "solid", "NOR L19": "dash", "PIA L17": "dash"}
    at.selectbox(key="tel_ref::2025/1/Q").set_value("NOR L19").run()
    overlay = specs(at)[0]
    assert overlay["layout"]["yaxis"]["title"]["text"] == "Delta to NOR L19 (s)"


def test_race_laps_and_map_channel_switch(kit_app):
    at = kit_app(PAGE, query={"year": "2025", "round": "1", "session": "R",
                              "drivers": "NOR,VER,PIA,RUS", "laps": "NOR L43,VER L43,PIA L43,RUS L42"})  # fmt: skip
    assert not at.exception and not at.error
    assert len(at.multiselect(key="tel_laps::2025/1/R::NOR,VER,PIA,RUS").value) == 4
    at.segmented_control(key="map").set_value("brake").run()
    assert not at.exception
    assert specs(at)[1]["layout"]["title"]["text"] == "NOR L43: Brake (on/off)"


def test_changing_drivers_or_session_updates_the_laps(kit_app):
    at = kit_app(PAGE, query=AUS_Q)
    at.multiselect(key="sb_drivers").set_value(["NOR", "VER"]).run()
    assert at.multiselect(key="tel_laps::2025/1/Q::NOR,VER").value == ["NOR L19", "VER L16"]
    at.selectbox(key="sb_session").set_value("R").run()
    assert not at.exception
    # the Q laps in the URL do not carry over to the race: each driver's fastest race lap
    assert at.multiselect(key="tel_laps::2025/1/R::NOR,VER").value == ["NOR L43", "VER L43"]


def test_session_without_telemetry_says_so(kit_app):
    at = kit_app(PAGE, query={"year": "2025", "round": "2", "session": "Q", "drivers": "NOR"})
    assert not at.exception and not at.error
    assert "no car telemetry" in " ".join(i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_laps_leave_the_url_for_a_session_without_telemetry(kit_app):
    query = {"year": "2025", "round": "1", "session": "R", "drivers": "NOR,VER",
             "laps": "NOR L43,VER L43"}  # fmt: skip
    at = kit_app(PAGE, query=query)
    assert at.query_params["laps"] == "NOR L43,VER L43"
    at.selectbox(key="sb_round").set_value(3).run()  # R3 Japanese GP: no telemetry
    assert not at.exception
    assert "no car telemetry" in texts(at)
    assert "laps" not in at.query_params
    at.selectbox(key="sb_round").set_value(1).run()  # back: each driver's fastest lap again
    assert at.query_params["laps"] == "NOR L43,VER L43"


def test_a_link_to_a_session_without_telemetry_drops_its_laps(kit_app):
    query = {"year": "2025", "round": "3", "session": "R", "drivers": "NOR", "laps": "NOR L43"}
    at = kit_app(PAGE, query=query)
    assert not at.exception and "laps" not in at.query_params


def test_no_laps_picked(kit_app):
    at = kit_app(PAGE, query=AUS_Q)
    at.multiselect(key=LAPS_KEY).set_value([]).run()
    assert not at.exception and "Pick at least one lap" in texts(at)


def test_empty_store(empty_app):
    at = empty_app(PAGE)
    assert not at.exception and "Pick a session" in texts(at)


def test_junk_url_values_fall_back_to_defaults(kit_app):
    junk = {**AUS_Q, "drivers": "NOR,ZZZ", "laps": "NOR L999,,", "map": "xyz", "mini": "100000"}
    at = kit_app(PAGE, query=junk)
    assert not at.exception and not at.error
    assert at.multiselect(key="tel_laps::2025/1/Q::NOR").value == ["NOR L19"]
    assert at.segmented_control(key="map").value == "speed_kph"


def test_replay_clock_limits_laps_to_lap_n(kit_app, kit_store):
    from f1core.analysis.laps import pick_fastest_laps
    from f1core.store import SessionKey
    from f1core.store.queries import session_table

    clock = {"replay_clock": {"key": "2025/2/R", "lap": 20, "source": "store"}}
    query = {
        "year": "2025",
        "round": "2",
        "session": "R",
        "drivers": "NOR,PIA",
        "laps": "NOR L40,PIA L12",
    }
    at = kit_app(PAGE, query=query, state=clock)
    assert not at.exception and not at.error, [e.value for e in at.exception]
    assert "only laps completed by lap 20 can be picked" in texts(at)
    laps = session_table(kit_store, "laps", SessionKey(2025, 2, "R"), drivers=["NOR", "PIA"])
    fastest = pick_fastest_laps(laps[laps["lap_number"] <= 20]).set_index("driver")["lap_number"]
    box = at.multiselect(key="tel_laps::2025/2/R::NOR,PIA::L20")
    assert max(int(re.search(r" L(\d+)", o).group(1)) for o in box.options) == 20
    # NOR L40 is after lap 20: dropped from the URL's laps, NOR gets his fastest lap up to lap 20.
    assert box.value == ["PIA L12", f"NOR L{fastest['NOR']}"]
    at = kit_app(PAGE, query={**query, "laps": ""}, state=clock)
    value = at.multiselect(key="tel_laps::2025/2/R::NOR,PIA::L20").value
    assert sorted(value) == sorted(f"{d} L{n}" for d, n in fastest.items())
    whole = pick_fastest_laps(laps)
    assert (whole["lap_number"] > 20).any()  # without the clock the fastest laps come later


@pytest.fixture()
def pack_like_app(kit_app, app_kit_store_path, tmp_path, monkeypatch):
    """The kit store as the data pack builds it: telemetry for the 2025 Australian Q and race only."""
    import duckdb

    path = copy_store(app_kit_store_path, tmp_path / "pack_like.duckdb")
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE sessions SET has_telemetry = (year = 2025 AND round = 1 "
                    "AND session_code IN ('Q', 'R'))")  # fmt: skip
    monkeypatch.setenv("F1_STORE", str(path))
    return kit_app


def test_without_telemetry_names_the_stored_sessions_that_have_it(pack_like_app):
    at = pack_like_app(PAGE, query={"year": "2025", "round": "4", "session": "R", "drivers": "NOR"})
    assert not at.exception and not at.error
    said = " ".join(i.value for i in at.info)
    assert "kit" not in said
    assert "The store has it for the 2025 Australian Grand Prix (Qualifying, Race)." in said
