"""The offline answerer: answers factual questions from store queries and retrieval.

No LLM and no network: the question is read by :mod:`f1core.chat.question`, answered by
the fact functions (every number comes from a cited store row), and anything else is
answered with the most relevant knowledge passages, or a plain "I cannot answer that
offline" that says what it can do.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from f1core.chat import route, scope
from f1core.chat.knowledge import looks_like_injection, shipped_sources
from f1core.chat.question import Parsed, asks_about_session, is_factual, parse_question
from f1core.chat.reply import Answer, ChatContext, doc_citation
from f1core.errors import BadQuestion, F1CoreError, NoData
from f1core.facts import classification, records
from f1core.facts.catalog import SESSION_INTENTS
from f1core.facts.resolve import HistoryNames, detect_year, plain
from f1core.store import SessionKey

MAX_DRIVERS = 3
LEXICAL_BONUS = 0.15
WHICH_SESSION = (
    "Which session do you mean? Name the event and year (e.g. 'the 2025 Australian Grand "
    "Prix qualifying') or pick a session in the sidebar (--session 2025/1/R on the command line)."
)


def check_question(question: object) -> str:
    """Return the stripped question or raise BadQuestion (empty, too long, not text)."""
    from f1core.chat.question import MAX_QUESTION_CHARS

    if not isinstance(question, str) or not question.strip():
        raise BadQuestion(
            "Ask a question in words, e.g. 'Who won the 2025 Australian Grand Prix?'."
        )
    if len(question) > MAX_QUESTION_CHARS:
        raise BadQuestion(
            f"The question is longer than {MAX_QUESTION_CHARS} characters; shorten it."
        )
    return question.strip()


_STOPWORDS = frozenset(
    ["what", "which", "when", "where", "does", "work", "mean", "with", "from", "that", "this", "there",
     "their", "about", "would", "could", "should", "have", "into", "they", "them", "then", "than",
     "after", "before", "during", "rule", "rules"]
)  # fmt: skip


def rerank(question: str, hits: list) -> list:
    """Re-order retrieval hits: cosine distance minus a bonus for the question's own words.

    A rare term ("undercut", "parc ferme") that appears verbatim in a section is strong
    evidence the small embedding model can miss in a section full of other terms.
    """
    lowered = re.sub(r"(\d)\s+%", r"\1%", question.lower())
    words = {w for w in re.findall(r"[a-z][a-z-]{3,}|\d+%", lowered) if w not in _STOPWORDS}
    if not words:
        return hits

    def score(hit) -> float:
        text = re.sub(r"(\d)\s+%", r"\1%", hit.doc.text.lower())
        found = sum(1 for w in words if re.search(rf"\b{re.escape(w)}", text))
        return hit.distance - LEXICAL_BONUS * found / len(words)

    return sorted(hits, key=score)


def _names_someone(store, question: str) -> bool:
    """Whether a history driver or team is named (history tables present)."""
    try:
        return bool(records.find_driver(store, question) or records.find_team(store, question))
    except NoData:
        return False


def _shares_words(question: str, text: str) -> bool:
    """Whether a retrieved section contains at least one of the question's content words."""
    asked = {
        w
        for w in re.findall(r"[a-z][a-z-]{2,}", question.lower())
        if w not in _STOPWORDS | {"the", "and", "how", "why", "who"}
    }
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(w)}", lowered) for w in asked)


def _knowledge(index, question: str, answer: Answer, *, k: int = 3) -> bool:
    if callable(index) and not hasattr(index, "search"):
        index = index()  # opened lazily: only knowledge questions pay for the model
    hits = (
        index.search(question, k=k + 5, filters={"kind": "knowledge"}) if index is not None else []
    )
    hits = rerank(question, hits)
    # Only Pit Wall's own knowledge files are quoted, and never text that talks to a model:
    # a planted document must not become the answer.
    trusted = shipped_sources()
    hits = [h for h in hits if h.doc.source in trusted and not looks_like_injection(h.doc.text)][:k]
    if not hits or not _shares_words(question, hits[0].doc.text):
        return False
    best = hits[0]
    answer.text = best.doc.text.split("\n", 1)[-1].strip()
    answer.text += f"\n\n(From: {best.doc.title}.)"
    for hit in hits[:2]:
        answer.citations.append(doc_citation(hit.doc))
    return True


#: "... and who set the fastest lap?": a second question joined by "and", a comma or "?".
_COMPOUND = re.compile(
    r"\s*(?:,\s*and|\band|;|\?)\s+(?=(?:who|what|where|when|which|how|did|was|were|is|and)\b)", re.I
)


