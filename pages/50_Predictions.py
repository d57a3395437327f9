"""Predictions: next lap time, finishing position and overtakes, each with SHAP and its baseline."""

import streamlit as st

st.set_page_config(page_title="Predictions · Pit Wall", page_icon="🔮", layout="wide")

from f1core.charts import models as charts  # noqa: E402
from f1core.errors import F1CoreError, TrainingFailed  # noqa: E402
from f1core.models import views  # noqa: E402
from f1core.models.explain import global_importance  # noqa: E402
from f1core.models.registry import MODEL_NAMES, load_model, models_dir, read_card  # noqa: E402
from f1core.store import SessionKey  # noqa: E402
from f1core.ui.export import download_buttons  # noqa: E402
from f1core.ui.sidebar import session_sidebar  # noqa: E402
from f1core.ui.store import get_store  # noqa: E402


@st.cache_resource(show_spinner="Loading the model…", max_entries=6)
def cached_model(name: str, version: int, folder: str):
    return load_model(name, folder)  # keyed by version: a retrain loads the new file


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def importance(name: str, version: int, folder: str):
    model = cached_model(name, version, folder)
    return global_importance(model, model.extras["shap_sample"])


@st.cache_data(ttl=3600, max_entries=16, show_spinner="Building features…")
def rows_for(name: str, key_text: str, year: int, round_: int):
    from f1core.models import finish, laptime, overtake

    key = SessionKey.parse(key_text)
    if name == "laptime":
        return laptime.session_laps_frame(get_store(), key)
    if name == "overtake":
        return overtake.pair_frame(get_store(), key=key)
    return finish.race_rows(get_store(), year, round_)


