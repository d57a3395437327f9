"""Benchmark the strategy lab on the kit's 2025 Chinese GP (20 cars, 56 laps).

Prints, each against a naive per-lap Python loop implementation of the same model measured
in the same run (and checks both give the same race times):
- one deterministic 20-car race (target < 5 ms);
- 1,000 Monte Carlo races (target < 5 s on 2 cores);
- the optimiser over all 1-3 stop strategies for one driver (target < 10 s); the naive
  baseline scores a random sample of the same strategies lap by lap and is extrapolated
  to the full count (marked "extrapolated");
- the race as known at lap 20 (shared replay clock): the lap-N state table against a naive
  row-by-row Python loop over the same laps, and the whole lap-N setup (state, fits, every
  car's plan for the rest) against the whole-race setup;
- one forecast from 50 % distance (leave-one-out priors, Monte Carlo, scored) against the
  in-sample diagnostic of the same race, and the whole backtest of every stored race;
- the Strategy page's Monte Carlo views (what-if, optimiser, pit window; whole race and as known
  at lap 20) passing with the overtake model against the same views on the one global threshold
  (what the page ran before), and the model's fit (once per race and store version).

Run: .venv/bin/python bench/strategy.py
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _kit import kit_store_copy, median_time  # noqa: E402

from f1core.store import SessionKey, open_store  # noqa: E402
from f1core.store.queries import session_table  # noqa: E402
from f1core.strategy import priors  # noqa: E402
from f1core.strategy.backtest import DEFAULT_SIMS, backtest_store, score_race  # noqa: E402
from f1core.strategy.from_lap import build_race_setup_at_lap, race_state_at_lap  # noqa: E402
from f1core.strategy.optimiser import compound_sequences, optimise_strategy, stop_lap_grid  # noqa: E402
from f1core.strategy.pace_model import FOLLOW_GAP_S, SC_GAP_S  # noqa: E402
from f1core.strategy.pit_window import pit_window  # noqa: E402
from f1core.strategy.race import Strategy, build_race_setup, build_store_context  # noqa: E402
from f1core.strategy.simulate import COND_CODE, SC_CATCH_UP, draw_race, simulate_race  # noqa: E402
from f1core.strategy.validation import backtest_race  # noqa: E402
from f1core.strategy.whatif import compare_strategy  # noqa: E402

KEY, DRIVER, LAP = SessionKey(2025, 2, "R"), "NOR", 20


def naive_state(laps, lap: int) -> dict[str, tuple]:
    """Each running car's (position, compound, tyre life, gap) at ``lap``, row by row."""
    start, last = float("inf"), {}
    for row in laps.itertuples(index=False):
        if row.lap_number == 1:
            start = min(start, row.lap_start_s)
        newer = row.driver not in last or row.lap_number > last[row.driver].lap_number
        if row.lap_number <= lap and row.lap_end_s == row.lap_end_s and newer:
            last[row.driver] = row
    running = [r for r in last.values() if r.lap_number == lap]
    lead = min(r.lap_end_s for r in running)
    return {r.driver: (r.position, r.compound, r.tyre_life, r.lap_end_s - lead) for r in running}


def naive_race(setup, cond, noise=None, start_noise=None) -> list[float]:
    """The simulator's model written as plain Python loops: one lap, one car at a time."""
    fit, n, cars = setup.degradation, setup.total_laps, len(setup.drivers)
    losses = {0: setup.pit.green_s, 1: setup.pit.sc_s, 2: setup.pit.vsc_s}
    cum = [(setup.grid[i] - 1) * 1e-6 for i in range(cars)]
    plans = [setup.actual[d] for d in setup.drivers]
    for lap in range(1, n + 1):
        c = cond[lap - 1]
        free = []
        for i, plan in enumerate(plans):
            if lap > setup.laps_done[i]:
                free.append(float("inf"))
                continue
            stint = sum(1 for s in plan.stop_laps if s < lap)
            start = plan.stop_laps[stint - 1] + 1 if stint else 1
            comp = fit.compounds[plan.compounds[stint]]
            age = plan.ages[stint] + lap - start
            t = (
                setup.pace[i]
                + comp.offset_s
                + comp.wear_s_per_lap * age
                + fit.fuel.s_per_lap * (n - lap + 1)
            )
            if lap == 1:
                t += setup.start.extra_s + setup.start.per_slot_s * (setup.grid[i] - 1)
                if start_noise is not None:
                    t += setup.start.per_slot_s * setup.start.place_change_sd * start_noise[i]
            if noise is not None:
                t += fit.residual_s * noise[lap - 1][i]
            if lap > 1:
                t *= (
                    setup.neutral.sc_factor * SC_CATCH_UP
                    if c == 1
                    else setup.neutral.vsc_factor
                    if c == 2
                    else 1.0
                )
            free.append(t)
        order = sorted(range(cars), key=lambda k: cum[k])
        new = {}
        for k, car in enumerate(order):
            t = cum[car] + free[car]
            if k and free[car] != float("inf"):
                ahead = order[k - 1]
                gap = SC_GAP_S if c == 1 else FOLLOW_GAP_S
                if free[ahead] != float("inf") and not (
                    c == 0 and free[ahead] - free[car] >= setup.threshold_s
                ):
                    t = max(t, new[ahead] + gap)
            new[car] = t
        if c == 1:
            new[order[0]] += free[order[0]] * (1 / SC_CATCH_UP - 1)
            queue = [car for car in order if new[car] != float("inf")]
            for k in range(1, len(queue)):
                new[queue[k]] = max(new[queue[k]], new[queue[k - 1]] + SC_GAP_S)
        for i, plan in enumerate(plans):
            cum[i] = new[i] + (losses[c] if lap in plan.stop_laps else 0.0)
    return cum


