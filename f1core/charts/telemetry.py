"""Telemetry overlay by distance, delta time to a reference lap, and the g-g diagram."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from f1core.charts.axes import (
    axis_ref,
    fast_figure,
    stacked_layout,
    top_labels,
    trace,
    vertical_lines,
)
from f1core.charts.colors import style_of

#: Channel -> (row title, unit, hover format). DRS is shown as open (1) or closed (0).
CHANNELS = {
    "speed_kph": ("Speed", "km/h", ".1f"), "throttle": ("Throttle", "%", ".0f"),
    "brake": ("Brake", "on/off", ".0f"), "gear": ("Gear", "", ".0f"),
    "rpm": ("RPM", "rpm", ".0f"), "drs_open": ("DRS", "open", ".0f"),
}  # fmt: skip
DRS_OPEN_CODES = (10, 12, 14)
G_MS2 = 9.80665
MAX_POINTS_PER_LAP = 1200


def lap_label(driver: str, lap: int) -> str:
    """How a lap is named on charts and in the URL: ``NOR L19``."""
    return f"{driver} L{int(lap)}"


def default_laps(requested: list[str], options: list[str], fastest: list[str]) -> list[str]:
    """Laps to open with: the requested labels that exist, plus the fastest lap of every
    driver who has none among them (so adding a driver adds their fastest lap)."""
    keep = [x for x in dict.fromkeys(requested) if x in options]
    have = {x.split(" L")[0] for x in keep}
    return keep + [x for x in fastest if x.split(" L")[0] not in have]


def lap_styles(laps: list[tuple[str, int]], driver_styles: dict[str, dict]) -> dict[str, dict]:
    """Style per lap label: the driver's colour; a driver's second lap is dashed, third dotted."""
    out, count = {}, {}
    dashes = ["solid", "dash", "dot", "dashdot"]
    for driver, lap in laps:
        n = count.get(driver, 0)
        count[driver] = n + 1
        base = style_of(driver_styles, driver)
        dash = base["dash"] if n == 0 else dashes[n % len(dashes)]
        out[lap_label(driver, lap)] = {"color": base["color"], "dash": dash}
    return out


def decimate(tel: pd.DataFrame, *, max_points: int = MAX_POINTS_PER_LAP) -> pd.DataFrame:
    """Keep at most ``max_points`` evenly spaced samples per lap (first and last kept)."""
    parts = []
    for _, one in tel.groupby(["driver", "lap_number"], sort=False, observed=True):
        if len(one) > max_points:
            idx = np.unique(np.linspace(0, len(one) - 1, max_points).round().astype(int))
            one = one.iloc[idx]
        parts.append(one)
    return pd.concat(parts) if parts else tel


def overlay_frame(tel: pd.DataFrame) -> pd.DataFrame:
    """The samples the overlay draws: distance, the channels, and a ``lap`` label column."""
    out = tel[["driver", "lap_number", "distance_m", "time_s", "speed_kph", "throttle", "brake",
               "gear", "rpm", "drs"]].copy()  # fmt: skip
    out["brake"] = out["brake"].astype(float)
    out["drs_open"] = out["drs"].isin(DRS_OPEN_CODES).astype(int)
    out["lap"] = [lap_label(d, n) for d, n in zip(out["driver"], out["lap_number"], strict=True)]
    return out


def telemetry_figure(
    tel: pd.DataFrame,
    styles: dict[str, dict],
    *,
    delta: pd.DataFrame | None = None,
    reference_label: str = "",
    corners: pd.DataFrame | None = None,
    channels: tuple[str, ...] = tuple(CHANNELS),
) -> go.Figure:
    """Stacked channels against distance for several laps, with an optional delta row.

    Args:
        tel: :func:`overlay_frame` rows.
        styles: style per lap label (:func:`lap_styles`).
        delta: ``driver, lap_number, distance_m, delta_s`` to draw on top.
        reference_label: the reference lap's label for the delta row title.
        corners: ``label, distance_m`` to mark as vertical dotted lines with numbers.
        channels: which channels to stack, in order.
    """
    rows = (["delta"] if delta is not None else []) + list(channels)
    layout = stacked_layout([2.2 if r in ("delta", "speed_kph") else 1.0 for r in rows])
    traces = []
    for label, one in tel.groupby("lap", sort=False):
        style = styles.get(label, {"color": "#888888", "dash": "solid"})
        for i, channel in enumerate(rows, start=1):
            if channel == "delta":
                continue
            name, unit, fmt = CHANNELS[channel]
            traces.append(trace("scatter",
                x=one["distance_m"], y=one[channel], mode="lines", name=label, legendgroup=label,
                showlegend=i == len(rows) - len(channels) + 1,
                xaxis=axis_ref("x", i), yaxis=axis_ref("y", i),
                line={"color": style["color"], "dash": style["dash"], "width": 1.5,
                      "shape": "hv" if channel in ("gear", "brake", "drs_open") else "linear"},
                hovertemplate=f"{label} %{{x:.0f}} m<br>{name} %{{y:{fmt}}} {unit}<extra></extra>",
            ))  # fmt: skip
    if delta is not None:
        for (driver, lap), one in delta.groupby(["driver", "lap_number"], sort=False):
            label = lap_label(driver, lap)
            style = styles.get(label, {"color": "#888888", "dash": "solid"})
            traces.append(trace("scatter",
                x=one["distance_m"], y=one["delta_s"], mode="lines", name=label, legendgroup=label,
                showlegend=False, line={"color": style["color"], "dash": style["dash"]},
                xaxis="x", yaxis="y",
                hovertemplate=f"{label} %{{x:.0f}} m<br>delta %{{y:+.3f}} s<extra></extra>",
            ))  # fmt: skip
    for i, row in enumerate(rows, start=1):
        name, unit = ("Delta", "s") if row == "delta" else CHANNELS[row][:2]
        title = f"Delta to {reference_label} (s)" if row == "delta" else name
        title += f" ({unit})" if unit and row != "delta" else ""
        layout[f"yaxis{i if i > 1 else ''}"]["title"] = {"text": title, "font": {"size": 10}}
    layout[f"xaxis{len(rows) if len(rows) > 1 else ''}"]["title"] = "Distance (m)"
    shapes, notes = [], []
    if corners is not None and not corners.empty:
        shapes = vertical_lines(corners["distance_m"])
        notes = top_labels(corners["distance_m"], corners["label"])
    return fast_figure(traces, {
        **layout, "shapes": shapes, "annotations": notes, "height": 160 * len(rows) + 120,
        "hovermode": "x unified", "margin": {"t": 40},
        "legend": {"orientation": "h", "y": 1.06, "x": 0},
    })  # fmt: skip


def gg_figure(tel: pd.DataFrame, styles: dict[str, dict]) -> go.Figure:
    """Lateral against longitudinal acceleration (g) for each lap."""
    traces: list[dict] = []
    symbols = ["circle", "diamond", "square", "x", "triangle-up", "cross", "star", "hexagon"]
    for i, (label, one) in enumerate(tel.groupby("lap", sort=False)):
        style = styles.get(label, {"color": "#888888"})
        traces.append(trace("scatter",
            x=one["acc_y"] / G_MS2, y=one["acc_x"] / G_MS2, mode="markers", name=label,
            marker={"color": style["color"], "size": 5, "opacity": 0.6,
                    "symbol": symbols[i % len(symbols)]},
            customdata=one[["distance_m", "speed_kph"]],
            hovertemplate=(f"{label} %{{customdata[0]:.0f}} m, %{{customdata[1]:.0f}} km/h<br>"
                           "lateral %{x:.2f} g, longitudinal %{y:.2f} g<extra></extra>"),
        ))  # fmt: skip
    figure = fast_figure(traces)
    figure.update_layout(xaxis_title="Lateral (g)", yaxis_title="Longitudinal (g)",
                         yaxis={"scaleanchor": "x"}, margin={"t": 30}, height=500)  # fmt: skip
    return figure


def gg_frame(tel: pd.DataFrame) -> pd.DataFrame:
    """The g-g samples (``lap, distance_m, speed_kph, acc_x, acc_y``), rows without acceleration dropped."""
    cols = ["driver", "lap_number", "distance_m", "speed_kph", "acc_x", "acc_y"]
    out = tel[cols].dropna(subset=["acc_x", "acc_y"]).copy()
    out["lap"] = [lap_label(d, n) for d, n in zip(out["driver"], out["lap_number"], strict=True)]
    return out
