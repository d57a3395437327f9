"""Tyre strategies as lap-by-lap arrays: compound index, tyre age and pit flag per car and lap.

Sits between ``plan.py`` (a strategy as compounds and stop laps) and ``race.py``/``simulate.py``
(which read the arrays), so the package reads top-down: plan -> encoding -> race -> simulate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from f1core.strategy.plan import Strategy

Encoded = tuple[np.ndarray, np.ndarray, np.ndarray]


def encode_plans(
    drivers: Sequence[str],
    plans: Mapping[str, Strategy],
    compounds: Sequence[str],
    total_laps: int,
    *,
    base: Encoded | None = None,
) -> Encoded:
    """Strategies -> ``(compound index, tyre age, pit flag)`` arrays of shape ``(cars, laps)``.

    Args:
        drivers: car order of the rows.
        plans: driver -> strategy; with ``base``, only these rows are rewritten.
        compounds: the compound order the index refers to (the degradation fit's).
        total_laps: race distance.
        base: arrays to start from (copied, never changed); without it every driver needs a plan.
    """
    n = total_laps
    if base is not None:
        comp, age, pit = (a.copy() for a in base)
    else:
        comp = np.empty((len(drivers), n), dtype=int)
        age = np.empty((len(drivers), n))
        pit = np.zeros((len(drivers), n), dtype=bool)
    index = {c: k for k, c in enumerate(compounds)}
    row = {d: i for i, d in enumerate(drivers)}
    laps = np.arange(n, dtype=float)
    for d, s in plans.items():
        i = row[d]
        bounds = np.array((0, *s.stop_laps, n))
        lengths = np.diff(bounds)
        comp[i] = np.repeat([index[c] for c in s.compounds], lengths)
        age[i] = laps - np.repeat(bounds[:-1], lengths) + np.repeat(s.ages, lengths)
        pit[i] = False
        pit[i, bounds[1:-1] - 1] = True
    return comp, age, pit
