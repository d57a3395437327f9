"""Track maps: the lap coloured by a channel, and the minisector dominance map."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from f1core.charts.axes import fast_figure, trace
from f1core.charts.colors import OKABE_ITO, style_of

MapChannel = Literal["speed_kph", "gear", "throttle", "brake"]
CHANNEL_LABELS = {"speed_kph": "Speed (km/h)", "gear": "Gear", "throttle": "Throttle (%)",
                  "brake": "Brake (on/off)"}  # fmt: skip
GEAR_COLORS = ["#440154", "#46327e", "#365c8d", "#277f8e", "#1fa187", "#4ac16d", "#a0da39",
               "#fde725"]  # fmt: skip


def _corner_trace(labels: pd.DataFrame | None) -> list[dict]:
    if labels is None or labels.empty:
        return []
    return [trace("scatter",
        x=labels["text_x"], y=labels["text_y"], mode="markers+text", text=labels["label"],
        marker={"size": 16, "color": "rgba(128,128,128,0.35)"}, textfont={"size": 9},
        showlegend=False, hovertemplate="Turn %{text}<extra></extra>",
    )]  # fmt: skip


def _square(traces: list[dict], title: str) -> go.Figure:
    return fast_figure(traces, {
        "xaxis": {"visible": False}, "yaxis": {"visible": False, "scaleanchor": "x", "scaleratio": 1},
        "margin": {"t": 40, "l": 0, "r": 0, "b": 0}, "height": 560, "title": {"text": title},
    })  # fmt: skip


def channel_map_figure(
    lap: pd.DataFrame, channel: MapChannel, *, corners: pd.DataFrame | None = None,
    label: str = "",
) -> go.Figure:  # fmt: skip
    """One lap's rotated ``x, y`` points coloured by ``channel``, with corner labels."""
    values = lap[channel].astype(float)
    if channel == "gear":
        marker = {"color": [GEAR_COLORS[int(g) % 8] for g in values.fillna(0)], "size": 6}
    else:
        marker = {"color": values.to_numpy(), "colorscale": "Plasma", "size": 6,
                  "colorbar": {"title": {"text": CHANNEL_LABELS[channel]}}}  # fmt: skip
    traces = [
        trace("scatter", x=lap["x"].to_numpy(), y=lap["y"].to_numpy(), mode="lines",
              line={"color": "#bbbbbb", "width": 8}, hoverinfo="skip", showlegend=False),
        trace("scatter", x=lap["x"].to_numpy(), y=lap["y"].to_numpy(), mode="markers",
              marker=marker, showlegend=False,
              customdata=np.column_stack([lap["distance_m"], values]),
              hovertemplate=(f"{label} %{{customdata[0]:.0f}} m<br>{CHANNEL_LABELS[channel]}: "
                             "%{customdata[1]:.0f}<extra></extra>")),
    ]  # fmt: skip
    return _square(traces + _corner_trace(corners), f"{label}: {CHANNEL_LABELS[channel]}")


def dominance_figure(
    points: pd.DataFrame, styles: dict[str, dict], *, corners: pd.DataFrame | None = None
) -> go.Figure:
    """Track drawn in the colour of the lap that was fastest in each minisector.

    One trace per owning lap; its segments are separated by gaps (None), and each segment
    repeats the next point so the coloured line has no holes.
    """
    points = points.reset_index(drop=True)
    owner = points["driver"].astype(str) + " L" + points["lap_number"].astype("Int64").astype(str)
    change = owner.ne(owner.shift()).cumsum()
    paths: dict[str, dict[str, list]] = {}
    for _, seg in points.assign(owner=owner, seg=change).groupby("seg", sort=True):
        name = seg["owner"].iloc[0]
        seg_xy = points.iloc[seg.index.min() : min(seg.index.max() + 2, len(points))]
        path = paths.setdefault(name, {"x": [], "y": [], "m": [], "driver": seg["driver"].iloc[0]})
        path["x"] += [*seg_xy["x"].tolist(), None]
        path["y"] += [*seg_xy["y"].tolist(), None]
        path["m"] += [*seg_xy["minisector"].tolist(), None]
    traces, used = [], []
    for name, path in paths.items():
        color = (styles.get(name) or style_of(styles, str(path["driver"])))["color"]
        if color in used:  # team-mates share a colour: a dash cannot tell thick lines apart
            color = next(c for c in OKABE_ITO if c not in used)
        used.append(color)
        traces.append(trace("scatter",
            x=path["x"], y=path["y"], mode="lines", name=name, customdata=path["m"],
            line={"color": color, "width": 7},
            hovertemplate=f"{name} fastest<br>minisector %{{customdata}}<extra></extra>",
        ))  # fmt: skip
    return _square(traces + _corner_trace(corners), "Fastest lap in each minisector")
