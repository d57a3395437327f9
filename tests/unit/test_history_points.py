"""Points systems and dropped-score counting, on hand-built numbers."""

from __future__ import annotations

import numpy as np
import pytest

from f1core.errors import NoData
from f1core.history.points import count_points, count_points_rows, points_system


@pytest.mark.parametrize(
    ("year", "win", "fastest_lap", "sprint_win", "best_of", "split"),
    [
        (1950, 8, 1, 0, 4, None),
        (1960, 8, 0, 0, 6, None),
        (1967, 9, 0, 0, None, (6, 5, 4)),
        (1979, 9, 0, 0, None, (7, 4, 4)),
        (1988, 9, 0, 0, 11, None),
        (1991, 10, 0, 0, None, None),
        (2003, 10, 0, 0, None, None),
        (2010, 25, 0, 0, None, None),
        (2019, 25, 1, 0, None, None),
        (2021, 25, 1, 3, None, None),
        (2022, 25, 1, 8, None, None),
        (2025, 25, 0, 8, None, None),
        (2026, 25, 0, 8, None, None),
    ],
)
def test_points_system_by_season(year, win, fastest_lap, sprint_win, best_of, split):
    system = points_system(year)
    assert system.race_points[0] == win
    assert system.fastest_lap_points == fastest_lap
    assert (system.sprint_points[0] if system.sprint_points else 0) == sprint_win
    assert system.best_of == best_of
    assert system.split == split


@pytest.mark.parametrize(
    ("year", "has_sprint", "is_final", "expected"),
    [
        (1950, False, False, 9),  # win + fastest lap
        (2014, False, True, 50),  # double points at the final
        (2014, False, False, 25),
        (2021, True, False, 29),  # win + fastest lap + 3 for the sprint win
        (2023, True, False, 34),
        (2024, False, False, 26),
        (2025, True, False, 33),  # fastest-lap point dropped for 2025
    ],
)
def test_max_round_points(year, has_sprint, is_final, expected):
    assert (
        points_system(year).max_round_points(has_sprint=has_sprint, is_final=is_final) == expected
    )


@pytest.mark.parametrize("year", [1949, 2027])
def test_unknown_season_is_a_clear_error(year):
    with pytest.raises(NoData, match=str(year)):
        points_system(year)


def test_best_of_counts_only_the_best_results():
    system = points_system(1950)  # best 4
    assert count_points([8, 0, 6, 9, 4, 3, 2], system) == 8 + 6 + 9 + 4


def test_split_season_counts_each_half():
    system = points_system(1967)  # best 5 of the first 6 + best 4 of the rest
    first = [9, 9, 6, 6, 4, 3]
    second = [9, 1, 2, 3, 4]
    assert count_points(first + second, system) == (9 + 9 + 6 + 6 + 4) + (9 + 4 + 3 + 2)


def test_every_result_counts_from_1991():
    assert count_points([10, 0, 6, 1], points_system(1991)) == 17


def test_rows_version_matches_the_scalar_one():
    rng = np.random.default_rng(7)
    matrix = rng.choice([0, 1, 2, 3, 4, 6, 9], size=(6, 11)).astype(float)
    for year in (1955, 1967, 1985, 2010):
        system = points_system(year)
        rows = count_points_rows(matrix, system)
        assert rows.tolist() == [count_points(list(r), system) for r in matrix]


def test_describe_names_the_rules():
    text = points_system(1967).describe()
    assert "best 5 of the first 6 rounds + best 4 of the rest" in text
    assert "top-10" in points_system(2019).describe()
