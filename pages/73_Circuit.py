"""Circuit profile: winners, pole-to-win conversion, grid vs finish, safety cars, strategies, pit loss."""

import streamlit as st

from f1core.ui.nav import page_frame

page_frame("pages/73_Circuit.py")

from f1core.charts import history as charts  # noqa: E402
from f1core.errors import F1CoreError  # noqa: E402
from f1core.history import circuits, view  # noqa: E402
from f1core.ui import cache  # noqa: E402
from f1core.ui.export import download_buttons  # noqa: E402
from f1core.ui.pickers import circuit_list, url_name_picker  # noqa: E402
from f1core.ui.state import init_state  # noqa: E402
from f1core.ui.store import get_store  # noqa: E402

init_state()


@st.cache_data(ttl=3600, max_entries=64, show_spinner="Reading the circuit…")
def profile(circuit_id: str, version: str) -> dict:  # version: measured pit loss reads sessions
    store = get_store()
    winners = circuits.circuit_winners(store, circuit_id)
    grid = circuits.grid_vs_finish(store, circuit_id)
    strategy = circuits.strategies(store, circuit_id)
    return {
        "winners": winners, "conversion": circuits.pole_conversion(winners), "grid": grid,
        "correlation": circuits.grid_finish_correlation(grid), "sc": circuits.safety_cars(store, circuit_id),
        "strategy": strategy, "typical": circuits.typical_stops(strategy),
        "pit_loss": circuits.measured_pit_loss(store, circuit_id),
    }  # fmt: skip


st.title("Circuit profile")
try:
    rows = circuit_list()
except F1CoreError as exc:
    st.error(str(exc))
    st.stop()
labels = dict(zip(rows["circuit_id"], rows["full_name"] + " (" + rows["place"] + ")", strict=True))
circuit_id = url_name_picker("Circuit", rows, id_col="circuit_id", labels=labels, param="circuit",
                             default="monza", key="hist_circuit", kind="circuit")  # fmt: skip
try:
    data = profile(circuit_id, cache.data_version())
except F1CoreError as exc:
    st.error(str(exc))
    st.stop()

st.header(labels[circuit_id])
conv, sc = data["conversion"], data["sc"]
cols = st.columns(4)
cols[0].metric("Grands Prix", conv["races"])
cols[1].metric("Won from pole", f"{conv['share']:.0%}" if conv["races"] else "–")
cols[2].metric(
    "Grid/finish rank correlation", f"{data['correlation']:.2f}" if len(data["grid"]) > 2 else "–"
)
cols[3].metric("Races with a safety car", f"{(sc['deployments'] > 0).mean():.0%}" if len(sc) else "–",
               help=f"Races from {circuits.SAFETY_CAR_FROM} to the last season of the safety-car table.")  # fmt: skip

SECTIONS = ["Winners", "Grid vs finish", "Safety cars", "Strategies", "Pit loss (stored sessions)"]
section = st.radio(
    "View",
    SECTIONS,
    index=view.choice_index(SECTIONS, st.query_params.get("view")),
    horizontal=True,
    key="circuit_view",
)
st.query_params["view"] = section  # only the chosen section runs: fast, and linkable
if section == SECTIONS[0]:
    st.dataframe(data["winners"].drop(columns="winner_id"), hide_index=True, width="stretch")
    download_buttons(data["winners"], f"{circuit_id}_winners", key="dl_winners")
elif section == SECTIONS[1]:
    st.plotly_chart(
        charts.grid_finish_figure(data["grid"], title="Grid slot vs finishing position"),
        key="ch_grid",
    )
    download_buttons(data["grid"], f"{circuit_id}_grid_finish", key="dl_grid")
elif section == SECTIONS[2]:
    st.plotly_chart(
        charts.bar_figure(sc, "year", "deployments", title="Safety-car deployments per race"),
        key="ch_sc",
    )
    download_buttons(sc, f"{circuit_id}_safety_cars", key="dl_sc")
elif section == SECTIONS[3]:
    st.plotly_chart(charts.strategies_figure(data["strategy"], title="Pit stops of classified finishers"),
                    key="ch_strategy")  # fmt: skip
    st.dataframe(data["typical"], hide_index=True, width="stretch")
    download_buttons(data["strategy"], f"{circuit_id}_strategies", key="dl_strategy")
elif section == SECTIONS[4]:
    if data["pit_loss"].empty:
        st.info("No race session at this circuit is loaded in the store.")
    else:
        st.caption("Pit-lane time (entry to exit line) measured from the stored race timing.")
        st.dataframe(data["pit_loss"], hide_index=True, width="stretch")
        download_buttons(data["pit_loss"], f"{circuit_id}_pit_loss", key="dl_pit_loss")
