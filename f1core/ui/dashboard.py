"""The Dashboards page's parts: which dashboard is open, its controls, and its grid of tiles.

Every change (rename, columns, reorder, remove, delete) is saved at once for the signed-in
owner (:mod:`f1core.dashboards.saved`); a failed save says why and changes nothing stored.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from f1core.dashboards import model, saved
from f1core.dashboards.tiles import KINDS, build_tile, tile_session
from f1core.dashboards.view import TileView
from f1core.errors import DashboardNotFound, F1CoreError, NoData, NoLapData, SessionNotInStore
from f1core.ui.cache import data_version
from f1core.ui.state import replay_lap
from f1core.ui.store import get_store

_TTL_S = 3600
PARAM = "dashboard"  # the URL parameter of a dashboard's link
_MARKDOWN = re.compile(r"([\\`*_\[\]()<>!~$:#|{}])")


def plain(text: str) -> str:
    """User text (a dashboard's name, an imported tile's title) shown literally in markdown.

    An imported file is someone else's text: escaping keeps it from drawing links, images or
    formatting on the page.
    """
    return _MARKDOWN.sub(r"\\\1", str(text))


def open_board(owner: str) -> model.Dashboard | None:
    """The dashboard the URL names (``?dashboard=<id>``), else the owner's latest one.

    A link to a dashboard that is not the owner's (or no longer exists) says so and opens
    the owner's own latest dashboard instead. The dashboard opened (or just created, which
    opens it) becomes the pin target: the next "📌 Pin" on any page offers it.
    """
    store = get_store()
    board = None
    asked = st.query_params.get(PARAM)
    if asked:
        try:
            board = saved.get_dashboard(store, asked, owner)
        except DashboardNotFound as exc:
            st.error(str(exc))
    if board is None:
        boards = saved.list_dashboards(store, owner)
        board = boards[0] if boards else None
    st.session_state["pin_target"] = board.name if board is not None else None
    return board


def _flash(text: str, kind: str = "success") -> None:
    st.session_state["dash_flash"] = (kind, text)


def show_flash() -> None:
    """What the last change did (set by a callback before the rerun)."""
    if flash := st.session_state.pop("dash_flash", None):
        getattr(st, flash[0])(flash[1])


def _save(board: model.Dashboard, done: str) -> None:
    try:
        saved.save_dashboard(get_store(), board)
    except F1CoreError as exc:
        _flash(str(exc), "error")
        return
    _flash(done)


def _open(board_id: str) -> None:
    st.query_params[PARAM] = board_id


def picker(owner: str, board: model.Dashboard | None) -> None:
    """Sidebar: the owner's dashboards, a new one, and importing one from a JSON file."""
    boards = saved.list_dashboards(get_store(), owner)
    names = {b.id: b.name for b in boards}
    if board is not None and board.id in names:
        st.session_state["dash_pick"] = board.id
    if boards:
        st.sidebar.selectbox("Dashboard", list(names), format_func=names.get, key="dash_pick",
                             on_change=lambda: _open(st.session_state["dash_pick"]))  # fmt: skip
    with st.sidebar.form("dash_new", clear_on_submit=True, border=False):
        name = st.text_input("New dashboard", max_chars=model.MAX_NAME_CHARS, key="dash_new_name")
        if st.form_submit_button("Create", icon="➕") and name.strip():
            created = saved.create_dashboard(get_store(), owner, name)
            _open(created.id)
            st.rerun()
    upload = st.sidebar.file_uploader("Import a dashboard (JSON)", type=["json"], key="dash_import")
    if upload is not None and st.sidebar.button("Import", key="dash_import_go", icon="📥"):
        import_file(owner, upload.getvalue())


def import_file(owner: str, data: bytes) -> None:
    """Create a new dashboard from a JSON file; a bad file is refused and nothing is written."""
    try:
        name, columns, tiles = model.dashboard_from_file(data, known_kinds=KINDS)
        created = saved.create_dashboard(get_store(), owner, name, columns=columns, tiles=tiles)
    except F1CoreError as exc:
        st.sidebar.error(str(exc))
        return
    _flash(f"Imported {plain(created.name)} ({model.count_tiles(len(created.tiles))}).")
    _open(created.id)
    st.rerun()


def share_link(board: model.Dashboard) -> str:
    """The link that reopens this dashboard (the page's own address plus ``?dashboard=``)."""
    url = st.context.url or ""
    parts = urlsplit(url)
    path = re.sub(r"/[^/]*$", "/Dashboards", parts.path) if parts.path else "/Dashboards"
    return urlunsplit((parts.scheme, parts.netloc, path, f"{PARAM}={board.id}", ""))


