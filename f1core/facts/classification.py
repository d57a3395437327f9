"""Facts about one stored session, each with the store rows it came from.

Every function takes the store and a :class:`SessionKey`, runs parameterised queries and
returns a :class:`Fact` (sentence + cited rows + the frame behind it). The fact sheets and
the offline answerer are both built from these, so a cited row is always the row read.
"""

from __future__ import annotations

import pandas as pd

from f1core.errors import NoData
from f1core.facts.fact import (  # noqa: F401
    Fact,
    RowRef,
    driver_label,
    driver_names,
    fmt_laptime,
    key_dict,
    key_params,
    session_row,
    session_title,
)

_KEY_SQL = "year = ? AND round = ? AND session_code = ?"
SC_PATTERNS = {
    "safety car": "SAFETY CAR DEPLOYED",
    "virtual safety car": "VIRTUAL SAFETY CAR DEPLOYED",
}


def official_result(store, key) -> pd.DataFrame:
    """F1DB's official classification of a race or sprint (empty if none).

    Columns: ``driver, name, position`` (text: a number, DNF, DSQ, NC ...), ``time``,
    ``gap``, ``laps``, ``reason``, ``points``, ``grid``.
    """
    table = {"R": "f1db_race_results", "S": "f1db_sprint_race_results"}.get(key.session_code)
    empty = pd.DataFrame(columns=["driver", "name", "position", "time", "gap", "laps", "reason",
                                  "points", "grid"])  # fmt: skip
    if table is None or not store.table_exists(table) or not store.table_exists("f1db_drivers"):
        return empty
    return store.query_df(
        f"SELECT d.abbreviation AS driver, d.name, r.position, r.time, r.gap, r.laps, "  # noqa: S608 (fixed table map)
        f"r.reasonRetired AS reason, r.points, r.gridPosition AS grid FROM {table} r "
        "JOIN f1db_drivers d ON d.id = r.driverId WHERE r.year = ? AND r.round = ? "
        "ORDER BY TRY_CAST(r.position AS INTEGER) NULLS LAST, r.laps DESC",
        [key.year, key.round],
    )


def total_laps(store, key) -> int | None:
    """The race distance in laps, when the session row has it."""
    value = store.scalar(
        "SELECT total_laps FROM sessions WHERE year = ? AND round = ? AND session_code = ?",
        key_params(key),
    )
    return None if value is None or pd.isna(value) else int(value)


def _gain_text(drivers, grids, finishes) -> str:
    """' Biggest gain: ANT +12 (grid P16 -> P4).' from grid and finishing positions."""
    frame = pd.DataFrame({"driver": list(drivers), "grid": pd.to_numeric(pd.Series(list(grids)), errors="coerce"),
                          "pos": pd.to_numeric(pd.Series(list(finishes)), errors="coerce")}).dropna()  # fmt: skip
    frame = frame[frame.grid > 0]
    if frame.empty:
        return ""
    frame["gain"] = frame.grid - frame.pos
    best = frame.sort_values(["gain", "pos"], ascending=[False, True]).iloc[0]
    if best.gain <= 0:
        return ""
    return f" Biggest gain: {best.driver} +{int(best.gain)} (grid P{int(best.grid)} -> P{int(best.pos)})."


def _official_result_fact(store, key, df: pd.DataFrame) -> Fact:
    table = "f1db_race_results" if key.session_code == "R" else "f1db_sprint_race_results"
    first = df.iloc[0]
    text = f"{first['name']} [{first.driver}] won"
    if len(df) > 1:
        second = df.iloc[1]
        text += (
            f", {str(second.gap or '').lstrip('+')} s ahead of {second['name']} [{second.driver}]"
        )
    if len(df) > 2:
        text += f", with {df.iloc[2]['name']} [{df.iloc[2].driver}] third"
    text += f". Winner's race time {first.time}. (Official result from F1DB.)"
    text += _gain_text(df.driver, df.grid, df.position)
    if not pd.isna(first.laps):
        text += f" Race distance: {int(first.laps)} laps."
    out = df[~df.position.astype(str).str.isdigit()]
    if not out.empty:
        text += (
            f" {len(out)} not classified: "
            + ", ".join(
                f"{r.driver} ({r.position}{', ' + r.reason if r.reason else ''})"
                for r in out.itertuples()
            )
            + "."
        )
    text += " Order: " + ", ".join(f"{r.position} {r.driver}" for r in df.itertuples()) + "."
    rows = [
        RowRef(table, {"year": key.year, "round": key.round, "driver": d})
        for d in df.driver.head(3)
    ]
    return Fact("result", text, tuple(rows), df)


