"""Fuel-corrected tyre degradation per compound, with base pace per driver, from one race.

One joint least-squares fit over the representative laps (see ``laps.py``)::

    lap_time = driver_pace[d] + compound_offset[c] + wear[c] * tyre_age - fuel_gain * lap_number

Tyre age resets at every stop while the lap number does not, which is what separates the
fuel effect (``fuel_gain``, see ``fuel.py``) from wear. When the fitted fuel gain is not
plausible the prior fuel effect is subtracted and the fit is redone without that column.
Standard errors come from the residual variance and ``(X'X)^-1``; one pass drops laps whose
residual exceeds 3 sigma.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from f1core.errors import NoLapData
from f1core.strategy.fuel import FuelModel, fuel_model_from_fit, fuel_penalty_s, prior_fuel_model
from f1core.strategy.laps import compound_order, pick_representative_laps

MIN_LAPS_PER_COMPOUND = 8
METHOD_NOTE = (
    "Representative laps only: green flag, no pit in/out, no traffic (> 1 s to the car ahead), "
    "lap 2 onwards; fuel-corrected and driver-normalised. Band: 95% interval of the fit."
)
MIN_AGE_SPREAD = 4


@dataclass(frozen=True)
class CompoundFit:
    """Fitted wear of one compound (seconds; offset relative to the reference compound)."""

    compound: str
    offset_s: float
    offset_se_s: float
    wear_s_per_lap: float
    wear_se_s_per_lap: float
    cov_offset_wear: float
    laps: int
    source: str = "fitted"  # or "borrowed from <COMPOUND>"


@dataclass(frozen=True)
class DegradationFit:
    """Everything the simulator needs about pace, tyres and fuel in one race.

    Attributes:
        compounds: compound -> fit; offsets are relative to ``reference``.
        reference: the compound whose offset is 0.
        driver_pace_s: fuel-free lap time on a new reference tyre, per driver.
        fuel: the fuel model used.
        residual_s: standard deviation of lap-time residuals (lap-to-lap noise).
        points: the representative laps with ``fuel_corrected_s`` and ``normalised_s``
            (fuel-corrected, driver pace removed, reference compound's new-tyre time added).
    """

    compounds: dict[str, CompoundFit]
    reference: str
    driver_pace_s: dict[str, float]
    fuel: FuelModel
    residual_s: float
    points: pd.DataFrame = field(repr=False)

    def table(self) -> pd.DataFrame:
        """One row per compound: offset, wear and their 95% intervals."""
        rows = [
            {"compound": c.compound, "offset_s": c.offset_s, "offset_se_s": c.offset_se_s,
             "wear_s_per_lap": c.wear_s_per_lap, "wear_se_s_per_lap": c.wear_se_s_per_lap,
             "wear_lo95": c.wear_s_per_lap - 1.96 * c.wear_se_s_per_lap,
             "wear_hi95": c.wear_s_per_lap + 1.96 * c.wear_se_s_per_lap,
             "laps": c.laps, "source": c.source}
            for c in self.compounds.values()
        ]  # fmt: skip
        return pd.DataFrame(rows)

    def curve(self, compound: str, ages: np.ndarray) -> pd.DataFrame:
        """Fitted normalised lap time against tyre age with a 95% band."""
        c = self.compounds[compound]
        base = float(np.median(list(self.driver_pace_s.values())))
        mean = base + c.offset_s + c.wear_s_per_lap * ages
        var = c.offset_se_s**2 + (ages * c.wear_se_s_per_lap) ** 2 + 2 * ages * c.cov_offset_wear
        half = 1.96 * np.sqrt(np.clip(var, 0, None))
        return pd.DataFrame({"compound": compound, "tyre_age": ages, "fit_s": mean,
                             "lo95_s": mean - half, "hi95_s": mean + half})  # fmt: skip


def _design(
    laps: pd.DataFrame, drivers: list[str], compounds: list[str], ref: str, with_fuel: bool
):
    n = len(laps)
    d_idx = laps["driver"].map({d: i for i, d in enumerate(drivers)}).to_numpy()
    cols = [np.eye(len(drivers))[d_idx]]
    others = [c for c in compounds if c != ref]
    comp = laps["compound"].to_numpy()
    age = laps["tyre_life"].to_numpy(dtype=float)
    cols.append(
        np.column_stack([(comp == c).astype(float) for c in others]) if others else np.zeros((n, 0))
    )
    cols.append(np.column_stack([(comp == c) * age for c in compounds]))
    if with_fuel:
        cols.append(-laps["lap_number"].to_numpy(dtype=float)[:, None])
    return np.hstack(cols), others


def _solve(x: np.ndarray, y: np.ndarray):
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ beta
    dof = max(len(y) - x.shape[1], 1)
    sigma2 = float(resid @ resid / dof)
    cov = sigma2 * np.linalg.pinv(x.T @ x)
    return beta, cov, resid, float(np.sqrt(sigma2))


def _fit_once(laps: pd.DataFrame, total_laps: int, with_fuel: bool, fuel: FuelModel | None):
    drivers = sorted(laps["driver"].unique())
    compounds = compound_order(laps["compound"].unique())
    ref = laps["compound"].value_counts().idxmax()
    x, others = _design(laps, drivers, compounds, ref, with_fuel)
    y = laps["lap_time_s"].to_numpy(dtype=float)
    if not with_fuel:
        y = y - fuel_penalty_s(fuel, laps["lap_number"].to_numpy())
    beta, cov, resid, sigma = _solve(x, y)
    return drivers, compounds, ref, others, beta, cov, resid, sigma


def _linked(rep: pd.DataFrame) -> set[str]:
    """Compounds whose offset can be told apart from driver pace: the most-run compound and
    those run by at least one driver who also ran the most-run one (a compound only some cars
    ran and nobody switched to or from, e.g. early in a race, would absorb their pace)."""
    if rep.empty:
        return set()
    ref = rep["compound"].value_counts().idxmax()
    ran_ref = set(rep.loc[rep["compound"] == ref, "driver"])
    return {ref} | set(rep.loc[rep["driver"].isin(ran_ref), "compound"])


def _usable(rep: pd.DataFrame) -> pd.DataFrame:
    """Keep compounds with enough laps over enough tyre ages (linked to the reference through
    drivers who ran both, see ``_linked``), and drivers with >= 3 laps."""
    for _ in range(3):  # dropping drivers can push a compound below the minimum, so repeat
        counts = rep.groupby("compound")["tyre_life"].agg(["size", lambda a: a.max() - a.min()])
        counts.columns = ["n", "spread"]
        ok = counts[
            (counts["n"] >= MIN_LAPS_PER_COMPOUND) & (counts["spread"] >= MIN_AGE_SPREAD)
        ].index
        rep = rep[rep["compound"].isin(ok)]
        rep = rep[rep["compound"].isin(_linked(rep))]
        rep = rep[rep.groupby("driver")["lap_time_s"].transform("size") >= 3].reset_index(drop=True)
    return rep


def fit_degradation(laps: pd.DataFrame, *, total_laps: int) -> DegradationFit:
    """Fit fuel, compound offsets, wear per compound and driver pace from one race's laps.

    Args:
        laps: the ``laps`` table of one race (all drivers).
        total_laps: the scheduled race distance (for the fuel burn rate).

    Returns:
        The fit; compounds with too few representative laps are absent (see
        :func:`complete_compounds` to fill them for simulation).

    Raises:
        NoLapData: no compound has enough representative laps.
    """
    rep = _usable(pick_representative_laps(laps))
    for _ in range(3):  # fit, drop > 3 sigma residuals (and what that leaves too thin), refit
        if rep.empty:
            raise NoLapData(
                "Not enough clean green-flag laps to fit tyre degradation for this race."
            )
        *_, resid, sigma = _fit_once(rep, total_laps, True, None)
        trimmed = _usable(rep[np.abs(resid) <= 3 * sigma].reset_index(drop=True))
        if len(trimmed) == len(rep):
            break
        rep = trimmed
    if rep.empty:
        raise NoLapData("Not enough clean green-flag laps to fit tyre degradation for this race.")
    drivers, compounds, ref, others, beta, cov, resid, sigma = _fit_once(
        rep, total_laps, True, None
    )
    fuel_gain, fuel_se = float(beta[-1]), float(np.sqrt(cov[-1, -1]))
    fuel = fuel_model_from_fit(fuel_gain, fuel_se, total_laps)
    if fuel.source == "prior":
        drivers, compounds, ref, others, beta, cov, resid, sigma = _fit_once(
            rep, total_laps, False, fuel
        )

    nd, no = len(drivers), len(others)
    fits: dict[str, CompoundFit] = {}
    for i, c in enumerate(compounds):
        wi = nd + no + i
        if c == ref:
            off, off_se, cv = 0.0, 0.0, 0.0
        else:
            oi = nd + others.index(c)
            off, off_se, cv = float(beta[oi]), float(np.sqrt(cov[oi, oi])), float(cov[oi, wi])
        fits[c] = CompoundFit(c, off, off_se, float(beta[wi]), float(np.sqrt(cov[wi, wi])), cv,
                              int((rep["compound"] == c).sum()))  # fmt: skip
    # With the fuel column, beta_d is the lap time at "lap 0"; the simulator adds the fuel
    # penalty of each lap, so the pace kept here is fuel-free: beta_d - gain * (total_laps + 1).
    shift = fuel.s_per_lap * (total_laps + 1) if fuel.source == "fitted" else 0.0
    pace = {d: float(beta[i]) - shift for i, d in enumerate(drivers)}
    points = rep.copy()
    points["fuel_corrected_s"] = points["lap_time_s"] - fuel_penalty_s(
        fuel, points["lap_number"].to_numpy()
    )
    med = float(np.median(list(pace.values())))
    points["normalised_s"] = points["fuel_corrected_s"] - points["driver"].map(pace) + med
    return DegradationFit(fits, ref, pace, fuel, sigma, points)


def complete_compounds(fit: DegradationFit, needed) -> DegradationFit:
    """Fill compounds the race used but the fit could not estimate from the nearest fitted one.

    The borrowed parameters are marked in ``CompoundFit.source`` so pages can say so.
    """
    order = compound_order([*fit.compounds, *needed])
    fits = dict(fit.compounds)
    fitted = [c for c in order if c in fit.compounds]
    for c in compound_order(needed):  # a fixed order: Monte Carlo draws follow the dict order
        if c in fits:
            continue
        pos = order.index(c)
        donor = min(fitted, key=lambda f: abs(order.index(f) - pos))
        d = fit.compounds[donor]
        fits[c] = CompoundFit(c, d.offset_s, d.offset_se_s, d.wear_s_per_lap, d.wear_se_s_per_lap,
                              d.cov_offset_wear, 0, f"borrowed from {donor}")  # fmt: skip
    return DegradationFit(
        fits, fit.reference, fit.driver_pace_s, fit.fuel, fit.residual_s, fit.points
    )


def fill_driver_pace(fit: DegradationFit, laps: pd.DataFrame, drivers) -> dict[str, float]:
    """Pace for every driver: fitted where possible, else from their median green lap.

    A driver with no representative laps (early retirement) gets the field's fitted pace
    shifted by how their median green lap compares with the field's.
    """
    pace = dict(fit.driver_pace_s)
    green = laps[(laps["track_status"].astype(str) == "1") & laps["lap_time_s"].notna()]
    med = green.groupby("driver")["lap_time_s"].median()
    field_med = float(med.median()) if len(med) else float("nan")
    base = float(np.median(list(pace.values())))
    slowest = float(max(pace.values()))
    for d in drivers:
        if d not in pace:
            pace[d] = (
                base + float(med[d]) - field_med
                if d in med.index and np.isfinite(field_med)
                else slowest
            )
    return pace


__all__ = ["CompoundFit", "DegradationFit", "complete_compounds", "fill_driver_pace", "fit_degradation",
           "prior_fuel_model"]  # fmt: skip
