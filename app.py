"""Pit Wall home: what is in the store, where to start, and loading data."""

import streamlit as st

from f1core.errors import StoreError
from f1core.store.queries import store_summary
from f1core.ui import cache
from f1core.ui.history_update import history_update_button
from f1core.ui.loaders import fastf1_loader, kit_loader
from f1core.ui.nav import PAGES, page_frame
from f1core.ui.state import init_state
from f1core.ui.store import get_store

page_frame("app.py")
init_state()
st.title("🏁 Pit Wall")
st.caption("F1 analytics workbench: sessions, telemetry, live replay, strategy, predictions, chat.")

if flash := st.session_state.pop("flash", None):
    st.success(flash)  # what the last load did (set before the page reran)

try:
    store = get_store()
except StoreError as exc:
    st.error(str(exc))
    st.stop()
if store.moved_aside:
    st.warning(
        f"The store file could not be read as a Pit Wall store, so it was kept as "
        f"`{store.moved_aside.name}` and a fresh store was created. Nothing was deleted."
    )

summary = store_summary(store)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Sessions", f"{summary['sessions']:,}")
c2.metric("Laps", f"{summary['laps']:,}")
c3.metric("Telemetry rows", f"{summary['telemetry_rows']:,}")
c4.metric("History tables", summary["history_tables"])

if store.read_only:
    st.info(
        f"Serving the read-only Parquet lake `{store.path}`: loading data is disabled here. "
        "Load data into a DuckDB store and export it again with `python -m f1core pack "
        "export --lake DIR`."
    )
if summary["sessions"] == 0:
    if store.read_only:
        st.stop()
    st.info("The store is empty. Load the demo data kit, or any session from FastF1.")
    with st.container(border=True):
        st.subheader("Demo data")
        kit_loader()
    with st.container(border=True):
        st.subheader("A session from FastF1")
        fastf1_loader()
    st.stop()

st.subheader("Where to start")
cols = st.columns(2)
for i, page in enumerate(p for p in PAGES if p != "app.py"):
    _, icon, purpose = PAGES[page]
    cols[i % 2].page_link(page, label=purpose, icon=icon)

st.subheader("Sessions in the store")
sessions = cache.sessions()
shown = {"year": "Year", "round": "Round", "event_name": "Event", "session_name": "Session",
         "total_laps": "Laps", "has_telemetry": "Telemetry", "has_weather": "Weather",
         "has_race_control": "Race control", "notes": "What is missing"}  # fmt: skip
st.dataframe(sessions[list(shown)].rename(columns=shown), hide_index=True, width="stretch")

if not store.read_only and st.toggle("Load more data", key="home_load_more"):
    tab_ff1, tab_kit, tab_hist = st.tabs(["From FastF1", "Demo data kit", "History update"])
    with tab_ff1:
        fastf1_loader()
    with tab_kit:
        kit_loader()
    with tab_hist:
        history_update_button()
