"""Tyre stints and pit stops of a stored session, with a tyre set as the unit.

FastF1 starts a new stint at every pit-lane pass; a pass without a tyre change (the safety
car leading the field through the pit lane, a drive-through) continues the same set, so
answers count tyre sets and tyre-change stops, and list every pit-lane visit.
"""

from __future__ import annotations

import pandas as pd

from f1core.errors import NoData
from f1core.facts.fact import Fact, RowRef, driver_label, driver_names, key_dict, key_params


def tyre_sets(stints: pd.DataFrame) -> pd.DataFrame:
    """Merge stints that continue on the same tyre set (a pit-lane pass without a change).

    FastF1 starts a new stint at every pit-lane pass, e.g. when the safety car leads the
    field through the pit lane; if the compound is the same, the set is not new and its
    tyre life carries on, no tyres were changed.

    Args:
        stints: one driver's rows of the ``stints`` table.

    Returns:
        One row per tyre set: ``compound, start_lap, end_lap, laps, fresh_tyre``.
    """
    sets: list[dict] = []
    for r in stints.sort_values("stint").itertuples():
        prev = sets[-1] if sets else None
        same_set = (
            prev is not None
            and r.compound == prev["compound"]
            and not bool(r.fresh_tyre)
            and not pd.isna(r.tyre_life_start)
            and not pd.isna(prev["tyre_life_end"])
            and int(r.tyre_life_start) == int(prev["tyre_life_end"]) + 1
        )
        if same_set:
            prev.update(
                end_lap=r.end_lap, laps=prev["laps"] + r.laps, tyre_life_end=r.tyre_life_end
            )
        else:
            sets.append({"compound": r.compound, "start_lap": r.start_lap, "end_lap": r.end_lap,
                         "laps": r.laps, "fresh_tyre": bool(r.fresh_tyre),
                         "tyre_life_end": r.tyre_life_end})  # fmt: skip
    return pd.DataFrame(sets, columns=["compound", "start_lap", "end_lap", "laps", "fresh_tyre",
                                       "tyre_life_end"])  # fmt: skip


def stints_fact(store, key, driver: str, *, upto_lap: int | None = None) -> Fact:
    """One driver's tyre sets and pit stops (up to a lap when the replay clock is on)."""
    limit = upto_lap or 10_000
    st = store.query_df(
        "SELECT * REPLACE (least(end_lap, ?) AS end_lap, least(end_lap, ?) - start_lap + 1 AS laps) "
        "FROM stints WHERE year = ? AND round = ? AND session_code = ? AND driver = ? AND start_lap <= ? ORDER BY stint",
        [limit, limit, *key_params(key), driver, limit],
    )
    if st.empty:
        raise NoData(f"No stints are stored for {driver} in {key}.")
    sets = tyre_sets(st)
    stops = store.query_df(
        "SELECT stop_number, lap, pit_lane_s, compound_before, compound_after FROM pit_stops "
        "WHERE year = ? AND round = ? AND session_code = ? AND driver = ? AND lap <= ? ORDER BY stop_number",
        [*key_params(key), driver, limit],
    )
    names = driver_names(store, key)
    desc = "; ".join(
        f"{r.compound} laps {int(r.start_lap)}-{int(r.end_lap)} ({int(r.laps)} laps, "
        f"{'new' if r.fresh_tyre else 'used'})"
        for r in sets.itertuples()
    )
    changes = len(sets) - 1
    first = int(sets.start_lap.iloc[0]) if not sets.empty else 1
    gap = f" (No tyre data is stored for laps 1-{first - 1}.)" if first > 1 else ""
    text = f"{driver_label(names, driver)} ran {len(sets)} tyre set(s), {changes} tyre change stop(s): "
    text += f"{desc}.{gap}"
    passes = len(stops) - changes
    if not stops.empty:
        laps = ", ".join(
            f"lap {int(r.lap)} ({r.compound_before}->{r.compound_after}, pit lane {r.pit_lane_s:.1f} s)"
            for r in stops.itertuples()
            if not pd.isna(r.pit_lane_s)
        )
        text += f" Pit-lane visits: {laps}."
        if passes > 0:
            text += f" {passes} of these were passes without a tyre change (e.g. behind the safety car)."
    rows = [RowRef("stints", {**key_dict(key), "driver": driver})]
    if not stops.empty:
        rows.append(RowRef("pit_stops", {**key_dict(key), "driver": driver}))
    return Fact("stints", text, tuple(rows), sets)


