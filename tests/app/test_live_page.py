"""The Live page (AppTest): kit replay, seeking, the shared clock, store replay, live-file faults."""

from __future__ import annotations

import re

from f1core.live.messages import parse_clock
from tests.app.conftest import texts, url_param

PAGE = "pages/30_Live.py"
MIAMI = "2025_miami_gp_sprint"


def test_kit_replay_ends_with_the_sprint_classification(empty_app):
    at = empty_app(PAGE, query={"recording": MIAMI})
    assert not at.exception
    body = texts(at)
    assert "LAP 18/18" in body and "Miami Grand Prix Sprint" in body
    assert "car data and positions need an F1TV sign-in" in body  # the free feed's gaps are named
    assert len(at.get("plotly_chart")) == 1  # the tower: no positions, no map
    at.toggle(key="live_minis").set_value(True).run()
    assert len(at.get("plotly_chart")) == 2  # and the mini-sectors
    (feed,) = [d.value for d in at.dataframe if "message" in d.value.columns]
    assert feed["message"].iloc[0].startswith("F1 - POST-SPRINT PARC FERME")
    assert at.query_params["source"] == "kit" and float(at.query_params["t"]) > 7000


def test_seek_and_shared_clock(empty_app):
    at = empty_app(PAGE, query={"recording": MIAMI})
    t = parse_clock("01:30:00.000")
    at.slider(key=f"live_seek::{MIAMI}").set_value(t)
    at.toggle(key="live_share_clock").set_value(True)
    at.run()
    assert not at.exception
    clock = at.session_state["replay_clock"]
    assert clock["key"] == "2025/6/S" and clock["source"] == "kit"
    assert f"LAP {clock['lap'] + 1}/18" in texts(at)  # the leader is running the next lap
    assert 5 <= clock["lap"] <= 12  # 01:30 is mid-sprint (18 laps from 01:13)
    at.number_input(key=f"live_lap::{MIAMI}").set_value(3).run()
    assert at.session_state["replay_clock"]["lap"] == 2  # lap 3 just started: 2 complete
    assert "LAP 3/18" in texts(at)
    clock_text = re.search(r"LAP 3/18 · [A-Z ]+ · (\d\d:\d\d:\d\d\.\d+)", texts(at)).group(1)
    seek = at.slider(key=f"live_seek::{MIAMI}").value
    assert seek == round(parse_clock(clock_text)) < t  # the slider moved back to lap 3's start
    at.toggle(key="live_share_clock").set_value(False).run()
    assert at.session_state["replay_clock"] is None


def test_url_with_a_time_and_junk_values(empty_app):
    at = empty_app(PAGE, query={"recording": MIAMI, "t": "600", "speed": "abc", "source": "nope"})
    assert not at.exception
    assert "LAP 1/19" in texts(at)  # 10 min in: lap 1 of the 19 then scheduled


def test_store_replay_draws_cars_on_the_map(kit_app):
    at = kit_app(PAGE, query={"source": "store", "year": "2025", "round": "1", "session": "R"})
    assert not at.exception
    assert "LAP 57/57" in texts(at)
    assert "As known at lap 57:" in texts(
        at
    )  # the flag completes lap 57: tower and commentary agree
    assert "need an F1TV sign-in" not in texts(at)  # positions come from stored telemetry
    charts = [c.key for c in at.get("plotly_chart")]
    assert charts == ["live_tower", "live_map"]  # no battle to forecast after the flag
    at.number_input(key="live_lap::2025/1/R").set_value(30).run()
    assert "LAP 30/57" in texts(at) and "As known at lap 29:" in texts(at)  # lap 30 is running
    charts = [c.key for c in at.get("plotly_chart")]
    assert charts == ["live_tower", "live_map", "live_battle_why"]  # and a battle's SHAP chart


def test_live_file_missing_then_waiting(empty_app, tmp_path):
    at = empty_app(PAGE, query={"source": "live"}, state={})
    at.text_input(key="live_path").set_value(str(tmp_path / "missing.txt")).run()
    assert not at.exception
    assert "Cannot read the live file" in texts(at)
    empty = tmp_path / "live.txt"
    empty.write_text("")
    at.text_input(key="live_path").set_value(str(empty)).run()
    assert not at.exception
    assert "Waiting for the first data" in texts(at)


