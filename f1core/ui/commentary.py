"""The commentary feed widget: a race's events as checked sentences, on the Session and Live pages.

The events of a race are cached per process under the session's own data version; Groq's
sentences are cached per request (one per lap on the Live page, one per filter on the Session
page), so an event is told once per process, and a Groq failure leaves the template feed.
"""

from __future__ import annotations

from contextlib import nullcontext

import streamlit as st

from f1core.chat.groq_client import GroqConfig
from f1core.commentary import feed as cf
from f1core.commentary import voice
from f1core.commentary.events import IMPORTANCE
from f1core.errors import ChatUnavailable, F1CoreError, NoData
from f1core.store import SessionKey
from f1core.ui import cache
from f1core.ui.export import download_buttons
from f1core.ui.store import get_settings, get_store, groq_api_key

LEVELS = tuple(IMPORTANCE.values())
DEFAULT_LEVELS = ("headline", "notable")
LIVE_LAPS = 3  # laps back the live feed asks Groq for
SHOWN = ["lap", "importance", "text", "drivers", "kind", "source"]


@st.cache_data(ttl=3600, max_entries=32, show_spinner="Reading the race for the commentary…")
def _race_feed(key_text: str, version: str) -> cf.RaceFeed:
    feed = cf.race_feed(get_store(), SessionKey.parse(key_text))
    _ = feed.templates  # checked once here; the cached copies carry it
    return feed


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _rewrites(key_text: str, version: str, model: str, indices: tuple[int, ...],
              _config: GroqConfig, _feed: cf.RaceFeed) -> dict[int, str]:  # fmt: skip
    """The model's sentences for these events; a Groq failure raises, so it is not cached."""
    out = voice.rewrite([_feed.events[i] for i in indices], _config, _feed.who)
    if out.failed:
        raise ChatUnavailable(out.notes[0])
    return {indices[j]: s for j, s in out.said.items()}


def _voiced(key: SessionKey, feed: cf.RaceFeed, wanted: tuple[int, ...], config: GroqConfig, *, live: bool) -> dict[int, str]:  # fmt: skip
    """Rewrites of ``wanted``, or the templates and a warning on failure.

    Live, each viewer keeps what was told so far (a dict in its session state): only the last
    :data:`LIVE_LAPS` laps' events not told yet are asked for, one request per lap, so a jump
    ahead costs a few requests and the laps told before keep their sentences.
    """
    version = cache.session_version(key)
    said: dict[int, str] = {}
    parts = [wanted]
    if live:
        said = st.session_state.setdefault(f"commentary_told::{key}::{version}", {})
        last = max((feed.events[i].lap for i in wanted), default=0)
        new = [i for i in wanted if i not in said and feed.events[i].lap > last - LIVE_LAPS]
        parts = [tuple(i for i in new if feed.events[i].lap == n)
                 for n in sorted({feed.events[i].lap for i in new})]  # fmt: skip
    parts = [part for part in parts if part]
    with st.spinner("The commentator is catching up…") if parts else nullcontext():
        for part in parts:
            try:
                said |= _rewrites(str(key), version, config.model, part, config, feed)
            except ChatUnavailable as exc:
                st.warning(str(exc))
                break
    return {i: said[i] for i in wanted if i in said}


def _groq_config() -> GroqConfig | None:
    return GroqConfig.from_settings(groq_api_key(), get_settings())


def commentary_feed(key: SessionKey, *, lap: int | None, name: str, live: bool = False,
                    drivers: list[str] | None = None) -> None:  # fmt: skip
    """Draw the feed of ``key`` (as known at ``lap`` when given), with its filters and exports.

    Args:
        lap: the replay's completed laps ("as known at lap N"); ``None``: the whole race.
        name: widget-key and file-name prefix.
        live: ask Groq only for the last laps' events (the feed grows as the clock moves).
        drivers: the sidebar's drivers, offered as a filter.
    """
    try:
        feed = _race_feed(str(key), cache.session_version(key))
    except NoData as exc:
        st.info(str(exc))
        return
    except F1CoreError as exc:
        st.error(str(exc))
        return
    levels = st.pills("Show", LEVELS, default=list(DEFAULT_LEVELS), selection_mode="multi",
                      key=f"{name}_levels") or list(DEFAULT_LEVELS)  # fmt: skip
    config = _groq_config()
    voiced = st.toggle("Broadcaster's voice (Groq)", value=False, disabled=config is None,
                       key=f"{name}_voice",
                       help="Each sentence is checked against its event's data; one that "
                            "states anything else is replaced by the template sentence."
                       if config else "Set GROQ_API_KEY to have the events told by a model.")  # fmt: skip
    only = drivers and st.toggle(f"Only events with {', '.join(drivers)}", key=f"{name}_mine")
    for note in feed.notes:
        st.caption(note)
    upto = lap if lap is not None else max((e.lap for e in feed.events), default=0)
    wanted = tuple(i for i, e in enumerate(feed.events)
                   if e.lap <= upto and IMPORTANCE[e.importance] in levels)  # fmt: skip
    if only:
        wanted = tuple(i for i in wanted if set(feed.events[i].drivers) & set(drivers))
    rewrites = _voiced(key, feed, wanted, config, live=live) if voiced and config and wanted else {}
    frame = cf.as_known_at(feed.frame(rewrites), upto, levels=tuple(levels))
    if only:
        frame = frame[frame["drivers"].str.split().apply(lambda d: bool(set(d) & set(drivers)))]
    if lap is not None:
        st.caption(f"As known at lap {lap}: {len(frame)} event(s), newest first.")
    if frame.empty:
        st.caption("Nothing to report yet." if lap is not None else "No events at this level.")
        return
    st.dataframe(frame[["lap", "text"] if live else SHOWN], hide_index=True, key=f"{name}_table",
                 height=320 if live else 560,
                 column_config={"text": st.column_config.TextColumn(width="large")})  # fmt: skip
    fallbacks = int(frame["source"].str.startswith("template (").sum())
    if voiced and config is not None:
        st.caption(f"Model sentences kept: {int((frame['source'] == 'groq').sum())}; "
                   f"replaced by the template after the check: {fallbacks}.")  # fmt: skip
    with st.expander("Export the feed (with each event's check and cited store rows)"):
        in_race_order = frame.sort_values("lap", kind="stable").reset_index(drop=True)
        download_buttons(
            in_race_order, f"{str(key).replace('/', '_')}_commentary", key=f"{name}_dl"
        )
