"""Tyre strategy: one horizontal bar per stint, coloured by compound."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from f1core.charts.colors import compound_color


def strategy_figure(stints: pd.DataFrame, driver_order: list[str]) -> go.Figure:
    """Stints per driver (``driver, stint, compound, start_lap, end_lap, laps,
    tyre_life_start, tyre_life_end, fresh_tyre``) as bars along the lap axis."""
    figure = go.Figure()
    shown: set[str] = set()
    order = [d for d in driver_order if d in set(stints["driver"])]
    for row in stints.sort_values(["driver", "stint"]).itertuples(index=False):
        compound = str(row.compound or "UNKNOWN")
        fresh = "new" if row.fresh_tyre else "used"
        figure.add_trace(go.Bar(
            y=[row.driver], x=[row.laps], base=[row.start_lap - 1], orientation="h",
            marker={"color": compound_color(compound), "line": {"color": "black", "width": 1}},
            name=compound, legendgroup=compound, showlegend=compound not in shown,
            text=[f"{row.tyre_life_start}→{row.tyre_life_end}"], textposition="inside",
            hovertemplate=(f"{row.driver} stint {row.stint}: {compound} ({fresh})<br>"
                           f"laps {row.start_lap}-{row.end_lap}, tyre age "
                           f"{row.tyre_life_start}-{row.tyre_life_end}<extra></extra>"),
        ))  # fmt: skip
        shown.add(compound)
    figure.update_layout(
        barmode="overlay", xaxis_title="Lap", legend_title="Compound", margin={"t": 30},
        yaxis={"categoryorder": "array", "categoryarray": order[::-1], "title": None},
        height=max(300, 28 * len(order) + 120),
    )  # fmt: skip
    return figure