def naive_clean_air(setup, i, plan) -> float:
    fit, n, total, stint, age = setup.degradation, setup.total_laps, 0.0, 0, 1
    for lap in range(1, n + 1):
        comp = fit.compounds[plan.compounds[stint]]
        total += (
            setup.pace[i]
            + comp.offset_s
            + comp.wear_s_per_lap * age
            + fit.fuel.s_per_lap * (n - lap + 1)
        )
        if lap in plan.stop_laps:
            total, stint, age = total + setup.pit.green_s, stint + 1, 1
        else:
            age += 1
    return total


def main() -> None:
    store = open_store(kit_store_copy())
    setup = build_race_setup(store, KEY, build_store_context(store))
    actual = [COND_CODE[c] for c in setup.conditions]
    print(f"{setup.event_name} {KEY}: {len(setup.drivers)} cars, {setup.total_laps} laps")

    vec = simulate_race(setup, check=False).elapsed[0, -1]
    ref = naive_race(setup, actual)
    done = np.isfinite(vec)
    print(
        f"same result check: max |vectorised - naive| = {np.max(np.abs(vec[done] - np.array(ref)[done])):.2e} s"
    )
    t_vec = median_time(lambda: simulate_race(setup, check=False), repeat=50, warmup=3)
    t_naive = median_time(lambda: naive_race(setup, actual), repeat=10)
    print(f"1 deterministic race: vectorised {t_vec * 1e3:.2f} ms, naive loop {t_naive * 1e3:.2f} ms "
          f"-> {t_naive / t_vec:.1f}x (target < 5 ms)")  # fmt: skip

    draws = draw_race(setup, 1000, seed=0)
    start = time.perf_counter()
    mc = simulate_race(setup, mode="monte_carlo", draws=draws, check=False)
    t_mc = time.perf_counter() - start
    start = time.perf_counter()
    naive = [
        naive_race(setup, draws.conditions[s], draws.lap_noise[s], draws.start_noise[s])
        for s in range(1000)
    ]
    t_mc_naive = time.perf_counter() - start
    both = np.isfinite(mc.elapsed[:, -1]) & np.isfinite(np.array(naive))
    diff = np.abs(mc.elapsed[:, -1][both] - np.array(naive)[both]).max()
    print(f"1,000 Monte Carlo races: vectorised {t_mc:.3f} s, naive loop {t_mc_naive:.3f} s "
          f"-> {t_mc_naive / t_mc:.1f}x (target < 5 s; max diff {diff:.1e} s)")  # fmt: skip

    start = time.perf_counter()
    best = optimise_strategy(setup, DRIVER, n_sims=300)
    t_opt = time.perf_counter() - start
    compounds = [c for c in setup.compounds_seen if c in setup.degradation.compounds]
    total = sum(len(stop_lap_grid(setup.total_laps, k)) * len(compound_sequences(compounds, k + 1, dry_rule=True))
                for k in (1, 2, 3))  # fmt: skip
    rng = np.random.default_rng(0)
    sample = []
    for _ in range(3000):
        k = int(rng.integers(1, 4))
        grid = stop_lap_grid(setup.total_laps, k)
        seqs = compound_sequences(compounds, k + 1, dry_rule=True)
        sample.append(
            Strategy(
                seqs[rng.integers(len(seqs))], tuple(int(x) for x in grid[rng.integers(len(grid))])
            )
        )
    i = setup.index(DRIVER)
    start = time.perf_counter()
    for plan in sample:
        naive_clean_air(setup, i, plan)
    per = (time.perf_counter() - start) / len(sample)
    print(f"optimiser, all {total:,} 1-3 stop strategies for {DRIVER} + 300-race Monte Carlo of the best "
          f"{len(best) - 1}: {t_opt:.2f} s; naive loop scoring alone {per * total:.1f} s (extrapolated from "
          f"{len(sample):,}) -> {per * total / t_opt:.1f}x (target < 10 s)")  # fmt: skip
    print(best.drop(columns="positions").head(4).round(2).to_string(index=False))

    laps, pits = session_table(store, "laps", KEY), session_table(store, "pit_stops", KEY)
    state = race_state_at_lap(laps, pits, LAP, total_laps=setup.total_laps)
    ref = naive_state(laps, LAP)
    run = state[state["running"]]
    same = all(ref[d][:3] == (p, c, t) and abs(ref[d][3] - g) < 1e-9 for d, p, c, t, g in
               run[["driver", "position", "compound", "tyre_life", "gap_s"]].itertuples(index=False))  # fmt: skip
    t_state = median_time(
        lambda: race_state_at_lap(laps, pits, LAP, total_laps=setup.total_laps), repeat=20
    )
    t_naive_state = median_time(lambda: naive_state(laps, LAP), repeat=20)
    print(f"lap-{LAP} state of {len(run)} cars: vectorised {t_state * 1e3:.2f} ms, naive row loop "
          f"{t_naive_state * 1e3:.2f} ms -> {t_naive_state / t_state:.1f}x (same result: {same})")  # fmt: skip
    context = build_store_context(store)
    t_at = median_time(
        lambda: build_race_setup_at_lap(store, KEY, context, LAP), repeat=5, warmup=1
    )
    t_whole = median_time(lambda: build_race_setup(store, KEY, context), repeat=5, warmup=1)
    print(f"race setup as known at lap {LAP} (state, fits, every car's plan for the rest): {t_at * 1e3:.0f} ms; "
          f"whole-race setup {t_whole * 1e3:.0f} ms -> {t_at / t_whole:.2f}x the whole-race cost")  # fmt: skip

    races = priors.measure_store_priors(store)
    loo = priors.build_store_context(store, exclude=KEY, races=races)
    t_fc = median_time(lambda: score_race(store, KEY, loo, 0.5), repeat=3, warmup=1)
    t_diag = median_time(
        lambda: backtest_race(build_race_setup(store, KEY, context)), repeat=3, warmup=1
    )
    t_all = median_time(lambda: backtest_store(store), repeat=1, warmup=0)
    print(f"forecast from 50 % distance on leave-one-out priors ({DEFAULT_SIMS}-race Monte Carlo, scored): "
          f"{t_fc * 1e3:.0f} ms; in-sample diagnostic of the same race {t_diag * 1e3:.0f} ms -> "
          f"{t_fc / t_diag:.2f}x; every stored race at 25/50/75 %: {t_all:.1f} s")  # fmt: skip

    page_monte_carlo(store, context, races)


