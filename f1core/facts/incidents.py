"""Safety cars, VSCs, red flags, penalties and disqualifications of a stored session.

Race-control messages are the primary source (they carry the lap); when a session has no
race-control messages the track-status changes stand in, and disqualifications also come
from F1DB's official results, which is where post-race exclusions are recorded.
"""

from __future__ import annotations

import pandas as pd

from f1core.errors import NoData
from f1core.facts.fact import Fact, RowRef, key_dict, key_params

#: Race-control wording of a stewards' decision that gives a penalty.
PENALTY_DECISION = (
    r"PENALTY FOR CAR|DRIVE THROUGH PENALTY|STOP AND GO|STOP/GO|GRID PLACE|DISQUALIFIED"
)

#: track_status codes -> neutralisation name (FastF1 codes).
TRACK_STATUS_EVENTS = {"4": "safety car", "5": "red flag", "6": "virtual safety car"}


#: Race-control messages that start or end a neutralisation, by how they begin.
NEUTRALISATION_MESSAGES = {
    "VIRTUAL SAFETY CAR DEPLOYED": "virtual safety car",
    "VIRTUAL SAFETY CAR ENDING": "virtual safety car ending",
    "SAFETY CAR DEPLOYED": "safety car",
    "SAFETY CAR IN THIS LAP": "safety car ending",
}


def neutralisation_kind(message: str, flag: str = "") -> str | None:
    """What a race-control message starts or ends (``"safety car"``, ``"red flag"``, ...).

    ``"... ending"`` kinds mark the end of a neutralisation; ``None``: not one.
    """
    m = (message or "").upper()
    for start, kind in NEUTRALISATION_MESSAGES.items():
        if m.startswith(start):
            return kind
    if (flag or "") == "RED" and "RED FLAG" in m or m == "RED FLAG":
        return "red flag"
    return None


def penalty_messages(rc: pd.DataFrame) -> pd.DataFrame:
    """The race-control rows that announce a penalty decision (not served or noted ones)."""
    msg = rc.message.fillna("")
    decided = msg.str.contains(PENALTY_DECISION, case=False, regex=True)
    return rc[
        decided & ~msg.str.contains("SERVED|NOTED|UNDER INVESTIGATION", case=False, regex=True)
    ]


def race_control_rows(store, key) -> pd.DataFrame:
    """A session's race-control messages in time order."""
    return store.query_df(
        "SELECT time_utc, lap, category, message, flag FROM race_control WHERE year = ? AND round = ? AND session_code = ? "
        "ORDER BY time_utc",
        key_params(key),
    )


def neutralisations_fact(store, key, *, upto_lap: int | None = None) -> Fact:
    """Every safety car, virtual safety car and red flag, with laps (up to a lap)."""
    rc = race_control_rows(store, key)
    events: list[tuple[str, object]] = []
    source = "race_control"
    if not rc.empty:
        for lap, m, flag in zip(rc.lap, rc.message, rc.flag.fillna(""), strict=True):
            kind = neutralisation_kind(m, flag)
            if kind is not None and not kind.endswith("ending"):
                events.append((kind, lap))
    else:
        ts = store.query_df(
            "SELECT t.time_s, t.status, (SELECT max(l.lap_number) FROM laps l WHERE l.year = t.year "
            "AND l.round = t.round AND l.session_code = t.session_code AND l.lap_start_s <= t.time_s) "
            "AS lap FROM track_status t WHERE t.year = ? AND t.round = ? AND t.session_code = ? ORDER BY t.time_s",
            key_params(key),
        )
        if ts.empty:
            raise NoData(f"No race-control messages or track status are stored for {key}.")
        source = "track_status"
        prev = None
        for status, lap in zip(ts.status.astype(str), ts.lap, strict=True):
            if status in TRACK_STATUS_EVENTS and status != prev:
                events.append((TRACK_STATUS_EVENTS[status], lap))
            prev = status
    if upto_lap:
        events = [e for e in events if e[1] is None or pd.isna(e[1]) or e[1] <= upto_lap]
    counts = {
        k: sum(1 for e in events if e[0] == k)
        for k in ("safety car", "virtual safety car", "red flag")
    }
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items()]
    text = "Neutralisations: " + ", ".join(parts) + "."
    if events:
        approx = "about " if source == "track_status" else ""
        text += (
            " "
            + "; ".join(
                f"{kind} deployed on lap {approx}{int(lap)}"
                if not pd.isna(lap)
                else f"{kind} (lap unknown)"
                for kind, lap in events
            )
            + "."
        )
    if source == "track_status":
        text += (
            " (From track-status changes; no race-control messages are stored for this session.)"
        )
    sc_laps, vsc_laps = store.query_rows(
        "SELECT count(DISTINCT lap_number) FILTER (WHERE track_status LIKE '%4%'), "
        "count(DISTINCT lap_number) FILTER (WHERE track_status LIKE '%6%') FROM laps "
        "WHERE year = ? AND round = ? AND session_code = ? AND position = 1 AND lap_number <= ?",
        [*key_params(key), upto_lap or 10_000],
    )[0]
    if sc_laps or vsc_laps:
        text += (f" The leader's laps run at least partly under the safety car: {sc_laps}; "
                 f"under the VSC: {vsc_laps}.")  # fmt: skip
    frame = pd.DataFrame(events, columns=["event", "lap"])
    return Fact("neutralisations", text, (RowRef(source, key_dict(key)),), frame)


