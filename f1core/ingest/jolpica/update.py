"""Fetch newer rounds through FastF1's Ergast interface (Jolpica) and write them to the store.

Every request goes through FastF1's HTTP cache, which keeps Jolpica's answers for 12 hours:
a round that reported "no results yet" is asked again by an update run after that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from f1core.config import Settings
from f1core.errors import DataSourceUnavailable, NoData, SessionNotFound
from f1core.ingest.fastf1_session import FASTF1_LOCK, configure_fastf1
from f1core.ingest.jolpica.convert import RoundResponses, convert_round
from f1core.ingest.jolpica.ergast_tables import (
    last_round_with_results,
    load_id_book,
    require_ergast_tables,
    write_rounds,
)
from f1core.store.db import Store

Part = Literal["results", "sprint", "qualifying", "standings"]
ALL_PARTS: tuple[Part, ...] = ("results", "sprint", "qualifying", "standings")
Progress = Callable[[float, str], None]


@dataclass
class HistoryUpdate:
    """What an update brought in."""

    rounds: list[tuple[int, int]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    new_drivers: list[str] = field(default_factory=list)
    new_constructors: list[str] = field(default_factory=list)
    new_circuits: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for a CLI or a status box."""
        if not self.rounds:
            return "The history is up to date: Jolpica has no newer rounds."
        names = ", ".join(f"{y} round {r}" for y, r in self.rounds)
        extra = f"; new drivers: {', '.join(self.new_drivers)}" if self.new_drivers else ""
        return f"Brought in {names} ({self.rows.get('results', 0)} race results{extra})."


#: part -> (RoundResponses field, Ergast method, key of the rows in each race, what it is).
_PART_QUERIES: dict[str, list[tuple[str, str, str, str]]] = {
    "sprint": [("sprint", "get_sprint_results", "SprintResults", "sprint results for")],
    "qualifying": [
        ("qualifying", "get_qualifying_results", "QualifyingResults", "qualifying results for")
    ],
    "standings": [
        ("driver_standings", "get_driver_standings", "DriverStandings",
         "drivers' standings after"),
        ("constructor_standings", "get_constructor_standings", "ConstructorStandings",
         "constructors' standings after"),
    ],
}  # fmt: skip


def fetch_rows(ergast, method: str, key: str, season: int, rnd: int, *, what: str,
               offline: bool) -> tuple[list[dict], dict | None]:  # fmt: skip
    """Every row of one Jolpica query for a round, across result pages.

    Returns:
        The rows under ``key`` and the race object they belong to (``None`` if there are
        no rows: a round not run yet, or without a sprint).

    Raises:
        DataSourceUnavailable: offline and not cached, or the request failed.
    """
    try:
        page = getattr(ergast, method)(season, rnd, result_type="raw", auto_cast=False)
        races = list(page)
        while not page.is_complete:
            page = page.get_next_result_page()
            races.extend(page)
    except Exception as exc:  # FastF1 raises its own, requests' and rate-limit errors here
        if offline:
            raise DataSourceUnavailable(
                f"Jolpica {what} {season} round {rnd} are not in the FastF1 cache and offline "
                "mode is on; nothing was written."
            ) from None
        raise DataSourceUnavailable(
            f"Jolpica (api.jolpi.ca) did not answer for {what} {season} round {rnd} "
            f"({type(exc).__name__}); nothing was written. Try again later."
        ) from None
    rows = [row for race in races for row in race.get(key, [])]
    race = {k: v for k, v in races[0].items() if k != key} if races else None
    return rows, race


def fetch_round(
    ergast, season: int, rnd: int, *, parts: Iterable[Part] = ALL_PARTS, offline: bool = False
) -> RoundResponses | None:
    """Jolpica's answers for one round, or ``None`` if the race has no results yet.

    Raises:
        DataSourceUnavailable: a response is missing (offline) or the request failed.
    """
    results, race = fetch_rows(ergast, "get_race_results", "Results", season, rnd,
                               what="race results for", offline=offline)  # fmt: skip
    if race is None:
        return None
    answers: dict[str, list[dict]] = {}
    for part in dict.fromkeys(parts):
        for name, method, key, what in _PART_QUERIES.get(part, []):
            answers[name], _ = fetch_rows(ergast, method, key, season, rnd, what=what,
                                          offline=offline)  # fmt: skip
    return RoundResponses(season=season, round=rnd, race=race, results=results, **answers)


