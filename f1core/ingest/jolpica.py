"""Newer championship rounds from Jolpica (FastF1's Ergast interface), in the kit's Ergast schema.

Policy (written once, here):
- Jolpica answers with string ids (``driverId = "norris"``); the store's ``ergast_*`` tables use
  the kit's numeric ids. Strings map to ``driverRef`` / ``constructorRef`` / ``circuitRef`` and
  status texts to ``ergast_status``; a person, team, circuit or status the store has never seen
  gets a new id above the current maximum. A round already in ``ergast_races`` keeps its
  ``raceId``; row ids (``resultId`` ...) of rewritten rows are new ids above the maximum.
- One update is one transaction: the rows of every fetched (year, round) are replaced, new
  people/teams/circuits/statuses are added, and nothing else is touched. If any response is
  missing (offline and not cached, or the network fails) nothing is written.
- Conversion functions take Jolpica's raw JSON (``result_type="raw"``) and are pure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

import duckdb
import pandas as pd

from f1core.config import Settings
from f1core.errors import (
    DataSourceUnavailable,
    HistoryNotLoaded,
    IngestFailed,
    NoData,
    SessionNotFound,
)
from f1core.ingest.fastf1_session import FASTF1_LOCK, configure_fastf1
from f1core.store.db import Store

Part = Literal["results", "sprint", "qualifying", "standings"]
ALL_PARTS: tuple[Part, ...] = ("results", "sprint", "qualifying", "standings")
Progress = Callable[[float, str], None]

#: Ergast table (without the ``ergast_`` prefix) -> its surrogate row id column.
ROUND_TABLES: dict[str, str] = {
    "results": "resultId", "sprint_results": "resultId", "qualifying": "qualifyId",
    "driver_standings": "driverStandingsId", "constructor_standings": "constructorStandingsId",
    "constructor_results": "constructorResultsId",
}  # fmt: skip
#: Which fetched part fills which per-round tables.
PART_TABLES: dict[str, tuple[str, ...]] = {
    "results": ("results", "constructor_results"),
    "sprint": ("sprint_results",),
    "qualifying": ("qualifying",),
    "standings": ("driver_standings", "constructor_standings"),
}
_SESSION_DATES = {"FirstPractice": "fp1", "SecondPractice": "fp2", "ThirdPractice": "fp3",
                  "Qualifying": "quali", "Sprint": "sprint"}  # fmt: skip


@dataclass(frozen=True)
class RoundResponses:
    """Jolpica's raw answers for one round (race dicts as in ``MRData.RaceTable.Races``).

    ``None`` for a part that was not fetched; an empty list for a part that has no rows
    (a round without a sprint).
    """

    season: int
    round: int
    race: dict
    results: list[dict]
    sprint: list[dict] | None = None
    qualifying: list[dict] | None = None
    driver_standings: list[dict] | None = None
    constructor_standings: list[dict] | None = None


@dataclass
class IdBook:
    """The store's id maps and counters; hands out new ids and remembers the new rows."""

    drivers: dict[str, int]
    constructors: dict[str, int]
    circuits: dict[str, int]
    statuses: dict[str, int]
    races: dict[tuple[int, int], int]
    next_ids: dict[str, int]
    new_rows: dict[str, list[dict]] = field(
        default_factory=lambda: {"drivers": [], "constructors": [], "circuits": [], "status": []}
    )

    def _next(self, column: str) -> int:
        value = self.next_ids.get(column, 1)
        self.next_ids[column] = value + 1
        return value

    def driver_id(self, driver: dict) -> int:
        """Numeric id for a Jolpica ``Driver`` object (registered as new if unknown)."""
        ref = driver["driverId"]
        if ref not in self.drivers:
            self.drivers[ref] = self._next("driverId")
            self.new_rows["drivers"].append({
                "driverId": self.drivers[ref], "driverRef": ref,
                "number": _int(driver.get("permanentNumber")), "code": driver.get("code"),
                "forename": driver.get("givenName"), "surname": driver.get("familyName"),
                "dob": driver.get("dateOfBirth"), "nationality": driver.get("nationality"),
                "url": driver.get("url"),
            })  # fmt: skip
        return self.drivers[ref]

    def constructor_id(self, team: dict) -> int:
        """Numeric id for a Jolpica ``Constructor`` object (registered as new if unknown)."""
        ref = team["constructorId"]
        if ref not in self.constructors:
            self.constructors[ref] = self._next("constructorId")
            self.new_rows["constructors"].append({
                "constructorId": self.constructors[ref], "constructorRef": ref,
                "name": team.get("name"), "nationality": team.get("nationality"),
                "url": team.get("url"),
            })  # fmt: skip
        return self.constructors[ref]

    def circuit_id(self, circuit: dict) -> int:
        """Numeric id for a Jolpica ``Circuit`` object (registered as new if unknown)."""
        ref = circuit["circuitId"]
        if ref not in self.circuits:
            loc = circuit.get("Location", {})
            self.circuits[ref] = self._next("circuitId")
            self.new_rows["circuits"].append({
                "circuitId": self.circuits[ref], "circuitRef": ref,
                "name": circuit.get("circuitName"), "location": loc.get("locality"),
                "country": loc.get("country"), "lat": _float(loc.get("lat")),
                "lng": _float(loc.get("long")), "alt": None, "url": circuit.get("url"),
            })  # fmt: skip
        return self.circuits[ref]

    def status_id(self, text: str | None) -> int | None:
        """Numeric id for a finishing status text (registered as new if unknown)."""
        if not text:
            return None
        if text not in self.statuses:
            self.statuses[text] = self._next("statusId")
            self.new_rows["status"].append({"statusId": self.statuses[text], "status": text})
        return self.statuses[text]

    def race_id(self, season: int, rnd: int) -> int:
        """The stored ``raceId`` of a round, or a new one."""
        if (season, rnd) not in self.races:
            self.races[(season, rnd)] = self._next("raceId")
        return self.races[(season, rnd)]

    def row_id(self, column: str) -> int:
        """A new surrogate row id (``resultId``, ``qualifyId`` ...)."""
        return self._next(column)


