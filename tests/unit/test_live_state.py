"""The tower state machine and the tower rows, on tiny hand-built messages."""

import pytest

from f1core.live.messages import Message
from f1core.live.state import MAX_RACE_CONTROL, TowerState, deep_merge
from f1core.live.tower import (
    car_status,
    parse_lap_time,
    race_control_frame,
    segment_colors,
    session_summary,
    timed_color,
    tower_frame,
    tower_rows,
)


def test_deep_merge_follows_f1_rules():
    doc = {}
    deep_merge(doc, {"Sectors": [{"Value": "30.1"}, {"Value": ""}], "Gap": "+1.0"})
    assert doc == {"Sectors": {"0": {"Value": "30.1"}, "1": {"Value": ""}}, "Gap": "+1.0"}
    deep_merge(doc, {"Sectors": {"1": {"Value": "31.2", "PersonalFastest": True}}})
    assert doc["Sectors"]["1"] == {"Value": "31.2", "PersonalFastest": True}
    assert doc["Sectors"]["0"] == {"Value": "30.1"}
    deep_merge(doc, {"Sectors": []})  # an array replaces what was there
    assert doc["Sectors"] == {}
    deep_merge(doc, {"_deleted": ["Gap"]})
    assert "Gap" not in doc


def _m(t, topic, data):
    return Message(t, topic, data)


def test_state_applies_topics_and_counts_unknown():
    state = TowerState().apply_all(
        [
            _m(
                0,
                "DriverList",
                {
                    "4": {"Tla": "NOR", "TeamColour": "FF8000", "Line": 2},
                    "81": {"Tla": "PIA", "TeamColour": "FF8000", "Line": 1},
                },
            ),
            _m(1, "LapCount", {"CurrentLap": 3, "TotalLaps": 18}),
            _m(2, "TrackStatus", {"Status": "4", "Message": "SCDeployed"}),
            _m(3, "TimingData", {"Lines": {"4": {"Position": "1"}, "81": {"Position": "2"}}}),
            _m(4, "MadeUpTopic", {"x": 1}),
            _m(5, "TimingData", {"Lines": "not a dict"}),  # wrong shape: counted, not raised
        ]
    )
    assert state.classification() == ["NOR", "PIA"]
    assert (state.current_lap, state.total_laps, state.track_flag) == (3, 18, "SC")
    assert state.unknown == 2 and state.applied == 4 and state.t_s == 3


def test_race_control_accepts_list_and_dict_and_is_capped():
    state = TowerState()
    state.apply(_m(0, "RaceControlMessages", {"Messages": [{"Message": "GREEN LIGHT"}]}))
    state.apply(_m(1, "RaceControlMessages", {"Messages": {"1": {"Message": "YELLOW"}}}))
    assert [m["Message"] for m in state.race_control] == ["GREEN LIGHT", "YELLOW"]
    for i in range(MAX_RACE_CONTROL + 10):
        state.apply(_m(2 + i, "RaceControlMessages", {"Messages": {str(i): {"Message": str(i)}}}))
    assert len(state.race_control) == MAX_RACE_CONTROL
    assert state.race_control[-1]["Message"] == str(MAX_RACE_CONTROL + 9)
    frame = race_control_frame(state)
    assert frame["message"].iloc[0] == str(MAX_RACE_CONTROL + 9)


def test_snapshot_is_independent():
    state = TowerState().apply_all([_m(0, "TimingData", {"Lines": {"1": {"Position": "1"}}})])
    copy = TowerState.from_snapshot(state.snapshot())
    copy.apply(_m(1, "TimingData", {"Lines": {"1": {"Position": "5"}}}))
    assert state.timing["1"]["Position"] == "1" and copy.timing["1"]["Position"] == "5"


@pytest.mark.parametrize(
    ("item", "colour"),
    [
        ({"Value": "30.1", "OverallFastest": True, "PersonalFastest": True}, "purple"),
        ({"Value": "30.1", "OverallFastest": False, "PersonalFastest": True}, "green"),
        ({"Value": "30.1"}, "yellow"),
        ({"Value": ""}, "none"),
        (None, "none"),
    ],
)
def test_timed_colour(item, colour):
    assert timed_color(item) == colour


def test_segments_status_and_lap_times():
    sector = {
        "Segments": {
            "1": {"Status": 2051},
            "0": {"Status": 2049},
            "2": {"Status": 2064},
            "3": {"Status": 2048},
            "4": {"Status": 0},
        }
    }
    assert segment_colors(sector) == ["green", "purple", "pit", "yellow", "none"]
    assert parse_lap_time("1:40.334") == pytest.approx(100.334)
    assert parse_lap_time("34.500") == pytest.approx(34.5)
    assert parse_lap_time("") is None and parse_lap_time("LAP 3") is None
    assert car_status({"Retired": True, "InPit": True}) == "RETIRED"
    assert car_status({"InPit": True}) == "PIT"
    assert car_status({"PitOut": True}) == "PIT OUT"
    assert car_status({}) == ""


def test_tower_rows_tyres_best_laps_and_free_feed_gaps():
    state = TowerState().apply_all(
        [
            _m(
                0,
                "DriverList",
                {
                    "4": {"Tla": "NOR", "TeamColour": "FF8000", "TeamName": "McLaren"},
                    "1": {"Tla": "VER", "TeamColour": "3671C6"},
                },
            ),
            _m(
                1,
                "TimingData",
                {
                    "Lines": {
                        "4": {
                            "Position": "1",
                            "BestLapTime": {"Value": "1:36.368"},
                            "GapToLeader": "LAP 5",
                        },
                        "1": {
                            "Position": "2",
                            "BestLapTime": {"Value": "1:37.000"},
                            "GapToLeader": "+1.2",
                            "IntervalToPositionAhead": {"Value": "+1.2", "Catching": True},
                        },
                    }
                },
            ),
            _m(
                2,
                "TimingAppData",
                {
                    "Lines": {
                        "4": {
                            "Stints": [
                                {"Compound": "INTERMEDIATE", "New": "true", "TotalLaps": 10},
                                {"Compound": "SOFT", "New": "false", "TotalLaps": 2},
                            ]
                        }
                    }
                },
            ),
            _m(3, "TimingAppData", {"Lines": {"4": {"Stints": {"1": {"TotalLaps": 3}}}}}),
            _m(4, "CarData", {"Entries": [{"Cars": {"1": {"Channels": {"2": 301, "45": 12}}}}]}),
        ]
    )
    nor, ver = tower_rows(state)
    assert (nor["driver"], nor["compound"], nor["tyre_age"], nor["tyre_new"]) == (
        "NOR",
        "SOFT",
        3,
        False,
    )
    assert (nor["team_color"], nor["best_lap_color"], ver["best_lap_color"]) == (
        "#FF8000",
        "purple",
        "green",
    )
    assert (ver["interval"], ver["catching"], ver["drs"], ver["speed_kph"]) == (
        "+1.2",
        True,
        "OPEN",
        301.0,
    )
    assert nor["drs"] is None and nor["speed_kph"] is None  # no car data for that car
    frame = tower_frame(state)
    assert list(frame["driver"]) == ["NOR", "VER"]
    assert session_summary(state)["track_flag"] == "UNKNOWN"
