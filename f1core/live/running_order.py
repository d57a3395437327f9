"""The running order of a replayed race: one car per position, retired cars at the back.

FastF1 gives each car's position at the end of each of its laps; between two cars crossing
the line those numbers can collide (the car passed has not yet crossed), and a car that
stops keeps its last one. :class:`TowerOrder` turns those claims into tower positions
with no repeats: a car takes the position it claims and the cars between its old and new
place move one place, and a car that retires drops to the back (the latest retirement
just behind the running cars, as in the classification) while the cars behind it move up.
"""

from __future__ import annotations

import math

import pandas as pd

from f1core.live.messages import Message


def retirement_times(laps: pd.DataFrame) -> dict[str, float]:
    """When each car that did not see the chequered flag stopped (its last lap's end).

    Args:
        laps: a race's laps (``driver, lap_number, lap_end_s``).

    Returns:
        Driver code -> session time (s) of the end of its last lap, for every car whose
        last lap ended before the winner completed the race distance.
    """
    done = laps[laps["lap_end_s"].notna()]
    if done.empty:
        return {}
    last_lap = done["lap_number"].max()
    chequered = float(done.loc[done["lap_number"] == last_lap, "lap_end_s"].min())
    last_end = done.groupby("driver")["lap_end_s"].max()
    return {str(d): float(t) for d, t in last_end.items() if t < chequered}


class TowerOrder:
    """Tower positions of a race as the laps come in (mutable; one per synthesis).

    Args:
        numbers: driver code -> racing number (the message line keys).
    """

    def __init__(self, numbers: dict[str, str]):
        self._numbers = numbers
        self._total = len(numbers)
        self._pos: dict[str, int] = {}
        self._retired: list[str] = []

    def _holder(self, position: int) -> str | None:
        return next((d for d, p in self._pos.items() if p == position), None)

    def claim(self, driver: str, position: int) -> dict[str, int]:
        """``driver`` ends a lap in ``position``: the racing numbers whose position changed.

        The claim is capped at the number of running cars; the cars between the driver's
        old and new place (up to the first free place) move one place to make room.
        """
        old = self._pos.pop(driver, None)
        position = max(1, min(position, self._total - len(self._retired)))
        step = -1 if old is not None and old < position else 1
        changed = {driver: position}
        here, mover = position, self._holder(position)
        while mover is not None:
            here += step
            nxt = self._holder(here)
            self._pos[mover] = changed[mover] = here
            mover = nxt
        self._pos[driver] = position
        return {self._numbers[d]: p for d, p in changed.items()}

    def retire(self, driver: str, t_s: float) -> Message:
        """``driver`` stops: a ``TimingData`` update retiring it and moving the cars behind up."""
        old = self._pos.pop(driver, None)
        self._retired.append(driver)
        lines: dict[str, dict] = {}
        if old is not None:
            for other, p in self._pos.items():
                if p > old:
                    self._pos[other] = p - 1
                    lines[self._numbers[other]] = {"Position": str(p - 1)}
        slot = self._total - len(self._retired) + 1
        lines[self._numbers[driver]] = {
            "Retired": True,
            "Position": str(slot),
            "GapToLeader": "",
            "IntervalToPositionAhead": {"Value": ""},
        }
        return Message(t_s, "TimingData", {"Lines": lines})

    def retire_until(self, retired_at: dict[str, float], t_s: float) -> list[Message]:
        """Retire, in time order, every car that stopped before ``t_s`` and is not yet retired."""
        due = sorted(
            (t, d)
            for d, t in retired_at.items()
            if t < t_s and d not in self._retired and d in self._numbers
        )
        return [self.retire(d, t) for t, d in due if not math.isinf(t)]
