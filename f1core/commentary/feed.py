"""A race's commentary feed: every detected event as a checked sentence, lap by lap.

:func:`race_feed` runs every detector over one stored race; :meth:`RaceFeed.frame` turns
the events (and, with Groq, their rewrites) into the table the pages show and export;
:func:`as_known_at` cuts it to what was known at a lap of a replay.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cached_property

import pandas as pd

from f1core.chat.claims import check_claims
from f1core.commentary import overtakes, pit_stops, race_control, timing
from f1core.commentary.events import IMPORTANCE, Event, RaceFrames, load_race
from f1core.facts.resolve import plain

DETECTORS = (
    overtakes.start_events,
    overtakes.position_events,
    overtakes.battle_events,
    pit_stops.stop_events,
    pit_stops.undercut_events,
    timing.fastest_lap_events,
    race_control.neutralisation_events,
    race_control.penalty_events,
    race_control.weather_events,
    race_control.track_temperature_events,
    race_control.retirement_events,
    race_control.result_events,
)
_POSITION = re.compile(r"\bP(\d{1,2})\b")
_CODE = re.compile(r"\b[A-Z]{3}\b")
_ACRONYMS = {"DRS", "VSC", "FIA", "DNF", "DSQ"}  # capitals that are not drivers
#: Claims whose kind the words around the number say: each must be one the template states.
_TYPED = {
    "position": re.compile(r"\bP ?(\d{1,2})\b"),
    "lap": re.compile(r"(?i)\blap (\d{1,3})\b"),
    "laps": re.compile(r"(?i)\b(\d{1,3}) laps?\b"),
    "places": re.compile(r"(?i)\b(\d{1,2}) places?\b"),
    "seconds": re.compile(r"\b(\d+(?:\.\d+)?) ?s(?:econds?)?\b"),
}
COLUMNS = ["lap", "kind", "importance", "text", "source", "check", "drivers", "citations"]


def detect(frames: RaceFrames) -> list[Event]:
    """Every event of a race in lap order (headlines first within a lap)."""
    events = [e for detector in DETECTORS for e in detector(frames)]
    return sorted(events, key=lambda e: (e.lap, e.importance))


@dataclass(frozen=True)
class RaceFeed:
    """One race's events, what the store cannot show, and the names to check sentences for.

    Attributes:
        events: :func:`detect` output.
        notes: what this feed cannot show (a table not stored for this race).
        names: plain surname, code or team -> codes (:func:`~f1core.chat.claims.check_claims`).
        who: code -> "Full Name (Team)".
    """

    events: list[Event]
    notes: list[str]
    names: dict[str, set[str]]
    who: dict[str, str]

    @cached_property
    def templates(self) -> pd.DataFrame:
        """The feed with every template sentence, checked (computed once per feed)."""
        rows = []
        for e in self.events:
            ok, verdict = self.check(e, e.text)
            rows.append({
                "lap": e.lap, "kind": e.kind, "importance": IMPORTANCE[e.importance],
                "text": e.text, "source": "template",
                "check": verdict if ok else f"UNSUPPORTED: {verdict}",
                "drivers": " ".join(e.drivers),
                "citations": json.dumps([r.as_dict() for r in e.rows], default=str),
            })  # fmt: skip
        return pd.DataFrame(rows, columns=COLUMNS)

    def frame(self, rewrites: dict[int, str] | None = None) -> pd.DataFrame:
        """The feed table: one row per event, its sentence checked against its own data.

        Args:
            rewrites: event index -> the model's sentence for it; a sentence with a claim the
                event does not support is replaced by the template sentence (``source`` says
                which was kept, ``check`` what the check found).
        """
        out = self.templates.copy()
        for i, sentence in (rewrites or {}).items():
            ok, verdict = self.check(self.events[i], sentence)
            if ok:
                out.loc[i, ["text", "source", "check"]] = [sentence, "groq", verdict]
            else:
                out.loc[i, ["source", "check"]] = [
                    "template (model sentence failed the check)",
                    verdict,
                ]
        return out

    def check(self, event: Event, sentence: str) -> tuple[bool, str]:
        """Whether every number, lap, position and name of ``sentence`` is in ``event``.

        Numbers and names go through the chat's claim check against the event's data; a
        position (``P3``), a lap (``lap 17``), a count of laps or places, or seconds must also be
        one the template sentence states as such, so one number of the event cannot stand in
        for another; a three-letter code (a driver) must be one of the event's.
        """
        people = " ".join(self.who.get(c, "") for c in event.drivers)
        evidence = _spell_positions(f"{event.evidence()} {people}")
        _, verdict = check_claims(_spell_positions(sentence), [evidence], names=self.names)
        stated = _typed(event.text)
        wrong = [f"{kind} {n:g}" for kind, numbers in _typed(sentence).items()
                 for n in sorted(numbers - stated[kind])]  # fmt: skip
        wrong += sorted(set(_CODE.findall(sentence)) - set(_CODE.findall(evidence)) - _ACRONYMS)
        if wrong:
            verdict = replace(verdict, unsupported=verdict.unsupported + tuple(wrong))
        return not verdict.unsupported, verdict.describe()


def _typed(text: str) -> dict[str, set[float]]:
    """The positions, laps, lap counts, places and seconds a text states (:data:`_TYPED`)."""
    return {kind: {float(n) for n in pattern.findall(text)} for kind, pattern in _TYPED.items()}


def _spell_positions(text: str) -> str:
    """``P3`` -> ``P 3``, so that a position is checked like any other number."""
    return _POSITION.sub(r"P \1", text)


def race_feed(store, key) -> RaceFeed:
    """The events of one stored race or sprint, with notes on what the store cannot show.

    Raises:
        SessionNotInStore, NoData: see :func:`~f1core.commentary.events.load_race`.
    """
    frames = load_race(store, key)
    notes = []
    if frames.race_control.empty:
        notes.append("No race-control messages are stored: safety cars, flags and penalties "
                     "are not in this feed.")  # fmt: skip
    if frames.pit_stops.empty:
        notes.append("No pit stops are stored: stops and undercuts are not in this feed.")
    if frames.weather.empty:
        notes.append("No weather is stored: rain is not in this feed.")
    d = frames.drivers
    who = {
        r.driver: f"{r.full_name} ({r.team})"
        for r in d.itertuples()
        if isinstance(r.full_name, str)
    }
    return RaceFeed(detect(frames), notes, names_to_check(d), who)


def names_to_check(drivers: pd.DataFrame) -> dict[str, set[str]]:
    """Surnames (plain) and codes -> codes, and team names, of a session's drivers."""
    names: dict[str, set[str]] = {}
    for r in drivers.itertuples():
        if isinstance(r.full_name, str) and r.full_name:
            names.setdefault(plain(r.full_name.split()[-1]), set()).add(r.driver)
        if isinstance(r.team, str) and r.team:
            names.setdefault(plain(r.team), set())
        names.setdefault(plain(r.driver), set()).add(r.driver)
    return {n: c for n, c in names.items() if len(n) >= 3}


def as_known_at(feed: pd.DataFrame, lap: int, *, levels: tuple[str, ...] | None = None, newest_first: bool = True) -> pd.DataFrame:  # fmt: skip
    """The feed as known once the leader completed ``lap`` (newest lap first, headlines first
    within a lap; or in race order).

    Args:
        levels: importance names to keep (:data:`IMPORTANCE` values); all when ``None``.
    """
    shown = feed[feed["lap"] <= lap]
    if levels is not None:
        shown = shown[shown["importance"].isin(levels)]
    if newest_first:
        shown = shown.sort_values("lap", ascending=False, kind="stable")
    return shown.reset_index(drop=True)
