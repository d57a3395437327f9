"""The shared sidebar: season, event, session and drivers, mirrored into the URL."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from f1core.ingest.convert import SESSION_NAME_BY_CODE
from f1core.store import SessionKey
from f1core.ui import cache
from f1core.ui.links import warn_bad_link
from f1core.ui.state import init_state, replay_lap

_CODES_ORDER = ("FP1", "FP2", "FP3", "SQ", "SS", "S", "Q", "R")


@dataclass(frozen=True)
class Selection:
    """What the user picked in the sidebar."""

    key: SessionKey | None
    drivers: list[str] = field(default_factory=list)
    session_row: dict | None = None
    palette: str = "team"  # "team" colours or "colorblind"-safe ones


def _read_url_once() -> None:
    """Seed the selection from the URL on the first run of a browser session."""
    if st.session_state.get("_url_read"):
        return
    st.session_state["_url_read"] = True
    params = st.query_params
    wanted = {k: params[k] for k in ("year", "round", "session") if k in params}
    if wanted:  # checked against what is stored once the pickers are drawn
        st.session_state["_url_wanted"] = wanted
    try:
        if "year" in params:
            st.session_state["year"] = int(params["year"])
        if "round" in params:
            st.session_state["round"] = int(params["round"])
    except ValueError:
        return  # a hand-edited link with bad numbers: the warning below names it
    if "session" in params:
        st.session_state["session"] = params["session"].upper()
    if "drivers" in params:
        st.session_state["drivers"] = [d for d in params["drivers"].upper().split(",") if d]
        st.session_state["_url_drivers"] = st.session_state["drivers"]  # checked against the roster


def _warn_if_link_not_stored(shown: SessionKey) -> None:
    """Say so when a shared link named a session the store does not hold (once)."""
    wanted = st.session_state.pop("_url_wanted", None)
    if not wanted:
        return
    got = {"year": str(shown.year), "round": str(shown.round), "session": shown.session_code}
    if any(str(v).upper() != got[k].upper() for k, v in wanted.items()):
        asked = "/".join(str(wanted.get(k, "?")) for k in ("year", "round", "session"))
        st.warning(
            f"The link asks for session {asked}, which is not in the store; showing {shown} "
            "instead. Load it from the home page."
        )


def _warn_if_link_drivers_not_here(roster: list[str], chosen: list[str]) -> None:
    """Say so when a shared link named drivers who are not in the session shown (once)."""
    absent = [d for d in st.session_state.pop("_url_drivers", []) if d not in roster]
    if absent:
        many = len(absent) > 1
        warn_bad_link("drivers" if many else "driver", absent,
                      why=f"who {'are' if many else 'is'} not in this session",
                      shown=", ".join(chosen) or "no driver")  # fmt: skip


def _pick(label: str, options: list, state_key: str, widget_key: str, fmt=str):
    current = st.session_state.get(state_key)
    index = options.index(current) if current in options else 0
    value = st.sidebar.selectbox(label, options, index=index, key=widget_key, format_func=fmt)
    st.session_state[state_key] = value
    return value


def session_sidebar(*, drivers: bool = True, default_drivers: int = 3) -> Selection:
    """Draw the shared session pickers and return the selection.

    Args:
        drivers: also offer the drivers multiselect.
        default_drivers: how many top finishers to pre-select when none are chosen.
    """
    init_state()
    _read_url_once()
    sessions = cache.sessions()
    if sessions.empty:
        st.sidebar.info("The store is empty. Load data from the home page.")
        return Selection(key=None)
    st.sidebar.header("Session")
    years = sorted(sessions["year"].unique().tolist(), reverse=True)
    year = _pick("Season", years, "year", "sb_year")
    in_year = sessions[sessions["year"] == year]
    names = dict(zip(in_year["round"], in_year["event_name"], strict=False))
    rounds = sorted(names)
    rnd = _pick("Event", rounds, "round", "sb_round", fmt=lambda r: f"R{r} {names[r]}")
    codes_here = set(in_year[in_year["round"] == rnd]["session_code"])
    codes = [c for c in _CODES_ORDER if c in codes_here]
    if st.session_state.get("session") not in codes:
        st.session_state["session"] = "R" if "R" in codes else codes[-1]
    code = _pick("Session", codes, "session", "sb_session", fmt=SESSION_NAME_BY_CODE.get)
    key = SessionKey(int(year), int(rnd), code)
    _warn_if_link_not_stored(key)
    row = in_year[(in_year["round"] == rnd) & (in_year["session_code"] == code)].iloc[0].to_dict()
    chosen: list[str] = []
    if drivers:
        roster = cache.drivers(key)["driver"].tolist()
        wanted = [d for d in st.session_state.get("drivers", []) if d in roster]
        if not wanted:
            wanted = roster[:default_drivers]
        chosen = st.sidebar.multiselect("Drivers", roster, default=wanted, key="sb_drivers")
        st.session_state["drivers"] = chosen
        _warn_if_link_drivers_not_here(roster, chosen)
    lap = replay_lap(key)
    if lap is not None:
        st.sidebar.info(f"⏱ Replay clock: data as known at the end of lap {lap}.")
    cb = st.sidebar.toggle("Colour-blind-safe colours", key="cb", bind="query-params")
    st.session_state["palette"] = palette = "colorblind" if cb else "team"
    st.query_params.update(
        {"year": str(year), "round": str(rnd), "session": code, "drivers": ",".join(chosen)}
    )
    return Selection(key=key, drivers=chosen, session_row=row, palette=palette)


def missing_data_notes(row: dict | None) -> list[str]:
    """Plain-language notes for what a stored session lacks."""
    if not row:
        return []
    notes = []
    for flag, what in (
        ("has_results", "official classification"),
        ("has_weather", "weather data"),
        ("has_race_control", "race control messages"),
        ("has_telemetry", "car telemetry"),
    ):
        if not row.get(flag):
            notes.append(f"This session has no {what}.")
    if row.get("notes") and "timing only" in str(row["notes"]):
        notes.append("The finishing order comes from timing data, not the official result.")
    return notes


def no_telemetry_note(sessions) -> str:
    """Say a session has no car telemetry, and name the stored sessions that do.

    Args:
        sessions: every stored session (``cache.sessions()``: the store's ``sessions`` rows),
            so the note names what this store holds, whatever data it was built from.
    """
    have = sessions[sessions["has_telemetry"].fillna(False).astype(bool)]
    if have.empty:
        return "No session in the store has car telemetry; load one from the home page."
    events = []
    for (year, _round), rows in have.groupby(["year", "round"], sort=True):
        names = [
            SESSION_NAME_BY_CODE.get(c, c) for c in _CODES_ORDER if c in set(rows["session_code"])
        ]
        events.append(f"the {year} {rows['event_name'].iloc[0]} ({', '.join(names)})")
    listed = events[0] if len(events) == 1 else ", ".join(events[:-1]) + " and " + events[-1]
    return f"This session has no car telemetry in the store. The store has it for {listed}."