def _int(value) -> int | None:
    return None if value in (None, "") else int(value)


def _float(value) -> float | None:
    return None if value in (None, "") else float(value)


_INT_COLUMNS = {
    "raceId", "year", "round", "circuitId", "resultId", "driverId", "constructorId", "number",
    "grid", "position", "positionOrder", "laps", "milliseconds", "fastestLap", "rank", "statusId",
    "qualifyId", "driverStandingsId", "constructorStandingsId", "constructorResultsId", "wins",
    "alt",
}  # fmt: skip


def _frame(rows: list[dict]) -> pd.DataFrame:
    """Rows -> frame with nullable integer id/count columns (never float ids)."""
    frame = pd.DataFrame(rows)
    for col in _INT_COLUMNS.intersection(frame.columns):
        frame[col] = frame[col].astype("Int64")
    return frame


def kit_gap_text(text: str | None) -> str | None:
    """Jolpica's gap ``+1:04.435`` -> the kit's ``+64.435``; other times unchanged."""
    if not text or not text.startswith("+") or ":" not in text:
        return text
    minutes, seconds = text[1:].split(":", 1)
    whole, _, frac = seconds.partition(".")
    total = int(minutes) * 60 + int(whole)
    return f"+{total}.{frac}" if frac else f"+{total}"


