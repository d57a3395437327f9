"""Commentary through the real groq client against a fake server on 127.0.0.1: a model that
states wrong numbers and names now and then, errors mid-race, and the secret never shown."""

from __future__ import annotations

import pytest

from f1core.commentary import feed as cf
from f1core.commentary import voice
from f1core.store import SessionKey
from tests.chat.conftest import SECRET_KEY
from tests.chat.fake_groq import error_reply, hang_reply
from tests.commentary.fake_broadcaster import broadcaster

AUS = SessionKey(2025, 1, "R")


@pytest.fixture(scope="module")
def aus(kit_store):
    return cf.race_feed(kit_store, AUS)


def test_wrong_sentences_fall_back_to_the_template_and_right_ones_are_kept(
    aus, fake_groq, groq_config
):
    events = aus.events[:60]
    log: list = []
    fake_groq.responder = broadcaster(wrong_every=4, drivers=sorted(aus.who), log=log)
    out = voice.rewrite(events, groq_config, aus.who)
    rewrites = out.said
    assert not out.notes and not out.failed and len(rewrites) == len(events) == len(log)
    assert len(fake_groq.requests) == 3  # 60 events in batches of 20
    frame = cf.RaceFeed(events, [], aus.names, aus.who).frame(rewrites)
    wrong = [i for i, (_, _, bad) in enumerate(log) if bad]
    assert len(wrong) >= 12
    for i, (template, said, bad) in enumerate(log):
        row = frame.iloc[i]
        if bad:
            assert row["source"].startswith("template (model sentence failed"), said
            assert row["text"] == template and "not found" in row["check"]
        else:
            assert row["source"] == "groq" and row["text"] == said
    assert not frame["check"].str.startswith("UNSUPPORTED").any()


def test_a_rate_limit_mid_race_keeps_the_template_feed(aus, fake_groq, groq_config):
    events = aus.events[:50]
    # the first batch answers, the second meets a 429: the rest stays on templates
    first = broadcaster(wrong_every=1000)
    fake_groq.script(first({"messages": [{"content": voice._prompt(events[:20], aus.who)}]}),
                     error_reply(429, "slow down", headers={"retry-after": "7"}))  # fmt: skip
    out = voice.rewrite(events, groq_config, aus.who)
    rewrites, notes = out.said, out.notes
    assert out.failed and sorted(rewrites) == list(range(20))
    assert len(notes) == 1 and "rate limit" in notes[0] and "event 21" in notes[0]
    frame = cf.RaceFeed(events, [], aus.names, aus.who).frame(rewrites)
    assert (frame["source"].iloc[:20] == "groq").all() and (
        frame["source"].iloc[20:] == "template"
    ).all()
    assert SECRET_KEY not in " ".join(notes)


def test_a_timeout_keeps_the_template_feed(aus, fake_groq, groq_config):
    fake_groq.script(hang_reply())
    out = voice.rewrite(aus.events[:5], groq_config, aus.who)
    assert out.failed and out.said == {} and "did not answer" in out.notes[0]


def test_the_prompt_carries_the_events_and_the_rules(aus, fake_groq, groq_config):
    fake_groq.responder = broadcaster()
    voice.rewrite(aus.events[:3], groq_config, aus.who)
    body = fake_groq.requests[0]
    assert body["messages"][0]["content"] == voice.SYSTEM_PROMPT
    assert aus.events[0].text in body["messages"][1]["content"]
    assert SECRET_KEY not in str(body)
    assert fake_groq.headers[0]["Authorization"] == f"Bearer {SECRET_KEY}"


def test_parse_lines_ignores_chatter_and_numbers_out_of_range():
    text = "Sure! Here you go:\n1. First.\n2) Second.\n7. Not an event.\nthanks"
    assert voice.parse_lines(text, 3) == {0: "First.", 1: "Second."}
