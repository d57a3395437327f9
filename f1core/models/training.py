"""Shared training plumbing: XGBoost settings, progress reporting, train-and-save."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from f1core.errors import F1CoreError, TrainingFailed
from f1core.models.registry import MODEL_NAMES, TrainedModel, save_model
from f1core.store import Store

Progress = Callable[[float, str], None]
# One thread: on the shared two-core machine, two XGBoost threads spin-wait for each other
# and fitting ran ~10x slower than with one (measured: 4.3 s vs 0.44 s for 300 trees).
N_JOBS = 1


def xgb_params(*, fast: bool = False, **overrides) -> dict:
    """XGBoost settings shared by the models (``fast`` for quick test fits)."""
    params = {
        "n_estimators": 60 if fast else 300,
        "max_depth": 4,
        "learning_rate": 0.1 if fast else 0.05,
        "subsample": 0.9,
        "colsample_bytree": 0.9,
        "min_child_weight": 5,
        "tree_method": "hist",
        "n_jobs": N_JOBS,
        "random_state": 0,
    }
    return params | overrides


def no_progress(fraction: float, message: str) -> None:
    """A progress callback that ignores updates."""


def stamp_card(card: dict, started: float) -> dict:
    """Add the training date and duration to a card."""
    return card | {
        "trained_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "train_seconds": round(time.perf_counter() - started, 2),
    }


def fit_model(
    name: str, store: Store, *, fast: bool = False, progress: Progress = no_progress, **options
) -> TrainedModel:
    """Fit one model (with its out-of-sample evaluation) without saving it.

    ``options`` go to the model's ``train`` (e.g. ``horizon`` for the overtake model).
    """
    if name not in MODEL_NAMES:
        raise F1CoreError(f"Unknown model {name!r}; choose one of {', '.join(MODEL_NAMES)}.")
    module = importlib.import_module(f"f1core.models.{name}")  # only the one being trained
    started = time.perf_counter()
    model = module.train(store, fast=fast, progress=progress, **options)
    model.card = stamp_card(model.card, started)
    return model


def train_and_save(
    name: str,
    store: Store,
    *,
    directory: Path | None = None,
    fast: bool = False,
    progress: Progress = no_progress,
    **options,
) -> TrainedModel:
    """Fit, evaluate and save a model as a new version.

    Raises:
        TrainingFailed: anything went wrong; the previous version is still current.
    """
    try:
        model = fit_model(name, store, fast=fast, progress=progress, **options)
        progress(0.95, "saving")
        save_model(model, directory)
    except F1CoreError as exc:
        raise TrainingFailed(
            f"Training {name} failed ({exc}); the previous model is kept."
        ) from exc
    except (ValueError, KeyError, RuntimeError, MemoryError) as exc:
        raise TrainingFailed(
            f"Training {name} failed ({type(exc).__name__}: {exc}); the previous model is kept."
        ) from exc
    progress(1.0, "done")
    return model
