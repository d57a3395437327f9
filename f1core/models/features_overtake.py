"""Overtaking features: one row per pair of cars within a gap at the end of a lap.

A pair is the cars in positions p and p+1 at the end of lap N whose line-crossing gap is at
most :data:`GAP_THRESHOLD_S`. The label is whether the car behind is ahead at the end of lap
N+horizon. Pairs where either car pits within the horizon are left out (a pit stop is not an
overtake). Everything but the label is known at the end of lap N. The circuit's historical
overtaking rate comes from the kit's lap charts of earlier seasons only.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from f1core.models.features_laptime import COMPOUND_CODES, status_flags
from f1core.store import Store

GAP_THRESHOLD_S = 2.5  # as in the published pair classifier (AUC-ROC 0.876 within 2.5 s)
DRS_GAP_S = 1.0
DRS_FIRST_LAP = 3  # DRS is enabled from the third lap of a race

FEATURES = [
    "gap_s", "pace_diff_s", "pace3_diff_s", "tyre_age_diff", "compound_diff",
    "drs_available", "status_sc", "status_vsc", "status_yellow", "position_ahead",
    "laps_remaining", "circuit_swap_rate",
]  # fmt: skip


def load_pair_laps(store: Store) -> pd.DataFrame:
    """Race and sprint laps with positions, times, tyres and pit flags."""
    return store.query_df(
        """SELECT l.year, l.round, l.session_code, l.driver, l.lap_number, l.lap_time_s,
                  l.compound, l.tyre_life, l.pit_in_s, l.pit_out_s, l.position, l.track_status,
                  l.lap_end_s, s.total_laps, s.event_name
           FROM laps l JOIN sessions s USING (year, round, session_code)
           WHERE l.session_code IN ('R', 'S') AND l.position IS NOT NULL
           ORDER BY l.year, l.round, l.session_code, l.lap_number, l.position"""
    )


def load_lap_charts(store: Store) -> pd.DataFrame:
    """The kit's lap charts (position of every car after every lap, 2021-2025)."""
    if not store.table_exists("lap_charts"):
        return pd.DataFrame(columns=["year", "event_slug", "lap", "position", "driver_number"])
    return store.query_df("SELECT year, event_slug, lap, position, driver_number FROM lap_charts")


def event_slug(event_name: str) -> str:
    """``"Saudi Arabian Grand Prix"`` -> ``"saudi_arabian_grand_prix"`` (lap-chart key)."""
    return re.sub(r"[^\w]+", "_", event_name.strip().lower()).strip("_")


def lap_chart_swap_rates(charts: pd.DataFrame) -> pd.DataFrame:
    """Per (event, year): share of adjacent pairs after lap N that swapped by lap N+1.

    Lap 0 (the grid) is skipped so first-lap chaos does not count as racing overtakes.
    """
    c = charts[charts["lap"] >= 1]
    nxt = c.assign(lap=c["lap"] - 1).rename(columns={"position": "next_position"})
    both = c.merge(nxt, on=["year", "event_slug", "lap", "driver_number"])
    behind = both.assign(position=both["position"] - 1)
    pairs = both.merge(behind, on=["year", "event_slug", "lap", "position"], suffixes=("_a", "_b"))
    pairs["swap"] = pairs["next_position_b"] < pairs["next_position_a"]
    return pairs.groupby(["event_slug", "year"], as_index=False).agg(
        swaps=("swap", "sum"), pairs=("swap", "size")
    )


def prior_swap_rate(rates: pd.DataFrame, slug: str, year: int) -> float:
    """Swap rate at an event pooled over lap-chart seasons strictly before ``year``."""
    prior = rates[(rates["event_slug"] == slug) & (rates["year"] < year)]
    return float(prior["swaps"].sum() / prior["pairs"].sum()) if len(prior) else np.nan


