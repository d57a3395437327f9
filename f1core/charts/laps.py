"""Lap-time chart: one line per driver, SC/VSC/red periods shaded, pit laps marked."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from f1core.charts.axes import fast_figure, top_labels, trace, vertical_bands
from f1core.charts.colors import PERIOD_COLORS, style_of


def shade_periods(figure: go.Figure, periods: pd.DataFrame) -> go.Figure:
    """Shade SC/VSC/red-flag periods (``kind, start_lap, end_lap``) on the lap x axis."""
    if periods is None or periods.empty:
        return figure
    spans = [(p.start_lap - 0.5, p.end_lap + 0.5) for p in periods.itertuples(index=False)]
    colors = [PERIOD_COLORS.get(k, "rgba(128,128,128,0.2)") for k in periods["kind"]]
    figure.update_layout(
        shapes=list(figure.layout.shapes) + vertical_bands(spans, colors),
        annotations=list(figure.layout.annotations)
        + top_labels([s[0] + 0.5 for s in spans], list(periods["kind"])),
    )
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
    traces: list[dict] = []
    for driver, rows in laps.groupby("driver", sort=False):
        rows = rows.sort_values("lap_number")
        # Hidden laps become gaps (None) so the line breaks instead of joining across an SC.
        shown = rows["lap_time_s"].where(rows["representative"] | show_outliers)
        style = style_of(styles, driver)
        traces.append(trace("scatter",
            x=rows["lap_number"], y=shown, mode="lines+markers", name=driver,
            line={"color": style["color"], "dash": style["dash"]}, marker={"size": 5},
            customdata=rows[["compound", "tyre_life"]],
            hovertemplate=(f"{driver} lap %{{x}}<br>%{{y:.3f}} s<br>%{{customdata[0]}} "
                           "age %{customdata[1]}<extra></extra>"),
        ))  # fmt: skip
        pits = rows[rows["pit_in"] & shown.notna()]
        if len(pits):
            traces.append(trace("scatter",
                x=pits["lap_number"], y=pits["lap_time_s"], mode="markers", showlegend=False,
                marker={"symbol": "triangle-down", "size": 11, "color": style["color"],
                        "line": {"width": 1, "color": "black"}},
                hovertemplate=f"{driver} pit in, lap %{{x}}<br>%{{y:.3f}} s<extra></extra>",
            ))  # fmt: skip
    figure = fast_figure(traces)
    if periods is not None:
        shade_periods(figure, periods)
    figure.update_layout(
        xaxis_title="Lap", yaxis_title="Lap time (s)", hovermode="closest",
        legend_title="Driver", margin={"t": 30},
    )  # fmt: skip
    return figure