def controls(board: model.Dashboard) -> None:
    """Rename, columns, export, share and delete."""
    left, mid, right = st.columns([3, 2, 2], vertical_alignment="bottom")
    name = left.text_input("Name", value=board.name, max_chars=model.MAX_NAME_CHARS,
                           key=f"dash_name_{board.id}")  # fmt: skip
    if name.strip() and model.clean_name(name) != board.name:
        _save(model.Dashboard(board.id, board.owner, name, board.columns, board.tiles),
              f"Renamed to {plain(model.clean_name(name))}.")  # fmt: skip
        st.rerun()
    columns = mid.segmented_control("Columns", list(range(1, model.MAX_COLUMNS + 1)),
                                    default=board.columns, key=f"dash_cols_{board.id}")  # fmt: skip
    if columns and columns != board.columns:
        _save(model.Dashboard(board.id, board.owner, board.name, columns, board.tiles),
              f"{columns} columns.")  # fmt: skip
        st.rerun()
    right.download_button("⬇ Export JSON", model.dashboard_to_file(board),
                          file_name=f"{re.sub(r'[^A-Za-z0-9]+', '_', board.name)}.json",
                          mime="application/json", key="dash_export", on_click="ignore")  # fmt: skip
    with st.expander("Share or delete"):
        st.caption("This link reopens the dashboard, for you or anyone on this app when "
                   "sign-in is off (with the same data loaded). Signed-in dashboards open "
                   "only for their owner: share the JSON file instead.")  # fmt: skip
        st.code(share_link(board), language=None)
        sure = st.checkbox("Yes, delete this dashboard", key=f"dash_del_sure_{board.id}")
        if st.button("Delete dashboard", key="dash_delete", disabled=not sure, icon="🗑️"):
            saved.delete_dashboard(get_store(), board.id, board.owner)
            st.query_params.pop(PARAM, None)
            _flash(f"Deleted {plain(board.name)}.")
            st.rerun()


@st.cache_data(ttl=_TTL_S, max_entries=64, show_spinner=False)
def _build(version: str, kind: str, params_json: str, up_to: int | None) -> TileView:
    return build_tile(get_store(), kind, json.loads(params_json), up_to_lap=up_to)


def _tile_buttons(board: model.Dashboard, tile: model.Tile) -> None:
    row = st.container(horizontal=True, key=f"tile_tools_{tile.uid}")
    for icon, step, what in (("◀", -1, "Move earlier"), ("▶", 1, "Move later")):
        if row.button(icon, key=f"tile_move_{step}_{tile.uid}", help=what, type="tertiary"):
            _save(board.with_tiles(model.move_tile(board.tiles, tile.uid, step)), "Moved.")
            st.rerun()
    if row.button("✕", key=f"tile_remove_{tile.uid}", help="Remove", type="tertiary"):
        _save(
            board.with_tiles(model.remove_tile(board.tiles, tile.uid)),
            f"Removed {plain(tile.title)}.",
        )
        st.rerun()


def draw_tile(board: model.Dashboard, tile: model.Tile) -> None:
    """One tile, built live from the store; a problem with it stays inside the tile."""
    with st.container(border=True, key=f"tile_{tile.uid}"):
        st.markdown(f"**{plain(tile.title)}**")
        _tile_buttons(board, tile)
        kind = KINDS.get(tile.kind)
        if kind is None:
            st.error(f"This Pit Wall cannot draw tiles of kind '{tile.kind}'.")
            return
        up_to = replay_lap(tile_session(kind, tile.params)) if kind.follows_clock else None
        if up_to is not None:
            st.caption(f"⏱ As known at the end of lap {up_to} (shared replay clock).")
        try:
            view = _build(data_version(), tile.kind, json.dumps(tile.params, sort_keys=True), up_to)
        except SessionNotInStore as exc:
            st.warning(f"{exc} The other tiles are not affected.")
            return
        except (NoData, NoLapData) as exc:
            st.info(str(exc))
            return
        except F1CoreError as exc:
            st.error(str(exc))
            return
        for note in view.notes:
            st.caption(note)
        if view.figure is not None:
            st.plotly_chart(view.figure, key=f"tile_chart_{tile.uid}")
        if view.table is not None:
            st.dataframe(view.table, hide_index=True, key=f"tile_table_{tile.uid}", height=300)
        st.page_link(kind.page, label="Open in its page", icon="↗", query_params=tile.params)


def grid(board: model.Dashboard) -> None:
    """The tiles, ``board.columns`` to a row (one column on a phone: Streamlit stacks them)."""
    if not board.tiles:
        st.info("No tile yet: open a page, then use “📌 Pin” beside a chart's downloads.")
        return
    n = board.columns
    for start in range(0, len(board.tiles), n):
        for col, tile in zip(st.columns(n), board.tiles[start : start + n], strict=False):
            with col:
                draw_tile(board, tile)
