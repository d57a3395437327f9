"""The Live page's plain-text pieces and its URL state."""

from __future__ import annotations

import pytest

from f1core.live.messages import StreamStats
from f1core.live.state import TowerState
from f1core.live.view import (
    LiveView,
    banner_text,
    feed_notes,
    free_feed_note,
    parse_view,
    stale_text,
    stream_note,
    view_params,
    weather_text,
)


def _summary(**changes):
    base = {"lap": 12, "total_laps": 57, "track_flag": "SC", "t_s": 4500.5, "air_temp_c": None,
            "track_temp_c": None, "rainfall": None}  # fmt: skip
    return {**base, **changes}


def test_banner_and_weather():
    assert banner_text(_summary()) == "LAP 12/57 · SC · 01:15:00.500"
    assert banner_text(_summary(lap=None, total_laps=None)).startswith("LAP -/-")
    assert weather_text(_summary()) == "No weather in this source"
    wet = weather_text(_summary(air_temp_c=15.8, track_temp_c=18.81, rainfall=True))
    assert wet == "Air 15.8 °C · Track 18.8 °C · rain"


@pytest.mark.parametrize(
    ("silent", "expected"),
    [
        (None, "Waiting for the first data"),
        (1.0, None),
        (5.0, "No data for 5 s"),
        (61.4, "No data for 61 s"),
    ],
)
def test_stale_text(silent, expected):
    text = stale_text(silent)
    assert (text is None) if expected is None else expected in text


def test_free_feed_note_only_without_car_data():
    assert "F1TV" in free_feed_note(TowerState())
    assert free_feed_note(TowerState(positions={"1": {"X": 1, "Y": 2}})) is None


@pytest.mark.parametrize(("source", "why"), [
    ("kit", "need an F1TV sign-in"), ("live", "need an F1TV sign-in"),
    ("store", "the store has no car telemetry for this session"),
])  # fmt: skip
def test_the_missing_car_data_note_gives_the_sources_reason(source, why):
    note = free_feed_note(TowerState(), source=source)
    assert why in note and note.endswith(": drs, speed_kph, car positions on the track map.")
    if source == "store":
        assert "F1TV" not in note and "sign-in" not in note


@pytest.mark.parametrize(
    ("params", "view"),
    [
        ({}, LiveView()),
        ({"source": "store", "t": "4500", "speed": "30"}, LiveView("store", "", 4500.0, 30.0)),
        ({"source": "x", "t": "soon", "speed": "999"}, LiveView("kit", "", None, 60.0)),
        ({"speed": "fast", "recording": "r"}, LiveView("kit", "r", None, 10.0)),
    ],
)
def test_url_state_round_trip(params, view):
    assert parse_view(params) == view
    assert parse_view(view_params(view)) == LiveView(
        view.source, view.recording, None if view.t_s is None else round(view.t_s), view.speed
    )


def test_stream_note():
    assert stream_note(StreamStats(messages=5)) is None
    note = stream_note(StreamStats(malformed=2, out_of_order=1, gaps=4))
    assert note == "Skipped 3 unreadable lines; 4 silences over 2 min in the stream."


def test_feed_notes_name_what_is_missing():
    no_timing = TowerState(drivers={"4": {"Tla": "NOR"}})
    assert [n.split(":")[0] for n in feed_notes(no_timing)] == [
        "This recording has no TimingData",
        "Not in this feed (car data and positions need an F1TV sign-in)",
    ]
    full = TowerState(drivers={"4": {}}, timing={"4": {}}, car={"4": {"2": 300}})
    assert feed_notes(full) == []


def test_a_source_switch_drops_the_other_sources_time_and_recording():
    from f1core.live.view import foreign_params, switch_view

    recorded = LiveView("kit", "2025_miami_gp_sprint", 7964.0, 2.0)
    assert switch_view(recorded, "kit") == (recorded, False)
    assert switch_view(recorded, "store") == (LiveView("store", "", None, 2.0), True)
    assert foreign_params("store") == ["recording"]
    assert foreign_params("live") == ["recording", "speed", "t"]
    assert foreign_params("kit") == []


@pytest.mark.parametrize(("lap", "status", "expected"), [
    (1, "Started", None), (3, "Started", 2), (57, "Started", 56), (57, "Finished", None),
])  # fmt: skip
def test_battles_are_forecast_while_a_lap_is_left(lap, status, expected):
    from f1core.live.view import battle_lap

    state = TowerState(lap={"CurrentLap": lap, "TotalLaps": 57}, session_status=status)
    assert battle_lap(state) == expected
