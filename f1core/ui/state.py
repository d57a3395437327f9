"""Session-state keys, initialised in one place, and the shared replay clock."""

from __future__ import annotations

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
    "pin_target": None,  # the dashboard name the last pin went to (the next pin's default)
    "strat_plan_edit": None,  # the What-if plan box's last plan and its race and driver (plan_box)
}


def init_state() -> None:
    """Create every session-state key with its default (idempotent)."""
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = list(value) if isinstance(value, list) else value


def replay_lap(key: SessionKey | None) -> int | None:
    """The shared replay clock's lap when it is on and replaying ``key``, else None."""
    clock = st.session_state.get("replay_clock")
    if not clock or key is None or clock.get("key") != str(key):
        return None
    return int(clock["lap"])


def palette() -> str:
    """The chosen colour palette: ``team`` colours or ``colorblind``."""
    return str(st.session_state.get("palette", "team"))
