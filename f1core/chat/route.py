"""Route a read question to the fact functions: one stored session, or the F1DB history.

Called by :mod:`f1core.chat.offline` once the question is read (:mod:`f1core.chat.question`)
and known to be in scope; raises :class:`~f1core.errors.NoData` when the store lacks the data.
"""

from __future__ import annotations

import re
from dataclasses import replace

from f1core.chat.question import Parsed
from f1core.errors import NoData
from f1core.facts import classification, incidents, pace, records, stints, timing
from f1core.facts.catalog import RUNNING_INTENTS
from f1core.facts.fact import Fact

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


def _record_kind(text: str) -> str:
    lowered = text.lower()
    return next((kind for kind, pat in _RECORD_WORDS if re.search(pat, lowered)), "wins")


def session_facts(store, p: Parsed, question: str, lap: int | None) -> list[Fact]:
    key = p.key
    named = p.drivers[:MAX_DRIVERS] if p.drivers_named else []
    chosen = p.drivers[:MAX_DRIVERS]  # named, else the page's selected drivers
    if p.intent == "result":
        if lap:
            return [timing.running_order_fact(store, key, lap)]
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
        return [incidents.penalties_fact(store, key)]
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


def history_facts(store, p: Parsed, question: str) -> list[Fact]:
    kind = _record_kind(question)
    team_asked = bool(_TEAM_WORDS.search(question))
    if (
        p.intent == "champion"
        and p.year
        and re.search(r"standing|runner|second|third|top \d|points", question, re.I)
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
        if driver and team and driver.name.lower() not in question.lower():
            # "McLaren", "Brabham": a bare surname that is also a team means the team
            driver = None if team.name.lower() in question.lower() else driver
        if driver:
            team = None
        wants_leaders = "most" in question.lower() or (p.intent == "champion" and not p.year)
        gp = records.find_grand_prix(store, question) if driver is not None else None
        if gp is not None and not wants_leaders and kind in ("wins", "poles", "podiums", "starts"):
            return [records.driver_at_grand_prix_fact(store, driver, kind, gp)]
        if driver is not None and not (wants_leaders and p.intent == "record"):
            return [
                records.career_fact(store, driver, year=p.year if p.intent != "champion" else None)
            ]
        if team is not None and wants_leaders and p.intent == "record" and not team_asked:
            # "most wins for Ferrari": drivers' totals with that team
            gp = records.find_grand_prix(store, question)
            return [records.record_fact(store, kind, year=p.year, grand_prix=gp, team=team)]
        if team is not None and not wants_leaders:
            return [records.team_fact(store, team, year=p.year)]
        if p.intent == "champion" and p.year:
            return [records.champion_fact(store, p.year)]
        if team_asked:
            return [records.team_record_fact(store, kind, year=p.year)]
        gp = records.find_grand_prix(store, question) if p.intent == "record" else None
        record = "titles" if p.intent == "champion" else kind
        return [records.record_fact(store, record, year=p.year, grand_prix=gp)]
    if p.intent == "pit_record":
        return [records.fastest_pit_stop_fact(store, p.year)]
    if p.intent in ("result", "pole") and p.year:
        return [records.race_winner_fact(store, p.year, question)]
    raise NoData("No history fact answers this question.")
