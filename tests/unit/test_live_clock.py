"""The replay clock is a pure value: every answer takes the wall time as an argument."""

import pytest

from f1core.live.clock import ReplayClock, lap_at, shared_clock, staleness_s, time_of_lap


def test_play_pause_seek_and_speed():
    clock = ReplayClock(position_s=100.0, start_s=100.0, end_s=1000.0)
    assert clock.now(50.0) == 100.0  # paused: the wall clock does not move it
    clock = clock.play(wall_s=10.0)
    assert clock.now(20.0) == pytest.approx(110.0)
    clock = clock.with_speed(30.0, wall_s=20.0)
    assert clock.now(22.0) == pytest.approx(170.0)
    clock = clock.pause(wall_s=22.0)
    assert clock.now(500.0) == pytest.approx(170.0)
    clock = clock.seek(5000.0, wall_s=500.0)
    assert clock.now(500.0) == 1000.0 and clock.at_end(500.0)
    assert clock.seek(-5.0, wall_s=0.0).now(0.0) == 100.0
    playing = clock.seek(900.0, wall_s=0.0).play(wall_s=0.0).with_speed(60.0, wall_s=0.0)
    assert playing.now(100.0) == 1000.0  # stops at the end rather than running past it


@pytest.mark.parametrize("speed", [0.5, 61.0, 0.0])
def test_speed_out_of_range(speed):
    with pytest.raises(ValueError, match="between 1x and 60x"):
        ReplayClock().with_speed(speed, wall_s=0.0)


def test_laps_and_shared_value():
    starts = [10.0, 100.0, 190.0]
    assert [lap_at(starts, t) for t in (0.0, 10.0, 99.9, 100.0, 500.0)] == [0, 1, 1, 2, 3]
    assert time_of_lap(starts, 2) == 100.0 and time_of_lap(starts, 4) is None
    assert time_of_lap(starts, 0) is None
    assert shared_clock("2025/6/S", 7, "kit") == {"key": "2025/6/S", "lap": 7, "source": "kit"}
    assert staleness_s(None, 10.0) is None and staleness_s(4.0, 10.0) == 6.0


def test_clock_over_a_recording():
    clock = ReplayClock.over(10.0, 100.0, at_s=None, speed=5.0, wall_s=3.0)
    assert (clock.now(50.0), clock.playing, clock.speed) == (100.0, False, 5.0)
    assert ReplayClock.over(10.0, 100.0, at_s=-4.0, speed=1.0, wall_s=0.0).now(0.0) == 10.0
    assert (
        ReplayClock.over(10.0, 100.0, at_s=42.0, speed=1.0, wall_s=0.0).play(0.0).now(8.0) == 50.0
    )


@pytest.mark.parametrize(
    ("at_s", "value"), [(7283.117, 7283.0), (100.2, 100.4), (10629.9, 10629.9)]
)
def test_seek_value_is_the_whole_second_inside_the_range(at_s, value):
    clock = ReplayClock.over(100.4, 10629.9, at_s=at_s, speed=1.0, wall_s=0.0)
    assert clock.seek_value(5.0) == value
