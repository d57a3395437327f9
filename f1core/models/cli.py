"""``train`` command: ``python -m f1core train [MODEL]`` fits, evaluates and saves models."""

from __future__ import annotations

import sys

from f1core.config import Settings
from f1core.models.registry import MODEL_NAMES
from f1core.models.training import train_and_save
from f1core.store import open_store


def register(sub) -> None:
    """Add the ``train`` command."""
    p = sub.add_parser("train", help="train prediction models on the store (all by default)")
    p.add_argument("model", nargs="?", choices=[*MODEL_NAMES, "all"], default="all")
    p.add_argument("--fast", action="store_true", help="fewer trees (quick smoke runs)")
    p.add_argument("--horizon", type=int, default=1, help="overtake: laps ahead for the label")
    p.set_defaults(func=_train)


def _progress(fraction: float, message: str) -> None:
    print(f"\r  [{fraction:4.0%}] {message:<50}", end="", flush=True, file=sys.stderr)


def _train(args, settings: Settings) -> int:
    store = open_store(settings.store_path, read_only=True)
    try:
        names = MODEL_NAMES if args.model == "all" else (args.model,)
        for name in names:
            print(f"{name}:", file=sys.stderr)
            options = {"horizon": args.horizon} if name == "overtake" else {}
            model = train_and_save(name, store, fast=args.fast, progress=_progress, **options)
            print(file=sys.stderr)
            print(
                f"{name} v{model.version} in {model.card['train_seconds']} s: {model.card['verdict']}"
            )
            for metric, row in model.card["metrics"].items():
                cells = ", ".join(f"{k} {v:.4g}" for k, v in row.items())
                print(f"  {metric}: {cells}")
    finally:
        store.close()
    return 0
