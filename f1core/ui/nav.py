"""The page frame: browser-tab title, wide layout and the sidebar's page list, Home first.

Streamlit names the entry script's page after its file ("app"), so the app hides the
automatic list (``client.showSidebarNavigation = false``) and draws this one instead.
"""

from __future__ import annotations

import streamlit as st

from f1core.ui.auth import account_box

#: script -> (label, icon, what it is for). The one list of pages, in sidebar order.
PAGES: dict[str, tuple[str, str, str]] = {
    "app.py": ("Home", "🏁", "What is loaded, where to start, loading data"),
    "pages/10_Session.py": (
        "Session",
        "📊",
        "Session analysis: results, lap times, strategy, pace",
    ),
    "pages/20_Telemetry.py": ("Telemetry", "📈", "Telemetry: overlay laps, delta time, track map"),
    "pages/30_Live.py": ("Live", "⏱️", "Live timing and replay"),
    "pages/40_Strategy.py": ("Strategy", "🛞", "Strategy lab: degradation, pit loss, simulator"),
    "pages/50_Predictions.py": ("Predictions", "🔮", "Predictions with SHAP explanations"),
    "pages/60_Chat.py": ("Chat", "💬", "Race engineer chat"),
    "pages/70_Season.py": ("Season", "🏆", "Seasons, drivers, teams and circuits since 1950"),
    "pages/71_Driver.py": ("Driver", "🧑‍✈️", "Driver careers"),
    "pages/72_Team.py": ("Team", "🏎️", "Team records"),
    "pages/73_Circuit.py": ("Circuit", "🗺️", "Circuit statistics"),
    "pages/74_Head_to_head.py": ("Head to head", "⚔️", "Team-mate and rival duels"),
    "pages/80_Dashboards.py": ("Dashboards", "📌", "Your dashboards of pinned charts and tables"),
}


def page_frame(script: str) -> None:
    """Set up a page (``script`` is its key in ``PAGES``): tab title, layout, sidebar pages."""
    label, icon, _ = PAGES[script]
    title = "Pit Wall" if script == "app.py" else f"{label} · Pit Wall"
    st.set_page_config(page_title=title, page_icon=icon, layout="wide")
    st.session_state["current_page"] = script  # which page a pinned chart comes from
    with st.sidebar.container(key="nav"):
        for path, (name, page_icon, _) in PAGES.items():
            st.page_link(path, label=name, icon=page_icon)
    account_box()
