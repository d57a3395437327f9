"""What kind of screen the browser is: a phone gets compact defaults (its choice still wins)."""

from __future__ import annotations

import re

import streamlit as st

_PHONE_AGENT = re.compile(r"Mobi|iPhone|Android.+Mobile|Windows Phone", re.I)


def is_phone_agent(user_agent: str | None) -> bool:
    """Whether a User-Agent is a phone's (browsers put ``Mobi`` in it; tablets do not)."""
    return bool(user_agent and _PHONE_AGENT.search(user_agent))


def on_phone() -> bool:
    """Whether this browser session is on a phone (from its User-Agent header)."""
    try:
        return is_phone_agent(st.context.headers.get("User-Agent"))
    except (AttributeError, RuntimeError):  # no request headers (tests, bare mode)
        return False
