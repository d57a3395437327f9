"""Message sources: recorded archive streams (the kit), recorder files, and a growing file.

Every source yields the same :class:`~f1core.live.messages.Message` stream, so the tower
state machine never knows where its data came from. Store replays are synthesised in
:mod:`f1core.live.store_replay`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import zstandard

from f1core.errors import ReplaySourceError
from f1core.live.messages import (
    Message,
    StreamStats,
    merge_streams,
    parse_recorder_line,
    read_archive_lines,
)
from f1core.live.replay import Replay, build_replay
from f1core.live.state import TowerState

STREAM_SUFFIXES = (".jsonStream.zst", ".jsonStream")

#: SessionInfo ``Name`` -> store session code.
SESSION_CODES_BY_NAME: dict[str, str] = {
    "Practice 1": "FP1",
    "Practice 2": "FP2",
    "Practice 3": "FP3",
    "Qualifying": "Q",
    "Sprint Qualifying": "SQ",
    "Sprint Shootout": "SS",
    "Sprint": "S",
    "Race": "R",
}


def _topic_of(path: Path) -> str | None:
    for suffix in STREAM_SUFFIXES:
        if path.name.endswith(suffix):
            return path.name[: -len(suffix)]
    return None


def read_text(path: Path) -> str:
    """A stream file's text (zstd-compressed or plain, BOM removed).

    Raises:
        ReplaySourceError: the file cannot be read or decompressed.
    """
    try:
        raw = path.read_bytes()
        if path.suffix == ".zst":
            raw = zstandard.ZstdDecompressor().decompress(raw, max_output_size=512 * 1024 * 1024)
    except (OSError, zstandard.ZstdError) as exc:
        raise ReplaySourceError(f"Cannot read the stream file {path.name}: {exc}") from None
    return raw.decode("utf-8-sig", errors="replace")


def list_recordings(livetiming_dir: Path) -> list[Path]:
    """Folders under ``livetiming_dir`` that hold at least one topic stream, sorted."""
    if not livetiming_dir.is_dir():
        return []
    return sorted(
        p for p in livetiming_dir.iterdir() if p.is_dir() and any(_topic_of(f) for f in p.iterdir())
    )


def find_recordings(*folders: Path | None) -> dict[str, Path]:
    """Recordings under each ``livetiming`` folder given (later folders win on a name clash).

    The page looks in the data kit and in ``<data dir>/livetiming`` where users keep
    their own recordings (one folder of ``<Topic>.jsonStream[.zst]`` files each).
    """
    found: dict[str, Path] = {}
    for folder in folders:
        if folder is not None:
            found.update({p.name: p for p in list_recordings(Path(folder))})
    return found


def read_recording(folder: Path) -> tuple[list[Message], StreamStats]:
    """All topic streams of one archive recording, merged by timestamp.

    Raises:
        ReplaySourceError: the folder does not exist or holds no stream files.
    """
    if not folder.is_dir():
        raise ReplaySourceError(f"No recording folder {folder}.")
    stats = StreamStats()
    streams = []
    for path in sorted(folder.iterdir()):
        topic = _topic_of(path)
        if topic is None:
            continue
        lines = read_text(path).splitlines()
        streams.append(list(read_archive_lines(lines, topic, stats)))
    if not streams:
        raise ReplaySourceError(f"The folder {folder.name} holds no .jsonStream files.")
    return list(merge_streams(streams, stats)), stats


def session_key_of(messages: list[Message]) -> str | None:
    """``YEAR/ROUND/CODE`` from the stream's ``SessionInfo``, if it names one."""
    for message in messages:
        if message.topic != "SessionInfo":
            continue
        info = message.data
        code = SESSION_CODES_BY_NAME.get(str(info.get("Name", "")))
        year = str(info.get("StartDate", ""))[:4]
        round_number = info.get("Meeting", {}).get("Number")
        if code and year.isdigit() and round_number is not None:
            return f"{int(year)}/{int(round_number)}/{code}"
    return None


