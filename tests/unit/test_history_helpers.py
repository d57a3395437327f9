"""Pure helpers of the history package: URL state, name resolution, summaries, figures."""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from f1core.charts import history as charts
from f1core.errors import UnknownName
from f1core.history import circuits, head_to_head, names, results_source, teams, view

NAMES = pd.DataFrame(
    {
        "driver_id": ["max-verstappen", "jos-verstappen", "kimi-raikkonen", None],
        "ergast_id": pd.array([830, 50, 8, 415], dtype="Int64"),
        "ergast_ref": ["max_verstappen", "verstappen", "raikkonen", "reed"],
        "code": ["VER", "VER", "RAI", "REE"],
        "name": ["Max Verstappen", "Jos Verstappen", "Kimi Räikkönen", "Ray Reed"],
        "surname": ["Verstappen", "Verstappen", "Räikkönen", "Reed"],
    }
)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("VER", "max-verstappen"),  # first (most recent) row with the code
        ("ver", "max-verstappen"),
        ("verstappen", "jos-verstappen"),  # Ergast ref beats surname
        ("830", "max-verstappen"),
        ("KIMI RAIKKONEN", "kimi-raikkonen"),
        ("Räikkönen", "kimi-raikkonen"),
        (" jos-verstappen ", "jos-verstappen"),
    ],
)
def test_resolve_name(text, slug):
    assert names.resolve_name(NAMES, text) == slug


def test_resolve_name_errors():
    with pytest.raises(UnknownName, match="Ergast entries only"):
        names.resolve_name(NAMES, "reed")
    with pytest.raises(UnknownName) as err:
        names.resolve_name(NAMES, "Max Verstapen")
    assert err.value.suggestions[0] == "Max Verstappen"
    with pytest.raises(UnknownName, match="Give a driver name"):
        names.resolve_name(NAMES, "  ")
    assert names.label_map(NAMES) == {
        "max-verstappen": "Max Verstappen",
        "jos-verstappen": "Jos Verstappen",
        "kimi-raikkonen": "Kimi Räikkönen",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [({"season": "2021"}, 2021), ({"season": "20x1"}, None), ({}, None)],
)
def test_int_param(params, expected):
    assert view.int_param(params, "season") == expected


def test_choice_index_and_clamp():
    assert view.choice_index([2026, 2025, 2021], "2021") == 2
    assert view.choice_index([2026, 2025], "1900", default=1) == 1
    assert view.choice_index([], "x") == 0
    assert view.clamp_round(None, last=22, default=22) == 22
    assert view.clamp_round(30, last=22, default=22) == 22
    assert view.clamp_round(5, last=22, default=22) == 5


def test_pole_conversion_and_correlation():
    winners = pd.DataFrame({"grid": [1, 1, 3, 2]})
    assert circuits.pole_conversion(winners) == {"races": 4, "won_from_pole": 2, "share": 0.5}
    assert math.isnan(circuits.pole_conversion(winners.iloc[:0])["share"])
    rows = pd.DataFrame({"grid": [1, 2, 3, 4], "finish": [1, 2, 3, 4]})
    assert circuits.grid_finish_correlation(rows) == pytest.approx(1.0)
    assert math.isnan(circuits.grid_finish_correlation(rows.iloc[:2]))


def test_typical_stops_picks_the_most_common_count():
    strategy = pd.DataFrame(
        {
            "year": [2024, 2024, 2024, 2025],
            "stops": [1, 2, 3, 2],
            "finishers": [4, 10, 2, 15],
            "median_pit_lane_s": [20.0, 21.0, None, 19.0],
        }
    )
    out = circuits.typical_stops(strategy).set_index("year")
    assert out.loc[2024, "typical_stops"] == 2 and out.loc[2024, "share"] == 0.625
    # lane time weighted by finishers with a time: (4*20 + 10*21) / 14
    assert out.loc[2024, "median_pit_lane_s"] == pytest.approx(round(290 / 14, 3))


def test_pit_stop_summary():
    stops = pd.DataFrame(
        {"year": [2019, 2019, 2019, 2020], "stationary_time_s": [1.82, 2.5, 3.0, 2.0]}
    )
    out = teams.pit_stop_summary(stops).set_index("year")
    assert out.loc[2019, "best_s"] == 1.82 and out.loc[2019, "median_s"] == 2.5
    assert out.loc[2019, "stops"] == 3
    assert teams.pit_stop_summary(stops.iloc[:0]).empty


