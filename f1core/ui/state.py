"""Session-state keys, initialised in one place, and the shared replay clock."""

from __future__ import annotations

from copy import copy

import streamlit as st

from f1core.store import SessionKey

#: key -> default. Small plain values only.
DEFAULTS: dict[str, object] = {
    "year": None,
    "round": None,
    "session": None,
    "drivers": [],
    "chat_history": [],
    "replay_clock": None,  # {"key": "YEAR/ROUND/CODE", "lap": int, "source": str} when shared
    "palette": "team",  # "team" or "colorblind"; set by the sidebar's toggle (URL: cb)
    "tel_laps_for": None,  # the session the Telemetry page's chosen laps belong to
    "current_page": None,  # the running page's script (set by nav.page_frame), for pins
    "pin_target": None,  # the dashboard last opened or pinned to (the next pin's default)
    "strat_plan_edit": None,  # the What-if plan box's last plan and its race and driver (plan_box)
    "follows_for": {},  # widget group -> the sidebar session its widgets were last set from
}


def init_state() -> None:
    """Create every session-state key with its default (idempotent)."""
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = copy(value)  # never share a default list or dict


def replay_lap(key: SessionKey | None) -> int | None:
    """The shared replay clock's lap when it is on and replaying ``key``, else None."""
    clock = st.session_state.get("replay_clock")
    if not clock or key is None or clock.get("key") != str(key):
        return None
    return int(clock["lap"])


def follow_selection(group: str, key: SessionKey, values: dict[str, object]) -> None:
    """Set a page's own widgets from the sidebar's session whenever that session changes.

    Widgets that pick their own season or round (the Predictions page's finishing-position
    boxes) start from the shared sidebar selection and follow it when it changes; what the
    user types in them stays until the sidebar's session changes again. Call before the
    widgets are drawn: Streamlit only takes a keyed widget's value from session state.

    Args:
        group: a name for the widgets that follow together.
        key: the sidebar's session.
        values: widget key -> the value it takes for ``key``.
    """
    seen = st.session_state.setdefault("follows_for", {})
    if seen.get(group) == str(key) and all(k in st.session_state for k in values):
        return
    seen[group] = str(key)
    for widget_key, value in values.items():
        st.session_state[widget_key] = value


def palette() -> str:
    """The chosen colour palette: ``team`` colours or ``colorblind``."""
    return str(st.session_state.get("palette", "team"))