def stops_summary_fact(store, key, *, upto_lap: int | None = None) -> Fact:
    """Tyre changes per driver for the whole field, in finishing order where known."""
    limit = upto_lap or 10_000
    st = store.query_df(
        "SELECT * REPLACE (least(end_lap, ?) AS end_lap) FROM stints WHERE year = ? AND round = ? AND session_code = ? "
        "AND start_lap <= ? ORDER BY driver, stint",
        [limit, *key_params(key), limit],
    )
    if st.empty:
        raise NoData(f"No stints are stored for {key}.")
    rows = []
    for driver, part in st.groupby("driver", sort=False):
        sets = tyre_sets(part)
        rows.append({"driver": driver, "stops": len(sets) - 1,
                     "compounds": " -> ".join(str(c) for c in sets.compound)})  # fmt: skip
    df = pd.DataFrame(rows).sort_values(["stops", "driver"])
    most = df[df.stops == df.stops.max()]
    text = (
        f"Most tyre-change stops: {', '.join(most.driver)} with {int(most.stops.iloc[0])}. "
        "Tyre changes per driver: "
        + "; ".join(f"{r.driver} {r.stops} stop(s) ({r.compounds})" for r in df.itertuples())
        + "."
    )
    return Fact("stints", text, (RowRef("stints", key_dict(key)),), df)


def fastest_pit_lane_fact(store, key) -> Fact:
    """Shortest pit-lane time (entry to exit, FastF1 timing) among tyre-change stops."""
    stops = store.query_df(
        "SELECT driver, stop_number, lap, pit_lane_s, compound_before, compound_after FROM pit_stops "
        "WHERE year = ? AND round = ? AND session_code = ? AND pit_lane_s IS NOT NULL",
        key_params(key),
    )
    st = store.query_df(
        "SELECT * FROM stints WHERE year = ? AND round = ? AND session_code = ? ORDER BY driver, stint",
        key_params(key),
    )
    changes = set()
    for driver, part in st.groupby("driver"):
        for start in tyre_sets(part).start_lap.iloc[1:]:
            changes.add((driver, int(start) - 1))
    real = stops[[(r.driver, int(r.lap)) in changes for r in stops.itertuples()]]
    if real.empty:
        raise NoData(f"No tyre-change pit stops with pit-lane times are stored for {key}.")
    best = real.sort_values("pit_lane_s").iloc[0]
    names = driver_names(store, key)
    text = (
        f"Shortest pit-lane time of a tyre stop: {driver_label(names, best.driver)}, {best.pit_lane_s:.1f} s "
        f"(entry to exit) on lap {int(best.lap)}, {best.compound_before}->{best.compound_after}."
    )
    ref = RowRef(
        "pit_stops", {**key_dict(key), "driver": best.driver, "stop_number": int(best.stop_number)}
    )
    return Fact("pit_lane", text, (ref,), real.sort_values("pit_lane_s").head(5))


_PIT_EXTREMES_SQL = {
    "first": "SELECT driver, stop_number, lap, pit_lane_s, compound_before, compound_after FROM pit_stops "
    "WHERE year = ? AND round = ? AND session_code = ? AND coalesce(tyre_change, true) "
    "ORDER BY lap, pit_in_s LIMIT 5",
    "slowest": "SELECT driver, stop_number, lap, pit_lane_s, compound_before, compound_after FROM pit_stops "
    "WHERE year = ? AND round = ? AND session_code = ? AND coalesce(tyre_change, true) "
    "AND pit_lane_s IS NOT NULL ORDER BY pit_lane_s DESC LIMIT 5",
}


def pit_extremes_fact(store, key, which: str) -> Fact:
    """The first tyre-change stop, or the slowest one by pit-lane time (entry to exit).

    Args:
        store: the store.
        key: the session.
        which: ``"first"`` or ``"slowest"``.

    Raises:
        NoData: no tyre-change stop is stored.
    """
    df = store.query_df(_PIT_EXTREMES_SQL[which], key_params(key))
    if df.empty:
        raise NoData(f"No tyre-change pit stops are stored for {key}.")
    best = df.iloc[0]
    names = driver_names(store, key)
    lane = "" if pd.isna(best.pit_lane_s) else f", pit lane {best.pit_lane_s:.1f} s (entry to exit)"
    label = "First tyre-change stop" if which == "first" else "Slowest tyre-change stop"
    text = (f"{label}: {driver_label(names, best.driver)} on lap {int(best.lap)}{lane}, "
            f"{best.compound_before}->{best.compound_after}.")  # fmt: skip
    ref = RowRef(
        "pit_stops", {**key_dict(key), "driver": best.driver, "stop_number": int(best.stop_number)}
    )
    return Fact("pit_stops", text, (ref,), df)