def test_damaged_recording_is_counted_not_fatal(empty_app, monkeypatch, kit_dir, tmp_path):
    from f1core.live.sources import read_text

    folder = tmp_path / "kit" / "livetiming" / "damaged"
    folder.mkdir(parents=True)
    for topic in ("DriverList", "LapCount", "SessionInfo"):
        text = read_text(kit_dir / "livetiming" / MIAMI / f"{topic}.jsonStream.zst")
        if topic == "LapCount":
            text += '\n00:00:01.000{"CurrentLap": 2}\nnot a line\n01:00:00.000{broken'
        (folder / f"{topic}.jsonStream").write_text(text, encoding="utf-8")
    (folder / "TeamRadio.jsonStream").write_text('00:00:01.000{"Captures": []}\n', encoding="utf-8")
    monkeypatch.setenv("F1_DATA_KIT", str(tmp_path / "kit"))
    at = empty_app(PAGE, query={"recording": "damaged"})
    assert not at.exception
    assert "Skipped 4 unreadable lines" in texts(at)
    assert "LAP 18/18" in texts(at)


def test_live_file_that_stopped_growing_says_so(empty_app, tmp_path):
    import time

    from f1core.live.sources import LiveFeed

    path = tmp_path / "live.txt"
    path.write_text("['LapCount', {'CurrentLap': 7, 'TotalLaps': 57}, '2025-03-16T04:30:00Z']\n")
    feed = LiveFeed(path)
    feed.refresh(wall_s=time.time() - 30)  # the recorder last wrote 30 s ago
    state = {"live_feed": feed, "live_feed_path": str(path), "live_path": str(path)}
    at = empty_app(PAGE, query={"source": "live"}, state=state)
    assert not at.exception
    body = texts(at)
    silent = re.search(r"No data for (\d+) s", body)
    assert silent and 30 <= int(silent.group(1)) < 90  # the run itself takes a moment
    assert "LAP 7/57" in body


def test_switching_to_a_stored_session_starts_it_at_lap_1(kit_app):
    query = {"source": "kit", "recording": MIAMI, "t": "7964", "year": "2025", "round": "1",
             "session": "R"}  # fmt: skip
    at = kit_app(PAGE, query=query)
    assert "LAP 18/18" in texts(at)
    at.segmented_control(key="live_source").set_value("store").run()
    assert not at.exception
    body = texts(at)
    assert "Australian Grand Prix Race" in body and "LAP 1/57" in body  # not the recording's t
    assert at.query_params["source"] == "store" and "recording" not in at.query_params
    assert float(at.query_params["t"]) < 4300  # the start of lap 1 (4260 s), not 7964
    assert len(at.get("plotly_chart")) == 2  # cars on the grid from the start
    at.run()  # the URL now names the stored session: no second switch back to lap 1
    at.segmented_control(key="live_source").set_value("live").run()
    assert not at.exception
    assert at.query_params["source"] == "live"
    assert not {"t", "speed", "recording"} & set(at.query_params)


def test_picking_another_recording_starts_it_at_lap_1(empty_app):
    at = empty_app(PAGE, query={"recording": MIAMI, "t": "7964"})
    assert "LAP 18/18" in texts(at)
    at.selectbox(key="live_recording").set_value("2025_australian_gp_race").run()
    assert not at.exception
    assert "LAP 1/" in texts(at) and at.query_params["recording"] == "2025_australian_gp_race"
    assert float(at.query_params["t"]) < 7964


def test_without_recordings_the_page_opens_on_a_stored_session(kit_app, monkeypatch, tmp_path):
    monkeypatch.setenv("F1_DATA_KIT", str(tmp_path / "no-kit"))  # a clean checkout: no kit
    at = kit_app("pages/30_Live.py")
    assert not at.exception
    assert at.segmented_control(key="live_source").value == "store"
    assert "No recordings" not in texts(at)


def test_a_stored_race_without_telemetry_says_so_without_a_sign_in(kit_app):
    at = kit_app(PAGE, query={"source": "store", "year": "2025", "round": "4", "session": "R"})
    assert not at.exception
    said = texts(at)
    assert "Not in this replay (the store has no car telemetry for this session)" in said
    assert "sign-in" not in said and "F1TV" not in said


def test_tower_toggles_are_in_the_url(empty_app):
    query = {"recording": MIAMI, "live_minis": "true", "live_tower_all": "false"}
    at = empty_app(PAGE, query=query)
    assert not at.exception
    assert at.toggle(key="live_minis").value is True
    assert at.toggle(key="live_tower_all").value is False
    assert len(at.get("plotly_chart")) == 2  # the tower and the mini-sectors
    for key in ("live_minis", "live_tower_all"):  # a change goes into the URL
        assert url_param(at.toggle(key=key)) == key
