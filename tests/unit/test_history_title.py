"""Who-can-still-win logic on hand-built standings: plain seasons, ties, dropped scores."""

from __future__ import annotations

import pandas as pd
import pytest

from f1core.errors import NoData
from f1core.history.points import PointsSystem
from f1core.history.title import (
    constructor_title_contenders,
    remaining_round_max,
    title_contenders,
    title_decided_after,
)

# A tiny season: 9-6-4 for a win, second and third; every result counts.
SIMPLE = PointsSystem(2000, (9, 6, 4))


def _rounds(*results: dict[str, int]) -> pd.DataFrame:
    """One dict per round: driver -> finishing position (1..3 score)."""
    rows = []
    for rnd, result in enumerate(results, start=1):
        for driver, pos in result.items():
            pts = SIMPLE.race_points[pos - 1] if pos <= 3 else 0
            rows.append(
                {"round": rnd, "driver_id": driver, "points": float(pts), "race_position": pos}
            )
    return pd.DataFrame(rows)


def _status(table: pd.DataFrame) -> dict[str, str]:
    return dict(zip(table["driver_id"], table["status"], strict=True))


def test_leader_out_of_reach_is_champion():
    pts = _rounds({"A": 1, "B": 2, "C": 3}, {"A": 1, "B": 2, "C": 3})
    table = title_contenders(pts, system=SIMPLE, after_round=2, total_rounds=3)
    # A 18, B 12 (+9 max = 21 > 18: still in), C 8 (+9 = 17 < 18: out)
    assert _status(table) == {"A": "leader", "B": "in contention", "C": "out"}
    assert table.set_index("driver_id").loc["B", "max_points"] == 21


def test_decided_when_nobody_can_catch_up():
    pts = _rounds({"A": 1, "B": 2}, {"A": 1, "B": 2}, {"A": 1, "B": 2})
    table = title_contenders(pts, system=SIMPLE, after_round=3, total_rounds=4)
    assert _status(table) == {"A": "champion", "B": "out"}  # 27 vs 18 + 9 = 27, fewer wins
    assert title_decided_after(pts, system=SIMPLE, total_rounds=4) == 3


def test_points_tie_goes_to_wins_countback():
    # A: 9 + 0 = 9 (one win); B: 0 + 0 = 0, one round left -> B can reach 9 with one win.
    pts = _rounds({"A": 1, "B": 5}, {"A": 4, "B": 4})
    table = title_contenders(pts, system=SIMPLE, after_round=2, total_rounds=3)
    assert _status(table)["B"] == "tie on points, wins countback"  # 1 win each: not decided
    assert table["can_win"].sum() == 2


def test_points_tie_lost_on_wins_is_out():
    # A: 9 + 9 = 18 with 2 wins; B: 6 + 6 = 12 + 6 = 18 max with one win at best.
    pts = _rounds({"A": 1, "B": 2}, {"A": 1, "B": 2})
    system = PointsSystem(2000, (9, 6, 4))
    table = title_contenders(pts, system=system, after_round=2, total_rounds=3)
    assert table.set_index("driver_id").loc["B", "max_points"] == 21
    # with a round worth only 6, B ties on 18 but loses the countback (1 win vs 2)
    short = PointsSystem(2000, (6, 4, 3))
    pts6 = pts.assign(points=pts["race_position"].map({1: 9.0, 2: 6.0}))
    table6 = title_contenders(pts6, system=short, after_round=2, total_rounds=3)
    assert _status(table6) == {"A": "champion", "B": "out"}


def test_dropped_scores_change_who_can_win():
    best2 = PointsSystem(1950, (9, 6, 4), best_of=2)
    # A: 9, 9 -> 18 counted. B: 6, 6, 6 = 18 gross but only 12 counted; one round left.
    pts = pd.DataFrame(
        {
            "round": [1, 1, 2, 2, 3, 3],
            "driver_id": ["A", "B"] * 3,
            "points": [9.0, 6.0, 9.0, 6.0, 0.0, 6.0],
            "race_position": [1, 2, 1, 2, 5, 2],
        }
    )
    table = title_contenders(pts, system=best2, after_round=3, total_rounds=4).set_index(
        "driver_id"
    )
    assert table.loc["A", "points"] == 18 and table.loc["B", "points"] == 12
    assert table.loc["B", "max_points"] == 15  # best 2 of 6, 6, 6, 9
    assert table.loc["B", "status"] == "out"
    # Without dropped scores B would still be in it (18 + 9 = 27 > 18).
    all_count = PointsSystem(1950, (9, 6, 4))
    table_all = title_contenders(pts, system=all_count, after_round=3, total_rounds=4)
    assert _status(table_all)["B"] == "in contention"


def test_sprints_and_double_final_raise_the_ceiling():
    system = PointsSystem(2014, (25, 18), (8, 7), double_points_final=True)
    assert remaining_round_max(system, after_round=1, total_rounds=3, sprint_rounds={2}) == [33, 50]


def test_round_outside_the_season_is_a_clear_error():
    pts = _rounds({"A": 1})
    with pytest.raises(NoData):
        title_contenders(pts, system=SIMPLE, after_round=5, total_rounds=3)


def test_before_the_first_round_is_empty():
    pts = _rounds({"A": 1})
    assert title_contenders(pts, system=SIMPLE, after_round=0, total_rounds=3).empty


def _teams(rnd: int, rows: list[tuple[str, float, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"round": rnd, "team_id": t, "name": t.title(), "points": p, "wins": w}
            for t, p, w in rows
        ]
    )


def test_team_ceiling_is_a_one_two():
    system = PointsSystem(2024, (25, 18, 15), (8, 7, 6), fastest_lap_points=1)
    assert system.max_round_points_team(has_sprint=True, is_final=False) == 25 + 18 + 1 + 8 + 7
    double = PointsSystem(2014, (25, 18), double_points_final=True)
    assert double.max_round_points_team(has_sprint=False, is_final=True) == 86


def test_constructors_tie_goes_to_wins_countback():
    system = PointsSystem(2015, (25, 18))  # 43 a round for a one-two
    # one round left: B can reach exactly A's 100; A has 5 wins, B 3 (+1 possible) -> out
    table = constructor_title_contenders(
        _teams(9, [("a", 100.0, 5), ("b", 57.0, 3)]), system=system, after_round=9, total_rounds=10
    )
    assert table["status"].tolist() == ["champion", "out"]
    # with 4 wins B would tie the countback at 5: still open
    table = constructor_title_contenders(
        _teams(9, [("a", 100.0, 5), ("b", 57.0, 4)]), system=system, after_round=9, total_rounds=10
    )
    assert table["can_win"].tolist() == [True, True]


def test_constructors_before_1979_are_not_modelled():
    with pytest.raises(NoData, match="from 1979"):
        constructor_title_contenders(
            _teams(1, [("a", 9.0, 1)]),
            system=PointsSystem(1970, (9, 6)),
            after_round=1,
            total_rounds=5,
        )
