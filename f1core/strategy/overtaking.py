"""How the simulator decides who gets past: one threshold, a circuit's threshold, or the overtake model.

Three pass rules, each fitted on races other than the one forecast (its whole weekend left out):

* ``global``: one pace advantage (s/lap) pooled over every other stored race; a car at least
  that much quicker in clean air than the car ahead gets by, any slower one is held up.
* ``circuit``: the same threshold fitted on the circuit's other races only, shrunk towards the
  global one with ``CIRCUIT_PRIOR_PAIRS`` pseudo-pairs (most circuits are stored once, so
  most races get the global threshold back).
* ``model``: each lap, each close pair (within ``GAP_THRESHOLD_S``) is cleared with the
  Platt-calibrated probability of the overtake classifier (``models/features_overtake``
  features: gap, last-lap and three-lap pace difference, tyre age and compound difference,
  DRS, track status, place, laps left, circuit swap rate), refitted without the race.

Which rule the backtest uses is ``PASS_RULE``: the one that backtested best (see the model card
and ``strategy backtest --compare-passing``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from f1core.models import features_overtake as feat
from f1core.models.features_laptime import COMPOUND_CODES, session_group
from f1core.strategy import pace_model as pm

PassRule = Literal["global", "circuit", "model"]
PASS_RULES: tuple[PassRule, ...] = ("global", "circuit", "model")
#: Pseudo-pairs at the global threshold added to a circuit's own pairs (about four races' worth).
CIRCUIT_PRIOR_PAIRS = 400.0
GAP_THRESHOLD_S = feat.GAP_THRESHOLD_S
_MIN_PASSES = 30  # fewer passes than this in the other races: no model, the threshold decides
_PARAMS = {"max_depth": 3, "eval_metric": "logloss"}


@dataclass(frozen=True)
class PassModel:
    """Calibrated P(the car behind is ahead one lap later) for one race's close pairs."""

    estimator: object = field(repr=False)  # xgboost.XGBClassifier
    calibrator: object = field(repr=False)
    circuit_swap_rate: float
    pairs: int
    passes: int

    def probability(self, features: np.ndarray) -> np.ndarray:
        """Calibrated probability for rows of ``feat.FEATURES`` (a ``(rows, features)`` array)."""
        from f1core.models.calibration import apply_platt  # sklearn: only when a model is used

        if not len(features):
            return np.empty(0)
        raw = self.estimator.predict_proba(features)[:, 1]
        return apply_platt(self.calibrator, raw)


def fit_pass_model(pairs: pd.DataFrame, *, circuit_swap_rate: float = float("nan"),
                   fast: bool = True) -> PassModel | None:  # fmt: skip
    """The overtake classifier on ``pairs`` (``features_overtake.build_pair_frame`` rows).

    The calibrator sees only held-out predictions (grouped by session), as in ``models/overtake``.

    Returns:
        None when the pairs hold too few passes or sessions to fit and calibrate.
    """
    from sklearn.model_selection import GroupKFold  # heavy imports only when a model is fitted
    from xgboost import XGBClassifier

    from f1core.models.calibration import fit_platt
    from f1core.models.training import xgb_params

    groups = session_group(pairs) if len(pairs) else pd.Series(dtype=str)
    y = pairs["overtaken"].astype(int) if len(pairs) else pd.Series(dtype=int)
    if int(y.sum()) < _MIN_PASSES or groups.nunique() < 3:
        return None
    x = pairs[feat.FEATURES].to_numpy(float)
    raw = np.full(len(x), np.nan)
    for tr, te in GroupKFold(n_splits=min(5, groups.nunique())).split(x, y, groups):
        est = XGBClassifier(**xgb_params(fast=fast, **_PARAMS)).fit(x[tr], y.iloc[tr])
        raw[te] = est.predict_proba(x[te])[:, 1]
    final = XGBClassifier(**xgb_params(fast=fast, **_PARAMS)).fit(x, y)
    return PassModel(final, fit_platt(raw, y), float(circuit_swap_rate), len(x), int(y.sum()))


def circuit_thresholds(pairs_by_race: list[tuple[str, pd.DataFrame]],
                       global_threshold_s: float) -> dict[str, tuple[float, int]]:  # fmt: skip
    """Each circuit's threshold from its own pairs, shrunk towards ``global_threshold_s``.

    Args:
        pairs_by_race: ``(circuit, overtaking pairs)`` of the races to pool (already without
            the forecast race).

    Returns:
        ``circuit -> (threshold_s, pairs)``; a circuit whose own pairs cannot be fitted keeps
        the global threshold.
    """
    by_circuit: dict[str, list[pd.DataFrame]] = {}
    for circuit, pairs in pairs_by_race:
        if len(pairs):
            by_circuit.setdefault(circuit, []).append(pairs)
    out = {}
    for circuit, frames in by_circuit.items():
        pairs = pd.concat(frames, ignore_index=True)
        own, n, passes = pm.fit_overtaking_threshold(pairs)
        if passes < 5 or passes == n or own == pm.DEFAULT_THRESHOLD_S:  # the fit fell back
            out[circuit] = (global_threshold_s, 0)
            continue
        w = n / (n + CIRCUIT_PRIOR_PAIRS)
        out[circuit] = (float(w * own + (1 - w) * global_threshold_s), n)
    return out


@dataclass(frozen=True)
class PassInputs:
    """What the lap loop needs to ask the pass model (arrays are ``(cars, laps)`` in car order)."""

    model: PassModel
    u: np.ndarray  # (sims, laps, cars) uniforms
    compound_code: np.ndarray
    age: np.ndarray
    total_laps: int


