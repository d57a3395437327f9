"""Position (lap) chart and race trace."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from f1core.charts.axes import fast_figure, trace
from f1core.charts.colors import style_of
from f1core.charts.laps import shade_periods


def position_figure(positions: pd.DataFrame, styles: dict[str, dict]) -> go.Figure:
    """Position after every lap (lap 0 = grid), P1 at the top."""
    traces: list[dict] = []
    for driver, rows in positions.groupby("driver", sort=False):
        style = style_of(styles, driver)
        traces.append(trace("scatter",
            x=rows["lap_number"], y=rows["position"], mode="lines", name=driver,
            line={"color": style["color"], "dash": style["dash"], "width": 2},
            hovertemplate=f"{driver} lap %{{x}}: P%{{y}}<extra></extra>",
        ))  # fmt: skip
    figure = fast_figure(traces)
    figure.update_yaxes(autorange="reversed", dtick=1, title="Position")
    figure.update_layout(xaxis_title="Lap (0 = grid)", margin={"t": 30}, legend_title="Driver")
    return figure


def race_trace_figure(
    gaps: pd.DataFrame,
    styles: dict[str, dict],
    *,
    periods: pd.DataFrame | None = None,
    reference_label: str = "leader",
) -> go.Figure:
    """Gap to the reference at the end of each lap; the reference at the top."""
    traces: list[dict] = []
    for driver, rows in gaps.groupby("driver", sort=False):
        style = style_of(styles, driver)
        traces.append(trace("scatter",
            x=rows["lap_number"], y=rows["gap_s"], mode="lines", name=driver,
            line={"color": style["color"], "dash": style["dash"]},
            hovertemplate=f"{driver} lap %{{x}}<br>%{{y:.3f}} s to {reference_label}<extra></extra>",
        ))  # fmt: skip
    figure = fast_figure(traces)
    if periods is not None:
        shade_periods(figure, periods)
    figure.update_yaxes(autorange="reversed", title=f"Gap to {reference_label} (s)")
    figure.update_layout(xaxis_title="Lap", margin={"t": 30}, legend_title="Driver")
    return figure