def _official_dsq(store, key) -> pd.DataFrame:
    """Drivers F1DB lists as disqualified from this race or sprint."""
    table = {"R": "f1db_race_results", "S": "f1db_sprint_race_results"}.get(key.session_code)
    if table is None or not store.table_exists(table) or not store.table_exists("f1db_drivers"):
        return pd.DataFrame(columns=["driver", "name", "reason"])
    return store.query_df(
        f"SELECT d.abbreviation AS driver, d.name, r.reasonRetired AS reason FROM {table} r "  # noqa: S608 (fixed table map)
        "JOIN f1db_drivers d ON d.id = r.driverId WHERE r.year = ? AND r.round = ? "
        "AND r.position = 'DSQ' ORDER BY d.abbreviation",
        [key.year, key.round],
    )


def penalties_fact(store, key, *, drivers: list[str] | None = None) -> Fact:
    """Penalties from race control and disqualifications (race control and F1DB).

    With ``drivers`` (codes), it also says which of them race control penalised, and which
    it did not: a question about one driver's penalty gets that driver's answer.
    """
    rc = race_control_rows(store, key)
    rows: list[RowRef] = []
    text_parts = []
    if not rc.empty:
        pens = penalty_messages(rc)
        for code in drivers or []:
            mine = pens[pens.message.str.contains(f"({code})", regex=False)]
            text_parts.append(
                f"{code}: " + "; ".join(f"lap {int(r.lap) if not pd.isna(r.lap) else '?'}: {r.message}"
                                         for r in mine.itertuples()) + "."
                if not mine.empty else f"No penalty for {code} was announced in race control."
            )  # fmt: skip
        if not pens.empty:
            text_parts.append(
                "Penalties: " + "; ".join(f"lap {int(r.lap) if not pd.isna(r.lap) else '?'}: {r.message}"
                                          for r in pens.itertuples()) + "."
            )  # fmt: skip
            rows.append(RowRef("race_control", {**key_dict(key), "message_like": "%PENALTY FOR%"}))
        else:
            text_parts.append("No penalties were announced in race control.")
    dsq = _official_dsq(store, key)
    if not dsq.empty:
        text_parts.append(
            "Disqualified (official result): "
            + ", ".join(
                f"{r.name} [{r.driver}]" + (f" ({r.reason})" if r.reason else "")
                for r in dsq.itertuples()
            )
            + "."
        )
        table = "f1db_race_results" if key.session_code == "R" else "f1db_sprint_race_results"
        rows.append(RowRef(table, {"year": key.year, "round": key.round, "position": "DSQ"}))
    elif key.session_code in ("R", "S"):
        text_parts.append("No driver was disqualified.")
    if rc.empty and dsq.empty and key.session_code not in ("R", "S"):
        raise NoData(f"No race-control messages are stored for {key}.")
    if rc.empty:
        text_parts.append(
            "(No race-control messages are stored for this session, so in-race penalties are unknown.)"
        )
    return Fact("penalties", " ".join(text_parts), tuple(rows), dsq)


def track_limits_fact(store, key, *, upto_lap: int | None = None) -> Fact:
    """Laps deleted (track limits and other reasons) per driver, from the laps table."""
    df = store.query_df(
        "SELECT driver, lap_number, deleted_reason FROM laps WHERE year = ? AND round = ? "
        "AND session_code = ? AND coalesce(deleted, false) AND lap_number <= ? ORDER BY driver, lap_number",
        [*key_params(key), upto_lap or 10_000],
    )
    if df.empty:
        text = "No lap times were deleted in this session."
        if not store.scalar(
            "SELECT count(*) FROM laps WHERE year = ? AND round = ? AND session_code = ? AND deleted IS NOT NULL",
            key_params(key),
        ):
            raise NoData(f"No lap-deletion data is stored for {key}.")
        return Fact("track_limits", text, (RowRef("laps", {**key_dict(key), "deleted": True}),), df)
    per = df.groupby("driver").lap_number.apply(list)
    limits = df.deleted_reason.fillna("").str.contains("TRACK LIMITS", case=False).sum()
    text = (
        f"{len(df)} lap times were deleted ({limits} for track limits): "
        + "; ".join(
            f"{d} lap{'s' if len(v) > 1 else ''} {', '.join(map(str, v))}" for d, v in per.items()
        )
        + "."
    )
    return Fact("track_limits", text, (RowRef("laps", {**key_dict(key), "deleted": True}),), df)
