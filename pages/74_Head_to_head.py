"""Head-to-head: any two drivers across their careers, and in the races they shared."""

import pandas as pd
import streamlit as st

from f1core.ui.nav import page_frame

page_frame("pages/74_Head_to_head.py")

from f1core.charts import history as charts  # noqa: E402
from f1core.errors import F1CoreError  # noqa: E402
from f1core.history import drivers, head_to_head  # noqa: E402
from f1core.ui.export import download_buttons  # noqa: E402
from f1core.ui.pickers import driver_labels, driver_list, url_name_picker  # noqa: E402
from f1core.ui.state import init_state  # noqa: E402
from f1core.ui.store import get_store  # noqa: E402

init_state()
DEFAULTS = ("max-verstappen", "lewis-hamilton")


@st.cache_data(ttl=3600, max_entries=64, show_spinner="Comparing…")
def compare(a: str, b: str) -> dict:
    store = get_store()
    totals = pd.DataFrame(
        [drivers.career_totals(store, a), drivers.career_totals(store, b)], index=[a, b]
    )
    return {
        "totals": totals.T.reset_index(names="measure"),
        "duels": head_to_head.compare_drivers(store, a, b),
    }


st.title("Head to head")
try:
    people = driver_list()
except F1CoreError as exc:
    st.error(str(exc))
    st.stop()
labels = driver_labels(people)
a = url_name_picker("Driver", people, id_col="driver_id", labels=labels, param="driver",
                    default=DEFAULTS[0], key="h2h_a")  # fmt: skip
b = url_name_picker("Against", people, id_col="driver_id", labels=labels, param="vs",
                    default=DEFAULTS[1], key="h2h_b")  # fmt: skip
try:
    data = compare(a, b)
except F1CoreError as exc:
    st.error(str(exc))
    st.stop()

name_a, name_b = labels[a], labels[b]
totals = data["totals"].rename(columns={a: name_a, b: name_b})
st.subheader("Careers")
st.dataframe(totals, hide_index=True, width="stretch")
download_buttons(data["totals"], f"{a}_vs_{b}_careers", key="dl_h2h_totals")

duels = data["duels"]
st.subheader("In the same races")
if duels.empty:
    st.info(f"{name_a} and {name_b} never started the same Grand Prix.")
    st.stop()
summary = head_to_head.duel_summary(duels)
cols = st.columns(3)
cols[0].metric("Races together", summary["races_together"])
cols[1].metric(
    "Race: ahead when both classified", f"{summary['a_ahead_race']} – {summary['b_ahead_race']}"
)
cols[2].metric("Qualifying ahead", f"{summary['a_ahead_quali']} – {summary['b_ahead_quali']}")
kind = st.radio("Duel", ["race", "quali"], horizontal=True, key="h2h_kind", bind="query-params")
st.plotly_chart(
    charts.duel_figure(duels, ahead=f"a_ahead_{kind}", behind=f"b_ahead_{kind}", names=(name_a, name_b),
                       title=f"Who finished ahead ({kind}), per season"),
    key="ch_h2h",
)  # fmt: skip
st.dataframe(duels, hide_index=True, width="stretch")
download_buttons(duels, f"{a}_vs_{b}_duels", key="dl_h2h_duels")
