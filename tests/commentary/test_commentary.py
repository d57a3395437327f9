"""Race commentary on the kit's stored races: events checked against the store's own rows."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from f1core.commentary import feed as cf
from f1core.commentary.events import load_race
from f1core.errors import NoData, SessionNotInStore
from f1core.facts.fact import fmt_laptime
from f1core.store import SessionKey
from f1core.store.queries import session_table
from f1core.strategy.laps import counted_stops

AUS = SessionKey(2025, 1, "R")


def _races(store) -> list[SessionKey]:
    rows = store.query_rows("SELECT year, round, session_code FROM sessions WHERE session_code IN ('R', 'S') ORDER BY 1, 2, 3")  # fmt: skip
    return [SessionKey(*r) for r in rows]


@pytest.fixture(scope="module")
def feeds(kit_store):
    return {key: cf.race_feed(kit_store, key) for key in _races(kit_store)}


def _of(feed, kind):
    return [e for e in feed.events if e.kind == kind]


def test_every_stored_race_has_a_feed_whose_template_sentences_pass_the_check(feeds):
    assert len(feeds) >= 11
    for key, feed in feeds.items():
        frame = feed.frame()
        assert len(frame) >= 50, key
        assert not frame["check"].str.startswith("UNSUPPORTED").any(), key
        assert set(frame["source"]) == {"template"}
        for cites in frame["citations"]:
            assert json.loads(cites), "every event cites store rows"


def test_the_result_and_retirements_match_the_classification(kit_store, feeds):
    feed = feeds[AUS]
    (result,) = _of(feed, "result")
    podium = [r[0] for r in kit_store.query_rows(
        "SELECT driver FROM results WHERE year = 2025 AND round = 1 AND session_code = 'R' ORDER BY position LIMIT 3")]  # fmt: skip
    assert result.drivers == tuple(podium) and result.lap == 57
    retired = dict(kit_store.query_rows(
        "SELECT driver, laps FROM results WHERE year = 2025 AND round = 1 AND session_code = 'R' AND status = 'Retired'"))  # fmt: skip
    events = {e.drivers[0]: e for e in _of(feed, "retirement")}
    assert set(events) == set(retired)
    for code, laps in retired.items():
        assert events[code].values["lap"] == laps + 1
        assert f"on lap {laps + 1}" in events[code].text


def test_safety_cars_and_penalties_are_the_race_control_messages(kit_store, feeds):
    for key, feed in feeds.items():
        deployed = kit_store.scalar(
            "SELECT count(*) FROM race_control WHERE year = ? AND round = ? AND session_code = ? "
            "AND upper(message) LIKE 'SAFETY CAR DEPLOYED%'", key.params())  # fmt: skip
        assert len(_of(feed, "safety_car")) == deployed, key
        for e in _of(feed, "penalty"):
            assert (
                "PENALTY" in e.values["message"].upper()
                or "DISQUALIFIED" in e.values["message"].upper()
            )


def test_every_overtake_is_a_swap_on_track_with_nobody_in_the_pits(kit_store, feeds):
    checked = 0
    for key, feed in feeds.items():
        laps = load_race(kit_store, key).laps.set_index(["driver", "lap_number"])
        for e in _of(feed, "overtake"):
            by, passed = e.drivers
            n = e.values["lap"]
            assert laps.at[(by, n - 1), "position"] > laps.at[(passed, n - 1), "position"]
            assert laps.at[(by, n), "position"] < laps.at[(passed, n), "position"]
            for d in (by, passed):
                for lap in (n - 1, n):
                    assert pd.isna(laps.at[(d, lap), "pit_in_s"]) and pd.isna(
                        laps.at[(d, lap), "pit_out_s"]
                    )
            checked += 1
    assert checked > 100


def test_stops_are_the_tyre_changes_and_the_last_fastest_lap_is_the_race_best(kit_store, feeds):
    for key, feed in feeds.items():
        laps, visits = (
            session_table(kit_store, "laps", key),
            session_table(kit_store, "pit_stops", key),
        )
        assert len(_of(feed, "pit_stop")) == len(counted_stops(laps, visits)), key
        best = kit_store.scalar(
            "SELECT min(lap_time_s) FROM laps WHERE year = ? AND round = ? AND session_code = ? "
            "AND pit_in_s IS NULL AND pit_out_s IS NULL AND NOT coalesce(deleted, false) "
            "AND lap_number > 1 AND NOT regexp_matches(coalesce(track_status, '1'), '[4567]')",
            key.params(),
        )
        fastest = _of(feed, "fastest_lap")
        assert fastest, key
        last = max(fastest, key=lambda e: e.lap)
        assert last.values["lap_time"] == fmt_laptime(best), key


def test_safety_car_pit_lane_passes_are_no_stops(feeds):
    # 2025 Australia, laps 2-4: the field led through the pit lane on the same inters.
    stops = _of(feeds[AUS], "pit_stop")
    assert len(stops) == 31 and min(e.values["lap"] for e in stops) == 33
    assert [e.values["lap"] for e in stops if "STR" in e.drivers] == [33, 44]


def test_no_event_is_known_before_it_happened(kit_store, feeds):
    """The cited laps ended by the time the leader completed the event's lap."""
    for key, feed in feeds.items():
        frames = load_race(kit_store, key)
        ends = frames.laps.set_index(["driver", "lap_number"])["lap_end_s"]
        for e in feed.events:
            for ref in e.rows:
                if ref.table != "laps" or e.lap == 0:
                    continue
                cited = [
                    ends.get((d, n)) for d in ref.keys["driver"] for n in ref.keys["lap_number"]
                ]
                cited = [t for t in cited if t is not None and not np.isnan(t)]
                if cited and e.lap < frames.final_lap:
                    assert max(cited) <= frames.leader_ends[e.lap - 1] + 1e-6, (key, e)