_DEPENDENT = re.compile(
    r"^(and )?(who|what|which|when|where|how)\b\W*(\w+\W+){0,3}(it|that|this|him|her|them|one)\W*$",
    re.I,
)


def split_question(question: str) -> list[str]:
    """The parts of a compound question ("Who won and where did the pole-sitter finish?")."""
    parts: list[str] = []
    for part in (p.strip(" ?,;") for p in _COMPOUND.split(question)):
        if not part:
            continue
        if parts and _DEPENDENT.match(part):  # "... and who set it?": one question, not two
            parts[-1] += f" and {part}"
        else:
            parts.append(part)
    return [p + "?" for p in parts][:3] or [question]


def answer_offline(
    store, question: str, *, context: ChatContext | None = None, index=None
) -> Answer:
    """Answer a question without an LLM, or abstain.

    A compound question is split and each part answered (later parts inherit the first
    part's session). Anything out of scope, unresolvable or missing from the store gets
    ``status="abstained"`` with "I can't answer that from the data", the reason and up to
    three questions it can answer; it never answers a different question.

    Args:
        store: the :class:`~f1core.store.Store`.
        question: the user's question.
        context: the page's selection (session, drivers, replay lap).
        index: an open :class:`~f1core.chat.index.ChatIndex` (or a callable returning
            one, called only when needed) for knowledge questions; ``None``: knowledge
            questions are abstained on.

    Returns:
        An :class:`Answer` with ``mode="offline"``, its ``status`` and its citations.

    Raises:
        BadQuestion: the question is empty or too long.
    """
    question = check_question(question)
    context = context or ChatContext()
    reason = scope.out_of_scope(question) or scope.beyond_data(
        question, latest_year=_latest_year(store)
    )
    if reason:
        return _abstain(reason, intent="out_of_scope", offers=scope.suggestions(question=question))
    parts = split_question(question)
    if len(parts) == 1:
        return _answer_one(store, question, context, index)
    answers = []
    for i, part in enumerate(parts):
        ctx = context
        if i and answers and answers[0].session:
            ctx = replace(context, session=SessionKey.parse(answers[0].session), replay_lap=None)
        elif i:
            part = _with_setting(
                store, part, parts[0]
            )  # "... and who was on pole?" of a history race
        answers.append(_answer_one(store, part, ctx, index))
    return _combine(answers)


def _with_setting(store, part: str, first: str) -> str:
    """``part`` with the first part's season and venue when it names neither."""
    year = detect_year(first)
    if year is None or detect_year(part) is not None:
        return part
    try:
        venue = records.find_grand_prix(store, first)
    except F1CoreError:
        venue = None
    where = f" at {records.venue_name(venue)}" if venue else ""
    return f"{part.rstrip('?')} in {year}{where}?"


def _latest_year(store) -> int:
    years = [store.scalar("SELECT max(year) FROM sessions")]
    if store.table_exists("f1db_races"):
        years.append(store.scalar("SELECT max(year) FROM f1db_races"))
    return max(int(y) for y in years if y is not None) if any(years) else 2100


def _combine(answers: list[Answer]) -> Answer:
    done = [a for a in answers if a.status == "answered"]
    if not done:
        return answers[0]
    out = Answer(text=" ".join(a.text for a in answers), mode="offline", intent="+".join(a.intent for a in answers),
                 status="answered", session=done[0].session, table=done[0].table, chart=done[0].chart)  # fmt: skip
    for a in answers:
        out.citations += [c for c in a.citations if c not in out.citations]
    return out


def _abstain(reason: str | None, *, intent: str, offers: list[str]) -> Answer:
    return Answer(
        text=scope.abstain_text(reason, offers), mode="offline", intent=intent, status="abstained"
    )


