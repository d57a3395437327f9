"""Pace distributions per driver and per team, and the team ranking."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from f1core.charts.axes import fast_figure, trace
from f1core.charts.colors import style_of


def driver_pace_figure(pace: pd.DataFrame, styles: dict[str, dict], order: list[str]) -> go.Figure:
    """Violin + points of representative lap times per driver (fastest median first)."""
    traces: list[dict] = []
    for driver in order:
        rows = pace[pace["driver"] == driver]
        if rows.empty:
            continue
        color = style_of(styles, driver)["color"]
        traces.append(trace("violin",
            x=[driver] * len(rows), y=rows["lap_time_s"], name=driver, line_color=color,
            box_visible=True, meanline_visible=True, points="all", pointpos=0, jitter=0.3,
            customdata=rows[["lap_number", "compound"]],
            hovertemplate=(f"{driver} lap %{{customdata[0]}} (%{{customdata[1]}})<br>"
                           "%{y:.3f} s<extra></extra>"),
        ))  # fmt: skip
    figure = fast_figure(traces)
    figure.update_layout(yaxis_title="Lap time (s)", showlegend=False, margin={"t": 30})
    return figure


def team_pace_figure(pace: pd.DataFrame, colors: dict[str, str], order: list[str]) -> go.Figure:
    """Box plot of representative laps per team, fastest median first."""
    traces: list[dict] = []
    for team in order:
        rows = pace[pace["team"] == team]
        traces.append(trace("box",
            y=rows["lap_time_s"], name=team, marker_color=colors.get(team, "#888888"),
            customdata=rows[["driver", "lap_number"]], boxpoints="outliers",
            hovertemplate=(f"{team}: %{{customdata[0]}} lap %{{customdata[1]}}<br>"
                           "%{y:.3f} s<extra></extra>"),
        ))  # fmt: skip
    figure = fast_figure(traces)
    figure.update_layout(yaxis_title="Lap time (s)", showlegend=False, margin={"t": 30})
    return figure


def team_ranking_figure(ranking: pd.DataFrame, colors: dict[str, str]) -> go.Figure:
    """Gap of each team's median lap to the fastest team (s), fastest at the top."""
    figure = fast_figure([trace("bar",
        y=ranking["team"], x=ranking["gap_s"], orientation="h",
        marker_color=[colors.get(t, "#888888") for t in ranking["team"]],
        customdata=ranking[["median_s", "gap_pct", "laps"]],
        hovertemplate=("%{y}<br>+%{x:.3f} s (%{customdata[1]:.2f} %)<br>median "
                       "%{customdata[0]:.3f} s over %{customdata[2]} laps<extra></extra>"),
    )])  # fmt: skip
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(xaxis_title="Gap to fastest team (s)", margin={"t": 30})
    return figure


def long_run_figure(
    run_laps: pd.DataFrame, runs: pd.DataFrame, styles: dict[str, dict]
) -> go.Figure:
    """Lap time against tyre age for each long run, with the fitted degradation line."""
    traces: list[dict] = []
    for run in runs.itertuples(index=False):
        rows = run_laps[(run_laps["driver"] == run.driver) & (run_laps["stint"] == run.stint)]
        style = style_of(styles, run.driver)
        name = f"{run.driver} stint {run.stint} ({run.compound})"
        traces.append(trace("scatter",
            x=rows["tyre_life"], y=rows["lap_time_s"], mode="lines+markers", name=name,
            line={"color": style["color"], "dash": style["dash"]},
            customdata=rows[["lap_number"]],
            hovertemplate=(f"{name}<br>lap %{{customdata[0]}}, tyre age %{{x}}<br>"
                           f"%{{y:.3f}} s (slope {run.slope_s_per_lap:+.3f} s/lap)<extra></extra>"),
        ))  # fmt: skip
    figure = fast_figure(traces)
    figure.update_layout(xaxis_title="Tyre age (laps)", yaxis_title="Lap time (s)",
                         margin={"t": 30}, legend_title="Run")  # fmt: skip
    return figure
