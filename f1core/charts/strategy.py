"""Tyre strategy: one horizontal bar per stint, coloured by compound."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from f1core.charts.axes import fast_figure, trace
from f1core.charts.colors import compound_color


def strategy_figure(stints: pd.DataFrame, driver_order: list[str]) -> go.Figure:
    """Stints per driver (``driver, stint, compound, start_lap, end_lap, laps,
    tyre_life_start, tyre_life_end, fresh_tyre``) as bars along the lap axis.

    One bar trace per compound (bars placed with ``base``), so the legend lists compounds.
    """
    order = [d for d in driver_order if d in set(stints["driver"])]
    data = stints.assign(compound=stints["compound"].fillna("UNKNOWN").astype(str))
    traces = []
    for compound, rows in data.sort_values(["driver", "stint"]).groupby("compound", sort=False):
        fresh = rows["fresh_tyre"].map({True: "new", False: "used"}).fillna("?")
        traces.append(trace("bar",
            y=rows["driver"], x=rows["laps"], base=rows["start_lap"] - 1, orientation="h",
            name=compound, marker={"color": compound_color(compound),
                                   "line": {"color": "black", "width": 1}},
            text=[f"{a}→{b}" if pd.notna(a) and pd.notna(b) else ""
                  for a, b in zip(rows["tyre_life_start"], rows["tyre_life_end"], strict=True)],
            textposition="inside",
            customdata=np.column_stack([rows["stint"], fresh, rows["start_lap"], rows["end_lap"],
                                        rows["tyre_life_start"], rows["tyre_life_end"]]),
            hovertemplate=(f"%{{y}} stint %{{customdata[0]}}: {compound} (%{{customdata[1]}})<br>"
                           "laps %{customdata[2]}-%{customdata[3]}, tyre age "
                           "%{customdata[4]}-%{customdata[5]}<extra></extra>"),
        ))  # fmt: skip
    return fast_figure(traces, {
        "barmode": "overlay", "xaxis": {"title": {"text": "Lap"}}, "margin": {"t": 30},
        "legend": {"title": {"text": "Compound"}},
        "yaxis": {"categoryorder": "array", "categoryarray": order[::-1]},
        "height": max(300, 28 * len(order) + 120),
    })  # fmt: skip
