"""What the chat will not answer from the data, and what it offers instead.

Policy: SQL or code typed in place of a question, a question about data Pit Wall does not
hold (team radio, fuel, tyre pressures, component temperatures, ERS, money, biometrics),
about the future, or asking for an opinion or a piece of writing gets "I can't answer that
from the data", never a nearby fact. Offered questions come from the catalog's examples,
filled with the question's own event, driver or season when it named one.
"""

from __future__ import annotations

import re

from f1core.facts.catalog import TOPICS, similarity, topic

ABSTAIN = "I can't answer that from the data."

#: SQL or code typed in place of a question (an injection attempt or a paste): (reason, pattern).
CODE: tuple[str, str] = (
    "That is SQL or code, not a question; ask in words.",
    r"^\W*select\b[^?]*\bfrom\s+[\w.\"]+\s*(;|$|\b(where|order|group|limit|join)\b)|"
    r"^\W*(insert\s+into|delete\s+from|drop\s+(table|view|schema|database)|"
    r"create\s+(table|view|schema|index)|alter\s+table|truncate|update\s+\w+\s+set|pragma|attach)\b|"
    r";\s*(select|insert|update|delete|drop|create|alter|truncate)\b|(--|/\*)\s*$|'\s*;|"
    r"'\s*or\s+'?1'?\s*=\s*'?1|</?script\b|\{\{|\$\{",
)

#: (reason, pattern) on the lower-case question; the first match wins.
OUT_OF_SCOPE: tuple[tuple[str, str], ...] = (
    CODE,
    ("Team radio is not in the data.", r"\bradio\b|\bsaid on\b|\bwhat did \w+ say\b"),
    ("Fuel loads and fuel use are not in the data.", r"\bfuel\b|\blitres?\b|\bliters?\b"),
    ("Tyre pressures and tyre or brake temperatures are not in the data.",
     r"\b(tyre|tire) (pressure|temp|temperature|wear rate)s?\b|\bbrakes? (temp|temperature)s?\b|"
     r"\bengine (temp|temperature)s?\b"),
    ("Energy deployment (ERS, battery) is not in the data.", r"\bers\b|\bbattery\b|\bdeploy(ment|ed)? of\b|\bharvest"),
    ("Drivers' biometrics are not in the data.", r"\bheart ?rate\b|\bpulse\b|\bg-?forces? on\b"),
    ("Budgets, costs and salaries are not in the data.",
     r"\bbudget|\bhow much (does|do|did|is|are) .{0,40}(cost|worth)\b|\bcosts? (of|per)\b|\bsalar(y|ies)\b|"
     r"\bprice\b|\bpaid\b|\bsponsor|\bmoney\b|\$\d"),
    ("Car set-up is not in the data.", r"\bset-?up\b|\bwing (angle|level)s?\b|\bride height\b|\bdownforce level"),
    ("The data holds what happened, not predictions.",
     r"\bwill (win|be|take|finish|get|happen)\b|\bgoing to (win|be)\b|\bnext (year|season|race|weekend)\b|"
     r"\bpredict|\bforecast\b|\bupcoming\b|\bfuture\b|\bin \d+ years\b"),
    ("That is a matter of opinion, not data.",
     r"\bgreatest\b|\b(best|worst) (f1 |formula (1|one) )?(driver|team|racer|champion|car)s?\b|"
     r"\bfavou?rite\b|\bpopular\b|"
     r"\boverrated\b|\bunderrated\b|\bshould (have|\w+ have)\b|\bshould \w+ (pit|have|do|be)\b|\bdeserve|"
     r"\bwho is better\b|\bbetter driver\b|\bwould have won\b|\bwhat if\b"),
    ("I only answer questions about the data, not requests to write something.",
     r"^(please )?(write|compose|tell me a|sing|draw)\b|\bpoem\b|\bjoke\b|\bsong\b|\bessay\b|\bstory about\b"),
)  # fmt: skip


def out_of_scope(question: str) -> str | None:
    """Why ``question`` cannot be answered from the data, or ``None`` when it may be."""
    lowered = question.lower()
    return next((reason for reason, pattern in OUT_OF_SCOPE if re.search(pattern, lowered)), None)


def looks_like_code(question: str) -> bool:
    """Whether ``question`` is SQL or code rather than a question (see :data:`CODE`)."""
    return bool(re.search(CODE[1], question.lower()))


def beyond_data(question: str, *, latest_year: int) -> str | None:
    """A reason when the question names a season after the latest one in the data."""
    years = [int(y) for y in re.findall(r"\b(19[5-9]\d|20\d\d)\b", question)]
    late = [y for y in years if y > latest_year]
    if late:
        return f"The data ends in {latest_year}; {late[0]} is not in it."
    return None


def suggestions(*, event: str | None = None, driver: str | None = None, year: int | None = None,
                scope: str | None = None, question: str = "", k: int = 3) -> list[str]:  # fmt: skip
    """Up to ``k`` questions the engine answers, filled with the given event, driver and year.

    Args:
        event: e.g. ``"2025 Australian Grand Prix"`` (the question's or the page's session).
        driver: a driver's name to fill ``{driver}``.
        year: a season to fill ``{year}``.
        scope: prefer topics of this scope (``"session"`` or ``"history"``).
        question: the question asked: topics whose words it shares come first.
        k: how many.
    """
    order = ["result", "fastest_lap", "stints", "career", "champion", "record", "pole", "first"]
    chosen = [topic(n) for n in order]
    if question:  # the closest topics first (stable: ties keep the order above)
        close = sorted(TOPICS, key=lambda t: -similarity(question, t))
        chosen = [t for t in close if similarity(question, t) > 0][:k] + chosen
    if scope:
        chosen = [t for t in chosen if t.scope == scope] + [t for t in chosen if t.scope != scope]
    if event is None:
        chosen = [t for t in chosen if "{event}" not in " ".join(t.examples)]
    fill = {"event": event or "", "driver": driver or "Lando Norris", "year": str(year or 2021)}
    out: list[str] = []
    for t in chosen:
        example = t.examples[0]
        if "{event}" in example and not event:
            continue
        filled = example.format(**fill)
        if filled not in out:
            out.append(filled)
        if len(out) == k:
            break
    return out


def abstain_text(reason: str | None, offers: list[str]) -> str:
    """``"I can't answer that from the data. <reason> I can answer, for example: ..."``."""
    text = ABSTAIN + (f" {reason}" if reason else "")
    if offers:
        text += " I can answer, for example: " + " / ".join(f"“{q}”" for q in offers)
    return text
