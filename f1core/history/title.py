"""Who can still win the drivers' title after a given round.

Policy ("mathematically still in it"): a driver can still win if, scoring the most one
driver can score in every remaining round (Grand Prix win, fastest-lap point where it
applied, sprint win, double points at the 2014 final) while the leader scores nothing,
their counted total would beat the leader's current counted total. With dropped scores the
best-N rule is applied to that hypothetical season, and the leader's counted total never
goes down, so the bound is exact. A points tie is resolved by countback: first on wins
(the challenger would add a win per remaining Grand Prix); if wins tie too the driver is
counted as still able to win (further countback is not modelled).
A driver scores in one car per race (1950s drivers could also score a share in a second
car, which this bound leaves out).
The constructors' title is modelled from 1979, when every car's points counted and no
results were dropped: current points are F1DB's official standings (penalties included) and
a team can score at most a one-two (plus fastest lap and a sprint one-two) per round.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from f1core.errors import NoData
from f1core.history.points import PointsSystem, count_points_rows

POLICY_NOTE = (
    "A driver can still win if, winning every remaining race (with the fastest-lap point where it "
    "applied and every sprint) while the leader scores nothing, they would beat the leader's "
    "counted total under that season's rules, dropped scores included. A points tie goes to the "
    "countback on wins. Constructors: from 1979, a team can add at most a one-two per round."
)

TITLE_COLUMNS = ["driver_id", "name", "points", "max_points", "wins", "gap", "can_win", "status"]


def remaining_round_max(
    system: PointsSystem, *, after_round: int, total_rounds: int, sprint_rounds: Collection[int]
) -> list[float]:
    """The most one driver can score in each round after ``after_round``."""
    return [
        system.max_round_points(has_sprint=r in sprint_rounds, is_final=r == total_rounds)
        for r in range(after_round + 1, total_rounds + 1)
    ]


@dataclass(frozen=True)
class _Season:
    """A season's results as arrays: drivers x rounds run."""

    drivers: list[str]
    names: list[str]
    points: np.ndarray  # drivers x rounds, points scored per round
    wins: np.ndarray  # drivers x rounds, 1 where the driver won the Grand Prix


def _season_arrays(points: pd.DataFrame, rounds: int) -> _Season:
    done = points[points["round"] <= rounds]
    grouped = done.groupby(["driver_id", "round"])
    pts = grouped["points"].sum().unstack().reindex(columns=range(1, rounds + 1)).fillna(0.0)
    won = done["race_position"].eq(1).fillna(False).astype(int)
    wins = (
        done.assign(win=won).groupby(["driver_id", "round"])["win"].max().unstack()
        .reindex(index=pts.index, columns=range(1, rounds + 1)).fillna(0)
    )  # fmt: skip
    if "name" in done:
        names = done.groupby("driver_id")["name"].first().reindex(pts.index).tolist()
    else:
        names = list(pts.index)
    return _Season(list(pts.index), names, pts.to_numpy(float), wins.to_numpy(int))


def _chances(
    season: _Season, system: PointsSystem, after_round: int, future: list[float]
) -> pd.DataFrame:
    sub = season.points[:, :after_round]
    counted = count_points_rows(sub, system)
    future_arr = np.tile(np.asarray(future, dtype=float), (sub.shape[0], 1))
    best = count_points_rows(np.hstack([sub, future_arr]), system)
    wins = season.wins[:, :after_round].sum(axis=1)
    table = pd.DataFrame(
        {"driver_id": season.drivers, "name": season.names, "points": counted,
         "max_points": best, "wins": wins}
    )  # fmt: skip
    table = table.sort_values(["points", "wins", "name"], ascending=[False, False, True])
    lead_pts, lead_wins = table["points"].iloc[0], table["wins"].iloc[0]
    table["gap"] = lead_pts - table["points"]
    ahead = table["max_points"] > lead_pts
    tie = (table["max_points"] == lead_pts) & (table["wins"] + len(future) >= lead_wins)
    status = np.where(ahead, "in contention", np.where(tie, "tie on points, wins countback", "out"))
    status[0] = "leader"
    if (status != "out").sum() == 1:
        status[0] = "champion"
    table["status"] = status
    table["can_win"] = table["status"] != "out"
    return table[TITLE_COLUMNS].reset_index(drop=True)


def title_contenders(
    points: pd.DataFrame,
    *,
    system: PointsSystem,
    after_round: int,
    total_rounds: int,
    sprint_rounds: Collection[int] = (),
) -> pd.DataFrame:
    """Every driver's title chances after ``after_round``.

    Args:
        points: long frame with ``round``, ``driver_id``, ``points`` (race + sprint scored
            in that round) and ``race_position`` (1 for a win); ``name`` optional.
        system: the season's points system.
        after_round: the last round run (0 = before the season).
        total_rounds: the number of rounds in the season.
        sprint_rounds: rounds that have a sprint.

    Returns:
        One row per driver, best first: ``driver_id``, ``name``, ``points`` (counted),
        ``max_points`` (counted, if they win out), ``wins``, ``gap`` (to the leader),
        ``can_win`` (bool), ``status`` (``leader``, ``champion``, ``in contention``,
        ``tie on points, wins countback``, ``out``).

    Raises:
        NoData: ``after_round`` is outside 0..``total_rounds``.
    """
    if not 0 <= after_round <= total_rounds:
        raise NoData(f"Round {after_round} is not in a season of {total_rounds} rounds.")
    if points[points["round"] <= after_round].empty:
        return pd.DataFrame(columns=TITLE_COLUMNS)
    season = _season_arrays(points, after_round)
    future = remaining_round_max(
        system, after_round=after_round, total_rounds=total_rounds, sprint_rounds=sprint_rounds
    )
    return _chances(season, system, after_round, future)


