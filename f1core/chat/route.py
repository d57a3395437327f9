"""Route a read question to the fact functions: one stored session, or the F1DB history.

Called by :mod:`f1core.chat.offline` once the question is read (:mod:`f1core.chat.question`)
and known to be in scope; raises :class:`~f1core.errors.NoData` when the store lacks the data.
"""

from __future__ import annotations

import re
from dataclasses import replace

from f1core.chat.question import Parsed
from f1core.errors import NoData
from f1core.facts import classification, incidents, milestones, pace, records, stints, timing
from f1core.facts.catalog import RUNNING_INTENTS
from f1core.facts.fact import Fact
from f1core.facts.resolve import HistoryNames, plain, relative_round, relative_year
from f1core.store import SessionKey

MAX_DRIVERS = 3
_RECORD_WORDS = (
    ("poles", r"\bpoles?\b|pole positions?"), ("podiums", r"podium"),
    ("fastest_laps", r"fastest laps?"), ("titles", r"title|championship|champion"),
    ("wins", r"\bwins?\b|\bwon\b|\bwinning\b|victor"), ("starts", r"\bstarts\b|entries|\braces\b"),
)  # fmt: skip


NAMED_ONLY = ("FP1", "FP2", "FP3")  # practice is never answered from another session
_AT_START = re.compile(
    r"\bat the start\b|\bstart of\b|\blights out\b|\bat the beginning\b|\bstart(ed|ing)?\b", re.I
)


_POLE_SITTER = re.compile(r"pole[- ]?sitter|pole[- ]?man|from pole|started on pole", re.I)


def _pole_sitter(store, key) -> str:
    """Code of the driver who started ``key`` (a race or sprint) from grid P1."""
    grid = classification.official_result(store, key)
    grid = grid[grid.grid.astype(str) == "1"] if not grid.empty else grid
    if not grid.empty:
        return str(grid.iloc[0].driver)
    code = store.scalar(
        "SELECT driver FROM results WHERE year = ? AND round = ? AND session_code = ? AND grid_position = 1",
        [key.year, key.round, key.session_code],
    )
    if code is None:
        raise NoData(f"No grid is stored for {key}.")
    return str(code)


def record_kind(text: str) -> str | None:
    """What a record or career question counts; ``None`` when it names nothing the data counts."""
    lowered = text.lower()
    return next((kind for kind, pat in _RECORD_WORDS if re.search(pat, lowered)), None)


def session_facts(store, p: Parsed, question: str, lap: int | None) -> list[Fact]:
    key = p.key
    named = p.drivers[:MAX_DRIVERS] if p.drivers_named else []
    chosen = p.drivers[:MAX_DRIVERS]  # named, else the page's selected drivers
    if p.intent == "result":
        if lap:
            return [timing.running_order_fact(store, key, lap)]
        if _POLE_SITTER.search(question) and key.session_code in ("R", "S"):
            named = [_pole_sitter(store, key)]  # "where did the pole-sitter finish?"
        return [classification.result_fact(store, key, drivers=named)]
    if p.intent == "pole":
        race = type(key)(key.year, key.round, "R")
        if _AT_START.search(question) and key.session_code == "Q" and _stored(store, race):
            # "who started on pole": the race's grid, not the qualifying result
            return [replace(classification.pole_fact(store, race), session=str(race))]
        try:
            return [classification.pole_fact(store, key)]
        except NoData:
            if key.session_code == "R":
                raise
            # no qualifying classification stored (e.g. FastF1 without race control):
            # the race's grid (store or F1DB) still names the pole sitter
            race = type(key)(key.year, key.round, "R")
            fact = classification.pole_fact(store, race)
            return [replace(fact, session=str(race))]
    if p.intent == "fastest_lap":
        if named:
            return [
                classification.fastest_lap_fact(store, key, driver=d, upto_lap=lap) for d in named
            ]
        return [classification.fastest_lap_fact(store, key, upto_lap=lap)]
    if p.intent == "track_limits":
        return [incidents.track_limits_fact(store, key, upto_lap=lap)]
    if p.intent == "sectors":
        if named:
            return [timing.sectors_fact(store, key, driver=d, upto_lap=lap) for d in named]
        return [timing.sectors_fact(store, key, upto_lap=lap)]
    if p.intent == "top_speed":
        if named:
            return [
                classification.top_speed_fact(store, key, driver=d, upto_lap=lap) for d in named
            ]
        return [classification.top_speed_fact(store, key, upto_lap=lap)]
    if p.intent == "stints":
        if chosen:
            return [stints.stints_fact(store, key, d, upto_lap=lap) for d in chosen]
        return [stints.stops_summary_fact(store, key, upto_lap=lap)]
    if p.intent == "neutralisations":
        return [incidents.neutralisations_fact(store, key, upto_lap=lap)]
    if p.intent == "weather":
        if _AT_START.search(question):
            return [pace.start_weather_fact(store, key), classification.weather_fact(store, key)]
        return [classification.weather_fact(store, key)]
    if p.intent in RUNNING_INTENTS:
        return pace.running_facts(
            store, p.intent, key, question, named=named, chosen=chosen, lap=lap
        )
    if p.intent in ("penalties", "disqualification"):
        return [incidents.penalties_fact(store, key, drivers=named)]
    if p.intent == "pit_record":
        row = classification.session_row(store, key)
        found = []
        for build in (lambda: records.fastest_pit_stop_fact(store, key.year, event=row["event_name"]),
                      lambda: stints.fastest_pit_lane_fact(store, key)):  # fmt: skip
            try:
                found.append(build())
            except NoData:
                continue
        if not found:
            raise NoData(f"No pit-stop times are stored for {key}.")
        return found
    if p.intent == "summary":
        return _summary(store, key, named, lap)
    raise NoData("No session fact answers this question.")


