"""The fact engine's callable surface: typed functions over plain arguments (names, years, sessions).

Each function takes the store and arguments a person (or a model) can write, resolves
them with :mod:`f1core.facts.resolve` (a driver by code, surname or near spelling; a venue
by Grand Prix, circuit or city) and returns a :class:`~f1core.facts.fact.Fact` whose rows
are the citations. The Groq tools are generated from these signatures and docstrings
(:data:`FUNCTIONS`), so the model can only read facts the offline answerer also reads.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from f1core.errors import BadQuestion, NoData
from f1core.facts import classification, incidents, milestones, pace, records, stints, timing
from f1core.facts.fact import Fact, session_row
from f1core.facts.records import RecordKind
from f1core.facts.resolve import HistoryNames, match_names


def _key(store, session: str):
    from f1core.store import SessionKey

    try:
        key = SessionKey.parse(str(session))
    except (TypeError, ValueError):
        raise BadQuestion(f"session must look like 2025/1/R, not {session!r}.") from None
    session_row(store, key)  # raises SessionNotInStore
    return key


def _code(store, key, driver: str | None) -> str | None:
    """A session driver's three-letter code from a code, name or near spelling."""
    if not driver:
        return None
    df = store.query_df(
        "SELECT driver, full_name FROM drivers WHERE year = ? AND round = ? AND session_code = ?",
        [key.year, key.round, key.session_code],
    )
    if str(driver).upper() in set(df.driver):
        return str(driver).upper()
    names = pd.DataFrame({"id": df.driver, "code": df.driver, "full": df.full_name.fillna(""),
                          "last": df.full_name.fillna("").str.split().str[-1], "rank": 100})  # fmt: skip
    found = match_names(str(driver), names)
    if not found:
        raise NoData(f"No driver called {driver!r} took part in {key}.")
    return found[0]


def _driver(store, name: str):
    found = HistoryNames.of(store).find_drivers(str(name))
    if not found:
        raise NoData(f"No driver called {name!r} is in the history tables.")
    return found[0]


def race_result(store, session: str, drivers: list[str] | None = None) -> Fact:
    """Result of a race, sprint or qualifying: winner, gaps, retirements, grid gains.

    Args:
        session: stored session as YEAR/ROUND/CODE, e.g. "2025/1/R".
        drivers: drivers whose finishing positions to include (codes or names).
    """
    key = _key(store, session)
    return classification.result_fact(
        store, key, drivers=[_code(store, key, d) for d in drivers or []]
    )


def pole_position(store, session: str) -> Fact:
    """Pole position with the lap time (qualifying), or grid P1 of a race.

    Args:
        session: stored session as YEAR/ROUND/CODE, e.g. "2025/1/Q".
    """
    return classification.pole_fact(store, _key(store, session))


def fastest_lap(store, session: str, driver: str | None = None) -> Fact:
    """Fastest lap of a session, or of one driver.

    Args:
        session: stored session as YEAR/ROUND/CODE.
        driver: a driver's code or name; omit for the whole field.
    """
    key = _key(store, session)
    return classification.fastest_lap_fact(store, key, driver=_code(store, key, driver))


def top_speed(store, session: str, driver: str | None = None) -> Fact:
    """Highest speed-trap reading and, when telemetry is stored, the car-telemetry maximum.

    Args:
        session: stored session as YEAR/ROUND/CODE.
        driver: a driver's code or name; omit for the whole field.
    """
    key = _key(store, session)
    return classification.top_speed_fact(store, key, driver=_code(store, key, driver))


def best_sectors(store, session: str, driver: str | None = None) -> Fact:
    """Best time in each sector and the ideal lap made of them.

    Args:
        session: stored session as YEAR/ROUND/CODE.
        driver: a driver's code or name; omit for the whole field.
    """
    key = _key(store, session)
    return timing.sectors_fact(store, key, driver=_code(store, key, driver))


def tyre_stints(store, session: str, driver: str | None = None) -> Fact:
    """A driver's tyre stints and pit stops (laps, compounds, pit-lane times), or the race's stop summary.

    Args:
        session: stored session as YEAR/ROUND/CODE.
        driver: a driver's code or name; omit for every driver's stop count.
    """
    key = _key(store, session)
    code = _code(store, key, driver)
    return stints.stints_fact(store, key, code) if code else stints.stops_summary_fact(store, key)


def pit_stop_extreme(store, session: str, which: Literal["first", "slowest"] = "first") -> Fact:
    """The first or the slowest tyre-change pit stop of a race.

    Args:
        session: stored race as YEAR/ROUND/CODE.
        which: "first" or "slowest".
    """
    return stints.pit_extremes_fact(store, _key(store, session), which)


def running_order(store, session: str, lap: int) -> Fact:
    """Running order (who led, who was where) at the end of a lap.

    Args:
        session: stored race as YEAR/ROUND/CODE.
        lap: lap number.
    """
    return timing.running_order_fact(store, _key(store, session), int(lap))