def title_decided_after(
    points: pd.DataFrame,
    *,
    system: PointsSystem,
    total_rounds: int,
    sprint_rounds: Collection[int] = (),
) -> int | None:
    """The first round after which only one driver could still win, or None if never."""
    last = min(int(points["round"].max()) if not points.empty else 0, total_rounds)
    if last == 0:
        return None
    season = _season_arrays(points, last)
    for r in range(1, last + 1):
        future = remaining_round_max(
            system, after_round=r, total_rounds=total_rounds, sprint_rounds=sprint_rounds
        )
        if _contender_count(season, system, r, future) == 1:
            return r
    return None


def _contender_count(
    season: _Season, system: PointsSystem, after_round: int, future: list[float]
) -> int:
    """How many drivers can still win (the rule of :func:`_chances`, numpy only: fast)."""
    sub = season.points[:, :after_round]
    counted = count_points_rows(sub, system)
    future_arr = np.tile(np.asarray(future, dtype=float), (sub.shape[0], 1))
    best = count_points_rows(np.hstack([sub, future_arr]), system)
    wins = season.wins[:, :after_round].sum(axis=1)
    lead = np.lexsort((-wins, -counted))[0]
    alive = (best > counted[lead]) | ((best == counted[lead]) & (wins + len(future) >= wins[lead]))
    alive[lead] = True
    return int(alive.sum())


CONSTRUCTORS_FROM = 1979
TEAM_TITLE_COLUMNS = ["team_id", "name", "points", "max_points", "gap", "can_win", "status"]


def constructor_title_contenders(
    standings: pd.DataFrame,
    *,
    system: PointsSystem,
    after_round: int,
    total_rounds: int,
    sprint_rounds: Collection[int] = (),
) -> pd.DataFrame:
    """Every team's constructors' title chances after ``after_round`` (1979 on).

    Args:
        standings: constructors' standings after every round (``round``, ``team_id``,
            ``name``, ``points``), e.g. from :func:`seasons.constructor_standings`.
        system: the season's points system.
        after_round: the last round run.
        total_rounds: rounds in the season.
        sprint_rounds: rounds with a sprint.

    Returns:
        ``team_id``, ``name``, ``points``, ``max_points``, ``gap``, ``can_win``, ``status``.
        A points tie goes to the countback on wins when ``standings`` has a ``wins`` column
        (a challenger can add one win per remaining Grand Prix), else stays open.

    Raises:
        NoData: a season before 1979, or a round outside the season.
    """
    if system.year < CONSTRUCTORS_FROM:
        raise NoData(
            f"The constructors' title race is modelled from {CONSTRUCTORS_FROM}: before that only "
            "the best car of each team scored and results were dropped."
        )
    if not 1 <= after_round <= total_rounds:
        raise NoData(f"Round {after_round} is not in a season of {total_rounds} rounds.")
    cols = ["team_id", "name", "points", *(["wins"] if "wins" in standings else [])]
    table = standings[standings["round"] == after_round][cols].copy()
    if table.empty:
        return pd.DataFrame(columns=TEAM_TITLE_COLUMNS)
    remaining = range(after_round + 1, total_rounds + 1)
    future = sum(
        system.max_round_points_team(has_sprint=r in sprint_rounds, is_final=r == total_rounds)
        for r in remaining
    )
    if "wins" not in table:
        table["wins"] = 0  # no win counts given: a points tie stays open
    table = table.sort_values(["points", "wins", "name"], ascending=[False, False, True])
    table = table.reset_index(drop=True)
    lead, lead_wins = float(table["points"].iloc[0]), int(table["wins"].iloc[0])
    table["max_points"] = table["points"] + future
    table["gap"] = lead - table["points"]
    tie_open = (table["max_points"] == lead) & (table["wins"] + len(remaining) >= lead_wins)
    table["can_win"] = (table["max_points"] > lead) | tie_open
    status = np.where(table["can_win"], "in contention", "out")
    status[0] = "champion" if int(table["can_win"].sum()) == 1 else "leader"
    table["status"] = status
    return table[TEAM_TITLE_COLUMNS]


def constructor_title_decided_after(
    standings: pd.DataFrame,
    *,
    system: PointsSystem,
    total_rounds: int,
    sprint_rounds: Collection[int] = (),
) -> int | None:
    """The first round after which only one team could still win the constructors' title."""
    last = int(standings["round"].max()) if not standings.empty else 0
    for r in range(1, min(last, total_rounds) + 1):
        table = constructor_title_contenders(
            standings,
            system=system,
            after_round=r,
            total_rounds=total_rounds,
            sprint_rounds=sprint_rounds,
        )
        if int(table["can_win"].sum()) == 1:
            return r
    return None
