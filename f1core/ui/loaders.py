"""Home-page data loading widgets: a FastF1 session loader and the data-kit loader."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from f1core.errors import F1CoreError, SessionNotFound
from f1core.ingest import ingest_kit, ingest_session
from f1core.ingest.fastf1_session import configure_fastf1, season_events
from f1core.ui.store import get_settings, get_store, lock_countdown


@st.cache_data(ttl=3600, max_entries=16, show_spinner="Reading the event schedule…")
def _events(year: int, offline: bool) -> pd.DataFrame:
    settings = get_settings()
    configure_fastf1(
        settings.fastf1_cache, offline=offline, log_level=settings.fastf1_log_level,
        timeout_s=settings.fastf1_timeout_s,
    )  # fmt: skip
    return season_events(year)


def fastf1_loader() -> None:
    """Year / event / session pickers fed by FastF1's schedule, and a Load button."""
    settings = get_settings()
    this_year = pd.Timestamp.now().year
    c1, c2, c3 = st.columns([1, 3, 1])
    year = c1.number_input("Year", 2018, this_year, this_year - 1, key="load_year")
    offline = st.toggle(
        "Offline (FastF1 cache only)", value=settings.offline, key="load_offline",
        help="Without network, FastF1 can only load what is already in its cache.",
    )  # fmt: skip
    try:
        events = _events(int(year), offline)
    except F1CoreError as exc:
        st.error(str(exc))
        return
    labels = {int(r["round"]): f"R{r['round']} {r['event_name']}" for _, r in events.iterrows()}
    rnd = c2.selectbox("Event", list(labels), format_func=labels.get, key="load_round")
    codes = events.set_index("round").loc[rnd, "sessions"]
    code = c3.selectbox("Session", codes, index=len(codes) - 1, key="load_session")
    telemetry = st.checkbox("Include car telemetry (online only, slower)", key="load_tel")
    st.caption(
        "Loaded sessions are kept in the store file. On Streamlit Community Cloud the disk is "
        "wiped at every restart: only the data pack shipped with the app survives."
    )
    if st.button("Load session", type="primary", key="load_go"):
        with st.status(
            f"Loading {year} {labels[rnd]} {code} with FastF1…", expanded=True
        ) as status:
            try:
                with lock_countdown():
                    result = ingest_session(
                        get_store(), settings, int(year), int(rnd), code,
                        offline=offline, telemetry=telemetry,
                    )  # fmt: skip
            except SessionNotFound as exc:
                status.update(label="Not found", state="error")
                st.error(str(exc))
                return
            except F1CoreError as exc:
                status.update(label="Could not load the session", state="error")
                st.error(f"{exc} Nothing already stored was changed.")
                return
            written = ", ".join(f"{n} {t}" for t, n in result.rows.items() if n)
            status.update(label=f"Loaded {result.key}: {written}", state="complete")
        notes = "".join(f" Note: {note}." for note in result.notes)
        _done(f"Loaded {result.key}: {written}.{notes}")


def _done(message: str, *, history_changed: bool = False) -> None:
    """Rerun the page so everything shows the new data; the home page shows ``message``.

    Cached session rows are keyed by data versions (``f1core.ui.cache``), so one loaded
    session invalidates only what read it; history tables carry no version, so a load that
    replaced them clears every cached result.
    """
    if history_changed:
        st.cache_data.clear()
    st.session_state["flash"] = message
    st.rerun()


def kit_loader() -> None:
    """One click to ingest the whole real-data kit, with progress."""
    settings = get_settings()
    kit = settings.data_kit
    if kit is None or not kit.is_dir():
        st.caption("No data kit found (set F1_DATA_KIT to a kit folder to enable demo data).")
        return
    st.caption(f"Data kit: `{kit}`")
    if st.button("Load the demo data", type="primary", key="load_kit"):
        bar = st.progress(0.0, text="Starting…")
        try:
            with lock_countdown():
                report = ingest_kit(
                    get_store(), settings, kit,
                    progress=lambda f, m: bar.progress(min(f, 1.0), text=m),
                )  # fmt: skip
        except F1CoreError as exc:
            st.error(f"{exc} Nothing already stored was changed.")
            return
        skipped = "".join(f" Skipped {failure}." for failure in report.failures)
        _done(
            f"Loaded {len(report.sessions)} sessions, {report.telemetry_rows:,} telemetry rows "
            f"and {report.history_tables} history tables.{skipped}",
            history_changed=True,
        )
