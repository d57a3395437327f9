"""Read F1 live-timing topic streams into one time-ordered message stream.

Two line formats are understood:

- the archive format of ``livetiming.formula1.com/static`` (and of the data kit):
  ``HH:MM:SS.mmm{json}``, one file per topic, time since the stream started;
- the recorder format of ``python -m fastf1.livetiming save`` (SignalR): one Python
  ``repr`` of ``[topic, payload, utc]`` per line, all topics in one file.

Fault policy (written once, here): a malformed line, an unknown topic or a timestamp
earlier than the previous one of the same topic is skipped and counted in
:class:`StreamStats`; a silence longer than ``GAP_S`` between two messages is counted
as a gap (the messages are kept). Nothing in a stream can raise past this module.
"""

from __future__ import annotations

import ast
import base64
import heapq
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

#: Topics the tower state machine understands (``.z`` topics are deflate+base64 JSON).
KNOWN_TOPICS: frozenset[str] = frozenset(
    {
        "TimingData",
        "TimingAppData",
        "TimingStats",
        "RaceControlMessages",
        "TrackStatus",
        "LapCount",
        "SessionStatus",
        "SessionInfo",
        "DriverList",
        "WeatherData",
        "CarData.z",
        "Position.z",
        "CarData",
        "Position",
        "ExtrapolatedClock",
        "Heartbeat",
    }
)

_DECODER = json.JSONDecoder()

#: A silence between two consecutive messages longer than this counts as a gap.
GAP_S = 120.0


class Message(NamedTuple):
    """One incremental topic update at ``t_s`` seconds since the stream started."""

    t_s: float
    topic: str
    data: dict


@dataclass
class StreamStats:
    """What was read and what was skipped (counts only; never raises)."""

    lines: int = 0
    messages: int = 0
    malformed: int = 0
    unknown_topic: int = 0
    out_of_order: int = 0
    gaps: int = 0
    unknown_topics: set[str] = field(default_factory=set)

    @property
    def skipped(self) -> int:
        """Lines that did not become messages."""
        return self.malformed + self.unknown_topic + self.out_of_order

    def add(self, other: StreamStats) -> None:
        """Fold another stream's counts into this one."""
        self.lines += other.lines
        self.messages += other.messages
        self.malformed += other.malformed
        self.unknown_topic += other.unknown_topic
        self.out_of_order += other.out_of_order
        self.gaps += other.gaps
        self.unknown_topics |= other.unknown_topics


def parse_clock(text: str) -> float:
    """``"HH:MM:SS.mmm"`` -> seconds.

    Raises:
        ValueError: the text is not a clock time.
    """
    hours, minutes, seconds = text.split(":")
    h, m, sec = int(hours), int(minutes), float(seconds)
    if h < 0 or not 0 <= m < 60 or not 0 <= sec < 60:
        raise ValueError(f"not a clock time: {text!r}")
    return h * 3600 + m * 60 + sec


def format_clock(t_s: float) -> str:
    """Seconds -> ``"HH:MM:SS.mmm"`` (the inverse of :func:`parse_clock`)."""
    ms = round(max(t_s, 0.0) * 1000)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest / 1000:06.3f}"


def decode_z(payload: str) -> dict:
    """Decode a ``CarData.z`` / ``Position.z`` payload (base64 of raw-deflated JSON).

    Raises:
        ValueError: the payload is not valid base64/deflate/JSON.
    """
    try:
        raw = zlib.decompress(base64.b64decode(payload), -zlib.MAX_WBITS)
        return json.loads(raw)
    except (zlib.error, ValueError, TypeError) as exc:
        raise ValueError(f"bad compressed payload: {exc}") from None


def _normalise(topic: str, data) -> tuple[str, dict]:
    if topic.endswith(".z"):
        data = decode_z(data)
        topic = topic[:-2]
    if not isinstance(data, dict):
        raise TypeError("payload is not a JSON object")
    return topic, data


def read_archive_lines(lines: Iterable[str], topic: str, stats: StreamStats) -> Iterator[Message]:
    """Messages of one archive-format topic stream, faults skipped and counted in ``stats``."""
    known = topic in KNOWN_TOPICS
    last_t = -1.0
    for line in lines:
        line = line.lstrip("\ufeff").rstrip("\r\n")
        if not line.strip():
            continue
        stats.lines += 1
        if not known:
            stats.unknown_topic += 1
            stats.unknown_topics.add(topic)
            continue
        brace = line.find("{")
        if brace < 0:
            brace = line.find('"')  # .z topics carry a JSON string, not an object
        try:
            if brace < 0:
                raise ValueError("no payload")
            t_s = parse_clock(line[:brace])
            payload, end = _DECODER.raw_decode(line, brace)  # no copy of the line's tail
            if end != len(line) and line[end:].strip():
                raise ValueError("text after the payload")
            name, data = _normalise(topic, payload)
        except (ValueError, TypeError):
            stats.malformed += 1
            continue
        if t_s < last_t:
            stats.out_of_order += 1
            continue
        last_t = t_s
        stats.messages += 1
        yield Message(t_s, name, data)


def _parse_utc(text: str) -> float | None:
    if not text:
        return None
    text = text.rstrip("Z")
    if "." in text:  # F1 sends up to 7 fractional digits; datetime takes 6
        head, frac = text.split(".", 1)
        text = f"{head}.{frac[:6]}"
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def parse_recorder_line(line: str) -> tuple[str, dict, float | None]:
    """One FastF1 SignalR recorder line -> ``(topic, payload, utc seconds or None)``.

    Raises:
        ValueError: the line is not a ``[topic, payload, utc]`` record.
        TypeError: the payload is not a JSON object.
    """
    try:
        record = ast.literal_eval(line.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise ValueError("not a recorder record") from None
    if not isinstance(record, list | tuple) or len(record) < 2 or not isinstance(record[0], str):
        raise ValueError("not a [topic, payload, utc] record")
    topic, payload = record[0], record[1]
    if isinstance(payload, str) and not topic.endswith(".z"):
        payload = json.loads(payload)  # the subscription reply carries JSON text
    utc = _parse_utc(record[2]) if len(record) > 2 and isinstance(record[2], str) else None
    topic, payload = _normalise(topic, payload)
    return topic, payload, utc


def merge_streams(streams: Iterable[Iterable[Message]], stats: StreamStats) -> Iterator[Message]:
    """Merge per-topic streams by timestamp (stable: ties keep stream order); count gaps."""
    previous: float | None = None
    for message in heapq.merge(*streams, key=lambda m: m.t_s):
        if previous is not None and message.t_s - previous > GAP_S:
            stats.gaps += 1
        previous = message.t_s
        yield message
