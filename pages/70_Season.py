"""Season: calendar and results, standings after every round, points heatmap, who can still win."""

import streamlit as st

from f1core.ui.nav import page_frame

page_frame("pages/70_Season.py")

from f1core.charts import history as charts  # noqa: E402
from f1core.errors import F1CoreError  # noqa: E402
from f1core.history import seasons, title, view  # noqa: E402
from f1core.history.points import points_system  # noqa: E402
from f1core.ui.export import download_buttons  # noqa: E402
from f1core.ui.links import warn_bad_link  # noqa: E402
from f1core.ui.state import init_state  # noqa: E402
from f1core.ui.store import get_store  # noqa: E402

init_state()


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def season_list() -> list[int]:
    return seasons.list_seasons(get_store())


@st.cache_data(ttl=3600, max_entries=32, show_spinner="Reading the season…")
def season_data(year: int) -> dict:
    store = get_store()
    calendar = seasons.season_calendar(store, year)
    points = seasons.round_points(store, year)
    done = seasons.completed_rounds(calendar)
    return {
        "calendar": calendar, "points": points, "done": done,
        "progression": seasons.standings_progression(points, year=year, rounds=done),
        "constructors": seasons.constructor_standings(store, year),
        "matrix": seasons.points_matrix(points, done),
    }  # fmt: skip


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def title_table(year: int, after: int, championship: str):
    data = season_data(year)
    cal = data["calendar"]
    kwargs = {"system": points_system(year), "after_round": after, "total_rounds": len(cal),
              "sprint_rounds": set(cal.loc[cal["has_sprint"], "round"])}  # fmt: skip
    if championship == "Constructors":
        return title.constructor_title_contenders(data["constructors"], **kwargs)
    return title.title_contenders(data["points"], **kwargs)


st.title("Season")
try:
    years = season_list()
    params = st.query_params
    year = st.sidebar.selectbox(
        "Season",
        years,
        index=view.choice_index(years, view.int_param(params, "season")),
        key="hist_season",
    )
    asked = view.int_param(params, "season")
    if asked is not None and asked not in years:
        st.warning(f"No season {asked} in the history tables; showing {year}.")
    elif asked is None and params.get("season"):
        warn_bad_link("season", params["season"], why="which is not a year", shown=str(year))
    data = season_data(int(year))
except F1CoreError as exc:
    st.error(str(exc))
    st.stop()

cal, done = data["calendar"], data["done"]
st.caption(points_system(int(year)).describe())
if done == 0:
    st.info(f"No round of {year} has been run yet.")
    st.stop()
first_draw = "hist_after" not in st.session_state  # later, a season change clamps quietly
after = st.sidebar.slider(
    "Standings after round",
    1,
    done,
    view.clamp_round(view.int_param(params, "after"), last=done, default=done),
    key="hist_after",
)
asked_round = view.int_param(params, "after")
if first_draw and (asked := params.get("after")) and asked_round != after:
    run = f"a round of {year} that has been run (1 to {done})"
    warn_bad_link("standings after round", asked, shown=f"round {after}",
                  why=f"which is not {run if asked_round is not None else 'a round number'}")  # fmt: skip
st.query_params.update({"season": str(year), "after": str(after)})
st.caption(f"{len(cal)} rounds, {done} run. Showing the standings after round {after}.")


def standings_table(progression, stem: str, *, key: str) -> None:
    """The standings after the chosen round, with its downloads (the table shown)."""
    table = progression[progression["round"] == after].drop(columns="round")
    st.dataframe(table, hide_index=True, width="stretch")
    download_buttons(table, f"{stem}_after_{after}", key=key)


def chart_data(progression, stem: str, *, key: str) -> None:
    """The chart's data (the standings after every round) as its own labelled downloads."""
    st.caption("The chart's data: the standings after every round")
    download_buttons(progression, f"{stem}_by_round", key=f"{key}_by_round")


SECTIONS = ["Calendar", "Drivers", "Constructors", "Points per race", "Title race"]
section = st.radio(
    "View",
    SECTIONS,
    index=view.choice_index(SECTIONS, st.query_params.get("view")),
    horizontal=True,
    key="season_view",
)
st.query_params["view"] = section  # only the chosen section runs: fast, and linkable
if section == SECTIONS[0]:
    st.dataframe(cal.drop(columns=["winner_id", "circuit_id"]), hide_index=True, width="stretch")
    download_buttons(cal, f"calendar_{year}", key="dl_calendar")
elif section == SECTIONS[1]:
    prog = data["progression"]
    prog = prog[prog["round"] <= after]
    standings_table(prog, f"driver_standings_{year}", key="dl_drivers")
    by = st.radio(
        "Chart", ["points", "position"], horizontal=True, key="hist_prog_by", bind="query-params"
    )
    st.plotly_chart(
        charts.standings_progression_figure(prog, by=by, title="Drivers' championship"),
        key="ch_prog",
    )
    chart_data(prog, f"driver_standings_{year}", key="dl_drivers")
elif section == SECTIONS[2]:
    cons = data["constructors"]
    cons = cons[cons["round"] <= after]
    if cons.empty:
        st.info("No constructors' championship this season (it began in 1958).")
    else:
        standings_table(cons, f"constructor_standings_{year}", key="dl_cons")
        st.plotly_chart(
            charts.standings_progression_figure(cons, title="Constructors' championship"),
            key="ch_cons",
        )
        chart_data(cons, f"constructor_standings_{year}", key="dl_cons")
elif section == SECTIONS[3]:
    matrix = data["matrix"].loc[:, :after]
    labels = dict(zip(data["points"]["driver_id"], data["points"]["name"], strict=False))
    st.plotly_chart(
        charts.points_heatmap_figure(matrix, labels, title="Points per round"), key="ch_heat"
    )
    download_buttons(matrix.reset_index(), f"points_per_round_{year}", key="dl_heat")
elif section == SECTIONS[4]:
    champ = st.radio(
        "Championship", ["Drivers", "Constructors"], horizontal=True, key="season_title"
    )
    try:
        table = title_table(int(year), int(after), champ)
    except F1CoreError as exc:
        st.info(str(exc))
        st.stop()
    contenders = table.loc[table["can_win"], "name"].tolist()
    if len(contenders) == 1:
        st.success(f"After round {after}: {contenders[0]} can no longer be caught.")
    else:
        who = "drivers" if champ == "Drivers" else "teams"
        st.info(
            f"After round {after}, {len(contenders)} {who} can still win: {', '.join(contenders)}."
        )
    st.plotly_chart(
        charts.title_chances_figure(table, title="Points now and still available"), key="ch_title"
    )
    st.dataframe(table, hide_index=True, width="stretch")
    download_buttons(table, f"title_race_{year}_after_{after}", key="dl_title")
    st.caption(title.POLICY_NOTE)
