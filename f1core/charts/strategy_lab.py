"""Strategy lab figures: degradation curves, strategies, simulated gaps, position odds, pit window."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from f1core.charts.colors import compound_color
from f1core.strategy.degradation import DegradationFit
from f1core.strategy.race import Strategy


def degradation_figure(fit: DegradationFit) -> go.Figure:
    """Fuel-corrected, driver-normalised lap times against tyre age, with each compound's fit and 95% band."""
    fig = go.Figure()
    pts = fit.points
    for comp, c in fit.compounds.items():
        color = compound_color(comp)
        mine = pts[pts["compound"] == comp]
        if not mine.empty:
            fig.add_trace(go.Scatter(
                x=mine["tyre_life"], y=mine["normalised_s"], mode="markers", name=f"{comp} laps",
                legendgroup=comp, marker={"color": color, "size": 5, "opacity": 0.45,
                                          "line": {"color": "#444", "width": 0.5}},
                customdata=mine[["driver", "lap_number", "lap_time_s"]],
                hovertemplate="%{customdata[0]} lap %{customdata[1]}: %{customdata[2]:.3f} s raw,"
                              " %{y:.3f} s corrected<extra></extra>",
            ))  # fmt: skip
        top = int(mine["tyre_life"].max()) if not mine.empty else 30
        curve = fit.curve(comp, np.arange(1, top + 1, dtype=float))
        band_x = np.r_[curve["tyre_age"], curve["tyre_age"][::-1]]
        band_y = np.r_[curve["hi95_s"], curve["lo95_s"][::-1]]
        fig.add_trace(go.Scatter(x=band_x, y=band_y, fill="toself", mode="lines", line={"width": 0},
                                 fillcolor=color, opacity=0.2, legendgroup=comp, showlegend=False,
                                 hoverinfo="skip"))  # fmt: skip
        fig.add_trace(go.Scatter(
            x=curve["tyre_age"], y=curve["fit_s"], mode="lines", legendgroup=comp,
            name=f"{comp} {c.wear_s_per_lap:+.3f} ± {1.96 * c.wear_se_s_per_lap:.3f} s/lap"
                 + ("" if c.source == "fitted" else f" ({c.source})"),
            line={"color": color, "width": 3, "dash": "solid" if c.source == "fitted" else "dot"},
        ))  # fmt: skip
    fig.update_layout(xaxis_title="Tyre age (laps)", yaxis_title="Fuel-corrected lap time (s)",
                      legend_title="Compound", margin={"t": 30}, height=480)  # fmt: skip
    return fig


def strategies_figure(
    plans: dict[str, Strategy], total_laps: int, *, last_lap: dict[str, int] | None = None
) -> go.Figure:
    """One bar row per named strategy, a segment per stint coloured by compound, up to ``last_lap``."""
    fig = go.Figure()
    shown: set[str] = set()
    for name, plan in plans.items():
        end = min(total_laps, (last_lap or {}).get(name, total_laps))  # a retirement ends the bar
        bounds = (0, *[s for s in plan.stop_laps if s < end], end)
        stints = zip(plan.compounds[: len(bounds) - 1], bounds[:-1], bounds[1:], strict=True)
        for comp, a, b in stints:
            fig.add_trace(go.Bar(
                y=[name], x=[b - a], base=[a], orientation="h", name=comp, legendgroup=comp,
                showlegend=comp not in shown, marker={"color": compound_color(comp),
                                                      "line": {"color": "black", "width": 1}},
                hovertemplate=f"{name}: {comp} laps {a + 1}-{b}<extra></extra>",
            ))  # fmt: skip
            shown.add(comp)
    fig.update_layout(barmode="overlay", xaxis_title="Lap", margin={"t": 30},
                      yaxis={"autorange": "reversed"}, height=120 + 40 * len(plans))  # fmt: skip
    return fig


def gap_figure(gaps: pd.DataFrame) -> go.Figure:
    """Gap to the leader per lap for each ``series`` (``lap``, ``gap_s``, ``series`` columns)."""
    fig = go.Figure()
    for name, g in gaps.groupby("series", sort=False):
        fig.add_trace(go.Scatter(x=g["lap"], y=g["gap_s"], mode="lines", name=str(name)))
    fig.update_layout(xaxis_title="Lap", yaxis_title="Gap to leader (s)", margin={"t": 30},
                      yaxis={"autorange": "reversed"}, hovermode="x unified")  # fmt: skip
    return fig


def position_odds_figure(table: pd.DataFrame) -> go.Figure:
    """Finishing-position probabilities per candidate strategy (``label``, ``code``, ``positions``)."""
    fig = go.Figure()
    for row in table.itertuples(index=False):
        probs = np.asarray(row.positions)
        fig.add_trace(
            go.Bar(x=np.arange(1, len(probs) + 1), y=probs, name=f"{row.label}: {row.code}")
        )
    fig.update_layout(barmode="group", xaxis_title="Finishing position", yaxis_title="Probability",
                      yaxis_tickformat=".0%", margin={"t": 30}, xaxis={"dtick": 1})  # fmt: skip
    return fig


def pit_window_figure(window: pd.DataFrame) -> go.Figure:
    """Rejoin position (mean and 10-90% range) and expected finish against the stop lap."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=np.r_[window["lap"], window["lap"][::-1]], y=np.r_[window["rejoin_p90"], window["rejoin_p10"][::-1]],
        fill="toself", mode="lines", line={"width": 0}, fillcolor="rgba(0,114,178,0.2)",
        name="rejoin 10-90%", hoverinfo="skip",
    ))  # fmt: skip
    fig.add_trace(go.Scatter(x=window["lap"], y=window["rejoin_mean"], mode="lines+markers",
                             name="rejoin (mean)", customdata=window[["traffic"]],
                             hovertemplate="stop lap %{x}: P%{y:.1f}<br>traffic: %{customdata[0]}<extra></extra>"))  # fmt: skip
    fig.add_trace(go.Scatter(x=window["lap"], y=window["finish_mean"], mode="lines+markers",
                             name="finish (mean)", line={"dash": "dash"}))  # fmt: skip
    fig.update_layout(xaxis_title="Stop lap", yaxis_title="Position", yaxis={"autorange": "reversed", "dtick": 1},
                      margin={"t": 30}, hovermode="x unified")  # fmt: skip
    return fig