def kit_status(status: str | None, laps: int | None, leader_laps: int | None) -> str | None:
    """Jolpica's ``Lapped`` -> the kit's ``+N Lap(s)`` (N from the leader's laps).

    Jolpica now reports ``Lapped`` and a plain ``Retired`` where the kit's source wrote
    ``+1 Lap`` and the cause (``Accident``, ``Engine``); the lap count can be recovered, the
    cause cannot, so ``Retired`` stays as it is.
    """
    if status != "Lapped" or laps is None or leader_laps is None:
        return status
    down = max(leader_laps - laps, 1)
    return f"+{down} Lap" if down == 1 else f"+{down} Laps"


def _time(value: str | None) -> str | None:
    """Jolpica's ``04:00:00Z`` -> the kit's ``04:00:00``."""
    return value.rstrip("Z") if value else None


def convert_race(race: dict, book: IdBook) -> dict:
    """One ``ergast_races`` row from a Jolpica race object."""
    season, rnd = int(race["season"]), int(race["round"])
    row = {
        "raceId": book.race_id(season, rnd), "year": season, "round": rnd,
        "circuitId": book.circuit_id(race["Circuit"]), "name": race.get("raceName"),
        "date": race.get("date"), "time": _time(race.get("time")), "url": race.get("url"),
    }  # fmt: skip
    for key, prefix in _SESSION_DATES.items():
        session = race.get(key) or {}
        row[f"{prefix}_date"] = session.get("date")
        row[f"{prefix}_time"] = _time(session.get("time"))
    return row


def convert_results(
    results: Sequence[dict], race_id: int, book: IdBook, *, sprint: bool = False
) -> pd.DataFrame:
    """``ergast_results`` (or ``ergast_sprint_results``) rows from Jolpica result objects.

    ``positionOrder`` is the order Jolpica lists the cars in (the official classification).
    """
    rows = []
    leader_laps = max((_int(r.get("laps")) or 0 for r in results), default=None)
    for order, r in enumerate(results, start=1):
        fl = r.get("FastestLap") or {}
        status = kit_status(r.get("status"), _int(r.get("laps")), leader_laps)
        finish = {} if status != r.get("status") else (r.get("Time") or {})  # lapped: no time
        row = {
            "resultId": book.row_id("resultId" if not sprint else "sprintResultId"),
            "raceId": race_id, "driverId": book.driver_id(r["Driver"]),
            "constructorId": book.constructor_id(r["Constructor"]),
            "number": _int(r.get("number")), "grid": _int(r.get("grid")),
            "position": _int(r.get("position")), "positionText": r.get("positionText"),
            "positionOrder": order, "points": _float(r.get("points")),
            "laps": _int(r.get("laps")), "time": kit_gap_text(finish.get("time")),
            "milliseconds": _int(finish.get("millis")),
            "fastestLap": _int(fl.get("lap")), "rank": _int(fl.get("rank")),
            "fastestLapTime": (fl.get("Time") or {}).get("time"),
            "statusId": book.status_id(status),
        }  # fmt: skip
        if not sprint:
            row["fastestLapSpeed"] = _float((fl.get("AverageSpeed") or {}).get("speed"))
        rows.append(row)
    return _frame(rows)


def convert_constructor_results(results: pd.DataFrame, book: IdBook) -> pd.DataFrame:
    """``ergast_constructor_results``: race points per team (sprint points are not included)."""
    if results.empty:
        return pd.DataFrame()
    per_team = results.groupby(["raceId", "constructorId"], as_index=False)["points"].sum()
    per_team.insert(0, "constructorResultsId", [book.row_id("constructorResultsId")
                                                for _ in range(len(per_team))])  # fmt: skip
    per_team["status"] = None
    return _frame(per_team.to_dict("records"))


def convert_qualifying(results: Sequence[dict], race_id: int, book: IdBook) -> pd.DataFrame:
    """``ergast_qualifying`` rows from Jolpica ``QualifyingResults``."""
    rows = [{
        "qualifyId": book.row_id("qualifyId"), "raceId": race_id,
        "driverId": book.driver_id(q["Driver"]), "constructorId": book.constructor_id(q["Constructor"]),
        "number": _int(q.get("number")), "position": _int(q.get("position")),
        "q1": q.get("Q1") or None, "q2": q.get("Q2") or None, "q3": q.get("Q3") or None,
    } for q in results]  # fmt: skip
    return _frame(rows)


