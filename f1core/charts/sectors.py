"""Ideal lap versus best lap, and speed traps."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from f1core.charts.axes import axis_ref, fast_figure, side_by_side_layout, trace
from f1core.charts.colors import style_of


def ideal_lap_figure(ideal: pd.DataFrame, styles: dict[str, dict]) -> go.Figure:
    """Best lap and ideal lap (sum of best sectors) per driver, as gaps to the best ideal."""
    base = ideal["ideal_s"].min()
    colors = [style_of(styles, d)["color"] for d in ideal["driver"]]
    figure = fast_figure([
        trace("bar", x=ideal["driver"], y=ideal["ideal_s"] - base, name="Ideal lap",
               marker={"color": colors}, customdata=ideal["ideal_s"],
               hovertemplate="%{x} ideal %{customdata:.3f} s (+%{y:.3f})<extra></extra>"),
        trace("bar", x=ideal["driver"], y=ideal["best_lap_s"] - base, name="Best lap",
               marker={"color": colors, "pattern": {"shape": "/"}}, customdata=ideal["best_lap_s"],
               hovertemplate="%{x} best %{customdata:.3f} s (+%{y:.3f})<extra></extra>"),
    ])  # fmt: skip
    figure.update_layout(barmode="group", yaxis_title=f"Gap to best ideal lap {base:.3f} s (s)",
                         margin={"t": 30})  # fmt: skip
    return figure


def speed_trap_figure(traps: pd.DataFrame, styles: dict[str, dict]) -> go.Figure:
    """Top speed per driver at I1, I2, FL and ST (km/h), one panel per trap."""
    names = ["I1", "I2", "FL", "ST"]
    layout = side_by_side_layout(len(names))
    traces, notes = [], []
    for col, trap in enumerate(names, start=1):
        rows = traps.sort_values(trap, ascending=False)
        traces.append(trace("bar",
            x=rows["driver"], y=rows[trap], showlegend=False,
            xaxis=axis_ref("x", col), yaxis=axis_ref("y", col),
            marker={"color": [style_of(styles, d)["color"] for d in rows["driver"]]},
            hovertemplate=f"%{{x}} {trap}: %{{y:.0f}} km/h<extra></extra>",
        ))  # fmt: skip
        low = rows[trap].quantile(0.1)  # a car that barely ran must not flatten the rest
        if pd.notna(low):
            layout[f"yaxis{col if col > 1 else ''}"]["range"] = [low - 10, rows[trap].max() + 3]
        domain = layout[f"xaxis{col if col > 1 else ''}"]["domain"]
        notes.append({"text": trap, "x": sum(domain) / 2, "y": 1.02, "xref": "paper",
                      "yref": "paper", "showarrow": False, "yanchor": "bottom"})  # fmt: skip
    layout["yaxis"]["title"] = "Speed (km/h)"
    return fast_figure(traces, {**layout, "annotations": notes, "margin": {"t": 40}})
