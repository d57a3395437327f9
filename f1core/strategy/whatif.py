"""What-if: one driver's edited strategy against what he actually did, side by side."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from f1core.strategy.overtaking import GAP_THRESHOLD_S
from f1core.strategy.race import RaceSetup, Strategy, check_strategy, keep_start_set
from f1core.strategy.simulate import draw_race, simulate_race

RUNS = ("actual race", "simulated as raced", "simulated edited")
#: Row names when the race is known up to lap N only: the real race stops at lap N.
RUNS_AT_LAP = ("actual to lap N", "simulated as planned", "simulated edited")
#: Times on screen to the millisecond, as timing screens show them (exports keep every digit).
DISPLAY_DECIMALS = 3


def _prefix(strategy: Strategy, lap: int) -> str:
    """What had been run by the end of ``lap`` (the whole strategy when ``lap`` is 0)."""
    if not lap:
        return strategy.describe()
    k = sum(1 for s in strategy.stop_laps if s <= lap)
    return Strategy(strategy.compounds[: k + 1], strategy.stop_laps[:k]).describe()


@dataclass(frozen=True)
class WhatIf:
    """Outcome of an edited strategy.

    Attributes:
        table: rows ``actual race``, ``simulated as raced``, ``simulated edited`` with
            ``strategy``, ``position``, ``race_time_s``.
        gaps: ``lap``, ``gap_s`` (to the leader), ``series`` for the three rows.
        monte_carlo: mean time gained (s, positive = edited faster), probability of finishing
            ahead / behind the as-raced position, over the same random races.
    """

    table: pd.DataFrame
    gaps: pd.DataFrame
    monte_carlo: dict[str, float]


def _gap(elapsed: np.ndarray, i: int) -> np.ndarray:
    """Gap of car ``i`` to the car with the least elapsed time at each lap (NaN/inf = not running)."""
    running = np.where(np.isfinite(elapsed), elapsed, np.inf)
    return elapsed[:, i] - running.min(axis=1)


def compare_strategy(
    setup: RaceSetup, driver: str, plan: Strategy, *, n_sims: int = 300, seed: int = 0
) -> WhatIf:
    """Simulate ``plan`` for ``driver`` (the rest of the field as raced) and compare.

    Raises:
        InvalidStrategy: the plan is impossible (see ``race.check_strategy``).
    """
    check_strategy(setup, driver, plan)
    plan = keep_start_set(plan, setup.actual[driver], from_lap=setup.from_lap)
    i = setup.index(driver)
    done = int(setup.laps_done[i])
    base = simulate_race(setup, check=False)
    edit = simulate_race(setup, {driver: plan}, check=False)
    actual = setup.elapsed.pivot(index="lap_number", columns="driver", values="elapsed_s")
    actual = actual.reindex(index=range(1, setup.total_laps + 1), columns=list(setup.drivers))
    names = RUNS_AT_LAP if setup.from_lap else RUNS
    known = setup.from_lap or done  # with the race known up to lap N, reality ends there
    rows = [
        (names[0], _prefix(setup.actual[driver], setup.from_lap), setup.actual_position[driver],
         float(actual[driver].get(known, np.nan))),
        (names[1], setup.actual[driver].describe(), int(base.positions[0, i]),
         float(base.finish_time()[0, i])),
        (names[2], plan.describe(), int(edit.positions[0, i]), float(edit.finish_time()[0, i])),
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=["run", "strategy", "position", "race_time_s"])
    laps = np.arange(1, setup.total_laps + 1)
    gaps = pd.concat([
        pd.DataFrame({"lap": laps, "gap_s": _gap(actual.to_numpy(), i), "series": names[0]}),
        pd.DataFrame({"lap": laps, "gap_s": _gap(base.elapsed[0], i), "series": names[1]}),
        pd.DataFrame({"lap": laps, "gap_s": _gap(edit.elapsed[0], i), "series": names[2]}),
    ], ignore_index=True)  # fmt: skip
    gaps = gaps[gaps["lap"] <= done].dropna()
    draws = draw_race(setup, n_sims, seed)
    mc_base = simulate_race(setup, mode="monte_carlo", draws=draws, check=False)
    mc_edit = simulate_race(setup, {driver: plan}, mode="monte_carlo", draws=draws, check=False)
    gain = mc_base.finish_time()[:, i] - mc_edit.finish_time()[:, i]
    better = mc_edit.positions[:, i] < mc_base.positions[:, i]
    worse = mc_edit.positions[:, i] > mc_base.positions[:, i]
    mc = {"sims": n_sims, "mean_gain_s": float(gain.mean()), "gain_sd_s": float(gain.std()),
          "p_gain_place": float(better.mean()), "p_lose_place": float(worse.mean())}  # fmt: skip
    return WhatIf(table, gaps, mc)


def passing_note(setup: RaceSetup) -> str:
    """Which pass rule each part of a what-if ran on, for the page under its table."""
    single = ("The simulated rows are one race with no random draws: a car gets by when it is at least "
              f"{setup.threshold_s:.2f} s/lap quicker (the overtake model is a probability, so it decides "
              "passes only where races are drawn).")  # fmt: skip
    if setup.pass_model is None:
        return f"{single} The Monte Carlo uses the same threshold."
    return (f"{single} In the Monte Carlo gain each close pair (within {GAP_THRESHOLD_S:.1f} s) is "
            "cleared with the calibrated overtake model's probability, fitted on the other stored "
            "races, as in the backtest.")  # fmt: skip


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of a what-if ``table`` with its times rounded to ``DISPLAY_DECIMALS``.

    For the screen only: the simulated race time 5465.013000000001 s reads 5465.013 s.
    """
    return table.round({"race_time_s": DISPLAY_DECIMALS})
