"""Pit-stop optimiser: the best 1-, 2- and 3-stop strategies for one driver.

Two stages. First every strategy (stop laps on a one-lap grid, a compound per stint from those
the race saw, the two-dry-compound rule in dry races) is scored in closed form for the driver
alone in clean air: a stint of ``L`` laps on compound ``c`` costs ``L * offset_c +
wear_c * L (L + 1) / 2`` and each stop the green pit loss (pace and fuel are the same for every
strategy); a stint that would take a compound past ``setup.tyre_age_limit`` (its longest stint
seen plus a margin: linear wear is not trusted beyond) is not offered. Then the best few of each
stop count are raced against the full field in Monte Carlo
with common random numbers (same seed, same random races) together with the actual strategy,
which gives expected finishing time and the position distribution.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from f1core.errors import InvalidStrategy
from f1core.strategy.laps import DRY_COMPOUNDS
from f1core.strategy.plan import within_age_limits
from f1core.strategy.race import RaceSetup, Strategy, keep_start_set
from f1core.strategy.rest_of_race import plans_from_lap
from f1core.strategy.simulate import draw_race, simulate_race

MIN_STINT_LAPS = 3


def stop_lap_grid(total_laps: int, stops: int, *, min_stint: int = MIN_STINT_LAPS) -> np.ndarray:
    """All ``(m, stops)`` arrays of increasing stop laps leaving every stint >= ``min_stint`` laps."""
    first, last = min_stint, total_laps - min_stint
    laps = np.arange(first, last + 1)
    combos = np.array(list(itertools.combinations(laps, stops)), dtype=int).reshape(-1, stops)
    if stops > 1:
        combos = combos[(np.diff(combos, axis=1) >= min_stint).all(axis=1)]
    return combos


def compound_sequences(
    compounds: list[str], stints: int, *, dry_rule: bool
) -> list[tuple[str, ...]]:
    """Every compound sequence; with ``dry_rule`` at least two different dry compounds."""
    seqs = itertools.product(compounds, repeat=stints)
    if not dry_rule:
        return list(seqs)
    return [
        s
        for s in seqs
        if len({c for c in s if c in DRY_COMPOUNDS}) >= 2 or any(c not in DRY_COMPOUNDS for c in s)
    ]


def score_strategies(setup: RaceSetup, stops: int, compounds: list[str]) -> pd.DataFrame:
    """Closed-form clean-air cost (s, relative) of every strategy with ``stops`` stops."""
    grid = stop_lap_grid(setup.total_laps, stops)
    if len(grid) == 0:
        return pd.DataFrame(columns=["stops", "stop_laps", "compounds", "cost_s"])
    bounds = np.hstack(
        [np.zeros((len(grid), 1), int), grid, np.full((len(grid), 1), setup.total_laps)]
    )
    length = np.diff(bounds, axis=1).astype(float)  # (m, stints)
    tri = length * (length + 1) / 2
    fits = setup.degradation.compounds
    frames = []
    for seq in compound_sequences(compounds, stops + 1, dry_rule=not setup.wet):
        off = np.array([fits[c].offset_s for c in seq])
        wear = np.array([fits[c].wear_s_per_lap for c in seq])
        cost = length @ off + tri @ wear + stops * setup.pit.green_s
        cost[~within_age_limits(setup.tyre_age_limit, seq, length)] = np.inf
        best = np.argsort(cost)[:5]
        best = best[
            np.isfinite(cost[best])
        ]  # keep a handful per sequence; the rest cannot make the top
        frames.append(pd.DataFrame({"stops": stops, "stop_laps": [tuple(grid[i]) for i in best],
                                    "compounds": [seq] * len(best), "cost_s": cost[best]}))  # fmt: skip
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=["stops", "stop_laps", "compounds", "cost_s"])
    return pd.concat(frames, ignore_index=True).sort_values("cost_s", ignore_index=True)


def optimise_strategy(
    setup: RaceSetup,
    driver: str,
    *,
    max_stops: int = 3,
    top_k: int = 3,
    n_sims: int = 300,
    seed: int = 0,
) -> pd.DataFrame:
    """Best strategies with 1..``max_stops`` stops for ``driver``, raced against the field.

    With the race known up to lap N (``setup.from_lap``), the candidates are plans for the
    rest of the race from the car's current tyres with 0..``max_stops`` more stops, against its
    default plan (``planned``, see ``rest_of_race.py``).

    Returns:
        One row per candidate (and ``actual``): ``label``, ``stops``, ``strategy``, ``code``,
        ``clean_air_cost_s``, ``mean_time_s``, ``time_sd_s``, ``delta_vs_actual_s`` (same random
        races), ``mean_position``, ``p_win``, ``p_podium``, ``p_points`` and ``positions`` (the
        distribution as a list of probabilities for P1..Pn).

    Raises:
        InvalidStrategy: the driver did not start or retired before half distance.
    """
    i = setup.index(driver)
    if setup.laps_done[i] < setup.total_laps and setup.from_lap:
        raise InvalidStrategy(f"{driver} is out of the race by lap {setup.from_lap}.")
    if setup.laps_done[i] < setup.total_laps:
        raise InvalidStrategy(
            f"{driver} did not finish this race; the optimiser needs a full race distance."
        )
    compounds = [c for c in setup.compounds_seen if c in setup.degradation.compounds
                 and setup.degradation.compounds[c].source == "fitted"]  # fmt: skip
    if len(compounds) < (1 if setup.wet else 2):
        raise InvalidStrategy(
            "This race has too few compounds with a fitted degradation to optimise."
        )
    if setup.from_lap:  # the race as known at lap N: plans for the rest from the current tyres
        plans = plans_from_lap(setup, driver, stops=range(max_stops + 1), keep=top_k)
        candidates = [("planned", setup.actual[driver], float("nan"))] + [
            (f"+{row.stops} stop{'s' if row.stops != 1 else ''}", row.strategy, float(row.cost_s))
            for row in plans.groupby("stops").head(top_k).itertuples(index=False)
            if row.strategy != setup.actual[driver]
        ]  # fmt: skip
    else:
        candidates = _full_race_candidates(setup, driver, compounds, max_stops, top_k)
    return _race_candidates(setup, driver, i, candidates, n_sims, seed)


def _full_race_candidates(setup: RaceSetup, driver: str, compounds: list[str], max_stops: int,
                          top_k: int) -> list[tuple[str, Strategy, float]]:  # fmt: skip
    candidates = [("actual", setup.actual[driver], float("nan"))]
    for stops in range(1, max_stops + 1):
        scored = score_strategies(setup, stops, compounds).head(top_k)
        for row in scored.itertuples(index=False):
            strat = Strategy(tuple(row.compounds), tuple(int(x) for x in row.stop_laps))
            strat = keep_start_set(strat, setup.actual[driver])
            candidates.append((f"{stops}-stop", strat, float(row.cost_s)))
    return candidates


def _race_candidates(setup: RaceSetup, driver: str, i: int, candidates: list, n_sims: int,
                     seed: int) -> pd.DataFrame:  # fmt: skip
    draws = draw_race(setup, n_sims, seed)
    n = len(setup.drivers)
    rows = []
    for label, strat, cost in candidates:
        sim = simulate_race(
            setup,
            {driver: strat},
            mode="monte_carlo",
            draws=draws,
            check=label not in {"actual", "planned"},
        )
        t = sim.finish_time()[:, i]
        pos = sim.positions[:, i]
        rows.append({"label": label, "stops": len(strat.stop_laps), "strategy": strat.describe(),
                     "code": strat.code(), "clean_air_cost_s": cost, "mean_time_s": float(t.mean()),
                     "time_sd_s": float(t.std()), "_t": t, "mean_position": float(pos.mean()),
                     "p_win": float((pos == 1).mean()), "p_podium": float((pos <= 3).mean()),
                     "p_points": float((pos <= 10).mean()),
                     "positions": (np.bincount(pos, minlength=n + 1)[1:] / len(pos)).tolist()})  # fmt: skip
    actual_t = rows[0]["_t"]
    for r in rows:
        r["delta_vs_actual_s"] = float((r.pop("_t") - actual_t).mean())
    return pd.DataFrame(rows)
