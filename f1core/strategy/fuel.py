"""Fuel: the time a car loses per lap for the fuel it still carries.

Policy (stated once): a car starts with ``FUEL_START_KG`` and burns it evenly over the race
distance, so the fuel still on board at lap ``n`` is proportional to the laps left. The lap-time
effect per lap of fuel is *estimated* from the race itself (the lap-number slope of a joint fit
in which tyre age resets at every stop, see ``degradation.py``); it is converted to s/kg with the
burn rate below. When the data cannot separate fuel from wear (few stops, a drying track), the
prior ``FUEL_EFFECT_S_PER_KG_PRIOR`` is used instead: 0.03 s per kg is the figure teams and
published simulators (e.g. TUMFTM race-simulation) use for a 2022+ car.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

FUEL_START_KG = 100.0  # regulations allow 110 kg; races are typically started with ~100 kg
FUEL_EFFECT_S_PER_KG_PRIOR = 0.03
#: Plausible range for the fitted lap-time gain per lap of fuel burnt (s/lap).
PLAUSIBLE_S_PER_LAP = (0.01, 0.12)


@dataclass(frozen=True)
class FuelModel:
    """How much slower a car is per lap of fuel still on board.

    Attributes:
        s_per_lap: lap-time cost of one lap's worth of fuel (s).
        s_per_kg: the same as seconds per kg, using the even-burn assumption.
        se_s_per_lap: standard error of the fitted value (NaN for the prior).
        source: ``fitted`` from the race laps or ``prior``.
        total_laps: race distance the burn rate rests on.
    """

    s_per_lap: float
    s_per_kg: float
    se_s_per_lap: float
    source: Literal["fitted", "prior"]
    total_laps: int


def burn_kg_per_lap(total_laps: int) -> float:
    """Fuel burnt per lap when ``FUEL_START_KG`` lasts exactly ``total_laps``."""
    return FUEL_START_KG / max(int(total_laps), 1)


def prior_fuel_model(total_laps: int) -> FuelModel:
    """The prior fuel effect (0.03 s/kg) for a race of ``total_laps``."""
    per_lap = FUEL_EFFECT_S_PER_KG_PRIOR * burn_kg_per_lap(total_laps)
    return FuelModel(per_lap, FUEL_EFFECT_S_PER_KG_PRIOR, float("nan"), "prior", int(total_laps))


def fuel_model_from_fit(gain_s_per_lap: float, se: float, total_laps: int) -> FuelModel:
    """A fitted fuel model, or the prior when the fitted gain is implausible.

    Args:
        gain_s_per_lap: how much faster the car gets per lap from burning fuel (positive).
        se: its standard error.
        total_laps: the race distance.
    """
    lo, hi = PLAUSIBLE_S_PER_LAP
    if not np.isfinite(gain_s_per_lap) or not lo <= gain_s_per_lap <= hi:
        return prior_fuel_model(total_laps)
    per_kg = gain_s_per_lap / burn_kg_per_lap(total_laps)
    return FuelModel(float(gain_s_per_lap), float(per_kg), float(se), "fitted", int(total_laps))


def fuel_penalty_s(model: FuelModel, lap: np.ndarray | int) -> np.ndarray:
    """Time lost on ``lap`` (1-based) to the fuel still on board at its start."""
    laps_left = model.total_laps - np.asarray(lap, dtype=float) + 1.0
    return model.s_per_lap * np.clip(laps_left, 0.0, None)
