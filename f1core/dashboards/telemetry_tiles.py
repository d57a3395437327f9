"""Tiles from the Telemetry page, fed from the store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from f1core.analysis import delta, minisectors
from f1core.analysis import track_map as tm
from f1core.charts import telemetry as tc
from f1core.charts import track as track_charts
from f1core.charts.colors import driver_styles
from f1core.dashboards.view import TileView, int_param, palette_param, session_key
from f1core.errors import NoData
from f1core.store import Store
from f1core.store import queries as q

MAX_TELEMETRY_LAPS = 8


def _lap_pairs(params: Mapping[str, str]) -> list[tuple[str, int]]:
    """``NOR L19,PIA L20`` (the Telemetry page's ``laps`` parameter) as (driver, lap) pairs."""
    pairs = []
    for label in str(params.get("laps", "")).split(","):
        driver, _, lap = label.strip().partition(" L")
        if driver and lap.isdigit():
            pairs.append((driver.upper(), int(lap)))
    return pairs[:MAX_TELEMETRY_LAPS]


MAP_CHANNELS = ("speed_kph", "gear", "throttle", "brake")


@dataclass(frozen=True)
class PinnedLaps:
    """The pinned laps' telemetry, styles and corners (what every Telemetry tile starts from)."""

    tel: pd.DataFrame
    pairs: list[tuple[str, int]]
    styles: dict
    corners: pd.DataFrame


def load_pinned_laps(store: Store, params: Mapping[str, str], up_to: int | None) -> PinnedLaps:
    """Telemetry of the laps in the ``laps`` parameter (completed by lap ``up_to`` if given).

    Raises:
        SessionNotInStore: the session is not loaded.
        NoData: no lap named, or none of them has telemetry in the store.
    """
    key = session_key(params)
    q.session_row(store, key)  # SessionNotInStore first, before "no telemetry"
    pairs = [p for p in _lap_pairs(params) if up_to is None or p[1] <= up_to]
    if not pairs:
        raise NoData("This tile names no lap (completed by the replay clock's lap) to show.")
    tel = q.lap_telemetry(store, key, pairs)
    if tel.empty:
        raise NoData(f"No telemetry in the store for {', '.join(tc.lap_label(*p) for p in pairs)}.")
    pairs = [p for p in pairs if ((tel["driver"] == p[0]) & (tel["lap_number"] == p[1])).any()]
    roster = q.session_drivers(store, key)
    firsts = list(dict.fromkeys(d for d, _ in pairs))
    styles = tc.lap_styles(
        pairs, driver_styles(roster, palette=palette_param(params), first=firsts)
    )
    return PinnedLaps(tel, pairs, styles, q.session_table(store, "corners", key))


def telemetry_overlay(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """Speed, throttle, brake... of the pinned laps by distance, with the delta to the first."""
    p = load_pinned_laps(store, params, up_to)
    marks = tm.corner_labels(p.corners, 0.0)
    deltas = delta.delta_to_reference(p.tel, p.pairs[0], p.pairs)
    overlay = tc.overlay_frame(tc.decimate(p.tel))
    figure = tc.telemetry_figure(overlay, p.styles, delta=deltas,
                                 reference_label=tc.lap_label(*p.pairs[0]), corners=marks)  # fmt: skip
    return TileView(figure=figure)


def _first_lap_rotated(p: PinnedLaps) -> tuple[pd.DataFrame, float]:
    first = p.tel[(p.tel["driver"] == p.pairs[0][0]) & (p.tel["lap_number"] == p.pairs[0][1])]
    degrees, _ = tm.track_rotation(p.corners, first)
    return first, degrees


def track_map(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """The first pinned lap's track map, coloured by the pinned channel (``map``)."""
    p = load_pinned_laps(store, params, up_to)
    channel = params.get("map") if params.get("map") in MAP_CHANNELS else "speed_kph"
    first, degrees = _first_lap_rotated(p)
    figure = track_charts.channel_map_figure(
        tm.rotated_outline(first, degrees), channel, corners=tm.corner_labels(p.corners, degrees),
        label=tc.lap_label(*p.pairs[0]),
    )  # fmt: skip
    return TileView(figure=figure)


def minisector_dominance(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """The track in the colour of the fastest pinned lap in each minisector (``mini``)."""
    p = load_pinned_laps(store, params, up_to)
    n = max(3, min(100, int_param(params, "mini", 25) or 25))
    _, degrees = _first_lap_rotated(p)
    dom = tm.rotated_outline(minisectors.dominance_map(p.tel, p.pairs, n=n), degrees)
    figure = track_charts.dominance_figure(
        dom, p.styles, corners=tm.corner_labels(p.corners, degrees)
    )
    return TileView(figure=figure)


def gg_diagram(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """Lateral against longitudinal acceleration of the pinned laps."""
    p = load_pinned_laps(store, params, up_to)
    gg = tc.gg_frame(p.tel)
    if gg.empty:
        raise NoData("These laps have no acceleration channels.")
    return TileView(figure=tc.gg_figure(gg, p.styles))
