"""Team, compound and colour-blind-safe colours, and a line style per driver.

Team colours come from the store (``drivers.team_color``, which FastF1 provides);
compound colours are FastF1's (``fastf1/plotting/constants.json``, latest season). The colour-blind
palette is Okabe & Ito's eight colours (black swapped for light grey, as the app's theme is
dark), assigned to the drivers on show first; team-mates share a team
colour, so the second driver of a team is drawn dashed (as FastF1's plotting styles do).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import Literal

import pandas as pd

Palette = Literal["team", "colorblind"]


def _fastf1_compound_colors() -> dict[str, str]:
    """FastF1's compound colours of its latest season (read from the data file it ships;
    its ``get_compound_color`` needs a loaded session only to pick the season).

    The file is found without importing FastF1, which would cost a page ~60 MB of memory
    (FastF1 pulls in matplotlib and rapidfuzz) for six colours.
    """
    package = Path(find_spec("fastf1").submodule_search_locations[0])
    table = json.loads((package / "plotting" / "constants.json").read_text())
    return dict(table[max(table, key=int)]["compound_colors"])


COMPOUND_COLORS = _fastf1_compound_colors()
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#DDDDDD"]  # fmt: skip
FALLBACK_COLOR = "#888888"
DASHES = ["solid", "dash", "dot", "dashdot"]
#: Period shading on lap axes.
PERIOD_COLORS = {"SC": "rgba(255, 200, 0, 0.25)", "VSC": "rgba(255, 140, 0, 0.18)",
                 "RED": "rgba(220, 0, 0, 0.25)"}  # fmt: skip


def compound_color(compound: str | None) -> str:
    """FastF1's colour for a compound name (unknown names get FastF1's UNKNOWN colour)."""
    return COMPOUND_COLORS.get(str(compound or "UNKNOWN").upper(), COMPOUND_COLORS["UNKNOWN"])


def _normalise(color) -> str:
    if not isinstance(color, str) or not color.strip():
        return FALLBACK_COLOR
    color = color.strip()
    return color if color.startswith("#") else f"#{color}"


def driver_styles(
    drivers: pd.DataFrame, *, palette: Palette = "team", first: Sequence[str] = ()
) -> dict[str, dict]:
    """Colour and dash per driver.

    Args:
        drivers: ``driver, team, team_color`` rows, in the order to assign palette colours.
        palette: ``team`` colours or the ``colorblind``-safe Okabe-Ito palette.
        first: drivers to serve first (those on show), so up to eight of them get
            distinct colour-blind colours whatever their place in the roster.

    Returns:
        ``{driver: {"color": "#rrggbb", "dash": "solid" | "dash" | ...}}``.
    """
    styles: dict[str, dict] = {}
    seen_in_team: dict[str, int] = {}
    unique = drivers.drop_duplicates("driver")
    known = set(unique["driver"])
    order = list(dict.fromkeys([d for d in first if d in known] + unique["driver"].tolist()))
    ordered = unique.set_index("driver").loc[order].reset_index()
    for i, row in enumerate(ordered.itertuples(index=False)):
        team = getattr(row, "team", None) or row.driver
        nth = seen_in_team.get(team, 0)
        seen_in_team[team] = nth + 1
        if palette == "colorblind":
            styles[row.driver] = {"color": OKABE_ITO[i % len(OKABE_ITO)],
                                  "dash": DASHES[(i // len(OKABE_ITO)) % len(DASHES)]}  # fmt: skip
        else:
            styles[row.driver] = {"color": _normalise(getattr(row, "team_color", None)),
                                  "dash": DASHES[nth % len(DASHES)]}  # fmt: skip
    return styles


def team_colors(drivers: pd.DataFrame, *, palette: Palette = "team") -> dict[str, str]:
    """One colour per team (its store colour, or an Okabe-Ito colour)."""
    teams = drivers.drop_duplicates("team")
    if palette == "colorblind":
        return {t: OKABE_ITO[i % len(OKABE_ITO)] for i, t in enumerate(teams["team"])}
    return {t: _normalise(c) for t, c in zip(teams["team"], teams["team_color"], strict=True)}


def style_of(styles: dict[str, dict], driver: str) -> dict:
    """A driver's style, or a grey solid line for a driver the table does not know."""
    return styles.get(driver, {"color": FALLBACK_COLOR, "dash": "solid"})


#: Row shading of qualifying knockout zones.
KNOCKOUT_BACKGROUND = {"Q1": "rgba(220, 0, 0, 0.18)", "Q2": "rgba(255, 200, 0, 0.15)"}


def knockout_zones(table: pd.DataFrame):
    """A Styler shading drivers knocked out in Q1 (red) and Q2 (amber); 3 decimals, blanks for no time."""

    def shade(row: pd.Series) -> list[str]:
        color = KNOCKOUT_BACKGROUND.get(row.get("knocked_out", ""), "")
        return [f"background-color: {color}" if color else ""] * len(row)

    return table.style.apply(shade, axis=1).format(precision=3, na_rep="")
