"""A vectorised lap-by-lap full-field race simulator (deterministic or Monte Carlo).

Each car's free lap time is ``pace + compound offset + wear * tyre age + fuel + noise`` (plus
the standing start and grid slot on lap 1, times the SC/VSC factor on neutralised laps). The
whole ``(sims, laps, cars)`` block of free lap times is built in numpy first; the only Python
loop is over laps, where the field is put in road order and traffic is applied to all cars
and all simulations at once: a car not fast enough to pass (``threshold_s``) stays
``FOLLOW_GAP_S`` behind the car ahead, which is a segmented running maximum along the road
order. Pit losses are added after traffic, so a car in the pit lane holds nobody up. When the
setup carries a pass model (``overtaking.PassModel``, Monte Carlo only), a close car is cleared
instead with the model's calibrated probability, drawn per lap from the race's uniforms.

Monte Carlo draws (SC/VSC periods, lap noise, start noise, and when the setup asks for them
the fitted pace/tyre parameters within their standard errors, retirements from a per-lap
hazard and the stewards' penalties after the flag) depend only on the seed and the race size,
never on the strategies: two strategies run with the same seed meet the same random race
(common random numbers), so their difference is not noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from f1core.strategy.encoding import Encoded, encode_plans
from f1core.strategy.fuel import fuel_penalty_s
from f1core.strategy.overtaking import PassInputs, compound_codes, lap_history, model_passes
from f1core.strategy.pace_model import FOLLOW_GAP_S, SC_GAP_S
from f1core.strategy.race import RaceSetup, Strategy, check_strategy

GREEN, SC, VSC = 0, 1, 2
COND_CODE = {"green": GREEN, "SC": SC, "VSC": VSC}
SC_CATCH_UP = 0.9  # cars behind the safety car queue drive this much quicker to close up
RETIRED_LAP_S = 1e5  # lap time of a retired car inside the lap loop (see run_laps)
_BIG = 1e8  # segment offset for the segmented running maximum (larger than any time in the loop)
PIT_GAIN_FLOOR_S = (
    1.5  # a stop is at most this much quicker than the median; slow stops are unbounded
)


@dataclass(frozen=True)
class RaceDraws:
    """Random inputs of a Monte Carlo run, shared by every strategy with the same seed."""

    conditions: np.ndarray  # (sims, laps) int
    lap_noise: np.ndarray  # (sims, laps, cars) standard normal
    start_noise: np.ndarray  # (sims, cars) standard normal
    pace_noise: np.ndarray | None = None  # (sims, cars) standard normal
    tyre_noise: np.ndarray | None = None  # (sims, compounds, 2) standard normal: offset, wear
    retire_u: np.ndarray | None = None  # (sims, cars) uniform: retirement lap by inversion
    pit_noise: np.ndarray | None = None  # (sims, laps, cars) standard normal: stop-to-stop spread
    pass_u: np.ndarray | None = None  # (sims, laps, cars) uniform: passes drawn by the pass model
    drift_noise: np.ndarray | None = None  # (sims, cars) standard normal: pace drift after lap N
    steward_u: np.ndarray | None = None  # (sims, cars, 2) uniform: penalty or DSQ, penalty size


@dataclass(frozen=True)
class SimResult:
    """Output of :func:`simulate_race`.

    Attributes:
        drivers: car order of the arrays.
        elapsed: ``(sims, laps, cars)`` race time at the end of each lap (inf once retired).
        positions: ``(sims, cars)`` finishing position (1 = winner).
        conditions: ``(sims, laps)`` lap condition codes (0 green, 1 SC, 2 VSC).
        laps_done: ``(sims, cars)`` laps each car completed in each simulated race.
    """

    drivers: tuple[str, ...]
    elapsed: np.ndarray
    positions: np.ndarray
    conditions: np.ndarray
    laps_done: np.ndarray

    def finish_time(self) -> np.ndarray:
        """``(sims, cars)`` elapsed time at each car's last completed lap."""
        idx = np.clip(self.laps_done - 1, 0, self.elapsed.shape[1] - 1)
        return np.take_along_axis(self.elapsed, idx[:, None, :], axis=1)[:, 0, :]

    def positions_at(self, lap: int) -> np.ndarray:
        """``(sims, cars)`` running order at the end of ``lap`` (1-based)."""
        e = self.elapsed[:, lap - 1, :]
        return np.argsort(np.argsort(e, axis=1, kind="stable"), axis=1) + 1


