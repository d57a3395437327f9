"""Overtake probability for close pairs, against a logistic baseline on gap and pace.

Evaluated grouped by session (no lap of a test race is seen in training); the card states
the base rate, since AUC-PR only means something beside it. Probabilities are calibrated by
Platt scaling (``calibration.py``) fitted on held-out predictions only: inside each evaluation
fold, on inner grouped folds of its training sessions; for the shipped model, on the
evaluation folds' held-out predictions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold
from xgboost import XGBClassifier

from f1core.errors import NoData
from f1core.models import features_overtake as feat
from f1core.models.baselines import fit_overtake_logistic, predict_overtake_logistic
from f1core.models.calibration import TOLERANCE, apply_platt, decile_table, fit_platt, high_band
from f1core.models.explain import Explanation, explain_row
from f1core.models.features_laptime import session_group
from f1core.models.metrics import auc_scores, brier, calibration_table
from f1core.models.registry import TrainedModel
from f1core.models.training import Progress, no_progress, xgb_params
from f1core.store import SessionKey, Store

N_FOLDS = 5
HORIZON_LAPS = 1  # default: ahead at the end of the next lap; `train overtake --horizon N`
_PARAMS = {"max_depth": 3, "eval_metric": "logloss"}
_PAIR_KEY = ["year", "round", "session_code", "lap_number", "driver_a", "driver_b"]


def pair_frame(
    store: Store, *, key: SessionKey | None = None, horizon: int = HORIZON_LAPS
) -> pd.DataFrame:
    """Pair rows of every race in the store (or of one session), labelled ``horizon`` laps on."""
    laps = feat.load_pair_laps(store)
    if key is not None:
        laps = laps[(laps["year"] == key.year) & (laps["round"] == key.round)
                    & (laps["session_code"] == key.session_code)]  # fmt: skip
    rates = feat.lap_chart_swap_rates(feat.load_lap_charts(store))
    frame = feat.build_pair_frame(laps, rates, horizon=horizon)
    if frame.empty:
        where = f"in {key}" if key else "in the store"
        raise NoData(f"No pairs of cars within {feat.GAP_THRESHOLD_S} s {where}.")
    return frame


def _raw_held_out(x: pd.DataFrame, y: pd.Series, groups: pd.Series, *, fast: bool) -> np.ndarray:
    """Uncalibrated predictions of each row by a model that never saw its session."""
    out = np.full(len(x), np.nan)
    folds = GroupKFold(n_splits=min(N_FOLDS, groups.nunique()))
    for tr, te in folds.split(x, y, groups):
        est = XGBClassifier(**xgb_params(fast=fast, **_PARAMS)).fit(x.iloc[tr], y.iloc[tr])
        out[te] = est.predict_proba(x.iloc[te])[:, 1]
    return out


def train(
    store: Store,
    *,
    fast: bool = False,
    progress: Progress = no_progress,
    horizon: int = HORIZON_LAPS,
) -> TrainedModel:
    """Fit the overtake classifier with a grouped-by-session evaluation; return it unsaved.

    Args:
        horizon: the label looks this many laps ahead (1 = the next lap).
    """
    if not 1 <= horizon <= 10:
        raise ValueError(f"horizon must be 1 to 10 laps, not {horizon}")
    progress(0.05, "building pairs")
    frame = pair_frame(store, horizon=horizon)
    groups = session_group(frame)
    x, y = frame[feat.FEATURES], frame["overtaken"]
    oof_model, oof_base = np.full(len(frame), np.nan), np.full(len(frame), np.nan)
    oof_raw = np.full(len(frame), np.nan)
    folds = GroupKFold(n_splits=min(N_FOLDS, groups.nunique()))
    for i, (tr, te) in enumerate(folds.split(x, y, groups)):
        progress(0.1 + 0.7 * i / folds.n_splits, f"fold {i + 1}/{folds.n_splits}")
        est = XGBClassifier(**xgb_params(fast=fast, **_PARAMS)).fit(x.iloc[tr], y.iloc[tr])
        oof_raw[te] = est.predict_proba(x.iloc[te])[:, 1]
        # The calibrator of this fold sees only held-out predictions of its training sessions.
        inner = _raw_held_out(x.iloc[tr], y.iloc[tr], groups.iloc[tr], fast=fast)
        oof_model[te] = apply_platt(fit_platt(inner, y.iloc[tr]), oof_raw[te])
        base = fit_overtake_logistic(frame.iloc[tr], y.iloc[tr])
        oof_base[te] = predict_overtake_logistic(base, frame.iloc[te])
    model_scores, base_scores = auc_scores(y, oof_model), auc_scores(y, oof_base)
    metrics = {
        m: {"model": model_scores[m], "logistic": base_scores[m]} for m in ("auc_roc", "auc_pr")
    }
    metrics["Brier"] = {"model": brier(y, oof_model), "logistic": brier(y, oof_base)}
    metrics["base rate"] = {
        "model": model_scores["base_rate"],
        "logistic": base_scores["base_rate"],
    }
    deciles = decile_table(y, oof_model)
    worst = float(deciles["error"].abs().max())
    per_session = []
    for session, idx in frame.groupby(groups).groups.items():
        pos = frame.index.get_indexer(idx)
        if y.iloc[pos].nunique() == 2:
            a, b = auc_scores(y.iloc[pos], oof_model[pos]), auc_scores(y.iloc[pos], oof_base[pos])
            per_session.append({"session": session, "pairs": len(pos), "base_rate": a["base_rate"],
                                "model": a["auc_roc"], "logistic": b["auc_roc"]})  # fmt: skip
    progress(0.85, "fitting the final model on every session")
    final = XGBClassifier(**xgb_params(fast=fast, **_PARAMS)).fit(x, y)
    calibrator = fit_platt(oof_raw, y)  # held-out predictions only
    baseline = fit_overtake_logistic(frame, y)
    beats = [m for m in ("auc_roc", "auc_pr") if metrics[m]["model"] > metrics[m]["logistic"]]
    beats += ["Brier"] if metrics["Brier"]["model"] < metrics["Brier"]["logistic"] else []
    served = "model" if len(beats) == 3 else "logistic"
    card = {
        "title": "Overtake within the next lap"
        if horizon == 1
        else f"Car behind is ahead {horizon} laps later",
        "estimator": "XGBClassifier",
        "target": f"the car behind is ahead {horizon} lap(s) later (pairs within {feat.GAP_THRESHOLD_S} s)",
        "data": f"{groups.nunique()} race/sprint sessions (lap positions); circuit rate from lap charts of earlier seasons",
        "split": f"GroupKFold by session ({folds.n_splits} folds)",
        "rows": len(frame),
        "metric_columns": ["model", "logistic"],
        "metrics": metrics,
        "backtest": per_session,
        "calibration": calibration_table(y, oof_model),
        "calibration_uncalibrated": calibration_table(y, oof_raw),
        "calibration_deciles": deciles.to_dict(orient="records"),
        "calibration_high_band": {
            "calibrated": high_band(y, oof_model),
            "uncalibrated": high_band(y, oof_raw),
        },
        "served": {"p_overtake": served},
        "verdict": (f"Beats the logistic baseline on {', '.join(beats)}." if beats else "")
        + (
            " Does NOT beat it on "
            + ", ".join(m for m in ("auc_roc", "auc_pr") if m not in beats)
            + "."
            if len(beats) < 2
            else ""
        )  # fmt: skip
        + f" Base rate {model_scores['base_rate']:.3f}."
        + f" Calibrated (Platt, held-out): every equal-count decile within {worst:.3f} of the observed rate"
        + (
            f" (tolerance {TOLERANCE})."
            if worst <= TOLERANCE
            else f", beyond the {TOLERANCE} tolerance."
        )
        + (
            ""
            if served == "model"
            else " The page shows the logistic baseline's probability instead."
        ),
        "notes": [
            "Pairs where either car pits within the horizon are left out (pit stops are not overtakes).",
            "DRS availability is approximated: gap at the line <= 1.0 s, green lap, lap 2 or later.",
            "Published anchor: AUC-ROC 0.876 for pairs within 2.5 s (different data and labels).",
            "Calibration deciles: ten equal-count groups of held-out predictions. Fixed 0.1-wide bins "
            "above 0.4 hold 20-60 pairs each (binomial standard error 0.06-0.11), too few to check "
            "to +-0.05 one by one; the pooled band of predictions >= 0.5 is shown instead.",
            f"Only {len(frame)} pairs from {groups.nunique()} sessions: treat the metrics as rough.",
            "In the race simulator: the strategy backtest and the Strategy page's Monte Carlo (what-if, "
            "optimiser, pit window) refit this classifier without the race (its whole weekend) and clear "
            "close cars with its calibrated probability; it backtested better than one "
            "global pace threshold and than a per-circuit threshold (`strategy backtest --compare-passing`, "
            "Strategy > Validation > pass rules compared).",
        ],
    }
    return TrainedModel(
        name="overtake",
        estimators={"main": final, "logistic": baseline, "calibrator": calibrator},
        feature_names=list(feat.FEATURES),
        card=card,
        extras={
            "shap_sample": x.sample(min(400, len(x)), random_state=0).reset_index(drop=True),
            "horizon": horizon,
            "held_out": frame[_PAIR_KEY].assign(p_held_out=oof_model.astype("float32")),
        },
    )


def predict_pairs(model: TrainedModel, pairs: pd.DataFrame) -> pd.DataFrame:
    """P(overtake) from the model, its held-out evaluation fold, the logistic baseline, and
    ``p_shown``: the model's, or the baseline's where the card says the model loses to it.

    ``p_model_held_out`` comes from the fold model that never saw the pair's session;
    ``p_model`` is the current model, trained on every session (in-sample for kit races), both
    calibrated (a model saved before calibration has no calibrator and is shown raw).
    """
    out = pairs[["lap_number", "driver_a", "driver_b", "gap_s", "pace_diff_s", "overtaken"]].copy()
    raw = model.estimator.predict_proba(pairs[model.feature_names])[:, 1]
    out["p_model"] = apply_platt(model.estimators.get("calibrator"), raw)
    held = model.extras.get("held_out")
    out["p_model_held_out"] = (
        pairs[_PAIR_KEY].merge(held, on=_PAIR_KEY, how="left")["p_held_out"].to_numpy()
        if held is not None
        else np.nan
    )
    out["p_logistic"] = predict_overtake_logistic(model.estimators["logistic"], pairs)
    served = model.card.get("served", {}).get("p_overtake", "model")
    out["p_shown"] = out["p_logistic"] if served == "logistic" else out["p_model"]
    return out


def explain_pair(model: TrainedModel, row: pd.Series, *, explainer=None) -> Explanation:
    """SHAP values (log-odds) of one pair's overtake probability."""
    return explain_row(model, row, units="log-odds", explainer=explainer)
