"""``python -m f1core``: a thin command line over the library.

Each feature package contributes its commands through a ``cli`` module with
``register(subparsers)``; a command's ``func(args, settings)`` returns the exit code.
Library errors become one-line messages on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from f1core.config import load_settings
from f1core.errors import F1CoreError
from f1core.store.db import lock_wait_reporter

COMMAND_MODULES = (
    "f1core.store.cli",
    "f1core.ingest.cli",
    "f1core.ingest.history_cli",
    "f1core.live.cli",
    "f1core.strategy.cli",
    "f1core.models.cli",
    "f1core.chat.cli",
    "f1core.history.cli",
    "f1core.commentary.cli",
)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every available command registered."""
    parser = argparse.ArgumentParser(prog="python -m f1core", description="Pit Wall command line")
    parser.add_argument("--store", help="DuckDB store path (default: $F1_STORE or data/f1.duckdb)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show FastF1 log output")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # that feature is not part of this build
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = build_parser().parse_args(argv)
    settings = load_settings(
        store_path=args.store, fastf1_log_level="INFO" if args.verbose else None
    )
    try:
        with lock_wait_reporter(_print_lock_wait):
            return int(args.func(args, settings) or 0)
    except F1CoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _print_lock_wait(seconds_left: float, holder: str) -> None:
    print(f"\rthe store is busy ({holder}); retrying for {seconds_left:3.0f} s", end="",
          file=sys.stderr, flush=True)  # fmt: skip
