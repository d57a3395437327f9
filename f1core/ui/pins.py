"""The "pin" action beside every chart's or table's downloads: add the view to a dashboard."""

from __future__ import annotations

import streamlit as st

from f1core.dashboards.model import (
    DEFAULT_NAME,
    MAX_NAME_CHARS,
    Tile,
    clean_params,
    count_tiles,
)
from f1core.dashboards.saved import pin_tile
from f1core.dashboards.tiles import kind_for, tile_title
from f1core.errors import F1CoreError
from f1core.ui.auth import current_owner
from f1core.ui.dashboard import plain
from f1core.ui.store import get_store

DASHBOARDS_PAGE = "pages/80_Dashboards.py"


def pin_action(row, *, key: str) -> None:
    """A "📌 Pin" popover in ``row`` when this page's chart ``key`` can be pinned.

    The pinned view is the page's URL parameters as they are now (session, drivers,
    options) plus which chart: exactly what a shared link of the page would reopen.
    """
    kind = kind_for(st.session_state.get("current_page"), key)
    if kind is None or get_store().read_only:  # a read-only lake keeps no dashboards
        return
    params = clean_params(st.query_params.to_dict())
    with row.popover("📌 Pin", key=f"{key}_pin", help="Pin this view to a dashboard"):
        owner = current_owner()
        if owner is None:
            st.caption("Sign in (sidebar) to pin views to your own dashboards.")
            return
        name = st.text_input(
            "Dashboard", value=st.session_state.get("pin_target") or DEFAULT_NAME,
            max_chars=MAX_NAME_CHARS, key=f"{key}_pin_to",
        )  # fmt: skip
        if not st.button("Pin to dashboard", key=f"{key}_pin_go", icon="📌"):
            return
        tile = Tile(kind=kind.id, params=params, title=tile_title(kind, params))
        try:
            board = pin_tile(get_store(), owner, name, tile)
        except F1CoreError as exc:
            st.error(str(exc))
            return
        st.session_state["pin_target"] = board.name
        st.success(
            f"Pinned “{plain(tile.title)}” to {plain(board.name)} ({count_tiles(len(board.tiles))})."
        )
        st.page_link(DASHBOARDS_PAGE, label=f"Open {plain(board.name)}", icon="📌",
                     query_params={"dashboard": board.id})  # fmt: skip
