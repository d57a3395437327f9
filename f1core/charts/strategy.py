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


def tyre_heatmap_figure(
    grid: pd.DataFrame,
    driver_order: list[str],
    *,
    layer: str = "compound",
    periods: pd.DataFrame | None = None,
) -> go.Figure:
    """Driver x lap grid from :func:`f1core.analysis.tyre_heatmap.tyre_heatmap`.

    ``layer="compound"``: one square per lap in the compound's colour, tyre age in the hover
    and on the square; ``layer="loss"``: the fuel-corrected loss against the stint's first
    clean laps (blue faster, red slower). Pit-in laps are marked with a cross; SC, VSC and
    red-flag periods are shaded.
    """
    from f1core.charts.laps import shade_periods

    order = [d for d in driver_order if d in set(grid["driver"])]
    traces = []
    if layer == "loss":
        wide = grid.pivot(index="driver", columns="lap_number", values="loss_s").reindex(order)
        traces.append(trace("heatmap",
            x=list(wide.columns), y=list(wide.index), z=wide.to_numpy().tolist(),
            colorscale="RdBu_r", zmid=0, zmin=-2, zmax=2,
            colorbar={"title": {"text": "Loss (s)"}},
            hovertemplate="%{y} lap %{x}: %{z:+.2f} s against the stint's first clean laps"
                          "<extra></extra>",
        ))  # fmt: skip
    else:
        for compound, rows in grid.groupby("compound", sort=False):
            traces.append(trace("scatter",
                x=rows["lap_number"], y=rows["driver"], mode="markers", name=compound,
                marker={"symbol": "square", "size": 9, "color": compound_color(compound)},
                customdata=np.column_stack([rows["tyre_life"], rows["stint"]]),
                hovertemplate=(f"%{{y}} lap %{{x}}: {compound}, tyre age %{{customdata[0]}} "
                               "(stint %{customdata[1]})<extra></extra>"),
            ))  # fmt: skip
    pits = grid[grid["pit_in"]]
    traces.append(trace("scatter",
        x=pits["lap_number"], y=pits["driver"], mode="markers", name="Pit in",
        marker={"symbol": "x-thin", "size": 9, "line": {"width": 2, "color": "black"}},
        hovertemplate="%{y} pits at the end of lap %{x}<extra></extra>",
    ))  # fmt: skip
    figure = fast_figure(traces, {
        "xaxis": {"title": {"text": "Lap"}}, "margin": {"t": 30},
        "yaxis": {"categoryorder": "array", "categoryarray": order[::-1]},
        "legend": {"title": {"text": "Compound" if layer != "loss" else ""}},
        "height": max(300, 24 * len(order) + 120),
    })  # fmt: skip
    return shade_periods(figure, periods) if periods is not None else figure
