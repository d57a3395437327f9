"""Check an LLM answer against the tool results of its turn: every number and name must be there.

Numbers are compared as values (``1:22.167`` is 82.167 s; ``0.9`` is supported by 0.895
rounded), names as whole words (a driver's surname or three-letter code, a team). An
unsupported claim is marked in the text (``[not in the data]``) and counted in the verdict
shown with the citations; the question's own numbers and names count as supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from f1core.facts.resolve import plain

MARK = " [not in the data]"
_LAPTIME = re.compile(r"\b(\d{1,2}):(\d{2}(?:\.\d+)?)\b")
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w])")


@dataclass(frozen=True)
class Verdict:
    """What the check found: claims checked, and the unsupported ones."""

    numbers: int
    names: int
    unsupported: tuple[str, ...]

    def describe(self) -> str:
        """One line for the page and the ``--json`` output."""
        checked = (
            f"Checked {self.numbers} number(s) and {self.names} name(s) against this turn's data"
        )
        if not self.unsupported:
            return f"{checked}: all found."
        return f"{checked}; not found: {', '.join(self.unsupported)} (marked {MARK.strip()})."


def _values(text: str) -> list[tuple[str, float, int]]:
    """``(literal, value, decimals)`` of every number in ``text`` (lap times as seconds)."""
    out, spans = [], []
    for m in _LAPTIME.finditer(text):
        seconds = int(m.group(1)) * 60 + float(m.group(2))
        decimals = len(m.group(2).split(".")[1]) if "." in m.group(2) else 0
        out.append((m.group(0), seconds, decimals))
        spans.append(m.span())
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        literal = m.group(1)
        decimals = len(literal.split(".")[1]) if "." in literal else 0
        out.append((literal, float(literal), decimals))
    return out


def _supported(value: float, decimals: int, known: list[float]) -> bool:
    tolerance = 0.5 * 10**-decimals + 1e-9
    return any(abs(value - k) <= tolerance for k in known)


def check_claims(answer: str, evidence: list[str], *, question: str = "", names: dict[str, set[str]] | None = None) -> tuple[str, Verdict]:  # fmt: skip
    """Mark the numbers and names of ``answer`` that no tool result of the turn contains.

    Args:
        answer: the model's final text.
        evidence: the text of every tool result of the turn.
        question: the user's question (its numbers and names count as given).
        names: known names to check, plain lower case (drivers' surnames, teams), each with
            the upper-case codes that also support it ({"norris": {"NOR"}}); words of the
            answer outside this map are not checked.

    Returns:
        ``(text, verdict)``: the answer with unsupported claims marked, and the verdict.
    """
    source = "\n".join(evidence) + "\n" + question
    known = [v for _, v, _ in _values(source)]
    bad: list[str] = []
    numbers = 0
    marked = answer
    for literal, value, decimals in _values(answer):
        numbers += 1
        if not _supported(value, decimals, known) and literal not in bad:
            bad.append(literal)
    checked_names = 0
    source_words = f" {plain(source)} "
    answer_words = plain(answer)
    codes = set(re.findall(r"\b[A-Z]{3}\b", source))
    for name, aliases in sorted((names or {}).items(), key=lambda kv: -len(kv[0])):
        if f" {name} " in f" {answer_words} ":
            checked_names += 1
            if f" {name} " not in source_words and not aliases & codes:
                bad.append(name)
    for claim in bad:
        if any(ch.isdigit() for ch in claim):
            pattern = rf"(?<![\w.:]){re.escape(claim)}(?!\w|\.\d)"
        else:
            pattern = rf"(?i)\b{re.escape(claim)}\b"
        marked = re.sub(pattern, lambda m: m.group(0) + MARK, marked, count=1)
    return marked, Verdict(numbers, checked_names, tuple(bad))
