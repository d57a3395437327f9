"""Chat fixtures: a fake Groq server, a Groq config aimed at it, a small real index."""

from __future__ import annotations

import pytest

from f1core.config import load_settings
from tests.chat.fake_groq import serve_fake_groq

#: A realistic-looking key that must never leak into output, logs or errors.
SECRET_KEY = "gsk_TESTSECRET_0123456789abcdefABCDEF"
INDEXED_SESSIONS: tuple[str, ...] = ()  # the knowledge base only: keeps setup short


@pytest.fixture()
def fake_groq():
    """A running fake Groq server on 127.0.0.1."""
    with serve_fake_groq() as fake:
        yield fake


@pytest.fixture()
def groq_config(fake_groq):
    """GroqConfig aimed at the fake server, with a short timeout."""
    from f1core.chat.groq_client import GroqConfig

    return GroqConfig(api_key=SECRET_KEY, model="fake-llama", base_url=fake_groq.base_url,
                      timeout_s=1.5)  # fmt: skip


@pytest.fixture(scope="session")
def chat_settings(tmp_path_factory, kit_store_path):
    """Settings whose data dir (and so the Chroma index) is a temp folder."""
    folder = tmp_path_factory.mktemp("chatdata")
    return load_settings(store_path=folder / "f1.duckdb")


@pytest.fixture(scope="session")
def chat_index(kit_store, chat_settings):
    """A real Chroma index holding the knowledge base (sessions: see INDEXED_SESSIONS).

    Loads the embedding model once per test session (the slow part: ~10 s).
    """
    from f1core.chat.answer import open_ready_index
    from f1core.store import SessionKey

    keys = [SessionKey.parse(k) for k in INDEXED_SESSIONS]
    return open_ready_index(kit_store, chat_settings, sessions=keys)


@pytest.fixture(scope="session")
def kit_sandbox(kit_store):
    """A sandbox over the kit store (tables copied once per test session)."""
    from f1core.chat.sandbox import build_sandbox

    box = build_sandbox(kit_store)
    yield box
    box.close()
