"""Practice long runs: stints of several push laps, their average pace and degradation.

Within a stint, a lap counts as a run lap when it is representative (see
:func:`f1core.analysis.laps.flag_laps`) and within ``RUN_LAP_SPREAD`` of the stint's
median, which drops cool-down laps that practice programmes mix into a run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from f1core.analysis.laps import flag_laps

MIN_RUN_LAPS = 5
RUN_LAP_SPREAD = 1.04
RUN_COLUMNS = ["driver", "stint", "compound", "start_lap", "end_lap", "laps", "mean_s",
               "median_s", "slope_s_per_lap", "tyre_life_start"]  # fmt: skip


def run_laps(laps: pd.DataFrame) -> pd.DataFrame:
    """The laps that belong to a long run (push laps of their stint), with a ``stint`` key."""
    flagged = flag_laps(laps, threshold=1.5)  # practice: long-run pace is far off the best
    rep = flagged[flagged["representative"] & flagged["stint"].notna()]
    median = rep.groupby(["driver", "stint"])["lap_time_s"].transform("median")
    return rep[rep["lap_time_s"] <= median * RUN_LAP_SPREAD]


def find_long_runs(laps: pd.DataFrame, *, min_laps: int = MIN_RUN_LAPS) -> pd.DataFrame:
    """Stints with at least ``min_laps`` run laps, with pace and degradation slope.

    ``slope_s_per_lap`` is the least-squares slope of lap time against tyre age (s/lap;
    positive means the car got slower as the tyre aged, fuel burn included).

    Raises:
        NoLapData: the session has no laps.
    """
    runs = run_laps(laps)
    rows = []
    for (driver, stint), group in runs.groupby(["driver", "stint"]):
        if len(group) < min_laps:
            continue
        age = group["tyre_life"].fillna(group["lap_number"]).to_numpy(dtype=float)
        slope = (
            float(np.polyfit(age, group["lap_time_s"].to_numpy(), 1)[0]) if np.ptp(age) else np.nan
        )
        rows.append(
            {"driver": driver, "stint": int(stint), "compound": group["compound"].iloc[0],
             "start_lap": int(group["lap_number"].min()), "end_lap": int(group["lap_number"].max()),
             "laps": len(group), "mean_s": group["lap_time_s"].mean(),
             "median_s": group["lap_time_s"].median(), "slope_s_per_lap": slope,
             "tyre_life_start": group["tyre_life"].min()}
        )  # fmt: skip
    out = pd.DataFrame(rows, columns=RUN_COLUMNS)
    return out.sort_values("mean_s", ignore_index=True).round(3)
