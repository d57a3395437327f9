"""The Groq path over real HTTP against a fake Groq server on 127.0.0.1."""

from __future__ import annotations

import json
import logging

import pytest

from f1core.chat.answer import ask
from f1core.chat.groq_client import answer_with_groq
from f1core.chat.reply import ChatContext
from f1core.chat.tools import ToolBox
from f1core.errors import ChatRateLimited, ChatUnavailable
from f1core.store import SessionKey
from tests.chat.conftest import SECRET_KEY
from tests.chat.fake_groq import (
    broken_stream_reply,
    error_reply,
    hang_reply,
    text_reply,
    tool_reply,
)

AUS_R = SessionKey(2025, 1, "R")
WINNER_SQL = (
    "SELECT driver, gap_s FROM results WHERE year = 2025 AND round = 1 "
    "AND session_code = 'R' ORDER BY position LIMIT 2"
)


def _tools(kit_store, kit_sandbox, **kw) -> ToolBox:
    return ToolBox(kit_store, sandbox=kit_sandbox, context=ChatContext(session=AUS_R), **kw)


def test_tool_call_runs_sql_in_the_sandbox_and_cites_it(
    fake_groq, groq_config, kit_store, kit_sandbox
):
    fake_groq.script(
        tool_reply(("query_store", json.dumps({"sql": WINNER_SQL}))),
        text_reply("Norris won, 0.895 s ahead of Verstappen."),
    )
    answer = answer_with_groq("Who won?", config=groq_config, tools=_tools(kit_store, kit_sandbox),
                              context=ChatContext(session=AUS_R))  # fmt: skip
    assert answer.mode == "groq"
    assert answer.text == "Norris won, 0.895 s ahead of Verstappen."
    assert answer.citations[0]["table"] == "results" and answer.citations[0]["rows"] == 2
    # the second request carried the tool result: the real rows from the kit store
    second = fake_groq.requests[1]["messages"]
    tool_msgs = [m for m in second if m["role"] == "tool"]
    assert tool_msgs[0]["tool_call_id"] == "call_0"
    assert tool_msgs[0]["content"].splitlines()[:3] == ["driver,gap_s", "NOR,0.0", "VER,0.895"]
    assert second[0]["role"] == "system" and "selected session 2025/1/R" in second[0]["content"]
    offered = [t["function"]["name"] for t in fake_groq.requests[0]["tools"]]
    assert offered[:3] == ["race_result", "pole_position", "fastest_lap"]  # the fact engine first
    assert offered[-4:] == ["query_store", "search_knowledge", "session_summary", "make_chart"]
    assert fake_groq.requests[0]["stream"] is True


def test_streaming_delivers_pieces_in_order(fake_groq, groq_config, kit_store, kit_sandbox):
    text = "The 2025 Australian Grand Prix had three safety cars."
    fake_groq.script(text_reply(text, pieces=5))
    pieces: list[str] = []
    answer = answer_with_groq("SCs?", config=groq_config, tools=_tools(kit_store, kit_sandbox),
                              on_token=pieces.append)  # fmt: skip
    assert len(pieces) >= 5
    assert "".join(pieces) == text
    # no tool was called, so the year is not backed by data: marked, and said in the verdict
    assert answer.text == "The 2025 [not in the data] Australian Grand Prix had three safety cars."
    assert "not found: 2025" in answer.verdict


def test_rate_limit_reports_the_retry_time(fake_groq, groq_config, kit_store, kit_sandbox):
    fake_groq.script(error_reply(429, "Rate limit reached", headers={"retry-after": "7"}))
    with pytest.raises(ChatRateLimited) as info:
        answer_with_groq("Who won?", config=groq_config, tools=_tools(kit_store, kit_sandbox))
    assert info.value.retry_after_s == 7.0
    assert "try again in 7 s" in str(info.value)
    assert len(fake_groq.requests) == 1  # no silent retries


def test_timeout_is_a_clear_error(fake_groq, groq_config, kit_store, kit_sandbox):
    fake_groq.script(hang_reply())
    with pytest.raises(ChatUnavailable) as info:
        answer_with_groq("Who won?", config=groq_config, tools=_tools(kit_store, kit_sandbox))
    assert "did not answer within 1.5 s" in str(info.value)


def test_malformed_tool_calls_are_reported_back_to_the_model(
    fake_groq, groq_config, kit_store, kit_sandbox
):
    fake_groq.script(
        tool_reply(("query_store", '{"sql": "SELECT 1'), ("no_such_tool", "{}")),
        text_reply("Sorry, I could not read the data."),
    )
    answer = answer_with_groq("Who won?", config=groq_config, tools=_tools(kit_store, kit_sandbox))
    assert answer.text == "Sorry, I could not read the data."
    tool_msgs = [m for m in fake_groq.requests[1]["messages"] if m["role"] == "tool"]
    assert tool_msgs[0]["content"].startswith("error: the arguments are not valid JSON")
    assert tool_msgs[1]["content"].startswith("error: unknown tool 'no_such_tool'")


def test_session_summary_and_chart_tools(fake_groq, groq_config, kit_store, kit_sandbox):
    fake_groq.script(
        tool_reply(("session_summary", '{"session": "2025/1/R"}'),
                   ("make_chart", '{"kind": "stints", "session": "2025/1/R", "drivers": ["NOR"]}')),
        text_reply("Norris won on a three-safety-car day."),
    )  # fmt: skip
    answer = answer_with_groq("Summary?", config=groq_config, tools=_tools(kit_store, kit_sandbox))
    summary = [m for m in fake_groq.requests[1]["messages"] if m["role"] == "tool"][0]["content"]
    assert "3 safety cars" in summary and "1:22.167" in summary
    assert answer.chart == {"kind": "stints", "session": "2025/1/R", "drivers": ["NOR"]}
    assert {"type": "store", "table": "stints", "keys": {"year": 2025, "round": 1,
            "session_code": "R", "driver": "NOR"}} in answer.citations  # fmt: skip


