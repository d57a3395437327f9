"""Race-running facts: laps led, a driver's average green-flag pace, the longest stint,
conditions at the start, and the drivers' championship order after a round.

Each returns a :class:`~f1core.facts.fact.Fact` whose cited rows are the rows read.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

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
from f1core.facts.stints import pit_extremes_fact, stints_fact, tyre_sets
from f1core.facts.timing import running_order_fact

#: Intents answered here (see :func:`running_facts`).
#: "Pace" laps: timed, green flag only (track status 1), not lap 1, not a pit in/out lap.
GREEN_LAPS_SQL = (
    "SELECT lap_number, lap_time_s FROM laps WHERE year = ? AND round = ? AND session_code = ? "
    "AND driver = ? AND lap_number <= ? AND lap_time_s IS NOT NULL AND lap_number > 1 "
    "AND pit_in_s IS NULL AND pit_out_s IS NULL AND track_status = '1' ORDER BY lap_number"
)


def laps_led_fact(store, key, *, driver: str | None = None, upto_lap: int | None = None) -> Fact:
    """Laps each driver led (position 1 at the end of the lap), most first."""
    df = store.query_df(
        "SELECT driver, count(*) AS laps_led, min(lap_number) AS first_lap, max(lap_number) AS last_lap "
        "FROM laps WHERE year = ? AND round = ? AND session_code = ? AND position = 1 AND lap_number <= ? "
        "GROUP BY driver ORDER BY laps_led DESC, first_lap",
        [*key_params(key), upto_lap or 10_000],
    )
    if df.empty:
        raise NoData(f"No lap positions are stored for {key}, so I cannot say who led.")
    total = int(df.laps_led.sum())
    names = driver_names(store, key)
    if driver is not None:
        mine = df[df.driver == driver]
        n = int(mine.laps_led.iloc[0]) if not mine.empty else 0
        text = f"{driver_label(names, driver)} led {n} of {total} laps."
        return Fact("laps_led", text, (RowRef("laps", {**key_dict(key), "position": 1}),), df)
    top = df.iloc[0]
    text = f"{driver_label(names, top.driver)} led the most laps: {int(top.laps_led)} of {total}."
    others = [f"{r.driver} {int(r.laps_led)}" for r in df.iloc[1:].itertuples()]
    if others:
        text += " Also led: " + ", ".join(others) + "."
    return Fact("laps_led", text, (RowRef("laps", {**key_dict(key), "position": 1}),), df)


def average_pace_fact(store, key, driver: str, *, upto_lap: int | None = None) -> Fact:
    """A driver's mean and median lap time over green-flag laps (no lap 1, no pit laps)."""
    df = store.query_df(GREEN_LAPS_SQL, [*key_params(key), driver, upto_lap or 10_000])
    if df.empty:
        raise NoData(f"No timed green-flag laps are stored for {driver} in {key}.")
    names = driver_names(store, key)
    mean, median = df.lap_time_s.mean(), df.lap_time_s.median()
    text = (
        f"{driver_label(names, driver)} averaged {fmt_laptime(mean)} (median {fmt_laptime(median)}) over "
        f"{len(df)} green-flag laps (lap 1, pit in/out laps and laps under yellow, SC, VSC or "
        "red flag left out)."
    )
    return Fact("pace", text, (RowRef("laps", {**key_dict(key), "driver": driver}),), df)


def longest_stint_fact(store, key, *, driver: str | None = None) -> Fact:
    """The longest run on one tyre set (stints on the same set merged), top five."""
    st = store.query_df(
        "SELECT * FROM stints WHERE year = ? AND round = ? AND session_code = ? "
        "AND (? IS NULL OR driver = ?) ORDER BY driver, stint",
        [*key_params(key), driver, driver],
    )
    if st.empty:
        raise NoData(f"No stints are stored for {key}.")
    sets = tyre_sets(store, key, st)[["driver", "compound", "start_lap", "end_lap", "laps"]]
    df = (
        sets.astype({c: int for c in ("start_lap", "end_lap", "laps")})
        .sort_values(["laps", "driver"], ascending=[False, True])
        .head(5)
    )
    best = df.iloc[0]
    names = driver_names(store, key)
    text = (
        f"Longest stint: {driver_label(names, best.driver)}, {best.laps} laps on {best.compound} "
        f"(laps {best.start_lap}-{best.end_lap})."
    )
    if driver is None and len(df) > 1:
        text += (
            " Next: " + ", ".join(f"{r.driver} {r.laps}" for r in df.iloc[1:].itertuples()) + "."
        )
    ref = RowRef("stints", {**key_dict(key), "driver": best.driver})
    return Fact("longest_stint", text, (ref,), df.reset_index(drop=True))


