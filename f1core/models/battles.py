"""Battle forecast: every pair of cars within 2.5 s at a lap, its gap trend and pass chances.

Pass probabilities come from the overtake model (calibrated, the chance of a pass by the end
of the next lap). Over 3 and 5 laps they compound the one-lap chance as if each lap were a new
draw with the same chance, ``1 - (1 - p)^k``: an approximation that ignores how the gap will
move, stated wherever the numbers are shown. The validation scores that approximation on
every stored race against what happened within k laps, next to the naive forecast "the gap
shrinks": a pass is predicted (probability 1) when the gap closed over the last laps.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss, roc_auc_score

from f1core.models import features_overtake as feat

TREND_LAPS = 3
HORIZONS = (1, 3, 5)
_KEY = ["year", "round", "session_code"]
METHOD_NOTE = (
    "P(pass within 1 lap) is the calibrated overtake model; within 3 and 5 laps compounds it as "
    "1 - (1 - p)^k (each lap a new draw at today's chance, the gap's trend not modelled). "
    f"Gap trend: change of the gap over the last {TREND_LAPS} laps, per lap (negative: closing)."
)


def with_gap_trend(pairs: pd.DataFrame, laps: pd.DataFrame) -> pd.DataFrame:
    """``pairs`` plus ``trend_s_per_lap``: how the gap moved over the last ``TREND_LAPS`` laps.

    Args:
        pairs: overtake pair rows (``driver_a`` ahead of ``driver_b``, ``gap_s`` at the line).
        laps: the same races' laps with ``lap_end_s`` (session time at the line).
    """
    ends = laps[[*_KEY, "driver", "lap_number", "lap_end_s"]]
    before = pairs.assign(lap_number=pairs["lap_number"] - TREND_LAPS)
    for side in ("a", "b"):
        before = before.merge(
            ends.rename(columns={"driver": f"driver_{side}", "lap_end_s": f"end_{side}"}),
            on=[*_KEY, "lap_number", f"driver_{side}"], how="left",
        )  # fmt: skip
    earlier_gap = (before["end_b"] - before["end_a"]).to_numpy()
    return pairs.assign(trend_s_per_lap=(pairs["gap_s"].to_numpy() - earlier_gap) / TREND_LAPS)


def pass_within(p_one_lap: pd.Series | np.ndarray, laps_ahead: int):
    """Chance of a pass within ``laps_ahead`` laps from the one-lap chance (see module doc)."""
    return 1.0 - (1.0 - np.asarray(p_one_lap, float)) ** laps_ahead


def laps_to_drs(gap_s: float, trend_s_per_lap: float) -> float:
    """Laps until the chaser is within DRS range at the current trend (0: already; inf: never)."""
    if gap_s <= feat.DRS_GAP_S:
        return 0.0
    if not trend_s_per_lap < 0:  # opening, steady or unknown
        return math.inf
    return float(math.ceil((gap_s - feat.DRS_GAP_S) / -trend_s_per_lap))


def battle_table(pairs: pd.DataFrame, p_one_lap: pd.Series, *, lap: int) -> pd.DataFrame:
    """The battles at ``lap``: chaser, car ahead, gap, trend, laps to DRS, tyres, pass chances.

    Args:
        pairs: pair rows with ``trend_s_per_lap`` (:func:`with_gap_trend`).
        p_one_lap: the served P(pass by the end of the next lap), aligned with ``pairs``.
        lap: the lap whose end the battles are read at.
    """
    rows = pairs.assign(p1=np.asarray(p_one_lap, float))
    rows = rows[rows["lap_number"] == lap].sort_values("position_ahead")
    out = pd.DataFrame({
        "position": rows["position_ahead"].astype(int) + 1,
        "chaser": rows["driver_b"], "ahead": rows["driver_a"],
        "gap_s": rows["gap_s"].round(3), "trend_s_per_lap": rows["trend_s_per_lap"].round(3),
        "laps_to_drs": [laps_to_drs(g, t) for g, t in
                        zip(rows["gap_s"], rows["trend_s_per_lap"], strict=True)],
        "tyre_age_diff": rows["tyre_age_diff"], "compound_diff": rows["compound_diff"],
    })  # fmt: skip
    for k in HORIZONS:
        out[f"p_pass_{k}_lap{'s' if k > 1 else ''}"] = pass_within(rows["p1"], k).round(3)
    return out.reset_index(drop=True)


def validate_battles(held_out: pd.DataFrame, labelled: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """Brier score and AUC of the compounded forecast and of "the gap shrinks", per horizon.

    Args:
        held_out: pair rows with ``trend_s_per_lap`` and ``p_held_out`` (the one-lap chance
            from a fold model that never saw the pair's race).
        labelled: horizon -> pair rows with ``overtaken`` labelled that many laps on.

    Returns:
        One row per horizon: pairs, observed pass rate, model and baseline Brier and AUC.
    """
    keys = [*_KEY, "lap_number", "driver_a", "driver_b"]
    base = held_out.dropna(subset=["p_held_out", "trend_s_per_lap"])
    rows = []
    for k, frame in sorted(labelled.items()):
        both = base.merge(frame[[*keys, "overtaken"]], on=keys, suffixes=("_1", ""))
        y = both["overtaken"].to_numpy()
        model = pass_within(both["p_held_out"], k)
        shrinks = (both["trend_s_per_lap"] < 0).astype(float).to_numpy()
        rows.append({
            "horizon_laps": k, "pairs": len(both), "pass_rate": float(y.mean()),
            "brier_model": brier_score_loss(y, model), "brier_gap_shrinks": brier_score_loss(y, shrinks),
            "auc_model": roc_auc_score(y, model), "auc_gap_shrinks": roc_auc_score(y, shrinks),
        })  # fmt: skip
    return pd.DataFrame(rows)


def session_battles(store, model, key, *, lap: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The battle table of one stored race at ``lap`` and the model rows behind it.

    Returns:
        ``(table, rows)``: :func:`battle_table`, and the feature rows in the same order (for a
        SHAP explanation of one battle).

    Raises:
        NoData: no pair of cars within 2.5 s in this race.
    """
    from f1core.models import overtake

    pairs = overtake.pair_frame(store, key=key)
    laps = feat.load_pair_laps(store)
    pairs = with_gap_trend(pairs, laps[(laps["year"] == key.year) & (laps["round"] == key.round)])
    served = overtake.predict_pairs(model, pairs)["p_shown"]
    table = battle_table(pairs, served, lap=lap)
    rows = pairs[pairs["lap_number"] == lap].sort_values("position_ahead").reset_index(drop=True)
    return table, rows


def battle_validation(store, model) -> pd.DataFrame:
    """:func:`validate_battles` over every stored race, on the model's held-out predictions."""
    from f1core.models import overtake

    pairs = with_gap_trend(overtake.pair_frame(store), feat.load_pair_laps(store))
    held = pairs.assign(p_held_out=overtake.predict_pairs(model, pairs)["p_model_held_out"])
    labelled = {k: overtake.pair_frame(store, horizon=k) for k in HORIZONS}
    return validate_battles(held, labelled)
