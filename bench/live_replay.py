"""Benchmark the live-timing engine on the kit's 2025 Miami sprint recording.

Prints, each against a baseline measured in the same run:
- engine throughput (messages/s) vs merely JSON-decoding the same lines, and vs real time;
- server-side time of one tower refresh (seek + tower + figures) vs a naive refresh that
  replays from the first message (no checkpoints);
- state size over a full replay (should stay flat), vs the size after 10 % of the messages.

Run: .venv/bin/python bench/live_replay.py [KIT_DIR]
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import _kit  # noqa: F401  (puts the project on sys.path when run as a script)

from f1core.charts.tower import mini_sector_figure, tower_figure
from f1core.charts.track_map import track_map_figure
from f1core.config import load_settings
from f1core.live.replay import build_replay
from f1core.live.sources import read_recording, read_text
from f1core.live.state import TowerState
from f1core.live.tower import car_positions, race_control_frame, tower_frame, tower_rows

REPEATS = 5
REFRESHES = 40


def _best(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def refresh(replay, t_s: float) -> None:
    """One timed refresh of the Live page, minus the browser: seek, tower, feed, and the
    tower figure serialised as Streamlit does (mini-sectors and the map are drawn only
    on demand / with positions and are timed separately)."""
    state = replay.state_at(t_s)
    tower_figure(tower_frame(state)).to_json()
    race_control_frame(state)


def naive_refresh(messages, t_s: float) -> None:
    """Baseline: the same refresh, rebuilding the state from the first message."""
    state = TowerState()
    for message in messages:
        if message.t_s > t_s:
            break
        state.apply(message)
    tower_figure(tower_frame(state)).to_json()
    race_control_frame(state)


def extras(replay, t_s: float) -> None:
    """The optional panels: mini-sector grid and track map."""
    state = replay.state_at(t_s)
    mini_sector_figure(tower_rows(state)).to_json()
    track_map_figure(None, car_positions(state)).to_json()


def main() -> None:
    kit = Path(sys.argv[1]) if len(sys.argv) > 1 else load_settings().data_kit
    folder = Path(kit) / "livetiming" / "2025_miami_gp_sprint"
    raw_lines = [
        line for f in sorted(folder.glob("*.zst")) for line in read_text(f).splitlines() if line
    ]
    messages, stats = read_recording(folder)
    n = len(messages)
    span_s = messages[-1].t_s - messages[0].t_s
    print(
        f"Recording: {folder.name}, {n} messages over {span_s / 60:.1f} min, {stats.skipped} skipped"
    )

    decode_s = _best(lambda: [json.loads(line[12:]) for line in raw_lines])
    read_s = _best(lambda: read_recording(folder))
    apply_s = _best(lambda: TowerState().apply_all(messages))
    print(f"decode-only baseline (json.loads of every line): {decode_s * 1000:.0f} ms")
    print(
        f"read + merge all streams: {read_s * 1000:.0f} ms ({read_s / decode_s:.2f}x the decode baseline)"
    )
    print(
        f"engine apply, whole session: {apply_s * 1000:.0f} ms = {n / apply_s:,.0f} messages/s "
        f"({apply_s / decode_s:.2f}x the decode baseline; {span_s / apply_s:,.0f}x faster than real time)"
    )
    end_to_end = read_s + apply_s
    print(f"end to end (read + apply): {end_to_end * 1000:.0f} ms (goal < 1000 ms)")

    build_s = _best(lambda: build_replay(messages), repeats=3)
    replay = build_replay(messages)
    print(f"build seekable replay (checkpoints): {build_s * 1000:.0f} ms")
    rng = random.Random(6)
    moments = [rng.uniform(replay.start_s, replay.end_s) for _ in range(REFRESHES)]
    fast, naive = [], []
    for t in moments:
        fast.append(_best(lambda t=t: refresh(replay, t), repeats=3))
        naive.append(_best(lambda t=t: naive_refresh(messages, t), repeats=1))
    med, p95 = statistics.median(fast), sorted(fast)[int(0.95 * len(fast)) - 1]
    extra = statistics.median(_best(lambda t=t: extras(replay, t), repeats=1) for t in moments[:10])
    print(
        f"tower refresh (seek + tower figure as JSON + race-control feed): median {med * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms "
        f"(goal < 150 ms); naive replay-from-start baseline median {statistics.median(naive) * 1000:.1f} ms "
        f"-> {statistics.median(naive) / med:.1f}x faster"
    )
    print(
        f"optional panels (mini-sectors + track map, on demand): median {extra * 1000:.1f} ms more"
    )

    tracemalloc.start()
    state = TowerState()
    marks = {int(n * f): f for f in (0.1, 0.25, 0.5, 0.75, 1.0)}
    sizes = {}
    for i, message in enumerate(messages, 1):
        state.apply(message)
        if i in marks:
            sizes[marks[i]] = (tracemalloc.get_traced_memory()[0], len(state.snapshot()))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    base_mem, base_snap = sizes[0.1]
    for fraction, (mem, snap) in sizes.items():
        print(
            f"memory after {fraction:>4.0%} of messages: traced {mem / 1024:,.0f} KiB "
            f"({mem / base_mem:.2f}x the 10 % baseline), state snapshot {snap / 1024:,.0f} KiB "
            f"({snap / base_snap:.2f}x)"
        )
    print(f"traced peak during replay: {peak / 1024:,.0f} KiB")


if __name__ == "__main__":
    main()
