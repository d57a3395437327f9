"""``python -m f1core replay``: print the timing tower of a replay at a chosen time or lap."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from f1core.errors import F1CoreError, ReplaySourceError
from f1core.live.messages import format_clock, parse_clock
from f1core.live.replay import Replay
from f1core.live.sources import list_recordings, load_kit_replay, load_recorder_file
from f1core.live.tower import race_control_frame, session_summary, tower_frame

TEXT_COLUMNS = [
    "position",
    "driver",
    "gap",
    "interval",
    "last_lap",
    "best_lap",
    "compound",
    "tyre_age",
    "pit_stops",
    "status",
]


def register(subparsers) -> None:
    """Add the ``replay`` command to the ``python -m f1core`` parser."""
    parser = subparsers.add_parser(
        "replay",
        help="print the timing tower of a live-timing replay at a chosen time or lap",
        description="Replay a recorded live-timing session and print the tower at one moment. "
        "Sources: a kit recording (--recording), a folder of .jsonStream files (--folder), a "
        "FastF1 recorder file (--file) or a session in the store (--session YEAR/ROUND/CODE).",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--recording", help="kit recording name, e.g. 2025_miami_gp_sprint")
    source.add_argument("--folder", type=Path, help="folder of <Topic>.jsonStream[.zst] files")
    source.add_argument(
        "--file", type=Path, help="file written by 'python -m fastf1.livetiming save'"
    )
    source.add_argument("--session", help="stored session YEAR/ROUND/CODE, e.g. 2025/1/R")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--at", help="stream time HH:MM:SS(.mmm); default: the end")
    when.add_argument("--lap", type=int, help="the moment the leader started this lap")
    parser.add_argument("--messages", type=int, default=5, help="race-control messages to show")
    parser.add_argument("--list", action="store_true", help="list the kit recordings and exit")
    parser.set_defaults(func=run_replay)


def _open(args, settings) -> Replay:
    if args.folder:
        return load_kit_replay(args.folder)
    if args.file:
        return load_recorder_file(args.file)
    if args.session:
        from f1core.live.store_replay import load_store_replay
        from f1core.store import SessionKey, open_store

        try:
            key = SessionKey.parse(args.session)
        except ValueError:
            raise ReplaySourceError(
                f"--session must look like 2025/1/R, not {args.session!r}."
            ) from None
        store = open_store(settings.store_path, read_only=True)
        try:
            return load_store_replay(store, key)
        finally:
            store.close()
    live_dir = _live_dir(settings)
    names = [p.name for p in list_recordings(live_dir)]
    name = args.recording or (names[-1] if names else None)
    if name not in names:
        raise ReplaySourceError(
            f"No kit recording {name!r}; choose one of: {', '.join(names) or 'none'}."
        )
    return load_kit_replay(live_dir / name)


def _live_dir(settings) -> Path:
    if settings.data_kit is None:
        raise ReplaySourceError(
            "No data kit found; set F1_DATA_KIT or use --folder/--file/--session."
        )
    return Path(settings.data_kit) / "livetiming"


def _moment(args, replay: Replay) -> float:
    if args.lap is not None:
        t = replay.time_of_lap(args.lap)
        if t is None:
            raise ReplaySourceError(
                f"Lap {args.lap} is not in this recording (1-{len(replay.lap_starts_s)})."
            )
        return t
    if args.at:
        try:
            return parse_clock(args.at)
        except ValueError:
            raise ReplaySourceError(f"--at must look like 01:30:00, not {args.at!r}.") from None
    return replay.end_s


def format_tower(replay: Replay, t_s: float, *, messages: int = 5) -> str:
    """The tower, banner and race-control feed at ``t_s`` as plain text."""
    state = replay.state_at(t_s)
    summary = session_summary(state)
    lap = f"LAP {summary['lap'] or '-'}/{summary['total_laps'] or '-'}"
    lines = [f"{replay.label}  {format_clock(t_s)}  {lap}  TRACK {summary['track_flag']}"]
    frame = tower_frame(state)[TEXT_COLUMNS].astype(object).where(lambda f: f.notna(), "")
    lines.append(frame.to_string(index=False))
    feed = race_control_frame(state).head(messages)
    if len(feed):
        lines.append("Race control (newest first):")
        lines += [f"  L{row.lap or '-'} {row.message}" for row in feed.itertuples()]
    skipped = replay.stats.skipped
    if skipped:
        lines.append(f"({skipped} unreadable lines skipped)")
    return "\n".join(lines)


def run_replay(args: argparse.Namespace, settings) -> int:
    """Entry point of ``replay``; returns the process exit code."""
    try:
        if args.list:
            for path in list_recordings(_live_dir(settings)):
                print(path.name)
            return 0
        replay = _open(args, settings)
        print(format_tower(replay, _moment(args, replay), messages=args.messages))
    except F1CoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