def start_weather_fact(store, key) -> Fact:
    """Air and track temperature, humidity and rain at the reading nearest the start of lap 1."""
    df = store.query_df(
        "SELECT time_s, air_temp_c, track_temp_c, humidity, rainfall FROM weather "
        "WHERE year = ? AND round = ? AND session_code = ? ORDER BY abs(time_s - coalesce(("
        "SELECT min(lap_start_s) FROM laps WHERE year = ? AND round = ? AND session_code = ? "
        "AND lap_number = 1), 0)), time_s LIMIT 1",
        key_params(key) * 2,
    )
    if df.empty:
        raise NoData(f"No weather data is stored for {key}.")
    w = df.iloc[0]
    rain = "raining" if bool(w.rainfall) else "dry"
    text = (
        f"At the start (reading nearest the start of lap 1): air {w.air_temp_c:.1f} °C, track "
        f"{w.track_temp_c:.1f} °C, humidity {w.humidity:.0f} %, {rain}."
    )
    ref = RowRef("weather", {**key_dict(key), "time_s": float(w.time_s)})
    return Fact("weather_start", text, (ref,), df)


def standings_after_fact(store, key, *, top: int = 5) -> Fact:
    """The drivers' championship order after the race of ``key`` (F1DB standings)."""
    if not store.table_exists("f1db_driver_standings_after_race"):
        raise NoData("The F1DB standings-after-each-race table is not stored.")
    df = store.query_df(
        "SELECT try_cast(s.position AS INT) AS position, d.name, s.points, s.driverId "
        "FROM f1db_driver_standings_after_race s JOIN f1db_drivers d ON d.id = s.driverId "
        "WHERE s.year = ? AND s.round = ? ORDER BY try_cast(s.position AS INT) NULLS LAST LIMIT ?",
        [key.year, key.round, top],
    )
    if df.empty:
        raise NoData(f"No championship standings are stored after round {key.round} of {key.year}.")
    lead = df.iloc[0]
    text = (
        f"After round {key.round} of {key.year}, {lead['name']} led the drivers' championship "
        f"with {lead.points:g} points. Top {len(df)}: "
        + ", ".join(f"P{int(r.position)} {r.name} {r.points:g}" for r in df.itertuples())
        + "."
    )
    ref = RowRef("f1db_driver_standings_after_race", {"year": key.year, "round": key.round})
    return Fact("standings_after", text, (ref,), df.drop(columns="driverId"))


def grid_to_finish(store, key) -> tuple[pd.DataFrame, str]:
    """Grid and finishing positions of classified finishers (F1DB first, else the store).

    Returns:
        ``(frame, table)``: columns ``driver, grid, finish, gained`` (pit-lane starts and
        unclassified cars left out) and the table read.
    """
    from f1core.facts.classification import official_result

    off = official_result(store, key)
    if not off.empty:
        df = pd.DataFrame({"driver": off.driver, "grid": pd.to_numeric(off.grid, errors="coerce"),
                           "finish": pd.to_numeric(off.position, errors="coerce")})  # fmt: skip
        table = "f1db_race_results" if key.session_code == "R" else "f1db_sprint_race_results"
    else:
        df = store.query_df(
            "SELECT driver, grid_position AS grid, classified_position AS finish FROM results "
            "WHERE year = ? AND round = ? AND session_code = ?",
            key_params(key),
        )
        df["finish"] = pd.to_numeric(df.finish, errors="coerce")
        table = "results"
    df = df[(df.grid > 0) & df.finish.notna()].copy()
    df["gained"] = (df.grid - df.finish).astype(int)
    return df.sort_values(["gained", "finish"], ascending=[False, True]).reset_index(
        drop=True
    ), table


