"""Tyre heatmap data: every driver's laps with compound, tyre age and fuel-corrected loss.

The loss of a lap is its fuel-corrected time minus the stint's baseline: the median of the
stint's first ``BASELINE_LAPS`` clean laps (timed, quick, green, not in or out of the pits,
not deleted), fuel-corrected the same way. Fuel correction removes the time the fuel still
on board costs: ``fuel_s_per_lap`` seconds per lap of fuel left to the flag.
"""

from __future__ import annotations

import pandas as pd

from f1core.analysis.laps import flag_laps
from f1core.strategy.laps import counted_stops

BASELINE_LAPS = 3
COLUMNS = ["driver", "lap_number", "stint", "compound", "tyre_life", "lap_time_s",
           "corrected_s", "loss_s", "clean", "pit_in", "neutralised"]  # fmt: skip


def tyre_heatmap(
    laps: pd.DataFrame,
    *,
    fuel_s_per_lap: float,
    total_laps: int,
    pit_stops: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per driver and lap (columns :data:`COLUMNS`), in driver and lap order.

    Args:
        laps: the store's laps of one race.
        fuel_s_per_lap: lap-time cost of one lap's worth of fuel (s).
        total_laps: the race distance (fuel is left for ``total_laps - lap_number`` laps).
        pit_stops: the race's ``pit_stops`` rows; when given, ``pit_in`` marks the in-laps of
            stops that changed tyres (:func:`~f1core.strategy.laps.counted_stops`) and
            ``stint`` counts the stints between them, so a pass through the pit lane on the
            same tyres neither marks a stop nor starts a stint.

    Returns:
        ``loss_s`` is NaN for laps that are not clean and for stints with no clean lap.

    Raises:
        NoLapData: no laps.
    """
    flagged = flag_laps(laps, per_lap=True)
    out = flagged.assign(
        compound=flagged["compound"].fillna("UNKNOWN").astype(str),
        clean=flagged["representative"],
        corrected_s=flagged["lap_time_s"]
        - fuel_s_per_lap * (total_laps - flagged["lap_number"]).clip(lower=0),
    ).sort_values(["driver", "lap_number"])
    if pit_stops is not None:
        stops = counted_stops(laps, pit_stops)
        marks = set(zip(stops["driver"], stops["lap"].astype(int), strict=True))
        out["pit_in"] = [
            (d, int(n)) in marks for d, n in zip(out["driver"], out["lap_number"], strict=True)
        ]
        before = out.groupby("driver")["pit_in"].transform(lambda s: s.shift(fill_value=False))
        out["stint"] = before.astype(int).groupby(out["driver"]).cumsum() + 1
    clean = out[out["clean"]]
    first = clean.groupby(["driver", "stint"], dropna=False).head(BASELINE_LAPS)
    baseline = first.groupby(["driver", "stint"], dropna=False)["corrected_s"].median()
    base = out.join(baseline.rename("baseline_s"), on=["driver", "stint"])["baseline_s"]
    out["loss_s"] = (out["corrected_s"] - base).where(out["clean"])
    return out[COLUMNS].reset_index(drop=True)
