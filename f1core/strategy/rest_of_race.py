"""Plans for the rest of a race from lap N: scored in clean air from each car's current tyres.

Used when the race is taken "as known at lap N" (see ``from_lap.py``). A car's remaining cost
in clean air is, with ``L0`` laps left on its current set (age ``a`` on lap N+1) and new sets
for the later stints of ``L`` laps::

    L0 * offset_cur + wear_cur * (L0 * a + L0 (L0 - 1) / 2)
      + sum(L * offset_c + wear_c * L (L + 1) / 2) + stops * green pit loss

Pace and fuel are the same for every plan, so they drop out. The dry-compound rule counts the
compounds the car has already run. Every car not being edited follows its cheapest such plan
(0-2 more stops): what a rival would do in clean air, since the real future is not known at N.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from f1core.errors import InvalidStrategy
from f1core.strategy.laps import DRY_COMPOUNDS
from f1core.strategy.plan import Strategy, within_age_limits

MIN_STINT_LAPS = 3
DEFAULT_MAX_STOPS = 2  # more stops for a rival's default plan are never cheaper in the kit races


def future_stop_grid(from_lap: int, total_laps: int, stops: int) -> np.ndarray:
    """``(m, stops)`` increasing stop laps after ``from_lap``, later stints >= ``MIN_STINT_LAPS``."""
    if stops == 0:
        return np.zeros((1, 0), dtype=int)
    laps = np.arange(from_lap + 1, total_laps - MIN_STINT_LAPS + 1)
    combos = np.array(list(itertools.combinations(laps, stops)), dtype=int).reshape(-1, stops)
    if stops > 1:
        combos = combos[(np.diff(combos, axis=1) >= MIN_STINT_LAPS).all(axis=1)]
    return combos


def rule_ok(used: set[str], future: tuple[str, ...], *, wet: bool) -> bool:
    """The two-dry-compound rule over the compounds run so far and those planned."""
    every = set(used) | set(future)
    return wet or any(c not in DRY_COMPOUNDS for c in every) or len(every & set(DRY_COMPOUNDS)) >= 2


def current_set(strategy: Strategy, from_lap: int) -> tuple[str, int, set[str]]:
    """Compound and age on lap ``from_lap + 1`` of the stint running then, and compounds run so far."""
    k = sum(1 for s in strategy.stop_laps if s <= from_lap)
    start = strategy.stop_laps[k - 1] + 1 if k else 1
    return (
        strategy.compounds[k],
        strategy.ages[k] + from_lap + 1 - start,
        set(strategy.compounds[: k + 1]),
    )


def score_remaining(
    fits: dict, *, from_lap: int, total_laps: int, current: str, age_next: int, used: set[str],
    wet: bool, stops: int, compounds: list[str], pit_loss_s: float, keep: int = 5,
    age_limits: dict[str, int] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Clean-air cost (s) of the rest of the race for every plan with ``stops`` more stops.

    Args:
        fits: compound -> ``CompoundFit`` (offset and wear).
        current, age_next: the car's set and its age on lap ``from_lap + 1``.
        used: compounds the car has run by lap ``from_lap`` (for the dry-compound rule).
        compounds: compounds allowed for new sets.
        keep: plans kept per compound sequence (the rest cannot make the top).
        age_limits: compound -> oldest tyre age a plan may reach (``race.tyre_age_limits``);
            plans past it are left out. A set already near or past its limit may still run
            ``MIN_STINT_LAPS`` more laps (it has to reach a stop).

    Returns:
        Rows ``stops``, ``stop_laps`` (tuple), ``compounds`` (new sets, tuple), ``cost_s``,
        cheapest first.
    """
    cols = ["stops", "stop_laps", "compounds", "cost_s"]
    grid = future_stop_grid(from_lap, total_laps, stops)
    if len(grid) == 0:
        return pd.DataFrame(columns=cols)
    first = (grid[:, 0] if stops else np.full(len(grid), total_laps)) - from_lap
    l0 = first.astype(float)
    cur = fits[current]
    base = l0 * cur.offset_s + cur.wear_s_per_lap * (l0 * age_next + l0 * (l0 - 1) / 2)
    bounds = np.hstack([grid, np.full((len(grid), 1), total_laps)])
    length = np.diff(bounds, axis=1).astype(float)  # (m, stops): the new sets' stints
    tri = length * (length + 1) / 2
    first_limit = None
    if age_limits and current in age_limits:
        first_limit = max(age_limits[current], age_next + MIN_STINT_LAPS - 1)
    frames = []
    for seq in itertools.product(compounds, repeat=stops):
        if not rule_ok(used | {current}, seq, wet=wet):
            continue
        off = np.array([fits[c].offset_s for c in seq])
        wear = np.array([fits[c].wear_s_per_lap for c in seq])
        cost = base + length @ off + tri @ wear + stops * pit_loss_s
        if age_limits:
            lens = np.column_stack([l0, length]) if stops else l0[:, None]
            cost[~within_age_limits(age_limits, (current, *seq), lens, first_age=age_next,
                                    first_limit=first_limit)] = np.inf  # fmt: skip
        best = np.argsort(cost, kind="stable")[:keep]
        best = best[np.isfinite(cost[best])]
        if not len(best):
            continue
        frames.append(pd.DataFrame({"stops": stops, "stop_laps": [tuple(int(x) for x in grid[i]) for i in best],
                                    "compounds": [seq] * len(best), "cost_s": cost[best]}))  # fmt: skip
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True).sort_values(
        "cost_s", ignore_index=True, kind="stable"
    )


