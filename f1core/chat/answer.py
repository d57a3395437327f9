"""Answer a chat question: Groq with tools when a key is given, else the offline answerer.

This is the one entry point the page and the command line call. The API key arrives as a
value; when Groq fails (no network, timeout, rate limit) the offline answerer answers and
the answer carries a notice saying why, with the retry time for rate limits.
"""

from __future__ import annotations

from f1core.chat import scope
from f1core.chat.offline import answer_offline, check_question
from f1core.chat.reply import Answer, ChatContext
from f1core.errors import ChatUnavailable


def open_ready_index(store, settings, *, sessions=()):
    """Open the index under ``settings.data_dir``, adding what is missing (first use).

    The knowledge base and the given sessions are indexed if absent; indexing every
    stored session is left to ``python -m f1core index`` (it takes minutes on a small
    machine), so a first question never waits for the whole store.
    """
    from f1core.chat.factsheets import index_knowledge, index_session, session_is_indexed
    from f1core.chat.index import open_index

    index = open_index(settings.data_dir)
    index_knowledge(index, only_if_missing=True)
    for key in sessions:
        if key is not None and not session_is_indexed(index, key, store):
            index_session(store, key, settings, index=index)
    return index


def ask(
    store,
    question: str,
    *,
    settings,
    context: ChatContext | None = None,
    api_key: str | None = None,
    offline: bool = False,
    index=None,
    sandbox=None,
    history: list[dict] | None = None,
    on_token=None,
    model: str | None = None,
) -> Answer:
    """Answer ``question`` about the data in ``store``.

    Args:
        store: the app's store.
        question: the user's question.
        settings: Pit Wall settings (sandbox limits, index folder).
        context: the page's selection (session, drivers, replay lap).
        api_key: Groq API key (a value; ``None`` -> offline).
        offline: force the offline answerer.
        index: an open chat index or a callable returning one (opened only if needed).
        sandbox: a sandbox or a callable returning one (built only if SQL is run).
        history: earlier turns for the LLM.
        on_token: streaming callback for the LLM's text.
        model: Groq model name (default from ``GROQ_MODEL`` or a current Llama).

    Raises:
        BadQuestion: empty or too long question.
    """
    question = check_question(question)
    context = context or ChatContext()
    if offline or not api_key or scope.looks_like_code(question):
        # SQL or code typed as a question is refused as offline, never handed to the model
        return answer_offline(store, question, context=context, index=index)
    from f1core.chat.groq_client import GroqConfig, answer_with_groq
    from f1core.chat.sandbox import build_sandbox
    from f1core.chat.tools import ToolBox

    def resolve_index():
        try:
            return index() if callable(index) and not hasattr(index, "search") else index
        except ChatUnavailable:
            return None  # search_knowledge then tells the model the index is unavailable

    tools = ToolBox(
        store,
        sandbox=sandbox if sandbox is not None else (lambda: build_sandbox(store)),
        index=resolve_index(),
        context=context,
        row_limit=settings.query_row_limit,
        timeout_s=settings.query_timeout_s,
    )
    config = GroqConfig.from_settings(api_key, settings, model=model)
    try:
        return answer_with_groq(question, config=config, tools=tools, context=context,
                                history=history, on_token=on_token)  # fmt: skip
    except ChatUnavailable as exc:
        fallback = answer_offline(store, question, context=context, index=index)
        fallback.notice = (
            exc.args[0] if "offline" in str(exc) else f"{exc} Answered offline instead."
        )
        return fallback
