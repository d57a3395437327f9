"""Neutralisations and restarts, penalties, rain, retirements and the result.

Neutralisations and penalties are read from race-control messages with the same
classifiers the chat's incident facts use (:mod:`f1core.facts.incidents`); their lap is race
control's own lap count in the sentence; the event is dated by the message's time, so it is
shown once the leader completes the lap it was sent in (0: before the start). A car retired when its last lap ended before the leader took the flag.
"""

from __future__ import annotations

import re

import pandas as pd

from f1core.commentary.events import Event, RaceFrames
from f1core.facts.incidents import neutralisation_kind, penalty_messages

_SAY = {
    "safety car": "Safety car deployed",
    "virtual safety car": "Virtual safety car deployed",
    "red flag": "Red flag: the session is stopped",
    "safety car ending": "The safety car comes in at the end of this lap: restart to follow",
    "virtual safety car ending": "The virtual safety car is ending: racing resumes",
}
_FINISHED = ("Finished", "Lapped")
TRACK_SWING_C = 5.0  # a change of track temperature worth a line
RAIN_SAMPLES = 3  # consecutive weather readings (about a minute apart) that make a change
_CODE = re.compile(r"\(([A-Z]{3})\)")


def _lap(value) -> int:
    return 0 if pd.isna(value) else int(value)


def neutralisation_events(f: RaceFrames) -> list[Event]:
    """SC, VSC and red flags, their endings, and the restart after a red flag."""
    events: list[Event] = []
    stopped = False
    for r in f.race_control.itertuples():
        kind = neutralisation_kind(r.message, r.flag or "")
        message = str(r.message or "").upper()
        if kind is None and stopped and message.startswith("GREEN LIGHT - PIT EXIT OPEN"):
            kind, stopped = "restart", False
            text = f"Green light at the pit exit: the race restarts on lap {_lap(r.lap)}."
        elif kind is None:
            continue
        else:
            stopped = stopped or kind == "red flag"
            text = f"{_SAY[kind]} (lap {_lap(r.lap)})."
        rows = (f.row("race_control", time_utc=str(r.time_utc)),)
        events.append(Event(f.known_at_utc(r.time_utc, r.lap), kind.replace(" ", "_"), 1, text, (),
                            {"lap": _lap(r.lap), "message": r.message}, rows))  # fmt: skip
    return events


def penalty_events(f: RaceFrames) -> list[Event]:
    """Penalties announced by the stewards, quoted, with the car they name."""
    if f.race_control.empty:
        return []
    numbers = f.number_to_code()
    events = []
    for r in penalty_messages(f.race_control).itertuples():
        codes = _CODE.findall(r.message) or [
            numbers[n] for n in re.findall(r"CAR (\d+)", r.message) if n in numbers
        ]
        text = f'Stewards, lap {_lap(r.lap)}: "{r.message}".'
        rows = (f.row("race_control", time_utc=str(r.time_utc)),)
        events.append(Event(f.known_at_utc(r.time_utc, r.lap), "penalty", 1, text, tuple(codes[:1]),
                            {"lap": _lap(r.lap), "message": r.message}, rows))  # fmt: skip
    return events


def weather_events(f: RaceFrames) -> list[Event]:
    """Rain at the start, then rain starting and stopping (the weather station's rainfall flag,
    a change counted once it holds for ``RAIN_SAMPLES`` readings)."""
    w = f.weather.dropna(subset=["rainfall"]).reset_index(drop=True)
    if w.empty:
        return []
    rain = w["rainfall"].astype(bool).to_numpy()
    start_s = f.start_s
    before = w["time_s"] < start_s if not pd.isna(start_s) else w["time_s"] < -1
    events, state = [], bool(rain[before.to_numpy()][-1]) if before.any() else False
    if state:
        r = w[before].iloc[-1]
        events.append(_weather_event(f, r, 0, "Rain is falling at the start"))
    for i in range(int(before.sum()), len(w) - RAIN_SAMPLES + 1):
        if rain[i] == state or not (rain[i : i + RAIN_SAMPLES] == rain[i]).all():
            continue  # no change, or a flicker shorter than RAIN_SAMPLES readings
        state = bool(rain[i])
        r = w.iloc[i]
        what = "Rain is falling" if state else "The rain has stopped"
        events.append(_weather_event(f, r, f.known_at(r["time_s"]), what))
    return events


