"""Team, compound and colour-blind palettes."""

from __future__ import annotations

import pandas as pd
import pytest

from f1core.charts import colors

ROSTER = pd.DataFrame({
    "driver": ["NOR", "PIA", "VER", "LAW", "XXX"],
    "team": ["McLaren", "McLaren", "Red Bull Racing", "Red Bull Racing", None],
    "team_color": ["#FF8000", "#FF8000", "3671C6", "#3671C6", None],
})  # fmt: skip


@pytest.mark.parametrize(("compound", "color"), [
    ("SOFT", "#da291c"), ("medium", "#ffd12e"), ("HARD", "#f0f0ec"),
    ("INTERMEDIATE", "#43b02a"), ("WET", "#0067ad"), (None, "#00ffff"), ("NOPE", "#00ffff"),
])  # fmt: skip
def test_compound_colors_are_fastf1s(compound, color):
    assert colors.compound_color(compound) == color


def test_team_palette_dashes_the_second_team_mate():
    styles = colors.driver_styles(ROSTER)
    assert styles["NOR"] == {"color": "#FF8000", "dash": "solid"}
    assert styles["PIA"] == {"color": "#FF8000", "dash": "dash"}
    assert styles["VER"]["color"] == "#3671C6"  # a colour without '#' is normalised
    assert styles["XXX"]["color"] == colors.FALLBACK_COLOR
    assert colors.style_of(styles, "ZZZ") == {"color": colors.FALLBACK_COLOR, "dash": "solid"}


def test_colorblind_palette_gives_every_driver_a_distinct_okabe_ito_colour():
    styles = colors.driver_styles(ROSTER, palette="colorblind")
    picked = [styles[d]["color"] for d in ROSTER["driver"]]
    assert picked == colors.OKABE_ITO[:5] and len(set(picked)) == 5
    many = pd.DataFrame(
        {"driver": [f"D{i}" for i in range(10)], "team": "T", "team_color": "#000000"}
    )
    styles = colors.driver_styles(many, palette="colorblind")
    assert styles["D8"] == {"color": colors.OKABE_ITO[0], "dash": "dash"}  # wraps with a new dash
    shown = colors.driver_styles(many, palette="colorblind", first=["D9", "D0"])
    assert (
        shown["D9"]["color"] == colors.OKABE_ITO[0] and shown["D0"]["color"] == colors.OKABE_ITO[1]
    )
    assert colors.team_colors(ROSTER.iloc[:4], palette="colorblind") == {
        "McLaren": colors.OKABE_ITO[0], "Red Bull Racing": colors.OKABE_ITO[1]}  # fmt: skip


def test_knockout_zones_shade_q1_and_q2_rows():
    table = pd.DataFrame({"driver": ["A", "B", "C"], "q1_s": [75.1234, 75.2, 75.3],
                          "knocked_out": ["", "Q2", "Q1"]})  # fmt: skip
    html = colors.knockout_zones(table).to_html()
    assert html.count(colors.KNOCKOUT_BACKGROUND["Q1"]) == 1 and "75.123" in html
    assert colors.KNOCKOUT_BACKGROUND["Q2"] in html and "75.1234" not in html
