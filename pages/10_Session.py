"""Session analysis: results, commentary, lap times, positions, strategy, pace, sectors, weather, race control."""

import streamlit as st

from f1core.analysis import classification as cls
from f1core.analysis import long_runs, pace, race_trace, sectors, weather
from f1core.analysis import race_control as rc
from f1core.analysis.laps import flag_laps
from f1core.analysis.stints import stints_between_stops, stints_known_at
from f1core.analysis.tyre_heatmap import BASELINE_LAPS, tyre_heatmap
from f1core.charts import laps as lap_charts
from f1core.charts import pace as pace_charts
from f1core.charts import positions, strategy
from f1core.charts import sectors as sector_charts
from f1core.charts import weather as weather_charts
from f1core.charts.colors import driver_styles, knockout_zones, team_colors
from f1core.errors import F1CoreError, NoData, NoLapData
from f1core.strategy.fuel import prior_fuel_model
from f1core.ui import cache
from f1core.ui.commentary import commentary_feed
from f1core.ui.export import download_buttons
from f1core.ui.links import link_choice
from f1core.ui.nav import page_frame
from f1core.ui.sidebar import missing_data_notes, session_sidebar
from f1core.ui.state import replay_lap

page_frame("pages/10_Session.py")
VIEWS = ["Results", "Commentary", "Lap times", "Positions", "Strategy", "Pace", "Sectors",
         "Weather", "Race control", "Long runs"]  # fmt: skip

sel = session_sidebar()
if sel.key is None:
    st.info("Pick a session in the sidebar (load data from the home page first).")
    st.stop()
key, row = sel.key, sel.session_row or {}
up_to = replay_lap(key)
st.title(f"{key.year} {row.get('event_name', '')} · {row.get('session_name') or key.session_code}")
if up_to:
    st.caption(f"As known at the end of lap {up_to} (shared replay clock).")
for note in missing_data_notes(row):
    st.caption(note)

roster = cache.drivers(key)
laps = cache.table("laps", key, up_to_lap=up_to)
chosen = sel.drivers or roster["driver"].head(3).tolist()
styles = driver_styles(roster, palette=sel.palette, first=chosen)
is_race = key.session_code in cls.RACE_CODES
slug = str(key).replace("/", "_")
link_choice("view", VIEWS, what="view", default="Results", key="view")  # before the widget drops it
view = st.segmented_control("View", VIEWS, default="Results", key="view", bind="query-params",
                            required=True)  # fmt: skip


def show(figure, data, name: str) -> None:
    """A chart and the download buttons for the data it shows."""
    st.plotly_chart(figure, key=f"chart_{name}")
    download_buttons(data, f"{slug}_{name}", key=f"dl_{name}")


def periods():
    status = rc.known_by_end_of(cache.table("track_status", key), laps)
    return rc.status_periods(status, laps)


