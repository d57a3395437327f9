"""Benchmark the Strategy page's store-wide priors, cold after an ingest of one race.

Every ingest changes the store's version, so the page's pooled priors (pit losses, overtaking
threshold, SC/VSC factors and rates over every stored race) are built again. Measured on a
copy of the kit store, after a real ingest of the 2025 Australian GP race (offline, warm
FastF1 cache), each median of ``--repeat`` ingests:

- from scratch (the baseline, what the page did): measure every race, then pool;
- from per-race parts (what the page does): each race's part cached under that race's own
  version, so only the ingested race is measured again, then pool;
- the same two for the backtest's leave-one-out priors (one pooled context per race).

Each run checks that both give identical priors. Run: .venv/bin/python bench/priors.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _kit import kit_store_copy, warm_fastf1_cache  # noqa: E402

from f1core.config import load_settings  # noqa: E402
from f1core.ingest import ingest_session  # noqa: E402
from f1core.store import open_store  # noqa: E402
from f1core.store.queries import session_versions  # noqa: E402
from f1core.strategy import priors  # noqa: E402
from f1core.strategy.pit_loss import race_sessions  # noqa: E402


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def _same(a: priors.StoreContext, b: priors.StoreContext) -> bool:
    plain = {k: v for k, v in vars(a).items() if k != "pit_losses"}
    other = {k: v for k, v in vars(b).items() if k != "pit_losses"}
    return a.pit_losses.equals(b.pit_losses) and str(plain) == str(other)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="ingests measured (median)")
    args = parser.parse_args()
    path = kit_store_copy()
    settings = load_settings(store_path=path, fastf1_cache=warm_fastf1_cache(), offline=True)
    store = open_store(path)
    parts: dict = {}  # the app keeps these in st.cache_resource, keyed the same way

    def from_parts() -> list[priors.RacePriors]:
        versions = session_versions(store)

        def cached(key):
            if (key, versions[key]) not in parts:
                parts[key, versions[key]] = priors.measure_race_priors(store, key)
            return parts[key, versions[key]]

        return priors.measure_store_priors(store, measure=cached)

    def pooled(races: list[priors.RacePriors], *, loo: bool) -> list[priors.StoreContext]:
        keys = race_sessions(store) if loo else [None]
        return [priors.pool_priors(store, races, exclude=k) for k in keys]

    from_parts()  # warm: the page has seen every race once before the ingest
    times: dict[str, list[float]] = {"scratch": [], "parts": [], "loo_scratch": [], "loo_parts": []}
    same = True
    for _ in range(args.repeat):
        for loo, name in ((False, ""), (True, "loo_")):
            ingest_session(store, settings, 2025, "Australia", "R")
            fresh, t = _timed(lambda loo=loo: pooled(from_parts(), loo=loo))
            times[f"{name}parts"].append(t)
            ref, t = _timed(lambda loo=loo: pooled(priors.measure_store_priors(store), loo=loo))
            times[f"{name}scratch"].append(t)
            same &= all(_same(a, b) for a, b in zip(fresh, ref, strict=True))
    med = {k: statistics.median(v) for k, v in times.items()}
    n = len(race_sessions(store))
    print(
        f"store priors over {n} races, cold after an ingest of one race (median of {args.repeat}):"
    )
    print(f"  pooled priors:  from scratch {med['scratch'] * 1e3:.0f} ms, from per-race parts "
          f"{med['parts'] * 1e3:.0f} ms -> {med['scratch'] / med['parts']:.1f}x faster")  # fmt: skip
    print(f"  leave-one-out priors for every race (the backtest): from scratch "
          f"{med['loo_scratch'] * 1e3:.0f} ms, from per-race parts {med['loo_parts'] * 1e3:.0f} ms "
          f"-> {med['loo_scratch'] / med['loo_parts']:.1f}x faster")  # fmt: skip
    print(f"  identical priors: {same}")
    store.close()


if __name__ == "__main__":
    main()