def result_fact(store, key, *, drivers: list[str] | None = None) -> Fact:
    """Winner, gap to second, podium and retirements; named drivers' results first.

    The store's own classification is used when it carries official status; sessions
    whose results were computed from timing only (no status) use F1DB's official result,
    which includes post-race disqualifications.
    """
    df = store.query_df(
        "SELECT driver, position, classified_position, grid_position, status, points, time_s, q1_s, q2_s, q3_s, "
        "gap_s, laps FROM results WHERE year = ? AND round = ? AND session_code = ? AND position IS NOT NULL ORDER BY position",
        key_params(key),
    )
    has_status = not df.empty and df.status.notna().any()
    if not has_status and key.session_code in ("R", "S"):
        official = official_result(store, key)
        if not official.empty:
            return _with_drivers(_official_result_fact(store, key, official), drivers, key)
    if df.empty:
        raise NoData(f"No results are stored for {key}.")
    names = driver_names(store, key)
    first = df.iloc[0]
    parts = [f"{driver_label(names, first.driver)} finished first"]
    if len(df) > 1:
        second = df.iloc[1]
        gap = second.gap_s
        if gap is not None and not pd.isna(gap) and gap > 0:
            parts.append(f", {gap:.3f} s ahead of {driver_label(names, second.driver)} in second")
        else:
            parts.append(f"; {driver_label(names, second.driver)} was second")
    if len(df) > 2:
        parts.append(f" and {driver_label(names, df.iloc[2].driver)} third")
    text = "".join(parts) + "."
    if not pd.isna(first.time_s):
        text += f" Winner's race time {fmt_laptime(first.time_s)}."
    if has_status:
        out = df[~df.status.fillna("").str.match(r"^(Finished|\+\d+ Laps?|Lapped)$")]
        if not out.empty:
            text += (
                f" {len(out)} did not finish: "
                + ", ".join(
                    f"{r.driver} ({r.status}, {int(r.laps) if not pd.isna(r.laps) else '?'} laps)"
                    for r in out.itertuples()
                )
                + "."
            )
    elif key.session_code in ("R", "S"):
        text += " (Order from timing data only: no official status or points are stored.)"
    text += _gain_text(df.driver, df.grid_position, df.position)
    laps = total_laps(store, key)
    if laps:
        text += f" Race distance: {laps} laps."
    order = ", ".join(f"P{int(r.position)} {r.driver}" for r in df.itertuples())
    text += f" Order: {order}."
    rows = [RowRef("results", {**key_dict(key), "driver": d}) for d in df.driver.head(3)]
    return _with_drivers(Fact("result", text, tuple(rows), df), drivers, key)


def _with_drivers(fact: Fact, drivers: list[str] | None, key) -> Fact:
    """Put the named drivers' own results in front of a result fact."""
    if not drivers:
        return fact
    df, lines, rows = fact.frame, [], list(fact.rows)
    official = "name" in df.columns
    for code in drivers:
        hit = df[df.driver == code]
        if hit.empty:
            lines.append(f"{code} has no result in this session.")
            continue
        r = hit.iloc[0]
        if official:
            pos = str(r.position)
            where = f"P{pos}" if pos.isdigit() else pos
            gap = (
                f"{str(r.gap).lstrip('+')} s to the winner"
                if isinstance(r.gap, str) and r.gap
                else None
            )
            grid = f"from grid P{r.grid}" if str(r.grid).isdigit() else None
            extra = ", ".join(str(x) for x in (gap, r.reason, f"{r.points:g} points" if not pd.isna(r.points) else None, grid)
                              if x)  # fmt: skip

            table = "f1db_race_results" if key.session_code == "R" else "f1db_sprint_race_results"
            ref = RowRef(table, {"year": key.year, "round": key.round, "driver": code})
        else:
            where = f"P{int(r.position)}"
            bits = [f"+{r.gap_s:.3f} s to the winner" if not pd.isna(r.gap_s) and r.gap_s > 0 else None,
                    r.status if isinstance(r.status, str) else None,
                    f"{int(r.laps)} laps" if not pd.isna(r.laps) else None,
                    f"{r.points:g} points" if not pd.isna(r.points) else None,
                    f"from grid P{int(r.grid_position)}" if not pd.isna(r.grid_position) else None]  # fmt: skip
            bits += [f"{q.upper()} {fmt_laptime(getattr(r, q + '_s'))}" for q in ("q1", "q2", "q3")
                     if not pd.isna(getattr(r, q + "_s", float("nan")))]  # fmt: skip
            extra = ", ".join(b for b in bits if b)
            ref = RowRef("results", {**key_dict(key), "driver": code})
        lines.append(f"{code} finished {where}" + (f" ({extra})" if extra else "") + ".")
        if ref not in rows:
            rows.insert(0, ref)
    return Fact(fact.topic, " ".join(lines) + " " + fact.text, tuple(rows), df)


