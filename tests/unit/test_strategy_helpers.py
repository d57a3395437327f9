"""Tiny hand-built races for the strategy unit tests (no store, invented numbers by design)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from f1core.store import SessionKey
from f1core.strategy.degradation import CompoundFit, DegradationFit
from f1core.strategy.fuel import FuelModel
from f1core.strategy.pace_model import NeutralisationModel, StartModel
from f1core.strategy.pit_loss import PitLoss
from f1core.strategy.race import RaceSetup, Strategy


def tiny_setup(
    pace=(90.0, 90.5, 91.0),
    *,
    laps: int = 10,
    threshold_s: float = 1.0,
    conditions=None,
    laps_done=None,
    wear=(("SOFT", -0.5, 0.10), ("MEDIUM", 0.0, 0.05), ("HARD", 0.3, 0.02)),
    strategies=None,
    sc_rate: float = 0.0,
) -> RaceSetup:
    drivers = tuple(f"D{i + 1}" for i in range(len(pace)))
    fits = {c: CompoundFit(c, off, 0.01, w, 0.001, 0.0, 50) for c, off, w in wear}
    fuel = FuelModel(0.05, 0.03, 0.001, "fitted", laps)
    fit = DegradationFit(
        fits, "MEDIUM", dict(zip(drivers, pace, strict=True)), fuel, 0.3, pd.DataFrame()
    )
    done = np.full(len(pace), laps) if laps_done is None else np.asarray(laps_done)
    actual = strategies or {d: Strategy(("MEDIUM", "HARD"), (laps // 2,)) for d in drivers}
    return RaceSetup(
        key=SessionKey(2099, 1, "R"), event_name="Test GP", circuit="Test", total_laps=laps,
        drivers=drivers, grid=np.arange(1, len(pace) + 1, dtype=float), pace=np.array(pace, dtype=float),
        degradation=fit, pit=PitLoss(20.0, 10.0, 12.0, 10, 5, 5),
        conditions=tuple(conditions or ["green"] * laps), start=StartModel(2.0, 0.5, 2.0, len(pace)),
        neutral=NeutralisationModel(1.4, 1.3, sc_rate, 0.0, 3.0, 2.0), threshold_s=threshold_s,
        laps_done=done, retired=done < laps, wet=False, compounds_seen=("SOFT", "MEDIUM", "HARD"),
        actual=actual, actual_position={d: i + 1 for i, d in enumerate(drivers)}, elapsed=pd.DataFrame(),
    )  # fmt: skip


def clean_air_time(setup: RaceSetup, i: int, strategy: Strategy) -> float:
    """Race time of car ``i`` alone, summed lap by lap in plain Python (the reference)."""
    fits = setup.degradation.compounds
    total, stint, age = 0.0, 0, strategy.ages[0]
    for lap in range(1, setup.total_laps + 1):
        c = fits[strategy.compounds[stint]]
        t = setup.pace[i] + c.offset_s + c.wear_s_per_lap * age
        t += setup.degradation.fuel.s_per_lap * (setup.total_laps - lap + 1)
        if lap == 1:
            t += setup.start.extra_s + setup.start.per_slot_s * (setup.grid[i] - 1)
        if lap in strategy.stop_laps:
            t += setup.pit.green_s
            stint += 1
            age = strategy.ages[stint]
        else:
            age += 1
        total += t
    return total