def _stored(store, key) -> bool:
    return bool(store.scalar("SELECT count(*) FROM sessions WHERE year = ? AND round = ? AND session_code = ?",
                             [key.year, key.round, key.session_code]))  # fmt: skip


def _summary(store, key, drivers: list[str], lap: int | None) -> list[Fact]:
    """Result, fastest lap and (per named driver) stints: what 'how did it go' asks."""
    builders = [
        lambda: (
            timing.running_order_fact(store, key, lap)
            if lap
            else classification.result_fact(store, key, drivers=drivers)
        )
    ]
    if drivers:
        for d in drivers:
            builders += [lambda d=d: classification.fastest_lap_fact(store, key, driver=d, upto_lap=lap),
                         lambda d=d: stints.stints_fact(store, key, d, upto_lap=lap)]  # fmt: skip
    else:
        builders += [lambda: classification.fastest_lap_fact(store, key, upto_lap=lap),
                     lambda: incidents.neutralisations_fact(store, key, upto_lap=lap)]  # fmt: skip
    found = []
    for build in builders:
        try:
            found.append(build())
        except NoData:
            continue
    if not found:
        raise NoData(f"Nothing is stored about {key} yet.")
    return found


_TEAM_WORDS = re.compile(r"\b(team|teams|constructor|constructors|constructors')\b", re.IGNORECASE)


def _standings_round(store, question: str, year: int) -> int | None:
    """The round of "after round 5" or "after the Saudi Arabian GP" in ``year`` (``None``: final)."""
    m = re.search(r"\bafter (round|race) (\d{1,2})\b", question, re.I)
    if m:
        return int(m.group(2))
    if not re.search(r"\bafter\b", question, re.I):
        return None
    venue = records.find_grand_prix(store, question)
    if venue is None:
        return None
    column = "circuitId" if len(venue) > 2 else "grandPrixId"
    sql = f"SELECT min(round) FROM f1db_races WHERE year = ? AND {column} = ?"  # noqa: S608 (fixed column)
    found = store.scalar(sql, [year, venue[0]])
    if found is None:
        raise NoData(f"No {year} race at {records.venue_name(venue)} is in the history tables.")
    return int(found)


def _firsts_and_points(store, p: Parsed, question: str) -> list[Fact]:
    names = HistoryNames.of(store)
    drivers = names.find_drivers(question)
    if not drivers:
        raise NoData("Name a driver (e.g. 'Max Verstappen') and I can look it up.")
    if p.intent == "first":
        kind = next(
            (
                k
                for k, pat in (
                    ("titles", r"\btitle|championship"),
                    ("poles", r"\bpole"),
                    ("podiums", r"podium"),
                )
                if re.search(pat, question, re.I)
            ),
            "wins",
        )
        return [milestones.first_fact(store, drivers[0], kind)]
    year = p.year or relative_year(question, latest_complete=records.latest_complete_season(store),
                                   latest=records.latest_season(store))  # fmt: skip
    if year is None:
        raise NoData("Name the season (e.g. 'in 2021') for championship points.")
    return [
        milestones.points_gap_fact(
            store, drivers[:2], year, round_=_standings_round(store, question, year)
        )
    ]


