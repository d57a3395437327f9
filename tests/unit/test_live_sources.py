"""Source 3: tailing a recorder file as it grows, fed with the real Miami sprint messages."""

from datetime import UTC, datetime

import pytest

from f1core.errors import ReplaySourceError
from f1core.live.sources import FileTail, LiveFeed, load_kit_replay, load_recorder_file

START_UTC = datetime(2025, 5, 3, 15, 0, tzinfo=UTC).timestamp()


@pytest.fixture(scope="session")
def recorder_lines(kit_dir):
    """The kit's Miami sprint written as FastF1 recorder lines (``[topic, payload, utc]``)."""
    replay = load_kit_replay(kit_dir / "livetiming" / "2025_miami_gp_sprint")
    lines = []
    for m in replay.messages:
        utc = datetime.fromtimestamp(START_UTC + m.t_s, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        lines.append(str([m.topic, m.data, utc]))
    return replay, lines


def test_tail_follows_a_growing_file(recorder_lines, tmp_path):
    _, recorder_lines = recorder_lines
    path = tmp_path / "live.txt"
    path.write_text("")
    feed = LiveFeed(path)
    assert feed.refresh(wall_s=0.0) == 0 and feed.tail.silent_for_s(5.0) is None
    text = "\n".join(recorder_lines) + "\n"
    cut = len(text) // 3 + 7  # mid-line: the partial line waits for the next poll
    with path.open("a") as handle:
        handle.write(text[:cut])
    first = feed.refresh(wall_s=10.0)
    assert 0 < first < len(recorder_lines)
    with path.open("a") as handle:
        handle.write(text[cut:])
        handle.write("['TimingData', {'Lines': {\n")  # malformed
        handle.write("['TimingData', {'Lines': {}}, '2025-05-03T14:00:00Z']\n")  # before the start
    second = feed.refresh(wall_s=20.0)
    assert first + second == len(recorder_lines)
    assert feed.state.classification()[:3] == ["NOR", "PIA", "HAM"]
    assert (feed.stats.malformed, feed.stats.out_of_order) == (1, 1)
    assert feed.refresh(wall_s=50.0) == 0
    assert feed.tail.silent_for_s(65.0) == pytest.approx(45.0)  # "no data for 45 s"


def test_tail_restarts_after_truncation_and_reports_missing_file(tmp_path):
    path = tmp_path / "live.txt"
    path.write_text("['LapCount', {'CurrentLap': 3}, '2025-05-03T15:00:00Z']\n" * 3)
    tail = FileTail(path)
    assert len(tail.poll(wall_s=1.0)) == 3
    path.write_text("['LapCount', {'CurrentLap': 1}, '2025-05-03T15:00:00Z']\n")
    assert [m.data["CurrentLap"] for m in tail.poll(wall_s=2.0)] == [1]
    with pytest.raises(ReplaySourceError, match="Cannot read the live file"):
        FileTail(tmp_path / "nope.txt").poll()


def test_finished_recorder_file_replays(recorder_lines, tmp_path):
    kit, recorder_lines = recorder_lines
    path = tmp_path / "saved.txt"
    path.write_text("\n".join(recorder_lines[:5000]) + "\n")
    replay = load_recorder_file(path)
    assert replay.source == "live" and len(replay.messages) == 5000
    cut = kit.messages[4999].t_s
    assert replay.end_s == pytest.approx(cut, abs=1e-3)  # timed from the recorder's UTC stamps
    saved, original = replay.final_state(), kit.state_at(cut)
    assert saved.current_lap == original.current_lap
    assert saved.classification() == original.classification()
