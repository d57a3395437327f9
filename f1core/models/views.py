"""Tables the Predictions page shows, shaped from model cards and predictions (no Streamlit)."""

from __future__ import annotations

import pandas as pd

MODEL_TITLES = {
    "laptime": "Next lap time",
    "finish": "Finishing position (pre-race)",
    "overtake": "Overtake in the next lap",
}


def metrics_table(card: dict) -> pd.DataFrame:
    """One row per metric, the model's column first and every baseline beside it."""
    rows = [{"metric": m, **vals} for m, vals in card.get("metrics", {}).items()]
    return pd.DataFrame(rows, columns=["metric", *card.get("metric_columns", [])])


def backtest_table(card: dict) -> pd.DataFrame:
    """The card's per-session (or per-season) out-of-sample scores."""
    return pd.DataFrame(card.get("backtest", []))


def backtest_series(name: str) -> tuple[str, dict[str, str], str]:
    """(x column, column -> legend, y title) for the backtest chart of a model."""
    if name == "finish":
        return "season", {"MAE (positions) model": "model MAE",
                          "MAE (positions) baseline": "finish = grid MAE"}, "MAE (positions)"  # fmt: skip
    if name == "overtake":
        return "session", {"model": "model AUC-ROC", "logistic": "logistic AUC-ROC"}, "AUC-ROC"
    return "session", {"model": "model", "persistence": "persistence",
                       "stint_trend": "stint trend"}, "MAE (s)"  # fmt: skip


def calibration_tables(name: str, card: dict) -> dict[str, list[dict]]:
    """Calibration curves stored on a card (empty for regression models)."""
    if name == "finish":
        return {"P(points)": card.get("calibration_points", []),
                "P(podium)": card.get("calibration_podium", [])}  # fmt: skip
    if name == "overtake":
        return {"P(overtake)": card.get("calibration", [])}
    return {}


def beats_baseline(card: dict) -> bool:
    """False when the card's verdict says the model loses to a baseline anywhere or misses its aim."""
    verdict = card.get("verdict", "")
    return "NOT" not in verdict and "not met" not in verdict


def pair_label(row: pd.Series) -> str:
    """``"lap 12: VER (1.03 s behind) on NOR"`` for a pair row."""
    return f"lap {int(row['lap_number'])}: {row['driver_b']} {row['gap_s']:.2f} s behind {row['driver_a']}"


def prediction_rows(
    store, name: str, key, *, year: int, round_: int, horizon: int = 1
) -> pd.DataFrame:
    """Feature rows the page predicts from: laps or pairs of ``key``, or a history race."""
    from f1core.models import finish, laptime, overtake

    if name == "laptime":
        return laptime.session_laps_frame(store, key)
    if name == "overtake":
        return overtake.pair_frame(store, key=key, horizon=horizon)
    return finish.race_rows(store, year, round_)


def pair_id(row: pd.Series) -> str:
    """``"12-VER-NOR"`` (lap, chaser, car ahead): a pair row's name in a page's URL."""
    return f"{int(row['lap_number'])}-{row['driver_b']}-{row['driver_a']}"


def choice_index(options: list, wanted, *, default: int = 0) -> int:
    """Index of ``wanted`` in ``options`` (e.g. a URL value), else ``default``."""
    return options.index(wanted) if wanted in options else default


def served_note(name: str, card: dict) -> str | None:
    """Why the page shows a baseline's number as the prediction, or None when the model's is shown."""
    served = card.get("served", {})
    lost = [c for c, src in served.items() if src != "model"]
    if not lost:
        return None
    if name == "laptime":
        green = card["metrics"]["MAE green laps (s)"]
        return (
            f"After {' and '.join(lost)} laps the prediction is persistence (next lap = last lap): out of "
            f"sample the model's green-lap MAE {green['model']:.3f} s does not beat persistence's "
            f"{green['persistence']:.3f} s."
        )
    if name == "overtake":
        return "P(overtake) shown is the logistic baseline's: the model does not beat it out of sample."
    from f1core.models.finish import SERVED

    why = [f"{column} ({metric}: model {card['metrics'][metric]['model']:.4g}, grid baseline "
           f"{card['metrics'][metric]['baseline']:.4g})"
           for metric, (column, _) in SERVED.items() if column in lost]  # fmt: skip
    return (
        "Shown from the grid baseline instead of the model, which does not beat it out of "
        f"sample: {'; '.join(why)}. The model's numbers are kept as model_* columns."
    )


def laptime_metrics(
    predicted: float, row: pd.Series, served: tuple[float, str] | None = None
) -> list[tuple[str, str]]:
    """(label, value) tiles: the prediction shown, the model (current and held-out fold), both baselines, the truth."""
    held = row.get("held_out_s", float("nan"))
    shown = [] if served is None else [(f"Prediction ({served[1]})", f"{served[0]:.3f} s")]
    return [*shown, ("Model", f"{predicted:.3f} s"), ("Model, held-out", f"{held:.3f} s"),
            ("Persistence", f"{row['persistence_s']:.3f} s"),
            ("Stint trend", f"{row['stint_trend_s']:.3f} s"), ("Actual", f"{row['target_s']:.3f} s")]  # fmt: skip


def overtake_metrics(table: pd.DataFrame, i: int) -> list[tuple[str, str]]:
    """(label, value) tiles for pair ``i``: model, logistic baseline, outcome."""
    shown = [("Prediction", f"{table['p_shown'].iloc[i]:.1%}")] if "p_shown" in table else []
    return [*shown, ("Model P(overtake)", f"{table['p_model'].iloc[i]:.1%}"),
            ("Model, held-out", f"{table['p_model_held_out'].iloc[i]:.1%}"),
            ("Logistic baseline", f"{table['p_logistic'].iloc[i]:.1%}"),
            ("Happened", "yes" if table["overtaken"].iloc[i] else "no")]  # fmt: skip
