"""Synthesise a live-timing message stream from a session in the store (replay source 2).

Laps become ``TimingData`` updates at the time each sector and lap ended (gaps from the
lap-end times of the cars ahead), stints become ``TimingAppData``, race control,
track status and weather are replayed at their session times, and telemetry ``x``/``y``
(when stored) becomes ``Position`` frames once per ``POSITION_STEP_S`` for the track map.
Times are FastF1 session seconds; race-control UTC times are mapped onto them with the
laps' ``lap_start_utc - lap_start_s`` offset.
"""

from __future__ import annotations

import math

import pandas as pd

from f1core.errors import SessionNotInStore
from f1core.live.messages import Message, StreamStats
from f1core.live.replay import Replay, build_replay
from f1core.live.running_order import TowerOrder, retirement_times
from f1core.live.time_base import session_utc_offset
from f1core.strategy.laps import counted_stops

POSITION_STEP_S = 2.0

_KEY_SQL = "year = ? AND round = ? AND session_code = ?"


def _fmt_lap(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60.0)
    return f"{int(minutes)}:{rest:06.3f}" if minutes else f"{rest:.3f}"


def _num(value) -> bool:
    return value is not None and not bool(pd.isna(value))


def _query(store, table: str, columns: str, key: tuple, order: str = "") -> pd.DataFrame:
    sql = f"SELECT {columns} FROM {table} WHERE {_KEY_SQL} {order}"  # noqa: S608 (constant names)
    return _plain_nulls(store.query_df(sql, list(key)))