def test_ask_falls_back_offline_when_rate_limited(fake_groq, kit_store, kit_sandbox, chat_settings):
    settings = chat_settings.with_overrides(groq_base_url=fake_groq.base_url)
    fake_groq.script(error_reply(429, "Rate limit reached", headers={"retry-after": "12"}))
    answer = ask(kit_store, "Who won the 2025 Australian Grand Prix?", settings=settings,
                 api_key=SECRET_KEY, sandbox=kit_sandbox)  # fmt: skip
    assert answer.mode == "offline"
    assert "try again in 12 s" in answer.notice
    assert "Lando Norris" in answer.text


def test_sql_typed_as_a_question_never_reaches_the_model(
    fake_groq, kit_store, kit_sandbox, chat_settings
):
    settings = chat_settings.with_overrides(groq_base_url=fake_groq.base_url)
    fake_groq.script(tool_reply(("query_store", json.dumps({"sql": "SELECT 1"}))))
    answer = ask(kit_store, "SELECT * FROM laps; DELETE FROM sessions;", settings=settings,
                 api_key=SECRET_KEY, sandbox=kit_sandbox, context=ChatContext(session=AUS_R))  # fmt: skip
    assert answer.status == "abstained" and "SQL or code, not a question" in answer.text
    assert fake_groq.requests == []


@pytest.mark.parametrize("cut", ["connection", "rate limit"])
def test_a_stream_broken_midway_falls_back_offline(
    fake_groq, kit_store, kit_sandbox, chat_settings, cut
):
    settings = chat_settings.with_overrides(groq_base_url=fake_groq.base_url)
    first = tool_reply(("race_result", json.dumps({"session": "2025/1/R"})))
    if cut == "connection":  # the answer starts streaming, then the connection drops
        fake_groq.script(first, broken_stream_reply("Lando Norris won the race by"))
    else:  # the tool round works, then the next request is rate limited
        fake_groq.script(
            first, error_reply(429, "Rate limit reached", headers={"retry-after": "9"})
        )
    answer = ask(kit_store, "Who won the 2025 Australian Grand Prix?", settings=settings,
                 api_key=SECRET_KEY, sandbox=kit_sandbox)  # fmt: skip
    assert answer.mode == "offline"
    assert answer.notice and "Traceback" not in answer.notice
    assert "Lando Norris" in answer.text and "0.895" in answer.text
    assert len(fake_groq.requests) == 2  # it really got as far as the second round


def test_the_api_key_never_leaks(fake_groq, groq_config, kit_store, kit_sandbox, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    fake_groq.script(
        tool_reply(
            ("query_store", json.dumps({"sql": "SELECT current_setting('enable_external_access')"}))
        ),
        text_reply("Done."),
        error_reply(401, "Invalid API Key"),
        hang_reply(),
    )
    answer = answer_with_groq("Q", config=groq_config, tools=_tools(kit_store, kit_sandbox))
    errors = []
    for _ in range(2):
        with pytest.raises(ChatUnavailable) as info:
            answer_with_groq("Q", config=groq_config, tools=_tools(kit_store, kit_sandbox))
        errors.append(info.value)
    # the key did reach the server (so the tests exercise a real authenticated call) ...
    assert fake_groq.headers[0]["Authorization"] == f"Bearer {SECRET_KEY}"
    # ... and nowhere else
    seen = [json.dumps(answer.to_json()), repr(groq_config), str(groq_config), caplog.text,
            *(str(e) + repr(e) + repr(e.__cause__) + repr(e.__context__) for e in errors),
            json.dumps(fake_groq.requests), *capsys.readouterr()]  # fmt: skip
    assert not [s for s in seen if SECRET_KEY in s]
    assert "rejected the API key" in str(errors[0])


def test_system_prompt_lists_the_allow_listed_tables(
    fake_groq, groq_config, kit_store, kit_sandbox
):
    fake_groq.script(text_reply("ok"))
    answer_with_groq("Q", config=groq_config, tools=_tools(kit_store, kit_sandbox))
    system = fake_groq.requests[0]["messages"][0]["content"]
    assert "- laps(year, round, session_code, driver, lap_number, lap_time_s," in system
    assert (
        "- f1db_race_results(" in system
        and "telemetry(" not in system
        and "pitwall_meta" not in system
    )


def test_ask_with_groq_survives_a_broken_index(fake_groq, kit_store, kit_sandbox, chat_settings):
    from f1core.errors import ChatUnavailable as Broken

    def broken_index():
        raise Broken("The embedding model could not be loaded.")

    settings = chat_settings.with_overrides(groq_base_url=fake_groq.base_url)
    fake_groq.script(
        tool_reply(("search_knowledge", '{"text": "DRS"}')), text_reply("No index, sorry.")
    )
    answer = ask(kit_store, "What is DRS?", settings=settings, api_key=SECRET_KEY,
                 sandbox=kit_sandbox, index=broken_index)  # fmt: skip
    assert answer.mode == "groq" and answer.text == "No index, sorry."
    tool = [m for m in fake_groq.requests[1]["messages"] if m["role"] == "tool"][0]["content"]
    assert tool == "error: the knowledge index is not available."