def draw_race(setup: RaceSetup, n_sims: int, seed: int | None) -> RaceDraws:
    """Draw SC/VSC periods (rates from history) and noise for ``n_sims`` races."""
    rng = np.random.default_rng(seed)
    n, c = setup.total_laps, len(setup.drivers)
    nm = setup.neutral
    u_sc, u_vsc = rng.random((n_sims, n)), rng.random((n_sims, n))
    len_sc = 1 + rng.poisson(max(nm.sc_mean_laps - 1, 0), (n_sims, n))
    len_vsc = 1 + rng.poisson(max(nm.vsc_mean_laps - 1, 0), (n_sims, n))
    lap_noise = rng.standard_normal((n_sims, n, c))
    start_noise = rng.standard_normal((n_sims, c))
    extra = {}
    if setup.param_uncertainty:
        extra["pace_noise"] = rng.standard_normal((n_sims, c))
        extra["tyre_noise"] = rng.standard_normal((n_sims, len(setup.degradation.compounds), 2))
    if setup.retire_rate_per_lap > 0:
        extra["retire_u"] = rng.random((n_sims, c))
    if setup.pit_loss_sd_s > 0:
        extra["pit_noise"] = rng.standard_normal((n_sims, n, c))
    if setup.pass_model is not None:
        extra["pass_u"] = rng.random((n_sims, n, c))
    if setup.pace_drift_sd_s > 0:
        extra["drift_noise"] = rng.standard_normal((n_sims, c))
    if setup.penalty_rate > 0 or setup.dsq_rate > 0:
        extra["steward_u"] = rng.random((n_sims, c, 2))
    cond = np.zeros((n_sims, n), dtype=np.int8)
    left = np.zeros(n_sims, dtype=int)
    kind = np.zeros(n_sims, dtype=np.int8)
    for lap in range(n - 1):  # nothing starts on the last lap
        free = left == 0
        start_sc = free & (u_sc[:, lap] < nm.sc_rate_per_lap)
        start_vsc = free & ~start_sc & (u_vsc[:, lap] < nm.vsc_rate_per_lap)
        left = np.where(start_sc, len_sc[:, lap], np.where(start_vsc, len_vsc[:, lap], left))
        kind = np.where(start_sc, SC, np.where(start_vsc, VSC, kind))
        cond[:, lap] = np.where(left > 0, kind, GREEN)
        left = np.maximum(left - 1, 0)
    return RaceDraws(cond, lap_noise, start_noise, **extra)


def tyre_parameters(setup: RaceSetup, draws: RaceDraws | None) -> tuple[np.ndarray, np.ndarray]:
    """``(sims or 1, compounds)`` offsets and wear rates: the fit, or drawn within its errors.

    Offset and wear of a compound are drawn jointly (their fitted correlation); wear is kept
    at or above 0 (tyres do not get quicker with age).
    """
    fits = list(setup.degradation.compounds.values())
    offset = np.array([f.offset_s for f in fits])[None, :]
    wear = np.array([f.wear_s_per_lap for f in fits])[None, :]
    if draws is None or draws.tyre_noise is None:
        return offset, wear
    se_o = np.array([f.offset_se_s for f in fits])
    se_w = np.array([f.wear_se_s_per_lap for f in fits])
    rho = np.array([f.cov_offset_wear / (a * b) if a > 0 and b > 0 else 0.0
                    for f, a, b in zip(fits, se_o, se_w, strict=True)]).clip(-1, 1)  # fmt: skip
    z_o, z_w = draws.tyre_noise[..., 0], draws.tyre_noise[..., 1]
    z_w = rho * z_o + np.sqrt(1 - rho**2) * z_w
    return offset + se_o * z_o, np.maximum(wear + se_w * z_w, 0.0)


def drawn_laps_done(setup: RaceSetup, draws: RaceDraws | None, sims: int) -> np.ndarray:
    """``(sims, cars)`` laps completed: the setup's, cut short by a drawn retirement.

    Each car still running after ``setup.from_lap`` retires on lap ``from_lap + k`` with
    ``k`` geometric in ``retire_rate_per_lap`` (completing the laps before it).
    """
    done = np.broadcast_to(setup.laps_done, (sims, len(setup.drivers)))
    h = setup.retire_rate_per_lap
    if draws is None or draws.retire_u is None or h <= 0:
        return done.copy()
    k = np.floor(np.log(draws.retire_u) / np.log1p(-h)) + 1  # laps until the failure, >= 1
    cut = setup.from_lap + k.astype(np.int64) - 1
    return np.minimum(done, cut)


