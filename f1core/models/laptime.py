"""Next-lap-time model: XGBoost on the change from the last lap, against two baselines.

The model predicts ``next - last`` (so a tree model is not asked to know each track's
pace) and adds it back to the last lap. Evaluation is grouped by session: every race is
predicted by a model that never saw a lap of it. Where the model does not beat persistence on
green laps out of sample (the laps strategy needs), the card's ``served`` says so and the page
shows the persistence number as the prediction (``served_prediction``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold
from xgboost import XGBRegressor

from f1core.errors import NoData
from f1core.models import features_laptime as feat
from f1core.models.explain import Explanation, explain_row
from f1core.models.metrics import mae
from f1core.models.registry import TrainedModel
from f1core.models.training import Progress, no_progress, xgb_params
from f1core.store import SessionKey, Store

N_FOLDS = 5
TARGET_RATIO = 0.9  # green-lap MAE the model should reach, as a share of persistence's
# Pseudo-Huber: lap-time changes have huge outliers (SC, rain); depth 3 generalises better
# across sessions. Chosen from a handful of variants scored on these same folds (noted on the card).
_PARAMS = {"objective": "reg:pseudohubererror", "max_depth": 3}


def laptime_frame(store: Store) -> pd.DataFrame:
    """The lap-time feature frame of every race session in the store."""
    frame = feat.build_laptime_frame(feat.load_race_laps(store), feat.load_weather(store))
    if frame.empty:
        raise NoData("No race laps in the store to train the lap-time model; load a race first.")
    frame["stint_trend_s"] = frame["stint_trend_s"].fillna(frame["persistence_s"])
    return frame


def _green(frame: pd.DataFrame) -> pd.Series:
    flags = frame[["status_sc", "status_vsc", "status_yellow", "status_red"]].sum(axis=1)
    return (flags == 0) & (frame["last_was_out_lap"] == 0)


def score_predictions(frame: pd.DataFrame, predicted: np.ndarray) -> dict[str, dict[str, float]]:
    """MAE of the model and both baselines, on all rows and on green-flag laps."""
    green = _green(frame).to_numpy()
    out = {}
    for label, mask in (("MAE all laps (s)", slice(None)), ("MAE green laps (s)", green),
                        ("MAE other laps (s)", ~green)):  # fmt: skip
        out[label] = {
            "model": mae(frame["target_s"].to_numpy()[mask], predicted[mask]),
            "persistence": mae(
                frame["target_s"].to_numpy()[mask], frame["persistence_s"].to_numpy()[mask]
            ),
            "stint_trend": mae(
                frame["target_s"].to_numpy()[mask], frame["stint_trend_s"].to_numpy()[mask]
            ),
        }
    return out


def verdict(metrics: dict[str, dict[str, float]]) -> str:
    """One sentence per metric: does the model beat the best baseline on held-out laps?"""
    parts = []
    for label, row in metrics.items():
        best = min(("persistence", "stint_trend"), key=lambda b: row[b])
        if row["model"] < row[best]:
            parts.append(f"{label}: the model beats the best baseline ({best}).")
        else:
            parts.append(f"{label}: the model does NOT beat the {best} baseline.")
    return " ".join(parts)


def train(store: Store, *, fast: bool = False, progress: Progress = no_progress) -> TrainedModel:
    """Fit the lap-time model with a grouped-by-session evaluation; return it unsaved."""
    progress(0.05, "building lap features")
    frame = laptime_frame(store)
    groups = feat.session_group(frame)
    x, y = frame[feat.FEATURES].astype(float), frame["target_s"] - frame["last_lap_s"]
    oof = np.full(len(frame), np.nan)
    folds = GroupKFold(n_splits=min(N_FOLDS, groups.nunique()))
    per_session = []
    for i, (tr, te) in enumerate(folds.split(x, y, groups)):
        progress(0.1 + 0.7 * i / folds.n_splits, f"fold {i + 1}/{folds.n_splits}")
        est = XGBRegressor(**xgb_params(fast=fast, **_PARAMS))
        est.fit(x.iloc[tr], y.iloc[tr])
        oof[te] = frame["last_lap_s"].to_numpy()[te] + est.predict(x.iloc[te])
    for session, idx in frame.groupby(groups).groups.items():
        part = frame.loc[idx]
        per_session.append(
            {
                "session": session,
                "rows": len(part),
                "model": mae(part["target_s"], oof[frame.index.get_indexer(idx)]),
                "persistence": mae(part["target_s"], part["persistence_s"]),
                "stint_trend": mae(part["target_s"], part["stint_trend_s"]),
            }
        )
    metrics = score_predictions(frame, oof)
    green = metrics["MAE green laps (s)"]
    ratio = green["model"] / green["persistence"]
    other = metrics["MAE other laps (s)"]
    served = {"green": "model" if ratio < 1.0 else "persistence",
              "other": "model" if other["model"] < other["persistence"] else "persistence"}  # fmt: skip
    progress(0.85, "fitting the final model on every session")
    final = XGBRegressor(**xgb_params(fast=fast, **_PARAMS)).fit(x, y)
    card = {
        "title": "Next lap time",
        "estimator": "XGBRegressor (pseudo-Huber loss, depth 3) on next-minus-last lap time",
        "target": "time of the driver's next lap, seconds",
        "data": f"{groups.nunique()} race/sprint sessions in the store (laps + weather)",
        "split": f"GroupKFold by session ({folds.n_splits} folds): no lap of a test race is seen in training",
        "rows": len(frame),
        "metric_columns": ["model", "persistence", "stint_trend"],
        "metrics": metrics,
        "backtest": per_session,
        "verdict": verdict(metrics)
        + f" Green laps: model/persistence MAE ratio {ratio:.3f} (aim: at most {TARGET_RATIO})."
        + "".join(
            f" After {k} laps the page shows persistence (next lap = last lap) as the prediction: "
            "the model steps aside there."
            for k, v in served.items()
            if v == "persistence"
        )
        + (
            " After other laps (SC/VSC/yellow/red or an out-lap) the model's prediction is shown: it beats "
            "persistence there."
            if served["other"] == "model"
            else ""
        ),  # fmt: skip
        "served": served,
        "green_ratio_to_persistence": ratio,
        "notes": [
            "Laps whose next lap is an in-lap or out-lap are left out (pit stops are strategy).",
            "Green laps: no SC/VSC/yellow/red on the last lap and the last lap was not an out-lap.",
            "Published anchor: persistence MAE 0.408 s vs XGBoost 0.410 s on a 2025 holdout.",
            "Objective and depth were picked from five variants scored on these same folds.",
        ],
    }
    sample = x.sample(min(400, len(x)), random_state=0)
    return TrainedModel(
        name="laptime",
        estimators={"main": final},
        feature_names=list(feat.FEATURES),
        card=card,
        extras={"shap_sample": sample.reset_index(drop=True), "held_out": _held_out(frame, oof)},
    )


_ROW_KEY = ["year", "round", "session_code", "driver", "lap_number"]


def _held_out(frame: pd.DataFrame, oof: np.ndarray) -> pd.DataFrame:
    """Compact table of each row's prediction by the fold model that never saw its session."""
    out = frame[_ROW_KEY].copy()
    out["session_code"] = out["session_code"].astype("category")
    out["driver"] = out["driver"].astype("category")
    out["held_out_s"] = oof.astype("float32")
    return out