def _plain_nulls(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable columns -> float64 with NaN (numbers) or object with None (the rest).

    ``pd.NA`` refuses comparison and truth tests; NaN and None answer them.
    """
    for column in frame.columns:
        dtype = frame[column].dtype
        if (
            isinstance(dtype, pd.api.extensions.ExtensionDtype)
            and pd.api.types.is_numeric_dtype(dtype)
            and not pd.api.types.is_bool_dtype(dtype)
        ):
            frame[column] = frame[column].astype("float64")
        elif isinstance(dtype, pd.api.extensions.ExtensionDtype):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _lap_messages(
    laps: pd.DataFrame,
    numbers: dict[str, str],
    total_laps: int,
    *,
    grid: list[str],
    start_s: float,
    stop_laps: set[tuple[str, int]],
) -> list[Message]:
    """``stop_laps``: ``(driver, in-lap)`` of every counted stop; the count goes up on the out-lap."""
    out: list[Message] = []
    laps = laps[laps["lap_end_s"].notna()].sort_values("lap_end_s")
    race = bool(laps["position"].notna().any())
    retired_at = retirement_times(laps) if race else {}
    tower = TowerOrder(numbers)
    if race and grid:  # the tower starts in grid order
        lines = {}
        for slot, driver in enumerate((d for d in grid if d in numbers), 1):
            lines.update({n: {"Position": str(p)} for n, p in tower.claim(driver, slot).items()})
        out.append(Message(start_s, "TimingData", {"Lines": lines}))
    leader_end = laps.groupby("lap_number")["lap_end_s"].min().to_dict()
    end_by_pos = {
        (r.lap_number, r.position): r.lap_end_s for r in laps.itertuples() if _num(r.position)
    }
    personal: dict[tuple[str, int], float] = {}
    overall: dict[int, float] = {}
    stops: dict[str, int] = {}
    for r in laps.itertuples():
        number = numbers.get(r.driver)
        if number is None:
            continue
        out += tower.retire_until(retired_at, float(r.lap_end_s))
        start = r.lap_start_s if _num(r.lap_start_s) else r.lap_end_s - (r.lap_time_s or 0)
        elapsed = start
        for i, name in enumerate(("sector1_s", "sector2_s", "sector3_s")):
            value = getattr(r, name)
            if not _num(value):
                continue
            elapsed = elapsed + value if i < 2 else r.lap_end_s
            best_p, best_o = personal.get((r.driver, i), math.inf), overall.get(i, math.inf)
            personal[(r.driver, i)], overall[i] = min(best_p, value), min(best_o, value)
            sector = {
                "Value": f"{value:.3f}",
                "PersonalFastest": value <= best_p,
                "OverallFastest": value <= best_o,
            }
            out.append(
                Message(
                    float(elapsed), "TimingData", {"Lines": {number: {"Sectors": {str(i): sector}}}}
                )
            )
        # the unfinished lap a car retires on is not a lap it completed
        completed = int(r.lap_number) - (0 if _num(r.lap_time_s) or _num(r.position) else 1)
        line: dict = {"NumberOfLaps": completed, "InPit": False, "PitOut": False}
        if _num(r.lap_time_s):
            best_p, best_o = personal.get((r.driver, 9), math.inf), overall.get(9, math.inf)
            counts = not (_num(r.deleted) and bool(r.deleted))  # a deleted lap sets no best
            if counts:
                personal[(r.driver, 9)] = min(best_p, r.lap_time_s)
                overall[9] = min(best_o, r.lap_time_s)
            line["LastLapTime"] = {
                "Value": _fmt_lap(r.lap_time_s),
                "PersonalFastest": counts and r.lap_time_s <= best_p,
                "OverallFastest": counts and r.lap_time_s <= best_o,
            }
            if (r.driver, 9) in personal:
                line["BestLapTime"] = {"Value": _fmt_lap(personal[(r.driver, 9)])}
        if _num(r.position):
            moved = tower.claim(r.driver, int(r.position))
            line["Position"] = str(moved.pop(number))
            if moved:  # the cars it passed (or that passed it) move one place
                lines = {n: {"Position": str(p)} for n, p in moved.items()}
                out.append(Message(float(r.lap_end_s), "TimingData", {"Lines": lines}))
            gap = r.lap_end_s - leader_end[r.lap_number]
            line["GapToLeader"] = f"LAP {int(r.lap_number)}" if r.position == 1 else f"+{gap:.3f}"
            ahead = end_by_pos.get((r.lap_number, r.position - 1))
            interval = (
                ""
                if r.position == 1
                else ("+1 LAP" if ahead is None else f"+{r.lap_end_s - ahead:.3f}")
            )
            line["IntervalToPositionAhead"] = {"Value": interval}
        if (r.driver, int(r.lap_number) - 1) in stop_laps:
            stops[r.driver] = stops.get(r.driver, 0) + 1
        if _num(r.pit_in_s):
            out.append(
                Message(float(r.pit_in_s), "TimingData", {"Lines": {number: {"InPit": True}}})
            )
        line["NumberOfPitStops"] = stops.get(r.driver, 0)
        out.append(Message(float(r.lap_end_s), "TimingData", {"Lines": {number: line}}))
        if not race and (r.driver, 9) in personal:  # qualifying, practice: by best lap
            out.append(_order_by_best_lap(personal, numbers, float(r.lap_end_s)))
        if _num(r.pit_out_s):
            out.append(
                Message(
                    float(r.pit_out_s),
                    "TimingData",
                    {"Lines": {number: {"InPit": False, "PitOut": True}}},
                )
            )
        if _num(r.stint) and r.compound:
            stint = {
                "Compound": str(r.compound),
                "TotalLaps": int(r.tyre_life) if _num(r.tyre_life) else 0,
                "New": "true" if _num(r.fresh_tyre) and bool(r.fresh_tyre) else "false",
            }
            body = {"Lines": {number: {"Stints": {str(stops.get(r.driver, 0)): stint}}}}
            out.append(Message(float(r.lap_end_s), "TimingAppData", body))
        if r.position == 1:
            out.append(
                Message(
                    float(r.lap_end_s),
                    "LapCount",
                    {"CurrentLap": min(int(r.lap_number) + 1, total_laps)},
                )
            )
    out += tower.retire_until(retired_at, math.inf)
    return out


def _order_by_best_lap(personal: dict, numbers: dict[str, str], t_s: float) -> Message:
    """Tower order of a session without race positions: by best lap, gaps to the fastest."""
    bests = sorted((best, driver) for (driver, part), best in personal.items() if part == 9)
    fastest = bests[0][0]
    lines = {
        numbers[driver]: {
            "Position": str(rank),
            "GapToLeader": "" if rank == 1 else f"+{best - fastest:.3f}",
        }
        for rank, (best, driver) in enumerate(bests, 1)
    }
    return Message(t_s, "TimingData", {"Lines": lines})


def _position_messages(store, key: tuple, numbers: dict[str, str], start_s: float) -> list[Message]:
    """Car positions every ``POSITION_STEP_S``, and each car's first sample at ``start_s``
    (on the grid, for a race), so the map has its cars from the start of lap 1."""
    sql = """SELECT floor((l.lap_start_s + t.time_s) / ?) * ? AS t, t.driver,
                    last(t.x ORDER BY t.time_s) AS x, last(t.y ORDER BY t.time_s) AS y
             FROM telemetry t JOIN laps l USING (year, round, session_code, driver, lap_number)
             WHERE t.year = ? AND t.round = ? AND t.session_code = ? AND t.x IS NOT NULL
               AND l.lap_start_s IS NOT NULL
             GROUP BY 1, 2 ORDER BY 1"""
    frame = store.query_df(sql, [POSITION_STEP_S, POSITION_STEP_S, *key])
    out = []
    if len(frame):
        first = frame.sort_values("t").groupby("driver", sort=False).first()
        grid = {numbers[d]: {"X": r.x, "Y": r.y} for d, r in first.iterrows() if d in numbers}
        out.append(Message(float(start_s), "Position", {"Position": [{"Entries": grid}]}))
    for t, group in frame.groupby("t", sort=True):
        entries = {
            numbers[d]: {"X": x, "Y": y}
            for d, x, y in zip(group.driver, group.x, group.y, strict=True)
            if d in numbers
        }
        out.append(Message(float(t), "Position", {"Position": [{"Entries": entries}]}))
    if len(frame):  # a car leaves the map one step after its last sample (retired, or session over)
        last = frame.groupby("driver")["t"].max()
        for driver, t in last.items():
            if driver in numbers and t < frame["t"].max():
                gone = {"Entries": {"_deleted": [numbers[driver]]}}
                out.append(Message(float(t) + POSITION_STEP_S, "Position", {"Position": [gone]}))
    return out


def _key_tuple(key) -> tuple[int, int, str]:
    if hasattr(key, "session_code"):
        return int(key.year), int(key.round), str(key.session_code)
    year, round_number, code = key
    return int(year), int(round_number), str(code)


def synthesise_messages(store, key) -> list[Message]:
    """The message stream of a stored session, time-ordered.

    Args:
        store: an open :class:`~f1core.store.Store`.
        key: a ``SessionKey`` or ``(year, round, session_code)``.

    Raises:
        SessionNotInStore: the session has no laps in the store.
    """
    key = _key_tuple(key)
    laps = _query(store, "laps", "*", key)
    if laps.empty:
        raise SessionNotInStore(
            f"{key[0]}/{key[1]}/{key[2]} has no laps in the store; ingest it first."
        )
    drivers = _query(store, "drivers", "driver, driver_number, full_name, team, team_color", key)
    numbers = {
        r.driver: str(int(r.driver_number)) for r in drivers.itertuples() if _num(r.driver_number)
    }
    for code in laps["driver"].unique():  # drivers without a number still get a line
        numbers.setdefault(code, code)
    session = _query(store, "sessions", "event_name, session_name, total_laps", key)
    t0 = float(laps["lap_start_s"].min()) - 1.0 if laps["lap_start_s"].notna().any() else 0.0
    info = {
        "Meeting": {"Name": session.event_name.iloc[0] if len(session) else "", "Number": key[1]},
        "Name": session.session_name.iloc[0] if len(session) else key[2],
    }
    driver_list = {
        numbers[r.driver]: {
            "RacingNumber": numbers[r.driver],
            "Tla": r.driver,
            "FullName": r.full_name,
            "TeamName": r.team,
            "TeamColour": str(r.team_color or "").lstrip("#"),
        }
        for r in drivers.itertuples()
        if r.driver in numbers
    }
    total = (
        session.total_laps.iloc[0]
        if len(session) and _num(session.total_laps.iloc[0])
        else laps.lap_number.max()
    )
    out = [
        Message(t0, "SessionInfo", info),
        Message(t0, "DriverList", driver_list),
        Message(t0, "SessionStatus", {"Status": "Started"}),
    ]
    if laps["position"].notna().any():  # a race or sprint: the feed counts laps
        out.append(Message(t0, "LapCount", {"CurrentLap": 1, "TotalLaps": int(total)}))
    results = _query(store, "results", "driver, grid_position", key, "ORDER BY grid_position")
    grid = [
        d for d, p in zip(results.driver, results.grid_position, strict=True) if _num(p) and p > 0
    ]
    grid += [d for d in results.driver if d not in grid]  # pit-lane starters at the back
    counted = counted_stops(laps, _query(store, "pit_stops", "*", key))
    stop_laps = set(zip(counted["driver"], counted["lap"].astype(int), strict=True))
    out += _lap_messages(laps, numbers, int(total), grid=grid, start_s=t0, stop_laps=stop_laps)
    if laps["position"].notna().any():
        out += _chequered_flag(laps)
    track_status = _query(store, "track_status", "time_s, status, message", key)
    for r in track_status.itertuples():
        if _num(r.time_s):
            out.append(
                Message(
                    float(r.time_s), "TrackStatus", {"Status": str(r.status), "Message": r.message}
                )
            )
    rc = _query(store, "race_control", "*", key, "ORDER BY time_utc")
    offset = session_utc_offset(laps, rc, track_status)
    for r in rc.itertuples():
        if offset is None or pd.isna(r.time_utc):
            continue
        t = pd.Timestamp(r.time_utc).timestamp() - offset
        item = {
            "Utc": pd.Timestamp(r.time_utc).isoformat(),
            "Lap": r.lap if _num(r.lap) else None,
            "Category": r.category,
            "Message": r.message,
            "Flag": r.flag,
            "Scope": r.scope,
        }
        out.append(Message(float(t), "RaceControlMessages", {"Messages": [item]}))
    weather = _query(store, "weather", "*", key)
    for r in weather.itertuples():
        if _num(r.time_s):
            body = {
                "AirTemp": r.air_temp_c,
                "TrackTemp": r.track_temp_c,
                "Humidity": r.humidity,
                "Rainfall": "1" if _num(r.rainfall) and bool(r.rainfall) else "0",
                "WindSpeed": r.wind_speed,
            }
            out.append(Message(float(r.time_s), "WeatherData", body))
    out += _position_messages(store, key, numbers, t0)
    out += _final_classification(store, key, numbers, laps)
    out = [_plain(m) for m in out]
    out.sort(key=lambda m: m.t_s)
    return out


def _chequered_flag(laps: pd.DataFrame) -> list[Message]:
    """``SessionStatus: Finished`` when the leader completes the last lap, as the live feed sends.

    Without it the replay's last lap would count as still being run: the tower would show the
    final lap while "as known at lap N" (:attr:`TowerState.completed_laps`) stayed one behind.
    """
    done = laps.dropna(subset=["lap_end_s"])
    if done.empty:
        return []
    last = done[done["lap_number"] == done["lap_number"].max()]
    return [Message(float(last["lap_end_s"].min()), "SessionStatus", {"Status": "Finished"})]


def _final_classification(
    store, key: tuple, numbers: dict[str, str], laps: pd.DataFrame
) -> list[Message]:
    results = _query(store, "results", "driver, position, classified_position, status", key)
    end = float(laps["lap_end_s"].max()) + 1.0
    lines = {}
    for r in results.itertuples():
        if r.driver not in numbers or not _num(r.position):
            continue
        retired = not str(r.classified_position or "").isdigit()
        lines[numbers[r.driver]] = {"Position": str(int(r.position)), "Retired": retired}
    return [Message(end, "TimingData", {"Lines": lines})] if lines else []


def _plain(message: Message) -> Message:
    """Replace numpy scalars and NaN with plain JSON values (snapshots use marshal)."""
    return Message(float(message.t_s), message.topic, _to_plain(message.data))


def _to_plain(value):
    if isinstance(value, dict):
        return {str(k): _to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_plain(v) for v in value]
    if value is None or isinstance(value, str | bool):
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def load_store_replay(store, key) -> Replay:
    """A seekable replay of a stored session (``key``: ``SessionKey`` or tuple).

    Raises:
        SessionNotInStore: the session has no laps in the store.
    """
    key = _key_tuple(key)
    messages = synthesise_messages(store, key)
    stats = StreamStats(lines=len(messages), messages=len(messages))
    return build_replay(
        messages,
        stats=stats,
        label=f"{key[0]}/{key[1]}/{key[2]}",
        key=f"{key[0]}/{key[1]}/{key[2]}",
        source="store",
    )


def track_outline(store, key) -> pd.DataFrame:
    """``x, y`` of one complete telemetry lap (the fastest one stored), for the map outline.

    Returns an empty frame when the session has no telemetry positions.
    """
    sql = """WITH best AS (
                 SELECT l.driver, l.lap_number FROM laps l
                 WHERE l.year = ? AND l.round = ? AND l.session_code = ? AND l.lap_time_s IS NOT NULL
                   AND EXISTS (SELECT 1 FROM telemetry t WHERE t.year = l.year AND t.round = l.round
                               AND t.session_code = l.session_code AND t.driver = l.driver
                               AND t.lap_number = l.lap_number AND t.x IS NOT NULL)
                 ORDER BY l.lap_time_s LIMIT 1)
             SELECT t.x, t.y FROM telemetry t JOIN best USING (driver, lap_number)
             WHERE t.year = ? AND t.round = ? AND t.session_code = ? ORDER BY t.sample"""
    key = _key_tuple(key)
    return store.query_df(sql, [*key, *key])


def track_rotation_deg(store, key) -> float:
    """FastF1's map rotation for the circuit (0 when no corners are stored)."""
    sql = f"SELECT any_value(track_rotation_deg) FROM corners WHERE {_KEY_SQL}"  # noqa: S608
    value = store.scalar(sql, list(_key_tuple(key)))
    return float(value) if value is not None and not pd.isna(value) else 0.0
