"""The replay clock: where the replay cursor is, how fast it runs, and the shared lap.

Pure values, no threads or timers: the clock is a frozen record of the cursor at one
wall-clock instant plus a speed, and every question ("where is it now?") takes the
wall-clock time as an argument. That makes it trivially testable and safe to keep in
Streamlit session state.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

MIN_SPEED = 1.0
MAX_SPEED = 60.0
SPEEDS: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)

#: Session-state key other pages read for "as known at lap N".
SHARED_CLOCK_KEY = "replay_clock"


@dataclass(frozen=True)
class ReplayClock:
    """A replay cursor.

    Attributes:
        position_s: cursor (seconds since the stream started) at ``anchor_wall_s``.
        anchor_wall_s: wall-clock time (``time.time()``) the position was taken at.
        speed: replay speed, 1x to 60x.
        playing: whether the cursor advances with the wall clock.
        start_s: earliest cursor value.
        end_s: latest cursor value (the cursor stops there).
    """

    position_s: float = 0.0
    anchor_wall_s: float = 0.0
    speed: float = 1.0
    playing: bool = False
    start_s: float = 0.0
    end_s: float = 0.0

    @classmethod
    def over(cls, start_s: float, end_s: float, *, at_s: float | None, speed: float, wall_s: float):
        """A paused clock over ``[start_s, end_s]`` at ``at_s`` (default: the end)."""
        position = end_s if at_s is None else min(max(at_s, start_s), end_s)
        return cls(position, wall_s, speed, False, start_s, end_s)

    def now(self, wall_s: float) -> float:
        """Cursor at wall time ``wall_s``, clamped to ``[start_s, end_s]``."""
        position = self.position_s
        if self.playing:
            position += max(wall_s - self.anchor_wall_s, 0.0) * self.speed
        return min(max(position, self.start_s), self.end_s)

    def seek_value(self, wall_s: float) -> float:
        """The Seek slider's value: the cursor to the whole second, inside ``[start_s, end_s]``."""
        return min(max(float(round(self.now(wall_s))), self.start_s), self.end_s)

    def at_end(self, wall_s: float) -> bool:
        """Whether the cursor has reached the end of the recording."""
        return self.now(wall_s) >= self.end_s

    def play(self, wall_s: float) -> ReplayClock:
        """Start (or keep) advancing from the current cursor."""
        return replace(self, position_s=self.now(wall_s), anchor_wall_s=wall_s, playing=True)

    def pause(self, wall_s: float) -> ReplayClock:
        """Freeze the cursor where it is now."""
        return replace(self, position_s=self.now(wall_s), anchor_wall_s=wall_s, playing=False)

    def seek(self, position_s: float, wall_s: float) -> ReplayClock:
        """Jump to ``position_s`` (clamped), keeping play/pause."""
        clamped = min(max(position_s, self.start_s), self.end_s)
        return replace(self, position_s=clamped, anchor_wall_s=wall_s)

    def with_speed(self, speed: float, wall_s: float) -> ReplayClock:
        """Change speed without moving the cursor.

        Raises:
            ValueError: speed outside 1x-60x.
        """
        if not MIN_SPEED <= speed <= MAX_SPEED:
            raise ValueError(f"Replay speed must be between {MIN_SPEED:g}x and {MAX_SPEED:g}x.")
        return replace(self, position_s=self.now(wall_s), anchor_wall_s=wall_s, speed=speed)


def lap_at(lap_starts_s: list[float], t_s: float) -> int:
    """The lap being run at ``t_s`` given when each lap started (``lap_starts_s[0]`` = lap 1).

    Returns 0 before lap 1 started.
    """
    return bisect.bisect_right(lap_starts_s, t_s)


def time_of_lap(lap_starts_s: list[float], lap: int) -> float | None:
    """When ``lap`` started, or ``None`` if the recording has no such lap."""
    if 1 <= lap <= len(lap_starts_s):
        return lap_starts_s[lap - 1]
    return None


def shared_clock(key: str | None, lap: int, source: str) -> dict:
    """The value pages share under ``SHARED_CLOCK_KEY``.

    Args:
        key: ``YEAR/ROUND/CODE`` of the replayed session, or ``None`` for a recording
            that is not in the store.
        lap: the replay's current lap ("as known at lap N").
        source: a short label of the replay source (``kit``, ``store``, ``live``).
    """
    return {"key": key, "lap": int(lap), "source": source}


def staleness_s(last_growth_wall_s: float | None, wall_s: float) -> float | None:
    """Seconds since a live source last grew, or ``None`` if it never did."""
    if last_growth_wall_s is None:
        return None
    return max(wall_s - last_growth_wall_s, 0.0)