def convert_driver_standings(standings: Sequence[dict], race_id: int, book: IdBook) -> pd.DataFrame:
    """``ergast_driver_standings`` rows (standings after the round) from ``DriverStandings``."""
    rows = [{
        "driverStandingsId": book.row_id("driverStandingsId"), "raceId": race_id,
        "driverId": book.driver_id(s["Driver"]), "points": _float(s.get("points")),
        "position": _int(s.get("position")), "positionText": s.get("positionText"),
        "wins": _int(s.get("wins")),
    } for s in standings]  # fmt: skip
    return _frame(rows)


def convert_constructor_standings(
    standings: Sequence[dict], race_id: int, book: IdBook
) -> pd.DataFrame:
    """``ergast_constructor_standings`` rows from ``ConstructorStandings``."""
    rows = [{
        "constructorStandingsId": book.row_id("constructorStandingsId"), "raceId": race_id,
        "constructorId": book.constructor_id(s["Constructor"]), "points": _float(s.get("points")),
        "position": _int(s.get("position")), "positionText": s.get("positionText"),
        "wins": _int(s.get("wins")),
    } for s in standings]  # fmt: skip
    return _frame(rows)


def convert_round(responses: RoundResponses, book: IdBook) -> dict[str, pd.DataFrame]:
    """Every Ergast table's rows for one round; tables of parts not fetched are absent.

    Returns:
        Table name (without ``ergast_``) -> frame; ``races`` always has one row.
    """
    race = convert_race(responses.race, book)
    race_id = race["raceId"]
    results = convert_results(responses.results, race_id, book)
    tables = {
        "races": _frame([race]),
        "results": results,
        "constructor_results": convert_constructor_results(results, book),
    }
    if responses.sprint is not None:
        tables["sprint_results"] = convert_results(responses.sprint, race_id, book, sprint=True)
    if responses.qualifying is not None:
        tables["qualifying"] = convert_qualifying(responses.qualifying, race_id, book)
    if responses.driver_standings is not None:
        tables["driver_standings"] = convert_driver_standings(
            responses.driver_standings, race_id, book
        )
    if responses.constructor_standings is not None:
        tables["constructor_standings"] = convert_constructor_standings(
            responses.constructor_standings, race_id, book
        )
    return tables


# --- the store side -----------------------------------------------------------------------
_REQUIRED = ("races", "results", "drivers", "constructors", "circuits", "status", "seasons",
             *ROUND_TABLES)  # fmt: skip


def require_ergast_tables(store: Store) -> None:
    """Raise :class:`HistoryNotLoaded` unless every Ergast table the update writes exists."""
    missing = [f"ergast_{t}" for t in dict.fromkeys(_REQUIRED)
               if not store.table_exists(f"ergast_{t}")]  # fmt: skip
    if missing:
        raise HistoryNotLoaded(
            f"The Ergast history tables are not in the store (missing {', '.join(missing)}). "
            "Load the data kit's history first (python -m f1core ingest --kit DIR)."
        )


_NEXT_IDS_SQL = """SELECT
  (SELECT coalesce(max(driverId), 0) + 1 FROM ergast_drivers) AS driverId,
  (SELECT coalesce(max(constructorId), 0) + 1 FROM ergast_constructors) AS constructorId,
  (SELECT coalesce(max(circuitId), 0) + 1 FROM ergast_circuits) AS circuitId,
  (SELECT coalesce(max(statusId), 0) + 1 FROM ergast_status) AS statusId,
  (SELECT coalesce(max(raceId), 0) + 1 FROM ergast_races) AS raceId,
  (SELECT coalesce(max(resultId), 0) + 1 FROM ergast_results) AS resultId,
  (SELECT coalesce(max(resultId), 0) + 1 FROM ergast_sprint_results) AS sprintResultId,
  (SELECT coalesce(max(qualifyId), 0) + 1 FROM ergast_qualifying) AS qualifyId,
  (SELECT coalesce(max(driverStandingsId), 0) + 1 FROM ergast_driver_standings) AS driverStandingsId,
  (SELECT coalesce(max(constructorStandingsId), 0) + 1 FROM ergast_constructor_standings)
     AS constructorStandingsId,
  (SELECT coalesce(max(constructorResultsId), 0) + 1 FROM ergast_constructor_results)
     AS constructorResultsId
"""