try:
    if laps.empty:
        raise NoLapData("This session has no lap data.")
    if view == "Results":
        result = cls.classify_session(
            key.session_code, results=cache.table("results", key), laps=laps, drivers=roster,
            has_results=bool(row.get("has_results")), up_to_lap=up_to,
        )  # fmt: skip
        st.caption(result.note)
        shown = result.table
        st.dataframe(knockout_zones(shown) if "knocked_out" in shown else shown, hide_index=True)
        download_buttons(result.table, f"{slug}_results", key="dl_results")
    elif view == "Commentary":
        st.caption("What mattered, lap by lap, detected from the stored laps, stops, race control "
                   "and weather; every sentence is checked against the rows it cites.")  # fmt: skip
        commentary_feed(key, lap=up_to, name="session_commentary", drivers=chosen)
    elif view == "Lap times":
        outliers = st.toggle("Show in/out, SC and slow laps", key="outliers", bind="query-params")
        flagged = flag_laps(laps, per_lap=is_race)
        mine = flagged[flagged["driver"].isin(chosen)]
        figure = lap_charts.lap_time_figure(mine, styles, periods=periods(), show_outliers=outliers)
        show(figure, mine, "lap_times")
    elif view == "Positions":
        race_trace.require_race_order(key.session_code, row.get("session_name"),
                                      what="The Positions view (lap chart and race trace)")  # fmt: skip
        ref = st.radio("Race trace reference", ["leader", "average"], horizontal=True,
                       key="trace", bind="query-params")  # fmt: skip
        grid = cache.table("results", key)
        pos = race_trace.lap_positions(laps, grid)
        show(positions.position_figure(pos, styles), pos, "positions")
        trace = race_trace.race_trace(laps, reference=ref)
        trace = trace[trace["driver"].isin(chosen)]
        label = "leader" if ref == "leader" else "winner's average pace"
        show(positions.race_trace_figure(trace, styles, periods=periods(), reference_label=label),
             trace, "race_trace")  # fmt: skip
    elif view == "Strategy":
        pit_stops = cache.table("pit_stops", key, up_to_lap=up_to)
        stints = stints_known_at(
            stints_between_stops(cache.table("stints", key), laps, pit_stops), up_to
        )
        st.caption("Bars are stints; the label is tyre age at the start → end of the stint.")
        show(strategy.strategy_figure(stints, roster["driver"].tolist()), stints, "strategy")
        st.subheader("Tyre heatmap")
        layer = st.radio("Colour by", ["compound", "loss"], horizontal=True, key="tyre_layer",
                         format_func={"compound": "Compound and tyre age",
                                      "loss": "Lap-time loss in the stint"}.get,
                         bind="query-params")  # fmt: skip
        total = int(row.get("total_laps") or laps["lap_number"].max())
        fuel = prior_fuel_model(total).s_per_lap if is_race else 0.0
        grid = tyre_heatmap(laps, fuel_s_per_lap=fuel, total_laps=total, pit_stops=pit_stops)
        st.caption(
            f"Loss: each clean lap against the median of its stint's first {BASELINE_LAPS} clean "
            f"laps, fuel-corrected at {fuel:.3f} s per lap of fuel left (the 0.03 s/kg prior)"
            if is_race else "Loss: each clean lap against its stint's first clean laps."
        )  # fmt: skip
        figure = strategy.tyre_heatmap_figure(grid, roster["driver"].tolist(), layer=layer,
                                              periods=periods() if is_race else None)  # fmt: skip
        show(figure, grid, "tyre_heatmap")
    elif view == "Pace":
        gap = st.number_input("Clean air: car ahead at least (s), 0 = off", 0.0, 10.0, 0.0, 0.5,
                              key="gap", bind="query-params")  # fmt: skip
        reps = pace.representative_pace(laps, roster, clean_air_gap_s=gap or None, per_lap=is_race)
        summary = pace.driver_pace_summary(reps)
        mine = reps[reps["driver"].isin(chosen)]
        show(pace_charts.driver_pace_figure(mine, styles, chosen), mine, "driver_pace")
        ranking = pace.rank_team_pace(reps)
        colors = team_colors(roster, palette=sel.palette)
        show(
            pace_charts.team_pace_figure(reps, colors, ranking["team"].tolist()), reps, "team_pace"
        )
        show(pace_charts.team_ranking_figure(ranking, colors), ranking, "team_ranking")
        st.dataframe(summary, hide_index=True, key="pace_summary")
    elif view == "Sectors":
        ideal = sectors.ideal_laps(laps)
        show(sector_charts.ideal_lap_figure(ideal, styles), ideal, "ideal_laps")
        traps = sectors.speed_traps(laps)
        show(sector_charts.speed_trap_figure(traps, styles), traps, "speed_traps")
    elif view == "Weather":
        samples = rc.known_by_end_of(cache.table("weather", key), laps)
        by_lap = weather.weather_by_lap(samples, laps)
        show(weather_charts.weather_figure(by_lap, periods=periods()), by_lap, "weather")
        reps = pace.representative_pace(laps, roster, per_lap=is_race)
        joined = weather.pace_vs_track_temp(reps[reps["driver"].isin(chosen)], laps, samples)
        show(weather_charts.pace_temperature_figure(joined, styles), joined, "pace_vs_temp")
    elif view == "Race control":
        messages = cache.table("race_control", key, up_to_lap=up_to)
        status = rc.known_by_end_of(cache.table("track_status", key), laps)
        if messages.empty and status.empty:
            raise NoData("This session has no race control messages or track status.")
        sections = [
            ("Safety car, VSC and red flag periods", periods(), "rc_periods", "No SC, VSC or red flag."),
            ("Track-limit deletions (each lap counted once)",
             rc.count_track_limit_deletions(messages), "track_limits", "No lap deleted."),
            ("Feed", rc.race_control_feed(messages, status, laps), "race_control", ""),
        ]  # fmt: skip
        for title, table, name, empty_note in sections:
            st.subheader(title)
            if table.empty:
                st.caption(empty_note or "Nothing in this session.")
                continue
            st.dataframe(table, hide_index=True, key=f"table_{name}")
            download_buttons(table, f"{slug}_{name}", key=f"dl_{name}")
    elif view == "Long runs":
        runs = long_runs.find_long_runs(laps)
        if runs.empty:
            raise NoData("No stint has five or more push laps in this session.")
        st.dataframe(runs, hide_index=True, key="long_runs_table")
        mine = runs[runs["driver"].isin(chosen)]
        st.caption("Chart: the selected drivers' runs; table: every driver's.")
        show(pace_charts.long_run_figure(long_runs.run_laps(laps), mine, styles), mine, "long_runs")
except (NoData, NoLapData) as exc:
    st.info(str(exc))
except F1CoreError as exc:
    st.error(str(exc))
