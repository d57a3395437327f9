"""A fake Groq commentator for the fake server: it rewrites each numbered event of the prompt,
and every ``wrong_every``-th sentence states a wrong number or a driver the event does not name.

It answers the way :mod:`f1core.commentary.voice` asks ("N. sentence" per event), so the whole
HTTP path runs; the wrong sentences are what the claim check must catch.
"""

from __future__ import annotations

import re

from tests.chat.fake_groq import text_reply

_EVENT = re.compile(r"^(\d+)\. (.+?) Values: ")
_NUMBER = re.compile(r"(?<![\w.:])(\d+)(?:\.(\d+))?(?![\w:])")
_CODE = re.compile(r"\b[A-Z]{3}\b")
STRANGER = "ZZZ"  # a code no event holds (the names map knows it only when a test adds it)


def corrupt(sentence: str, n: int, strangers: list[str]) -> str:
    """A wrong number (its first number plus 7, or 14 ... until it is no other number of the
    sentence: a stewards' "5 SECOND ... CAR 12" made "12 SECOND" would still be checked right),
    or else another driver in place of one."""
    m = _NUMBER.search(sentence)
    if m and n % 2 == 0:
        present = {x.group(0) for x in _NUMBER.finditer(sentence)}
        whole = int(m.group(1)) + 7
        while (value := f"{whole}.{m.group(2)}" if m.group(2) else str(whole)) in present:
            whole += 7
        return sentence[: m.start()] + value + sentence[m.end() :]
    codes = _CODE.findall(sentence)
    others = [c for c in strangers if c not in codes]
    if codes and others:
        return sentence.replace(codes[0], others[n % len(others)], 1)
    return sentence + f" That was lap {n + 70}."


def broadcaster(*, wrong_every: int = 5, drivers: list[str] | None = None, log: list | None = None):
    """A responder for :class:`~tests.chat.fake_groq.FakeGroq`.

    Args:
        wrong_every: every this many events (counted over the whole run), a wrong sentence.
        drivers: codes to swap in for a wrong name (the session's other drivers).
        log: collects ``(event text, sentence, wrong)`` for each sentence sent.
    """
    count = [0]

    def respond(body: dict) -> dict:
        prompt = body["messages"][-1]["content"]
        lines = []
        for line in prompt.splitlines():
            m = _EVENT.match(line)
            if not m:
                continue
            count[0] += 1
            text = m.group(2)
            said = f"And what a moment: {text}"
            wrong = count[0] % wrong_every == 0
            if wrong:
                said = corrupt(said, count[0], drivers or [STRANGER])
                wrong = said != f"And what a moment: {text}"
            if log is not None:
                log.append((text, said, wrong))
            lines.append(f"{m.group(1)}. {said}")
        return text_reply("\n".join(lines), pieces=6)

    return respond
