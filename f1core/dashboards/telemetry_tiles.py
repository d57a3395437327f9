"""Tiles from the Telemetry page, fed from the store."""

from __future__ import annotations

from collections.abc import Mapping

from f1core.analysis import delta
from f1core.analysis import track_map as tm
from f1core.charts import telemetry as tc
from f1core.charts.colors import driver_styles
from f1core.dashboards.view import TileView, palette_param, session_key
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


def telemetry_overlay(store: Store, params: Mapping[str, str], up_to: int | None) -> TileView:
    """Speed, throttle, brake... of the pinned laps by distance, with the delta to the first."""
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
    marks = tm.corner_labels(q.session_table(store, "corners", key), 0.0)
    ref = tc.lap_label(*pairs[0])
    deltas = delta.delta_to_reference(tel, pairs[0], pairs)
    overlay = tc.overlay_frame(tc.decimate(tel))
    figure = tc.telemetry_figure(overlay, styles, delta=deltas, reference_label=ref, corners=marks)
    return TileView(figure=figure)
