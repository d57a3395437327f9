"""A recorded message stream with fast seek: the state at any time ``t`` on demand.

Seek policy: every ``CHECKPOINT_EVERY`` messages the state is snapshotted (compact
``marshal`` bytes); ``state_at(t)`` restores the last checkpoint before ``t`` and
applies at most ``CHECKPOINT_EVERY`` messages. A ``Replay`` is never mutated after it
is built, so one instance can be shared by every Streamlit session (cache_resource).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from f1core.errors import ReplaySourceError
from f1core.live.clock import lap_at, time_of_lap
from f1core.live.messages import Message, StreamStats
from f1core.live.state import TowerState

CHECKPOINT_EVERY = 500


@dataclass(frozen=True)
class Replay:
    """An immutable, seekable recording.

    Attributes:
        messages: time-ordered messages.
        stats: what was read and skipped while building the stream.
        label: a human name for the recording.
        key: ``YEAR/ROUND/CODE`` when the recording is a stored session, else ``None``.
        source: ``kit``, ``store`` or ``live``.
    """

    messages: tuple[Message, ...]
    stats: StreamStats = field(default_factory=StreamStats)
    label: str = ""
    key: str | None = None
    source: str = "kit"
    _times: tuple[float, ...] = field(default=(), repr=False)
    _checkpoints: tuple[bytes, ...] = field(default=(), repr=False)
    _lap_starts: tuple[float, ...] = field(default=(), repr=False)

    @property
    def start_s(self) -> float:
        """Time of the first message."""
        return self._times[0]

    @property
    def end_s(self) -> float:
        """Time of the last message."""
        return self._times[-1]

    @property
    def lap_starts_s(self) -> list[float]:
        """When each lap started (index 0 = lap 1), from ``LapCount``."""
        return list(self._lap_starts)

    def lap_at(self, t_s: float) -> int:
        """The leader's lap at ``t_s`` (0 before lap 1)."""
        return lap_at(self.lap_starts_s, t_s)

    def time_of_lap(self, lap: int) -> float | None:
        """When ``lap`` started, or ``None``."""
        return time_of_lap(self.lap_starts_s, lap)

    def state_at(self, t_s: float) -> TowerState:
        """A fresh state with every message up to and including ``t_s`` applied."""
        end = bisect.bisect_right(self._times, t_s)
        block = end // CHECKPOINT_EVERY
        state = TowerState.from_snapshot(self._checkpoints[block])
        for message in self.messages[block * CHECKPOINT_EVERY : end]:
            state.apply(message)
        return state

    def final_state(self) -> TowerState:
        """The state after the last message."""
        return self.state_at(self.end_s)


def build_replay(
    messages: Iterable[Message],
    *,
    stats: StreamStats | None = None,
    label: str = "",
    key: str | None = None,
    source: str = "kit",
) -> Replay:
    """Index a time-ordered message stream for seeking.

    Raises:
        ReplaySourceError: the stream has no messages.
    """
    ordered = tuple(messages)
    if not ordered:
        raise ReplaySourceError(f"The recording {label or ''} has no readable messages.".strip())
    state = TowerState()
    checkpoints = []
    lap_starts: list[float] = []
    for i, message in enumerate(ordered):
        if i % CHECKPOINT_EVERY == 0:
            checkpoints.append(state.snapshot())
        state.apply(message)
        lap = _current_lap(message)
        while lap is not None and len(lap_starts) < lap:
            lap_starts.append(message.t_s)
    if len(ordered) % CHECKPOINT_EVERY == 0:
        checkpoints.append(state.snapshot())
    return Replay(
        messages=ordered,
        stats=stats or StreamStats(messages=len(ordered)),
        label=label,
        key=key,
        source=source,
        _times=tuple(m.t_s for m in ordered),
        _checkpoints=tuple(checkpoints),
        _lap_starts=tuple(lap_starts),
    )


def _current_lap(message: Message) -> int | None:
    if message.topic != "LapCount":
        return None
    try:
        return int(message.data["CurrentLap"])
    except (KeyError, TypeError, ValueError):
        return None
