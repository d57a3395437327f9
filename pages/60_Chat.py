"""Race engineer chat: questions about the stored data, answered with citations."""

import streamlit as st

from f1core.chat.answer import ask, open_ready_index
from f1core.chat.figures import chart_for
from f1core.chat.reply import ChatContext
from f1core.errors import ChatRateLimited, F1CoreError
from f1core.store import SessionKey
from f1core.ui.cache import data_version
from f1core.ui.export import download_buttons
from f1core.ui.nav import page_frame
from f1core.ui.sidebar import session_sidebar
from f1core.ui.state import replay_lap
from f1core.ui.store import get_settings, get_store, groq_api_key

page_frame("pages/60_Chat.py")
EXAMPLES = [
    "Who won and by how much?",
    "Who had the fastest lap?",
    "How many safety cars were there?",
    "What is the two-compound rule?",
]


@st.cache_resource(
    show_spinner="Loading the chat index (first use loads the embedding model)…", max_entries=16
)
def _index(store_path: str, session: str | None, data_version: str):
    """The chat index with the knowledge base and this session indexed (never mutated here).

    ``data_version`` changes after every ingest, so a re-ingested session's fact sheets are
    checked again and re-embedded if its data changed.
    """
    keys = [SessionKey.parse(session)] if session else []
    return open_ready_index(get_store(), get_settings(), sessions=keys)


sel = session_sidebar()
store, settings = get_store(), get_settings()
api_key = groq_api_key()  # a value, passed down; never displayed
offline = st.sidebar.toggle("Offline answers only", value=not api_key, disabled=not api_key,
                            key="chat_offline", bind="query-params")  # fmt: skip
lap = replay_lap(sel.key)
context = ChatContext(session=sel.key, drivers=tuple(sel.drivers), replay_lap=lap)
st.title("Race engineer")
st.caption(
    ("Groq (Llama) with tools" if api_key and not offline else "Offline answerer")
    + f" · context: {context.describe()}"
)
history: list[dict] = st.session_state.setdefault("chat_history", [])


def show_reply(i: int, turn: dict) -> None:
    """One assistant turn: text, notice, table, chart and expandable citations."""
    if turn.get("notice"):
        st.warning(turn["notice"])
    st.markdown(turn["text"])
    if turn.get("table") is not None:
        st.dataframe(turn["table"], hide_index=True, key=f"chat_table_{i}")
        download_buttons(turn["table"], f"chat_answer_{i}", key=f"chat_dl_{i}")
    spec = turn.get("chart")
    if spec:
        try:
            fig, _ = chart_for(store, spec["kind"], SessionKey.parse(spec["session"]),
                               drivers=spec.get("drivers"))  # fmt: skip
            st.plotly_chart(fig, key=f"chat_chart_{i}")
        except F1CoreError as exc:
            st.caption(f"No chart: {exc}")
    cites = turn.get("citations") or []
    if turn.get("verdict"):
        st.caption(turn["verdict"])
    with st.expander(f"Citations ({len(cites)})", expanded=False):
        for c in cites:
            if c["type"] == "document":
                st.markdown(f"- document `{c['id']}` — {c['title']}")
            else:
                keys = ", ".join(f"{k}={v}" for k, v in c.get("keys", {}).items())
                st.markdown(
                    f"- store `{c['table']}` {keys}"
                    + (f"  \n  `{c['sql']}`" if c.get("sql") else "")
                )


for i, turn in enumerate(history):
    with st.chat_message(turn["role"]):
        if turn["role"] == "user":
            st.markdown(turn["text"])
        else:
            show_reply(i, turn)

cols = st.columns(len(EXAMPLES))
example = next((q for c, q in zip(cols, EXAMPLES, strict=True) if c.button(q, key=f"ex_{q}")), None)
question = st.chat_input("Ask about the data…", key="chat_q") or example
linked = st.query_params.get("q") if not history else None
if not question and linked and st.button(f"Ask: {linked[:100]}", key="chat_from_link"):
    question = linked[:1000]  # a shared link fills the question; asking it takes a click
if question:
    history.append({"role": "user", "text": question})
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"):
        live = st.empty()
        streamed: list[str] = []

        def on_token(piece: str) -> None:
            streamed.append(piece)
            live.markdown("".join(streamed))

        try:
            answer = ask(
                store, question, settings=settings, context=context,
                api_key=None if offline else api_key, offline=offline,
                index=lambda: _index(
                    str(settings.store_path), str(sel.key) if sel.key else None, data_version()
                ),
                history=[{"role": t["role"], "content": t["text"]} for t in history[:-1]],
                on_token=on_token,
            )  # fmt: skip
        except ChatRateLimited as exc:
            st.error(str(exc))
            st.stop()
        except F1CoreError as exc:
            st.error(str(exc))
            history.pop()
            st.stop()
        live.empty()
        st.query_params["q"] = question  # only a question that was asked: a refused one stays out
        turn = {"role": "assistant", "text": answer.text, "citations": answer.citations,
                "chart": answer.chart, "notice": answer.notice, "table": answer.table,
                "verdict": answer.verdict}  # fmt: skip
        history.append(turn)
        show_reply(len(history) - 1, turn)
if history and st.button("Clear chat", key="chat_clear"):
    history.clear()
    st.query_params.pop("q", None)
    st.rerun()