def encode_strategies(setup: RaceSetup, strategies: dict[str, Strategy]) -> Encoded:
    """Strategies -> ``(compound index, tyre age, pit flag)`` arrays of shape ``(cars, laps)``.

    Drivers not in ``strategies`` run what they actually ran (taken from ``setup.encoded``
    when the setup carries it).
    """
    compounds = list(setup.degradation.compounds)
    if setup.encoded is not None:
        return encode_plans(
            setup.drivers, strategies, compounds, setup.total_laps, base=setup.encoded
        )
    plans = {d: strategies.get(d) or setup.actual[d] for d in setup.drivers}
    return encode_plans(setup.drivers, plans, compounds, setup.total_laps)


def free_lap_times(setup: RaceSetup, comp: np.ndarray, age: np.ndarray, cond: np.ndarray,
                   draws: RaceDraws | None, laps_done: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
    """``(sims, laps, cars)`` lap times each car would do in clean air (inf once out of the race)."""
    fit = setup.degradation
    offset, wear = tyre_parameters(setup, draws)
    laps = np.arange(1, setup.total_laps + 1)
    pace = setup.pace[None, :]
    if draws is not None and draws.pace_noise is not None and setup.pace_se is not None:
        pace = pace + setup.pace_se[None, :] * draws.pace_noise
    # (sims or 1, cars, laps) then laps before cars
    base = (
        pace[:, :, None]
        + offset[:, comp]
        + wear[:, comp] * age[None]
        + fuel_penalty_s(fit.fuel, laps)[None, None, :]
    )
    t = np.broadcast_to(
        base.transpose(0, 2, 1), (cond.shape[0], setup.total_laps, len(setup.drivers))
    ).copy()
    start = setup.start
    t[:, 0, :] += start.extra_s + start.per_slot_s * (setup.grid - 1)
    if draws is not None:
        t += fit.residual_s * draws.lap_noise
        t[:, 0, :] += start.per_slot_s * start.place_change_sd * draws.start_noise
    if draws is not None and draws.drift_noise is not None:  # conditions move after lap N
        t[:, setup.from_lap :, :] += setup.pace_drift_sd_s * draws.drift_noise[:, None, :]
    factor = np.where(cond == SC, setup.neutral.sc_factor * SC_CATCH_UP,
                      np.where(cond == VSC, setup.neutral.vsc_factor, 1.0))  # fmt: skip
    factor[:, 0] = 1.0  # the start model already measured the real lap 1, neutralised or not
    t *= factor[:, :, None]
    done = (
        np.broadcast_to(setup.laps_done, (t.shape[0], t.shape[2]))
        if laps_done is None
        else laps_done
    )
    t[laps[None, :, None] > done[:, None, :]] = np.inf
    return t


def run_laps(free: np.ndarray, loss: np.ndarray, cond: np.ndarray, grid: np.ndarray,
             threshold_s: float, *, known: np.ndarray | None = None,
             passes: PassInputs | None = None) -> np.ndarray:  # fmt: skip
    """Race the field lap by lap with traffic; returns ``(sims, laps, cars)`` elapsed times.

    ``free`` is ``inf`` from a car's retirement on; inside the loop such a car runs a
    ``RETIRED_LAP_S`` lap instead (so it drops to the back and never holds anyone up: every car
    behind it passes), and its elapsed times are set back to ``inf`` at the end.

    Args:
        known: ``(N, cars)`` real elapsed times of laps 1..N (inf: not running); the loop then
            starts from the real gaps at the end of lap N and those laps are copied as they were.
        passes: clear close cars on green laps with the pass model instead of the threshold.
    """
    retired = np.isinf(free)
    work = np.where(retired, RETIRED_LAP_S, free)
    first, cum0 = 0, (grid - 1) * 1e-6
    if known is not None and len(known):
        first, last = len(known), known[-1]
        # A car out by lap N starts behind everyone; its times are set to inf below anyway.
        cum0 = np.where(
            np.isfinite(last), last, np.nanmax(np.where(np.isfinite(last), last, 0)) + RETIRED_LAP_S
        )
    if free.shape[0] == 1 and passes is None:
        out = _run_laps_single(work[0], loss[0], cond[0], cum0, threshold_s, first)[None]
    else:
        out = _run_laps_batch(work, loss, cond, cum0, threshold_s, first, passes, known)
    if first:
        out[:, :first, :] = known[None]
    out[np.logical_or.accumulate(retired, axis=1)] = np.inf
    return out


def _run_laps_batch(free, loss, cond, cum0, threshold_s: float, first: int = 0,
                    passes: PassInputs | None = None, known=None) -> np.ndarray:  # fmt: skip
    sims, n, cars = free.shape
    cum = np.broadcast_to(cum0, (sims, cars)).copy()
    out = np.empty_like(free)
    k = np.arange(cars)
    rows = np.arange(sims)[:, None]
    passing = np.ones((sims, cars), dtype=bool)
    # Race time at the end of the last four laps (car order), for the pass model's pace features.
    history = lap_history(cum, free, known, first, RETIRED_LAP_S) if passes is not None else None
    for lap in range(first, n):
        order = np.argsort(cum, axis=1, kind="stable")
        tf = free[:, lap, :][rows, order]
        tent = cum[rows, order] + tf
        c = cond[:, lap]
        # Overtaking only under green; past a retired car always (its lap is RETIRED_LAP_S).
        threshold = np.where(c == GREEN, threshold_s, RETIRED_LAP_S / 2)[:, None]
        passing[:, 1:] = tf[:, :-1] - tf[:, 1:] >= threshold
        if history is not None and lap > 0:
            passing[:, 1:] = model_passes(passes, history, order, rows, tf, c == GREEN, cond[:, lap - 1],
                                          lap, passing[:, 1:], RETIRED_LAP_S)  # fmt: skip
        kg = k * np.where(c == SC, SC_GAP_S, FOLLOW_GAP_S)[:, None]
        seg = np.cumsum(passing, axis=1) * _BIG
        new = np.maximum.accumulate(tent - kg + seg, axis=1) - seg + kg
        new = np.where(passing, tent, new)
        if (c == SC).any():  # the queue closes up behind the safety car
            sc_rows = c == SC
            new[sc_rows] = _close_queue(new[sc_rows], tf[sc_rows])
        cum[rows, order] = new + loss[:, lap, :][rows, order]
        out[:, lap, :] = cum
        if history is not None:
            history = np.concatenate([history[1:], cum[None]], axis=0)
    return out


def _close_queue(new: np.ndarray, tf: np.ndarray) -> np.ndarray:
    """Safety-car lap: the leader runs at the SC's pace, the rest queue ``SC_GAP_S`` apart."""
    new = new.copy()
    new[..., 0] += tf[..., 0] * (1 / SC_CATCH_UP - 1)
    live = tf < RETIRED_LAP_S / 2
    slot = np.cumsum(live, axis=-1) - 1  # places in the queue; retired cars take none
    closed = np.maximum.accumulate(np.where(live, new - slot * SC_GAP_S, -np.inf), axis=-1)
    return np.where(live, closed + slot * SC_GAP_S, new)


def _run_laps_single(free, loss, cond, cum0, threshold_s: float, first: int = 0) -> np.ndarray:
    """The same on 1-D arrays for one race (the deterministic mode's hot path)."""
    n, cars = free.shape
    cum = np.array(cum0, dtype=float)
    out = np.empty_like(free)
    kg = {
        code: np.arange(cars) * (SC_GAP_S if code == SC else FOLLOW_GAP_S)
        for code in (GREEN, SC, VSC)
    }
    passing = np.ones(cars, dtype=bool)
    for lap, c in enumerate(cond.tolist()[first:], start=first):
        order = np.argsort(cum, kind="stable")
        tf = free[lap][order]
        tent = cum[order] + tf
        np.greater_equal(
            tf[:-1] - tf[1:], threshold_s if c == GREEN else RETIRED_LAP_S / 2, out=passing[1:]
        )
        seg = np.cumsum(passing) * _BIG
        new = np.where(passing, tent, np.maximum.accumulate(tent - kg[c] + seg) - seg + kg[c])
        if c == SC:
            new = _close_queue(new, tf)
        cum[order] = new + loss[lap][order]
        out[lap] = cum
    return out


def steward_penalties(setup: RaceSetup, draws: RaceDraws | None) -> np.ndarray | None:
    """``(sims, cars)`` seconds the stewards add to each classified time (inf: disqualified)."""
    if draws is None or draws.steward_u is None:
        return None
    u, pick = draws.steward_u[..., 0], draws.steward_u[..., 1]
    sizes = np.asarray(setup.penalty_sizes_s or (5.0,), dtype=float)
    size = sizes[np.minimum((pick * len(sizes)).astype(int), len(sizes) - 1)]
    penalised = u < setup.dsq_rate + setup.penalty_rate
    return np.where(u < setup.dsq_rate, np.inf, np.where(penalised, size, 0.0))


def finishing_positions(
    elapsed: np.ndarray, laps_done: np.ndarray, penalty_s: np.ndarray | None = None
) -> np.ndarray:
    """``(sims, cars)`` classification: finishers by time, then retirements by laps completed.

    ``laps_done`` is ``(cars,)`` or ``(sims, cars)``. ``penalty_s`` (``steward_penalties``) is
    added to the finishers' times; a disqualified car (inf) is classified last.
    """
    n = elapsed.shape[1]
    laps_done = np.broadcast_to(laps_done, (elapsed.shape[0], elapsed.shape[2]))
    idx = np.clip(laps_done - 1, 0, n - 1)
    last = np.take_along_axis(elapsed, idx[:, None, :], axis=1)[:, 0, :]
    key = np.where(laps_done >= n, last, 1e9 + (n - laps_done) * 1e6 + np.minimum(last, 1e6 - 1))
    if penalty_s is not None:
        key = np.where(np.isinf(penalty_s), 1e12, key + np.where(laps_done >= n, penalty_s, 0.0))
    return np.argsort(np.argsort(key, axis=1, kind="stable"), axis=1) + 1


def simulate_race(
    setup: RaceSetup,
    strategies: dict[str, Strategy] | None = None,
    *,
    mode: Literal["deterministic", "monte_carlo"] = "deterministic",
    n_sims: int = 500,
    seed: int | None = 0,
    conditions: Literal["actual", "green", "random"] | None = None,
    draws: RaceDraws | None = None,
    check: bool = True,
) -> SimResult:
    """Simulate the whole field over the race distance.

    Args:
        setup: the race (see ``race.build_race_setup``).
        strategies: driver -> strategy to change; other drivers run what they actually ran.
        mode: ``deterministic`` (one race, no noise) or ``monte_carlo`` (``n_sims`` races).
        seed: Monte Carlo seed; the same seed gives the same random races for any strategies.
        conditions: ``actual`` SC/VSC laps of the real race, ``green`` none, ``random`` drawn
            from historical rates. Default: actual when deterministic, random in Monte Carlo.
        draws: pre-drawn random inputs (overrides ``n_sims``/``seed``).
        check: validate the changed strategies first.

    Raises:
        InvalidStrategy: a changed strategy is impossible (see ``race.check_strategy``).
    """
    strategies = strategies or {}
    if check:
        for d, s in strategies.items():
            check_strategy(setup, d, s)
    mc = mode == "monte_carlo"
    if mc and draws is None:
        draws = draw_race(setup, n_sims, seed)
    conditions = conditions or ("random" if mc else "actual")
    sims = draws.conditions.shape[0] if mc else 1
    if conditions == "random" and mc:
        cond = draws.conditions
    elif conditions == "green":
        cond = np.zeros((sims, setup.total_laps), dtype=np.int8)
    else:
        actual = np.array([COND_CODE[c] for c in setup.conditions], dtype=np.int8)
        cond = np.broadcast_to(actual, (sims, setup.total_laps))
    comp, age, pit = encode_strategies(setup, strategies)
    done = drawn_laps_done(setup, draws if mc else None, sims)
    free = free_lap_times(setup, comp, age, cond, draws if mc else None, done)
    losses = np.array([setup.pit.green_s, setup.pit.sc_s, setup.pit.vsc_s])
    loss = losses[cond][:, :, None] * pit.T[None, :, :]
    if mc and draws.pit_noise is not None:
        loss = loss + pit.T[None] * np.maximum(
            setup.pit_loss_sd_s * draws.pit_noise, -PIT_GAIN_FLOOR_S
        )
    passes = None
    if mc and draws.pass_u is not None and setup.pass_model is not None:
        codes = compound_codes(list(setup.degradation.compounds))
        passes = PassInputs(setup.pass_model, draws.pass_u, codes[comp], age, setup.total_laps)
    elapsed = run_laps(free, loss, cond, setup.grid, setup.threshold_s, known=setup.known_elapsed,
                       passes=passes)  # fmt: skip
    penalty = steward_penalties(setup, draws if mc else None)
    return SimResult(
        setup.drivers, elapsed, finishing_positions(elapsed, done, penalty), np.asarray(cond), done
    )