def build_pair_frame(
    laps: pd.DataFrame,
    swap_rates: pd.DataFrame,
    *,
    horizon: int = 1,
    gap_threshold_s: float = GAP_THRESHOLD_S,
) -> pd.DataFrame:
    """Pair rows with features and the ``overtaken`` label.

    Args:
        laps: rows as returned by :func:`load_pair_laps`.
        swap_rates: as returned by :func:`lap_chart_swap_rates`.
        horizon: laps ahead for the label (1 = the next lap).
        gap_threshold_s: keep pairs at most this far apart at the line.
    """
    keys = ["year", "round", "session_code"]
    laps = laps.sort_values([*keys, "driver", "lap_number"]).reset_index(drop=True)
    g = laps.groupby([*keys, "driver"], sort=False)
    laps["pace3_s"] = g["lap_time_s"].transform(lambda s: s.rolling(3, min_periods=1).mean())
    pits = laps["pit_in_s"].notna() | laps["pit_out_s"].notna()
    # Does the driver pit on any of laps N+1..N+horizon? (future pits only exclude rows)
    by_driver = pits.astype(int).groupby([laps[c] for c in [*keys, "driver"]], sort=False)
    laps["pits_soon"] = sum(by_driver.shift(-k).fillna(0) for k in range(1, horizon + 1))
    laps["future_position"] = g["position"].shift(-horizon)
    laps["future_lap"] = g["lap_number"].shift(-horizon)
    laps = laps.join(status_flags(laps["track_status"]))
    cols = [*keys, "lap_number", "driver", "position", "lap_time_s", "pace3_s", "compound", "tyre_life",
            "lap_end_s", "pits_soon", "future_position", "future_lap", "total_laps", "event_name",
            "track_status", "status_sc", "status_vsc", "status_yellow"]  # fmt: skip
    ahead = laps[cols].copy()
    behind = laps[cols].copy()
    behind["position"] = behind["position"] - 1  # the car behind p is matched to p
    pairs = ahead.merge(behind, on=[*keys, "lap_number", "position"], suffixes=("_a", "_b"))
    pairs["gap_s"] = pairs["lap_end_s_b"] - pairs["lap_end_s_a"]
    ok = (
        pairs["gap_s"].between(0, gap_threshold_s)
        & (pairs["pits_soon_a"] == 0) & (pairs["pits_soon_b"] == 0)
        & (pairs["future_lap_a"] == pairs["lap_number"] + horizon)
        & (pairs["future_lap_b"] == pairs["lap_number"] + horizon)
    )  # fmt: skip
    pairs = pairs[ok].reset_index(drop=True)
    out = pairs[[*keys, "lap_number", "driver_a", "driver_b", "gap_s"]].copy()
    out["event_name"] = pairs["event_name_a"]
    out["pace_diff_s"] = pairs["lap_time_s_a"] - pairs["lap_time_s_b"]  # > 0: behind is faster
    out["pace3_diff_s"] = pairs["pace3_s_a"] - pairs["pace3_s_b"]
    out["tyre_age_diff"] = pairs["tyre_life_b"] - pairs["tyre_life_a"]
    out["compound_diff"] = pairs["compound_b"].map(COMPOUND_CODES) - pairs["compound_a"].map(
        COMPOUND_CODES
    )
    green = pairs["track_status_a"].fillna("1") == "1"
    out["drs_available"] = ((pairs["gap_s"] <= DRS_GAP_S) & green
                            & (pairs["lap_number"] >= DRS_FIRST_LAP - 1)).astype(int)  # fmt: skip
    for flag in ("status_sc", "status_vsc", "status_yellow"):
        out[flag] = pairs[f"{flag}_a"]
    out["position_ahead"] = pairs["position"]
    out["laps_remaining"] = pairs["total_laps_a"] - pairs["lap_number"]
    slugs = {(y, e): prior_swap_rate(swap_rates, event_slug(e), y)
             for y, e in out[["year", "event_name"]].drop_duplicates().itertuples(index=False)}  # fmt: skip
    out["circuit_swap_rate"] = [
        slugs[(y, e)] for y, e in zip(out["year"], out["event_name"], strict=True)
    ]
    out["overtaken"] = (pairs["future_position_b"] < pairs["future_position_a"]).astype(int)
    for col in FEATURES:
        out[col] = out[col].astype(float)
    return out
