"""Commentary fixtures: the chat's fake Groq server and a config aimed at it."""

from tests.chat.conftest import fake_groq, groq_config  # noqa: F401 (fixtures)
