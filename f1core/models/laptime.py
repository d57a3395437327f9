"""Next-lap-time model: XGBoost on the change from the last lap, against two baselines.

The model predicts ``next - last`` (so a tree model is not asked to know each track's
pace) and adds it back to the last lap, from features relative to the driver's own laps, the
car ahead and the field (the field's lap-to-lap trend, fuel via laps left, tyre age and
compound, traffic, track status). Two estimators: one fitted on green->green laps (a green
lap followed by a green lap: an SC nobody can see coming would dominate the fit) predicts
after a green lap, one fitted on every lap predicts after the others. Evaluation is grouped
by session: every race is predicted by models that never saw a lap of it. Where the model
does not beat persistence out of sample, the card's ``served`` says so and the page shows
the persistence number as the prediction (``served_prediction``).
"""

from __future__ import annotations

from dataclasses import replace

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
# Pseudo-Huber with a 0.3 s slope: lap-time changes have huge outliers (SC, rain) and a green
# lap's change is a few tenths; depth 3 generalises better across sessions. Chosen from a
# handful of variants scored on these same folds (noted on the card); the features were
# chosen by a nested split (notes on the card).
_PARAMS = {"objective": "reg:pseudohubererror", "huber_slope": 0.3, "max_depth": 3}


def laptime_frame(store: Store) -> pd.DataFrame:
    """The lap-time feature frame of every race session in the store."""
    frame = feat.build_laptime_frame(feat.load_race_laps(store), feat.load_weather(store))
    if frame.empty:
        raise NoData("No race laps in the store to train the lap-time model; load a race first.")
    frame["stint_trend_s"] = frame["stint_trend_s"].fillna(frame["persistence_s"])
    return frame


GREEN = "MAE green laps (s)"
GREEN_TO_GREEN = "MAE green→green laps (s)"


def _green(frame: pd.DataFrame) -> pd.Series:
    flags = frame[["status_sc", "status_vsc", "status_yellow", "status_red"]].sum(axis=1)
    return (flags == 0) & (frame["last_was_out_lap"] == 0)


def _green_to_green(frame: pd.DataFrame) -> pd.Series:
    """A green lap followed by a green lap: the laps the strategy simulator uses lap times for."""
    return _green(frame) & (frame["next_lap_neutralised"] == 0)


def score_predictions(frame: pd.DataFrame, predicted: np.ndarray) -> dict[str, dict[str, float]]:
    """MAE of the model and both baselines: all rows, after green laps, green->green, the others."""
    green = _green(frame).to_numpy()
    both = _green_to_green(frame).to_numpy()
    out = {}
    for label, mask in (("MAE all laps (s)", slice(None)), (GREEN, green),
                        (GREEN_TO_GREEN, both), ("MAE other laps (s)", ~green)):  # fmt: skip
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


def aim_sentence(metrics: dict[str, dict[str, float]]) -> str:
    """Model/persistence MAE ratio of both green rows against the aim, and whether it is met."""
    parts = []
    for label in (GREEN, GREEN_TO_GREEN):
        row = metrics[label]
        ratio = row["model"] / row["persistence"]
        met = "met" if ratio <= TARGET_RATIO else "NOT met"
        parts.append(
            f"{label.removeprefix('MAE ').removesuffix(' (s)').capitalize()}: model/persistence "
            f"MAE ratio {ratio:.3f} (aim: at most {TARGET_RATIO}; {met})."
        )
    return " ".join(parts)


def _fit_pair(x: pd.DataFrame, y: pd.Series, green: np.ndarray, *, fast: bool) -> dict:
    """The two estimators: ``main`` on every lap, ``green`` on green->green laps only.

    ``main`` is fitted with the green-only features blanked, so none of its trees splits on
    them: it predicts (and is explained) from the other features alone.
    """
    blind = x.assign(**dict.fromkeys(feat.GREEN_ONLY_FEATURES, np.nan))
    return {
        "main": XGBRegressor(**xgb_params(fast=fast, **_PARAMS)).fit(blind, y),
        "green": XGBRegressor(**xgb_params(fast=fast, **_PARAMS)).fit(x[green], y[green]),
    }


def _predict_pair(estimators: dict, x: pd.DataFrame, green: np.ndarray) -> np.ndarray:
    """Change from the last lap: the green estimator after green laps, the main one after others."""
    out = estimators["main"].predict(x).astype(float)
    if "green" in estimators and green.any():
        out[green] = estimators["green"].predict(x[green])
    return out