def history_facts(store, p: Parsed, question: str) -> list[Fact]:
    if p.intent in ("first", "points"):
        return _firsts_and_points(store, p, question)
    if p.year is None and relative_year(question, latest_complete=0, latest=0) is not None:
        year = relative_year(question, latest_complete=records.latest_complete_season(store),
                             latest=records.latest_season(store))  # fmt: skip
        p = replace(p, year=year)
    kind = record_kind(question)
    if kind is None and p.intent == "record":
        raise NoData(
            "I count wins, poles, podiums, fastest laps, titles and race entries, not that."
        )
    kind = kind or "wins"
    team_asked = bool(_TEAM_WORDS.search(question))
    if (
        p.intent == "champion"
        and p.year
        and re.search(
            r"standing|runner|second|third|top \d|points|\b\d{1,2}(st|nd|rd|th)\b|\bp\d{1,2}\b",
            question,
            re.I,
        )
    ):
        return [records.standings_fact(store, p.year)]
    if p.intent == "champion":
        if team_asked and p.year:
            return [records.constructor_champion_fact(store, p.year)]
        if team_asked:
            return [records.team_record_fact(store, "titles")]
    if p.intent in ("career", "record", "champion"):
        driver = records.find_driver(store, question)
        team = records.find_team(store, question)
        if driver and team and plain(driver.name).split()[-1] in plain(team.name).split():
            # "McLaren", "Brabham": a bare surname that is also a team means the team
            driver = None if driver.name.lower() not in question.lower() else driver
        if driver:
            team = None
        wants_leaders = "most" in question.lower() or (
            p.intent == "champion" and not p.year and driver is None
        )
        gp = records.find_grand_prix(store, question) if driver is not None else None
        if gp is not None and not wants_leaders and kind in ("wins", "poles", "podiums", "starts"):
            return [records.driver_at_grand_prix_fact(store, driver, kind, gp)]
        if p.intent == "career" and driver is None and team is None and not wants_leaders:
            raise NoData("I could not find that driver or team in the history tables.")
        if driver is not None and not (wants_leaders and p.intent == "record"):
            with_team = (
                records.find_team(store, question)
                if re.search(r"\b(for|with|at|driving for)\b", question, re.I)
                else None
            )
            year = p.year if p.intent != "champion" else None
            return [records.career_fact(store, driver, year=year, team=with_team)]
        if team is not None and wants_leaders and p.intent == "record" and not team_asked:
            # "most wins for Ferrari": drivers' totals with that team
            gp = records.find_grand_prix(store, question)
            return [records.record_fact(store, kind, year=p.year, grand_prix=gp, team=team)]
        if team is not None and not wants_leaders:
            venue = records.find_grand_prix(store, question.replace(team.name, " "))
            return [records.team_fact(store, team, year=p.year, grand_prix=venue)]
        if p.intent == "champion" and p.year:
            return [records.champion_fact(store, p.year)]
        if team_asked:
            return [records.team_record_fact(store, kind, year=p.year)]
        gp = records.find_grand_prix(store, question) if p.intent == "record" else None
        record = "titles" if p.intent == "champion" else kind
        return [records.record_fact(store, record, year=p.year, grand_prix=gp)]
    if p.intent == "pit_record":
        return [records.fastest_pit_stop_fact(store, p.year)]
    if p.intent == "pole" and p.year:
        return [records.race_pole_fact(store, p.year, question)]
    if p.intent == "result" and p.year:
        return [records.race_winner_fact(store, p.year, question)]
    if p.intent == "standings_after" and p.year:
        m = re.search(r"\bafter (round|race) (\d{1,2})\b", question, re.I)
        rnd = int(m.group(2)) if m else _standings_round(store, question, p.year)
        if rnd:
            return [pace.standings_after_fact(store, SessionKey(p.year, rnd, "R"))]
    if p.intent in ("result", "pole") and relative_round(question):
        raise NoData("Name the season (e.g. 'the 2024 opener').")
    raise NoData("No history fact answers this question.")
