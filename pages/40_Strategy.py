"""Strategy lab: as raced (or as known at lap N of the replay clock), what-if, optimiser, undercut, models."""

import streamlit as st

from f1core.ui.nav import page_frame

page_frame("pages/40_Strategy.py")

from f1core.charts import strategy_lab as charts  # noqa: E402
from f1core.errors import F1CoreError  # noqa: E402
from f1core.models import battles  # noqa: E402
from f1core.store import SessionKey  # noqa: E402
from f1core.strategy import backtest, degradation, pit_loss, priors, validation  # noqa: E402
from f1core.strategy import from_lap as fl  # noqa: E402
from f1core.strategy.optimiser import optimise_strategy  # noqa: E402
from f1core.strategy.pit_window import pit_window  # noqa: E402
from f1core.strategy.race import Strategy, build_race_setup, build_store_context, describe_setup  # noqa: E402
from f1core.strategy.undercut import undercut_duel  # noqa: E402
from f1core.strategy.whatif import compare_strategy, display_table, passing_note  # noqa: E402
from f1core.ui import cache  # noqa: E402
from f1core.ui.battles import battle_forecast  # noqa: E402
from f1core.ui.export import download_buttons  # noqa: E402
from f1core.ui.models import current_model  # noqa: E402
from f1core.ui.plan_box import hide_plan_box, plan_box  # noqa: E402
from f1core.ui.sidebar import session_sidebar  # noqa: E402
from f1core.ui.state import replay_lap  # noqa: E402
from f1core.ui.store import get_store  # noqa: E402

VIEWS = ["As raced", "What-if", "Optimiser", "Undercut", "Pit window", "Battles", "Degradation", "Pit loss", "Validation"]  # fmt: skip
BIND = {"bind": "query-params"}


@st.cache_resource(max_entries=1, show_spinner="Measuring pit losses and overtaking in every stored race…")  # fmt: skip
def store_context(version: str):
    return build_store_context(get_store(), races=cache.store_priors())  # frozen: never mutated


@st.cache_resource(max_entries=8, show_spinner="Fitting the overtake model on the other races…")
def pass_model(key_text: str, version: str):  # one per race and store version, for every lap N
    return priors.race_pass_model(cache.store_priors(), SessionKey.parse(key_text))  # frozen


@st.cache_resource(max_entries=8, show_spinner="Fitting tyres, fuel and pace for this race…")
def race_setup(key_text: str, version: str, lap: int | None):
    key, context, model = SessionKey.parse(key_text), store_context(version), pass_model(key_text, version)  # fmt: skip
    if lap is None:
        return build_race_setup(get_store(), key, context, pass_model=model)
    return fl.build_race_setup_at_lap(get_store(), key, context, lap, pass_model=model)  # at lap N


@st.cache_data(ttl=3600, max_entries=4, show_spinner="Backtesting every stored race…")
def backtests(version: str, fit_fraction: float):
    return validation.validate_store(get_store(), store_context(version), fit_fraction=fit_fraction)


@st.cache_data(
    ttl=3600, max_entries=2, show_spinner="Forecasting every stored race from 25/50/75 % distance…"
)
def forecasts(version: str):
    per_car, errors = backtest.backtest_store(
        get_store(), n_sims=backtest.DEFAULT_SIMS, races=cache.store_priors()
    )
    summary, dry = (
        backtest.summarise_checkpoints(per_car),
        backtest.summarise_checkpoints(per_car, dry_only=True),
    )
    return summary, dry, backtest.per_race_table(per_car), errors


@st.cache_data(ttl=3600, max_entries=2, show_spinner="Backtesting each pass rule (three forecasts of every race)…")  # fmt: skip
def pass_rules(version: str):
    return backtest.compare_pass_rules(get_store(), n_sims=backtest.DEFAULT_SIMS)


@st.cache_data(ttl=3600, max_entries=32, show_spinner="Searching 1-3 stop strategies…")
def optimise(key_text: str, version: str, lap: int | None, driver: str, sims: int):
    return optimise_strategy(race_setup(key_text, version, lap), driver, n_sims=sims)