def track_temperature_events(f: RaceFrames) -> list[Event]:
    """The track warming or cooling by ``TRACK_SWING_C`` since the start or the last such event."""
    w = f.weather.dropna(subset=["track_temp_c"])
    start_s = f.start_s
    if w.empty or pd.isna(start_s):
        return []
    before = w[w["time_s"] <= start_s]
    level = float((before if len(before) else w).iloc[-1 if len(before) else 0]["track_temp_c"])
    events = []
    for r in w[w["time_s"] > start_s].itertuples():
        change = round(float(r.track_temp_c) - level, 1)
        if abs(change) < TRACK_SWING_C:
            continue
        level = float(r.track_temp_c)
        lap = f.known_at(r.time_s)
        way = "up" if change > 0 else "down"
        text = f"Track temperature {way} {abs(change):.1f} °C to {level:.1f} °C (lap {lap})."
        values = {"track_temp_c": round(level, 1), "change_c": abs(change), "lap": lap}
        rows = (f.row("weather", time_s=float(r.time_s)),)
        events.append(Event(lap, "track_temperature", 2, text, (), values, rows))
    return events


def _weather_event(f: RaceFrames, r: pd.Series, lap: int, what: str) -> Event:
    track = round(float(r["track_temp_c"]), 1) if not pd.isna(r["track_temp_c"]) else None
    text = f"{what} (lap {lap}" + (f", track {track:.1f} °C)." if track is not None else ").")
    rows = (f.row("weather", time_s=float(r["time_s"])),)
    return Event(lap, "weather", 1, text, (), {"lap": lap, "track_temp_c": track}, rows)


def retirement_events(f: RaceFrames) -> list[Event]:
    """Cars that stopped before the flag, on which lap, and why when the result says."""
    if not f.final_lap:
        return []
    flag_s = f.leader_ends[-1]
    result = f.results.set_index("driver") if not f.results.empty else pd.DataFrame()
    events = []
    last = f.laps.dropna(subset=["lap_end_s"]).sort_values("lap_number").groupby("driver").tail(1)
    for r in last.itertuples():
        why = result["status"].get(r.driver) if "status" in result else None
        if r.lap_end_s >= flag_s - 1e-6 or why in _FINISHED:
            continue
        done = result["laps"].get(r.driver) if "laps" in result else None
        if done is None or pd.isna(done):  # the last lap counts when it has a time
            done = r.lap_number - (1 if pd.isna(r.lap_time_s) else 0)
        lap = int(done) + 1
        reason = f" ({why})" if isinstance(why, str) and why else ""
        text = f"{r.driver} is out of the race on lap {lap}{reason}."
        rows = (f.lap_rows([r.driver], [r.lap_number]), f.row("results", driver=r.driver))
        events.append(Event(f.known_at(r.lap_end_s), "retirement", 1, text, (r.driver,),
                            {"lap": lap, "laps_completed": int(done)}, rows))  # fmt: skip
    return events


def result_events(f: RaceFrames) -> list[Event]:
    """The chequered flag: the winner and the podium, from the classification."""
    res = f.results.dropna(subset=["position"]).sort_values("position")
    if res.empty:
        last = f.laps[f.laps["lap_number"] == f.final_lap].dropna(subset=["position"])
        res = last.sort_values("position")[["driver", "position"]]
    podium = list(res["driver"].head(3))
    if not podium:
        return []
    text = f"Chequered flag after {f.final_lap} laps: {podium[0]} wins"
    if len(podium) == 3:
        text += f", {podium[1]} second and {podium[2]} third"
    rows = (f.row("results", position=[1, 2, 3]),)
    return [Event(f.final_lap, "result", 1, text + ".", tuple(podium),
                  {"laps": f.final_lap, "winner": podium[0]}, rows)]  # fmt: skip