def positions_fact(store, key, *, driver: str | None = None, lost: bool = False) -> Fact:
    """Places gained or lost from grid to finish: one driver's, or the biggest loss."""
    df, table = grid_to_finish(store, key)
    if df.empty:
        raise NoData(f"No grid and finishing positions are stored for {key}.")
    names = driver_names(store, key)
    ref_keys = {"year": key.year, "round": key.round}
    if driver is not None:
        mine = df[df.driver == driver]
        if mine.empty:
            raise NoData(f"{driver} was not a classified finisher from a grid slot in {key}.")
        r = mine.iloc[0]
        change = (
            f"gained {r.gained}"
            if r.gained > 0
            else (f"lost {-r.gained}" if r.gained < 0 else "held")
        )
        text = (f"{driver_label(names, driver)} {change} place(s): grid P{int(r.grid)} -> "
                f"finished P{int(r.finish)}.")  # fmt: skip
        return Fact("positions", text, (RowRef(table, {**ref_keys, "driver": driver}),), mine)
    ordered = df.sort_values(["gained", "finish"], ascending=[lost, True])
    r = ordered.iloc[0]
    if (r.gained >= 0) if lost else (r.gained <= 0):
        text = f"No classified finisher {'lost' if lost else 'gained'} places from the grid."
    else:
        word = "lost" if lost else "gained"
        text = (f"{driver_label(names, r.driver)} {word} the most places: {abs(r.gained)} (grid P{int(r.grid)} -> "
                f"P{int(r.finish)}). Pit-lane starters and unclassified cars are not counted.")  # fmt: skip
    return Fact("positions", text, (RowRef(table, ref_keys),), ordered.head(5))


def running_facts(store, intent: str, key, question: str, *, named: list[str], chosen: list[str],
                  lap: int | None = None) -> list[Fact]:  # fmt: skip
    """Facts for one of :data:`f1core.facts.catalog.RUNNING_INTENTS`.

    Args:
        store: the store.
        intent: one of :data:`f1core.facts.catalog.RUNNING_INTENTS`.
        key: the session.
        question: the question text ("lost" or "gained" places).
        named: drivers named in the question.
        chosen: drivers named, else the page's selected drivers.
        lap: the replay clock's lap, if on.

    Raises:
        NoData: nothing stored answers it (or average pace without a driver).
    """
    if intent == "laps_led":
        if named:
            return [laps_led_fact(store, key, driver=d, upto_lap=lap) for d in named]
        return [laps_led_fact(store, key, upto_lap=lap)]
    if intent == "pace":
        if not chosen:
            raise NoData("Name a driver for average pace, e.g. 'Norris's average race pace'.")
        return [average_pace_fact(store, key, d, upto_lap=lap) for d in chosen]
    if intent == "lap_order":
        asked = int(re.search(r"\blap (\d+)", question, re.IGNORECASE).group(1))
        return [running_order_fact(store, key, asked)]
    if intent == "pit_extremes" and named:  # "when did Norris make his first stop": his stops
        return [stints_fact(store, key, d, upto_lap=lap) for d in named]
    if intent == "pit_extremes":
        first = re.search(r"\bfirst\b", question, re.IGNORECASE)
        return [pit_extremes_fact(store, key, "first" if first else "slowest")]
    if intent == "longest_stint":
        return [longest_stint_fact(store, key, driver=named[0] if named else None)]
    if intent == "standings_after":
        m = re.search(r"\bround (\d{1,2})\b", question, re.IGNORECASE)
        if m:  # "after round 5": that round of the session's season, not the session's own
            asked = type(key)(key.year, int(m.group(1)), "R")
            fact = standings_after_fact(store, asked)
            stored = store.scalar(
                "SELECT count(*) FROM sessions WHERE year = ? AND round = ? AND session_code = 'R'",
                [asked.year, asked.round],
            )
            return [replace(fact, session=str(asked) if stored else None)]
        return [standings_after_fact(store, key)]
    if named:
        return [positions_fact(store, key, driver=d) for d in named]
    lost = bool(re.search(r"\blost\b|\blose\b|dropped", question, re.IGNORECASE))
    return [positions_fact(store, key, lost=lost)]
