"""Lap-time chart: one line per driver, SC/VSC/red periods shaded, pit laps marked."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from f1core.charts.colors import PERIOD_COLORS, style_of


def shade_periods(figure: go.Figure, periods: pd.DataFrame, **where) -> go.Figure:
    """Shade SC/VSC/red-flag periods (``kind, start_lap, end_lap``) on a lap x axis."""
    for p in periods.itertuples(index=False):
        figure.add_vrect(
            x0=p.start_lap - 0.5, x1=p.end_lap + 0.5, fillcolor=PERIOD_COLORS.get(p.kind, "grey"),
            line_width=0, layer="below", annotation_text=p.kind, annotation_position="top left",
            **where,
        )  # fmt: skip
    return figure


def lap_time_figure(
    laps: pd.DataFrame,
    styles: dict[str, dict],
    *,
    periods: pd.DataFrame | None = None,
    show_outliers: bool = False,
) -> go.Figure:
    """Lap times per driver over the session.

    Args:
        laps: flagged laps (:func:`f1core.analysis.laps.flag_laps`) of the chosen drivers.
        styles: colour and dash per driver (:func:`f1core.charts.colors.driver_styles`).
        periods: SC/VSC/red periods to shade.
        show_outliers: also plot in/out laps, SC laps and slow laps (otherwise only
            representative laps are drawn).
    """
    figure = go.Figure()
    for driver, rows in laps.groupby("driver", sort=False):
        rows = rows.sort_values("lap_number")
        if not show_outliers:
            rows = rows[rows["representative"]]
        style = style_of(styles, driver)
        figure.add_trace(go.Scatter(
            x=rows["lap_number"], y=rows["lap_time_s"], mode="lines+markers", name=driver,
            line={"color": style["color"], "dash": style["dash"]}, marker={"size": 5},
            customdata=rows[["compound", "tyre_life"]],
            hovertemplate=(f"{driver} lap %{{x}}<br>%{{y:.3f}} s<br>%{{customdata[0]}} "
                           "age %{customdata[1]}<extra></extra>"),
        ))  # fmt: skip
        pits = rows[rows["pit_in"]]
        if len(pits):
            figure.add_trace(go.Scatter(
                x=pits["lap_number"], y=pits["lap_time_s"], mode="markers", showlegend=False,
                marker={"symbol": "triangle-down", "size": 11, "color": style["color"],
                        "line": {"width": 1, "color": "black"}},
                hovertemplate=f"{driver} pit in, lap %{{x}}<br>%{{y:.3f}} s<extra></extra>",
            ))  # fmt: skip
    if periods is not None:
        shade_periods(figure, periods)
    figure.update_layout(
        xaxis_title="Lap", yaxis_title="Lap time (s)", hovermode="closest",
        legend_title="Driver", margin={"t": 30},
    )  # fmt: skip
    return figure
