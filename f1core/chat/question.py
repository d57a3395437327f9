"""Read a chat question: what is asked (intent) and about which session and driver.

Pure functions over small frames (the ``sessions`` and ``drivers`` tables), so they are
unit-tested without a store. The chat page's context (selected session and drivers) fills
in what the question leaves out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from f1core.facts.catalog import (
    HISTORY_INTENTS,
    HISTORY_ONLY,
    INTENT_PATTERNS,
    STRONG_SESSION_INTENTS,
)
from f1core.facts.resolve import (  # noqa: F401 (event_aliases: re-exported for readers of questions)
    detect_session_code,
    detect_year,
    event_aliases,
    match_event,
    match_names,
    plain,
)

MAX_QUESTION_CHARS = 1000


@dataclass(frozen=True)
class Parsed:
    """What a question asks.

    Attributes:
        intent: the kind of answer wanted.
        year: a year named in the question, if any.
        key: the stored session it is about (``None`` when none applies).
        drivers: three-letter codes named (or taken from the page context).
        session_hint: a session code named in the question, if any.
        event_named: whether the question itself named an event.
        drivers_named: whether ``drivers`` came from the question (not the context).
    """

    intent: str
    year: int | None = None
    key: object | None = None
    drivers: list[str] = field(default_factory=list)
    session_hint: str | None = None
    event_named: bool = False
    drivers_named: bool = False


_ALL_TIME = re.compile(
    r"\bmost (wins|poles|pole positions|podiums|victories|fastest laps|titles)\b|\bthe most times\b|"
    r"\ball[- ]time\b|\bin history\b",
    re.IGNORECASE,
)
_SEASON_POINTS = re.compile(
    r"\bafter\b|championship|standings|season|\bend of\b|\btotal\b", re.IGNORECASE
)
_CAREER_COUNT = re.compile(
    r"\bhow many (times|wins|victories|poles|pole positions|podiums)\b.*"
    r"\b(won|win|wins|victories|poles?|pole positions?|podiums?)\b",
    re.IGNORECASE,
)
_STRONG_DEFINITION = re.compile(
    r"\brules?\b|regulations?\b|\bmeans?\b|\bmeaning\b|\ballowed\b|\bexplain|\bdefin|"
    r"how (does|do) .* work|\bpages?\b|\bpit wall\b|\bthe app\b|\bmodels?\b|\bglossary\b|"
    r"\bawarded\b|points? (system|scale|for)\b|\bpoints are\b|\b(a|each|every|per) (driver|team|car)\b",
    re.IGNORECASE,
)
_WEAK_DEFINITION = re.compile(
    r"^\s*(what('s| is| are| does| do)|how (does|do|is|are|long|much)|why|when (can|must|is|are|do)|"
    r"can )\b",
    re.IGNORECASE,
)
_FACTUAL = re.compile(
    r"\b(who|which|did|was|were|had|won|winner|fastest|slowest|highest|lowest|hottest|coldest|"
    r"how many|gap|lap \d+|19\d\d|20\d\d)\b",
    re.IGNORECASE,
)


_ABOUT_SESSION = re.compile(
    r"\b(this|that|the|today'?s|selected|last) (session|race|qualifying|quali|sprint|grand prix|gp|"
    r"weekend|event|practice|shoot-?out)\b|\bsummar|\bwhat happened\b|\bhow (did|was|were)\b|"
    r"\btell me about\b|\boverview\b|\brecap\b|\bhighlights?\b|\bstory\b",
    re.IGNORECASE,
)


def asks_about_session(text: str) -> bool:
    """Whether the question asks about a session as a whole ("tell me about this race")."""
    return bool(_ABOUT_SESSION.search(text))


def is_factual(text: str) -> bool:
    """Whether the question asks what happened (who, which, when did, how many ...)."""
    return bool(_FACTUAL.search(text))


def is_definition(text: str) -> bool:
    """Whether the question asks how something works rather than what happened."""
    if _STRONG_DEFINITION.search(text):
        return True
    return bool(_WEAK_DEFINITION.search(text)) and not _FACTUAL.search(text)


def detect_intents(text: str) -> list[str]:
    """Every intent whose pattern matches, in priority order (``["knowledge"]`` if none)."""
    lowered = text.lower()
    found = [intent for intent, pattern in INTENT_PATTERNS if re.search(pattern, lowered)]
    return found or ["knowledge"]


def detect_intent(text: str, *, event_named: bool = False) -> str:
    """The intent of a question.

    History intents (career totals, all-time records, champions) win when the question
    names no stored event; otherwise the first session intent wins.
    """
    found = detect_intents(text)
    if found[0] in STRONG_SESSION_INTENTS + HISTORY_ONLY:
        return found[0]
    history = [i for i in found if i in HISTORY_INTENTS]
    session = [i for i in found if i not in HISTORY_INTENTS]
    if history and not event_named:
        return history[0]
    return session[0] if session else (history[0] if history else "knowledge")


def match_drivers(text: str, drivers: pd.DataFrame) -> list[str]:
    """Codes of a session's drivers named by code, surname, full name or a near spelling."""
    if drivers.empty:
        return []
    names = pd.DataFrame({"id": drivers.driver, "code": drivers.driver, "full": drivers.full_name.fillna(""),
                          "last": drivers.full_name.fillna("").str.split().str[-1], "rank": 100})  # fmt: skip
    found = match_names(text, names)
    first = {str(n).split()[0].lower(): code for code, n in zip(drivers.driver, drivers.full_name.fillna(""), strict=True)
             if len(str(n).split()) > 1 and len(str(n).split()[0]) >= 4}  # fmt: skip
    lowered = plain(text)
    extra = [
        (lowered.index(w), c)
        for w, c in first.items()
        if re.search(rf"\b{w}\b", lowered) and c not in found
    ]
    return found + [c for _, c in sorted(extra)]