MAX_ROUNDS_PER_SEASON = 30
FIRST_SEASON = 1950


def _check_seasons(seasons: Iterable[int], this_year: int) -> list[int]:
    checked = sorted({int(s) for s in seasons})
    bad = [s for s in checked if not FIRST_SEASON <= s <= this_year]
    if bad:
        raise SessionNotFound(
            f"No championship season {bad[0]}: Jolpica covers {FIRST_SEASON}-{this_year}.",
            suggestions=[str(this_year)],
        )
    return checked


def ingest_recent_history(
    store: Store,
    settings: Settings,
    *,
    seasons: Iterable[int] | None = None,
    rounds: Iterable[int] | None = None,
    parts: Iterable[Part] = ALL_PARTS,
    progress: Progress | None = None,
    ergast=None,
) -> HistoryUpdate:
    """Bring rounds newer than the store's Ergast tables in from Jolpica, atomically.

    Args:
        store: the store, with the kit's Ergast tables already loaded.
        settings: FastF1 cache directory and offline switch.
        seasons: seasons to look at (default: the newest stored season up to this year).
            For each, the rounds after its last round with race results are fetched until
            Jolpica has no results for the next one.
        rounds: re-fetch exactly these rounds (of the one season given) instead.
        parts: what to fetch besides the race results: ``sprint``, ``qualifying``,
            ``standings`` (race results are always fetched).
        progress: called with (fraction done, message).
        ergast: the Jolpica client (default: FastF1's ``Ergast``, through FastF1's cache).

    Returns:
        The rounds written, rows per table and the new names.

    Raises:
        HistoryNotLoaded: the Ergast tables are not in the store.
        SessionNotFound: a season outside 1950..this year, or ``rounds`` without one season.
        DataSourceUnavailable: a response is missing or a request failed (nothing written).
        NoData: an explicitly asked round has no race results yet.
    """
    from fastf1.ergast import Ergast

    require_ergast_tables(store)
    report = progress or (lambda _f, _m: None)
    this_year = datetime.now(UTC).year
    if seasons is None:
        last = last_round_with_results(store)
        seasons = range(last[0] if last else this_year, this_year + 1)
    season_list = _check_seasons(seasons, this_year)
    rounds = None if rounds is None else sorted({int(r) for r in rounds})
    if rounds is not None and len(season_list) != 1:
        raise SessionNotFound("Give exactly one season when asking for particular rounds.")
    if rounds is not None and any(r < 1 for r in rounds):
        raise SessionNotFound("Rounds are numbered from 1.")
    configure_fastf1(settings.fastf1_cache, offline=settings.offline,
                     log_level=settings.fastf1_log_level,
                     timeout_s=settings.fastf1_timeout_s)  # fmt: skip
    ergast = ergast or Ergast(result_type="raw", auto_cast=False)
    answers: list[RoundResponses] = []
    with FASTF1_LOCK:
        for i, season in enumerate(season_list):
            explicit = rounds is not None
            if explicit:
                plan = rounds
            else:
                start = (last_round_with_results(store, season) or (season, 0))[1] + 1
                plan = range(start, MAX_ROUNDS_PER_SEASON + 1)
            for rnd in plan:
                report(i / len(season_list), f"Asking Jolpica for {season} round {rnd}")
                got = fetch_round(ergast, season, rnd, parts=parts, offline=settings.offline)
                if got is None and explicit:
                    raise NoData(f"Jolpica has no race results for {season} round {rnd} yet.")
                if got is None:
                    break
                answers.append(got)
    report(0.9, f"Writing {len(answers)} round(s) to the store")
    book = load_id_book(store)
    converted = [convert_round(a, book) for a in answers]
    update = HistoryUpdate(rounds=[(a.season, a.round) for a in answers])
    if converted:
        update.rows = write_rounds(store, converted, book)
        update.new_drivers = [r["driverRef"] for r in book.new_rows["drivers"]]
        update.new_constructors = [r["constructorRef"] for r in book.new_rows["constructors"]]
        update.new_circuits = [r["circuitRef"] for r in book.new_rows["circuits"]]
    report(1.0, update.summary())
    return update
