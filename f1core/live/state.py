"""The timing-tower state machine: F1 live-timing messages in, current session state out.

Each topic message is an incremental update of a JSON document. Merge policy (F1's own):
objects merge key by key, an array replaces what was there (kept as a dict keyed
``"0"``, ``"1"``, ... so later ``{"1": {...}}`` updates address the same element), and
``"_deleted": [keys]`` removes keys. The state holds only plain JSON values so a
snapshot is one ``marshal`` call and memory does not grow with the length of a replay
(the race-control feed is capped at ``MAX_RACE_CONTROL``).
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass, field

from f1core.live.messages import KNOWN_TOPICS, Message

MAX_RACE_CONTROL = 400
FINISHED_STATUSES = frozenset({"Finished", "Finalised", "Ends"})

#: F1 TrackStatus codes -> banner names.
TRACK_STATUS: dict[str, str] = {
    "1": "GREEN",
    "2": "YELLOW",
    "4": "SC",
    "5": "RED",
    "6": "VSC",
    "7": "VSC ENDING",
}


def _as_dict(value):
    if isinstance(value, list):
        return {str(i): _as_dict(v) for i, v in enumerate(value)}
    if isinstance(value, dict):
        return {k: _as_dict(v) for k, v in value.items()}
    return value


def deep_merge(target: dict, update: dict) -> dict:
    """Merge an F1 incremental update into ``target`` in place and return it.

    Args:
        target: the current document (plain dicts; arrays already stored as dicts).
        update: the message payload.

    Returns:
        ``target``, updated.
    """
    deleted = update.get("_deleted")
    if isinstance(deleted, list):
        for key in deleted:
            target.pop(str(key), None)
    for key, value in update.items():
        if key == "_deleted":
            continue
        if isinstance(value, dict):
            current = target.get(key)
            if not isinstance(current, dict):
                current = target[key] = {}
            deep_merge(current, value)
        elif isinstance(value, list):
            target[key] = _as_dict(value)
        else:
            target[key] = value
    return target


@dataclass
class TowerState:
    """Everything the Live page shows, as of the last applied message.

    Attributes:
        t_s: time of the last applied message (seconds since the stream started).
        drivers: ``DriverList`` by racing number (TLA, team, colour, line).
        timing: ``TimingData.Lines`` by racing number (position, gaps, sectors, ...).
        app: ``TimingAppData.Lines`` by racing number (stints: compound, age).
        stats: ``TimingStats.Lines`` by racing number (personal bests).
        race_control: race-control messages in arrival order, newest last.
        track_status: ``{"Status": code, "Message": text}``.
        lap: current lap and total laps (``LapCount``).
        session_status: ``Started`` / ``Finished`` / ``Ends`` / ...
        session_info: ``SessionInfo`` (meeting, session name, type).
        weather: ``WeatherData`` (strings as sent).
        positions: racing number -> ``{"X", "Y", "Z", "Status"}`` (Position.z).
        car: racing number -> channel dict (CarData.z: rpm, speed, gear, DRS ...).
        unknown: messages whose topic the machine ignores.
    """

    t_s: float = 0.0
    drivers: dict = field(default_factory=dict)
    timing: dict = field(default_factory=dict)
    app: dict = field(default_factory=dict)
    stats: dict = field(default_factory=dict)
    race_control: list = field(default_factory=list)
    track_status: dict = field(default_factory=dict)
    lap: dict = field(default_factory=dict)
    session_status: str = ""
    session_info: dict = field(default_factory=dict)
    weather: dict = field(default_factory=dict)
    positions: dict = field(default_factory=dict)
    car: dict = field(default_factory=dict)
    unknown: int = 0
    applied: int = 0

    # -- applying messages ---------------------------------------------------------
    def apply(self, message: Message) -> None:
        """Apply one message (unknown topics are counted, never raised)."""
        handler = _HANDLERS.get(message.topic)
        if handler is None:
            if message.topic not in KNOWN_TOPICS:
                self.unknown += 1
            return
        try:
            handler(self, message.data)
        except (AttributeError, TypeError, ValueError, KeyError):
            self.unknown += 1  # a well-formed line with a shape we do not understand
            return
        self.t_s = message.t_s
        self.applied += 1

    def apply_all(self, messages) -> TowerState:
        """Apply messages in order; returns ``self`` for chaining."""
        for message in messages:
            self.apply(message)
        return self

    # -- snapshots -------------------------------------------------------------------
    def snapshot(self) -> bytes:
        """The whole state as compact bytes (plain JSON values only)."""
        return marshal.dumps({name: getattr(self, name) for name in self.__dataclass_fields__})

    @classmethod
    def from_snapshot(cls, blob: bytes) -> TowerState:
        """Rebuild an independent state from :meth:`snapshot` bytes."""
        return cls(**marshal.loads(blob))

    # -- derived values -----------------------------------------------------------
    @property
    def current_lap(self) -> int | None:
        """The leader's lap (``LapCount.CurrentLap``), if sent yet."""
        value = self.lap.get("CurrentLap")
        return int(value) if value is not None else None

    @property
    def completed_laps(self) -> int:
        """Laps the leader has completed: what "as known at lap N" may show.

        ``CurrentLap`` is the lap being run, so one less, except once the session is
        over, when the last lap counted is complete.
        """
        lap = self.current_lap or 0
        return lap if self.session_status in FINISHED_STATUSES else max(lap - 1, 0)

    @property
    def total_laps(self) -> int | None:
        """Scheduled laps (``LapCount.TotalLaps``), if sent yet."""
        value = self.lap.get("TotalLaps")
        return int(value) if value is not None else None

    @property
    def track_flag(self) -> str:
        """``GREEN``, ``YELLOW``, ``SC``, ``VSC``, ``VSC ENDING``, ``RED`` or ``""``."""
        return TRACK_STATUS.get(str(self.track_status.get("Status", "")), "")

    def classification(self) -> list[str]:
        """Driver TLAs in tower order (position, then line), retired cars included."""
        return [row["tla"] for row in ordered_lines(self)]


