"""Open one session (laps, results, weather): our DuckDB store vs FastF1 from its warm cache.

Baseline: ``fastf1.get_session(2025, 'Australia', 'R').load(laps=True, weather=True,
telemetry=False, messages=False)`` reading the same session from a warm FastF1 cache.
"""

from __future__ import annotations

import _kit  # noqa: F401  (sets up sys.path)
from _kit import kit_store_copy, median_time, warm_fastf1_cache

from f1core.store import SessionKey, open_store
from f1core.store.queries import session_table

KEY = SessionKey(2025, 1, "R")


def main() -> None:
    import fastf1

    store_path = kit_store_copy()
    cache = warm_fastf1_cache()
    fastf1.Cache.configure(cache_dir=str(cache))
    fastf1.Cache.offline_mode(True)
    fastf1.set_log_level("ERROR")

    def ff1_open():
        s = fastf1.get_session(2025, "Australia", "R")
        s.load(laps=True, weather=True, telemetry=False, messages=False)
        return s.laps, s.results, s.weather_data

    store = open_store(store_path)

    def ours_open():
        return [session_table(store, t, KEY) for t in ("laps", "results", "weather")]

    def ours_cold():
        fresh = open_store(store_path, read_only=True)
        out = [session_table(fresh, t, KEY) for t in ("laps", "results", "weather")]
        fresh.close()
        return out

    laps, results, weather = ours_open()
    f_laps, f_res, f_weather = ff1_open()
    assert (len(laps), len(results), len(weather)) == (len(f_laps), len(f_res), len(f_weather))

    t_ff1 = median_time(ff1_open, repeat=5)
    t_ours = median_time(ours_open, repeat=20)
    store.close()
    t_cold = median_time(ours_cold, repeat=10)
    print(
        f"session 2025/1/R: {len(laps)} laps, {len(results)} results, {len(weather)} weather rows"
    )
    print(f"baseline fastf1 Session.load from warm cache: {t_ff1 * 1000:8.1f} ms")
    print(f"pit wall store, open connection:              {t_ours * 1000:8.1f} ms "
          f"-> {t_ff1 / t_ours:6.1f}x faster")  # fmt: skip
    print(f"pit wall store, incl. opening the file:       {t_cold * 1000:8.1f} ms "
          f"-> {t_ff1 / t_cold:6.1f}x faster")  # fmt: skip


if __name__ == "__main__":
    main()