def pole_fact(store, key) -> Fact:
    """Pole sitter of a qualifying session (best Q3 time), or grid P1 of a race."""
    if key.session_code in ("Q", "SQ", "SS"):
        df = store.query_df(
            "SELECT driver, position, q1_s, q2_s, q3_s FROM results WHERE year = ? AND round = ? AND session_code = ? "
            "AND position IS NOT NULL ORDER BY position LIMIT 3",
            key_params(key),
        )
        if df.empty:
            return _official_pole(store, key)
        names = driver_names(store, key)
        p1 = df.iloc[0]
        best = next((t for t in (p1.q3_s, p1.q2_s, p1.q1_s) if not pd.isna(t)), None)
        text = f"Pole position: {driver_label(names, p1.driver)} with {fmt_laptime(best)}."
        if len(df) > 1 and best is not None:
            p2 = df.iloc[1]
            t2 = next((t for t in (p2.q3_s, p2.q2_s, p2.q1_s) if not pd.isna(t)), None)
            if t2 is not None:
                text += f" Second: {driver_label(names, p2.driver)}, {t2 - best:.3f} s slower."
        return Fact("pole", text, (RowRef("results", {**key_dict(key), "driver": p1.driver}),), df)
    df = store.query_df(
        "SELECT driver, grid_position FROM results WHERE year = ? AND round = ? AND session_code = ? AND grid_position = 1",
        key_params(key),
    )
    if df.empty:
        official = official_result(store, key)
        official = official[official.grid.astype(str) == "1"]
        if official.empty:
            raise NoData(f"No grid positions are stored for {key}.")
        r = official.iloc[0]
        text = f"{r['name']} [{r.driver}] started from pole position (grid P1; official F1DB grid)."
        ref = RowRef(
            "f1db_race_results", {"year": key.year, "round": key.round, "driver": r.driver}
        )
        return Fact("pole", text, (ref,), official)
    names = driver_names(store, key)
    code = df.iloc[0].driver
    text = f"{driver_label(names, code)} started from pole position (grid P1)."
    return Fact("pole", text, (RowRef("results", {**key_dict(key), "driver": code}),), df)


def _official_pole(store, key) -> Fact:
    """Pole from F1DB's qualifying results (sessions whose timing could not be classified)."""
    if key.session_code != "Q" or not store.table_exists("f1db_qualifying_results"):
        raise NoData(f"No qualifying classification is stored for {key}.")
    df = store.query_df(
        "SELECT d.name, d.abbreviation AS driver, q.q1, q.q2, q.q3, q.time FROM f1db_qualifying_results q "
        "JOIN f1db_drivers d ON d.id = q.driverId WHERE q.year = ? AND q.round = ? "
        "AND CAST(q.position AS VARCHAR) = '1'",
        [key.year, key.round],
    )
    if df.empty:
        raise NoData(f"No qualifying classification is stored for {key}.")
    r = df.iloc[0]
    best = next((t for t in (r.q3, r.q2, r.q1, r.time) if t and not pd.isna(t)), None)
    lap = f" with {best}" if best else ""
    text = f"Pole position: {r['name']} [{r.driver}]{lap} (official F1DB qualifying result)."
    ref = RowRef("f1db_qualifying_results", {"year": key.year, "round": key.round, "position": 1})
    return Fact("pole", text, (ref,), df)


