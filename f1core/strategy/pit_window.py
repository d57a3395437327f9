"""Pit window: where a car would rejoin if it stopped on each lap of a window, as a distribution."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from f1core.errors import InvalidStrategy
from f1core.strategy.race import RaceSetup, check_strategy
from f1core.strategy.rest_of_race import stop_at
from f1core.strategy.simulate import draw_race, simulate_race
from f1core.strategy.undercut import move_nearest_stop

TRAFFIC_WINDOW_S = (
    2.0  # cars this close at the end of the in-lap are the traffic met on the out-lap
)


def pit_window(
    setup: RaceSetup, driver: str, laps: range, *, n_sims: int = 200, seed: int = 0
) -> pd.DataFrame:
    """Rejoin position and traffic for a stop on each lap of ``laps`` (Monte Carlo, shared draws).

    The driver's stop nearest to each lap is moved there; everything else is as raced, with
    random SC/VSC periods and lap noise from the same seed for every lap of the window.

    Returns:
        One row per lap: ``lap``, ``rejoin_mean``, ``rejoin_p10``, ``rejoin_p90``,
        ``rejoin_dist`` (probabilities for P1..Pn), ``traffic`` (cars within 2 s, with the
        share of races), ``finish_mean``.

    Raises:
        InvalidStrategy: the driver made no stop, or a lap is outside the race.
    """
    i = setup.index(driver)
    n = len(setup.drivers)
    draws = draw_race(setup, n_sims, seed)
    rows = []
    for lap in laps:
        if not 1 <= lap < min(setup.total_laps, int(setup.laps_done[i])):
            raise InvalidStrategy(
                f"Lap {lap} is outside {driver}'s race (laps 1-{int(setup.laps_done[i]) - 1})."
            )
        moved = (stop_at(setup, driver, lap) if setup.from_lap
                 else move_nearest_stop(setup.actual[driver], lap, driver=driver))  # fmt: skip
        strat = check_strategy(setup, driver, moved, enforce_rules=False)
        sim = simulate_race(setup, {driver: strat}, mode="monte_carlo", draws=draws, check=False)
        pos = sim.positions_at(lap)[:, i]
        e = sim.elapsed[:, lap - 1, :]
        near = np.abs(e - e[:, [i]]) < TRAFFIC_WINDOW_S
        near[:, i] = False
        counts = Counter(
            {setup.drivers[j]: int(near[:, j].sum()) for j in range(n) if near[:, j].any()}
        )
        traffic = ", ".join(f"{d} {c / n_sims:.0%}" for d, c in counts.most_common(4))
        rows.append({"lap": lap, "rejoin_mean": float(pos.mean()), "rejoin_p10": float(np.percentile(pos, 10)),
                     "rejoin_p90": float(np.percentile(pos, 90)),
                     "rejoin_dist": (np.bincount(pos, minlength=n + 1)[1:] / n_sims).tolist(),
                     "traffic": traffic, "finish_mean": float(sim.positions[:, i].mean())})  # fmt: skip
    return pd.DataFrame(rows)
