"""Undercut and overcut between two cars at a given lap, from the deterministic simulator."""

from __future__ import annotations

import pandas as pd

from f1core.errors import InvalidStrategy
from f1core.strategy.race import RaceSetup, Strategy, check_strategy
from f1core.strategy.simulate import simulate_race


def move_nearest_stop(strategy: Strategy, lap: int, *, driver: str = "") -> Strategy:
    """The strategy with its stop nearest to ``lap`` moved to ``lap`` (compounds kept).

    Raises:
        InvalidStrategy: the strategy has no stop, or the move would reorder the stops.
    """
    if not strategy.stop_laps:
        raise InvalidStrategy(
            f"{driver or 'This car'} made no tyre stop in this race; add one in the editor first."
        )
    j = min(range(len(strategy.stop_laps)), key=lambda k: abs(strategy.stop_laps[k] - lap))
    stops = list(strategy.stop_laps)
    stops[j] = lap
    ages = (*strategy.ages[: j + 1], 1, *strategy.ages[j + 2 :])
    return Strategy(strategy.compounds, tuple(stops), ages)


def undercut_duel(
    setup: RaceSetup, attacker: str, defender: str, lap: int, *, response_laps: int = 1
) -> pd.DataFrame:
    """Undercut (attacker stops first) and overcut (attacker stays out) against one defender.

    Args:
        attacker, defender: the two cars.
        lap: the lap the first of the two stops.
        response_laps: how many laps later the other car stops.

    Returns:
        Rows ``as raced`` (``as planned`` from lap N), ``undercut`` and ``overcut`` with each car's stop lap, the gap
        attacker - defender (s, negative = attacker ahead) before ``lap`` and after both stopped,
        the gain, and the final positions.

    Raises:
        InvalidStrategy: unknown driver, a car without a stop, or a stop outside the race.
    """
    if attacker == defender:
        raise InvalidStrategy("Pick two different cars for an undercut.")
    ia, idf = setup.index(attacker), setup.index(defender)
    after = lap + response_laps + 2
    if after > min(setup.laps_done[ia], setup.laps_done[idf]):
        raise InvalidStrategy(
            f"Both cars must still be running on lap {after} to compare the stops."
        )
    plans = {"as planned" if setup.from_lap else "as raced": {}}
    for name, first, second in (("undercut", attacker, defender), ("overcut", defender, attacker)):
        plan = {
            first: _stop_on(setup, first, lap),
            second: _stop_on(setup, second, lap + response_laps),
        }
        for d, s in plan.items():
            check_strategy(setup, d, s, enforce_rules=False)
        plans[name] = plan
    rows = []
    for name, plan in plans.items():
        sim = simulate_race(setup, plan, check=False)
        e = sim.elapsed[0]
        before, later = e[lap - 2, ia] - e[lap - 2, idf], e[after - 1, ia] - e[after - 1, idf]
        rows.append({"scenario": name,
                     "attacker_stop": _stop_near(plan.get(attacker, setup.actual[attacker]), lap),
                     "defender_stop": _stop_near(plan.get(defender, setup.actual[defender]), lap),
                     "gap_before_s": float(before), f"gap_lap_{after}_s": float(later),
                     "attacker_gain_s": float(before - later), "attacker_ahead": bool(later < 0),
                     "attacker_finish": int(sim.positions[0, ia]), "defender_finish": int(sim.positions[0, idf])})  # fmt: skip
    return pd.DataFrame(rows)


def _stop_on(setup: RaceSetup, driver: str, lap: int) -> Strategy:
    """The car's strategy with a stop on ``lap`` (after lap N when the race is known up to N)."""
    if setup.from_lap:
        from f1core.strategy.rest_of_race import stop_at

        return stop_at(setup, driver, lap)
    return move_nearest_stop(setup.actual[driver], lap, driver=driver)


def _stop_near(strategy: Strategy, lap: int) -> int | None:
    return min(strategy.stop_laps, key=lambda s: abs(s - lap)) if strategy.stop_laps else None