def pick_session(
    text: str, sessions: pd.DataFrame, *, intent: str, context_key=None
) -> tuple[object | None, str | None, bool]:
    """Choose the stored session a question is about.

    Args:
        text: the question.
        sessions: the ``sessions`` table (year, round, session_code, event_name, ...).
        intent: the detected intent (pole questions default to qualifying).
        context_key: the page's selected session, used when the question names none.

    Returns:
        ``(key, session_hint, event_named)``; ``key`` is ``None`` if nothing fits.
    """
    from f1core.store import SessionKey

    year = detect_year(text)
    hint = detect_session_code(text)
    events = match_event(text, sessions)
    event_named = not events.empty
    if events.empty:
        if context_key is None or (year and year != context_key.year):
            return None, hint, False
        events = sessions[
            (sessions["year"] == context_key.year) & (sessions["round"] == context_key.round)
        ]
        if hint is None:
            hint_code = context_key.session_code
            if intent == "pole" and hint_code not in ("Q", "SQ", "SS"):
                hint_code = None
            hint = hint_code
    if year:
        events = events[events["year"] == year]
    if events.empty:
        return None, hint, event_named
    latest = events.sort_values(["year", "round"]).iloc[-1]
    events = events[(events["year"] == latest["year"]) & (events["round"] == latest["round"])]
    codes = list(events["session_code"])
    wanted = [hint] if hint else []
    if intent == "pole":
        wanted = ["SQ", "S"] if hint in ("SQ", "S") else (["Q"] if hint in (None, "R") else wanted)
        wanted += ["Q", "SQ", "R"]
    elif context_key is not None and not event_named:
        wanted += [context_key.session_code]
    wanted += ["R", "S", "Q", "FP3", "FP2", "FP1"]
    code = next((c for c in wanted if c in codes), None)
    if code is None:
        return None, hint, event_named
    return SessionKey(int(latest["year"]), int(latest["round"]), code), hint, event_named


def parse_question(
    text: str, sessions: pd.DataFrame, drivers_of, *, context_key=None, context_drivers=()
) -> Parsed:
    """Intent, session and drivers of a question.

    Args:
        text: the question.
        sessions: the ``sessions`` table.
        drivers_of: callable ``key -> DataFrame(driver, full_name)`` for the chosen session.
        context_key: the page's selected session.
        context_drivers: the page's selected drivers.
    """
    named_event = not match_event(text, sessions).empty
    intent = detect_intent(text, event_named=named_event)
    if _ALL_TIME.search(text) and detect_year(text) is None:
        intent = "record"  # "most wins at the Bahrain GP": history even for a stored event
    if _CAREER_COUNT.search(text) and detect_year(text) is None:
        intent = "career"  # "how many times has Hamilton won in Bahrain": history, not one race
    if intent == "points" and named_event and not _SEASON_POINTS.search(text):
        intent = "result"  # "points for the Saudi Arabian GP": that race's points, not the season's
    if is_definition(text) and not named_event and detect_year(text) is None:
        return Parsed("knowledge", None, None, [], detect_session_code(text), False)
    if intent in HISTORY_INTENTS + HISTORY_ONLY or intent == "pit_record" and not named_event:
        return Parsed(intent, detect_year(text), None, [], detect_session_code(text), named_event)
    key, hint, named = pick_session(text, sessions, intent=intent, context_key=context_key)
    drivers: list[str] = []
    from_question = False
    if key is not None:
        drivers = match_drivers(text, drivers_of(key))
        from_question = bool(drivers)
        if not drivers and not named and context_drivers:
            drivers = list(context_drivers)
    return Parsed(intent, detect_year(text), key, drivers, hint, named, from_question)
