"""Pit loss per circuit, measured from the races in the store, under green and under SC/VSC.

The loss of one stop is the time of the in-lap plus the out-lap, minus what the same driver
would have needed for those two laps had he stayed out: the median lap of the cars that did
not pit on each of those laps, shifted by the driver's usual gap to that median on clean laps.
Measuring against the field on the same laps makes the figure valid under a safety car too,
where everyone is slow and a stop costs much less.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from f1core.store import SessionKey, Store
from f1core.store.queries import session_table
from f1core.strategy.laps import (
    add_lap_context,
    classify_track_status,
    counted_stops,
    pick_representative_laps,
)

METHOD_NOTE = (
    "In-lap + out-lap minus the field's median on those laps, shifted by the driver's usual gap."
)
#: Used only when a circuit has no measured stop under that condition; ratio to the green loss.
NEUTRAL_LOSS_RATIO = {"SC": 0.55, "VSC": 0.65}
#: Green-flag loss used for a circuit with no measured stop: the median over the kit's circuits
#: (20.1-27.4 s, median 22.7 s); the page says when it is used.
DEFAULT_GREEN_LOSS_S = 22.7
#: Stops that lose more than this are repairs or penalties, not strategy.
MAX_PLAUSIBLE_LOSS_S = 60.0


@dataclass(frozen=True)
class PitLoss:
    """Pit loss of one circuit used by the simulator (seconds) and what it rests on.

    The ``*_stops`` counts are the stops measured under each condition; a neutralised median that
    was measured but not used (see :func:`circuit_pit_loss`) is named, with its count, in ``note``.
    """

    green_s: float
    sc_s: float
    vsc_s: float
    green_stops: int
    sc_stops: int
    vsc_stops: int
    note: str = ""

    def for_condition(self, condition: str) -> float:
        return {"green": self.green_s, "SC": self.sc_s, "VSC": self.vsc_s}[condition]


def measure_pit_losses(laps: pd.DataFrame, pit_stops: pd.DataFrame) -> pd.DataFrame:
    """Time lost by every tyre-changing stop of one race.

    Args:
        laps: the ``laps`` table of the race.
        pit_stops: the ``pit_stops`` table of the race.

    Returns:
        One row per stop: ``driver``, ``lap``, ``condition`` (green / SC / VSC of the in- and
        out-lap), ``in_out_s`` (the two laps' time), ``reference_s`` and ``loss_s``.
    """
    cols = ["driver", "lap", "condition", "in_out_s", "reference_s", "loss_s", "tyre_change"]
    stops = counted_stops(laps, pit_stops) if len(pit_stops) else pit_stops
    if stops.empty or laps.empty:
        return pd.DataFrame(columns=cols)
    ctx = add_lap_context(laps)
    ctx["duration_s"] = ctx["lap_end_s"] - ctx["lap_start_s"]
    pitting = ctx["in_lap"] | ctx["out_lap"]
    field_ref = ctx[~pitting].groupby("lap_number")["duration_s"].median()
    rep = pick_representative_laps(laps)
    rep["delta"] = rep["lap_time_s"] - rep["lap_number"].map(field_ref)
    offset = rep.groupby("driver")["delta"].median()
    ctx["condition"] = ctx["track_status"].map(classify_track_status)
    lap_rows = {(d, n): (dur, cond) for d, n, dur, cond in
                ctx[["driver", "lap_number", "duration_s", "condition"]].itertuples(index=False)}  # fmt: skip
    ref_of = field_ref.to_dict()
    rows = []
    for driver, lap in stops[["driver", "lap"]].itertuples(index=False):
        two = [lap_rows.get((driver, int(lap))), lap_rows.get((driver, int(lap) + 1))]
        if None in two:
            continue  # retired in the pit lane or stopped on the last lap
        in_out = float(two[0][0] + two[1][0])
        ref = (
            ref_of.get(int(lap), np.nan)
            + ref_of.get(int(lap) + 1, np.nan)
            + 2 * float(offset.get(driver, 0.0))
        )
        conds = {two[0][1], two[1][1]}
        cond = "SC" if "SC" in conds else "VSC" if "VSC" in conds else "green"
        rows.append((driver, int(lap), cond, in_out, ref, in_out - ref, True))
    out = pd.DataFrame(rows, columns=cols)
    return out[(out["loss_s"] > 0) & (out["loss_s"] < MAX_PLAUSIBLE_LOSS_S)].reset_index(drop=True)


def race_sessions(store: Store) -> list[SessionKey]:
    """Every race and sprint in the store, oldest first."""
    rows = store.query_rows(
        "SELECT year, round, session_code FROM sessions WHERE session_code IN ('R', 'S') "
        "AND has_laps ORDER BY year, round, session_code"
    )
    return [SessionKey(int(y), int(r), str(c)) for y, r, c in rows]


def measure_store_pit_losses(store: Store) -> pd.DataFrame:
    """Every measured stop of every race in the store, with ``circuit`` and ``session``."""
    frames = []
    for key in race_sessions(store):
        circuit = store.scalar(
            "SELECT circuit FROM sessions WHERE year = ? AND round = ? AND session_code = ?",
            key.params(),
        )
        stops = measure_pit_losses(
            session_table(store, "laps", key), session_table(store, "pit_stops", key)
        )
        frames.append(stops.assign(circuit=circuit, session=str(key)))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def pit_loss_table(stops: pd.DataFrame) -> pd.DataFrame:
    """Median loss per circuit and condition, with the spread and the number of stops."""
    if stops.empty:
        return pd.DataFrame(
            columns=["circuit", "condition", "median_loss_s", "iqr_s", "stops", "sessions"]
        )
    g = stops.groupby(["circuit", "condition"])
    out = g["loss_s"].agg(
        median_loss_s="median",
        iqr_s=lambda s: float(np.subtract(*np.percentile(s, [75, 25]))),
        stops="size",
    )
    out["sessions"] = g["session"].nunique()
    return out.reset_index()


def circuit_pit_loss(table: pd.DataFrame, circuit: str) -> PitLoss:
    """The simulator's pit loss for one circuit; neutralised losses fall back to a ratio.

    Raises:
        KeyError: the circuit has no measured green-flag stop.
    """
    rows = table[table["circuit"] == circuit].set_index("condition")
    if "green" not in rows.index:
        raise KeyError(circuit)
    green = float(rows.loc["green", "median_loss_s"])
    vals, counts, notes = {}, {}, []
    for cond in ("SC", "VSC"):
        measured = float(rows.loc[cond, "median_loss_s"]) if cond in rows.index else None
        counts[cond] = int(rows.loc[cond, "stops"]) if measured is not None else 0
        if measured is not None and measured < green:
            vals[cond] = measured
            continue
        # No stop measured, or a neutralised stop that cost more than a green one (a change of
        # tyres for a change of weather: slow out-lap on cold tyres), which says nothing about
        # the pit lane; fall back to a fixed share of the green loss.
        vals[cond] = green * NEUTRAL_LOSS_RATIO[cond]
        if measured is not None:
            notes.append(f"the {counts[cond]} {cond} stops measured {measured:.1f} s (weather "
                         f"changes): using {NEUTRAL_LOSS_RATIO[cond]:.0%} of the green loss, "
                         f"{vals[cond]:.1f} s")  # fmt: skip
    return PitLoss(green, vals["SC"], vals["VSC"], int(rows.loc["green", "stops"]), counts["SC"], counts["VSC"],
                   "; ".join(notes))  # fmt: skip


def default_pit_loss(circuit: str) -> PitLoss:
    """Pit loss for a circuit with no measured stop in the store (flagged in ``note``)."""
    green = DEFAULT_GREEN_LOSS_S
    return PitLoss(green, green * NEUTRAL_LOSS_RATIO["SC"], green * NEUTRAL_LOSS_RATIO["VSC"], 0, 0, 0,
                   f"no stop measured at {circuit or 'this circuit'}; using {green:.1f} s")  # fmt: skip
