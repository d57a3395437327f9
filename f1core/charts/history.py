"""Championship-history figures: frames from f1core.history in, interactive plotly figures out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

#: No plotly template is set: Streamlit's own chart theme styles the figures, and applying a
#: template costs 30-130 ms per figure, most of a page's time budget.
AHEAD = "#2BD16A"
BEHIND = "#E10600"
NEUTRAL = "#9A9AA5"


def _v(values) -> list | object:
    """Plain values for plotly: pandas objects make plotly's validation ~20x slower."""
    if isinstance(values, pd.DataFrame):
        return values.to_numpy()
    if isinstance(values, pd.Series):
        return values.to_numpy() if pd.api.types.is_numeric_dtype(values) else values.tolist()
    return values


def _layout(fig: go.Figure, title: str, *, height: int = 420) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


def _empty(title: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text="No data for this selection", showarrow=False, x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height=250)


def standings_progression_figure(
    progression: pd.DataFrame, *, top_n: int = 10, by: str = "points", title: str = ""
) -> go.Figure:
    """Points (or position) after every round for the ``top_n`` drivers or teams of the last round.

    Args:
        progression: long frame with ``round``, ``name``, ``points``, ``position``.
        top_n: how many entrants (best of the last round) to draw.
        by: ``points`` or ``position`` on the y axis.
        title: figure title.
    """
    if progression.empty:
        return _empty(title)
    last = progression[progression["round"] == progression["round"].max()]
    keep = last.nsmallest(top_n, "position")["name"].tolist()
    data = progression[progression["name"].isin(keep)]
    series = {n: g for n, g in data.groupby("name", sort=False)}
    fig = go.Figure(
        [
            go.Scatter(
                x=series[n]["round"].to_numpy(),
                y=series[n][by].to_numpy(),
                mode="lines+markers",
                name=n,
            )
            for n in keep
        ]
    )
    if by == "position":
        fig.update_yaxes(autorange="reversed", dtick=1)
    fig.update_xaxes(dtick=1, title="Round")
    return _layout(fig, title)


