"""The Chat page opens, answers from the store with citations, and fails clearly."""

from __future__ import annotations

from tests.app.conftest import texts

PAGE = "pages/60_Chat.py"
QUERY = {"year": "2025", "round": "1", "session": "R", "drivers": "NOR,VER"}


def test_chat_answers_with_citations_and_chart(kit_app, monkeypatch):
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    at = kit_app(PAGE, query=QUERY)
    assert not at.exception
    assert "Offline answerer" in texts(at)
    at.chat_input(key="chat_q").set_value("Who had the fastest lap?").run()
    assert not at.exception
    shown = texts(at)
    assert "1:22.167" in shown and "NOR" in shown  # Norris, lap 43 of the 2025 Australian GP
    assert any("Citations (1)" in e.label for e in at.expander)
    assert "store `laps`" in shown and "lap_number=43" in shown
    assert len(at.get("plotly_chart")) == 1  # lap-time chart under the answer
    assert at.query_params["q"] == "Who had the fastest lap?"
    assert at.session_state["chat_history"][-1]["citations"][0]["table"] == "laps"


def test_chat_uses_selected_drivers_as_context(kit_app, monkeypatch):
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    at = kit_app(PAGE, query={**QUERY, "drivers": "VER"})
    at.chat_input(key="chat_q").set_value("What were the stints?").run()
    assert not at.exception
    shown = texts(at)
    assert "Max Verstappen" in shown and "MEDIUM laps 35-46" in shown


def test_chat_bad_question_is_a_clear_error(kit_app, monkeypatch):
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    at = kit_app(PAGE, query=QUERY)
    at.chat_input(key="chat_q").set_value("x" * 2000).run()
    assert not at.exception
    assert "longer than 1000 characters" in " ".join(e.value for e in at.error)


def test_a_refused_question_stays_out_of_the_url(kit_app, monkeypatch):
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    at = kit_app(PAGE, query=QUERY)
    at.chat_input(key="chat_q").set_value("Who had the fastest lap?").run()
    at.chat_input(key="chat_q").set_value("x" * 5000).run()
    assert not at.exception
    assert "longer than 1000 characters" in " ".join(e.value for e in at.error)
    assert at.query_params["q"] == "Who had the fastest lap?"  # the last question asked


def test_chat_page_on_an_empty_store(empty_app, monkeypatch):
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    at = empty_app(PAGE)
    assert not at.exception
    at.chat_input(key="chat_q").set_value("Who won the 2025 Australian Grand Prix?").run()
    assert not at.exception
    assert "cannot answer" in texts(at).lower() or "no " in texts(at).lower()


def test_chat_answers_as_known_at_the_replay_lap(kit_app, monkeypatch):
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    clock = {"key": "2025/1/R", "lap": 30, "source": "store"}
    at = kit_app(PAGE, query=QUERY, state={"replay_clock": clock})
    assert "replay clock at lap 30" in texts(at)
    at.chat_input(key="chat_q").set_value("Who is leading?").run()
    assert not at.exception
    assert "As known at lap 30" in texts(at) and "Lando Norris (McLaren) [NOR] leads" in texts(at)
    at.chat_input(key="chat_q").set_value("How many safety cars so far?").run()
    assert "1 safety car" in texts(at)  # the second and third came on laps 34 and 47


def test_a_shared_link_fills_the_question_and_waits_for_a_click(kit_app, monkeypatch):
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    at = kit_app(PAGE, query={**QUERY, "q": "How many safety cars were there?"})
    assert not at.exception
    assert "chat_history" not in at.session_state or not at.session_state["chat_history"]
    assert "3 safety cars" not in texts(at)  # nothing is spent before the click
    at.button(key="chat_from_link").click().run()
    assert "3 safety cars" in texts(at)
    assert len(at.session_state["chat_history"]) == 2
    at.run()  # reruns do not ask again
    assert len(at.session_state["chat_history"]) == 2


def test_who_won_shows_the_gaps_with_titled_axes_and_no_empty_columns(kit_app, monkeypatch):
    import json

    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    at = kit_app(PAGE, query={"year": "2025", "round": "1", "session": "R"})
    at.chat_input(key="chat_q").set_value("Who won and by how much?").run()
    assert not at.exception
    assert "0.895 s ahead of Max Verstappen" in texts(at)
    table = at.dataframe[0].value
    assert not [c for c in table.columns if table[c].isna().all()]  # no q1_s/q2_s/q3_s here
    assert {"driver", "position", "gap_s"} <= set(table.columns)
    (chart,) = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    layout = spec["layout"]
    assert layout["xaxis"]["title"]["text"] == "Lap"
    assert layout["yaxis"]["title"]["text"] == "Gap to leader (s)"
    assert [t["name"] for t in spec["data"]] == ["NOR", "VER", "RUS"]  # the podium
