"""Fast (unvalidated) figures still serialise titles in the form plotly.js draws."""

from __future__ import annotations

import json

import plotly.io as pio

from f1core.charts.axes import fast_figure, trace


def _layout(fig) -> dict:
    return json.loads(pio.to_json(fig, validate=False))["layout"]  # as st.plotly_chart sends it


def test_titles_set_after_building_are_sent_as_text_objects():
    fig = fast_figure([trace("scatter", x=[1, 2], y=[3, 4])], {"xaxis": {"title": "Lap"}})
    fig.update_layout(yaxis_title="Lap time (s)", legend_title="Driver", title="Pace")
    layout = _layout(fig)
    assert layout["xaxis"]["title"] == {"text": "Lap"}
    assert layout["yaxis"]["title"] == {"text": "Lap time (s)"}
    assert layout["legend"]["title"] == {"text": "Driver"}
    assert layout["title"] == {"text": "Pace"}


def test_title_objects_and_trace_colorbars_are_handled():
    marker = {"color": [1, 2], "colorbar": {"title": "km/h"}}
    fig = fast_figure([trace("scatter", x=[1, 2], y=[3, 4], marker=marker)],
                      {"xaxis": {"title": {"text": "Distance (m)", "standoff": 4}}})  # fmt: skip
    sent = json.loads(pio.to_json(fig, validate=False))
    assert sent["layout"]["xaxis"]["title"] == {"text": "Distance (m)", "standoff": 4}
    assert sent["data"][0]["marker"]["colorbar"]["title"] == {"text": "km/h"}
