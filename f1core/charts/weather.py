"""Weather timeline on the lap axis, and pace against track temperature."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from f1core.charts.colors import style_of
from f1core.charts.laps import shade_periods


def weather_figure(by_lap: pd.DataFrame, *, periods: pd.DataFrame | None = None) -> go.Figure:
    """Air/track temperature, rain and wind speed per lap (shared lap axis)."""
    figure = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06,
                           row_heights=[0.5, 0.2, 0.3])  # fmt: skip
    for col, name, color in (
        ("air_temp_c", "Air", "#56B4E9"),
        ("track_temp_c", "Track", "#D55E00"),
    ):
        figure.add_trace(go.Scatter(
            x=by_lap["lap_number"], y=by_lap[col], name=f"{name} temperature", mode="lines",
            line={"color": color}, hovertemplate=f"lap %{{x}}: {name.lower()} %{{y:.1f}} °C<extra></extra>",
        ), row=1, col=1)  # fmt: skip
    figure.add_trace(go.Bar(
        x=by_lap["lap_number"], y=by_lap["rainfall"].astype(int), name="Rain", marker_color="#0072B2",
        hovertemplate="lap %{x}: rain %{y}<extra></extra>",
    ), row=2, col=1)  # fmt: skip
    figure.add_trace(go.Scatter(
        x=by_lap["lap_number"], y=by_lap["wind_speed"], name="Wind", mode="lines",
        line={"color": "#009E73"}, customdata=by_lap["wind_direction"],
        hovertemplate="lap %{x}: wind %{y:.1f} m/s from %{customdata:.0f}°<extra></extra>",
    ), row=3, col=1)  # fmt: skip
    if periods is not None:
        shade_periods(figure, periods, row="all", col=1)
    figure.update_yaxes(title_text="°C", row=1, col=1)
    figure.update_yaxes(title_text="Rain", range=[0, 1], dtick=1, row=2, col=1)
    figure.update_yaxes(title_text="m/s", row=3, col=1)
    figure.update_xaxes(title_text="Lap", row=3, col=1)
    figure.update_layout(margin={"t": 30}, height=520)
    return figure


def pace_temperature_figure(joined: pd.DataFrame, styles: dict[str, dict]) -> go.Figure:
    """Representative lap time against track temperature, one colour per driver."""
    figure = go.Figure()
    for driver, rows in joined.groupby("driver", sort=False):
        style = style_of(styles, driver)
        figure.add_trace(go.Scatter(
            x=rows["track_temp_c"], y=rows["lap_time_s"], mode="markers", name=driver,
            marker={"color": style["color"], "symbol": ["circle-open" if r else "circle"
                                                       for r in rows["rainfall"]]},
            customdata=rows[["lap_number", "compound"]],
            hovertemplate=(f"{driver} lap %{{customdata[0]}} (%{{customdata[1]}})<br>"
                           "%{y:.3f} s at %{x:.1f} °C<extra></extra>"),
        ))  # fmt: skip
    figure.update_layout(xaxis_title="Track temperature (°C)", yaxis_title="Lap time (s)",
                         margin={"t": 30}, legend_title="Driver (open = rain)")  # fmt: skip
    return figure
