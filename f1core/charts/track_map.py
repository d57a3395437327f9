"""Track map: the circuit outline with a dot per car (frames in, figure out)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

BACKGROUND = "#15151E"


def rotate_xy(x, y, degrees: float):
    """Rotate coordinates by ``degrees`` about the origin (FastF1's map rotation)."""
    rad = math.radians(degrees)
    cos, sin = math.cos(rad), math.sin(rad)
    return x * cos - y * sin, x * sin + y * cos


def track_map_figure(
    outline: pd.DataFrame | None, cars: pd.DataFrame, *, rotation_deg: float = 0.0
) -> go.Figure:
    """Circuit outline (``x, y`` of one lap) and car dots (``driver, team_color, x, y``).

    Either frame may be empty; the figure then says so instead of drawing nothing.
    """
    figure = go.Figure()
    if outline is not None and len(outline):
        ox, oy = rotate_xy(outline["x"].to_numpy(), outline["y"].to_numpy(), rotation_deg)
        figure.add_trace(
            go.Scatter(
                x=ox,
                y=oy,
                mode="lines",
                line={"color": "#5A5A66", "width": 8},
                hoverinfo="skip",
                name="track",
            )
        )
    if len(cars):
        cx, cy = rotate_xy(
            cars["x"].to_numpy(dtype=float), cars["y"].to_numpy(dtype=float), rotation_deg
        )
        figure.add_trace(
            go.Scatter(
                x=cx,
                y=cy,
                mode="markers+text",
                text=cars["driver"],
                textposition="top center",
                textfont={"color": "#F0F0F0", "size": 10},
                hovertext=cars["driver"],
                hoverinfo="text",
                marker={
                    "size": 13,
                    "color": list(cars["team_color"]),
                    "line": {"color": "#FFFFFF", "width": 1},
                },
                name="cars",
            )
        )
    if not len(cars) and (outline is None or not len(outline)):
        figure.add_annotation(
            text="No car positions in this source", showarrow=False, font={"color": "#9A9AA5"}
        )
    figure.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        showlegend=False,
        height=420,
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x", "scaleratio": 1},
    )
    return figure