@st.cache_data(ttl=3600, max_entries=32, show_spinner="Racing the edit 300 times…")
def what_if(key_text: str, version: str, lap: int | None, driver: str, plan: str):
    return compare_strategy(race_setup(key_text, version, lap), driver, Strategy.parse(plan))


@st.cache_data(ttl=3600, max_entries=32, show_spinner="Racing a stop on each lap of the window…")
def window(key_text: str, version: str, lap: int | None, driver: str, lo: int, hi: int):
    return pit_window(race_setup(key_text, version, lap), driver, range(lo, hi + 1))


@st.cache_data(ttl=3600, max_entries=2, show_spinner="Scoring the forecast on every stored race…")
def battle_scores(version: str, model_version: int):
    model, _, _ = current_model("overtake")
    return battles.battle_validation(get_store(), model)


def show(figure, data, name: str, *, shown=None) -> None:
    """A chart (optional), its table (``shown``: a rounded copy for the screen) and downloads."""
    if figure is not None:
        st.plotly_chart(figure, key=f"strat_chart_{name}")
    st.dataframe(data if shown is None else shown, hide_index=True)
    download_buttons(data, f"{slug}_{name}", key=f"strat_dl_{name}")


sel = session_sidebar(drivers=False)
if sel.key is None:
    st.info("Pick a race in the sidebar (load data from the home page first).")
    st.stop()
if sel.key.session_code not in {"R", "S"}:
    st.info("The strategy lab works on races and sprints: pick session R or S in the sidebar.")
    st.stop()
version, slug, clock = cache.data_version(), str(sel.key).replace("/", "_"), replay_lap(sel.key)
try:
    setup = race_setup(str(sel.key), version, clock)
except F1CoreError as exc:
    st.error(str(exc))
    st.stop()
n, known = setup.total_laps, setup.from_lap  # known: laps run on the shared replay clock (0: off)
st.title(f"Strategy lab · {sel.key.year} {setup.event_name} ({sel.key.session_code})")
st.caption(describe_setup(setup))
if known:
    st.info(fl.describe_at_lap(setup))
    laps, pits = (cache.table(t, sel.key, up_to_lap=known) for t in ("laps", "pit_stops"))
view = st.segmented_control(
    "View", VIEWS, default="As raced", key="strat_view", required=True, **BIND
)
if view in {"What-if", "Optimiser", "Undercut", "Pit window"}:
    driver = st.selectbox("Driver", setup.drivers, key="strat_driver", **BIND)
if view != "What-if":
    hide_plan_box()

