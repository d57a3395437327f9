"""Order on track: the start, lead changes, passes and battles closing or breaking.

Positions are FastF1's at each car's crossing of the line (``laps.position``). A pass is a
pair of cars whose order swapped between two consecutive laps with neither car in the pit
lane on those laps; a swap because one car pitted is a position change, not an overtake.
Battles are consecutive cars: one starts when the gap at the line drops under the DRS
second on a green lap, and breaks when it grows past :data:`BREAK_GAP_S` again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from f1core.analysis.laps import is_neutralised
from f1core.commentary.events import Event, RaceFrames

DRS_GAP_S = 1.0
BREAK_GAP_S = 2.0
START_MOVERS = 3  # places gained or lost on lap 1 worth a line


def _grid(f: RaceFrames, key: str) -> pd.DataFrame:
    """``driver x lap`` table of ``key`` (position, lap_end_s, ...) from the laps."""
    return f.laps.pivot_table(index="driver", columns="lap_number", values=key, aggfunc="first")


def _in_pits(f: RaceFrames) -> pd.DataFrame:
    pits = f.laps.assign(p=f.laps["pit_in_s"].notna() | f.laps["pit_out_s"].notna())
    return pits.pivot_table(
        index="driver", columns="lap_number", values="p", aggfunc="max", fill_value=False
    )


def _green(f: RaceFrames) -> pd.Series:
    """Lap number -> whether every car ran it without SC, VSC or red flag."""
    return ~is_neutralised(f.laps["track_status"]).groupby(f.laps["lap_number"]).any()


def start_events(f: RaceFrames) -> list[Event]:
    """Who leads after lap 1, and every car that gained or lost ``START_MOVERS`` places."""
    lap1 = f.laps[f.laps["lap_number"] == 1].dropna(subset=["position"])
    grid = f.results.set_index("driver")["grid_position"] if not f.results.empty else pd.Series()
    if lap1.empty:
        return []
    leader = lap1.loc[lap1["position"].idxmin(), "driver"]
    events = [Event(1, "start", 1, f"{leader} leads at the end of lap 1.", (leader,),
                    {"position": 1}, (f.lap_rows([leader], [1]),))]  # fmt: skip
    for r in lap1.itertuples():
        start = grid.get(r.driver)
        if start is None or pd.isna(start) or start <= 0:
            continue  # pit-lane start or no grid: nothing to compare
        start, now = int(start), int(r.position)
        moved = start - now
        if abs(moved) < START_MOVERS:
            continue
        verb = "gains" if moved > 0 else "loses"
        text = f"{r.driver} {verb} {abs(moved)} places at the start, P{start} to P{now}."
        rows = (f.lap_rows([r.driver], [1]), f.row("results", driver=r.driver))
        events.append(Event(f.known_at(r.lap_end_s), "start", 2, text, (r.driver,),
                            {"grid": start, "position": now, "places": abs(moved)}, rows))  # fmt: skip
    return events


def position_events(f: RaceFrames) -> list[Event]:
    """Lead changes, passes on track, and places changed because a car pitted."""
    pos, end, pits = _grid(f, "position"), _grid(f, "lap_end_s"), _in_pits(f)
    green = _green(f)
    events: list[Event] = []
    laps = [n for n in pos.columns if n - 1 in pos.columns]
    for n in laps:
        before, after = pos[n - 1], pos[n]
        running = before.notna() & after.notna()
        cars = before.index[running]
        b, a = before[running].to_numpy(), after[running].to_numpy()
        ahead_before = b[:, None] < b[None, :]  # [i, j]: i ahead of j on lap n-1
        swapped = ahead_before & (a[:, None] > a[None, :])
        pitted = pits.reindex(index=cars, fill_value=False)[[n - 1, n]].any(axis=1).to_numpy()
        for i, j in zip(*np.nonzero(swapped), strict=True):
            passed, by = cars[i], cars[j]
            race_lap = f.known_at(np.nanmax([end.at[by, n], end.at[passed, n]]))
            rows = (f.lap_rows([passed, by], [n - 1, n]),)
            values = {"lap": n, "position": int(a[j]), "from_position": int(b[j])}
            if pitted[i] and not pitted[j]:
                text = f"{by} moves up to P{int(a[j])} past {passed}, who pitted."
                events.append(Event(race_lap, "position_change", 1 if a[j] == 1 else 3, text,
                                    (by, passed), values, rows))  # fmt: skip
            elif not pitted[i] and not pitted[j]:
                under = "" if green.get(n, True) else " at the restart"
                text = f"{by} passes {passed} for P{int(a[j])} on lap {n}{under}."
                importance = 1 if a[j] == 1 else 2
                events.append(
                    Event(race_lap, "overtake", importance, text, (by, passed), values, rows)
                )
        leader_before = before.idxmin() if before.notna().any() else None
        leader_after = after.idxmin() if after.notna().any() else None
        if leader_before and leader_after and leader_before != leader_after:
            race_lap = f.known_at(np.nanmax([end.at[leader_after, n], end.at[leader_before, n]]))
            text = f"{leader_after} leads the race on lap {n}, ahead of {leader_before}."
            events.append(Event(race_lap, "lead", 1, text, (leader_after, leader_before),
                                {"lap": n, "position": 1},
                                (f.lap_rows([leader_after, leader_before], [n - 1, n]),)))  # fmt: skip
    return events


def battle_events(f: RaceFrames) -> list[Event]:
    """A car closing to within DRS range of the car ahead, and that battle breaking."""
    pos, end, pits = _grid(f, "position"), _grid(f, "lap_end_s"), _in_pits(f)
    compound, age = _grid(f, "compound"), _grid(f, "tyre_life")
    green = _green(f)
    events: list[Event] = []
    active: set[tuple[str, str]] = set()
    for n in pos.columns:
        col = pos[n].dropna().sort_values()
        order = list(col.index)
        pairs_now = set()
        for ahead, chaser in zip(order, order[1:], strict=False):
            gap = end.at[chaser, n] - end.at[ahead, n]
            pitting = bool(pits.at[ahead, n] or pits.at[chaser, n]) if n in pits else False
            if pd.isna(gap) or pitting or not green.get(n, True):
                if (ahead, chaser) in active:
                    pairs_now.add((ahead, chaser))  # a stop or SC lap neither starts nor ends one
                continue
            gap = round(float(gap), 1)
            race_lap = f.known_at(end.at[chaser, n])
            rows = (f.lap_rows([ahead, chaser], [n]),)
            place = int(col[chaser]) - 1
            if gap < DRS_GAP_S:
                pairs_now.add((ahead, chaser))
                if (ahead, chaser) not in active:
                    tyres = _tyre_offset(compound, age, ahead, chaser, n)
                    values = {"gap_s": gap, "position": place, "lap": n, **tyres[1]}
                    text = (f"{chaser} is {gap:.1f} s behind {ahead} for P{place} on lap {n}, "
                            f"inside DRS range{tyres[0]}.")  # fmt: skip
                    events.append(Event(race_lap, "battle", 2 if place == 1 else 3, text,
                                        (chaser, ahead), values, rows))  # fmt: skip
            elif gap < BREAK_GAP_S and (ahead, chaser) in active:
                pairs_now.add((ahead, chaser))
            elif (ahead, chaser) in active:
                text = f"{ahead} breaks away from {chaser}: {gap:.1f} s ahead on lap {n}."
                events.append(Event(race_lap, "battle_over", 3, text, (ahead, chaser),
                                    {"gap_s": gap, "lap": n, "position": place}, rows))  # fmt: skip
        active = pairs_now
    return events


def _tyre_offset(compound, age, ahead: str, chaser: str, n) -> tuple[str, dict]:
    """``(", on hards 12 laps older than MEDIUM ...", values)`` when the tyres differ."""
    try:
        c_a, c_b = compound.at[ahead, n], compound.at[chaser, n]
        a_a, a_b = age.at[ahead, n], age.at[chaser, n]
    except KeyError:
        return "", {}
    if any(pd.isna(v) for v in (c_a, c_b, a_a, a_b)):
        return "", {}
    diff = int(a_a) - int(a_b)
    if c_a == c_b and abs(diff) < 5:
        return "", {}
    text = (f", {chaser} on {str(c_b).lower()} tyres {int(a_b)} laps old against "
            f"{str(c_a).lower()} {int(a_a)} laps old")  # fmt: skip
    return text, {"chaser_tyre": c_b, "chaser_tyre_age": int(a_b), "ahead_tyre": c_a,
                  "ahead_tyre_age": int(a_a)}  # fmt: skip
