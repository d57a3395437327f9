"""Estimating UTC - session seconds from the data itself (tiny hand-built frames)."""

from __future__ import annotations

import pandas as pd
import pytest

from f1core.live.time_base import offset_from_laps, offset_from_yellows, session_utc_offset

T0 = pd.Timestamp("2025-03-16 03:00:00").timestamp()  # naive UTC, as the store keeps it


def _utc(session_s: float) -> pd.Timestamp:
    return pd.Timestamp.fromtimestamp(T0 + session_s, tz="UTC").tz_localize(None)


def _laps(starts):
    return pd.DataFrame(
        {
            "lap_number": range(1, len(starts) + 1),
            "lap_start_s": starts,
            "lap_start_utc": [pd.NaT] * len(starts),
        }
    )


def test_offset_from_lap_numbers():
    laps = _laps([1000.0, 1090.0, 1180.0, 1270.0])
    rc = pd.DataFrame(
        {"time_utc": [_utc(400), _utc(1100), _utc(1175), _utc(1185)], "lap": [1, 2, 2, 3]}
    )
    offset = offset_from_laps(laps, rc)
    assert offset == pytest.approx(
        T0, abs=5.0
    )  # the lap-2 and lap-3 messages narrow it to [T0-5, T0+5]
    laps_utc = laps.assign(lap_start_utc=[_utc(s) for s in laps.lap_start_s])
    assert offset_from_laps(laps_utc, rc) == pytest.approx(T0, abs=1e-3)


def test_offset_from_yellow_flags_ignores_unmatched():
    status = pd.DataFrame(
        {"time_s": [0.0, 500.0, 505.0, 900.0, 930.0], "status": ["1", "2", "1", "2", "1"]}
    )
    rc = pd.DataFrame(
        {
            "time_utc": [_utc(500.4), _utc(900.2), _utc(2000.0), _utc(300.0)],
            "flag": ["YELLOW", "DOUBLE YELLOW", "YELLOW", "GREEN"],
            "lap": [None] * 4,
        }
    )
    assert offset_from_yellows(rc, status) == pytest.approx(T0 + 0.3, abs=0.01)
    assert offset_from_yellows(rc.iloc[:1], status) is None  # one yellow proves nothing
    no_laps = _laps([float("nan")])
    assert session_utc_offset(no_laps, rc, status) == pytest.approx(T0 + 0.3, abs=0.01)
