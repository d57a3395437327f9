"""Lap classification for strategy work: track condition per lap, in/out laps, traffic, representative laps."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

Condition = Literal["green", "SC", "VSC"]
CONDITIONS: tuple[str, ...] = ("green", "SC", "VSC")
#: A car this close to the one ahead at the start of a lap is in dirty air (traffic).
TRAFFIC_GAP_S = 1.0
#: Laps slower than this factor of the driver's median green lap are mistakes or incidents.
SLOW_LAP_FACTOR = 1.07
DRY_COMPOUNDS: tuple[str, ...] = ("SOFT", "MEDIUM", "HARD")
WET_COMPOUNDS: tuple[str, ...] = ("INTERMEDIATE", "WET")
UNKNOWN_COMPOUND = "UNKNOWN"
#: A lap under the safety car with at least this many same-tyre pit-lane visits (and most of
#: its visits so) is one on which the field was led through the pit lane.
FIELD_PASS_MIN_CARS = 5


def classify_track_status(status: str | None) -> Condition:
    """FastF1's track-status digits for a lap -> ``green``, ``SC`` or ``VSC``.

    Digits: 1 green, 2 yellow, 4 safety car, 5 red flag, 6 VSC, 7 VSC ending. A red flag is
    treated as a safety car (the field is neutralised and may change tyres); a lap with only
    "VSC ending" counts as green.
    """
    text = str(status or "")
    if "4" in text or "5" in text:
        return "SC"
    if "6" in text:  # "7" alone (VSC ending) is a racing lap: cars are released within it
        return "VSC"
    return "green"


def lap_conditions(laps: pd.DataFrame) -> pd.Series:
    """Condition of each lap number of a race: what most cars saw on that lap.

    Returns:
        Series indexed by ``lap_number`` with values from ``CONDITIONS``.
    """
    cond = laps["track_status"].map(classify_track_status)
    table = cond.groupby(laps["lap_number"]).value_counts().unstack(fill_value=0)
    table = table.reindex(columns=list(CONDITIONS), fill_value=0)
    neutral = table[["SC", "VSC"]].max(axis=1) * 2 >= table.sum(axis=1)
    out = pd.Series("green", index=table.index, dtype=object)
    out[neutral & (table["SC"] >= table["VSC"])] = "SC"
    out[neutral & (table["SC"] < table["VSC"])] = "VSC"
    return out.rename("condition")


def add_lap_context(laps: pd.DataFrame) -> pd.DataFrame:
    """Laps with ``condition``, ``in_lap``, ``out_lap``, ``gap_ahead_s`` and a clean ``compound``.

    ``gap_ahead_s`` is the time to the car that started the same lap just before (NaN for the
    first car on the road).
    """
    out = laps.copy()
    out["condition"] = out["track_status"].map(classify_track_status)
    out["in_lap"] = out["pit_in_s"].notna()
    out["out_lap"] = out["pit_out_s"].notna()
    out["compound"] = out["compound"].fillna(UNKNOWN_COMPOUND).astype(str)
    out = out.sort_values(["lap_number", "lap_start_s"])
    out["gap_ahead_s"] = out.groupby("lap_number")["lap_start_s"].diff()
    return out.sort_values(["driver", "lap_number"]).reset_index(drop=True)


def pick_representative_laps(
    laps: pd.DataFrame, *, traffic_gap_s: float = TRAFFIC_GAP_S
) -> pd.DataFrame:
    """Laps that show a car's own pace: green, timed, not lap 1, no pit in/out, no traffic.

    Args:
        laps: the ``laps`` table of one session.
        traffic_gap_s: laps started closer than this to the car ahead are dropped.

    Returns:
        The kept laps with the context columns of :func:`add_lap_context`.
    """
    ctx = add_lap_context(laps)
    keep = (
        (ctx["condition"] == "green")
        & (ctx["track_status"].astype(str) == "1")
        & ctx["lap_time_s"].notna()
        & (ctx["lap_number"] > 1)
        & ~ctx["in_lap"]
        & ~ctx["out_lap"]
        & ~(ctx["gap_ahead_s"] < traffic_gap_s)
        & ~ctx["deleted"].fillna(False).astype(bool)
        & ctx["tyre_life"].notna()
    )
    kept = ctx[keep].copy()
    median = kept.groupby("driver")["lap_time_s"].transform("median")
    return kept[kept["lap_time_s"] <= median * SLOW_LAP_FACTOR].reset_index(drop=True)


def race_time_table(laps: pd.DataFrame) -> pd.DataFrame:
    """Elapsed race time at the end of every completed lap, per driver.

    Returns:
        Frame with ``driver``, ``lap_number`` and ``elapsed_s`` (from the common start).
    """
    start = laps.loc[laps["lap_number"] == 1, "lap_start_s"].min()
    out = laps[["driver", "lap_number", "lap_end_s"]].dropna().copy()
    out["elapsed_s"] = out["lap_end_s"] - start
    return (
        out.drop(columns="lap_end_s").sort_values(["driver", "lap_number"]).reset_index(drop=True)
    )


def is_wet_race(laps: pd.DataFrame) -> bool:
    """True when at least a fifth of the race laps were run on intermediate or wet tyres."""
    share = laps["compound"].isin(WET_COMPOUNDS).mean() if len(laps) else 0.0
    return bool(share >= 0.2)


def compound_order(compounds) -> list[str]:
    """Compounds softest first (dry, then wet, then unknown)."""
    rank = {c: i for i, c in enumerate((*DRY_COMPOUNDS, *WET_COMPOUNDS, UNKNOWN_COMPOUND))}
    return sorted(set(compounds), key=lambda c: (rank.get(c, 99), c))


def counted_stops(laps: pd.DataFrame, pit_stops: pd.DataFrame) -> pd.DataFrame:
    """The stops that changed tyres, with ``inferred`` for those the tyre data misses.

    This is the one rule for what a pit stop is; every view that counts stops or draws
    stints goes through it. A pit-lane visit under the safety car is a pass, not a stop, when
    the tyres stayed on: the store flags it (``tyre_change`` False: same compound, the tyre age
    goes on), or it is on a lap on which the field was led through the pit lane (most of the
    lap's visits, :data:`FIELD_PASS_MIN_CARS` or more, are flagged so) and the compound is the
    same before and after, whatever a car's garbled tyre age says (2025 Australia, laps 2-4).
    A visit flagged as a pass under green or VSC is a gap in the tyre data (the 2025 Miami GP's
    stint records are garbled), so it is counted as a change onto a new set of the recorded
    compound.

    Args:
        laps: the race's ``laps`` rows (``driver``, ``lap_number``, ``track_status``).
        pit_stops: its ``pit_stops`` rows.

    Returns:
        The counted ``pit_stops`` rows, with a boolean ``inferred`` column.
    """
    if pit_stops.empty:
        return pit_stops.assign(inferred=pd.Series(dtype=bool))
    cond = laps.set_index(["driver", "lap_number"])["track_status"].map(classify_track_status)
    keys = list(zip(pit_stops["driver"], pit_stops["lap"], strict=True))
    racing = np.array([cond.get(k, "green") != "SC" for k in keys], dtype=bool)
    flagged = pit_stops["tyre_change"].fillna(True).astype(bool).to_numpy()
    passes = pd.Series(~flagged).groupby(pit_stops["lap"].to_numpy())
    field_pass = (
        (passes.transform("sum") >= FIELD_PASS_MIN_CARS) & (passes.transform("mean") > 0.5)
    ).to_numpy()
    same = (pit_stops["compound_before"] == pit_stops["compound_after"]).fillna(False).to_numpy()
    kept = ~racing & (~flagged | (field_pass & same))
    return pit_stops.assign(inferred=~flagged & racing)[~kept]
