"""Documents the chat retrieves: the Markdown knowledge base split into sections.

A :class:`Document` is the unit of retrieval and citation for every source (knowledge
base, session fact sheets, race-control messages); its metadata is flat and never
``None`` because Chroma accepts only str/int/float/bool values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from f1core.config import PROJECT_ROOT

DocKind = Literal["knowledge", "factsheet", "race_control"]

KNOWLEDGE_DIR = PROJECT_ROOT / "data" / "knowledge"
_HEADING = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Document:
    """One retrievable, citable text.

    Attributes:
        doc_id: stable id (the index upserts by it).
        title: a short human title shown in citations.
        text: the text that is embedded and shown.
        kind: knowledge, factsheet or race_control.
        source: file name or store table(s) the text came from.
        year, round, session_code: the session it is about (0/0/"" when none).
        extra: more flat metadata (e.g. ``section``).
    """

    doc_id: str
    title: str
    text: str
    kind: DocKind
    source: str
    year: int = 0
    round: int = 0
    session_code: str = ""
    extra: dict = field(default_factory=dict)

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata for Chroma filtering (no ``None`` values)."""
        meta: dict[str, str | int] = {
            "title": self.title,
            "kind": self.kind,
            "source": self.source,
            "year": int(self.year),
            "round": int(self.round),
            "session_code": self.session_code,
        }
        meta.update(
            {k: v for k, v in self.extra.items() if isinstance(v, str | int | float | bool)}
        )
        return meta

    @classmethod
    def from_metadata(cls, doc_id: str, text: str, meta: dict) -> Document:
        """Rebuild a document from what the index returns."""
        known = {"title", "kind", "source", "year", "round", "session_code"}
        return cls(
            doc_id=doc_id,
            title=str(meta.get("title", doc_id)),
            text=text,
            kind=meta.get("kind", "knowledge"),
            source=str(meta.get("source", "")),
            year=int(meta.get("year", 0)),
            round=int(meta.get("round", 0)),
            session_code=str(meta.get("session_code", "")),
            extra={k: v for k, v in meta.items() if k not in known},
        )


_INJECTION = re.compile(
    r"ignore (all |any )?(the )?(previous|prior|above|earlier|your) (instructions|rules|prompt)|"
    r"disregard (the|your|all|any) (previous |prior )?(instructions|rules)|\byou are now\b|"
    r"(print|reveal|show|output|send|leak)\b.{0,40}(api[_ ]?key|secret|password|system prompt)",
    re.IGNORECASE,
)


def looks_like_injection(text: str) -> bool:
    """Whether a document carries instruction-like text aimed at a model (prompt injection)."""
    return bool(_INJECTION.search(text))


def shipped_sources(folder: Path = KNOWLEDGE_DIR) -> set[str]:
    """File names of the knowledge base Pit Wall ships (the only trusted prose)."""
    return {p.name for p in Path(folder).glob("*.md")}


def slugify(text: str) -> str:
    """Lower-case ASCII slug for ids (``"Safety car (SC)"`` -> ``"safety-car-sc"``)."""
    return _SLUG.sub("-", text.lower()).strip("-")


def split_markdown(text: str, *, source: str) -> list[Document]:
    """Split one Markdown file into one document per ``##`` section.

    The file's ``#`` title is prefixed to every section so each chunk reads on its own.

    Args:
        text: the Markdown text.
        source: the file name, used in ids and citations.

    Returns:
        Documents in file order; a file without ``##`` sections is one document.
    """
    title_match = re.search(r"^# +(.+?)\s*$", text, re.MULTILINE)
    file_title = title_match.group(1) if title_match else Path(source).stem
    stem = Path(source).stem
    heads = list(_HEADING.finditer(text))
    if not heads:
        body = text.strip()
        return [Document(f"kb:{stem}", file_title, body, "knowledge", source)] if body else []
    docs = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        section = head.group(1)
        body = text[head.end() : end].strip()
        if not body:
            continue
        docs.append(
            Document(
                doc_id=f"kb:{stem}:{slugify(section)}",
                title=f"{file_title}: {section}",
                text=f"{file_title} - {section}\n{body}",
                kind="knowledge",
                source=source,
                extra={"section": section},
            )
        )
    return docs


def load_knowledge(folder: Path = KNOWLEDGE_DIR) -> list[Document]:
    """Every section of every ``*.md`` file in ``folder`` (sorted by file name)."""
    docs: list[Document] = []
    for path in sorted(Path(folder).glob("*.md")):
        docs.extend(split_markdown(path.read_text(encoding="utf-8"), source=path.name))
    return docs
