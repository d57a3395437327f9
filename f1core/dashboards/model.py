"""A dashboard and its tiles as plain values, and their JSON file format.

A tile is a pinned view: which chart or table (``kind``, a key of
:data:`f1core.dashboards.tiles.KINDS`), the URL parameters of the page it was pinned from
(session, drivers, options) and a title. The JSON file carries no id and no owner: an
import always creates a new dashboard for whoever imports it.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace

from f1core.errors import BadDashboardFile

FILE_FORMAT = "pitwall-dashboard"
FILE_VERSION = 1
MAX_COLUMNS = 4
MAX_TILES = 48
MAX_NAME_CHARS = 80
MAX_PARAMS = 24
MAX_PARAM_CHARS = 400
MAX_FILE_BYTES = 256_000
DEFAULT_NAME = "My pit wall"


def new_id() -> str:
    """A random id that cannot be guessed (72 bits, URL-safe)."""
    return secrets.token_urlsafe(9)


@dataclass(frozen=True)
class Tile:
    """One pinned view: a chart or table kind and the page parameters it was pinned with."""

    kind: str
    params: dict[str, str]
    title: str
    uid: str = field(default_factory=lambda: secrets.token_hex(4))

    def to_dict(self) -> dict:
        return {"kind": self.kind, "title": self.title, "params": dict(self.params)}


@dataclass(frozen=True)
class Dashboard:
    """A named grid of tiles that belongs to one owner."""

    id: str
    owner: str
    name: str
    columns: int = 2
    tiles: tuple[Tile, ...] = ()

    def with_tiles(self, tiles: list[Tile] | tuple[Tile, ...]) -> Dashboard:
        return replace(self, tiles=tuple(tiles))


def clean_name(name: str) -> str:
    """A dashboard name trimmed to one line of at most ``MAX_NAME_CHARS`` (never empty)."""
    text = " ".join(str(name or "").split())[:MAX_NAME_CHARS]
    return text or DEFAULT_NAME


def count_tiles(n: int) -> str:
    """``"1 tile"``, ``"3 tiles"``: a dashboard's size as the page says it."""
    return f"{n} tile" if n == 1 else f"{n} tiles"


def clean_params(params: Mapping) -> dict[str, str]:
    """URL parameters as short strings; the ``dashboard`` parameter itself is dropped."""
    out: dict[str, str] = {}
    for k, v in params.items():
        if k == "dashboard" or v is None:
            continue
        out[str(k)[:40]] = str(v)[:MAX_PARAM_CHARS]
        if len(out) >= MAX_PARAMS:
            break
    return out


def move_tile(tiles: tuple[Tile, ...], uid: str, step: int) -> tuple[Tile, ...]:
    """The tiles with ``uid`` moved ``step`` places (clamped at either end)."""
    order = list(tiles)
    at = next((i for i, t in enumerate(order) if t.uid == uid), None)
    if at is None:
        return tiles
    to = max(0, min(len(order) - 1, at + step))
    order.insert(to, order.pop(at))
    return tuple(order)


def remove_tile(tiles: tuple[Tile, ...], uid: str) -> tuple[Tile, ...]:
    """The tiles without ``uid``."""
    return tuple(t for t in tiles if t.uid != uid)


def tiles_to_json(tiles: tuple[Tile, ...]) -> str:
    """Tiles as the JSON kept in the store's ``dashboards.tiles`` column."""
    return json.dumps([{**t.to_dict(), "uid": t.uid} for t in tiles])


def tiles_from_json(text: str) -> tuple[Tile, ...]:
    """Tiles from the store's JSON column (written by :func:`tiles_to_json`)."""
    return tuple(
        Tile(kind=d["kind"], params=dict(d["params"]), title=d["title"], uid=d["uid"])
        for d in json.loads(text)
    )


def dashboard_to_file(dashboard: Dashboard) -> str:
    """The dashboard as a JSON file to download (no id, no owner)."""
    body = {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "name": dashboard.name,
        "columns": dashboard.columns,
        "tiles": [t.to_dict() for t in dashboard.tiles],
    }
    return json.dumps(body, indent=2)


def dashboard_from_file(
    data: bytes | str, *, known_kinds: Collection[str]
) -> tuple[str, int, list[Tile]]:
    """Read a dashboard JSON file: ``(name, columns, tiles)``.

    Raises:
        BadDashboardFile: not JSON, not a Pit Wall dashboard, too large, a newer format, or
            a tile of a kind this Pit Wall does not know. The message says which.
    """
    if len(data) > MAX_FILE_BYTES:
        raise BadDashboardFile(
            f"The file is larger than {MAX_FILE_BYTES // 1000} kB; not imported."
        )
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadDashboardFile(
            f"The file is not valid JSON ({exc}); nothing was imported."
        ) from None
    if not isinstance(body, dict) or body.get("format") != FILE_FORMAT:
        raise BadDashboardFile("The file is not a Pit Wall dashboard; nothing was imported.")
    version = body.get("version")
    if not isinstance(version, int) or version > FILE_VERSION:
        raise BadDashboardFile(
            f"The dashboard file has format version {version!r}; this Pit Wall reads "
            f"{FILE_VERSION}. Nothing was imported."
        )
    columns = body.get("columns", 2)
    if not isinstance(columns, int) or not 1 <= columns <= MAX_COLUMNS:
        raise BadDashboardFile(f"'columns' must be 1 to {MAX_COLUMNS}; nothing was imported.")
    raw_tiles = body.get("tiles")
    if not isinstance(raw_tiles, list) or len(raw_tiles) > MAX_TILES:
        raise BadDashboardFile(
            f"'tiles' must be a list of at most {MAX_TILES}; nothing was imported."
        )
    tiles = []
    for n, raw in enumerate(raw_tiles, start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("params", {}), dict):
            raise BadDashboardFile(
                f"Tile {n} is not an object with 'params'; nothing was imported."
            )
        kind = raw.get("kind")
        if kind not in known_kinds:
            raise BadDashboardFile(f"Tile {n} has an unknown kind {kind!r}; nothing was imported.")
        title = " ".join(str(raw.get("title") or kind).split())[: MAX_NAME_CHARS * 2]
        tiles.append(Tile(kind=kind, params=clean_params(raw.get("params", {})), title=title))
    return clean_name(str(body.get("name", ""))), columns, tiles