def laps_led(store, session: str, driver: str | None = None) -> Fact:
    """Laps led per driver in a race.

    Args:
        session: stored race as YEAR/ROUND/CODE.
        driver: a driver's code or name; omit for the leaders.
    """
    key = _key(store, session)
    return pace.laps_led_fact(store, key, driver=_code(store, key, driver))


def places_gained(store, session: str, driver: str | None = None, lost: bool = False) -> Fact:
    """Places gained (or lost) from the grid to the finish.

    Args:
        session: stored race as YEAR/ROUND/CODE.
        driver: a driver's code or name; omit for the biggest mover.
        lost: true for the driver who lost the most places.
    """
    key = _key(store, session)
    return pace.positions_fact(store, key, driver=_code(store, key, driver), lost=bool(lost))


def neutralisations(store, session: str) -> Fact:
    """Safety cars, virtual safety cars and red flags of a session, with their laps.

    Args:
        session: stored session as YEAR/ROUND/CODE.
    """
    return incidents.neutralisations_fact(store, _key(store, session))


def penalties(store, session: str) -> Fact:
    """Penalties and disqualifications of a session.

    Args:
        session: stored session as YEAR/ROUND/CODE.
    """
    return incidents.penalties_fact(store, _key(store, session))


def weather(store, session: str) -> Fact:
    """Air and track temperature ranges, humidity, wind and rain of a session.

    Args:
        session: stored session as YEAR/ROUND/CODE.
    """
    return classification.weather_fact(store, _key(store, session))


def championship_points(
    store, year: int, drivers: list[str], after_round: int | None = None
) -> Fact:
    """Drivers' championship points and the gap between two drivers, final or after a round.

    Args:
        year: the season.
        drivers: one or two driver names (one: compared with the leader).
        after_round: standings after this round; omit for the final standings.
    """
    refs = [_driver(store, d) for d in drivers[:2]]
    return milestones.points_gap_fact(store, refs, int(year), round_=after_round)


def driver_career(store, driver: str, year: int | None = None, team: str | None = None) -> Fact:
    """A driver's race entries, wins, podiums, poles, fastest laps and titles (career, a season, a team).

    Args:
        driver: the driver's name.
        year: one season; omit for the whole career.
        team: only the races with this team.
    """
    team_ref = records.find_team(store, team) if team else None
    return records.career_fact(store, _driver(store, driver), year=year, team=team_ref)


def driver_first(
    store, driver: str, kind: Literal["wins", "poles", "podiums", "titles"] = "wins"
) -> Fact:
    """Where and when a driver took a first win, pole, podium or title.

    Args:
        driver: the driver's name.
        kind: "wins", "poles", "podiums" or "titles".
    """
    return milestones.first_fact(store, _driver(store, driver), kind)


def record_holders(store, kind: RecordKind = "wins", year: int | None = None, venue: str | None = None,
                   team: str | None = None) -> Fact:  # fmt: skip
    """Drivers with the most wins, poles, podiums, fastest laps, titles or starts.

    Args:
        kind: what to count.
        year: one season; omit for all time.
        venue: a Grand Prix, circuit or city ("Monaco", "Suzuka").
        team: only results with this team.
    """
    gp = records.find_grand_prix(store, venue) if venue else None
    team_ref = records.find_team(store, team) if team else None
    return records.record_fact(store, kind, year=year, grand_prix=gp, team=team_ref)


def race_winner(store, year: int, venue: str) -> Fact:
    """Winner of one Grand Prix of the history (1950 on).

    Args:
        year: the season.
        venue: the Grand Prix, circuit or city ("British", "Interlagos"), or "opener"/"finale".
    """
    return records.race_winner_fact(store, int(year), str(venue))


def champion(store, year: int, constructors: bool = False) -> Fact:
    """The drivers' (or constructors') world champion of a completed season.

    Args:
        year: the season.
        constructors: true for the constructors' championship.
    """
    build = records.constructor_champion_fact if constructors else records.champion_fact
    return build(store, int(year))


def fastest_pit_stop(store, year: int | None = None, event: str | None = None) -> Fact:
    """The quickest stationary pit stops timed by DHL (2018 on).

    Args:
        year: one season; omit for all seasons.
        event: the event's full name, e.g. "Saudi Arabian Grand Prix".
    """
    return records.fastest_pit_stop_fact(store, year, event=event)


#: Every function the Groq tools expose, in the order offered to the model.
FUNCTIONS = (race_result, pole_position, fastest_lap, top_speed, best_sectors, tyre_stints, pit_stop_extreme,
             running_order, laps_led, places_gained, neutralisations, penalties, weather, championship_points,
             driver_career, driver_first, record_holders, race_winner, champion, fastest_pit_stop)  # fmt: skip
