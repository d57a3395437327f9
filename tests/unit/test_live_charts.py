"""Tower, mini-sector and track-map figures from tiny hand-built tower states."""

from __future__ import annotations

import pandas as pd
import pytest

from f1core.charts.tower import (
    COMPOUNDS,
    TIMING_COLOURS,
    mini_sector_figure,
    tower_figure,
    tyre_label,
)
from f1core.charts.track_map import rotate_xy, track_map_figure
from f1core.live.messages import Message
from f1core.live.state import TowerState
from f1core.live.tower import tower_frame, tower_rows


@pytest.fixture()
def state():
    return TowerState().apply_all(
        [
            Message(0, "DriverList", {"4": {"Tla": "NOR", "TeamColour": "FF8000"},
                                      "44": {"Tla": "HAM", "TeamColour": "E80020"}}),
            Message(1, "TimingData", {"Lines": {
                "4": {"Position": "1", "Sectors": [
                    {"Value": "30.1", "OverallFastest": True, "Segments": [{"Status": 2051}, {"Status": 2049}]},
                    {"Value": "", "PreviousValue": "31.0"}, {"Value": ""}]},
                "44": {"Position": "2", "Retired": True}}}),
            Message(2, "TimingAppData", {"Lines": {"4": {"Stints": [{"Compound": "SOFT", "TotalLaps": 6}]}}}),
        ]
    )  # fmt: skip


def test_a_phone_tower_keeps_the_columns_that_matter_in_order(state):
    table = tower_figure(tower_frame(state), columns="essential").data[0]
    assert list(table.header.values) == ["", "POS", "DRIVER", "GAP", "INT", "LAST", "TYRE", ""]
    assert len(table.cells.values) == len(table.columnwidth) == 8
    assert table.cells.values[2][0] == "<b>NOR</b>"
    assert table.cells.values[6][0] == "● S 6"
    assert list(table.cells.fill.color[0]) == ["#FF8000", "#E80020"]  # team strip kept
    assert len(table.cells.font.color) == 8


def test_tower_table_colours(state):
    figure = tower_figure(tower_frame(state))
    table = figure.data[0]
    assert len(table.cells.values) == len(table.header.values) == 13
    assert list(table.cells.fill.color[0]) == ["#FF8000", "#E80020"]  # team strip
    assert table.cells.values[2][0] == "<b>NOR</b>"
    assert table.cells.font.color[7][0] == TIMING_COLOURS["purple"]  # S1 overall best
    assert table.cells.values[8][0] == "31.0"  # S2 not run yet: last lap's time, uncoloured
    assert table.cells.values[10][0] == "● S 6"
    assert table.cells.font.color[10][0] == COMPOUNDS["SOFT"][1]
    assert table.cells.values[12][1] == "RETIRED"
    assert table.cells.values[12][0] == ""  # no car data: no DRS claim
    assert figure.layout.height > 2 * 30


def test_tyre_label():
    assert tyre_label("INTERMEDIATE", 13) == "● I 13"
    assert tyre_label("", None) == ""
    assert tyre_label("UNKNOWN", 0) == "● ? 0"


def test_mini_sector_grid(state):
    figure = mini_sector_figure(tower_rows(state))
    heat = figure.data[0]
    names = list(TIMING_COLOURS)
    assert list(heat.y) == ["NOR", "HAM"]
    assert list(heat.z[0][:2]) == [names.index("purple"), names.index("green")]
    assert heat.z[1][0] is None  # HAM has no segments: padded, not invented


def test_track_map_rotation_and_empty_sources():
    x, y = rotate_xy(pd.Series([1.0]), pd.Series([0.0]), 90.0)
    assert (round(float(x.iloc[0]), 9), round(float(y.iloc[0]), 9)) == (0.0, 1.0)
    cars = pd.DataFrame({"driver": ["NOR"], "team_color": ["#FF8000"], "x": [100.0], "y": [0.0]})
    outline = pd.DataFrame({"x": [0.0, 100.0, 100.0], "y": [0.0, 0.0, 100.0]})
    figure = track_map_figure(outline, cars, rotation_deg=180.0)
    assert [t.name for t in figure.data] == ["track", "cars"]
    assert figure.data[1].x[0] == pytest.approx(-100.0)
    empty = track_map_figure(None, cars.iloc[0:0])
    assert empty.layout.annotations[0].text == "No car positions in this source"


def test_open_drs_shows_in_the_status_column(state):
    state.apply(Message(3, "CarData", {"Entries": [{"Cars": {"4": {"Channels": {"45": 12}}}}]}))
    assert tower_figure(tower_frame(state)).data[0].cells.values[12][0] == "DRS"