def load_kit_replay(folder: Path) -> Replay:
    """A seekable replay of one archive recording (e.g. the kit's Miami sprint).

    Raises:
        ReplaySourceError: the recording cannot be read or has no messages.
    """
    messages, stats = read_recording(folder)
    return build_replay(
        messages, stats=stats, label=folder.name, key=session_key_of(messages), source="kit"
    )


@dataclass
class RecorderParser:
    """Turns recorder lines into messages, timing them from the first UTC seen."""

    stats: StreamStats = field(default_factory=StreamStats)
    origin_utc: float | None = None
    last_t: dict[str, float] = field(default_factory=dict)

    def parse(self, lines: list[str]) -> list[Message]:
        """Messages of ``lines``; faults skipped and counted in ``stats``."""
        out = []
        for line in lines:
            if not line.strip():
                continue
            self.stats.lines += 1
            try:
                topic, data, utc = parse_recorder_line(line)
            except (ValueError, TypeError):
                self.stats.malformed += 1
                continue
            if utc is not None and self.origin_utc is None:
                self.origin_utc = utc
            t_s = 0.0 if utc is None or self.origin_utc is None else utc - self.origin_utc
            if utc is None:  # subscription replies carry no time: they describe "now"
                t_s = max(self.last_t.values(), default=0.0)
            if t_s < self.last_t.get(topic, 0.0):
                self.stats.out_of_order += 1
                continue
            self.last_t[topic] = t_s
            self.stats.messages += 1
            out.append(Message(t_s, topic, data))
        return out


def load_recorder_file(path: Path) -> Replay:
    """A seekable replay of a finished FastF1 recorder file.

    Raises:
        ReplaySourceError: the file cannot be read or has no readable messages.
    """
    parser = RecorderParser()
    messages = parser.parse(read_text(path).splitlines())
    messages.sort(key=lambda m: m.t_s)
    return build_replay(messages, stats=parser.stats, label=path.name, source="live")


class FileTail:
    """Follows a recorder file as it grows (``python -m fastf1.livetiming save FILE``).

    Each :meth:`poll` reads only the bytes appended since the previous call, keeps a
    trailing partial line for the next call, and remembers when the file last grew so
    the page can say "no data for N s" instead of freezing silently.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.offset = 0
        self.pending = b""
        self.parser = RecorderParser()
        self.last_growth_wall_s: float | None = None

    def poll(self, *, wall_s: float | None = None) -> list[Message]:
        """New complete messages since the last poll (``[]`` if the file did not grow).

        Raises:
            ReplaySourceError: the file does not exist or cannot be read.
        """
        wall_s = time.time() if wall_s is None else wall_s
        try:
            size = self.path.stat().st_size
            if size < self.offset:  # truncated or replaced: start again
                self.offset, self.pending = 0, b""
            with self.path.open("rb") as handle:
                handle.seek(self.offset)
                chunk = handle.read()
        except OSError as exc:
            raise ReplaySourceError(f"Cannot read the live file {self.path.name}: {exc}") from None
        if not chunk:
            return []
        self.offset += len(chunk)
        self.last_growth_wall_s = wall_s
        data = self.pending + chunk
        complete, _, self.pending = data.rpartition(b"\n")
        if not complete:
            return []
        text = complete.decode("utf-8-sig", errors="replace")
        return self.parser.parse(text.split("\n"))

    def silent_for_s(self, wall_s: float) -> float | None:
        """Seconds since the file last grew (``None`` before any data arrived)."""
        if self.last_growth_wall_s is None:
            return None
        return max(wall_s - self.last_growth_wall_s, 0.0)


class LiveFeed:
    """A tailed recorder file plus the tower state it has built so far (source 3).

    Keep one per viewer (Streamlit session state), never in a shared cache: it mutates.
    """

    def __init__(self, path: Path):
        self.tail = FileTail(path)
        self.state = TowerState()

    def refresh(self, *, wall_s: float | None = None) -> int:
        """Apply what the recorder appended since the last refresh; returns how many messages.

        Raises:
            ReplaySourceError: the file does not exist or cannot be read.
        """
        messages = self.tail.poll(wall_s=wall_s)
        self.state.apply_all(messages)
        return len(messages)

    @property
    def stats(self) -> StreamStats:
        """Lines read and skipped so far."""
        return self.tail.parser.stats
