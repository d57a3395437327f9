"""Best sectors, the ideal lap (sum of a driver's best sectors) and speed traps."""

from __future__ import annotations

import pandas as pd

from f1core.errors import NoLapData

SPEED_TRAPS = {"speed_i1": "I1", "speed_i2": "I2", "speed_fl": "FL", "speed_st": "ST"}


def ideal_laps(laps: pd.DataFrame) -> pd.DataFrame:
    """Per driver: best of each sector, their sum (ideal lap) and the best actual lap.

    Deleted laps do not count. Sectors come from any lap (an in-lap's first sector is a
    real sector time), as on the official timing screens.

    Returns:
        Columns ``driver, best_s1, best_s2, best_s3, ideal_s, best_lap_s, gain_s``
        (``gain_s`` = best lap - ideal), fastest ideal lap first.

    Raises:
        NoLapData: no sector times at all.
    """
    valid = laps[~laps["deleted"].fillna(False).astype(bool)]
    grouped = valid.groupby("driver")
    out = pd.DataFrame(
        {"best_s1": grouped["sector1_s"].min(), "best_s2": grouped["sector2_s"].min(),
         "best_s3": grouped["sector3_s"].min(), "best_lap_s": grouped["lap_time_s"].min()}
    )  # fmt: skip
    if out[["best_s1", "best_s2", "best_s3"]].isna().all().all():
        raise NoLapData("No sector times in this session.")
    out["ideal_s"] = out["best_s1"] + out["best_s2"] + out["best_s3"]
    out["gain_s"] = out["best_lap_s"] - out["ideal_s"]
    cols = ["best_s1", "best_s2", "best_s3", "ideal_s", "best_lap_s", "gain_s"]
    out = out.reset_index()[["driver", *cols]].round(3)
    return out.sort_values(["ideal_s", "best_lap_s"], na_position="last", ignore_index=True)


def speed_traps(laps: pd.DataFrame) -> pd.DataFrame:
    """Highest speed per driver at each trap (I1, I2, FL finish line, ST speed trap), km/h.

    Returns:
        Columns ``driver, I1, I2, FL, ST``, fastest ST first.
    """
    out = laps.groupby("driver")[list(SPEED_TRAPS)].max().rename(columns=SPEED_TRAPS)
    return out.reset_index().sort_values("ST", ascending=False, ignore_index=True)
