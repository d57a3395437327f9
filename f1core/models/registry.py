"""Versioned model artifacts on disk: atomic save, checked load, model cards.

Layout (one model ``NAME``): ``models/NAME-vN.pkl`` holds the fitted estimators,
``models/NAME.json`` is the model card and the pointer to the current version, and
``models/NAME.md`` is the same card for humans. A new version is written to a temporary
file and renamed into place, then the card is renamed over the old one, so a training run
that fails at any point leaves the previous model in place. Only our own training code
writes these pickles; they are loaded from the project's ``models/`` folder only.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from f1core.config import DEFAULT_MODELS_DIR, load_settings
from f1core.config import MODELS_DIR_ENV as MODELS_DIR_ENV  # re-exported for tests
from f1core.errors import ModelNotTrained

ModelName = Literal["laptime", "finish", "overtake"]
MODEL_NAMES: tuple[str, ...] = ("laptime", "finish", "overtake")
MODELS_DIR = DEFAULT_MODELS_DIR
FORMAT_VERSION = 1
KEEP_VERSIONS = 1  # only the current file: git history keeps the earlier ones


@dataclass
class TrainedModel:
    """A fitted model with everything needed to predict, explain and describe it.

    Attributes:
        name: ``laptime``, ``finish`` or ``overtake``.
        estimators: fitted estimators by role; ``primary`` is the one SHAP explains.
        feature_names: the column order the estimators expect.
        card: the model card (data, split, metrics against baselines, date trained).
        extras: small fitted pieces the predictions need (baselines, backtest rows).
        version: set by :func:`save_model` / :func:`load_model`.
    """

    name: str
    estimators: dict[str, Any]
    feature_names: list[str]
    card: dict
    extras: dict = field(default_factory=dict)
    primary: str = "main"
    version: int = 0

    @property
    def estimator(self):
        """The primary estimator (the one explained with SHAP)."""
        return self.estimators[self.primary]


def models_dir() -> Path:
    """The artifact folder: ``Settings.models_dir`` (``$F1_MODELS_DIR`` or ``models/``)."""
    return load_settings().models_dir


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; artifacts are shared, read-only data
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def card_path(name: str, directory: Path | None = None) -> Path:
    """Where the JSON model card of ``name`` lives."""
    return Path(directory or models_dir()) / f"{name}.json"


def read_card(name: str, directory: Path | None = None) -> dict:
    """The current model card of ``name``.

    Raises:
        ModelNotTrained: there is no card (the model was never trained here).
    """
    path = card_path(name, directory)
    if not path.exists():
        raise ModelNotTrained(
            f"The {name} model has not been trained yet; run `python -m f1core train {name}`."
        )
    return json.loads(path.read_text())


def save_model(model: TrainedModel, directory: Path | None = None) -> Path:
    """Write ``model`` as the next version of its name and make it current.

    Returns:
        The path of the new artifact file.
    """
    directory = Path(directory or models_dir())
    directory.mkdir(parents=True, exist_ok=True)
    try:
        previous = int(read_card(model.name, directory).get("version", 0))
    except (ModelNotTrained, json.JSONDecodeError):
        previous = 0
    model.version = previous + 1
    artifact = directory / f"{model.name}-v{model.version}.pkl"
    payload = pickle.dumps(
        {
            "format": FORMAT_VERSION,
            "name": model.name,
            "estimators": model.estimators,
            "feature_names": model.feature_names,
            "extras": model.extras,
            "primary": model.primary,
        },
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    _atomic_write(artifact, payload)
    card = {
        **model.card,
        "name": model.name,
        "version": model.version,
        "artifact": artifact.name,
        "artifact_bytes": len(payload),
        "artifact_sha256": hashlib.sha256(payload).hexdigest(),
        "feature_names": model.feature_names,
    }
    model.card = card
    _atomic_write(directory / f"{model.name}.md", render_card_markdown(card).encode())
    _atomic_write(card_path(model.name, directory), json.dumps(card, indent=1).encode())
    _prune_versions(model.name, directory, keep=KEEP_VERSIONS)
    return artifact


def _prune_versions(name: str, directory: Path, *, keep: int) -> None:
    versions = sorted(
        (int(p.stem.rsplit("-v", 1)[1]), p)
        for p in directory.glob(f"{name}-v*.pkl")
        if p.stem.rsplit("-v", 1)[1].isdigit()
    )
    for _, path in versions[:-keep]:
        path.unlink(missing_ok=True)


def load_model(name: str, directory: Path | None = None) -> TrainedModel:
    """Load the current version of ``name`` and check it against its card.

    Raises:
        ModelNotTrained: no card, a missing artifact, or an artifact whose checksum or
            format does not match the card (retrain to fix).
    """
    directory = Path(directory or models_dir())
    card = read_card(name, directory)
    artifact = directory / card["artifact"]
    if not artifact.exists():
        raise ModelNotTrained(f"The {name} model file {artifact.name} is missing; retrain it.")
    payload = artifact.read_bytes()
    if hashlib.sha256(payload).hexdigest() != card.get("artifact_sha256"):
        raise ModelNotTrained(f"The {name} model file does not match its card; retrain it.")
    data = pickle.loads(payload)  # noqa: S301 - our own artifact, checksum verified above
    if data.get("format") != FORMAT_VERSION:
        raise ModelNotTrained(f"The {name} model was saved in an old format; retrain it.")
    return TrainedModel(
        name=name,
        estimators=data["estimators"],
        feature_names=list(data["feature_names"]),
        card=card,
        extras=data["extras"],
        primary=data["primary"],
        version=int(card["version"]),
    )


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def render_card_markdown(card: dict) -> str:
    """The model card as Markdown: purpose, data, split, metrics beside baselines."""
    lines = [
        f"# Model card: {card.get('title', card.get('name'))}",
        "",
        f"- **Version**: {card.get('version')}  ",
        f"- **Trained**: {card.get('trained_at')}  (took {_fmt(card.get('train_seconds'))} s)",
        f"- **Estimator**: {card.get('estimator')}",
        f"- **Predicts**: {card.get('target')}",
        f"- **Data**: {card.get('data')}",
        f"- **Split**: {card.get('split')}",
        f"- **Rows**: {card.get('rows')}",
        "",
        "## Out-of-sample metrics (model beside its baselines)",
        "",
        "| metric | " + " | ".join(card.get("metric_columns", [])) + " |",
        "|---|" + "---|" * len(card.get("metric_columns", [])),
    ]
    for metric, row in card.get("metrics", {}).items():
        cells = [_fmt(row.get(col, "")) for col in card.get("metric_columns", [])]
        lines.append(f"| {metric} | " + " | ".join(cells) + " |")
    lines += ["", "## Verdict", "", card.get("verdict", ""), ""]
    if card.get("notes"):
        lines += ["## Notes", ""] + [f"- {note}" for note in card["notes"]] + [""]
    lines += ["## Features", "", ", ".join(f"`{f}`" for f in card.get("feature_names", [])), ""]
    return "\n".join(lines)
