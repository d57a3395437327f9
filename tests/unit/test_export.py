"""Exports round-trip: what a user downloads reads back as the frame the page showed."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from f1core.ui.export import frame_bytes

FRAME = pd.DataFrame({"driver": ["NOR", "VER"], "lap_time_s": [75.096, 75.481],
                      "when": pd.to_datetime(["2025-03-15 05:40", "2025-03-15 05:41"])})  # fmt: skip


def test_csv_round_trip():
    back = pd.read_csv(io.BytesIO(frame_bytes(FRAME, "csv")), parse_dates=["when"])
    pd.testing.assert_frame_equal(back, FRAME, check_dtype=False)


def test_json_is_records_with_iso_dates():
    rows = json.loads(frame_bytes(FRAME, "json"))
    assert rows[0]["driver"] == "NOR" and rows[0]["when"].startswith("2025-03-15T05:40")


def test_parquet_round_trip():
    back = pd.read_parquet(io.BytesIO(frame_bytes(FRAME, "parquet")))
    pd.testing.assert_frame_equal(back, FRAME, check_dtype=False)


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown export format"):
        frame_bytes(FRAME, "xlsx")
