"""Drivers' championship points systems of every season since 1950, with dropped scores.

Policy: a season's rules are the points per finishing position for a Grand Prix and a
sprint, the fastest-lap point (and whether it needs a top-10 finish), the double-points
final race of 2014, and which results count ("best N", or best A of the first H rounds plus
best B of the rest in the split seasons 1967-1980). Shared drives and half points (races
stopped early) are already in the per-race points of the source tables, so the rules here
are only used to count results and to bound what a driver can still score.
The tests check every season's counting rule against F1DB's final standings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from f1core.errors import NoData

FIRST_SEASON = 1950
LAST_KNOWN_SEASON = 2026

#: Seasons whose best-N rule was split into two halves: year -> (H, A, B).
SPLIT_SEASONS: dict[int, tuple[int, int, int]] = {
    1967: (6, 5, 4), 1968: (6, 5, 5), 1969: (6, 5, 4), 1970: (7, 6, 5), 1971: (6, 5, 4),
    1972: (6, 5, 5), 1973: (8, 7, 6), 1974: (8, 7, 6), 1975: (7, 6, 6), 1976: (8, 7, 7),
    1977: (9, 8, 7), 1978: (8, 7, 7), 1979: (7, 4, 4), 1980: (7, 5, 5),
}  # fmt: skip

#: Seasons that counted only the best N results: year -> N.
BEST_N_SEASONS: dict[int, int] = {
    1950: 4, 1951: 4, 1952: 4, 1953: 4, 1954: 5, 1955: 5, 1956: 5, 1957: 5, 1958: 6,
    1959: 5, 1960: 6, 1961: 5, 1962: 5, 1963: 6, 1964: 6, 1965: 6, 1966: 5,
    **{y: 11 for y in range(1981, 1991)},
}  # fmt: skip


@dataclass(frozen=True)
class PointsSystem:
    """The drivers' championship rules of one season.

    Attributes:
        year: the season.
        race_points: points for 1st, 2nd, ... in a Grand Prix.
        sprint_points: points for 1st, 2nd, ... in a sprint (empty before 2021).
        fastest_lap_points: points for the fastest lap of a Grand Prix (0 if none).
        fastest_lap_needs_top10: whether the fastest-lap point needs a top-10 finish.
        double_points_final: whether the last race of the season scores double (2014).
        best_of: counted results when only the best N counted, else None.
        split: (H, A, B) when the best A of the first H rounds and the best B of the
            rest counted, else None.
    """

    year: int
    race_points: tuple[float, ...]
    sprint_points: tuple[float, ...] = ()
    fastest_lap_points: float = 0.0
    fastest_lap_needs_top10: bool = False
    double_points_final: bool = False
    best_of: int | None = None
    split: tuple[int, int, int] | None = None

    @property
    def drops_scores(self) -> bool:
        """Whether some results did not count towards the title."""
        return self.best_of is not None or self.split is not None

    def max_round_points(self, *, has_sprint: bool, is_final: bool) -> float:
        """The most one driver can score in a round (win, fastest lap, sprint win)."""
        race = self.race_points[0] + self.fastest_lap_points
        if is_final and self.double_points_final:
            race *= 2
        sprint = self.sprint_points[0] if (has_sprint and self.sprint_points) else 0.0
        return race + sprint

    def max_round_points_team(self, *, has_sprint: bool, is_final: bool) -> float:
        """The most one two-car team can score in a round (a one-two, fastest lap, sprint one-two)."""
        race = sum(self.race_points[:2]) + self.fastest_lap_points
        if is_final and self.double_points_final:
            race *= 2
        sprint = sum(self.sprint_points[:2]) if has_sprint else 0.0
        return float(race + sprint)

    def describe(self) -> str:
        """A one-paragraph human description of the rules."""
        parts = ["Grand Prix: " + "-".join(_fmt(p) for p in self.race_points)]
        if self.sprint_points:
            parts.append("sprint: " + "-".join(_fmt(p) for p in self.sprint_points))
        if self.fastest_lap_points:
            cond = " (top-10 finishers only)" if self.fastest_lap_needs_top10 else ""
            parts.append(f"fastest lap: {_fmt(self.fastest_lap_points)}{cond}")
        if self.double_points_final:
            parts.append("double points at the final race")
        if self.best_of is not None:
            parts.append(f"best {self.best_of} results counted")
        if self.split is not None:
            h, a, b = self.split
            parts.append(f"best {a} of the first {h} rounds + best {b} of the rest counted")
        return f"{self.year}: " + "; ".join(parts) + "."


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def points_system(year: int) -> PointsSystem:
    """The drivers' championship rules of ``year``.

    Raises:
        NoData: the year is before 1950 or after the last season these rules know.
    """
    if not FIRST_SEASON <= year <= LAST_KNOWN_SEASON:
        raise NoData(
            f"No points system for {year}: seasons {FIRST_SEASON}-{LAST_KNOWN_SEASON} are known."
        )
    best = BEST_N_SEASONS.get(year)
    split = SPLIT_SEASONS.get(year)
    if year <= 1959:
        return PointsSystem(year, (8, 6, 4, 3, 2), fastest_lap_points=1, best_of=best)
    if year == 1960:
        return PointsSystem(year, (8, 6, 4, 3, 2, 1), best_of=best)
    if year <= 1990:
        return PointsSystem(year, (9, 6, 4, 3, 2, 1), best_of=best, split=split)
    if year <= 2002:
        return PointsSystem(year, (10, 6, 4, 3, 2, 1))
    if year <= 2009:
        return PointsSystem(year, (10, 8, 6, 5, 4, 3, 2, 1))
    modern = (25, 18, 15, 12, 10, 8, 6, 4, 2, 1)
    if year <= 2018:
        return PointsSystem(year, modern, double_points_final=(year == 2014))
    sprint: tuple[float, ...] = ()
    if year == 2021:
        sprint = (3, 2, 1)
    elif year >= 2022:
        sprint = (8, 7, 6, 5, 4, 3, 2, 1)
    if year <= 2024:
        return PointsSystem(
            year, modern, sprint, fastest_lap_points=1, fastest_lap_needs_top10=True
        )
    return PointsSystem(year, modern, sprint)


def _best(values: Sequence[float], n: int) -> float:
    return float(sum(sorted(values, reverse=True)[:n]))


def count_points(round_points: Sequence[float], system: PointsSystem) -> float:
    """Championship points from a driver's points per round, in round order.

    Args:
        round_points: points scored in rounds 1, 2, ... (0 where nothing was scored);
            rounds not yet run are simply absent.
        system: the season's rules (dropped scores applied here).

    Returns:
        The points that count towards the title.
    """
    values = [float(v) for v in round_points]
    if system.split is not None:
        h, a, b = system.split
        return _best(values[:h], a) + _best(values[h:], b)
    if system.best_of is not None:
        return _best(values, system.best_of)
    return float(sum(values))


def _best_rows(values: np.ndarray, n: int) -> np.ndarray:
    if values.shape[1] == 0:
        return np.zeros(values.shape[0])
    ordered = -np.sort(-values, axis=1)
    return ordered[:, :n].sum(axis=1)


def count_points_rows(matrix: np.ndarray, system: PointsSystem) -> np.ndarray:
    """:func:`count_points` for many drivers at once (rows = drivers, columns = rounds)."""
    values = np.asarray(matrix, dtype=float)
    if values.ndim != 2:
        raise ValueError("count_points_rows needs a 2-D array: drivers x rounds")
    if system.split is not None:
        h, a, b = system.split
        return _best_rows(values[:, :h], a) + _best_rows(values[:, h:], b)
    if system.best_of is not None:
        return _best_rows(values, system.best_of)
    return values.sum(axis=1)
