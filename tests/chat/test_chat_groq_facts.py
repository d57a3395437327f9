"""The Groq path on the fact engine: fact tools, the claim check, tool failures (fake Groq server)."""

from __future__ import annotations

import json

from f1core.chat.answer import ask
from f1core.chat.claims import check_claims
from f1core.chat.groq_client import answer_with_groq
from f1core.chat.reply import ChatContext
from f1core.chat.tools import TOOL_SPECS, ToolBox
from f1core.store import SessionKey
from tests.chat.conftest import SECRET_KEY
from tests.chat.fake_groq import text_reply, tool_reply

AUS_R = SessionKey(2025, 1, "R")


def _tools(kit_store, kit_sandbox) -> ToolBox:
    return ToolBox(kit_store, sandbox=kit_sandbox, context=ChatContext(session=AUS_R))


def test_fact_tools_have_schemas_from_their_signatures():
    specs = {t["function"]["name"]: t["function"] for t in TOOL_SPECS}
    lap = specs["fastest_lap"]
    assert lap["description"] == "Fastest lap of a session, or of one driver."
    assert lap["parameters"]["required"] == ["session"]
    assert lap["parameters"]["properties"]["driver"] == {
        "type": "string", "description": "a driver's code or name; omit for the whole field."}  # fmt: skip
    assert specs["driver_first"]["parameters"]["properties"]["kind"]["enum"] == [
        "wins",
        "poles",
        "podiums",
        "titles",
    ]
    assert specs["championship_points"]["parameters"]["properties"]["drivers"]["type"] == "array"


def test_a_fact_tool_answer_is_checked_and_cited(fake_groq, groq_config, kit_store, kit_sandbox):
    fake_groq.script(
        tool_reply(("fastest_lap", json.dumps({"session": "2025/1/R", "driver": "norris"}))),
        text_reply("Norris set the fastest lap of the 2025 Australian Grand Prix: 1:22.167."),
    )
    answer = answer_with_groq(
        "Fastest lap?", config=groq_config, tools=_tools(kit_store, kit_sandbox)
    )
    tool = [m for m in fake_groq.requests[1]["messages"] if m["role"] == "tool"][0]["content"]
    assert (
        "1:22.167" in tool and "NOR" in tool
    )  # the fact's sentence and rows, for a name the model wrote
    assert answer.text == "Norris set the fastest lap of the 2025 Australian Grand Prix: 1:22.167."
    assert (
        answer.verdict == "Checked 2 number(s) and 1 name(s) against this turn's data: all found."
    )
    assert answer.citations[0]["table"] == "laps" and answer.citations[0]["keys"]["driver"] == "NOR"


def test_a_wrong_number_and_a_wrong_name_are_caught(fake_groq, groq_config, kit_store, kit_sandbox):
    fake_groq.script(
        tool_reply(("race_result", json.dumps({"session": "2025/1/R"}))),
        text_reply("Norris won by 1.895 s from Hamilton."),
    )
    answer = answer_with_groq("Who won?", config=groq_config, tools=_tools(kit_store, kit_sandbox))
    assert (
        answer.text == "Norris won by 1.895 [not in the data] s from Hamilton."
    )  # HAM finished 10th: in the data
    assert "not found: 1.895" in answer.verdict
    fake_groq.script(
        tool_reply(("race_result", json.dumps({"session": "2025/1/R"}))),
        text_reply("Senna won by 0.895 s."),
    )
    answer = answer_with_groq("Who won?", config=groq_config, tools=_tools(kit_store, kit_sandbox))
    assert (
        answer.text == "Senna [not in the data] won by 0.895 s."
        and "not found: senna" in answer.verdict
    )


def test_rounded_and_lap_time_numbers_count_as_found():
    text, verdict = check_claims(
        "Gap 0.9 s; lap 1:22.2; 54 laps.", ["gap_s 0.895, lap_time_s 82.167, led 54"]
    )
    assert text == "Gap 0.9 s; lap 1:22.2; 54 laps." and verdict.unsupported == ()
    text, verdict = check_claims("Top speed 314.5 km/h.", ["speed_st 312.0"])
    assert verdict.unsupported == ("314.5",) and text == "Top speed 314.5 [not in the data] km/h."


def test_a_tool_that_breaks_ends_the_turn_with_the_offline_answer(
    fake_groq, kit_store, kit_sandbox, chat_settings, monkeypatch
):
    from f1core.chat import tools

    def broken(store, session):
        raise RuntimeError("bug in a fact function")

    monkeypatch.setitem(tools.FACT_TOOLS, "pole_position", broken)
    settings = chat_settings.with_overrides(groq_base_url=fake_groq.base_url)
    fake_groq.script(
        tool_reply(("pole_position", json.dumps({"session": "2025/1/Q"}))), text_reply("never")
    )
    answer = ask(kit_store, "Who was on pole for the 2025 Australian Grand Prix?", settings=settings,
                 api_key=SECRET_KEY, sandbox=kit_sandbox)  # fmt: skip
    assert answer.mode == "offline" and answer.status == "answered"
    assert answer.notice == "The pole_position tool failed; answered offline instead."
    assert "Lando Norris" in answer.text and "Traceback" not in answer.text + answer.notice
