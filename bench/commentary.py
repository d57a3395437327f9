"""Race commentary over every stored race: events, claims supported, time to build a feed.

For each race and sprint of the kit store it prints the events detected, the share of
template sentences whose claims are all supported by their event, and the time to build the
race's feed (events plus checked sentences, median of 3) next to the baseline measured in the
same run: FastF1 loading the same session (laps, weather, race control; no telemetry) from a
warm cache, which is what a notebook must do before it can comment on anything.

Then every event goes through the real ``groq`` client to a fake Groq server on 127.0.0.1
whose commentator states a wrong number or a wrong driver in every 5th sentence. It prints
how many model sentences were wrong, how many the check caught, how many passed it although
wrong (0 expected), and the share of the final feed's sentences whose claims are supported.

Run: ``.venv/bin/python bench/commentary.py`` (about a minute).
"""

from __future__ import annotations

import time

import _kit  # noqa: F401  (sets up sys.path)
from _kit import kit_store_copy, median_time, warm_fastf1_cache

from f1core.chat.groq_client import GroqConfig
from f1core.commentary import feed as cf
from f1core.commentary import voice
from f1core.store import SessionKey, open_store
from tests.chat.fake_groq import serve_fake_groq
from tests.commentary.fake_broadcaster import broadcaster


def _ff1_loader(key: SessionKey):
    import fastf1

    def load():
        s = fastf1.get_session(key.year, key.round, key.session_code)
        s.load(laps=True, weather=True, messages=True, telemetry=False)
        return s

    return load


def main() -> None:
    import fastf1

    store = open_store(kit_store_copy(), read_only=True)
    fastf1.Cache.configure(cache_dir=str(warm_fastf1_cache()))
    fastf1.Cache.offline_mode(True)
    fastf1.set_log_level("ERROR")
    keys = [SessionKey(*r) for r in store.query_rows(
        "SELECT year, round, session_code FROM sessions WHERE session_code IN ('R', 'S') ORDER BY 1, 2, 3")]  # fmt: skip
    print(f"{'race':<10} {'events':>6} {'headline':>8} {'supported':>9} "
          f"{'feed ms':>8} {'fastf1 ms':>9} {'ratio':>6}")  # fmt: skip
    feeds, ratios, total_events, total_ok = {}, [], 0, 0
    for key in keys:
        build = lambda key=key: cf.race_feed(store, key).templates  # noqa: E731
        t_feed = median_time(build, repeat=3)
        try:
            t_ff1 = median_time(_ff1_loader(key), repeat=1)
        except Exception as exc:  # noqa: BLE001 (a session FastF1 cannot load offline is reported)
            t_ff1 = float("nan")
            print(f"  fastf1 could not load {key} offline: {type(exc).__name__}")
        feed = cf.race_feed(store, key)
        frame = feed.templates
        ok = int((~frame["check"].str.startswith("UNSUPPORTED")).sum())
        total_events, total_ok = total_events + len(frame), total_ok + ok
        feeds[key] = feed
        ratio = t_ff1 / t_feed
        if ratio == ratio:
            ratios.append(ratio)
        print(f"{str(key):<10} {len(frame):>6} {(frame['importance'] == 'headline').sum():>8} "
              f"{ok / len(frame):>9.1%} {t_feed * 1000:>8.0f} {t_ff1 * 1000:>9.0f} {ratio:>5.1f}x")  # fmt: skip
    print(f"all {len(keys)} races: {total_events} events, {total_events / len(keys):.0f} per race, "
          f"template sentences supported {total_ok}/{total_events} = {total_ok / total_events:.1%}; "
          f"feed build vs FastF1 load: median {sorted(ratios)[len(ratios) // 2]:.1f}x faster")  # fmt: skip

    sent = wrong = caught = missed = kept = final_ok = rows = 0
    start = time.perf_counter()
    with serve_fake_groq() as fake:
        config = GroqConfig(
            api_key="gsk_bench_not_a_key", model="fake-llama", base_url=fake.base_url
        )
        for feed in feeds.values():
            log: list = []
            fake.responder = broadcaster(wrong_every=5, drivers=sorted(feed.who), log=log)
            out = voice.rewrite(feed.events, config, feed.who)
            frame = feed.frame(out.said)
            for i, (*_, bad) in enumerate(log):
                sent += 1
                wrong += bad
                failed = frame["source"].iloc[i].startswith("template (")
                caught += bad and failed
                missed += bad and not failed
                kept += frame["source"].iloc[i] == "groq"
            rows += len(frame)
            final_ok += int((~frame["check"].str.startswith("UNSUPPORTED")).sum())
    took = time.perf_counter() - start
    print(f"fake Groq (every 5th sentence wrong), {len(feeds)} races through the real client in "
          f"{took:.1f} s: {sent} model sentences, {wrong} wrong, {caught} caught by the check, "
          f"{missed} wrong but passed; model sentences kept {kept} ({kept / sent:.1%}); "
          f"false rejections {sent - wrong - kept}; final feed sentences supported "
          f"{final_ok}/{rows} = {final_ok / rows:.1%}")  # fmt: skip


if __name__ == "__main__":
    main()