def load_id_book(store: Store) -> IdBook:
    """The store's current Ergast id maps and the next free id of every id column."""
    require_ergast_tables(store)

    def pairs(sql: str) -> dict:
        return {row[0]: int(row[1]) for row in store.query_rows(sql)}

    row = store.cursor().execute(_NEXT_IDS_SQL)
    next_ids = {d[0]: int(v) for d, v in zip(row.description, row.fetchone(), strict=True)}
    races = {(int(y), int(r)): int(i)
             for y, r, i in store.query_rows("SELECT year, round, raceId FROM ergast_races")}  # fmt: skip
    return IdBook(
        drivers=pairs("SELECT driverRef, driverId FROM ergast_drivers"),
        constructors=pairs("SELECT constructorRef, constructorId FROM ergast_constructors"),
        circuits=pairs("SELECT circuitRef, circuitId FROM ergast_circuits"),
        statuses=pairs("SELECT status, min(statusId) FROM ergast_status GROUP BY 1"),
        races=races,
        next_ids=next_ids,
    )


def last_round_with_results(store: Store, season: int | None = None) -> tuple[int, int] | None:
    """The newest (year, round) that has race results in ``ergast_results`` (of ``season``)."""
    row = store.query_rows(
        "SELECT ra.year, ra.round FROM ergast_races ra "
        "WHERE EXISTS (SELECT 1 FROM ergast_results r WHERE r.raceId = ra.raceId) "
        "AND (CAST(? AS INTEGER) IS NULL OR ra.year = ?) ORDER BY ra.year DESC, ra.round DESC LIMIT 1",
        [season, season],
    )
    return (int(row[0][0]), int(row[0][1])) if row else None


def _insert(cur, table: str, frame: pd.DataFrame) -> int:
    if frame.empty:
        return 0
    clean = frame.astype(object).where(frame.notna(), None)  # NaN -> NULL, not a float NaN
    cur.register("jolpica_rows", clean)
    try:
        cur.execute(f"INSERT INTO ergast_{table} BY NAME SELECT * FROM jolpica_rows")  # noqa: S608 - fixed table names
    finally:
        cur.unregister("jolpica_rows")
    return len(frame)


def write_rounds(
    store: Store, rounds: Sequence[dict[str, pd.DataFrame]], book: IdBook
) -> dict[str, int]:
    """Replace the rows of every converted round and add the new names, in one transaction.

    Only the tables present in a round's dict are replaced for that round (a results-only
    update leaves its qualifying and standings rows alone).

    Returns:
        Rows written per Ergast table (without the ``ergast_`` prefix).
    """
    written: dict[str, int] = {}
    try:
        with store.transaction() as cur:
            for table, rows in book.new_rows.items():
                written[table] = _insert(cur, table, _frame(rows))
            for tables in rounds:
                race = tables["races"].iloc[0]
                race_id, year = int(race["raceId"]), int(race["year"])
                cur.execute(
                    "DELETE FROM ergast_races WHERE year = ? AND round = ?",
                    [year, int(race["round"])],
                )
                written["races"] = written.get("races", 0) + _insert(cur, "races", tables["races"])
                for table, frame in tables.items():
                    if table in ROUND_TABLES:
                        cur.execute(f"DELETE FROM ergast_{table} WHERE raceId = ?", [race_id])  # noqa: S608
                        written[table] = written.get(table, 0) + _insert(cur, table, frame)
                cur.execute(
                    "INSERT INTO ergast_seasons (year) SELECT ? WHERE NOT EXISTS "
                    "(SELECT 1 FROM ergast_seasons WHERE year = ?)",
                    [year, year],
                )
    except duckdb.Error as exc:
        raise IngestFailed(
            f"Writing the Jolpica rounds failed ({type(exc).__name__}); the stored history is intact."
        ) from exc
    return written


