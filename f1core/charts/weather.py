"""Weather timeline on the lap axis, and pace against track temperature."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from f1core.charts.axes import axis_ref, fast_figure, stacked_layout, trace
from f1core.charts.colors import style_of
from f1core.charts.laps import shade_periods


def weather_figure(by_lap: pd.DataFrame, *, periods: pd.DataFrame | None = None) -> go.Figure:
    """Air/track temperature, rain and wind speed per lap (shared lap axis)."""
    laps = by_lap["lap_number"]
    traces = [
        trace("scatter", x=laps, y=by_lap[col], name=f"{name} temperature", mode="lines",
                   line={"color": color}, xaxis="x", yaxis="y",
                   hovertemplate=f"lap %{{x}}: {name.lower()} %{{y:.1f}} °C<extra></extra>")
        for col, name, color in (("air_temp_c", "Air", "#56B4E9"),
                                 ("track_temp_c", "Track", "#D55E00"))
    ]  # fmt: skip
    traces.append(trace("bar",
        x=laps, y=by_lap["rainfall"].astype(int), name="Rain", marker_color="#0072B2",
        xaxis=axis_ref("x", 2), yaxis=axis_ref("y", 2),
        hovertemplate="lap %{x}: rain %{y}<extra></extra>",
    ))  # fmt: skip
    traces.append(trace("scatter",
        x=laps, y=by_lap["wind_speed"], name="Wind", mode="lines", line={"color": "#009E73"},
        customdata=by_lap["wind_direction"], xaxis=axis_ref("x", 3), yaxis=axis_ref("y", 3),
        hovertemplate="lap %{x}: wind %{y:.1f} m/s from %{customdata:.0f}°<extra></extra>",
    ))  # fmt: skip
    layout = stacked_layout([0.5, 0.2, 0.3], gap=0.06)
    layout["yaxis"]["title"] = "°C"
    layout["yaxis2"].update(title="Rain", range=[0, 1], dtick=1)
    layout["yaxis3"]["title"] = "m/s"
    layout["xaxis3"]["title"] = "Lap"
    figure = fast_figure(traces, {**layout, "margin": {"t": 30}, "height": 520})
    if periods is not None:
        shade_periods(figure, periods)
    return figure


def pace_temperature_figure(joined: pd.DataFrame, styles: dict[str, dict]) -> go.Figure:
    """Representative lap time against track temperature, one colour per driver."""
    traces: list[dict] = []
    for driver, rows in joined.groupby("driver", sort=False):
        style = style_of(styles, driver)
        traces.append(trace("scatter",
            x=rows["track_temp_c"], y=rows["lap_time_s"], mode="markers", name=driver,
            marker={"color": style["color"], "symbol": ["circle-open" if r else "circle"
                                                       for r in rows["rainfall"]]},
            customdata=rows[["lap_number", "compound"]],
            hovertemplate=(f"{driver} lap %{{customdata[0]}} (%{{customdata[1]}})<br>"
                           "%{y:.3f} s at %{x:.1f} °C<extra></extra>"),
        ))  # fmt: skip
    figure = fast_figure(traces)
    figure.update_layout(xaxis_title="Track temperature (°C)", yaxis_title="Lap time (s)",
                         margin={"t": 30}, legend_title="Driver (open = rain)")  # fmt: skip
    return figure
