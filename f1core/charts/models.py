"""Model figures: SHAP waterfall, global importance, calibration, backtest (frames in, figures out)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

UP = "#E10600"  # pushes the output up
DOWN = "#2B7BD1"  # pushes it down
MAX_WATERFALL_FEATURES = 10


def shap_waterfall(explanation, *, title: str) -> go.Figure:
    """Waterfall from the model's average output to this prediction.

    Args:
        explanation: an :class:`f1core.models.explain.Explanation`.
        title: figure title.

    The largest contributions get their own bar; the rest are summed into one
    "other features" bar so the total still adds up to the prediction.
    """
    frame = explanation.to_frame()
    top, rest = frame.iloc[:MAX_WATERFALL_FEATURES], frame.iloc[MAX_WATERFALL_FEATURES:]
    labels = [f"{f} = {v:.4g}" for f, v in zip(top["feature"], top["value"], strict=True)]
    values = top["contribution"].tolist()
    if len(rest):
        labels.append(f"{len(rest)} other features")
        values.append(float(rest["contribution"].sum()))
    fig = go.Figure(
        go.Waterfall(
            orientation="h",
            y=["average output", *labels, "this prediction"],
            x=[explanation.base_value, *values, 0.0],
            measure=["absolute", *["relative"] * len(values), "total"],
            increasing={"marker": {"color": UP}},
            decreasing={"marker": {"color": DOWN}},
            totals={"marker": {"color": "#6B6B78"}},
            text=[
                f"{explanation.base_value:.3f}",
                *[f"{v:+.3f}" for v in values],
                f"{explanation.output:.3f}",
            ],
            textposition="outside",
        )
    )
    fig.update_layout(
        title=title, xaxis_title=explanation.units, height=120 + 32 * (len(values) + 2),
        margin={"l": 10, "r": 10, "t": 50, "b": 40}, showlegend=False,
        yaxis={"autorange": "reversed"},  # read top-down: average, features, prediction
    )  # fmt: skip
    return fig


def importance_bar(
    importance: pd.DataFrame, *, title: str = "Global feature importance"
) -> go.Figure:
    """Horizontal bars of mean |SHAP| per feature (columns ``feature``, ``mean_abs_shap``)."""
    df = importance.sort_values("mean_abs_shap")
    fig = go.Figure(
        go.Bar(x=df["mean_abs_shap"], y=df["feature"], orientation="h", marker_color=UP)
    )
    fig.update_layout(title=title, xaxis_title="mean |SHAP value|", height=100 + 24 * len(df),
                      margin={"l": 10, "r": 10, "t": 50, "b": 40})  # fmt: skip
    return fig


def calibration_plot(tables: dict[str, list[dict]], *, title: str = "Calibration") -> go.Figure:
    """Reliability curves: mean predicted probability vs observed rate per bin.

    Args:
        tables: curve name -> rows of ``predicted``, ``observed``, ``count``
            (as made by :func:`f1core.models.metrics.calibration_table`).
    """
    fig = go.Figure(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name="perfect",
            line={"dash": "dot", "color": "#9A9AA5"},
        )  # fmt: skip
    )
    for name, rows in tables.items():
        df = pd.DataFrame(rows)
        if df.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=df["predicted"],
                y=df["observed"],
                mode="lines+markers",
                name=name,
                customdata=df["count"],
                hovertemplate="predicted %{x:.2f}<br>observed "
                "%{y:.2f}<br>%{customdata} rows<extra></extra>",
            )  # fmt: skip
        )
    fig.update_layout(title=title, xaxis_title="predicted probability", yaxis_title="observed rate",
                      xaxis_range=[0, 1], yaxis_range=[0, 1], height=420)  # fmt: skip
    return fig


def backtest_lines(backtest: pd.DataFrame, *, x: str, series: dict[str, str], title: str,
                   y_title: str) -> go.Figure:  # fmt: skip
    """One line per series (column -> legend name) over the backtest unit ``x``."""
    fig = go.Figure()
    for column, name in series.items():
        if column in backtest:
            fig.add_trace(go.Scatter(x=backtest[x].astype(str), y=backtest[column],
                                     mode="lines+markers", name=name))  # fmt: skip
    fig.update_layout(title=title, xaxis_title=x, yaxis_title=y_title, height=380)
    return fig