def predict_view(name, model, sel):
    from f1core.models import finish, laptime, overtake

    if name == "finish":
        c1, c2 = st.columns(2)
        year = c1.number_input(
            "Season", 2014, 2025, value=min(max(sel.key.year, 2014), 2025), key="pred_year"
        )
        rnd = c2.number_input("Round", 1, 24, value=sel.key.round, key="pred_round")
        rows = rows_for(name, str(sel.key), int(year), int(rnd))
        table = finish.predict_race(model, rows)
        st.caption(
            "`predicted_*` come from the current model (trained on every season, so in-sample "
            "for past races); `backtest_*` are the out-of-sample rolling-origin predictions."
        )
        st.dataframe(table.drop(columns=["race_id", "driver_id"]), hide_index=True)
        download_buttons(table, f"finish_{year}_{rnd}", key="dl_finish")
        driver = st.selectbox("Explain driver", rows["driver_code"].tolist(), key="pred_driver")
        row = rows[rows["driver_code"] == driver].iloc[0]
        return finish.explain_driver(model, row), f"{driver}: position score"
    rows = rows_for(name, str(sel.key), sel.key.year, sel.key.round)
    if name == "laptime":
        drivers = sorted(rows["driver"].unique())
        asked = st.query_params.get("driver")
        driver = st.selectbox(
            "Driver",
            drivers,
            index=drivers.index(asked) if asked in drivers else 0,
            key="pred_driver",
        )
        laps = rows[rows["driver"] == driver]["lap_number"].tolist()
        asked_lap = (
            int(st.query_params.get("lap", 0)) if st.query_params.get("lap", "").isdigit() else 0
        )
        lap = st.select_slider(
            "After lap",
            laps,
            key="pred_lap",
            value=asked_lap if asked_lap in laps else laps[len(laps) // 2],
        )
        row = rows[(rows["driver"] == driver) & (rows["lap_number"] == lap)].iloc[0]
        predicted, expl = laptime.predict_next_lap(model, row)
        cols = st.columns(4)
        cols[0].metric("Model", f"{predicted:.3f} s")
        cols[1].metric("Persistence", f"{row['persistence_s']:.3f} s")
        cols[2].metric("Stint trend", f"{row['stint_trend_s']:.3f} s")
        cols[3].metric("Actual", f"{row['target_s']:.3f} s")
        st.query_params.update({"driver": driver, "lap": str(lap)})
        return expl, f"{driver} lap {lap + 1}: change from lap {lap}"
    table = overtake.predict_pairs(model, rows)
    st.dataframe(table, hide_index=True)
    download_buttons(table, f"overtake_{sel.key.year}_{sel.key.round}", key="dl_overtake")
    labels = [views.pair_label(r) for _, r in rows.iterrows()]
    pick = st.selectbox(
        "Explain pair", range(len(rows)), format_func=labels.__getitem__, key="pred_pair"
    )
    cols = st.columns(3)
    cols[0].metric("Model P(overtake)", f"{table['p_model'].iloc[pick]:.1%}")
    cols[1].metric("Logistic baseline", f"{table['p_logistic'].iloc[pick]:.1%}")
    cols[2].metric("Happened", "yes" if table["overtaken"].iloc[pick] else "no")
    return overtake.explain_pair(model, rows.iloc[pick]), labels[pick]


def train_view(name: str, folder: str) -> None:
    from f1core.models.training import train_and_save

    st.write(
        "Retraining evaluates the model again on held-out data and saves a new version; "
        "if it fails, the current version stays in place."
    )
    if st.button(f"Retrain {name}", key="pred_train"):
        bar = st.progress(0.0, text="starting")
        try:
            model = train_and_save(
                name,
                get_store(),
                directory=folder,
                progress=lambda f, m: bar.progress(min(f, 1.0), text=m),
            )
            st.success(f"Saved {name} v{model.version} in {model.card['train_seconds']} s.")
        except TrainingFailed as exc:
            st.error(str(exc))


st.title("Predictions")
sel = session_sidebar(drivers=False)
params = st.query_params
default = params.get("model") if params.get("model") in MODEL_NAMES else "laptime"
name = st.radio(
    "Model",
    MODEL_NAMES,
    index=MODEL_NAMES.index(default),
    horizontal=True,
    format_func=views.MODEL_TITLES.get,
    key="pred_model",
)
st.query_params["model"] = name
folder = str(models_dir())
try:
    card = read_card(name, folder)
    model = cached_model(name, int(card["version"]), folder)
except F1CoreError as exc:
    st.error(str(exc))
    train_view(name, folder)
    st.stop()
tab_pred, tab_imp, tab_card, tab_bt, tab_train = st.tabs(
    ["Prediction", "Importance", "Model card", "Backtest", "Train"]
)
with tab_pred:
    if sel.key is None:
        st.info("Load a session on the home page to make predictions.")
    else:
        try:
            explanation, label = predict_view(name, model, sel)
            st.plotly_chart(
                charts.shap_waterfall(explanation, title=f"Why: {label}"), key="pred_waterfall"
            )
        except F1CoreError as exc:
            st.error(str(exc))
with tab_imp:
    imp = importance(name, model.version, folder)
    st.plotly_chart(charts.importance_bar(imp), key="pred_importance")
    download_buttons(imp, f"{name}_importance", key="dl_imp")
with tab_card:
    (st.success if views.beats_baseline(card) else st.warning)(card["verdict"])
    metrics = views.metrics_table(card)
    st.dataframe(metrics, hide_index=True)
    download_buttons(metrics, f"{name}_metrics", key="dl_metrics")
    st.markdown(
        (models_dir() / f"{name}.md").read_text() if (models_dir() / f"{name}.md").exists() else ""
    )
with tab_bt:
    bt = views.backtest_table(card)
    x, series, y_title = views.backtest_series(name)
    st.plotly_chart(
        charts.backtest_lines(
            bt, x=x, series=series, title="Out-of-sample backtest", y_title=y_title
        ),
        key="pred_backtest",
    )
    st.dataframe(bt, hide_index=True)
    download_buttons(bt, f"{name}_backtest", key="dl_backtest")
    if cal := views.calibration_tables(name, card):
        st.plotly_chart(charts.calibration_plot(cal), key="pred_calibration")
with tab_train:
    train_view(name, folder)
