"""Telemetry: overlay laps by distance, delta time to a reference, track maps, g-g diagram."""

import pandas as pd
import streamlit as st

from f1core.analysis import delta, minisectors
from f1core.analysis import track_map as tm
from f1core.analysis.laps import pick_fastest_laps
from f1core.charts import telemetry as tc
from f1core.charts import track as track_charts
from f1core.charts.colors import driver_styles
from f1core.errors import F1CoreError, NoData
from f1core.ui import cache
from f1core.ui.export import download_buttons
from f1core.ui.links import link_choice, warn_bad_link
from f1core.ui.nav import page_frame
from f1core.ui.sidebar import no_telemetry_note, session_sidebar
from f1core.ui.state import replay_lap

page_frame("pages/20_Telemetry.py")
MAP_CHANNELS = {"speed_kph": "Speed", "gear": "Gear", "throttle": "Throttle", "brake": "Braking"}

sel = session_sidebar(default_drivers=2)
if sel.key is None:
    st.info("Pick a session in the sidebar (load data from the home page first).")
    st.stop()
key, row = sel.key, sel.session_row or {}
# URL laps name laps of this session only: ignore them once the user picked another session.
# Out of the URL until this run picks laps again: a link never carries another session's laps.
same = st.session_state.get("tel_laps_for") in (None, str(key))
st.session_state["tel_laps_for"] = str(key)
asked = st.query_params.pop("laps", "")
requested = asked.split(",") if same else []
st.title(f"Telemetry · {key.year} {row.get('event_name', '')} {key.session_code}")
if not row.get("has_telemetry"):
    st.info(no_telemetry_note(cache.sessions()))
    st.stop()
if not sel.drivers:
    st.info("Pick at least one driver in the sidebar.")
    st.stop()

roster, up_to = cache.drivers(key), replay_lap(key)  # up_to: the shared replay clock's lap
if up_to is not None:
    st.caption(f"Shared replay clock: only laps completed by lap {up_to} can be picked "
               f"(default: each driver's fastest lap up to lap {up_to}).")  # fmt: skip
laps = cache.table("laps", key, drivers=sel.drivers, up_to_lap=up_to)
timed = laps.dropna(subset=["lap_time_s"]).sort_values(["driver", "lap_number"])
labels = {
    tc.lap_label(d, n): (d, int(n))
    for d, n in zip(timed["driver"], timed["lap_number"], strict=True)
}
times = dict(zip(labels, timed["lap_time_s"], strict=True))
fastest = [tc.lap_label(d, n) for d, n in pick_fastest_laps(timed)[["driver", "lap_number"]]
           .itertuples(index=False)]  # fmt: skip
opening = tc.default_laps(requested, list(labels), fastest)[:8]
if unknown := [x for x in requested if x and x not in labels]:
    warn_bad_link("laps" if len(unknown) > 1 else "lap", unknown, shown=", ".join(opening),
                  why=f"not a timed lap of {', '.join(sel.drivers)}")  # fmt: skip
picked = st.multiselect(
    "Laps (default: each driver's fastest)", list(labels), default=opening,
    format_func=lambda x: f"{x} · {times[x]:.3f} s", max_selections=8,
    key=f"tel_laps::{key}::{','.join(sel.drivers)}" + (f"::L{up_to}" if up_to is not None else ""),
)  # fmt: skip
if not picked:
    st.info("Pick at least one lap.")
    st.stop()
st.query_params["laps"] = ",".join(picked)
c1, c2, c3 = st.columns(3)
link_choice("map", list(MAP_CHANNELS), what="track map colour", default="speed_kph",
            label=MAP_CHANNELS.get, key="map")  # fmt: skip
ref = c1.selectbox("Reference lap for delta", picked, key=f"tel_ref::{key}")
channel = c2.segmented_control("Track map colour", list(MAP_CHANNELS), format_func=MAP_CHANNELS.get,
                               default="speed_kph", key="map", bind="query-params", required=True)  # fmt: skip
n_mini = c3.number_input("Minisectors", 3, 100, 25, key="mini", bind="query-params")
pairs = [labels[x] for x in picked]
styles = tc.lap_styles(pairs, driver_styles(roster, palette=sel.palette, first=sel.drivers))
slug = str(key).replace("/", "_")

try:
    tel = cache.telemetry(key, pairs)
    missing = [tc.lap_label(d, n) for d, n in pairs
               if not ((tel["driver"] == d) & (tel["lap_number"] == n)).any()]  # fmt: skip
    if missing:
        raise NoData(f"No telemetry for {', '.join(missing)}; pick other laps.")
    corners = cache.table("corners", key)
    marks = tm.corner_labels(corners, 0.0)
    overlay = tc.overlay_frame(tc.decimate(tel))
    deltas = delta.delta_to_reference(tel, labels[ref], pairs)
    figure = tc.telemetry_figure(overlay, styles, delta=deltas, reference_label=ref, corners=marks)
    st.plotly_chart(figure, key="chart_overlay")
    download_buttons(overlay, f"{slug}_telemetry", key="dl_overlay")

    st.subheader("Delta check against official timing")
    st.caption("Laps aligned on relative distance (each lap's distance / its own length), "
               "checked at the line and at the sector boundaries against official times; "
               "'absolute' is FastF1's old method (aligned on metres), for comparison.")  # fmt: skip
    others = [p for p in pairs if p != labels[ref]]
    if others:
        checks = [delta.reconcile_delta(tel, laps, labels[ref], others, method=m).assign(method=m)
                  for m in ("relative", "absolute")]  # fmt: skip
        check = pd.concat(checks, ignore_index=True)
        st.dataframe(check, hide_index=True, key="delta_check")
        download_buttons(check, f"{slug}_delta_check", key="dl_delta_check")

    st.subheader("Track map")
    first = tel[(tel["driver"] == pairs[0][0]) & (tel["lap_number"] == pairs[0][1])]
    degrees, source = tm.track_rotation(corners, first)
    st.caption(f"Rotation {degrees:.0f}° ({source}). Map of {picked[0]}.")
    rot_marks = tm.corner_labels(corners, degrees)
    left, right = st.columns(2)
    map_lap = tm.rotated_outline(first, degrees)
    left.plotly_chart(track_charts.channel_map_figure(map_lap, channel, corners=rot_marks,
                                                      label=picked[0]), key="chart_map")  # fmt: skip
    with left:
        cols = ["driver", "lap_number", "distance_m", "x", "y", channel]
        download_buttons(map_lap[cols], f"{slug}_track_map", key="dl_track_map")
    dom = tm.rotated_outline(minisectors.dominance_map(tel, pairs, n=int(n_mini)), degrees)
    right.plotly_chart(track_charts.dominance_figure(dom, styles, corners=rot_marks),
                       key="chart_dominance")  # fmt: skip
    won = minisectors.dominance_summary(minisectors.minisector_times(tel, pairs, n=int(n_mini)))
    with right:
        download_buttons(won, f"{slug}_minisectors", key="dl_minisectors")

    st.subheader("g-g diagram")
    gg = tc.gg_frame(tel)
    if gg.empty:
        st.info("These laps have no acceleration channels.")
    else:
        st.plotly_chart(tc.gg_figure(gg, styles), key="chart_gg")
        download_buttons(gg, f"{slug}_gg", key="dl_gg")
except NoData as exc:
    st.info(str(exc))
except F1CoreError as exc:
    st.error(str(exc))
