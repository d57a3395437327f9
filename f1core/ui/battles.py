"""The battle forecast widget (Strategy page at any lap, Live page at the replay's lap)."""

from __future__ import annotations

import streamlit as st

from f1core.charts import models as model_charts
from f1core.models import battles, overtake
from f1core.store import SessionKey
from f1core.ui import cache
from f1core.ui.export import download_buttons
from f1core.ui.models import current_model
from f1core.ui.store import get_store


@st.cache_data(ttl=3600, max_entries=64, show_spinner="Reading the battles…")
def _battles_at(key_text: str, version: str, model_version: int, lap: int):
    model, _, _ = current_model("overtake")
    return battles.session_battles(get_store(), model, SessionKey.parse(key_text), lap=lap)


def battle_forecast(key: SessionKey, lap: int, *, name: str) -> None:
    """Every pair of cars within 2.5 s at the end of ``lap``, with pass chances and why.

    Raises:
        ModelNotTrained: the overtake model has no artifact (the caller says so).
    """
    model, explainer, card = current_model("overtake")
    table, rows = _battles_at(str(key), cache.session_version(key), int(card["version"]), lap)
    st.caption(battles.METHOD_NOTE)
    if table.empty:
        st.info(f"No two cars within 2.5 s of each other at the end of lap {lap}.")
        return
    st.dataframe(table, hide_index=True, key=f"{name}_table")
    download_buttons(table, f"{str(key).replace('/', '_')}_battles_lap{lap}", key=f"{name}_dl")
    pick = st.selectbox("Why this chance?", range(len(table)), key=f"{name}_pick",
                        format_func=lambda i: f"{table['chaser'][i]} on {table['ahead'][i]}")  # fmt: skip
    why = overtake.explain_pair(model, rows.iloc[pick], explainer=explainer)
    st.plotly_chart(model_charts.shap_waterfall(why, title="P(pass next lap), log-odds"),
                    key=f"{name}_why")  # fmt: skip
