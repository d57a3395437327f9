"""What the commentary is made of: :class:`Event` (one thing that mattered, with its rows) and
:class:`RaceFrames` (the stored rows of one race the detectors read).

Every event is dated by the **race lap** from which it is known: the first count of laps
completed by the leader at which it had happened, the count the Live page's clock shows
("as known at lap N"). Something that happened during the leader's lap N is known at lap N,
never earlier. A lapped car's lap 30 ends after the leader's lap 31, so a driver's own lap is
dated through the time it ended (:meth:`RaceFrames.known_at`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from f1core.analysis.race_trace import require_race_order
from f1core.errors import NoData
from f1core.facts.fact import RowRef, key_dict, key_params, session_row
from f1core.facts.incidents import race_control_rows

#: 1: headline (lead, neutralisation, retirement, penalty, rain, result); 2: notable
#: (overtake, stop, undercut, fastest lap, start); 3: detail (battles, purple sectors).
IMPORTANCE = {1: "headline", 2: "notable", 3: "detail"}


@dataclass(frozen=True)
class Event:
    """One thing that mattered in a race, with the store rows it came from.

    Attributes:
        lap: race lap at which it became known (0: before the start).
        kind: ``overtake``, ``lead``, ``pit_stop``, ``undercut``, ``fastest_lap`` ...
        importance: 1 headline, 2 notable, 3 detail (:data:`IMPORTANCE`).
        text: the template sentence; every number and name in it is in ``values``.
        drivers: the cars involved (three-letter codes).
        values: the facts the sentence may state, by name.
        rows: the store rows it was detected from.
    """

    lap: int
    kind: str
    importance: int
    text: str
    drivers: tuple[str, ...] = ()
    values: dict = field(default_factory=dict)
    rows: tuple[RowRef, ...] = ()

    def evidence(self) -> str:
        """The text a rewrite of this event is checked against: its sentence and values."""
        facts = "; ".join(f"{k}: {v}" for k, v in self.values.items())
        return f"{self.text} ({facts}; {' '.join(self.drivers)})"


@dataclass(frozen=True)
class RaceFrames:
    """The stored rows of one race or sprint that the detectors read."""

    key: object
    laps: pd.DataFrame
    pit_stops: pd.DataFrame
    race_control: pd.DataFrame
    weather: pd.DataFrame
    results: pd.DataFrame
    drivers: pd.DataFrame
    leader_ends: np.ndarray  # session time at which the leader completed lap 1, 2, ...

    def known_at(self, time_s) -> int:
        """The race lap from which something that happened at session time ``time_s`` is known.

        The leader lap it happened in (its end counted in), capped at the last lap; 0 for
        a missing time.
        """
        if time_s is None or pd.isna(time_s):
            return 0
        lap = int(np.searchsorted(self.leader_ends, float(time_s) - 1e-6, side="left")) + 1
        return min(lap, self.final_lap)

    def lap_rows(self, drivers, laps) -> RowRef:
        """A citation of the ``laps`` rows of ``drivers`` on ``laps``."""
        keys = {
            **key_dict(self.key),
            "driver": sorted(set(drivers)),
            "lap_number": sorted(set(laps)),
        }
        return RowRef("laps", keys)

    def row(self, table: str, **keys) -> RowRef:
        """A citation of rows of ``table`` of this session picked by ``keys``."""
        return RowRef(table, {**key_dict(self.key), **keys})

    @cached_property
    def start_s(self) -> float:
        """Session time of the start (the first lap's start; NaN if unknown)."""
        return self.laps.loc[self.laps["lap_number"] == 1, "lap_start_s"].min()

    @cached_property
    def _utc_offset_s(self) -> float | None:
        """UTC epoch seconds minus session time, from the laps' start times (None without)."""
        laps = self.laps.dropna(subset=["lap_start_utc", "lap_start_s"])
        if laps.empty:
            return None
        epoch = (pd.to_datetime(laps["lap_start_utc"]) - pd.Timestamp(0)).dt.total_seconds()
        return float((epoch - laps["lap_start_s"]).median())

    def known_at_utc(self, time_utc, fallback_lap) -> int:
        """:meth:`known_at` for a wall-clock time (race control); 0 before the start.

        Falls back to ``fallback_lap`` when the laps carry no start times to align the clocks.
        """
        if self._utc_offset_s is None or time_utc is None or pd.isna(time_utc):
            return 0 if fallback_lap is None or pd.isna(fallback_lap) else int(fallback_lap)
        t = (pd.Timestamp(time_utc) - pd.Timestamp(0)).total_seconds() - self._utc_offset_s
        return 0 if not pd.isna(self.start_s) and t < self.start_s else self.known_at(t)

    @property
    def final_lap(self) -> int:
        return len(self.leader_ends)

    def number_to_code(self) -> dict[str, str]:
        """Car number (as text) -> three-letter code."""
        d = self.drivers.dropna(subset=["driver_number"])
        return {str(n): c for n, c in zip(d.driver_number, d.driver, strict=True)}


def _query(store, table: str, key, order: str) -> pd.DataFrame:
    return store.query_df(
        f"SELECT * FROM {table} WHERE year = ? AND round = ? AND session_code = ? ORDER BY {order}",  # noqa: S608 (fixed names)
        key_params(key),
    )


def load_race(store, key) -> RaceFrames:
    """The rows the commentary reads for one stored race or sprint.

    Raises:
        SessionNotInStore: the session is not loaded.
        NoData: not a race or sprint (no race order to follow), or no lap timing stored.
    """
    row = session_row(store, key)
    require_race_order(key.session_code, row.get("session_name"), what="Commentary")
    laps = _query(store, "laps", key, "lap_number, driver")
    if laps.empty or laps["lap_end_s"].isna().all():
        raise NoData(f"No lap timing is stored for {key}, so there is nothing to comment on.")
    ends = laps.dropna(subset=["lap_end_s"]).groupby("lap_number")["lap_end_s"].min()
    leader_ends = np.maximum.accumulate(ends.sort_index().to_numpy())
    return RaceFrames(
        key=key,
        laps=laps,
        pit_stops=_query(store, "pit_stops", key, "lap, driver"),
        race_control=race_control_rows(store, key),
        weather=_query(store, "weather", key, "time_s"),
        results=_query(store, "results", key, "position"),
        drivers=_query(store, "drivers", key, "driver"),
        leader_ends=leader_ends,
    )
