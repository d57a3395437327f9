"""``strategy`` commands: ``validate`` (backtest every stored race), ``pit-loss``, ``optimise``."""

from __future__ import annotations

import pandas as pd

from f1core.config import Settings
from f1core.store import SessionKey, open_store


def register(sub) -> None:
    """Add the ``strategy`` command and its subcommands."""
    p = sub.add_parser("strategy", help="strategy lab: backtests, pit loss, optimiser")
    inner = p.add_subparsers(dest="strategy_command", required=True)
    v = inner.add_parser(
        "validate", help="simulate each stored race as raced and compare with reality"
    )
    v.add_argument(
        "--per-driver", metavar="YEAR/ROUND/CODE", help="also print one race's driver table"
    )
    v.add_argument("--fit-fraction", type=float, default=1.0,
                   help="fit each race's models on this share of its laps (0.5: second half out of sample)")  # fmt: skip
    v.set_defaults(func=_validate)
    pl = inner.add_parser("pit-loss", help="pit loss per circuit under green, SC and VSC")
    pl.set_defaults(func=_pit_loss)
    o = inner.add_parser("optimise", help="best 1-3 stop strategies for one driver")
    o.add_argument("session", help="YEAR/ROUND/CODE, e.g. 2025/2/R")
    o.add_argument("driver", help="three-letter code, e.g. NOR")
    o.add_argument("--sims", type=int, default=300)
    o.set_defaults(func=_optimise)


def _open(settings: Settings):
    return open_store(settings.store_path, read_only=settings.store_path.exists())


def _print(df: pd.DataFrame) -> None:
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        print(df.round(3).to_string(index=False))


def _validate(args, settings: Settings) -> int:
    from f1core.strategy.race import build_race_setup, build_store_context
    from f1core.strategy.validation import backtest_race, summarise, validate_store

    store = _open(settings)
    context = build_store_context(store)
    per_race = validate_store(store, context, fit_fraction=args.fit_fraction)
    _print(per_race)
    print()
    _print(summarise(per_race))
    if args.per_driver:
        print()
        key = SessionKey.parse(args.per_driver)
        _print(backtest_race(build_race_setup(store, key, context, fit_fraction=args.fit_fraction)))
    return 0


def _pit_loss(args, settings: Settings) -> int:
    from f1core.strategy.pit_loss import measure_store_pit_losses, pit_loss_table

    _print(pit_loss_table(measure_store_pit_losses(_open(settings))))
    return 0


def _optimise(args, settings: Settings) -> int:
    from f1core.strategy.optimiser import optimise_strategy
    from f1core.strategy.race import build_race_setup, build_store_context

    store = _open(settings)
    setup = build_race_setup(store, SessionKey.parse(args.session), build_store_context(store))
    _print(
        optimise_strategy(setup, args.driver.upper(), n_sims=args.sims).drop(columns="positions")
    )
    return 0
