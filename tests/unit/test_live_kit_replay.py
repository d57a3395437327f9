"""The engine against the kit's real recorded live-timing streams (source 1).

Expected values are read from the recording itself (the raw topic files), independently
of the engine, and checked at chosen timestamps.
"""

import json
import marshal

import pytest

from f1core.errors import ReplaySourceError
from f1core.live.messages import parse_clock
from f1core.live.sources import find_recordings, list_recordings, load_kit_replay, read_text
from f1core.live.state import TowerState
from f1core.live.tower import race_control_frame, tower_frame

MIAMI = "2025_miami_gp_sprint"
AUSTRALIA = "2025_australian_gp_race"


@pytest.fixture(scope="session")
def live_dir(kit_dir):
    return kit_dir / "livetiming"


@pytest.fixture(scope="session")
def miami(live_dir):
    return load_kit_replay(live_dir / MIAMI)


def _raw(live_dir, recording, topic):
    text = read_text(live_dir / recording / f"{topic}.jsonStream.zst")
    return [(parse_clock(line[:12]), json.loads(line[12:])) for line in text.splitlines() if line]


def test_recordings_are_listed(live_dir, tmp_path):
    assert [p.name for p in list_recordings(live_dir)] == [AUSTRALIA, MIAMI]
    own = tmp_path / "livetiming" / "my_session"
    own.mkdir(parents=True)
    (own / "LapCount.jsonStream").write_text('00:00:01.000{"CurrentLap": 1}\n')
    (tmp_path / "livetiming" / "not_a_recording").mkdir()
    found = find_recordings(live_dir, None, tmp_path / "livetiming", tmp_path / "missing")
    assert sorted(found) == [AUSTRALIA, MIAMI, "my_session"] and found["my_session"] == own


def test_miami_sprint_final_classification(miami):
    final = miami.final_state()
    assert final.classification()[:3] == ["NOR", "PIA", "HAM"]
    assert (final.current_lap, final.total_laps, final.session_status) == (18, 18, "Ends")
    assert final.completed_laps == 18
    assert miami.state_at(miami.time_of_lap(7)).completed_laps == 6
    assert miami.key == "2025/6/S"
    assert miami.stats.skipped == 0 and miami.stats.messages == len(miami.messages)
    tower = tower_frame(final)
    assert list(tower["position"][:3]) == [1, 2, 3]
    assert tower.loc[tower.driver == "NOR", "compound"].item() == "SOFT"


@pytest.mark.parametrize("clock", ["01:12:00.000", "01:30:00.000", "01:44:59.000", "02:00:00.000"])
def test_lap_count_and_race_control_match_recording(miami, live_dir, clock):
    t = parse_clock(clock)
    laps = [
        d["CurrentLap"]
        for ts, d in _raw(live_dir, MIAMI, "LapCount")
        if ts <= t and "CurrentLap" in d
    ]
    rc = []
    for ts, d in _raw(live_dir, MIAMI, "RaceControlMessages"):
        if ts <= t:
            items = d["Messages"]
            rc += list(items.values()) if isinstance(items, dict) else items
    status = [d["Status"] for ts, d in _raw(live_dir, MIAMI, "TrackStatus") if ts <= t][-1]
    state = miami.state_at(t)
    assert state.current_lap == laps[-1]
    assert len(state.race_control) == len(rc)
    assert race_control_frame(state)["message"].iloc[0] == rc[-1]["Message"]
    assert state.track_status["Status"] == status
    assert miami.lap_at(t) == laps[-1]


def test_seek_equals_sequential_replay(miami):
    ts = [miami.start_s, 4300.0, 5000.0, 6000.0, miami.end_s]
    sequential = TowerState()
    i = 0
    for t in ts:
        while i < len(miami.messages) and miami.messages[i].t_s <= t:
            sequential.apply(miami.messages[i])
            i += 1
        assert marshal.loads(miami.state_at(t).snapshot()) == marshal.loads(sequential.snapshot())


def test_australia_without_timing_data(live_dir):
    replay = load_kit_replay(live_dir / AUSTRALIA)
    final = replay.final_state()
    assert final.timing == {}  # the recording has no TimingData: order comes from DriverList
    assert final.classification()[:3] == ["NOR", "VER", "RUS"]
    assert (final.current_lap, final.total_laps, replay.key) == (57, 57, "2025/1/R")
    assert tower_frame(final)["compound"].iloc[0] == "INTERMEDIATE"


def test_damaged_recording_is_skipped_and_counted(live_dir, tmp_path):
    folder = tmp_path / "damaged"
    folder.mkdir()
    good = read_text(live_dir / MIAMI / "LapCount.jsonStream.zst").splitlines()
    damaged = (
        good[:5] + ["00:99:00.000{", "not a line", '00:00:01.000{"CurrentLap": 99}'] + good[5:]
    )
    (folder / "LapCount.jsonStream").write_text("\n".join(damaged), encoding="utf-8")
    (folder / "TeamRadio.jsonStream").write_text('00:00:01.000{"Captures": []}\n', encoding="utf-8")
    replay = load_kit_replay(folder)
    stats = replay.stats
    assert (stats.malformed, stats.out_of_order, stats.unknown_topic) == (2, 1, 1)
    assert replay.final_state().current_lap == 18
    with pytest.raises(ReplaySourceError):
        load_kit_replay(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ReplaySourceError):
        load_kit_replay(tmp_path / "empty")