def fitted_compounds(setup) -> list[str]:
    """Compounds seen by lap N with their own degradation fit (the ones a plan may choose)."""
    fits = setup.degradation.compounds
    return [c for c in setup.compounds_seen if c in fits and fits[c].source == "fitted"]


def plans_from_lap(setup, driver: str, *, stops: range, keep: int = 5) -> pd.DataFrame:
    """Scored plans for ``driver`` over the rest of the race, each with the full ``strategy``."""
    past = setup.actual[driver]
    n = setup.from_lap
    current, age, used = current_set(past, n)
    k = sum(1 for s in past.stop_laps if s <= n)
    frames = [
        score_remaining(setup.degradation.compounds, from_lap=n, total_laps=setup.total_laps,
                        current=current, age_next=int(age), used=used, wet=setup.wet, stops=s,
                        compounds=fitted_compounds(setup), pit_loss_s=setup.pit.green_s, keep=keep,
                        age_limits=setup.tyre_age_limit)
        for s in stops
    ]  # fmt: skip
    out = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)
    out = out.sort_values("cost_s", ignore_index=True, kind="stable")
    out["strategy"] = [
        Strategy((*past.compounds[: k + 1], *seq), (*past.stop_laps[:k], *laps),
                 (*past.ages[: k + 1], *(1,) * len(seq)))
        for laps, seq in zip(out["stop_laps"], out["compounds"], strict=True)
    ]  # fmt: skip
    return out


def default_plan(setup, driver: str) -> Strategy:
    """A car's cheapest clean-air plan for the rest of the race (staying out if none is legal)."""
    plans = plans_from_lap(setup, driver, stops=range(DEFAULT_MAX_STOPS + 1), keep=1)
    if plans.empty:
        past = setup.actual[driver]
        k = sum(1 for s in past.stop_laps if s <= setup.from_lap)
        return Strategy(past.compounds[: k + 1], past.stop_laps[:k], past.ages[: k + 1])
    return plans["strategy"].iloc[0]


def stop_at(setup, driver: str, lap: int) -> Strategy:
    """``driver``'s plan with a stop on ``lap`` (after lap N).

    The planned stop after lap N nearest to ``lap`` moves there; a car with no planned stop
    gets an extra one onto the cheapest legal compound for the laps left.

    Raises:
        InvalidStrategy: ``lap`` is not after lap N, or no compound is left to fit on.
    """
    n, plan = setup.from_lap, setup.actual[driver]
    if lap <= n:
        raise InvalidStrategy(f"Lap {lap} has been run (the race is known up to lap {n}); "
                              f"pick a stop after lap {n}.")  # fmt: skip
    future = [j for j, s in enumerate(plan.stop_laps) if s > n]
    if future:
        j = min(future, key=lambda i: abs(plan.stop_laps[i] - lap))
        stops = list(plan.stop_laps)
        stops[j] = lap
        if any(b <= a for a, b in zip(stops, stops[1:], strict=False)):
            raise InvalidStrategy(f"A stop on lap {lap} would reorder {driver}'s planned stops.")
        return Strategy(plan.compounds, tuple(stops), plan.ages)
    current, _, used = current_set(plan, n)
    left = setup.total_laps - lap
    fits = setup.degradation.compounds
    options = [c for c in fitted_compounds(setup) if rule_ok(used | {current}, (c,), wet=setup.wet)]
    if not options:
        raise InvalidStrategy(f"No fitted compound is left for {driver} to stop onto.")
    best = min(
        options,
        key=lambda c: left * fits[c].offset_s + fits[c].wear_s_per_lap * left * (left + 1) / 2,
    )
    return Strategy((*plan.compounds, best), (*plan.stop_laps, lap), (*plan.ages, 1))