def test_as_known_at_shows_nothing_from_later_laps_newest_first(feeds):
    frame = feeds[AUS].frame()
    at = cf.as_known_at(frame, 20)
    assert len(at) and (at["lap"] <= 20).all()
    assert at["lap"].is_monotonic_decreasing
    assert len(cf.as_known_at(frame, 20, levels=("headline",))) < len(at)
    assert len(cf.as_known_at(frame, 57)) == len(frame)


def test_the_check_catches_wrong_numbers_laps_positions_and_names(feeds):
    feed = feeds[AUS]
    (result,) = _of(feed, "result")
    winner, second, third = result.drivers
    pass_ = next(e for e in _of(feed, "overtake") if e.values["position"] < 9)
    by, passed = pass_.drivers
    n, p = pass_.values["lap"], pass_.values["position"]
    surname = feed.who[by].split(" (")[0].split()[-1]
    other = next(c for c in feed.who if c not in pass_.drivers)
    other_surname = feed.who[other].split(" (")[0].split()[-1]
    good = [
        f"{surname} makes it stick on {passed} for P{p} on lap {n}!",
        f"On lap {n}, {by} goes past {passed}: that is P{p}.",
    ]
    wrong = [
        f"{surname} makes it stick on {passed} for P{p + 1} on lap {n}!",  # position
        f"{by} passes {passed} for P{p} on lap {n + 2}.",  # lap
        f"{other_surname} passes {passed} for P{p} on lap {n}.",  # another driver, by surname
        f"{by} passes {other} for P{p} on lap {n}.",  # another driver, by code
        f"{by} passes {passed} for P{p} on lap {n}, 0.4 s clear.",  # a number not in the data
    ]
    assert all(feed.check(pass_, s)[0] for s in good)
    for sentence in wrong:
        ok, verdict = feed.check(pass_, sentence)
        assert not ok, sentence
        assert "not found" in verdict
    assert not feed.check(result, f"{second} wins after 57 laps!")[0] or second in result.text
    assert feed.check(result, f"{winner} takes the chequered flag after 57 laps.")[0]
    assert not feed.check(result, f"{winner} wins after 58 laps.")[0]


def test_bad_input_says_what_it_cannot_show(kit_store, empty_store):
    with pytest.raises(NoData, match="race order"):
        cf.race_feed(kit_store, SessionKey(2025, 1, "FP1"))
    with pytest.raises(SessionNotInStore):
        cf.race_feed(kit_store, SessionKey(2025, 9, "R"))
    with empty_store.transaction() as con:
        con.execute(
            "INSERT INTO sessions (year, round, session_code, event_name, session_name) "
            "VALUES (2025, 1, 'R', 'Australian Grand Prix', 'Race')"
        )
    with pytest.raises(NoData, match="No lap timing"):
        cf.race_feed(empty_store, AUS)


def test_a_race_without_race_control_says_so(kit_store, feeds):
    for key, feed in feeds.items():
        has_rc = kit_store.scalar(
            "SELECT count(*) FROM race_control WHERE year = ? AND round = ? AND session_code = ?",
            key.params(),
        )
        assert any("race-control" in n for n in feed.notes) == (not has_rc), key


def test_command_prints_the_feed_and_json_and_refuses_practice(kit_store_path, tmp_path, capsys):
    from f1core.cli import main

    store = tmp_path / "f1.duckdb"  # a copy: this process holds the kit store open already
    shutil.copyfile(kit_store_path, store)

    assert main(["--store", str(store), "commentary", "2025/6/S", "--level", "headline"]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[-1] == "lap  18  Chequered flag after 18 laps: NOR wins, PIA second and HAM third."
    assert "No weather is stored" in out.err
    assert main(["--store", str(store), "commentary", "2025/1/R", "--lap", "10", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert (
        rows and max(r["lap"] for r in rows) <= 10 and all(json.loads(r["citations"]) for r in rows)
    )
    assert main(["--store", str(store), "commentary", "2025/1/FP1"]) == 2
    assert "race order" in capsys.readouterr().err


def test_rain_and_track_temperature_events_are_weather_rows(kit_store, feeds):
    temperature = 0
    for key, feed in feeds.items():
        for e in feed.events:
            if e.kind not in ("weather", "track_temperature"):
                continue
            (ref,) = e.rows
            row = kit_store.query_rows(
                "SELECT track_temp_c, rainfall FROM weather WHERE year = ? AND round = ? "
                "AND session_code = ? AND time_s = ?", [*key.params(), ref.keys["time_s"]])  # fmt: skip
            assert row and round(row[0][0], 1) == e.values["track_temp_c"], (key, e)
            if e.kind == "weather":
                assert row[0][1] == ("falling" in e.text), (key, e)
            else:
                temperature += 1
                assert e.values["change_c"] >= 5.0
    assert temperature >= 1
