"""Driver profile: career totals, results by season, teammate duels, best circuits, stored race pace."""

import streamlit as st

from f1core.ui.nav import page_frame

page_frame("pages/71_Driver.py")

from f1core.charts import history as charts  # noqa: E402
from f1core.errors import F1CoreError  # noqa: E402
from f1core.history import drivers, head_to_head, pace, view  # noqa: E402
from f1core.ui.export import download_buttons  # noqa: E402
from f1core.ui.pickers import driver_labels, driver_list, url_name_picker  # noqa: E402
from f1core.ui.state import init_state  # noqa: E402
from f1core.ui.store import get_store  # noqa: E402

init_state()


@st.cache_data(ttl=3600, max_entries=64, show_spinner="Reading the career…")
def profile(driver_id: str, code: str) -> dict:
    store = get_store()
    return {
        "totals": drivers.career_totals(store, driver_id),
        "seasons": drivers.results_by_season(store, driver_id),
        "dnfs": drivers.dnf_causes(store, driver_id),
        "circuits": drivers.best_circuits(store, driver_id),
        "teammates": head_to_head.teammate_head_to_head(store, driver_id),
        "pace": pace.race_pace(store, code),
    }


st.title("Driver profile")
try:
    people = driver_list()
except F1CoreError as exc:
    st.error(str(exc))
    st.stop()
labels = driver_labels(people)
driver_id = url_name_picker("Driver", people, id_col="driver_id", labels=labels, param="driver",
                            default="lewis-hamilton", key="hist_driver")  # fmt: skip
row = people[people["driver_id"] == driver_id].iloc[0]
try:
    data = profile(driver_id, str(row["code"] or ""))
except F1CoreError as exc:
    st.error(str(exc))
    st.stop()

tot = data["totals"]
st.header(f"{row['name']} · {tot['first_season']}–{tot['last_season']}")
cols = st.columns(8)
for col, (label, key) in zip(cols, [("Starts", "starts"), ("Wins", "wins"), ("Poles", "poles"),
                                     ("Podiums", "podiums"), ("Points", "points"), ("Fastest laps", "fastest_laps"),
                                     ("DNFs", "dnfs"), ("Titles", "titles")], strict=True):  # fmt: skip
    col.metric(label, f"{tot[key]:g}")
st.caption("Points are as scored (race + sprint), before any dropped-score rule.")

SECTIONS = ["By season", "Retirements", "Teammates", "Best circuits", "Race pace (stored sessions)"]
section = st.radio(
    "View",
    SECTIONS,
    index=view.choice_index(SECTIONS, st.query_params.get("view")),
    horizontal=True,
    key="driver_view",
)
st.query_params["view"] = section  # only the chosen section runs: fast, and linkable
if section == SECTIONS[0]:
    st.plotly_chart(
        charts.season_results_figure(data["seasons"], title="Points per season"), key="ch_seasons"
    )
    st.dataframe(data["seasons"], hide_index=True, width="stretch")
    download_buttons(data["seasons"], f"{driver_id}_seasons", key="dl_seasons")
elif section == SECTIONS[1]:
    st.plotly_chart(charts.bar_figure(data["dnfs"], "cause", "dnfs", title="Retirements by cause", horizontal=True),
                    key="ch_dnfs")  # fmt: skip
    download_buttons(data["dnfs"], f"{driver_id}_dnfs", key="dl_dnfs")
elif section == SECTIONS[2]:
    mates = data["teammates"]
    kind = st.radio("Duel", ["race", "quali"], horizontal=True, key="hist_duel_kind")
    st.plotly_chart(
        charts.duel_figure(mates, ahead=f"{kind}_ahead", behind=f"{kind}_behind",
                           names=(str(row["name"]), "teammates"), title=f"Teammate head-to-head ({kind})"),
        key="ch_mates",
    )  # fmt: skip
    st.dataframe(mates.drop(columns="teammate_id"), hide_index=True, width="stretch")
    download_buttons(mates, f"{driver_id}_teammates", key="dl_mates")
elif section == SECTIONS[3]:
    st.dataframe(data["circuits"], hide_index=True, width="stretch")
    download_buttons(data["circuits"], f"{driver_id}_circuits", key="dl_circuits")
elif section == SECTIONS[4]:
    if data["pace"].empty:
        st.info(
            f"No race session with {row['code']} is loaded in the store. Load sessions from the home page."
        )
    else:
        st.caption(pace.PACE_NOTE)
        st.plotly_chart(charts.race_pace_figure(data["pace"], title="Race pace"), key="ch_pace")
        st.dataframe(data["pace"], hide_index=True, width="stretch")
        download_buttons(data["pace"], f"{driver_id}_race_pace", key="dl_pace")
