"""A driver's race pace and tyre management in the sessions loaded into the store.

Policy: only representative race laps count: a lap time exists, not an in- or out-lap,
green track (status ``1``), FastF1 marks it accurate, not deleted. *Pace gap* is the
driver's median representative lap against the field's median, in percent (negative is
faster). *Degradation* is the slope of lap time against tyre age within a stint (seconds
per lap of tyre age, stints of at least :data:`MIN_STINT_LAPS` laps), averaged over the
driver's stints and compared with the median stint of the field. Fuel burn makes lap times
fall as a stint goes on, so slopes can be negative: read them against the field's.
"""

from __future__ import annotations

import pandas as pd

from f1core.store import Store

MIN_STINT_LAPS = 5
PACE_NOTE = (
    "Representative green-flag race laps only (no in/out laps). Pace gap: the driver's median lap "
    "against the field's median, in %. Degradation: lap time change per lap of tyre age within a "
    "stint (fuel burn makes it negative; compare with the field)."
)

_PACE_SQL = """
WITH l AS (
  SELECT year, round, driver, lap_time_s, stint, tyre_life FROM laps
  WHERE session_code = 'R' AND lap_time_s IS NOT NULL AND pit_in_s IS NULL AND pit_out_s IS NULL
    AND coalesce(track_status, '1') = '1' AND coalesce(is_accurate, true)
    AND NOT coalesce(deleted, false)),
field AS (SELECT year, round, median(lap_time_s) AS field_median_s FROM l GROUP BY ALL),
me AS (SELECT year, round, count(*) AS laps, median(lap_time_s) AS median_s FROM l
       WHERE driver = $code GROUP BY ALL),
deg AS (SELECT year, round, driver, stint, regr_slope(lap_time_s, tyre_life) AS slope
        FROM l GROUP BY ALL HAVING count(*) >= $min_laps),
deg_me AS (SELECT year, round, avg(slope) AS deg_s_per_lap FROM deg WHERE driver = $code GROUP BY ALL),
deg_field AS (SELECT year, round, median(slope) AS field_deg_s_per_lap FROM deg GROUP BY ALL)
SELECT me.year, me.round, s.event_name, me.laps, round(me.median_s, 3) AS median_s,
       round(field.field_median_s, 3) AS field_median_s,
       round(100 * (me.median_s / field.field_median_s - 1), 2) AS pace_gap_pct,
       round(deg_me.deg_s_per_lap, 3) AS deg_s_per_lap,
       round(deg_field.field_deg_s_per_lap, 3) AS field_deg_s_per_lap
FROM me JOIN field USING (year, round)
LEFT JOIN deg_me USING (year, round) LEFT JOIN deg_field USING (year, round)
LEFT JOIN sessions s ON s.year = me.year AND s.round = me.round AND s.session_code = 'R'
ORDER BY me.year, me.round
"""


def race_pace(store: Store, code: str) -> pd.DataFrame:
    """Race pace and tyre degradation of the driver with 3-letter ``code`` per stored race.

    Returns:
        ``year``, ``round``, ``event_name``, ``laps`` (representative), ``median_s``,
        ``field_median_s``, ``pace_gap_pct``, ``deg_s_per_lap``, ``field_deg_s_per_lap``;
        empty when no race session of the driver is stored.
    """
    if not code or not store.table_exists("laps"):
        return pd.DataFrame()
    return store.query_df(_PACE_SQL, {"code": code.upper(), "min_laps": MIN_STINT_LAPS})
