"""Pure conversion of Jolpica's raw JSON answers into rows of the kit's Ergast tables.

Jolpica's string ids become the kit's numeric ids through an :class:`IdBook` (see the
package docstring for the id policy); values follow the kit's conventions (gaps in seconds,
``+N Lap(s)`` statuses, times without the ``Z``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

#: Ergast table (without the ``ergast_`` prefix) -> its surrogate row id column.
ROUND_TABLES: dict[str, str] = {
    "results": "resultId", "sprint_results": "resultId", "qualifying": "qualifyId",
    "driver_standings": "driverStandingsId", "constructor_standings": "constructorStandingsId",
    "constructor_results": "constructorResultsId",
}  # fmt: skip
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
    #: (table, raceId, driverId) -> stored statusId of a retirement whose cause is known.
    causes: dict[tuple[str, int, int], int] = field(default_factory=dict)
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

    def retirement_id(
        self, status: str | None, table: str, race_id: int, driver: dict
    ) -> int | None:
        """Status id of a result; a bare ``Retired`` keeps the cause already stored for it.

        Jolpica no longer publishes retirement causes (``Accident``, ``Engine``); the kit's
        source did. Re-fetching a stored round must not throw a known cause away.
        """
        if status == "Retired" and driver["driverId"] in self.drivers:
            kept = self.causes.get((table, race_id, self.drivers[driver["driverId"]]))
            if kept is not None:
                return kept
        return self.status_id(status)

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


def frame_of(rows: list[dict]) -> pd.DataFrame:
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
            "statusId": book.retirement_id(
                status, "sprint_results" if sprint else "results", race_id, r["Driver"]
            ),
        }  # fmt: skip
        if not sprint:
            row["fastestLapSpeed"] = _float((fl.get("AverageSpeed") or {}).get("speed"))
        rows.append(row)
    return frame_of(rows)


def convert_constructor_results(results: pd.DataFrame, book: IdBook) -> pd.DataFrame:
    """``ergast_constructor_results``: race points per team (sprint points are not included)."""
    if results.empty:
        return pd.DataFrame()
    per_team = results.groupby(["raceId", "constructorId"], as_index=False)["points"].sum()
    per_team.insert(0, "constructorResultsId", [book.row_id("constructorResultsId")
                                                for _ in range(len(per_team))])  # fmt: skip
    per_team["status"] = None
    return frame_of(per_team.to_dict("records"))


def convert_qualifying(results: Sequence[dict], race_id: int, book: IdBook) -> pd.DataFrame:
    """``ergast_qualifying`` rows from Jolpica ``QualifyingResults``."""
    rows = [{
        "qualifyId": book.row_id("qualifyId"), "raceId": race_id,
        "driverId": book.driver_id(q["Driver"]), "constructorId": book.constructor_id(q["Constructor"]),
        "number": _int(q.get("number")), "position": _int(q.get("position")),
        "q1": q.get("Q1") or None, "q2": q.get("Q2") or None, "q3": q.get("Q3") or None,
    } for q in results]  # fmt: skip
    return frame_of(rows)


def convert_driver_standings(standings: Sequence[dict], race_id: int, book: IdBook) -> pd.DataFrame:
    """``ergast_driver_standings`` rows (standings after the round) from ``DriverStandings``."""
    rows = [{
        "driverStandingsId": book.row_id("driverStandingsId"), "raceId": race_id,
        "driverId": book.driver_id(s["Driver"]), "points": _float(s.get("points")),
        "position": _int(s.get("position")), "positionText": s.get("positionText"),
        "wins": _int(s.get("wins")),
    } for s in standings]  # fmt: skip
    return frame_of(rows)


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
    return frame_of(rows)


def convert_round(responses: RoundResponses, book: IdBook) -> dict[str, pd.DataFrame]:
    """Every Ergast table's rows for one round; tables of parts not fetched are absent.

    Returns:
        Table name (without ``ergast_``) -> frame; ``races`` always has one row.
    """
    race = convert_race(responses.race, book)
    race_id = race["raceId"]
    results = convert_results(responses.results, race_id, book)
    tables = {
        "races": frame_of([race]),
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
