"""Dashboards kept in the store's ``dashboards`` table, always read and written for one owner.

Ownership policy (written once, here): every query names the owner, so a user can only list,
open, change or delete their own dashboards. Asking for an id that exists but belongs to
someone else raises the same :class:`DashboardNotFound` as an id that does not exist, so ids
cannot be probed. Ids are random (72 bits). Without sign-in every dashboard belongs to the
one local user (:data:`f1core.users.LOCAL_USER`).
"""

from __future__ import annotations

import re

from f1core.dashboards.model import (
    MAX_COLUMNS,
    MAX_TILES,
    Dashboard,
    Tile,
    clean_name,
    new_id,
    tiles_from_json,
    tiles_to_json,
)
from f1core.errors import DashboardError, DashboardNotFound
from f1core.store import Store


def _row_to_dashboard(row: tuple) -> Dashboard:
    return Dashboard(id=row[0], owner=row[1], name=row[2], columns=int(row[3]),
                     tiles=tiles_from_json(row[4]))  # fmt: skip


def _check_writable(store: Store) -> None:
    if store.read_only or not store.table_exists("dashboards"):
        raise DashboardError(
            "Dashboards need a writable Pit Wall store; this one is read-only (a lake)."
        )


def list_dashboards(store: Store, owner: str) -> list[Dashboard]:
    """The owner's dashboards, most recently changed first."""
    if not store.table_exists("dashboards"):
        return []
    rows = store.query_rows(
        "SELECT id, owner, name, columns, tiles FROM dashboards WHERE owner = ?"
        " ORDER BY updated_at DESC, name",
        [owner],
    )
    return [_row_to_dashboard(r) for r in rows]


def get_dashboard(store: Store, dashboard_id: str, owner: str) -> Dashboard:
    """The owner's dashboard with this id.

    Raises:
        DashboardNotFound: no such id for this owner (whether or not another owner has it).
    """
    rows = []
    if store.table_exists("dashboards"):
        rows = store.query_rows(
            "SELECT id, owner, name, columns, tiles FROM dashboards WHERE id = ? AND owner = ?",
            [str(dashboard_id), owner],
        )
    if not rows:
        shown = re.sub(r"[^A-Za-z0-9_-]", "", str(dashboard_id))[:40]  # never echo markup
        raise DashboardNotFound(
            f"No dashboard '{shown}' is yours to open. Check the link, or sign in as the "
            "user who made it; your own dashboards are listed in the sidebar."
        )
    return _row_to_dashboard(rows[0])


def create_dashboard(
    store: Store, owner: str, name: str, *, columns: int = 2, tiles: list[Tile] | None = None
) -> Dashboard:
    """Create a dashboard for ``owner`` and return it."""
    _check_writable(store)
    board = Dashboard(id=new_id(), owner=owner, name=clean_name(name),
                      columns=_clamp_columns(columns), tiles=tuple(tiles or ())[:MAX_TILES])  # fmt: skip
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO dashboards VALUES (?, ?, ?, ?, ?, now(), now())",
            [board.id, owner, board.name, board.columns, tiles_to_json(board.tiles)],
        )
    return board


def save_dashboard(store: Store, board: Dashboard) -> Dashboard:
    """Write a changed dashboard (name, columns, tiles) back for its owner.

    Raises:
        DashboardNotFound: the dashboard is not the owner's (or was deleted meanwhile).
    """
    _check_writable(store)
    board = Dashboard(id=board.id, owner=board.owner, name=clean_name(board.name),
                      columns=_clamp_columns(board.columns), tiles=board.tiles[:MAX_TILES])  # fmt: skip
    with store.transaction() as cur:
        found = cur.execute(
            "SELECT count(*) FROM dashboards WHERE id = ? AND owner = ?", [board.id, board.owner]
        ).fetchone()[0]
        if not found:
            raise DashboardNotFound("That dashboard no longer exists; nothing was saved.")
        cur.execute(
            "UPDATE dashboards SET name = ?, columns = ?, tiles = ?, updated_at = now() "
            "WHERE id = ? AND owner = ?",
            [board.name, board.columns, tiles_to_json(board.tiles), board.id, board.owner],
        )
    return board


def delete_dashboard(store: Store, dashboard_id: str, owner: str) -> None:
    """Delete the owner's dashboard (nothing happens to anyone else's)."""
    _check_writable(store)
    with store.transaction() as cur:
        cur.execute("DELETE FROM dashboards WHERE id = ? AND owner = ?", [dashboard_id, owner])


def pin_tile(store: Store, owner: str, dashboard_name: str, tile: Tile) -> Dashboard:
    """Add ``tile`` to the owner's dashboard of that name, creating the dashboard if needed.

    Looking up and writing happen in one transaction, so two pins at once never make two
    dashboards of one name.

    Raises:
        DashboardError: the dashboard already holds the most tiles allowed.
    """
    _check_writable(store)
    name = clean_name(dashboard_name)
    with store.transaction() as cur:
        row = cur.execute(
            "SELECT id, owner, name, columns, tiles FROM dashboards WHERE owner = ? AND name = ?"
            " ORDER BY updated_at DESC LIMIT 1",
            [owner, name],
        ).fetchone()
        if row is None:
            board = Dashboard(id=new_id(), owner=owner, name=name, tiles=(tile,))
            cur.execute(
                "INSERT INTO dashboards VALUES (?, ?, ?, ?, ?, now(), now())",
                [board.id, owner, board.name, board.columns, tiles_to_json(board.tiles)],
            )
            return board
        board = _row_to_dashboard(row)
        if len(board.tiles) >= MAX_TILES:
            raise DashboardError(f"'{name}' already holds {MAX_TILES} tiles; pin to another one.")
        board = board.with_tiles([*board.tiles, tile])
        cur.execute(
            "UPDATE dashboards SET tiles = ?, updated_at = now() WHERE id = ? AND owner = ?",
            [tiles_to_json(board.tiles), board.id, owner],
        )
    return board


def _clamp_columns(columns: int) -> int:
    return max(1, min(MAX_COLUMNS, int(columns)))
