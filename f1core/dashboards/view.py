"""What a tile builder returns, and how a tile reads its pinned URL parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from f1core.errors import SessionNotInStore
from f1core.store import SessionKey
from f1core.store.schema import SESSION_CODES


@dataclass(frozen=True)
class TileView:
    """A built tile: a figure and/or a table, and notes to show above them."""

    figure: go.Figure | None = None
    table: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)


def session_key(params: Mapping[str, str]) -> SessionKey:
    """The session a pinned view names (``year``, ``round``, ``session`` parameters).

    Raises:
        SessionNotInStore: the parameters name no valid session (a hand-edited file).
    """
    try:
        code = str(params["session"]).upper()
        key = SessionKey(int(params["year"]), int(params["round"]), code)
    except (KeyError, ValueError):
        raise SessionNotInStore("This tile names no session (year, round, session).") from None
    if code not in SESSION_CODES:
        raise SessionNotInStore(f"This tile names an unknown session code {code!r}.")
    return key


def drivers_param(params: Mapping[str, str]) -> list[str]:
    """The pinned driver codes, in order."""
    return [d for d in str(params.get("drivers", "")).upper().split(",") if d]


def palette_param(params: Mapping[str, str]) -> str:
    """The pinned colour palette (the sidebar's colour-blind toggle, URL ``cb``)."""
    return "colorblind" if str(params.get("cb", "")).lower() in {"true", "1"} else "team"


def int_param(params: Mapping[str, str], name: str, default: int | None = None) -> int | None:
    """An integer parameter, or ``default`` when missing or malformed."""
    try:
        return int(str(params[name]))
    except (KeyError, ValueError):
        return default


def float_param(params: Mapping[str, str], name: str, default: float) -> float:
    """A number parameter, or ``default`` when missing or malformed."""
    try:
        return float(str(params[name]))
    except (KeyError, ValueError):
        return default
