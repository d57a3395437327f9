"""Team profile: constructors' history, drivers over time, DHL pit stops, reliability."""

import streamlit as st

from f1core.ui.nav import page_frame

page_frame("pages/72_Team.py")

from f1core.charts import history as charts  # noqa: E402
from f1core.errors import F1CoreError  # noqa: E402
from f1core.history import teams, view  # noqa: E402
from f1core.ui.export import download_buttons  # noqa: E402
from f1core.ui.pickers import team_list, url_name_picker  # noqa: E402
from f1core.ui.state import init_state  # noqa: E402
from f1core.ui.store import get_store  # noqa: E402

init_state()


@st.cache_data(ttl=3600, max_entries=64, show_spinner="Reading the team…")
def profile(team_id: str) -> dict:
    store = get_store()
    stops = teams.pit_stops(store, team_id)
    return {
        "seasons": teams.team_seasons(store, team_id),
        "drivers": teams.team_drivers(store, team_id),
        "reliability": teams.reliability(store, team_id),
        "stops": stops,
        "stop_summary": teams.pit_stop_summary(stops),
        "lineage": teams.team_lineage(store, team_id),
    }


st.title("Team profile")
try:
    team_rows = team_list()
except F1CoreError as exc:
    st.error(str(exc))
    st.stop()
labels = dict(zip(team_rows["team_id"], team_rows["name"], strict=True))
team_id = url_name_picker("Team", team_rows, id_col="team_id", labels=labels, param="team",
                          default="ferrari", key="hist_team", kind="team")  # fmt: skip
try:
    data = profile(team_id)
except F1CoreError as exc:
    st.error(str(exc))
    st.stop()

seasons_df = data["seasons"]
if seasons_df.empty:
    st.info(f"{labels[team_id]} has no race entries in the history tables.")
    st.stop()
st.header(f"{labels[team_id]} · {seasons_df['year'].min()}–{seasons_df['year'].max()}")
cols = st.columns(5)
cols[0].metric("Seasons", len(seasons_df))
cols[1].metric("Wins", int(seasons_df["wins"].sum()))
cols[2].metric("Poles", int(seasons_df["poles"].sum()))
cols[3].metric("Podiums", int(seasons_df["podiums"].sum()))
cols[4].metric("Constructors' titles", int((seasons_df["championship_position"] == 1).sum()))
if len(data["lineage"]) > 1:
    st.caption("Lineage (F1DB): " + teams.lineage_text(data["lineage"]))

SECTIONS = ["History", "Drivers", "Pit stops (DHL)", "Reliability"]
section = st.radio(
    "View",
    SECTIONS,
    index=view.choice_index(SECTIONS, st.query_params.get("view")),
    horizontal=True,
    key="team_view",
)
st.query_params["view"] = section  # only the chosen section runs: fast, and linkable
if section == SECTIONS[0]:
    st.plotly_chart(
        charts.season_results_figure(seasons_df, title="Points per season"), key="ch_team_seasons"
    )
    st.dataframe(seasons_df, hide_index=True, width="stretch")
    download_buttons(seasons_df, f"{team_id}_seasons", key="dl_team_seasons")
elif section == SECTIONS[1]:
    st.plotly_chart(
        charts.team_drivers_figure(data["drivers"], title="Drivers over time"),
        key="ch_team_drivers",
    )
    st.dataframe(data["drivers"].drop(columns="driver_id"), hide_index=True, width="stretch")
    download_buttons(data["drivers"], f"{team_id}_drivers", key="dl_team_drivers")
elif section == SECTIONS[2]:
    if data["stops"].empty:
        st.info("No DHL pit-stop times for this team (DHL timed stops from 2018).")
    else:
        st.plotly_chart(
            charts.pit_stop_figure(data["stops"], title="DHL stationary times"), key="ch_team_stops"
        )
        st.dataframe(data["stop_summary"], hide_index=True, width="stretch")
        download_buttons(data["stops"], f"{team_id}_dhl_pit_stops", key="dl_team_stops")
elif section == SECTIONS[3]:
    st.caption(teams.RELIABILITY_NOTE)
    st.plotly_chart(
        charts.reliability_figure(data["reliability"], title="Reliability"), key="ch_team_rel"
    )
    st.dataframe(data["reliability"], hide_index=True, width="stretch")
    download_buttons(data["reliability"], f"{team_id}_reliability", key="dl_team_rel")
