"""``strategy`` commands: ``backtest`` (forecast every stored race from lap N), ``validate``
(the in-sample diagnostic), ``pit-loss``, ``optimise``."""

from __future__ import annotations

import json

import pandas as pd

from f1core.config import Settings
from f1core.store import SessionKey, open_store


def register(sub) -> None:
    """Add the ``strategy`` command and its subcommands."""
    p = sub.add_parser("strategy", help="strategy lab: backtests, pit loss, optimiser")
    inner = p.add_subparsers(dest="strategy_command", required=True)
    b = inner.add_parser(
        "backtest",
        help="forecast every stored race from 25/50/75%% distance, out of sample, vs baselines",
    )
    b.add_argument("--json", action="store_true", help="print the per-checkpoint summary as JSON")
    b.add_argument("--sims", type=int, default=None,
                   help="Monte Carlo races per forecast (default: the Validation view's, 400)")  # fmt: skip
    b.add_argument("--per-race", action="store_true", help="also print each race and checkpoint")
    b.add_argument("--compare-passing", action="store_true",
                   help="also backtest each pass rule (global threshold, circuit threshold, overtake model)")  # fmt: skip
    b.add_argument("--in-sample", action="store_true",
                   help="run the in-sample diagnostic instead (same as 'validate')")  # fmt: skip
    b.set_defaults(func=_backtest, per_driver=None, fit_fraction=1.0)
    v = inner.add_parser(
        "validate",
        help="diagnostic (in-sample): simulate each stored race as raced, compare with reality",
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


def _backtest(args, settings: Settings) -> int:
    from f1core.strategy import priors
    from f1core.strategy.backtest import (
        DEFAULT_SIMS,
        PASS_RULE,
        backtest_store,
        checkpoints_json,
        compare_pass_rules,
        per_race_table,
        summarise_checkpoints,
    )

    if args.in_sample:
        return _validate(args, settings)
    store = _open(settings)
    args.sims = args.sims or DEFAULT_SIMS  # the Validation view's count: the same numbers
    races = priors.measure_store_priors(store)
    per_car, errors = backtest_store(store, n_sims=args.sims, races=races)
    summary = summarise_checkpoints(per_car)
    dry = summarise_checkpoints(per_car, dry_only=True)
    if args.json:
        doc = checkpoints_json(summary) | {"dry_checkpoints": checkpoints_json(dry)["checkpoints"],
                                           "pass_rule": PASS_RULE,
                                           "not_forecast": errors.to_dict(orient="records")}  # fmt: skip
        if args.compare_passing:
            rules = compare_pass_rules(store, n_sims=args.sims, races=races)
            doc["pass_rules"] = rules.round(4).to_dict(orient="records")
        print(json.dumps(doc))
        return 0
    print("Forecast from lap N, out of sample (priors leave the race out; each car on its real "
          f"later pit plan; passes: {PASS_RULE})")  # fmt: skip
    _print(summary.set_index("fraction").T.reset_index(names="metric"))
    print("\nDry races only")
    _print(dry.set_index("fraction").T.reset_index(names="metric"))
    if args.per_race:
        print()
        _print(per_race_table(per_car))
    if args.compare_passing:
        print("\nPass rules (the same backtest once per rule; 'used' is the one above)")
        _print(compare_pass_rules(store, n_sims=args.sims, races=races))
    if len(errors):
        print()
        _print(errors)
    return 0


def _validate(args, settings: Settings) -> int:
    from f1core.strategy.race import build_race_setup, build_store_context
    from f1core.strategy.validation import backtest_race, summarise, validate_store

    store = _open(settings)
    context = build_store_context(store)
    per_race = validate_store(store, context, fit_fraction=args.fit_fraction)
    print(
        "DIAGNOSTIC, in-sample: each race simulated with its own SC laps and fits; not a forecast"
    )
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
    from f1core.strategy.priors import measure_store_priors, pool_priors, race_pass_model
    from f1core.strategy.race import build_race_setup

    store, key = _open(settings), SessionKey.parse(args.session)
    races = measure_store_priors(store)  # as the Strategy page: passes from the backtest's model
    setup = build_race_setup(store, key, pool_priors(store, races),
                             pass_model=race_pass_model(races, key))  # fmt: skip
    _print(
        optimise_strategy(setup, args.driver.upper(), n_sims=args.sims).drop(columns="positions")
    )
    return 0
