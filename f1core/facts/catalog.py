"""The one list of what the fact engine answers: topics with cues, descriptions and example questions.

Every other list is derived from :data:`TOPICS`: the offline answerer's intent patterns
(priority order: the first cue that matches wins), which topics are about history or a
stored session, the Groq tools' descriptions, the lexical similarity that decides whether
a question fits anything at all, and the questions offered when the answerer abstains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Scope = Literal["session", "history", "knowledge"]


@dataclass(frozen=True)
class Topic:
    """One kind of question the engine answers.

    Attributes:
        name: the intent name (``"fastest_lap"``).
        cue: regular expression on the lower-case question that signals the topic.
        scope: ``"session"`` (a stored session), ``"history"`` (F1DB) or ``"knowledge"``.
        description: one line, also the Groq tool's description.
        examples: questions it answers; ``{event}``/``{driver}``/``{year}`` are filled in
            when offered after an abstention.
        strong: the cue beats history words ("most", "championship") in the question.
        running: answered from lap-by-lap running data (:mod:`f1core.facts.pace`).
    """

    name: str
    cue: str
    scope: Scope
    description: str
    examples: tuple[str, ...]
    strong: bool = False
    running: bool = False


TOPICS: tuple[Topic, ...] = (
    Topic("standings_after", r"(championship|standings) (lead(er)?|order|positions?) after|"
          r"(led|lead(ing)?|top of|on top of) the (drivers' )?(championship|standings) after|standings after",
          "session", "Drivers' standings after a round.", ("Who led the championship after the {event}?",),
          strong=True, running=True),
    Topic("points", r"points? (gap|difference|separat|between|behind|ahead)|separated .{0,60}points|"
          r"how many points (did|does|had|has)\b|points did \w+ (score|get|have)|championship gap|"
          r"gap .{0,30}(championship|standings)|gap between \w+ and \w+ (at the end of|after)\b",
          "history", "Championship points of drivers and the gap between them, final or after a round.",
          ("How many points separated {driver} and the champion in {year}?",), strong=True),
    Topic("first", r"\bfirst (grand prix |gp |race |f1 |formula 1 )?(win|victory|pole|podium)|"
          r"\bfirst (world )?(title|championship)|\bmaiden (win|victory|pole|podium|title)|"
          r"\b(win|won|take|took|get|got) (his|her|their) first",
          "history", "Where and when a driver took a first win, pole or podium.",
          ("Where did {driver} take his first Grand Prix win?",), strong=True),
    Topic("laps_led", r"led the most laps|most laps (led|in the lead|at the front|leading)|laps led|"
          r"how many laps did \w+ lead|laps in the lead|laps leading",
          "session", "Laps led per driver in a race.", ("Who led the most laps in the {event}?",),
          strong=True, running=True),
    Topic("positions", r"(lost|dropped) the most (places|positions)|(places|positions) (gained|lost|made up)|"
          r"how many (places|positions) did \w+ (gain|lose|lost|make up)",
          "session", "Places gained or lost from grid to finish.", ("Who gained the most places in the {event}?",),
          strong=True, running=True),
    Topic("lap_order", r"\b(led|leading|leader|order|running order|p1)\b (on |at |after |of |in )?(the end of )?lap \d+|"
          r"\blap \d+ (leader|order)",
          "session", "Running order at a given lap.", ("Who was leading on lap 20 of the {event}?",),
          strong=True, running=True),
    Topic("pit_extremes", r"pitted first|first (driver )?to pit|first (pit ?)?stop\b|"
          r"(slowest|longest) (pit ?stop|stop|pit)",
          "session", "The first or the slowest pit stop of a race (a named driver: that driver's stops).",
          ("Who pitted first in the {event}?", "What was the slowest pit stop in the {event}?"),
          strong=True, running=True),
    Topic("longest_stint", r"longest (stint|run|tyre run)", "session", "The longest stint on one set of tyres.",
          ("Who had the longest stint in the {event}?",), strong=True, running=True),
    Topic("pace", r"average (lap|race|pace|speed per lap)|race pace|mean lap|\bpace\b", "session",
          "A driver's average green-flag lap time.", ("What was {driver}'s average race pace in the {event}?",),
          strong=True, running=True),
    Topic("disqualification", r"disqualif|\bdsq\b|\bexcluded\b", "session", "Disqualifications from a race.",
          ("Who was disqualified from the {event}?",)),
    Topic("penalties", r"penalt|penali[sz]|stewards", "session", "Penalties given by the stewards in a session.",
          ("Which penalties were handed out in the {event}?",)),
    Topic("track_limits", r"track limits|deleted|\bdeletion", "session", "Lap times deleted for track limits.",
          ("Which lap times were deleted in the {event}?",)),
    Topic("neutralisations", r"safety cars?\b|\bvsc\b|\bsc\b|red flags?|neutrali[sz]|suspended", "session",
          "Safety cars, virtual safety cars and red flags, with laps.",
          ("How many safety cars were there in the {event}?",)),
    Topic("weather", r"weather|temperature|\btemps?\b|\bhot(test)?\b|\bcold(est)?\b|\brain|\bwet\b|humid|\bwind",
          "session", "Air and track temperature, humidity, wind and rain.",
          ("What was the hottest track temperature in the {event}?",)),
    Topic("sectors", r"\bsectors?\b|ideal lap|theoretical (best|lap)", "session",
          "Best sector times and the ideal lap.", ("Who was fastest in sector 2 in the {event}?",)),
    Topic("top_speed", r"top speed|fastest speed|speed trap|highest speed|max(imum)? speed|km/h|quickest through",
          "session", "Highest speed-trap reading and the car-telemetry maximum.",
          ("What was the top speed in the {event}?",)),
    Topic("pit_record", r"(fastest|quickest|shortest) (pit ?stop|stop)|stationary time|\bdhl\b", "history",
          "The quickest stationary pit stops (DHL, 2018 on).", ("What is the fastest pit stop ever recorded?",)),
    Topic("fastest_lap", r"fastest lap|quickest lap|best lap|fastest time|lap record|\b(quickest|fastest)\b|topped",
          "session", "Fastest lap of a session or of a driver.", ("What was the fastest lap of the {event}?",)),
    Topic("pole", r"\bpole\b|qualif\w* (first|fastest|on top)|top of qualifying|fastest in qualifying", "session",
          "Pole position with the lap time.", ("Who was on pole for the {event}?",)),
    Topic("stints", r"\bstints?\b|\btyres?\b|\btires?\b|compound|pit ?stops?|\bpit(ted|ting|s)?\b|\bbox(ed)?\b|"
          r"\bstops?\b|strategy", "session", "A driver's tyre stints and pit stops, or the race's stop summary.",
          ("What were {driver}'s stints in the {event}?",)),
    Topic("career", r"how many (\w+ ){0,3}(wins|poles|pole positions|podiums|titles|championships|races|starts|"
          r"victories|fastest laps)|career", "history",
          "A driver's or team's career totals, or at one Grand Prix or circuit.",
          ("How many wins does {driver} have?",)),
    Topic("record", r"\bmost\b|all[- ]time|\brecord\b|in history", "history",
          "All-time or season leaders for wins, poles, podiums, titles.", ("Who has the most pole positions?",)),
    Topic("champion", r"world champion|\bchampionship\b|\btitles?\b|\bstandings\b|runner-up|\bchampion\b",
          "history", "Drivers' and constructors' champions, season standings.",
          ("Who won the {year} world championship?",)),
    Topic("result", r"\bwin\b|\bwon\b|\bwins\b|winner|victory|\bgap\b|margin|podium|finish|result|classif|"
          r"\bp\d{1,2}\b|second|third|\bbeat\b|retire|\bdnf\b|\blead(s|ing|er)?\b|\bpositions?\b|"
          r"\bgain(ed)?\b|how many laps|race distance|\bstart(ed)? (from|in|on)\b|\bgrid\b",
          "session", "Race or sprint result: winner, gaps, places, retirements, grid.",
          ("Who won the {event}?",)),
)  # fmt: skip

INTENT_PATTERNS: tuple[tuple[str, str], ...] = tuple((t.name, t.cue) for t in TOPICS)
HISTORY_INTENTS: tuple[str, ...] = ("career", "record", "champion")
STRONG_SESSION_INTENTS: tuple[str, ...] = tuple(
    t.name for t in TOPICS if t.strong and t.scope == "session"
)
SESSION_INTENTS: tuple[str, ...] = tuple(t.name for t in TOPICS if t.scope == "session")
RUNNING_INTENTS: tuple[str, ...] = tuple(t.name for t in TOPICS if t.running)
HISTORY_ONLY: tuple[str, ...] = tuple(t.name for t in TOPICS if t.strong and t.scope == "history")


def topic(name: str) -> Topic:
    """The topic called ``name``."""
    return next(t for t in TOPICS if t.name == name)


_WORD = re.compile(r"[a-z]{3,}")
_STOP = frozenset(("the", "and", "was", "were", "who", "what", "which", "did", "does", "how", "many", "for",
                   "with", "from", "that", "this", "there", "their", "his", "her", "its"))  # fmt: skip


def words(text: str) -> set[str]:
    """Content words of a text (lower case, three letters or more, no stop words)."""
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP} - {"event", "driver", "year"}


def similarity(question: str, t: Topic) -> float:
    """Share of the question's content words found in the topic's description and examples (0..1)."""
    asked = words(question)
    if not asked:
        return 0.0
    known = words(t.description + " " + " ".join(t.examples))
    return len(asked & known) / len(asked)
