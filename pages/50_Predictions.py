"""Predictions: next lap time, finishing position and overtakes, each with SHAP and its baseline."""

import streamlit as st

from f1core.ui.nav import page_frame

page_frame("pages/50_Predictions.py")

from f1core.charts import models as charts  # noqa: E402
from f1core.errors import F1CoreError, TrainingFailed  # noqa: E402
from f1core.models import finish, laptime, overtake, registry, views  # noqa: E402
from f1core.models.explain import global_importance  # noqa: E402
from f1core.models.training import train_and_save  # noqa: E402
from f1core.store import SessionKey  # noqa: E402
from f1core.ui import cache  # noqa: E402
from f1core.ui.export import download_buttons  # noqa: E402
from f1core.ui.links import link_choice  # noqa: E402
from f1core.ui.models import cached_model  # noqa: E402
from f1core.ui.sidebar import session_sidebar  # noqa: E402
from f1core.ui.state import follow_selection, replay_lap  # noqa: E402
from f1core.ui.store import get_store  # noqa: E402


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def importance(name: str, version: int, folder: str):
    model, explainer = cached_model(name, version, folder)
    return global_importance(model, model.extras["shap_sample"], explainer=explainer)


@st.cache_data(ttl=3600, max_entries=16, show_spinner="Building features…")
def rows_for(name: str, key_text: str, year: int, round_: int, horizon: int, version: str):
    # version: features read the stored sessions, so a load invalidates them
    key = SessionKey.parse(key_text)
    return views.prediction_rows(get_store(), name, key, year=year, round_=round_, horizon=horizon)


def tiles(items: list[tuple[str, str]]) -> None:
    for col, (label, value) in zip(st.columns(len(items)), items, strict=True):
        col.metric(label, value)