def _answer_one(store, question: str, context: ChatContext, index) -> Answer:
    sessions = store.query_df(
        "SELECT year, round, session_code, event_name, country, location, circuit FROM sessions"
    )

    def drivers_of(key) -> pd.DataFrame:
        return store.query_df(
            "SELECT driver, full_name FROM drivers WHERE year = ? AND round = ? AND session_code = ?",
            [key.year, key.round, key.session_code],
        )

    p = parse_question(
        question, sessions, drivers_of, context_key=context.session, context_drivers=context.drivers
    )
    event = _event_title(store, p.key)
    offers = scope.suggestions(
        event=event, year=p.year, scope="session" if p.key else "history", question=question
    )
    answer = Answer(text="", mode="offline", intent=p.intent)
    lap = context.replay_lap if (p.key is not None and p.key == context.session) else None
    try:
        counted = p.intent in ("result", "pole") or (
            p.intent == "knowledge" and route.record_kind(question)
        )
        if p.key is None and counted and _names_someone(store, question):
            p = replace(p, intent="career")  # "how did Hamilton do overall": career totals
            answer.intent = "career"
        absent = _absent_driver(store, p, question)
        if absent:
            return _abstain(
                f"{absent} did not take part in the {event}.", intent=p.intent, offers=offers
            )
        if (
            p.key is None
            and p.year is None
            and p.intent in SESSION_INTENTS
            and is_factual(question)
        ):
            return _abstain(WHICH_SESSION, intent=p.intent, offers=offers)
        if p.intent == "knowledge" and p.key is not None:
            # not a rules question (those never get a session) and no known intent:
            # "how did Norris do in Melbourne?", "tell me about this session" get a summary;
            # words that name nothing and ask nothing of the page's session ("asdf") get
            # no summary of it: that would answer a different question.
            if p.event_named or p.drivers_named or asks_about_session(question):
                p = replace(p, intent="summary")
                answer.intent = "summary"
            else:
                p = replace(p, key=None, drivers=[])
        if p.intent == "knowledge" or (
            p.key is None and p.year is None and p.intent in SESSION_INTENTS
        ):
            # a session question with no session at all is usually about the rules
            answer.intent = "knowledge"
            if not _knowledge(index, question, answer):
                return _abstain(
                    "Nothing in the data or the rules answers it.",
                    intent="knowledge",
                    offers=offers,
                )
            return answer
        if (
            p.key is not None
            and p.session_hint in route.NAMED_ONLY
            and p.key.session_code != p.session_hint
        ):
            return _abstain(
                f"{p.session_hint} of that event is not stored.", intent=p.intent, offers=offers
            )
        if p.key is not None:
            found = route.session_facts(store, p, question, lap)
            used = next((f.session for f in found if f.session), None)
            key = type(p.key).parse(used) if used else p.key
            answer.session = str(key)
            title = classification.session_title(classification.session_row(store, key))
            prefix = f"{title}" + (f" (as known at lap {lap})" if lap else "") + ": "
        else:
            found = route.history_facts(store, p, question)
            prefix = ""
    except F1CoreError as exc:  # NoData, SessionNotInStore ...: the store lacks it
        return _abstain(str(exc), intent=p.intent, offers=offers)
    answer.text = prefix + " ".join(f.text for f in found)
    for fact in found:
        answer.add_fact(fact)
    frames = [f.frame for f in found if f.frame is not None and not f.frame.empty]
    answer.table = drop_empty_columns(frames[0]) if frames else None
    answer.chart = _chart_spec(p)
    return answer


def _absent_driver(store, p: Parsed, question: str) -> str | None:
    """The name of a driver the question names who is not in its session (else ``None``)."""
    if p.key is None or p.drivers_named:
        return None
    try:
        names = HistoryNames.of(store)
    except F1CoreError:
        return None
    teams = {w for t in names.find_teams(question) for w in plain(t.name).split()}
    # "McLaren", "Brabham" name the team, not Bruce McLaren or Jack Brabham
    named = [d for d in names.find_drivers(question) if plain(d.name).split()[-1] not in teams]
    return named[0].name if named else None


def _event_title(store, key) -> str | None:
    if key is None:
        return None
    try:
        row = classification.session_row(store, key)
    except F1CoreError:
        return None
    return f"{row['year']} {row['event_name']}"


def drop_empty_columns(table: pd.DataFrame) -> pd.DataFrame:
    """The answer's table without columns that are empty in every row (a race's Q1-Q3 times)."""
    return table.dropna(axis=1, how="all")


def _chart_spec(p: Parsed) -> dict | None:
    """A chart that helps this kind of answer.

    Stints -> strategy bars; fastest lap -> lap times; who won -> the gap to the leader after
    every lap (how the margin grew); no chart outside races and sprints for laps and gaps.
    """
    if p.key is None:
        return None
    kind = {"stints": "stints", "fastest_lap": "lap_times", "result": "gaps"}.get(p.intent)
    if kind is None or (kind != "stints" and p.key.session_code not in ("R", "S")):
        return None
    return {"kind": kind, "session": str(p.key), "drivers": list(p.drivers[:MAX_DRIVERS])}
