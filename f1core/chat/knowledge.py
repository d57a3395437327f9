"""Documents the chat retrieves: the Markdown knowledge base split into sections.

A :class:`Document` is the unit of retrieval and citation for every source (knowledge
base, session fact sheets, race-control messages); its metadata is flat and never
``None`` because Chroma accepts only str/int/float/bool values.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from f1core.config import PROJECT_ROOT

DocKind = Literal["knowledge", "factsheet", "race_control"]

KNOWLEDGE_DIR = PROJECT_ROOT / "data" / "knowledge"
#: Model cards written by training (``models/*.md``): how each prediction model works.
MODEL_CARDS_DIR = PROJECT_ROOT / "models"
INTRO_MIN_WORDS = 30
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
        meta["sha"] = hashlib.sha1(self.text.encode()).hexdigest()[:12]  # detects edited text
        return meta

    @classmethod
    def from_metadata(cls, doc_id: str, text: str, meta: dict) -> Document:
        """Rebuild a document from what the index returns."""
        known = {"title", "kind", "source", "year", "round", "session_code", "sha"}
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


def _knowledge_files(folder: Path | None) -> list[tuple[Path, str]]:
    """(path, source name) of the knowledge files and, by default, the model cards."""
    if folder is not None:
        return [(p, p.name) for p in sorted(Path(folder).glob("*.md"))]
    files = [(p, p.name) for p in sorted(KNOWLEDGE_DIR.glob("*.md"))]
    files += [(p, f"models/{p.name}") for p in sorted(MODEL_CARDS_DIR.glob("*.md"))]
    return files


def shipped_sources(folder: Path | None = None) -> set[str]:
    """Source names of the prose Pit Wall ships (knowledge base, model cards): the only
    text the offline answerer quotes."""
    return {name for _path, name in _knowledge_files(folder)}


def slugify(text: str) -> str:
    """Lower-case ASCII slug for ids (``"Safety car (SC)"`` -> ``"safety-car-sc"``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", ascii_text.lower()).strip("-")


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
    intro = text[title_match.end() if title_match else 0 : heads[0].start()].strip()
    if len(intro.split()) >= INTRO_MIN_WORDS:  # e.g. a model card's header bullets
        docs.append(Document(f"kb:{stem}:overview", f"{file_title}: overview",
                             f"{file_title} - overview\n{intro}", "knowledge", source,
                             extra={"section": "overview"}))  # fmt: skip
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


def load_knowledge(folder: Path | None = None) -> list[Document]:
    """Every section of the knowledge base and the model cards (or of ``folder``'s ``*.md``)."""
    docs: list[Document] = []
    for path, source in _knowledge_files(folder):
        docs.extend(split_markdown(path.read_text(encoding="utf-8"), source=source))
    return docs
