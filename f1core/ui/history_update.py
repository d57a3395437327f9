"""Home-page widget: bring championship rounds newer than the stored history in from Jolpica."""

from __future__ import annotations

import streamlit as st

from f1core.errors import F1CoreError
from f1core.ingest.jolpica import (
    ALL_PARTS,
    ingest_recent_history,
    last_round_with_results,
    require_ergast_tables,
)
from f1core.ui.store import get_settings, get_store, lock_countdown

STATUS_LABEL = "Updating the championship history from Jolpica…"


def history_update_button(*, key: str = "history_update") -> None:
    """Show how far the stored Ergast history goes and a button that fetches newer rounds.

    On success the Streamlit data caches are cleared, so every history page reads the new
    rounds on its next run. Errors (offline and not cached, no network) are shown with
    ``st.error``; nothing is written then.
    """
    settings = get_settings()
    store = get_store()
    try:
        require_ergast_tables(store)
    except F1CoreError as exc:
        st.caption(str(exc))
        return
    last = last_round_with_results(store)
    where = f"{last[0]} round {last[1]}" if last else "no race results yet"
    st.caption(f"Ergast-schema history in the store goes to {where}.")
    offline = st.toggle(
        "Offline (FastF1 cache only)", value=settings.offline, key=f"{key}_offline",
        help="Offline, only Jolpica answers already in the FastF1 cache can be used.",
    )  # fmt: skip
    if not st.button("Fetch newer rounds", key=f"{key}_go"):
        return
    with st.status(STATUS_LABEL, expanded=True) as status:
        bar = st.progress(0.0, text="Starting…")
        try:
            with lock_countdown():
                update = ingest_recent_history(
                    store,
                    settings.with_overrides(offline=offline),
                    parts=ALL_PARTS,
                    progress=lambda f, m: bar.progress(min(max(f, 0.0), 1.0), text=m),
                )
        except F1CoreError as exc:
            status.update(label="History not updated", state="error")
            st.error(str(exc))
            return
        st.cache_data.clear()  # pages read history through st.cache_data wrappers
        status.update(label=update.summary(), state="complete")
        for table, n in sorted(update.rows.items()):
            if n:
                st.caption(f"ergast_{table}: {n} rows")