def lap_history(
    cum: np.ndarray, free: np.ndarray, known, first: int, retired_lap_s: float
) -> np.ndarray:
    """``(4, sims, cars)`` race time at the end of laps N-3..N (the real laps where ``known``), for
    the model's pace features; ``retired_lap_s``: the lap loop's lap time of a retired car."""
    sims, _, cars = free.shape
    past = [cum]
    for back in range(1, 4):
        if known is not None and first - back >= 1:
            prev = known[first - back - 1]
            prev = np.where(np.isfinite(prev), prev, cum - back * retired_lap_s)
            past.append(np.broadcast_to(prev, (sims, cars)))
        else:  # before the known laps: the free lap times of the first simulated lap
            past.append(past[-1] - free[:, max(first, 0), :])
    return np.stack(past[::-1]).astype(float)


def model_passes(passes: PassInputs, history, order, rows, tf, green_now, prev_c, lap: int,
                 by_threshold: np.ndarray, retired_lap_s: float) -> np.ndarray:  # fmt: skip
    """Which cars (behind each adjacent pair, road order) the simulator's lap loop clears this lap.

    Close pairs (within ``GAP_THRESHOLD_S``) under green are cleared with the model's
    probability; far apart cars are not held up this lap; past a retired car always; SC/VSC laps
    keep the threshold rule (nobody passes).
    """
    h = history[:, rows, order]  # (4, sims, cars) in road order
    gap = np.diff(h[-1], axis=1)
    running = tf < retired_lap_s / 2  # a retired car runs a retired_lap_s lap in the loop
    green = green_now[:, None]
    close = (gap < GAP_THRESHOLD_S) & green & running[:, 1:] & running[:, :-1]
    free_air = green & ~close
    if not close.any():
        return by_threshold | free_air
    comp = passes.compound_code[:, lap - 1][order]
    age = passes.age[:, lap - 1][order].astype(float)
    sim, pair = np.nonzero(close)
    x = pair_rows(
        sim, pair, np.concatenate([np.zeros((gap.shape[0], 1)), gap], axis=1), h[-1] - h[-2],
        (h[-1] - h[0]) / 3, age, comp, prev_c, lap=lap, total_laps=passes.total_laps,
        circuit_swap_rate=passes.model.circuit_swap_rate,
    )  # fmt: skip
    u = passes.u[sim, lap, order[sim, pair + 1]]  # the car behind's draw
    cleared = np.zeros(close.shape, dtype=bool)
    cleared[sim, pair] = u < passes.model.probability(x)
    return np.where(close, cleared, by_threshold | free_air)


def pair_features(gap_s: np.ndarray, last_lap_s: np.ndarray, last3_s: np.ndarray, age: np.ndarray,
                  compound_code: np.ndarray, status: np.ndarray, *, lap: int, total_laps: int,
                  circuit_swap_rate: float) -> np.ndarray:  # fmt: skip
    """Overtake-model features of every adjacent pair in road order, as the simulator knows them.

    All inputs are ``(sims, cars)`` in road order at the end of lap ``lap`` (1-based);
    ``status`` is that lap's condition code (0 green, 1 SC, 2 VSC). Pair ``i`` is the car in
    place ``i + 1`` (ahead) and the one right behind it.

    Returns:
        ``(sims, cars - 1, len(feat.FEATURES))`` in ``feat.FEATURES`` order.
    """
    sims, cars = gap_s.shape
    sim, pair = (a.ravel() for a in np.indices((sims, cars - 1)))
    x = pair_rows(sim, pair, gap_s, last_lap_s, last3_s, age, compound_code, status, lap=lap,
                  total_laps=total_laps, circuit_swap_rate=circuit_swap_rate)  # fmt: skip
    return x.reshape(sims, cars - 1, len(feat.FEATURES))


def pair_rows(sim: np.ndarray, pair: np.ndarray, gap_s, last_lap_s, last3_s, age, compound_code,
              status, *, lap: int, total_laps: int, circuit_swap_rate: float) -> np.ndarray:  # fmt: skip
    """:func:`pair_features` of the chosen pairs only: rows ``(sim[k], pair[k])``, ``(k, features)``.

    The lap loop asks the model about close pairs only (a few per race), so only their rows
    are built.
    """
    ahead, behind = (sim, pair), (sim, pair + 1)
    gap = gap_s[behind]
    green = status[sim] == 0
    cols = {
        "gap_s": gap,
        "pace_diff_s": last_lap_s[ahead] - last_lap_s[behind],
        "pace3_diff_s": last3_s[ahead] - last3_s[behind],
        "tyre_age_diff": age[behind] - age[ahead],
        "compound_diff": compound_code[behind] - compound_code[ahead],
        "drs_available": (gap <= feat.DRS_GAP_S) & green & (lap >= feat.DRS_FIRST_LAP - 1),
        "status_sc": status[sim] == 1,
        "status_vsc": status[sim] == 2,
        "status_yellow": 0.0,
        "position_ahead": pair + 1,
        "laps_remaining": float(total_laps - lap),
        "circuit_swap_rate": circuit_swap_rate,
    }  # fmt: skip
    x = np.empty((len(sim), len(feat.FEATURES)))
    for j, name in enumerate(feat.FEATURES):
        x[:, j] = cols[name]
    return x


def compound_codes(compounds: list[str]) -> np.ndarray:
    """The overtake model's code of each compound index (NaN for one it does not know)."""
    return np.array([COMPOUND_CODES.get(c, np.nan) for c in compounds], dtype=float)
