"""The commentary feed on the Session page (whole race) and on the Live page (as the replay
clock moves), the battles beside it, and the Groq voice through the fake server (AppTest)."""

from __future__ import annotations

from f1core.live.messages import parse_clock
from f1core.live.view import NO_COMMENTARY
from tests.app.conftest import texts
from tests.chat.conftest import SECRET_KEY
from tests.chat.fake_groq import serve_fake_groq
from tests.commentary.fake_broadcaster import broadcaster

SESSION, LIVE = "pages/10_Session.py", "pages/30_Live.py"
AUS_R = {"year": "2025", "round": "1", "session": "R", "view": "Commentary"}
MIAMI = "2025_miami_gp_sprint"


def _feed(at):
    (table,) = [d.value for d in at.dataframe if {"lap", "text"} <= set(d.value.columns)]
    return table


def test_session_page_shows_the_whole_race_newest_first(kit_app, monkeypatch):
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    at = kit_app(SESSION, query=AUS_R)
    assert not at.exception
    feed = _feed(at)
    last_lap = feed[feed["lap"] == 57]["text"].tolist()
    assert feed["lap"].iloc[0] == 57 and feed["importance"].iloc[0] == "headline"
    assert "Chequered flag after 57 laps: NOR wins, VER second and RUS third." in last_lap
    assert feed["lap"].is_monotonic_decreasing and set(feed["source"]) == {"template"}
    assert "battle_over" not in set(feed["kind"])  # a detail: not shown by default
    at.pills(key="session_commentary_levels").set_value(["headline"]).run()
    headlines = _feed(at)
    assert 0 < len(headlines) < len(feed)
    assert {"safety_car", "retirement", "result"} <= set(headlines["kind"])
    assert at.toggle(key="session_commentary_voice").disabled  # no key: templates only
    at.toggle(key="session_commentary_mine").set_value(True).run()  # the sidebar's drivers
    mine = _feed(at)
    assert 0 < len(mine) < len(headlines)
    assert all({"NOR", "VER", "RUS"} & set(d.split()) for d in mine["drivers"])


def test_session_page_as_known_at_the_replay_lap(kit_app):
    clock = {"replay_clock": {"key": "2025/1/R", "lap": 20, "source": "store"}}
    at = kit_app(SESSION, query=AUS_R, state=clock)
    feed = _feed(at)
    assert feed["lap"].max() <= 20 and "As known at lap 20" in texts(at)
    assert not feed["text"].str.contains("Chequered").any()


def test_practice_and_unstored_sessions_say_what_they_cannot_show(kit_app):
    at = kit_app(
        SESSION, query={"year": "2025", "round": "1", "session": "FP1", "view": "Commentary"}
    )
    assert not at.exception and any("race order" in i.value for i in at.info)


def test_live_commentary_follows_the_replay_clock(kit_app, monkeypatch):
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    at = kit_app(LIVE, query={"recording": MIAMI, "source": "kit"})
    at.slider(key=f"live_seek::{MIAMI}").set_value(parse_clock("01:20:00.000")).run()
    assert not at.exception
    early = _feed(at)
    (caption,) = [c.value for c in at.caption if c.value.startswith("As known at lap")]
    known = int(caption.split()[4].rstrip(":"))
    assert 3 <= known <= 10 and early["lap"].max() <= known
    at.number_input(key=f"live_lap::{MIAMI}").set_value(15).run()
    later = _feed(at)
    assert "As known at lap 14" in texts(at)
    assert later["lap"].max() <= 14 and len(later) > len(early)
    assert later["lap"].iloc[0] == later["lap"].max()  # newest first
    assert any(
        d.value.columns.tolist()[:3] == ["position", "chaser", "ahead"] for d in at.dataframe
    )


def test_live_without_the_session_in_the_store_says_so(empty_app):
    at = empty_app(LIVE, query={"recording": MIAMI})
    assert not at.exception and NO_COMMENTARY in texts(at)


def test_groq_voice_keeps_checked_sentences_and_replaces_wrong_ones(kit_app, monkeypatch):
    with serve_fake_groq() as fake:
        log: list = []
        fake.responder = broadcaster(wrong_every=3, log=log)
        monkeypatch.setenv("GROQ_API_KEY", SECRET_KEY)
        monkeypatch.setenv("GROQ_BASE_URL", fake.base_url)
        at = kit_app(SESSION, query=AUS_R)
        at.toggle(key="session_commentary_voice").set_value(True).run()
        assert not at.exception
        feed = _feed(at)
    kept = feed[feed["source"] == "groq"]
    replaced = feed[feed["source"].str.startswith("template (")]
    wrong = sum(1 for *_, bad in log if bad)
    assert len(kept) + len(replaced) == len(feed) == len(log)
    assert len(replaced) == wrong > 0
    assert kept["text"].str.startswith("And what a moment").all()
    assert SECRET_KEY not in texts(at)


def test_every_stored_race_has_commentary_a_tyre_heatmap_and_battles(kit_app, kit_store):
    races = kit_store.query_rows(
        "SELECT year, round, session_code, total_laps FROM sessions "
        "WHERE session_code IN ('R', 'S') ORDER BY 1, 2, 3"
    )
    assert len(races) >= 11
    for year, rnd, code, laps in races:
        query = {"year": str(year), "round": str(rnd), "session": code}
        at = kit_app(SESSION, query={**query, "view": "Commentary"})
        assert not at.exception and not at.error, (year, rnd, code)
        assert len(_feed(at)) > 5
        at.segmented_control(key="view").set_value("Strategy").run()
        assert not at.exception and "chart_tyre_heatmap" in [c.key for c in at.get("plotly_chart")]
        mid = {"strat_view": "Battles", "strat_battle_lap": str(max(2, int(laps or 20) // 2))}
        at = kit_app("pages/40_Strategy.py", query={**query, **mid})
        assert not at.exception and not at.error, (year, rnd, code)
        assert any("p_pass_1_lap" in d.value.columns for d in at.dataframe) or at.info


def test_live_groq_voice_asks_per_lap_and_keeps_what_it_told(kit_app, monkeypatch):
    with serve_fake_groq() as fake:
        fake.responder = broadcaster(wrong_every=1000)
        monkeypatch.setenv("GROQ_API_KEY", SECRET_KEY)
        monkeypatch.setenv("GROQ_BASE_URL", fake.base_url)
        at = kit_app(LIVE, query={"recording": MIAMI, "source": "kit"})
        at.number_input(key=f"live_lap::{MIAMI}").set_value(6).run()
        at.toggle(key="live_commentary_voice").set_value(True).run()
        assert not at.exception
        early = _feed(at)
        told = early[early["text"].str.startswith("And what a moment")]  # the model's sentences
        assert len(told) and told["lap"].min() > early["lap"].max() - 3  # the last 3 laps only
        asked = len(fake.requests)
        at.number_input(key=f"live_lap::{MIAMI}").set_value(12).run()
        later = _feed(at)
        assert len(fake.requests) > asked  # the new laps were asked for, one request per lap
        kept = later[later["text"].isin(told["text"])]
        assert len(kept) == len(told)  # what was told before keeps its sentences
        asked = len(fake.requests)
        at.run()
        assert len(fake.requests) == asked  # a rerun asks nothing new
