"""Reading live-timing lines: both file formats, and every fault skipped and counted."""

import base64
import json
import zlib

import pytest

from f1core.live.messages import (
    GAP_S,
    Message,
    StreamStats,
    decode_z,
    format_clock,
    merge_streams,
    parse_clock,
    parse_recorder_line,
    read_archive_lines,
)


def _z(obj) -> str:
    deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw = deflate.compress(json.dumps(obj).encode()) + deflate.flush()
    return base64.b64encode(raw).decode()


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("00:00:00.000", 0.0), ("01:11:00.355", 4260.355), ("02:53:27.555", 10407.555)],
)
def test_clock_round_trip(text, seconds):
    assert parse_clock(text) == pytest.approx(seconds)
    assert format_clock(seconds) == text


@pytest.mark.parametrize(
    "bad", ["", "12:61:00.000", "00:00:61.000", "-1:00:00.000", "aa:bb:cc", "10.5"]
)
def test_parse_clock_rejects_junk(bad):
    with pytest.raises(ValueError):
        parse_clock(bad)


def test_archive_lines_skip_and_count_faults():
    lines = [
        '\ufeff00:00:01.000{"CurrentLap":1}',
        "00:00:02.000{not json",
        "garbage without payload",
        '00:00:00.500{"CurrentLap":2}',  # earlier than the previous line: out of order
        "",
        "00:00:03.000[1,2]",  # not an object
        '00:00:03.500{"CurrentLap":9} trailing junk',
        '00:00:04.000{"CurrentLap":3}',
    ]
    stats = StreamStats()
    messages = list(read_archive_lines(lines, "LapCount", stats))
    assert [m.data["CurrentLap"] for m in messages] == [1, 3]
    assert (stats.malformed, stats.out_of_order, stats.messages) == (4, 1, 2)
    assert stats.skipped == 5


def test_unknown_topic_is_counted_not_read():
    stats = StreamStats()
    assert list(read_archive_lines(["00:00:01.000{}"] * 3, "TeamRadioX", stats)) == []
    assert stats.unknown_topic == 3 and stats.unknown_topics == {"TeamRadioX"}


def test_compressed_topics_are_decoded():
    payload = {"Position": [{"Timestamp": "x", "Entries": {"1": {"X": 10, "Y": -5}}}]}
    stats = StreamStats()
    (message,) = read_archive_lines([f'00:00:01.000"{_z(payload)}"'], "Position.z", stats)
    assert message.topic == "Position" and message.data == payload
    with pytest.raises(ValueError):
        decode_z("not-base64-deflate")


def test_recorder_lines_both_shapes():
    update = "['TimingData', {'Lines': {'1': {'InPit': True}}}, '2025-05-03T15:30:00.1234567Z']"
    topic, data, utc = parse_recorder_line(update)
    assert topic == "TimingData" and data == {"Lines": {"1": {"InPit": True}}}
    assert utc == pytest.approx(1746286200.123456)
    reply = str(["LapCount", json.dumps({"CurrentLap": 4}), ""])
    assert parse_recorder_line(reply) == ("LapCount", {"CurrentLap": 4}, None)
    for bad in ["{'a': 1}", "['TimingData'", "[1, {}, '']", "__import__('os')"]:
        with pytest.raises(ValueError):
            parse_recorder_line(bad)


def test_merge_orders_by_time_and_counts_gaps():
    a = [Message(1.0, "A", {}), Message(5.0, "A", {}), Message(5.0 + GAP_S + 10, "A", {})]
    b = [Message(2.0, "B", {}), Message(5.0, "B", {})]
    stats = StreamStats()
    merged = list(merge_streams([a, b], stats))
    assert [(m.t_s, m.topic) for m in merged] == [
        (1.0, "A"),
        (2.0, "B"),
        (5.0, "A"),
        (5.0, "B"),
        (5.0 + GAP_S + 10, "A"),
    ]
    assert stats.gaps == 1
