"""Tyre stints and pit stops of a stored session, with a tyre set as the unit.

FastF1 starts a new stint at every pit-lane visit; a pass without a tyre change (the safety
car leading the field through the pit lane) continues the same set, so answers count tyre
sets and tyre-change stops (the rule of :func:`f1core.strategy.laps.counted_stops`), and
list every pit-lane visit.
"""

from __future__ import annotations

import pandas as pd

from f1core.analysis.stints import stints_between_stops
from f1core.errors import NoData
from f1core.facts.fact import Fact, RowRef, driver_label, driver_names, key_dict, key_params
from f1core.strategy.laps import counted_stops

_STOP_COLUMNS = ["driver", "stop_number", "lap", "pit_lane_s", "compound_before", "compound_after"]


def session_stops(store, key, *, upto_lap: int | None = None) -> pd.DataFrame:
    """The session's pit stops that changed tyres (:func:`~f1core.strategy.laps.counted_stops`)."""
    laps, visits = _visits(store, key, upto_lap or 10_000)
    return counted_stops(laps, visits)


def tyre_sets(store, key, stints: pd.DataFrame) -> pd.DataFrame:
    """Stints joined across pit-lane passes (:func:`~f1core.analysis.stints.stints_between_stops`).

    Args:
        store: the store.
        key: the session.
        stints: rows of its ``stints`` table (one driver's or all).

    Returns:
        One row per tyre set, the ``stints`` columns, in driver and stint order.
    """
    limit = int(stints["end_lap"].max()) if len(stints) else 0
    laps, visits = _visits(store, key, limit)
    return stints_between_stops(stints, laps, visits).reset_index(drop=True)


def _visits(store, key, limit: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The track status of every lap and every pit-lane visit up to lap ``limit``."""
    laps = store.query_df(
        "SELECT driver, lap_number, track_status FROM laps "
        "WHERE year = ? AND round = ? AND session_code = ? AND lap_number <= ?",
        [*key_params(key), limit],
    )
    visits = store.query_df(
        "SELECT * FROM pit_stops WHERE year = ? AND round = ? AND session_code = ? AND lap <= ? "
        "ORDER BY driver, stop_number",
        [*key_params(key), limit],
    )
    return laps, visits


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
    sets = tyre_sets(store, key, st)
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
    for driver, sets in tyre_sets(store, key, st).groupby("driver", sort=False):
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
    real = session_stops(store, key).dropna(subset=["pit_lane_s"])[_STOP_COLUMNS]
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


def pit_extremes_fact(store, key, which: str) -> Fact:
    """The first tyre-change stop, or the slowest one by pit-lane time (entry to exit).

    Args:
        store: the store.
        key: the session.
        which: ``"first"`` or ``"slowest"``.

    Raises:
        NoData: no tyre-change stop is stored.
    """
    stops = session_stops(store, key)
    if which == "first":
        df = stops.sort_values(["lap", "pit_in_s"])
    else:
        df = stops.dropna(subset=["pit_lane_s"]).sort_values("pit_lane_s", ascending=False)
    df = df[_STOP_COLUMNS].head(5).reset_index(drop=True)
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
