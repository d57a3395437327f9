"""Every chart function on tiny frames: valid plotly, units in hovers, colours and gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from f1core.charts import laps as lap_charts
from f1core.charts import pace as pace_charts
from f1core.charts import positions, strategy, track
from f1core.charts import sectors as sector_charts
from f1core.charts import telemetry as tc
from f1core.charts import weather as weather_charts
from f1core.charts.axes import stacked_layout
from f1core.charts.colors import COMPOUND_COLORS

STYLES = {"AAA": {"color": "#ff0000", "dash": "solid"}, "BBB": {"color": "#0000ff", "dash": "dash"}}
PERIODS = pd.DataFrame({"kind": ["SC"], "start_s": [1.0], "end_s": [2.0], "start_lap": [2],
                        "end_lap": [3]})  # fmt: skip


def checked(figure: go.Figure) -> go.Figure:
    """Validate every property (charts are built unvalidated for speed) and serialise."""
    go.Figure(figure.to_dict())
    pio.to_json(figure.to_dict(), validate=False)
    return figure


def hovers(figure: go.Figure) -> str:
    return " ".join(str(t.hovertemplate) for t in figure.data)


def flagged_laps() -> pd.DataFrame:
    rows = []
    for d in ("AAA", "BBB"):
        for n in range(1, 5):
            rows.append({"driver": d, "lap_number": n, "lap_time_s": 90.0 + n, "compound": "SOFT",
                         "tyre_life": n, "representative": n != 3, "pit_in": n == 3})  # fmt: skip
    return pd.DataFrame(rows)


def test_lap_time_chart_hides_outliers_and_shades_periods():
    figure = checked(lap_charts.lap_time_figure(flagged_laps(), STYLES, periods=PERIODS))
    lines = [t for t in figure.data if t.name in STYLES]
    assert [int(np.isfinite(np.asarray(t.y, dtype=float)).sum()) for t in lines] == [3, 3]
    assert np.isnan(lines[0].y[2])  # a hidden lap is a gap, so the line breaks there
    assert lines[0].line.color == "#ff0000" and lines[1].line.dash == "dash"
    assert "s<br>" in hovers(figure)
    assert figure.layout.shapes[0].x0 == 1.5 and figure.layout.shapes[0].x1 == 3.5
    shown = checked(lap_charts.lap_time_figure(flagged_laps(), STYLES, show_outliers=True))
    assert [int(np.isfinite(np.asarray(t.y, dtype=float)).sum()) for t in shown.data
            if t.name in STYLES] == [4, 4]  # fmt: skip
    assert sum(t.marker.symbol == "triangle-down" for t in shown.data) == 2  # pit laps


def test_positions_and_race_trace_put_the_leader_on_top():
    pos = pd.DataFrame({"driver": ["AAA", "AAA", "BBB", "BBB"], "lap_number": [0, 1, 0, 1],
                        "position": [2, 1, 1, 2]})  # fmt: skip
    figure = checked(positions.position_figure(pos, STYLES))
    assert figure.layout.yaxis.autorange == "reversed"
    gaps = pos.rename(columns={"position": "gap_s"}).astype({"gap_s": float})
    trace = checked(positions.race_trace_figure(gaps, STYLES, periods=PERIODS))
    assert "s to leader" in hovers(trace)


def test_strategy_bars_are_compound_coloured_and_placed_on_laps():
    stints = pd.DataFrame({
        "driver": ["AAA", "AAA", "BBB"], "stint": [1, 2, 1], "compound": ["SOFT", "HARD", None],
        "start_lap": [1, 11, 1], "end_lap": [10, 20, 20], "laps": [10, 10, 20],
        "tyre_life_start": [1, 3, 1], "tyre_life_end": [10, 12, 20], "fresh_tyre": [True, False, True],
    })  # fmt: skip
    figure = checked(strategy.strategy_figure(stints, ["AAA", "BBB"]))
    by_name = {t.name: t for t in figure.data}
    assert set(by_name) == {"SOFT", "HARD", "UNKNOWN"}
    assert by_name["HARD"].marker.color == COMPOUND_COLORS["HARD"]
    assert list(by_name["HARD"].base) == [10] and list(by_name["HARD"].x) == [10]
    assert list(figure.layout.yaxis.categoryarray) == ["BBB", "AAA"]


def test_pace_figures():
    pace = pd.DataFrame({"driver": ["AAA", "AAA", "BBB"], "team": ["Red", "Red", "Blue"],
                         "lap_number": [2, 3, 2], "lap_time_s": [90.0, 91.0, 92.0],
                         "compound": "SOFT", "stint": 1, "tyre_life": [2, 3, 2]})  # fmt: skip
    colors = {"Red": "#ff0000", "Blue": "#0000ff"}
    violin = checked(pace_charts.driver_pace_figure(pace, STYLES, ["BBB", "AAA", "ZZZ"]))
    assert [t.name for t in violin.data] == ["BBB", "AAA"]
    assert "s<extra>" in hovers(violin)
    checked(pace_charts.team_pace_figure(pace, colors, ["Red", "Blue"]))
    ranking = pd.DataFrame({"rank": [1, 2], "team": ["Red", "Blue"], "median_s": [90.5, 92.0],
                            "gap_s": [0.0, 1.5], "gap_pct": [0.0, 1.66], "laps": [2, 1]})  # fmt: skip
    bars = checked(pace_charts.team_ranking_figure(ranking, colors))
    assert list(bars.data[0].marker.color) == ["#ff0000", "#0000ff"]
    runs = pd.DataFrame(
        {"driver": ["AAA"], "stint": [1], "compound": ["SOFT"], "slope_s_per_lap": [0.1]}
    )
    long = checked(pace_charts.long_run_figure(pace, runs, STYLES))
    assert long.data[0].name == "AAA stint 1 (SOFT)" and len(long.data[0].x) == 2


def test_sector_figures():
    ideal = pd.DataFrame(
        {"driver": ["AAA", "BBB"], "ideal_s": [80.0, 80.5], "best_lap_s": [80.2, 80.5]}
    )
    figure = checked(sector_charts.ideal_lap_figure(ideal, STYLES))
    assert list(figure.data[1].y) == pytest.approx([0.2, 0.5])
    traps = pd.DataFrame({"driver": ["AAA", "BBB"], "I1": [300.0, 310.0], "I2": [250.0, np.nan],
                          "FL": [280.0, 281.0], "ST": [320.0, 321.0]})  # fmt: skip
    speed = checked(sector_charts.speed_trap_figure(traps, STYLES))
    assert len(speed.data) == 4 and "km/h" in hovers(speed)
    assert [a.text for a in speed.layout.annotations] == ["I1", "I2", "FL", "ST"]


def test_weather_figures():
    by_lap = pd.DataFrame({"lap_number": [0, 1, 2], "air_temp_c": [15.0, 16.0, 16.5],
                           "track_temp_c": [20.0, 21.0, 22.0], "rainfall": [True, False, False],
                           "wind_speed": [2.0, 2.5, 3.0], "wind_direction": [180.0, 190.0, 200.0]})  # fmt: skip
    figure = checked(weather_charts.weather_figure(by_lap, periods=PERIODS))
    assert "°C" in hovers(figure) and "m/s" in hovers(figure)
    assert figure.layout.xaxis3.title.text == "Lap"
    joined = pd.DataFrame({"driver": ["AAA"], "lap_number": [3], "lap_time_s": [90.0],
                           "compound": ["SOFT"], "track_temp_c": [21.0], "rainfall": [True]})  # fmt: skip
    scatter = checked(weather_charts.pace_temperature_figure(joined, STYLES))
    assert list(scatter.data[0].marker.symbol) == ["circle-open"]


def tel_frame() -> pd.DataFrame:
    rows = []
    for d, lap in (("AAA", 5), ("BBB", 7)):
        for i in range(50):
            rows.append({"driver": d, "lap_number": lap, "sample": i, "distance_m": i * 20.0,
                         "time_s": i * 0.3, "speed_kph": 200.0 + i, "throttle": 100.0,
                         "brake": i % 10 == 0, "gear": 7, "rpm": 11000.0, "drs": 12 if i > 40 else 1,
                         "x": 100.0 * np.cos(i / 8), "y": 100.0 * np.sin(i / 8), "acc_x": 1.0,
                         "acc_y": np.nan if i == 3 else 9.8})  # fmt: skip
    return pd.DataFrame(rows)


def test_telemetry_overlay_with_delta_and_corners():
    tel = tel_frame()
    overlay = tc.overlay_frame(tc.decimate(tel, max_points=20))
    assert overlay.groupby("lap").size().tolist() == [20, 20]
    assert (overlay["drs_open"] == (overlay["distance_m"] > 800)).all()  # codes 10/12/14 = open
    styles = tc.lap_styles([("AAA", 5), ("AAA", 6), ("BBB", 7)], STYLES)
    assert styles["AAA L6"]["dash"] == "dash" and styles["BBB L7"]["color"] == "#0000ff"
    delta = pd.DataFrame({"driver": "BBB", "lap_number": 7, "distance_m": [0.0, 980.0],
                          "delta_s": [0.0, 0.2]})  # fmt: skip
    corners = pd.DataFrame({"label": ["1", "2"], "distance_m": [100.0, 500.0]})
    figure = checked(tc.telemetry_figure(overlay, styles, delta=delta, reference_label="AAA L5",
                                         corners=corners))  # fmt: skip
    assert len(figure.data) == 2 * 6 + 1
    assert sum(bool(t.showlegend) for t in figure.data) == 2  # one legend entry per lap
    assert {a.text for a in figure.layout.annotations} == {"1", "2"}
    assert "km/h" in hovers(figure) and "delta" in hovers(figure)
    assert figure.layout.yaxis.title.text == "Delta to AAA L5 (s)"
    gg = tc.gg_frame(tel)
    assert len(gg) == 98  # the sample without lateral acceleration is dropped
    assert "g" in hovers(checked(tc.gg_figure(gg, styles)))


def test_default_laps_keep_requested_and_add_missing_drivers():
    options = ["AAA L1", "AAA L2", "BBB L1", "CCC L4"]
    fastest = ["AAA L2", "BBB L1", "CCC L4"]
    assert tc.default_laps([], options, fastest) == fastest
    assert tc.default_laps(["AAA L1", "AAA L1", "ZZZ L9"], options, fastest) == [
        "AAA L1", "BBB L1", "CCC L4"]  # fmt: skip
    assert tc.default_laps(["AAA L1", "BBB L1"], options, ["AAA L2", "BBB L1"]) == [
        "AAA L1",
        "BBB L1",
    ]


def test_track_maps():
    tel = tel_frame()
    lap = tel[tel["driver"] == "AAA"]
    labels = pd.DataFrame({"label": ["1"], "x": [0.0], "y": [0.0], "text_x": [5.0], "text_y": [5.0],
                           "distance_m": [10.0]})  # fmt: skip
    for channel in ("speed_kph", "gear", "throttle", "brake"):
        figure = checked(track.channel_map_figure(lap, channel, corners=labels, label="AAA L5"))
        assert figure.layout.yaxis.scaleanchor == "x"
    points = pd.DataFrame({"x": range(6), "y": range(6), "distance_m": range(6),
                           "minisector": [1, 1, 2, 2, 3, 3],
                           "driver": ["AAA", "AAA", "BBB", "BBB", "AAA", "AAA"],
                           "lap_number": [5, 5, 7, 7, 5, 5]})  # fmt: skip
    styles = tc.lap_styles([("AAA", 5), ("BBB", 7)], STYLES)
    dom = checked(track.dominance_figure(points, styles))
    by_name = {t.name: t for t in dom.data}
    assert set(by_name) == {"AAA L5", "BBB L7"}
    assert list(by_name["BBB L7"].x) == [2, 3, 4, None]  # joined to the next segment
    assert list(by_name["AAA L5"].x) == [0, 1, 2, None, 4, 5, None]
    assert by_name["AAA L5"].line.color != by_name["BBB L7"].line.color
    same = {
        "AAA L5": {"color": "#ff8000", "dash": "solid"},
        "BBB L7": {"color": "#ff8000", "dash": "dash"},
    }
    team_mates = checked(track.dominance_figure(points, same))
    assert len({t.line.color for t in team_mates.data if t.name}) == 2  # told apart by colour


def test_stacked_layout_domains():
    layout = stacked_layout([2.0, 1.0, 1.0], gap=0.0)
    assert layout["yaxis"]["domain"] == [0.5, 1.0]
    assert layout["yaxis3"]["domain"] == [0.0, 0.25]
    assert layout["xaxis2"]["matches"] == "x" and layout["xaxis3"]["showticklabels"]
