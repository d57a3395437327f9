"""Download buttons for what a chart or table shows: CSV, JSON and Parquet."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from f1core.ui.pins import pin_action


def frame_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """Serialise a frame as ``csv``, ``json`` (records, ISO dates) or ``parquet``."""
    if fmt == "csv":
        return df.to_csv(index=False).encode()
    if fmt == "json":
        return df.to_json(orient="records", date_format="iso").encode()
    if fmt == "parquet":
        buf = io.BytesIO()
        df.to_parquet(buf, index=False)
        return buf.getvalue()
    raise ValueError(f"unknown export format {fmt}")


_MIME = {"csv": "text/csv", "json": "application/json", "parquet": "application/octet-stream"}


def download_buttons(df: pd.DataFrame, name: str, *, key: str) -> None:
    """Three download buttons (CSV, JSON, Parquet) in one row; data is built on click.

    A chart or table that a dashboard can draw also gets a "📌 Pin" action in the row.
    """
    row = st.container(horizontal=True)
    for fmt in ("csv", "json", "parquet"):
        row.download_button(
            f"⬇ {fmt.upper()}",
            data=lambda fmt=fmt: frame_bytes(df, fmt),
            file_name=f"{name}.{fmt}",
            mime=_MIME[fmt],
            key=f"{key}_{fmt}",
            on_click="ignore",
        )
    pin_action(row, key=key)