def fastest_lap_fact(store, key, *, driver: str | None = None, upto_lap: int | None = None) -> Fact:
    """The fastest (not deleted) lap of the session, or of one driver, up to a lap."""
    sql = (
        "SELECT driver, lap_number, lap_time_s, compound, tyre_life FROM laps WHERE year = ? AND round = ? AND session_code = ? "
        "AND lap_time_s IS NOT NULL AND coalesce(deleted, false) = false"
    )
    params = key_params(key)
    if driver:
        sql += " AND driver = ?"
        params.append(driver)
    if upto_lap:
        sql += " AND lap_number <= ?"
        params.append(upto_lap)
    df = store.query_df(sql + " ORDER BY lap_time_s LIMIT 3", params)
    if df.empty:
        raise NoData(f"No timed laps are stored for {key}{' for ' + driver if driver else ''}.")
    names = driver_names(store, key)
    best = df.iloc[0]
    who = driver_label(names, best.driver)
    text = (
        f"Fastest lap{' of ' + driver if driver else ''}: {who}, {fmt_laptime(best.lap_time_s)} "
        f"({best.lap_time_s:.3f} s) on lap {int(best.lap_number)} on {best.compound or 'unknown'} tyres."
    )
    if not driver and len(df) > 1:
        nxt = df.iloc[1]
        text += f" Next best: {nxt.driver} {fmt_laptime(nxt.lap_time_s)}."
    ref = RowRef(
        "laps", {**key_dict(key), "driver": best.driver, "lap_number": int(best.lap_number)}
    )
    return Fact("fastest_lap", text, (ref,), df)


def top_speed_fact(
    store, key, *, driver: str | None = None, upto_lap: int | None = None, telemetry: bool = True
) -> Fact:
    """Highest speed-trap reading (``speed_st``) of the session (or of one driver), with the lap,
    and the car-telemetry maximum when telemetry is stored and ``telemetry`` is true (fact
    sheets leave it out: they are fingerprinted on lap data only)."""
    df = store.query_df(
        "SELECT driver, lap_number, speed_st, speed_fl, speed_i1, speed_i2 FROM laps "
        "WHERE year = ? AND round = ? AND session_code = ? AND speed_st IS NOT NULL AND lap_number <= ? "
        "AND (? IS NULL OR driver = ?) ORDER BY speed_st DESC, lap_number LIMIT 5",
        [*key_params(key), upto_lap or 10_000, driver, driver],
    )
    if df.empty:
        raise NoData(f"No speed-trap data is stored for {key}.")
    names = driver_names(store, key)
    top = df.iloc[0]
    text = (
        f"Top speed (speed trap): {driver_label(names, top.driver)} at {top.speed_st:.1f} km/h "
        f"on lap {int(top.lap_number)}."
    )
    others = df.drop_duplicates("driver").iloc[1:3]
    if not others.empty:
        text += (
            " Next: "
            + ", ".join(f"{r.driver} {r.speed_st:.1f} km/h" for r in others.itertuples())
            + "."
        )
    rows = [
        RowRef("laps", {**key_dict(key), "driver": top.driver, "lap_number": int(top.lap_number)})
    ]
    car = (
        pd.DataFrame()
        if not telemetry
        else store.query_df(
            "SELECT driver, lap_number, speed_kph FROM telemetry WHERE year = ? AND round = ? AND session_code = ? "
            "AND lap_number <= ? AND (? IS NULL OR driver = ?) ORDER BY speed_kph DESC, lap_number LIMIT 1",
            [*key_params(key), upto_lap or 10_000, driver, driver],
        )
    )
    if not car.empty:
        t = car.iloc[0]
        text += (
            f" Highest speed in the car telemetry: {driver_label(names, t.driver)} at {t.speed_kph:.1f} km/h "
            f"on lap {int(t.lap_number)}."
        )
        rows.append(
            RowRef(
                "telemetry", {**key_dict(key), "driver": t.driver, "lap_number": int(t.lap_number)}
            )
        )
    return Fact("top_speed", text, tuple(rows), df)


def weather_fact(store, key) -> Fact:
    """Air and track temperature extremes, humidity, wind and rain of the session."""
    df = store.query_df(
        "SELECT min(air_temp_c) AS air_min, max(air_temp_c) AS air_max, "
        "min(track_temp_c) AS track_min, max(track_temp_c) AS track_max, "
        "min(humidity) AS hum_min, max(humidity) AS hum_max, max(wind_speed) AS wind_max, "
        "bool_or(rainfall) AS rain, count(*) AS n FROM weather WHERE year = ? AND round = ? AND session_code = ?",
        key_params(key),
    )
    w = df.iloc[0]
    if not w.n:
        raise NoData(f"No weather data is stored for {key}.")
    rain = "Rain was recorded during the session." if w.rain else "No rainfall was recorded."
    text = (
        f"Air temperature from {w.air_min:.1f} °C to {w.air_max:.1f} °C, "
        f"track temperature from {w.track_min:.1f} °C to {w.track_max:.1f} °C, "
        f"humidity {w.hum_min:.0f}-{w.hum_max:.0f} %, wind up to {w.wind_max:.1f} m/s. {rain}"
    )
    return Fact("weather", text, (RowRef("weather", key_dict(key)),), df)