def ordered_lines(state: TowerState) -> list[dict]:
    """Racing numbers with their TLA in tower order (``Position``, else ``Line``)."""
    rows = []
    numbers = set(state.timing) | set(state.drivers)
    for number in numbers:
        timing = state.timing.get(number, {})
        driver = state.drivers.get(number, {})
        position = _to_int(timing.get("Position")) or _to_int(timing.get("Line"))
        position = position or _to_int(driver.get("Line")) or 99
        rows.append({"number": number, "tla": driver.get("Tla", number), "position": position})
    rows.sort(key=lambda r: (r["position"], _to_int(r["number"]) or 0))
    return rows


def _to_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# -- topic handlers -------------------------------------------------------------
def _lines(target: dict, data: dict) -> None:
    deep_merge(target, data.get("Lines", {}))


def _timing(state: TowerState, data: dict) -> None:
    _lines(state.timing, data)


def _timing_app(state: TowerState, data: dict) -> None:
    _lines(state.app, data)


def _timing_stats(state: TowerState, data: dict) -> None:
    _lines(state.stats, data)


def _driver_list(state: TowerState, data: dict) -> None:
    deep_merge(state.drivers, {k: v for k, v in data.items() if isinstance(v, dict)})


def _race_control(state: TowerState, data: dict) -> None:
    messages = data.get("Messages", [])
    items = messages.values() if isinstance(messages, dict) else messages
    for item in items:
        if isinstance(item, dict):
            state.race_control.append(item)
    if len(state.race_control) > MAX_RACE_CONTROL:
        del state.race_control[: len(state.race_control) - MAX_RACE_CONTROL]


def _track_status(state: TowerState, data: dict) -> None:
    state.track_status = {"Status": str(data.get("Status", "")), "Message": data.get("Message", "")}


def _lap_count(state: TowerState, data: dict) -> None:
    deep_merge(state.lap, data)


def _session_status(state: TowerState, data: dict) -> None:
    state.session_status = str(data.get("Status", state.session_status))


def _session_info(state: TowerState, data: dict) -> None:
    deep_merge(state.session_info, data)


def _weather(state: TowerState, data: dict) -> None:
    deep_merge(state.weather, data)


def _position(state: TowerState, data: dict) -> None:
    frames = data.get("Position", [])
    frames = frames.values() if isinstance(frames, dict) else frames
    for frame in frames:
        deep_merge(state.positions, frame.get("Entries", {}))


def _car_data(state: TowerState, data: dict) -> None:
    entries = data.get("Entries", [])
    entries = entries.values() if isinstance(entries, dict) else entries
    for entry in entries:
        for number, car in entry.get("Cars", {}).items():
            state.car[number] = dict(car.get("Channels", {}))


_HANDLERS = {
    "TimingData": _timing,
    "TimingAppData": _timing_app,
    "TimingStats": _timing_stats,
    "DriverList": _driver_list,
    "RaceControlMessages": _race_control,
    "TrackStatus": _track_status,
    "LapCount": _lap_count,
    "SessionStatus": _session_status,
    "SessionInfo": _session_info,
    "WeatherData": _weather,
    "Position": _position,
    "CarData": _car_data,
}