def train(store: Store, *, fast: bool = False, progress: Progress = no_progress) -> TrainedModel:
    """Fit the lap-time model with a grouped-by-session evaluation; return it unsaved."""
    progress(0.05, "building lap features")
    frame = laptime_frame(store)
    groups = feat.session_group(frame)
    x, y = frame[feat.FEATURES].astype(float), frame["target_s"] - frame["last_lap_s"]
    is_green = _green(frame).to_numpy()
    green_to_green = _green_to_green(frame).to_numpy()  # what the green estimator learns from
    oof = np.full(len(frame), np.nan)
    folds = GroupKFold(n_splits=min(N_FOLDS, groups.nunique()))
    per_session = []
    for i, (tr, te) in enumerate(folds.split(x, y, groups)):
        progress(0.1 + 0.7 * i / folds.n_splits, f"fold {i + 1}/{folds.n_splits}")
        pair = _fit_pair(x.iloc[tr], y.iloc[tr], green_to_green[tr], fast=fast)
        oof[te] = frame["last_lap_s"].to_numpy()[te] + _predict_pair(pair, x.iloc[te], is_green[te])
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
    green = metrics[GREEN]
    ratio = green["model"] / green["persistence"]
    other = metrics["MAE other laps (s)"]
    served = {"green": "model" if ratio < 1.0 else "persistence",
              "other": "model" if other["model"] < other["persistence"] else "persistence"}  # fmt: skip
    progress(0.85, "fitting the final model on every session")
    final = _fit_pair(x, y, green_to_green, fast=fast)
    card = {
        "title": "Next lap time",
        "estimator": "two XGBRegressors (pseudo-Huber loss, slope 0.3 s, depth 3) on next-minus-last "
        "lap time: one fitted on green→green laps predicts after green laps, one on every lap (without "
        "the seven recent-form and car-ahead features) after the others",
        "target": "time of the driver's next lap, seconds",
        "data": f"{groups.nunique()} race/sprint sessions in the store (laps + weather)",
        "split": f"GroupKFold by session ({folds.n_splits} folds): no lap of a test race is seen in training",
        "rows": len(frame),
        "metric_columns": ["model", "persistence", "stint_trend"],
        "metrics": metrics,
        "backtest": per_session,
        "verdict": verdict(metrics)
        + " "
        + aim_sentence(metrics)
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
            "Green laps: no SC/VSC/yellow/red on the last lap and the last lap was not an out-lap. "
            "Green→green laps: green laps whose next lap is green too (the laps the strategy "
            "simulator uses lap times for); nobody can see an SC coming, so the row leaves those out. "
            "The served source is chosen from the green-laps row: at prediction time only the last "
            "lap is known.",
            "Published anchor: persistence MAE 0.408 s vs XGBoost 0.410 s on a 2025 holdout.",
            "Objective, slope, depth and the relative features of v8 were picked from about fifteen "
            "variants scored on these same folds.",
            "v9's seven added features (field trend, recent clean median, position, gap change, "
            "lap-1 flag, the car ahead's last lap and change) and fitting the green estimator on "
            "green→green laps were chosen by a nested split: in each outer fold five variants were "
            "scored on a 4-fold GroupKFold of the training sessions only. This set won in 3 of 5 "
            "outer folds. On the 11-session kit the nested out-of-sample ratio of the whole "
            "selection was 0.958 on green laps and 0.947 on green→green laps, against 0.954 / "
            "0.943 from the evaluation folds alone.",
            "The estimator after other laps does not use the seven added features: with them its "
            "other-laps ratio was 0.725 (±0.002 over 3 seeds) instead of 0.70 on these folds.",
            "Where v8's green-lap error was: the 1.6% of rows whose next lap was neutralised carried "
            "19% of it, the 2025 Miami sprint (2% of rows; slow laps with no SC flag in the data) "
            "26%; on green→green laps changing by under 3 s (97% of rows) v8 and persistence were "
            "level (ratio 1.005).",
            "Tried and not kept (green-lap ratio on these folds, v8 was 0.984): predicting from the "
            "median of the last 3 clean laps instead of the last lap (1.24 as a baseline; 0.981 as "
            "a feature), laps done for fuel burn (1.036), the stint's tyre-age slope (0.998), gap "
            "behind (0.994), absolute-error loss (2.23), 600 trees (1.15). On top of v9 (0.955; "
            "0.951-0.956 over 3 seeds): the field's laps against their recent pace (0.960), a "
            "6-lap field trend (0.948), the car ahead's recent pace (0.955), sector losses against "
            "the driver's recent sectors (0.957-0.966), the speed-trap change (0.952): none beyond "
            "the seed spread.",
            "Why 0.9 looks out of reach with lap data alone: a green lap's change correlates only "
            "-0.19 with the previous change (-0.15 to -0.35 per race, +0.12 in wet Australia): lap "
            "times move like a random walk plus lap noise, for which the best predictor gains only "
            "about 5% on persistence (Gaussian estimate).",
            "Features are relative (to the driver's last laps, stint best, the car ahead and the "
            "field's pace): absolute lap times and temperatures only told the training tracks apart.",
        ],
    }
    sample = x.sample(min(400, len(x)), random_state=0)
    return TrainedModel(
        name="laptime",
        estimators=final,
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
    kind = lap_kind(row)
    if model.card.get("served", {}).get(kind) == "persistence":
        return float(row["persistence_s"]), "persistence"
    return predicted, "model"


def lap_kind(row: pd.Series) -> str:
    """``green`` after a green lap (no SC/VSC/yellow/red, not an out-lap), else ``other``."""
    return "green" if bool(_green(row.to_frame().T).iloc[0]) else "other"


def estimator_for(model: TrainedModel, row: pd.Series) -> str:
    """Which estimator predicts after this lap: ``green`` (when the model has one) or ``main``."""
    return "green" if lap_kind(row) == "green" and "green" in model.estimators else "main"


def predict_next_lap(
    model: TrainedModel, row: pd.Series, *, explainer=None
) -> tuple[float, Explanation]:
    """Predicted next lap time (s) of one feature row, with its SHAP explanation.

    The explanation is of the change from the last lap; ``last_lap_s`` plus the
    explanation's output is the prediction. ``explainer`` is the primary (``main``)
    estimator's; after a green lap the green estimator is explained with its own.
    """
    which = estimator_for(model, row)
    if which != model.primary:
        model, explainer = replace(model, primary=which), None
    explanation = explain_row(model, row, units="s change from last lap", explainer=explainer)
    return float(row["last_lap_s"]) + explanation.output, explanation
