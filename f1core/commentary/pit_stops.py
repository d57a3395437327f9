"""Pit stops, and undercut or overcut outcomes between cars that were racing each other.

An undercut attempt is two cars within :data:`DUEL_GAP_S` at the line before the first of
them stops, the other stopping 1 to :data:`RESPONSE_LAPS` laps later. It is judged one lap
after the second stop (its out-lap done): the order then against the order before.
"""

from __future__ import annotations

import pandas as pd

from f1core.commentary.events import Event, RaceFrames
from f1core.strategy.laps import counted_stops

DUEL_GAP_S = 3.0
RESPONSE_LAPS = 5
_WET = ("INTERMEDIATE", "WET")


def _tyre(compound) -> str:
    return str(compound).lower() if isinstance(compound, str) and compound else "unknown tyres"


def tyre_stops(f: RaceFrames) -> pd.DataFrame:
    """Stops that changed tyres (a drive through the pit lane behind the safety car does not)."""
    return counted_stops(f.laps, f.pit_stops)


def stop_events(f: RaceFrames) -> list[Event]:
    """Every stop: lap, tyres before and after, time in the pit lane; the first wet tyres."""
    events: list[Event] = []
    ends = f.laps.set_index(["driver", "lap_number"])["lap_end_s"]
    first_wet: set[str] = set()
    for s in tyre_stops(f).itertuples():
        lap = int(s.lap)
        race_lap = f.known_at(ends.get((s.driver, lap), float("nan")))
        values = {"lap": lap, "stop": int(s.stop_number)}
        text = f"{s.driver} pits on lap {lap}"
        if isinstance(s.compound_after, str) and s.compound_after == s.compound_before:
            text += f" for fresh {_tyre(s.compound_after)}s"
            values["to"] = s.compound_after
        elif isinstance(s.compound_after, str):
            text += f": {_tyre(s.compound_before)} to {_tyre(s.compound_after)}"
            values |= {"from": s.compound_before, "to": s.compound_after}
        if not pd.isna(s.pit_lane_s):
            text += f", {s.pit_lane_s:.1f} s in the pit lane"
            values["pit_lane_s"] = round(float(s.pit_lane_s), 1)
        importance = 2
        if s.compound_after in _WET and s.compound_after not in first_wet:
            first_wet.add(s.compound_after)
            text += f", the first car onto {_tyre(s.compound_after)}s"
            importance = 1
        rows = (f.row("pit_stops", driver=s.driver, stop_number=int(s.stop_number)),)
        events.append(
            Event(race_lap, "pit_stop", importance, text + ".", (s.driver,), values, rows)
        )
    return events


def undercut_events(f: RaceFrames) -> list[Event]:
    """Undercut and overcut attempts between cars racing each other, and how they ended."""
    pos = f.laps.set_index(["driver", "lap_number"])["position"]
    end = f.laps.set_index(["driver", "lap_number"])["lap_end_s"]
    stops = tyre_stops(f).sort_values("lap")
    events: list[Event] = []
    seen: set[tuple[str, str, int]] = set()
    for first in stops.itertuples():
        l1 = int(first.lap)
        later = stops[(stops["lap"] > l1) & (stops["lap"] <= l1 + RESPONSE_LAPS)
                      & (stops["driver"] != first.driver)]  # fmt: skip
        for second in later.itertuples():
            l2 = int(second.lap)
            a, b = first.driver, second.driver  # a stopped first
            before = [pos.get((d, l1 - 1)) for d in (a, b)]
            gap = abs(end.get((a, l1 - 1), float("nan")) - end.get((b, l1 - 1), float("nan")))
            after = [pos.get((d, l2 + 1)) for d in (a, b)]
            if any(pd.isna(v) for v in (*before, *after)) or not gap <= DUEL_GAP_S:
                continue
            if abs(before[0] - before[1]) != 1 or (a, b, l1) in seen:
                continue  # only cars running nose to tail
            seen.add((a, b, l1))
            a_ahead_before, a_ahead_after = before[0] < before[1], after[0] < after[1]
            values = {"first_stop_lap": l1, "second_stop_lap": l2, "gap_s": round(float(gap), 1)}
            head = f"{a} stops on lap {l1}, {b} on lap {l2} ({gap:.1f} s apart before)"
            if not a_ahead_before and a_ahead_after:
                kind, text, imp = "undercut", f"Undercut works: {head}; {a} comes out ahead.", 2
            elif a_ahead_before and not a_ahead_after:
                kind, text, imp = "overcut", f"Overcut works: {head}; {b} comes out ahead.", 2
            elif not a_ahead_before:
                kind, text, imp = "undercut", f"Undercut fails: {head}; {b} stays ahead.", 3
            else:
                kind, text, imp = "overcut", f"Overcut fails: {head}; {a} stays ahead.", 3
            race_lap = f.known_at(max(end.get((a, l2 + 1), 0), end.get((b, l2 + 1), 0)))
            rows = (f.row("pit_stops", driver=[a, b]), f.lap_rows([a, b], [l1 - 1, l2 + 1]))
            events.append(Event(race_lap, kind, imp, text, (a, b), values, rows))
    return events
