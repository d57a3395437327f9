"""What every answerer returns: an :class:`Answer` with its citations, and the page context."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from f1core.chat.knowledge import Document
from f1core.facts.fact import Fact

Mode = Literal["offline", "groq"]
Status = Literal["answered", "abstained"]


@dataclass(frozen=True)
class ChatContext:
    """What the page knows: the selected session, drivers and replay lap.

    Attributes:
        session: the selected :class:`~f1core.store.SessionKey`, or ``None``.
        drivers: selected three-letter codes.
        replay_lap: when the replay clock is on, answers are "as known at" this lap.
    """

    session: object | None = None
    drivers: tuple[str, ...] = ()
    replay_lap: int | None = None

    def describe(self) -> str:
        """One line for the LLM system prompt."""
        parts = [f"selected session {self.session}" if self.session else "no session selected"]
        if self.drivers:
            parts.append("selected drivers " + ", ".join(self.drivers))
        if self.replay_lap:
            parts.append(f"replay clock at lap {self.replay_lap}: answer as known at that lap")
        return "; ".join(parts)


_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)]*)\)")
_BARE_URL = re.compile(r"(?<![`(])\b((?:https?|ftp)://[^\s)`]+)")


def defang_markdown(text: str) -> str:
    """Model text with no remote content: images and links become plain text with the address
    in code (never fetched, never clickable), so an answer cannot load or leak anything."""
    text = _IMAGE.sub(lambda m: f"{m.group(1) or 'image'} (image not shown: `{m.group(2)}`)", text)
    text = _LINK.sub(lambda m: f"{m.group(1)} (`{m.group(2)}`)", text)
    return _BARE_URL.sub(lambda m: f"`{m.group(1)}`", text)


def doc_citation(doc: Document) -> dict:
    """Citation of a retrieved document."""
    return {"type": "document", "id": doc.doc_id, "title": doc.title, "source": doc.source,
            "kind": doc.kind}  # fmt: skip


def sql_citation(sql: str, tables: tuple[str, ...], rows: int) -> dict:
    """Citation of a sandbox query (the tables and the statement that read them)."""
    return {"type": "store", "table": ",".join(tables), "keys": {}, "sql": sql, "rows": rows}


@dataclass
class Answer:
    """An answer and everything it used.

    Attributes:
        text: the answer shown to the user.
        citations: dicts, ``{"type": "store", "table", "keys"}`` or
            ``{"type": "document", "id", "title", "source", "kind"}``.
        mode: ``"offline"`` or ``"groq"``.
        intent: what the question was read as (offline answerer).
        table: rows behind the answer, for display and export.
        chart: a chart spec when one helps: ``{"kind", "session", "drivers"}`` for
            :func:`f1core.chat.figures.chart_for`.
        session: the session the answer is about, as ``YEAR/ROUND/CODE``.
        notice: why the answer came from another mode (e.g. Groq rate limit).
        status: ``"answered"``, or ``"abstained"`` when the data cannot answer it.
        verdict: the claim check of an LLM answer (numbers and names found in the tools'
            results, or which were not).
    """

    text: str
    citations: list[dict] = field(default_factory=list)
    mode: Mode = "offline"
    intent: str = ""
    table: pd.DataFrame | None = None
    chart: dict | None = None
    session: str | None = None
    notice: str | None = None
    status: Status = "answered"
    verdict: str | None = None

    def add_fact(self, fact: Fact) -> None:
        """Append a fact's store-row citations (no duplicates)."""
        for ref in fact.rows:
            cite = ref.as_dict()
            if cite not in self.citations:
                self.citations.append(cite)

    def to_json(self) -> dict:
        """The ``--json`` shape: ``{"answer", "status", "citations"}`` plus mode, intent, session."""
        return {"answer": self.text, "status": self.status, "citations": self.citations, "mode": self.mode,
                "verdict": self.verdict,
                "intent": self.intent, "session": self.session, "notice": self.notice, "chart": self.chart}  # fmt: skip
