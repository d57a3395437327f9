"""In-sample diagnostic: simulate each stored race with the strategies actually used, compare with reality.

Not a forecast (see ``backtest.py`` for the out-of-sample forecast from lap N): it checks the
simulator's mechanics with everything about the race known, its own SC laps included.

Metrics per race: total race time error per driver (%, at the driver's last completed lap),
finishing-position MAE and Spearman correlation over the classified finishers (retirements are
retired at their real lap in the simulation, so they are left out of the position metrics).
Named baselines in the same table: positions = grid order; time = laps completed times the
driver's median green-flag lap. Note the pace and tyre models are fitted on the same race
(in-sample): the backtest checks the simulator's mechanics, not a forecast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from f1core.errors import F1CoreError
from f1core.store import Store
from f1core.strategy.pit_loss import race_sessions
from f1core.strategy.race import RaceSetup, StoreContext, build_race_setup
from f1core.strategy.simulate import simulate_race

DIAGNOSTIC_NOTE = (
    "Diagnostic, not a forecast: each race replayed with its own SC/VSC laps and real retirements, "
    "on pit loss and overtaking priors that include it. The forecast is the first option."
)
METHOD_NOTE = (
    "Each stored race simulated with the strategies and SC/VSC laps actually seen; pace, tyres and "
    "fuel fitted on that race (whole race: in-sample; first half: the second half is a forecast). "
    "Baselines: grid order for positions, laps x median green lap for time."
)


def _spearman(a: pd.Series, b: pd.Series) -> float:
    if len(a) < 3:
        return float("nan")
    return float(np.corrcoef(a.rank(), b.rank())[0, 1])


def backtest_race(setup: RaceSetup) -> pd.DataFrame:
    """Per-driver comparison of the deterministic simulation (actual strategies, actual SC/VSC laps).

    Returns:
        One row per driver: ``driver``, ``grid``, ``laps_done``, ``retired``, ``actual_position``,
        ``sim_position``, ``actual_time_s``, ``sim_time_s``, ``time_error_pct``, ``baseline_time_s``.
    """
    sim = simulate_race(setup, check=False)
    sim_time = sim.finish_time()[0]
    actual = setup.elapsed.set_index(["driver", "lap_number"])["elapsed_s"]
    rows = []
    green = setup.degradation.points.groupby("driver")["lap_time_s"].median()
    for i, d in enumerate(setup.drivers):
        done = int(setup.laps_done[i])
        act = float(actual.get((d, done), np.nan))
        base = done * float(green.get(d, green.median())) if len(green) else np.nan
        rows.append({
            "driver": d, "grid": int(setup.grid[i]), "laps_done": done, "retired": bool(setup.retired[i]),
            "actual_position": int(setup.actual_position[d]), "sim_position": int(sim.positions[0, i]),
            "actual_time_s": act, "sim_time_s": float(sim_time[i]), "baseline_time_s": base,
        })  # fmt: skip
    out = pd.DataFrame(rows)
    out["time_error_pct"] = 100 * (out["sim_time_s"] - out["actual_time_s"]) / out["actual_time_s"]
    out["baseline_error_pct"] = (
        100 * (out["baseline_time_s"] - out["actual_time_s"]) / out["actual_time_s"]
    )
    return out


def race_metrics(table: pd.DataFrame) -> dict[str, float]:
    """Summary metrics of one backtest table (classified finishers only for positions)."""
    fin = table[~table["retired"]]
    act = fin["actual_position"].rank()
    sim = fin["sim_position"].rank()
    grid = fin["grid"].rank()
    return {
        "drivers": int(len(fin)),
        "time_error_pct_mean_abs": float(fin["time_error_pct"].abs().mean()),
        "time_error_pct_median_abs": float(fin["time_error_pct"].abs().median()),
        "baseline_time_error_pct_mean_abs": float(fin["baseline_error_pct"].abs().mean()),
        "position_mae": float((act - sim).abs().mean()),
        "spearman": _spearman(act, sim),
        "grid_baseline_position_mae": float((act - grid).abs().mean()),
        "grid_baseline_spearman": _spearman(act, grid),
    }


def validate_store(
    store: Store, context: StoreContext, *, fit_fraction: float = 1.0
) -> pd.DataFrame:
    """Backtest every stored race; one row of metrics per race with ``wet`` and ``session``.

    Args:
        fit_fraction: 1.0 fits each race's models on the whole race (in-sample); 0.5 fits them
            on the first half only, so the second half is a forecast (out of sample).
    """
    rows = []
    for key in race_sessions(store):
        try:
            setup = build_race_setup(store, key, context, fit_fraction=fit_fraction)
        except F1CoreError as exc:
            rows.append({"session": str(key), "event": "", "error": str(exc)})
            continue
        m = race_metrics(backtest_race(setup))
        rows.append(
            {"session": str(key), "event": setup.event_name, "wet": setup.wet, **m, "error": None}
        )
    return pd.DataFrame(rows)


def summarise(per_race: pd.DataFrame) -> pd.DataFrame:
    """Dry and wet races summarised separately (means over races)."""
    ok = per_race[per_race["error"].isna()]
    cols = [c for c in ok.columns if c not in {"session", "event", "wet", "error", "drivers"}]
    out = ok.groupby(ok["wet"].map({False: "dry", True: "wet"}))[cols].mean()
    out["races"] = ok.groupby(ok["wet"].map({False: "dry", True: "wet"})).size()
    return out.reset_index(names="group")
