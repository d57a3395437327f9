"""Track maps: the lap coloured by a channel, and the minisector dominance map."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from f1core.charts.colors import style_of

MapChannel = Literal["speed_kph", "gear", "throttle", "brake"]
CHANNEL_LABELS = {"speed_kph": "Speed (km/h)", "gear": "Gear", "throttle": "Throttle (%)",
                  "brake": "Brake (on/off)"}  # fmt: skip
GEAR_COLORS = ["#440154", "#46327e", "#365c8d", "#277f8e", "#1fa187", "#4ac16d", "#a0da39",
               "#fde725"]  # fmt: skip


def _add_corners(figure: go.Figure, labels: pd.DataFrame) -> None:
    if labels is None or labels.empty:
        return
    figure.add_trace(go.Scatter(
        x=labels["text_x"], y=labels["text_y"], mode="markers+text", text=labels["label"],
        marker={"size": 16, "color": "rgba(128,128,128,0.35)"}, textfont={"size": 9},
        showlegend=False, hovertemplate="Turn %{text}<extra></extra>",
    ))  # fmt: skip


def _square(figure: go.Figure, title: str | None = None) -> go.Figure:
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    figure.update_layout(margin={"t": 40, "l": 0, "r": 0, "b": 0}, height=560, title=title)
    return figure


def channel_map_figure(
    lap: pd.DataFrame, channel: MapChannel, *, corners: pd.DataFrame | None = None,
    label: str = "",
) -> go.Figure:  # fmt: skip
    """One lap's rotated ``x, y`` points coloured by ``channel``, with corner labels."""
    figure = go.Figure(go.Scatter(
        x=lap["x"], y=lap["y"], mode="lines", line={"color": "#bbbbbb", "width": 8},
        hoverinfo="skip", showlegend=False,
    ))  # fmt: skip
    values = lap[channel].astype(float)
    if channel == "gear":
        marker = {"color": [GEAR_COLORS[int(g) % 8] for g in values.fillna(0)], "size": 6}
    else:
        marker = {"color": values, "colorscale": "Plasma", "size": 6,
                  "colorbar": {"title": CHANNEL_LABELS[channel]}}  # fmt: skip
    figure.add_trace(go.Scatter(
        x=lap["x"], y=lap["y"], mode="markers", marker=marker, showlegend=False,
        customdata=np.column_stack([lap["distance_m"], values]),
        hovertemplate=(f"{label} %{{customdata[0]:.0f}} m<br>{CHANNEL_LABELS[channel]}: "
                       "%{customdata[1]:.0f}<extra></extra>"),
    ))  # fmt: skip
    _add_corners(figure, corners)
    return _square(figure, f"{label}: {CHANNEL_LABELS[channel]}")


def dominance_figure(
    points: pd.DataFrame, styles: dict[str, dict], *, corners: pd.DataFrame | None = None
) -> go.Figure:
    """Track drawn in the colour of the lap that was fastest in each minisector."""
    figure = go.Figure()
    # Segments: break the line where the owner changes, repeating the boundary point.
    points = points.reset_index(drop=True)
    owner = points["driver"].astype(str) + " L" + points["lap_number"].astype("Int64").astype(str)
    change = owner.ne(owner.shift()).cumsum()
    shown: set[str] = set()
    for _, seg in points.assign(owner=owner, seg=change).groupby("seg", sort=True):
        name = seg["owner"].iloc[0]
        seg_xy = points.iloc[seg.index.min() : min(seg.index.max() + 2, len(points))]
        style = styles.get(name) or style_of(styles, str(seg["driver"].iloc[0]))
        figure.add_trace(go.Scatter(
            x=seg_xy["x"], y=seg_xy["y"], mode="lines", name=name, legendgroup=name,
            showlegend=name not in shown, line={"color": style["color"], "width": 7},
            customdata=seg_xy["minisector"],
            hovertemplate=f"{name} fastest<br>minisector %{{customdata}}<extra></extra>",
        ))  # fmt: skip
        shown.add(name)
    _add_corners(figure, corners)
    return _square(figure, "Fastest lap in each minisector")