# --- fetching through FastF1 ------------------------------------------------------------------
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


def _fetch(call: Callable, *args, what: str, offline: bool) -> list[dict]:
    """Every page of one Jolpica query as raw dicts; errors become DataSourceUnavailable."""
    try:
        page = call(*args, result_type="raw", auto_cast=False)
        items = list(page)
        while not page.is_complete:
            page = page.get_next_result_page()
            items.extend(page)
    except Exception as exc:  # FastF1 raises its own, requests' and rate-limit errors here
        if offline:
            raise DataSourceUnavailable(
                f"Jolpica {what} are not in the FastF1 cache and offline mode is on; "
                "nothing was written."
            ) from None
        raise DataSourceUnavailable(
            f"Jolpica (api.jolpi.ca) did not answer for {what} ({type(exc).__name__}); "
            "nothing was written. Try again later."
        ) from None
    return items


def _merge(races: list[dict], key: str) -> list[dict]:
    """The rows under ``key`` of one round, joined across result pages."""
    return [row for race in races for row in race.get(key, [])]


def fetch_round(
    ergast, season: int, rnd: int, *, parts: Iterable[Part] = ALL_PARTS, offline: bool = False
) -> RoundResponses | None:
    """Jolpica's answers for one round, or ``None`` if the race has no results yet.

    Raises:
        DataSourceUnavailable: a response is missing (offline) or the request failed.
    """
    parts = set(parts)
    label = f"{season} round {rnd}"
    races = _fetch(
        ergast.get_race_results, season, rnd, what=f"race results for {label}", offline=offline
    )
    if not races:
        return None
    race = {k: v for k, v in races[0].items() if k != "Results"}
    answers: dict = {"results": _merge(races, "Results")}
    if "sprint" in parts:
        answers["sprint"] = _merge(_fetch(ergast.get_sprint_results, season, rnd,
                                          what=f"sprint results for {label}", offline=offline),
                                   "SprintResults")  # fmt: skip
    if "qualifying" in parts:
        answers["qualifying"] = _merge(_fetch(ergast.get_qualifying_results, season, rnd,
                                              what=f"qualifying results for {label}", offline=offline),
                                       "QualifyingResults")  # fmt: skip
    if "standings" in parts:
        answers["driver_standings"] = _merge(_fetch(ergast.get_driver_standings, season, rnd,
                                                    what=f"drivers' standings after {label}",
                                                    offline=offline), "DriverStandings")  # fmt: skip
        answers["constructor_standings"] = _merge(_fetch(ergast.get_constructor_standings, season, rnd,
                                                         what=f"constructors' standings after {label}",
                                                         offline=offline), "ConstructorStandings")  # fmt: skip
    return RoundResponses(season=season, round=rnd, race=race, **answers)


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
    if rounds is not None and len(season_list) != 1:
        raise SessionNotFound("Give exactly one season when asking for particular rounds.")
    configure_fastf1(settings.fastf1_cache, offline=settings.offline,
                     log_level=settings.fastf1_log_level)  # fmt: skip
    ergast = Ergast(result_type="raw", auto_cast=False)
    answers: list[RoundResponses] = []
    with FASTF1_LOCK:
        for i, season in enumerate(season_list):
            explicit = rounds is not None
            if explicit:
                plan = sorted({int(r) for r in rounds})
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
