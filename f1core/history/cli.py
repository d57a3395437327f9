"""``python -m f1core standings|title|driver``: championship history from the store, as text."""

from __future__ import annotations

from f1core.config import Settings
from f1core.history import drivers, names, seasons, title
from f1core.history.points import points_system
from f1core.store import open_store


def register(subparsers) -> None:
    """Add the ``standings``, ``title`` and ``driver`` commands."""
    p = subparsers.add_parser("standings", help="drivers' standings of a season after a round")
    p.add_argument("year", type=int)
    p.add_argument("--after", type=int, help="round (default: the last one run)")
    p.add_argument("--top", type=int, default=10, help="rows to print (default 10)")
    p.set_defaults(func=_standings)
    p = subparsers.add_parser("title", help="who can still win the drivers' title after a round")
    p.add_argument("year", type=int)
    p.add_argument("--after", type=int, help="round (default: the last one run)")
    p.set_defaults(func=_title)
    p = subparsers.add_parser("driver", help="a driver's career totals (name, code or id)")
    p.add_argument("name", help="e.g. HAM, hamilton, lewis-hamilton, 'Lewis Hamilton'")
    p.set_defaults(func=_driver)


def _season(settings: Settings, year: int, after: int | None):
    store = open_store(settings.store_path, read_only=settings.store_path.exists())
    cal = seasons.season_calendar(store, year)
    points = seasons.round_points(store, year)
    done = seasons.completed_rounds(cal)
    return cal, points, done if after is None else after


def _standings(args, settings: Settings) -> int:
    cal, points, after = _season(settings, args.year, args.after)
    table = seasons.driver_standings(points, year=args.year, after_round=after)
    print(points_system(args.year).describe())
    print(f"Drivers' standings after round {after} of {len(cal)}:")
    print(table.head(args.top).to_string(index=False))
    return 0


def _title(args, settings: Settings) -> int:
    cal, points, after = _season(settings, args.year, args.after)
    table = title.title_contenders(
        points, system=points_system(args.year), after_round=after, total_rounds=len(cal),
        sprint_rounds=set(cal.loc[cal["has_sprint"], "round"]),
    )  # fmt: skip
    alive = table[table["can_win"]]
    print(
        f"After round {after} of {len(cal)}, {len(alive)} driver(s) can still win the {args.year} title:"
    )
    print(alive.drop(columns=["driver_id", "can_win"]).to_string(index=False))
    return 0


def _driver(args, settings: Settings) -> int:
    store = open_store(settings.store_path, read_only=settings.store_path.exists())
    slug = names.resolve_name(names.driver_names(store), args.name)
    totals = drivers.career_totals(store, slug)
    print(slug)
    for key, value in totals.items():
        print(f"  {key:<18} {value:g}")
    return 0