def points_heatmap_figure(
    matrix: pd.DataFrame, labels: dict[str, str], *, title: str = ""
) -> go.Figure:
    """Drivers x rounds heatmap of points scored (rows ordered by total)."""
    if matrix.empty:
        return _empty(title)
    ordered = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False).index]
    ordered = ordered[ordered.sum(axis=1) > 0]
    fig = go.Figure(
        go.Heatmap(
            z=ordered.to_numpy(),
            x=[f"R{c}" for c in ordered.columns],
            y=[labels.get(i, i) for i in ordered.index],
            colorscale="Viridis",
            hovertemplate="%{y}<br>%{x}: %{z} pts<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, height=max(300, 22 * len(ordered) + 100))


def title_chances_figure(table: pd.DataFrame, *, top_n: int = 12, title: str = "") -> go.Figure:
    """Current points and the reachable maximum per driver, with the leader's total marked."""
    if table.empty:
        return _empty(title)
    data = table.head(top_n)
    colours = [AHEAD if c else NEUTRAL for c in data["can_win"]]
    fig = go.Figure()
    fig.add_bar(
        y=_v(data["name"]),
        x=_v(data["points"]),
        orientation="h",
        name="points",
        marker_color=colours,
    )
    fig.add_bar(
        y=_v(data["name"]),
        x=_v(data["max_points"] - data["points"]),
        base=_v(data["points"]),
        orientation="h",
        name="still available",
        marker_color="rgba(154,154,165,0.35)",
    )
    lead = float(data["points"].iloc[0])
    fig.update_layout(  # a plain shape: add_vline costs ~50 ms
        shapes=[{"type": "line", "x0": lead, "x1": lead, "y0": 0, "y1": 1, "yref": "paper",
                 "line": {"dash": "dash", "color": NEUTRAL}}],
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(barmode="overlay")
    return _layout(fig, title, height=max(300, 28 * len(data) + 120))


def season_results_figure(by_season: pd.DataFrame, *, title: str = "") -> go.Figure:
    """A driver's or team's points per season, coloured by championship position."""
    if by_season.empty:
        return _empty(title)
    hover = [c for c in ("teams", "wins", "podiums", "championship_position") if c in by_season]
    text = (
        by_season[hover]
        .astype(str)
        .apply(lambda r: "<br>".join(f"{k}: {v}" for k, v in r.items()), axis=1)
    )
    fig = go.Figure(
        go.Bar(
            x=_v(by_season["year"]),
            y=_v(by_season["points"]),
            hovertext=_v(text),
            marker={"color": _v(by_season["wins"]), "colorscale": "Sunsetdark"},
        )
    )
    fig.update_yaxes(title="points")
    return _layout(fig, title)


def bar_figure(
    df: pd.DataFrame, x: str, y: str, *, title: str = "", horizontal: bool = False
) -> go.Figure:
    """A plain bar chart (DNF causes, safety cars per season, ...)."""
    if df.empty:
        return _empty(title)
    if horizontal:
        fig = go.Figure(go.Bar(x=_v(df[y]), y=_v(df[x]), orientation="h"))
        fig.update_yaxes(autorange="reversed")
    else:
        fig = go.Figure(go.Bar(x=_v(df[x]), y=_v(df[y])))
    fig.update_layout(xaxis_title=y if horizontal else x, yaxis_title=x if horizontal else y)
    return _layout(fig, title, height=max(300, 24 * len(df) + 100) if horizontal else 380)


def duel_figure(
    duels: pd.DataFrame, *, ahead: str, behind: str, names: tuple[str, str], title: str = ""
) -> go.Figure:
    """Per season, how often one driver finished (or qualified) ahead of the other."""
    if duels.empty:
        return _empty(title)
    per = duels.groupby("year")[[ahead, behind]].sum().reset_index()
    fig = go.Figure()
    fig.add_bar(x=_v(per["year"]), y=_v(per[ahead]), name=names[0], marker_color=AHEAD)
    fig.add_bar(
        x=_v(per["year"]),
        y=_v(-per[behind]),
        name=names[1],
        marker_color=BEHIND,
        customdata=_v(per[behind]),
        hovertemplate="%{customdata}<extra>" + names[1] + "</extra>",
    )
    fig.update_layout(barmode="relative")
    fig.update_yaxes(title="ahead (up) / behind (down)")
    return _layout(fig, title)


def team_drivers_figure(drivers: pd.DataFrame, *, title: str = "") -> go.Figure:
    """Drivers over time: one marker per driver and season, sized by points."""
    if drivers.empty:
        return _empty(title)
    data = drivers.assign(size=(drivers["points"].clip(lower=0) ** 0.5 + 4).clip(upper=30))
    fig = go.Figure(
        go.Scatter(
            x=_v(data["year"]),
            y=_v(data["name"]),
            mode="markers",
            marker={
                "size": _v(data["size"]),
                "color": _v(data["wins"]),
                "colorscale": "Sunsetdark",
            },
            customdata=_v(data[["starts", "points", "wins"]]),
            hovertemplate="%{y} %{x}<br>starts %{customdata[0]}, points %{customdata[1]}, "
            "wins %{customdata[2]}<extra></extra>",
        )
    )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=data.sort_values("year")["name"].unique()[::-1].tolist(),
    )
    return _layout(fig, title, height=max(350, 16 * data["name"].nunique() + 120))


def pit_stop_figure(stops: pd.DataFrame, *, title: str = "") -> go.Figure:
    """Distribution of DHL stationary times per season (box plot, outliers shown)."""
    if stops.empty:
        return _empty(title)
    fig = go.Figure(
        go.Box(
            x=_v(stops["year"]),
            y=_v(stops["stationary_time_s"]),
            boxpoints="outliers",
            hovertext=_v(stops["event"] + " · " + stops["driver"]),
        )
    )
    fig.update_yaxes(title="stationary time (s)")
    return _layout(fig, title)


def reliability_figure(rel: pd.DataFrame, *, title: str = "") -> go.Figure:
    """Finish rate and technical-failure rate per season."""
    if rel.empty:
        return _empty(title)
    fig = go.Figure()
    for col in ("finish_rate", "technical_failure_rate"):
        fig.add_scatter(
            x=_v(rel["year"]), y=_v(rel[col]), mode="lines+markers", name=col.replace("_", " ")
        )
    fig.update_yaxes(tickformat=".0%", range=[0, 1])
    return _layout(fig, title)


def grid_finish_figure(rows: pd.DataFrame, *, title: str = "") -> go.Figure:
    """How often each grid slot finished where: a density heatmap of grid vs finish."""
    if rows.empty:
        return _empty(title)
    fig = go.Figure(
        go.Histogram2d(
            x=_v(rows["grid"]),
            y=_v(rows["finish"]),
            colorscale="Viridis",
            xbins={"size": 1},
            ybins={"size": 1},
        )
    )
    fig.update_xaxes(title="grid")
    fig.update_yaxes(title="finish")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title)


def strategies_figure(strategy: pd.DataFrame, *, title: str = "") -> go.Figure:
    """Share of finishers per number of pit stops, per season (stacked)."""
    if strategy.empty:
        return _empty(title)
    data = strategy.assign(
        share=strategy["finishers"] / strategy.groupby("year")["finishers"].transform("sum")
    )
    fig = go.Figure()
    for stops, rows in data.groupby("stops"):
        fig.add_bar(
            x=_v(rows["year"]),
            y=_v(rows["share"]),
            name=f"{stops} stops",
            customdata=_v(rows["finishers"]),
            hovertemplate="%{x}: %{y:.0%} (%{customdata} finishers)<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(tickformat=".0%")
    return _layout(fig, title)


def race_pace_figure(pace: pd.DataFrame, *, title: str = "") -> go.Figure:
    """Pace gap to the field's median (%) and tyre degradation vs the field, per stored race."""
    if pace.empty:
        return _empty(title)
    event = (
        pace["event_name"].fillna("R" + pace["round"].astype(str)).str.replace(" Grand Prix", "")
    )
    label = _v(pace["year"].astype(str) + " " + event)
    fig = go.Figure()
    fig.add_bar(x=label, y=_v(pace["pace_gap_pct"]), name="pace gap to field median (%)")
    fig.add_scatter(
        x=label, y=_v(pace["deg_s_per_lap"] - pace["field_deg_s_per_lap"]), mode="markers",
        name="degradation vs field (s/lap)", yaxis="y2", marker={"size": 11, "color": AHEAD},
    )  # fmt: skip
    fig.update_layout(
        yaxis={"title": "pace gap (%) · negative is faster"},
        yaxis2={
            "title": "deg vs field (s/lap)",
            "overlaying": "y",
            "side": "right",
            "zeroline": True,
        },
    )
    return _layout(fig, title)