def predict_view(name, model, key: SessionKey, explainer):
    if name == "finish":
        follow_selection("pred_finish", key,
                         {"pred_year": min(max(key.year, 2014), 2026), "pred_round": key.round})  # fmt: skip
        c1, c2 = st.columns(2)
        year = c1.number_input("Season", 2014, 2026, key="pred_year")
        rnd = c2.number_input("Round", 1, 24, key="pred_round")
        rows = rows_for(name, str(key), int(year), int(rnd), 1, cache.data_version())
        table = finish.predict_race(model, rows)
        st.caption("`predicted_*`: the current model (trained on every season, so in-sample for "
                   "past races); `backtest_*`: out-of-sample rolling-origin predictions.")  # fmt: skip
        st.dataframe(table.drop(columns=["race_id", "driver_id"]), hide_index=True)
        download_buttons(table, f"finish_{year}_{rnd}", key="dl_finish")
        codes = rows["driver_code"].tolist()
        asked = views.choice_index(codes, st.query_params.get("driver"))
        driver = st.selectbox("Explain driver", codes, index=asked, key="pred_driver")
        st.query_params["driver"] = driver
        row = rows[rows["driver_code"] == driver].iloc[0]
        return finish.explain_driver(
            model, row, explainer=explainer
        ), f"{driver}: position score (lower is better)"
    horizon = model.extras.get("horizon", 1)
    rows = rows_for(name, str(key), key.year, key.round, horizon, cache.data_version())
    st.caption("Model: the current model, trained on every stored session (in-sample here); "
               "held-out: the evaluation fold's model, which never saw this session.")  # fmt: skip
    if name == "laptime":
        drivers = sorted(rows["driver"].unique())
        asked = link_choice("driver", drivers, what="driver", default=drivers[0], key="pred_driver",
                            why="who has no laps to predict in this session")  # fmt: skip
        driver = st.selectbox("Driver", drivers, index=drivers.index(asked), key="pred_driver")
        laps = rows[rows["driver"] == driver]["lap_number"].tolist()
        middle, clock = laps[len(laps) // 2], replay_lap(key)  # the shared replay clock wins
        asked_lap = (link_choice("lap", laps, what="lap", default=middle, key="pred_lap",
                                 why=f"which is not a lap of {driver} with a prediction")
                     if clock is None else clock if clock in laps else middle)  # fmt: skip
        lap = st.select_slider("After lap", laps, value=asked_lap, key="pred_lap")
        pick = rows[(rows["driver"] == driver) & (rows["lap_number"] == lap)]
        row = laptime.attach_held_out(model, pick).iloc[0]
        predicted, expl = laptime.predict_next_lap(model, row, explainer=explainer)
        tiles(
            views.laptime_metrics(predicted, row, laptime.served_prediction(model, predicted, row))
        )
        st.query_params.update({"driver": driver, "lap": str(lap)})
        return expl, f"{driver} lap {lap + 1}: change from lap {lap} (s)"
    table = overtake.predict_pairs(model, rows)
    st.dataframe(table, hide_index=True)
    download_buttons(table, f"overtake_{key.year}_{key.round}", key="dl_overtake")
    labels = [views.pair_label(r) for _, r in rows.iterrows()]
    ids = [views.pair_id(r) for _, r in rows.iterrows()]
    pick = st.selectbox("Explain pair", range(len(rows)), format_func=labels.__getitem__,
                        index=views.choice_index(ids, st.query_params.get("pair")),
                        key="pred_pair")  # fmt: skip
    st.query_params["pair"] = ids[pick]
    tiles(views.overtake_metrics(table, pick))
    return overtake.explain_pair(model, rows.iloc[pick], explainer=explainer), labels[pick]


def train_view(name: str, folder: str) -> None:
    st.write("Retraining evaluates the model again on held-out data and saves a new version; "
             "if it fails, the current version stays in place.")  # fmt: skip
    if st.button(f"Retrain {name}", key="pred_train"):
        bar = st.progress(0.0, text="starting")
        try:
            model = train_and_save(name, get_store(), directory=folder,
                                   progress=lambda f, m: bar.progress(min(f, 1.0), text=m))  # fmt: skip
            st.success(f"Saved {name} v{model.version} in {model.card['train_seconds']} s.")
        except TrainingFailed as exc:
            st.error(str(exc))


st.title("Predictions")
sel = session_sidebar(drivers=False)
asked = link_choice("model", registry.MODEL_NAMES, what="model", default=registry.MODEL_NAMES[0],
                    key="pred_model")  # fmt: skip
name = st.radio("Model", registry.MODEL_NAMES, index=registry.MODEL_NAMES.index(asked), horizontal=True,
                format_func=views.MODEL_TITLES.get, key="pred_model")  # fmt: skip
st.query_params["model"] = name
folder = str(registry.models_dir())
try:
    card = registry.read_card(name, folder)
    model, explainer = cached_model(name, int(card["version"]), folder)
except F1CoreError as exc:
    st.error(str(exc))
    train_view(name, folder)
    st.stop()
tab_pred, tab_imp, tab_card, tab_bt, tab_train = st.tabs(
    ["Prediction", "Importance", "Model card", "Backtest", "Train"]
)
with tab_pred:
    if note := views.served_note(name, card):
        st.warning(note)
    if sel.key is None:
        st.info("Load a session on the home page to make predictions.")
    else:
        try:
            explanation, label = predict_view(name, model, sel.key, explainer)
            fig = charts.shap_waterfall(explanation, title=f"Why: {label}")
            st.plotly_chart(fig, key="pred_waterfall")
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
    st.markdown(registry.render_card_markdown(card))
with tab_bt:
    bt = views.backtest_table(card)
    x, series, y_title = views.backtest_series(name)
    fig = charts.backtest_lines(
        bt, x=x, series=series, title="Out-of-sample backtest", y_title=y_title
    )
    st.plotly_chart(fig, key="pred_backtest")
    st.dataframe(bt, hide_index=True)
    download_buttons(bt, f"{name}_backtest", key="dl_backtest")
    if cal := views.calibration_tables(name, card):
        st.plotly_chart(charts.calibration_plot(cal), key="pred_calibration")
with tab_train:
    train_view(name, folder)
