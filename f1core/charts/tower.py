"""Timing-tower figures: the F1-style tower table and the mini-sector grid (frames in, figures out)."""

from __future__ import annotations

from typing import Literal

import pandas as pd
import plotly.graph_objects as go

BACKGROUND = "#15151E"
TEXT = "#F0F0F0"
MUTED = "#9A9AA5"
#: Sector / lap colouring of the F1 graphics.
TIMING_COLOURS: dict[str, str] = {
    "purple": "#B138DD",
    "green": "#2BD16A",
    "yellow": "#F2D43B",
    "pit": "#3B82F6",
    "none": "#2A2A35",
    "other": "#6B6B78",
}
#: Pirelli compound colours and tower letters.
COMPOUNDS: dict[str, tuple[str, str]] = {
    "SOFT": ("S", "#DA291C"),
    "MEDIUM": ("M", "#FFD12E"),
    "HARD": ("H", "#F0F0EC"),
    "INTERMEDIATE": ("I", "#43B02A"),
    "WET": ("W", "#0067AD"),
}
STATUS_COLOURS: dict[str, str] = {
    "RETIRED": "#E10600",
    "STOPPED": "#E10600",
    "OUT": MUTED,
    "PIT": "#3B82F6",
    "PIT OUT": "#3B82F6",
}

HEADER_PX, ROW_PX = 30, 31  # plotly grows cells past their nominal height; these fit
_HEADERS = ["", "POS", "DRIVER", "GAP", "INT", "LAST", "BEST", "S1", "S2", "S3", "TYRE", "PIT", ""]
_WIDTHS = [4, 20, 34, 44, 44, 50, 50, 36, 36, 36, 46, 18, 50]
#: The columns a phone shows by default (team strip, position, driver, gaps, last lap, tyre,
#: status); best lap, sectors and pit count come on demand.
ESSENTIAL_COLUMNS: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 10, 12)


def _text(value) -> str:
    return (
        ""
        if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA
        else str(value)
    )


def tyre_label(compound: str, age) -> str:
    """``"● S 6"``: the tyre icon text of the tower."""
    letter = COMPOUNDS.get(str(compound).upper(), ("?", MUTED))[0] if compound else ""
    return f"● {letter} {_text(age)}".strip() if letter else ""


def tower_figure(
    tower: pd.DataFrame,
    *,
    height_px: int | None = None,
    columns: Literal["all", "essential"] = "all",
) -> go.Figure:
    """The tower as an F1-style table: team colour strip, coloured sectors, tyre icons.

    Args:
        tower: rows of :func:`f1core.live.tower.tower_frame` (tower order).
        height_px: figure height; by default fits all rows.
        columns: ``essential`` keeps :data:`ESSENTIAL_COLUMNS` (a phone's width).
    """
    rows = tower.to_dict("records")
    timing = TIMING_COLOURS
    values = [
        [""] * len(rows),
        [_text(r["position"]) for r in rows],
        [f"<b>{r['driver']}</b>" for r in rows],
        [_text(r["gap"]) for r in rows],
        [_text(r["interval"]) for r in rows],
        [_text(r["last_lap"]) for r in rows],
        [_text(r["best_lap"]) for r in rows],
        [_text(r["s1"]) for r in rows],
        [_text(r["s2"]) for r in rows],
        [_text(r["s3"]) for r in rows],
        [tyre_label(r["compound"], r["tyre_age"]) for r in rows],
        [_text(r["pit_stops"]) for r in rows],
        [_text(r["status"]) or ("DRS" if r.get("drs") == "OPEN" else "") for r in rows],
    ]
    base = [BACKGROUND] * len(rows)
    fills = [[r["team_color"] for r in rows]] + [base] * 12

    def font_for(key: str) -> list[str]:
        return [timing[r[key]] if r[key] not in ("none", "other") else MUTED for r in rows]

    fonts = [
        [TEXT] * len(rows),
        [TEXT] * len(rows),
        [TEXT] * len(rows),
        [TEXT] * len(rows),
        [TEXT] * len(rows),
        font_for("last_lap_color"),
        font_for("best_lap_color"),
        font_for("s1_color"),
        font_for("s2_color"),
        font_for("s3_color"),
        [COMPOUNDS.get(str(r["compound"]).upper(), ("", MUTED))[1] for r in rows],
        [MUTED] * len(rows),
        [STATUS_COLOURS.get(r["status"], MUTED) for r in rows],
    ]
    keep = ESSENTIAL_COLUMNS if columns == "essential" else range(len(_HEADERS))
    figure = go.Figure(
        go.Table(
            columnwidth=[_WIDTHS[i] for i in keep],
            header={
                "values": [_HEADERS[i] for i in keep],
                "fill_color": "#0F0F16",
                "font": {"color": MUTED, "size": 11},
                "align": "left",
                "height": 24,
            },
            cells={
                "values": [values[i] for i in keep],
                "fill_color": [fills[i] for i in keep],
                "font": {"color": [fonts[i] for i in keep], "size": 12},
                "align": "left",
                "height": 26,
            },
        )
    )
    figure.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor=BACKGROUND,
        height=height_px or HEADER_PX + ROW_PX * max(len(rows), 1) + 12,
    )
    return figure


def mini_sector_figure(rows: list[dict]) -> go.Figure:
    """Mini-sector grid: one row per driver, one cell per segment, F1 colours.

    Args:
        rows: :func:`f1core.live.tower.tower_rows` output (``mini_sectors`` as lists).
    """
    names = list(TIMING_COLOURS)
    drivers, z, text, x_labels = [], [], [], []
    width = max((sum(len(s) for s in r["mini_sectors"]) for r in rows), default=0)
    for r in rows:
        flat = [(i, c) for i, sector in enumerate(r["mini_sectors"]) for c in sector]
        drivers.append(r["driver"])
        z.append(
            [names.index(c) if c in names else names.index("other") for _, c in flat]
            + [None] * (width - len(flat))
        )
        text.append([f"S{i + 1}: {c}" for i, c in flat] + [""] * (width - len(flat)))
    if rows:
        x_labels = [
            f"S{i + 1}.{j + 1}"
            for i, sector in enumerate(rows[0]["mini_sectors"])
            for j in range(len(sector))
        ]
    n = len(names)
    scale = []  # discrete bands: value k is drawn in the colour of names[k]
    for k, name in enumerate(names):
        scale += [[k / n, TIMING_COLOURS[name]], [(k + 1) / n, TIMING_COLOURS[name]]]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            y=drivers,
            x=x_labels[:width] or None,
            text=text,
            hoverinfo="y+text",
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    figure.update_layout(
        margin={"l": 40, "r": 0, "t": 10, "b": 20},
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        font={"color": TEXT},
        height=40 + 18 * max(len(rows), 1),
        yaxis={"autorange": "reversed"},
        xaxis={"showticklabels": False},
    )
    return figure
