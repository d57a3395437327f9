"""Timing facts beyond the fastest lap: best sectors and the running order at a lap."""

from __future__ import annotations

from f1core.errors import NoData
from f1core.facts.fact import (
    Fact,
    RowRef,
    driver_label,
    driver_names,
    fmt_laptime,
    key_dict,
    key_params,
)


def running_order_fact(store, key, lap: int) -> Fact:
    """The order at the end of ``lap`` (the replay clock's view of a race)."""
    df = store.query_df(
        "SELECT driver, position, lap_time_s FROM laps WHERE year = ? AND round = ? AND session_code = ? AND lap_number = ? "
        "AND position IS NOT NULL ORDER BY position",
        [*key_params(key), lap],
    )
    if df.empty:
        raise NoData(f"No positions are stored for lap {lap} of {key}.")
    names = driver_names(store, key)
    text = (
        f"As known at lap {lap}: {driver_label(names, df.iloc[0].driver)} leads. Order: "
        + ", ".join(f"P{int(r.position)} {r.driver}" for r in df.itertuples())
        + "."
    )
    return Fact("result", text, (RowRef("laps", {**key_dict(key), "lap_number": lap}),), df)


def sectors_fact(store, key, *, driver: str | None = None, upto_lap: int | None = None) -> Fact:
    """Best time in each sector and the ideal lap made of them (of the field, or of one driver)."""
    df = store.query_df(
        "SELECT s.sector, l.driver, l.lap_number, s.t FROM laps l, "
        "LATERAL (VALUES (1, l.sector1_s), (2, l.sector2_s), (3, l.sector3_s)) s(sector, t) "
        "WHERE l.year = ? AND l.round = ? AND l.session_code = ? AND s.t IS NOT NULL "
        "AND NOT coalesce(l.deleted, false) AND l.lap_number <= ? AND (? IS NULL OR l.driver = ?) "
        "QUALIFY row_number() OVER (PARTITION BY s.sector ORDER BY s.t, l.lap_number) = 1 ORDER BY s.sector",
        [*key_params(key), upto_lap or 10_000, driver, driver],
    )
    if df.empty:
        raise NoData(f"No sector times are stored for {driver or 'anyone'} in {key}.")
    names = driver_names(store, key)
    parts = [f"sector {int(r.sector)}: {driver_label(names, r.driver)} {r.t:.3f} s (lap {int(r.lap_number)})"
             for r in df.itertuples()]  # fmt: skip
    text = f"Best sectors{' of ' + driver if driver else ''}: " + "; ".join(parts) + "."
    if len(df) == 3:
        text += f" Ideal lap from them: {fmt_laptime(df.t.sum())}."
    rows = tuple(RowRef("laps", {**key_dict(key), "driver": r.driver, "lap_number": int(r.lap_number)})
                 for r in df.itertuples())  # fmt: skip
    return Fact("sectors", text, rows, df)
