"""Warm server-side run time of the Session and Telemetry pages, against FastF1 and raw files.

Run: ``.venv/bin/python bench/pages.py [--runs N]``.

Measured in one run, on a private copy of the kit store:
- each view of the Session page for the 2025 Australian GP race, 3 drivers (AppTest, warm
  Streamlit caches, median of ``--runs``), against the 300 ms budget;
- the Telemetry page with 4 laps overlaid (race, NOR/VER/PIA/RUS fastest laps);
- baseline 1: the lap-time figure built straight from FastF1 objects (``Session.load`` of the
  kit's FastF1 cache with ``telemetry=False``, then the same figure from ``session.laps``),
  once cold (first load in the process) and once warm (second load);
- baseline 2: the telemetry overlay built straight from the kit's TracingInsights parquet
  files (FastF1 car data is not in the kit, so these files are the nearest raw source).
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

from _kit import KIT_DIR, kit_store_copy, median_time, warm_fastf1_cache, warm_page_ms

BUDGET_MS = 300.0
QUERY = {"year": "2025", "round": "1", "session": "R", "drivers": "NOR,VER,PIA"}
VIEWS = ["Results", "Lap times", "Positions", "Strategy", "Pace", "Sectors", "Weather",
         "Race control"]  # fmt: skip
TEL_LAPS = [("NOR", 43), ("VER", 43), ("PIA", 43), ("RUS", 42)]


def _fastf1_lap_figure_s(cache_dir) -> tuple[float, float]:
    """Seconds to load the race with FastF1 and draw the lap-time figure: cold, then warm."""
    import fastf1

    from f1core.analysis.laps import flag_laps
    from f1core.charts.colors import driver_styles
    from f1core.charts.laps import lap_time_figure

    fastf1.Cache.configure(cache_dir=str(cache_dir))
    fastf1.Cache.offline_mode(True)
    fastf1.set_log_level("ERROR")

    def build():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            session = fastf1.get_session(2025, "Australia", "R")
            session.load(telemetry=False, messages=True, weather=False)
        laps = session.laps.pick_drivers(["NOR", "VER", "PIA"])
        import pandas as pd

        frame = pd.DataFrame({
            "driver": laps["Driver"], "lap_number": laps["LapNumber"].astype(int),
            "lap_time_s": laps["LapTime"].dt.total_seconds(),
            "pit_in_s": laps["PitInTime"].dt.total_seconds(),
            "pit_out_s": laps["PitOutTime"].dt.total_seconds(),
            "track_status": laps["TrackStatus"], "deleted": laps["Deleted"].fillna(False),
            "compound": laps["Compound"], "tyre_life": laps["TyreLife"],
        })  # fmt: skip
        teams = session.results[["Abbreviation", "TeamName", "TeamColor"]].rename(
            columns={"Abbreviation": "driver", "TeamName": "team", "TeamColor": "team_color"}
        )
        return lap_time_figure(flag_laps(frame, per_lap=True), driver_styles(teams))

    start = time.perf_counter()
    build()
    cold = time.perf_counter() - start
    return cold, median_time(build, repeat=3, warmup=0)


def _raw_telemetry_figure_s() -> float:
    """Seconds to read 4 laps from the kit parquet and draw the same overlay."""
    import pandas as pd

    from f1core.analysis.delta import delta_to_reference
    from f1core.charts import telemetry as tc

    path = KIT_DIR / "telemetry" / "2025_01_australian_gp" / "race_telemetry.parquet"

    def build():
        parts = [pd.read_parquet(path, filters=[("driver", "==", d), ("lap", "==", n)])
                 for d, n in TEL_LAPS]  # fmt: skip
        tel = pd.concat(parts).rename(columns={"lap": "lap_number"})
        tel["brake"] = tel["brake"].astype(bool)
        overlay = tc.overlay_frame(tc.decimate(tel))
        deltas = delta_to_reference(tel, TEL_LAPS[0], TEL_LAPS)
        return tc.telemetry_figure(overlay, {}, delta=deltas).to_json()

    return median_time(build, repeat=3)


def _delta_accuracy(store_path) -> None:
    """Delta error against official lap and sector times, relative vs absolute alignment."""
    from f1core.analysis.delta import reconcile_delta
    from f1core.analysis.laps import pick_fastest_laps
    from f1core.store import SessionKey, open_store
    from f1core.store.queries import lap_telemetry, session_table

    store = open_store(store_path)
    try:
        for code in ("Q", "R"):
            key = SessionKey(2025, 1, code)
            laps = session_table(store, "laps", key)
            timed = laps[laps["is_accurate"].fillna(False) & laps["lap_time_s"].notna()]
            ref = tuple(pick_fastest_laps(timed)[["driver", "lap_number"]].iloc[0])
            pairs = [p for p in zip(timed["driver"], timed["lap_number"], strict=True) if p != ref]
            tel = lap_telemetry(store, key, [ref, *pairs])
            have = set(zip(tel["driver"], tel["lap_number"], strict=True))
            pairs = [p for p in pairs if p in have]
            print(f"Delta vs official timing, 2025 AUS {code}: {len(pairs)} accurate laps "
                  f"against {ref[0]} L{ref[1]} (mean |error| / 95th percentile, ms)")  # fmt: skip
            for method in ("relative", "absolute"):
                check = reconcile_delta(tel, laps, ref, pairs, method=method)
                cells = [f"{c[:-8]} {check[c].abs().mean() * 1000:6.1f} / "
                         f"{check[c].abs().quantile(0.95) * 1000:6.1f}"
                         for c in ("end_error_s", "s1_error_s", "s2_error_s")]  # fmt: skip
                print(f"  {method:<9} " + "   ".join(cells))
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    store_path = kit_store_copy()
    _delta_accuracy(store_path)
    os.environ["F1_STORE"] = str(store_path)
    os.environ["F1_OFFLINE"] = "1"
    session_page = "pages/10_Session.py"
    tel_page = "pages/20_Telemetry.py"

    print(f"Warm server-side runs (AppTest, median of {args.runs}); budget {BUDGET_MS:.0f} ms")
    worst = 0.0
    for view in VIEWS:
        ms = warm_page_ms(session_page, {**QUERY, "view": view}, args.runs)
        worst = max(worst, ms)
        print(f"  Session / {view:<13} {ms:7.1f} ms  ({ms / BUDGET_MS:.2f} x budget)")
    laps = ",".join(f"{d} L{n}" for d, n in TEL_LAPS)
    tel_query = {**QUERY, "drivers": "NOR,VER,PIA,RUS", "laps": laps}
    tel_ms = warm_page_ms(tel_page, tel_query, args.runs)
    print(f"  Telemetry, 4 laps      {tel_ms:7.1f} ms  ({tel_ms / BUDGET_MS:.2f} x budget)")

    cold_s, warm_s = _fastf1_lap_figure_s(warm_fastf1_cache())
    lap_ms = warm_page_ms(session_page, {**QUERY, "view": "Lap times"}, args.runs)
    print("Baseline 1: lap-time figure straight from FastF1 objects (Session.load + figure)")
    print(f"  FastF1 first load {cold_s * 1000:8.0f} ms, repeat {warm_s * 1000:8.0f} ms; "
          f"page {lap_ms:.0f} ms -> page is {warm_s * 1000 / lap_ms:.1f}x faster than the "
          f"repeat load, {cold_s * 1000 / lap_ms:.1f}x than the first")  # fmt: skip
    raw_s = _raw_telemetry_figure_s()
    print("Baseline 2: telemetry overlay + delta straight from the kit parquet files")
    print(f"  raw files {raw_s * 1000:.0f} ms; whole page {tel_ms:.0f} ms "
          f"(ratio page/raw {tel_ms / (raw_s * 1000):.2f})")  # fmt: skip
    print(
        f"Worst Session view {worst:.0f} ms; within budget: {worst < BUDGET_MS and tel_ms < BUDGET_MS}"
    )


if __name__ == "__main__":
    main()
