"""Fastest laps and purple sectors as they fell, from the laps table.

A lap counts when it has a time, is not deleted and is neither an in- nor an out-lap. A new
fastest lap of the race is an event each time the running best improves; a purple sector
(a new best of the race in that sector) is one when it was not part of a new fastest lap.
"""

from __future__ import annotations

import math

import pandas as pd

from f1core.analysis.laps import is_neutralised
from f1core.commentary.events import Event, RaceFrames
from f1core.facts.fact import fmt_laptime

_SECTORS = ("sector1_s", "sector2_s", "sector3_s")


def _clean(f: RaceFrames) -> pd.DataFrame:
    """Timed green laps, not in- or out-laps, not deleted, in the order they ended."""
    laps = f.laps
    ok = (laps["pit_in_s"].isna() & laps["pit_out_s"].isna()
          & ~laps["deleted"].fillna(False).astype(bool)
          & ~is_neutralised(laps["track_status"]) & (laps["lap_number"] > 1))  # fmt: skip
    return laps[ok].sort_values("lap_end_s")


def fastest_lap_events(f: RaceFrames) -> list[Event]:
    """The fastest lap of the race so far, once per race lap in which it fell (the best of
    that lap), and purple sectors that did not come with a new fastest lap."""
    events: list[Event] = []
    best_lap = math.inf
    best_sector = dict.fromkeys(_SECTORS, math.inf)
    fastest: dict[int, Event] = {}
    for r in _clean(f).itertuples():
        race_lap = f.known_at(r.lap_end_s)
        rows = (f.lap_rows([r.driver], [r.lap_number]),)
        purple = []
        for s in _SECTORS:
            t = getattr(r, s)
            if not pd.isna(t) and t < best_sector[s]:
                best_sector[s] = t
                purple.append((s, t))
        if not pd.isna(r.lap_time_s) and r.lap_time_s < best_lap:
            best_lap = r.lap_time_s
            time = fmt_laptime(r.lap_time_s)
            text = f"Fastest lap of the race so far: {r.driver}, {time} on lap {r.lap_number}."
            values = {"lap_time": time, "lap": int(r.lap_number)}
            fastest[race_lap] = Event(race_lap, "fastest_lap", 2, text, (r.driver,), values, rows)
        elif purple and r.lap_number > 3:
            parts = [f"sector {s[6]} in {t:.3f} s" for s, t in purple]
            text = f"Purple for {r.driver} on lap {r.lap_number}: " + ", ".join(parts) + "."
            values = {s: round(float(t), 3) for s, t in purple} | {"lap": int(r.lap_number)}
            events.append(Event(race_lap, "purple_sector", 3, text, (r.driver,), values, rows))
    return events + list(fastest.values())