def test_duel_summary():
    duels = pd.DataFrame(
        {"races_together": [3, 2], "both_classified": [3, 1], "a_ahead_race": [2, 1],
         "b_ahead_race": [1, 0], "a_ahead_quali": [3, 0], "b_ahead_quali": [0, 2]}
    )  # fmt: skip
    assert head_to_head.duel_summary(duels) == {
        "races_together": 5, "a_ahead_race": 3, "b_ahead_race": 1, "a_ahead_quali": 3,
        "b_ahead_quali": 2,
    }  # fmt: skip


def test_progression_figure_keeps_the_top_n():
    prog = pd.DataFrame(
        {"round": [1, 1, 1, 2, 2, 2], "name": ["A", "B", "C"] * 2,
         "points": [25, 18, 15, 43, 40, 15], "position": [1, 2, 3, 1, 2, 3]}
    )  # fmt: skip
    fig = charts.standings_progression_figure(prog, top_n=2)
    assert [t.name for t in fig.data] == ["A", "B"]
    assert list(fig.data[1].y) == [18, 40]
    by_pos = charts.standings_progression_figure(prog, by="position")
    assert by_pos.layout.yaxis.autorange == "reversed"


def test_title_figure_marks_contenders():
    table = pd.DataFrame(
        {"name": ["A", "B"], "points": [100.0, 80.0], "max_points": [126.0, 106.0],
         "can_win": [True, True]}
    )  # fmt: skip
    fig = charts.title_chances_figure(table)
    assert list(fig.data[1].x) == [26.0, 26.0]  # still available on top of the points
    assert fig.layout.shapes[0].x0 == 100.0


def test_race_pace_figure_has_pace_and_degradation():
    pace_rows = pd.DataFrame(
        {"year": [2025], "round": [1], "event_name": ["Australian Grand Prix"],
         "pace_gap_pct": [-2.08], "deg_s_per_lap": [-0.328], "field_deg_s_per_lap": [-0.269]}
    )  # fmt: skip
    fig = charts.race_pace_figure(pace_rows)
    assert list(fig.data[0].x) == ["2025 Australian"]
    assert fig.data[1].y[0] == pytest.approx(-0.059)


@pytest.mark.parametrize(
    "build",
    [
        lambda e: charts.standings_progression_figure(
            e.assign(round=[], name=[], points=[], position=[])
        ),
        lambda e: charts.points_heatmap_figure(e, {}),
        lambda e: charts.pit_stop_figure(e),
        lambda e: charts.grid_finish_figure(e),
        lambda e: charts.strategies_figure(e),
    ],
)
def test_empty_frames_give_a_labelled_empty_figure(build):
    fig = build(pd.DataFrame())
    assert isinstance(fig, go.Figure) and not fig.data
    assert fig.layout.annotations[0].text == "No data for this selection"


def test_f1db_only_reads_the_f1db_tables_and_nothing_else():
    sql = "SELECT * FROM h_race_results r JOIN h_races ra ON ra.id = r.raceId, with_h_races"
    assert results_source._f1db_only(sql) == (
        "SELECT * FROM f1db_race_results r JOIN f1db_races ra ON ra.id = r.raceId, with_h_races"
    )
    assert results_source._f1db_only("SELECT h_unknown FROM h_drivers") == (
        "SELECT h_unknown FROM f1db_drivers"
    )


@pytest.mark.parametrize(
    "sql", ["SELECT 1 FROM h_races", "  WITH a AS (SELECT 1) SELECT * FROM a, h_races"]
)
def test_merged_sources_come_first_in_one_with(sql):
    merged = results_source._with_sources(sql)
    assert merged.count("WITH") == 1 and merged.startswith("WITH \nh_races AS")
    for table in results_source.MERGED:
        pattern = (
            rf"h_{table} AS \(\s*SELECT \* FROM f1db_{table}\s+"
            rf"UNION ALL BY NAME SELECT \* FROM x_{table}\)"
        )
        assert re.search(pattern, merged), table
