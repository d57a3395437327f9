"""Dashboards: your pinned charts and tables in a grid, drawn live from the store."""

import streamlit as st

from f1core.errors import F1CoreError, StoreError
from f1core.ui import dashboard
from f1core.ui.auth import current_owner
from f1core.ui.nav import page_frame
from f1core.ui.state import init_state
from f1core.ui.store import get_store

page_frame("pages/80_Dashboards.py")
init_state()
st.title("📌 Dashboards")

owner = current_owner()
if owner is None:
    st.info("Sign in (sidebar) to see and keep your own dashboards.")
    st.stop()
try:
    store = get_store()
except StoreError as exc:
    st.error(str(exc))
    st.stop()
if store.read_only:
    st.info("This app serves a read-only Parquet lake, so dashboards cannot be kept here.")
    st.stop()

dashboard.show_flash()
board = dashboard.open_board(owner)
try:
    dashboard.picker(owner, board)
except F1CoreError as exc:
    st.error(str(exc))
if board is None:
    st.info(
        "No dashboard yet. Open a page (Session, Telemetry, Season, Driver), use “📌 Pin” "
        "beside a chart's downloads, and the chart lands on a dashboard here. Or create one "
        "in the sidebar, or import a JSON file."
    )
    st.stop()

st.query_params[dashboard.PARAM] = board.id  # the page's URL is the dashboard's link
st.header(dashboard.plain(board.name))
dashboard.controls(board)
dashboard.grid(board)