def attach_held_out(model: TrainedModel, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` plus ``held_out_s``: the out-of-sample prediction from the evaluation folds.

    NaN for laps the model was not evaluated on (e.g. a session loaded after training).
    """
    held = model.extras.get("held_out")
    if held is None:
        return rows.assign(held_out_s=np.nan)
    held = held.astype({"session_code": str, "driver": str})
    return rows.merge(held, on=_ROW_KEY, how="left")


def session_laps_frame(store: Store, key: SessionKey) -> pd.DataFrame:
    """Feature rows of one race session (the page's driver/lap picker)."""
    laps = feat.load_race_laps(store)
    laps = laps[
        (laps["year"] == key.year)
        & (laps["round"] == key.round)
        & (laps["session_code"] == key.session_code)
    ]
    if laps.empty:
        raise NoData(f"No race laps for {key}; the lap-time model predicts race and sprint laps.")
    weather = feat.load_weather(store)
    frame = feat.build_laptime_frame(laps, weather)
    frame["stint_trend_s"] = frame["stint_trend_s"].fillna(frame["persistence_s"])
    return frame


def served_prediction(model: TrainedModel, predicted: float, row: pd.Series) -> tuple[float, str]:
    """The number the page shows as the prediction and its source (``model`` or ``persistence``).

    The card's ``served`` names the source after green laps and after the others (SC/VSC,
    yellow, red, out-lap); a model saved before ``served`` existed is shown as the model.
    """
    kind = "green" if bool(_green(row.to_frame().T).iloc[0]) else "other"
    if model.card.get("served", {}).get(kind) == "persistence":
        return float(row["persistence_s"]), "persistence"
    return predicted, "model"


def predict_next_lap(
    model: TrainedModel, row: pd.Series, *, explainer=None
) -> tuple[float, Explanation]:
    """Predicted next lap time (s) of one feature row, with its SHAP explanation.

    The explanation is of the change from the last lap; ``last_lap_s`` plus the
    explanation's output is the prediction.
    """
    explanation = explain_row(model, row, units="s change from last lap", explainer=explainer)
    return float(row["last_lap_s"]) + explanation.output, explanation
