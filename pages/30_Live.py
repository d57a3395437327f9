"""Live timing and replay: timing tower, track map, race control, commentary and battles, one
shared replay clock."""

import time
from pathlib import Path

import streamlit as st

from f1core.charts.tower import mini_sector_figure, tower_figure
from f1core.charts.track_map import track_map_figure
from f1core.errors import F1CoreError
from f1core.live import clock as rc
from f1core.live import tower as tw
from f1core.live import view as lv
from f1core.live.sources import LiveFeed, find_recordings, load_kit_replay
from f1core.live.store_replay import load_store_replay, track_outline, track_rotation_deg
from f1core.store import SessionKey
from f1core.ui import cache
from f1core.ui.battles import battle_forecast
from f1core.ui.commentary import commentary_feed
from f1core.ui.device import on_phone
from f1core.ui.export import download_buttons
from f1core.ui.nav import page_frame
from f1core.ui.sidebar import session_sidebar
from f1core.ui.state import init_state
from f1core.ui.store import get_settings, get_store

page_frame("pages/30_Live.py")
init_state()


@st.cache_resource(max_entries=4, show_spinner="Reading the recording…")
def kit_replay(folder: str):
    return load_kit_replay(Path(folder))  # an immutable Replay: safe to share between sessions


@st.cache_resource(max_entries=4, ttl=600, show_spinner="Building the replay from the store…")
def store_replay(key_text: str):
    key = SessionKey.parse(key_text)
    store = get_store()
    return load_store_replay(store, key), track_outline(store, key), track_rotation_deg(store, key)


settings = get_settings()
kit = settings.data_kit and Path(settings.data_kit) / "livetiming"
recordings = find_recordings(kit, settings.data_dir / "livetiming")
view = lv.parse_view(dict(st.query_params), default_source="kit" if recordings else "store")
st.title("Live timing")
labels = lv.SOURCE_LABELS.get
source = st.segmented_control(
    "Source", lv.SOURCES, default=view.source, format_func=labels, key="live_source"
)
source = source or view.source
view, switched = lv.switch_view(view, source)  # a switch starts the new source at lap 1
replay, outline, rotation, feed = None, None, 0.0, None
try:
    if source == "kit":
        names = sorted(recordings)
        if not names:
            st.info("No recordings: set F1_DATA_KIT, or put one in <data dir>/livetiming/.")
            st.stop()
        index = names.index(view.recording) if view.recording in names else len(names) - 1
        pick = st.selectbox("Recording", names, index=index, key="live_recording")
        replay = kit_replay(str(recordings[pick]))
    elif source == "store":
        selection = session_sidebar(drivers=False)
        if selection.key is None:
            st.info("Pick a stored session in the sidebar.")
            st.stop()
        replay, outline, rotation = store_replay(str(selection.key))
    else:
        default = str(settings.data_dir / "live.txt")
        path = st.text_input("Recorder file", value=default, key="live_path")
        st.caption("Record with `python -m fastf1.livetiming save FILE` (F1TV sign-in).")
        if st.session_state.get("live_feed_path") != path:  # one feed per viewer: it mutates
            st.session_state["live_feed"], st.session_state["live_feed_path"] = LiveFeed(path), path
        feed = st.session_state["live_feed"]
except F1CoreError as exc:
    st.error(str(exc))
    st.stop()

playing = True
if replay is not None:
    clock_key = f"live_clock::{replay.label}"
    seek_key, lap_key, play_key = (f"live_{k}::{replay.label}" for k in ("seek", "lap", "play"))
    # another source, recording or session than the last run showed starts at lap 1
    switched = switched or st.session_state.get("live_shown", replay.label) != replay.label
    st.session_state["live_shown"] = replay.label
    if clock_key not in st.session_state or switched:
        at_s = (replay.time_of_lap(1) or replay.start_s) if switched else view.t_s
        st.session_state[clock_key] = rc.ReplayClock.over(
            replay.start_s, replay.end_s, at_s=at_s, speed=view.speed, wall_s=time.time()
        )
        for stale in (seek_key, play_key):  # the widgets follow the new clock
            st.session_state.pop(stale, None)

    def update_clock(change) -> None:
        st.session_state[clock_key] = change(st.session_state[clock_key], time.time())

    def seek_to(widget_key: str, to_time) -> None:
        # once per new target: a callback can fire again on a fragment's timed rerun
        target = st.session_state[widget_key]
        if target is None or st.session_state.get(f"{widget_key}::done") == target:
            return
        st.session_state[f"{widget_key}::done"] = target
        update_clock(lambda c, w: c.seek(to_time(target), w))
        # the slider shows where a jump went: set before it is drawn, so in this callback
        st.session_state[seek_key] = st.session_state[clock_key].seek_value(time.time())

    clock = st.session_state[clock_key]
    st.session_state.setdefault(seek_key, clock.seek_value(time.time()))
    st.session_state.setdefault(play_key, clock.playing)
    c1, c2, c3, c4 = st.columns([1, 2, 4, 2])
    c1.toggle("Play", key=play_key, on_change=lambda: update_clock(
        lambda c, w: c.play(w) if st.session_state[play_key] else c.pause(w)))  # fmt: skip
    c2.select_slider("Speed", rc.SPEEDS, value=clock.speed, format_func=lambda s: f"{s:g}x",
                     key="live_speed", on_change=lambda: update_clock(
                         lambda c, w: c.with_speed(st.session_state["live_speed"], w)))  # fmt: skip
    c3.slider("Seek (s since stream start)", replay.start_s, replay.end_s, step=1.0, key=seek_key,
              on_change=seek_to, args=(seek_key, float))  # fmt: skip
    c4.number_input("Jump to lap", 1, max(len(replay.lap_starts_s), 1), value=None, key=lap_key,
                    on_change=seek_to, args=(lap_key, lambda n: replay.time_of_lap(n) or replay.start_s))  # fmt: skip
    st.toggle('Share this clock with other pages ("as known at lap N")', key="live_share_clock")
    if (note := lv.stream_note(replay.stats)) is not None:
        st.caption(note)
    playing = clock.playing and not clock.at_end(time.time())