try:
    if view == "As raced" and known:
        st.plotly_chart(charts.strategies_figure(setup.actual, n, last_lap=dict.fromkeys(setup.drivers, known)),
                        key="strat_chart_actual")  # fmt: skip
        st.subheader(f"Lap {known}: order, gaps, tyres; the rest simulated (green, planned stops)")
        show(None, fl.projected_finish(setup, laps, pits), "lap_state")
    elif view == "As raced":
        figure = charts.strategies_figure(setup.actual, n, last_lap=setup.laps_by_driver())
        st.plotly_chart(figure, key="strat_chart_actual")
        st.subheader("Simulated with the strategies actually used, against reality")
        show(None, validation.backtest_race(setup), "backtest")
    elif view == "What-if":
        actual = setup.actual[driver]
        text = plan_box(f"{sel.key} {driver}", actual.code())
        plans = {"actual": actual, "edited": Strategy.parse(text)}
        result = what_if(str(sel.key), version, clock, driver, text)
        st.plotly_chart(charts.strategies_figure(plans, n), key="strat_chart_plans")
        mc = result.monte_carlo
        st.metric("Time gained by the edit (Monte Carlo mean, same random races)", f"{mc['mean_gain_s']:+.1f} s",
                  help=f"sd {mc['gain_sd_s']:.1f} s over {mc['sims']} races")  # fmt: skip
        st.caption(
            f"Gains a place in {mc['p_gain_place']:.0%} of races, loses one in {mc['p_lose_place']:.0%}."
        )
        shown = display_table(result.table)  # rounded on screen, full precision in the exports
        show(charts.gap_figure(result.gaps), result.table, "whatif", shown=shown)
        st.caption(passing_note(setup))
    elif view == "Optimiser":
        sims = st.select_slider(
            "Monte Carlo races", [100, 300, 1000], value=300, key="strat_sims", **BIND
        )
        best = optimise(str(sel.key), version, clock, driver, sims)
        show(charts.position_odds_figure(best), best.drop(columns="positions"), "optimiser")
    elif view == "Undercut":
        rival = st.selectbox(
            "Against", [d for d in setup.drivers if d != driver], key="strat_rival", **BIND
        )
        c1, c2 = st.columns(2)
        lo = fl.first_open_lap(st.session_state, "strat_lap", known, hi=n - 4)
        lap = c1.number_input("First stop", lo, n - 4, min(max(15, lo), n - 4), key="strat_lap", **BIND)  # fmt: skip
        resp = c2.number_input("Other car stops … laps later", 1, 5, 1, key="strat_resp", **BIND)
        show(
            None, undercut_duel(setup, driver, rival, int(lap), response_laps=int(resp)), "undercut"
        )
    elif view == "Pit window":
        first = fl.first_open_lap(st.session_state, "strat_window", known, hi=n - 2)
        lo, hi = st.slider("Stop laps", first, n - 2, (max(n // 5, first), min(max(25, first), n - 2)),
                           key="strat_window", **BIND)  # fmt: skip
        rejoins = window(str(sel.key), version, clock, driver, lo, hi)
        show(charts.pit_window_figure(rejoins), rejoins.drop(columns="rejoin_dist"), "pit_window")
    elif view == "Battles":
        lap = known or st.slider("Battles at the end of lap", 2, n - 1, n // 2,
                                 key="strat_battle_lap", **BIND)  # fmt: skip
        battle_forecast(sel.key, lap, name="strat_battle")
        card = current_model("overtake")[2]
        with st.expander("How good is this forecast? Every stored race, held out"):
            st.caption("Against \"the gap shrinks\": a pass predicted when the gap closed over "
                       f"the last {battles.TREND_LAPS} laps. Lower Brier and higher AUC are better.")  # fmt: skip
            show(None, battle_scores(version, int(card["version"])).round(4), "battle_validation")
    elif view == "Degradation":
        st.caption(degradation.METHOD_NOTE)
        show(charts.degradation_figure(setup.degradation), setup.degradation.table(), "degradation")
    elif view == "Pit loss":
        st.caption(pit_loss.METHOD_NOTE)
        stops = (fl.pit_losses_at_lap(store_context(version), sel.key, laps, pits, setup.circuit) if known
                 else store_context(version).pit_losses)  # fmt: skip
        show(None, pit_loss.pit_loss_table(stops), "pit_loss")
    elif known:
        st.info(f"Backtests replay whole stored races, this one past lap {known} included: "
                "switch the shared replay clock off on the Live page to see them.")  # fmt: skip
    else:
        runs = {"forecast from lap N (out of sample)": None, "pass rules compared (out of sample)": 0.0,
                "whole race (in-sample diagnostic)": 1.0, "first half fits (in-sample diagnostic)": 0.5}  # fmt: skip
        run = st.segmented_control("Backtest", list(runs), default=list(runs)[0], key="strat_fit",
                                   required=True, **BIND)  # fmt: skip
        if runs[run] is None:
            summary, dry, per_race, errors = forecasts(version)
            st.caption(backtest.METHOD_NOTE)
            show(None, summary, "forecast_summary")
            st.caption("Dry races only")
            show(None, dry, "forecast_dry")
            show(None, per_race, "forecast_per_race")
            if len(errors):
                st.caption("Not forecast: " + "; ".join(f"{e.session} at {e.fraction:.0%}: {e.error}"
                                                        for e in errors.itertuples()))  # fmt: skip
        elif runs[run] == 0.0:
            st.caption(backtest.PASS_RULES_NOTE)
            show(None, pass_rules(version), "pass_rules")
        else:
            per_race = backtests(version, runs[run])
            st.warning(validation.DIAGNOSTIC_NOTE)
            st.caption(validation.METHOD_NOTE)
            show(None, validation.summarise(per_race), "validation_summary")
            show(None, per_race, "validation")
except F1CoreError as exc:
    st.error(str(exc))