def page_monte_carlo(store, context, races) -> None:
    """The page's Monte Carlo views with passes from the overtake model against the threshold."""
    t_fit = median_time(lambda: priors.race_pass_model(races, KEY), repeat=3, warmup=0)
    model = priors.race_pass_model(races, KEY)
    print(
        f"overtake model fitted on the other races (once per race and store version): {t_fit:.2f} s"
    )
    for lap in (0, LAP):
        setup = (
            build_race_setup_at_lap(store, KEY, context, lap)
            if lap
            else build_race_setup(store, KEY, context)
        )
        for name, t_model, t_rule in _view_times(setup, replace(setup, pass_model=model)):
            print(f"{f'lap {lap}' if lap else 'whole race'}, {name}: overtake model {t_model:.2f} s, "
                  f"global threshold {t_rule:.2f} s -> {t_model / t_rule:.1f}x")  # fmt: skip


def _view_times(by_rule, by_model) -> list[tuple[str, float, float]]:
    """``(view, seconds with the model, seconds with the threshold)`` of each Monte Carlo view."""
    plan = Strategy.parse("M-15-H-35-H" if by_rule.from_lap else "M-22-H")
    window = range(max(11, by_rule.from_lap + 1), 26)
    views = {"what-if (300 races)": lambda s: compare_strategy(s, DRIVER, plan),
             "optimiser (300 races)": lambda s: optimise_strategy(s, DRIVER, n_sims=300),
             f"pit window (200 races x {len(window)} laps)": lambda s: pit_window(s, DRIVER, window)}  # fmt: skip
    return [(name, median_time(partial(view, by_model), repeat=3), median_time(partial(view, by_rule), repeat=3))
            for name, view in views.items()]  # fmt: skip


if __name__ == "__main__":
    main()