@st.fragment(run_every=1.0 if playing else None)
def live_panel() -> None:
    wall = time.time()
    if feed is not None:
        st.query_params.update({"source": "live"})
        for name in lv.foreign_params("live"):
            st.query_params.pop(name, None)
        try:
            feed.refresh(wall_s=wall)
        except F1CoreError as exc:
            st.error(str(exc))
            return
        state = feed.state
        if (stale := lv.stale_text(feed.tail.silent_for_s(wall))) is not None:
            st.warning(stale)
    else:
        clock = st.session_state[clock_key]
        cursor = clock.now(wall)
        state = replay.state_at(cursor)
        label = replay.label if source == "kit" else ""
        st.query_params.update(lv.view_params(lv.LiveView(source, label, cursor, clock.speed)))
        for name in lv.foreign_params(source):  # e.g. a recording's name on a stored session
            st.query_params.pop(name, None)
        shared = st.session_state.get("live_share_clock")
        lap = state.completed_laps  # "as known at lap N": laps 1..N are complete
        st.session_state["replay_clock"] = (
            rc.shared_clock(replay.key, lap, source) if shared else None
        )
    summary = tw.session_summary(state)
    back, fore = lv.FLAG_STYLES.get(summary["track_flag"], lv.FLAG_STYLES["UNKNOWN"])
    style = f"background:{back};color:{fore};padding:6px 12px;border-radius:4px;font-weight:700"
    st.markdown(f"<div style='{style}'>{lv.banner_text(summary)}</div>", unsafe_allow_html=True)
    st.caption(f"{summary['meeting']} {summary['session']} · {lv.weather_text(summary)}")
    for note in lv.feed_notes(state, source=source):
        st.caption(note)
    tower = tw.tower_frame(state)
    left, right = st.columns([5, 3])
    every = left.toggle("All tower columns (best lap, sectors, pits)", value=not on_phone(),
                        key="live_tower_all", bind="query-params")  # fmt: skip
    left.plotly_chart(tower_figure(tower, columns="all" if every else "essential"),
                      key="live_tower", config={"displayModeBar": False})  # fmt: skip
    if left.toggle("Mini-sectors", key="live_minis", bind="query-params"):  # drawn when asked
        left.plotly_chart(mini_sector_figure(tw.tower_rows(state)), key="live_minisectors")
    cars = tw.car_positions(state)
    if len(cars) or outline is not None:  # the map only where the source has positions
        right.plotly_chart(track_map_figure(outline, cars, rotation_deg=rotation), key="live_map")
    feed_frame = tw.race_control_frame(state)
    shown = feed_frame[["lap", "flag", "message"]].head(30).fillna("")
    right.dataframe(shown, hide_index=True, key="live_rc")
    stored = lv.stored_key(replay.key if replay is not None else None, cache.sessions())
    with right:
        st.subheader("Commentary")
        if stored is None:
            st.caption(lv.NO_COMMENTARY)
        else:
            commentary_feed(stored, lap=state.completed_laps, name="live_commentary", live=True)
    if stored is not None and (lap := lv.battle_lap(state)) is not None:
        with st.expander(f"Battles at the end of lap {lap}", expanded=not on_phone()):
            try:
                battle_forecast(stored, lap, name="live_battle")
            except F1CoreError as exc:
                st.info(str(exc))
    if not playing or feed is not None:
        with st.expander("Export the tower and the race-control feed"):
            download_buttons(tower, "live_tower", key="live_export_tower")
            download_buttons(feed_frame, "race_control", key="live_export_rc")


live_panel()
