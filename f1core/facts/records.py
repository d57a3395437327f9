"""Historical answers from F1DB: career totals, all-time records, champions, race winners.

F1DB covers 1950 to the last round in the kit (2026 partly); totals count every race
F1DB holds, so a season still running is included and said so in the text. A season's
champion is only named once every race of that season has a result.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from f1core.errors import NoData
from f1core.facts.fact import Fact, RowRef
from f1core.facts.resolve import DriverRef, HistoryNames, TeamRef, relative_round

RecordKind = Literal["wins", "poles", "podiums", "fastest_laps", "titles", "starts"]

#: kind -> (table, condition on ``position`` as text, human label).
_COUNTS: dict[str, tuple[str, str, str]] = {
    "wins": ("f1db_race_results", "position = '1'", "Grand Prix wins"),
    "poles": ("f1db_qualifying_results", "CAST(position AS VARCHAR) = '1'", "pole positions"),
    "podiums": ("f1db_race_results", "position IN ('1', '2', '3')", "podium finishes"),
    "fastest_laps": ("f1db_fastest_laps", "CAST(position AS VARCHAR) = '1'", "fastest laps"),
    "starts": ("f1db_race_results", "TRUE", "race entries"),
}


_HISTORY = ("f1db_races", "f1db_race_results", "f1db_drivers", "f1db_grands_prix",
            "f1db_qualifying_results", "f1db_fastest_laps", "f1db_season_driver_standings")  # fmt: skip


def require_history(store, tables=_HISTORY) -> None:
    """Raise NoData unless the history tables are loaded."""
    missing = [t for t in tables if not store.table_exists(t)]
    if missing:
        raise NoData("The history tables are not in the store; load the data kit on the home page.")


def coverage(store) -> str:
    """``"1950 to 2026 round 11"``: the span of F1DB race results in the store."""
    row = store.query_rows(
        "SELECT min(year), max(year), max(round) FILTER (WHERE year = (SELECT max(year) "
        "FROM f1db_race_results)) FROM f1db_race_results"
    )[0]
    return f"{row[0]} to {row[1]} round {row[2]}"


def find_driver(store, text: str) -> DriverRef | None:
    """The first F1DB driver named in ``text`` (see :class:`~f1core.facts.resolve.HistoryNames`)."""
    require_history(store)
    found = HistoryNames.of(store).find_drivers(text)
    return found[0] if found else None


def career_fact(
    store, driver: DriverRef, *, year: int | None = None, team: TeamRef | None = None
) -> Fact:
    """A driver's totals (career, one season, or with one team): entries, wins, podiums, poles,
    fastest laps, titles (titles only without a team)."""
    require_history(store)
    team_id = team.constructor_id if team is not None else None
    counts = {}
    for kind, (table, cond, _label) in _COUNTS.items():
        sql = (f"SELECT count(*) FROM {table} WHERE driverId = ? AND {cond} AND (? IS NULL OR year = ?) "  # noqa: S608 (fixed map)
               "AND (? IS NULL OR constructorId = ?)")  # fmt: skip
        counts[kind] = store.scalar(sql, [driver.driver_id, year, year, team_id, team_id])
    titles = champions(store)
    won = titles[titles.driverId == driver.driver_id].year.tolist()
    if year is not None:
        won = [y for y in won if y == year]
        scope = f"in {year}"
    else:
        span = store.query_rows(
            "SELECT min(year), max(year) FROM f1db_race_results WHERE driverId = ? AND (? IS NULL OR constructorId = ?)",
            [driver.driver_id, team_id, team_id],
        )[0]
        scope = f"{span[0]}-{span[1]}, F1DB {coverage(store)}"
    scope = f"with {team.name}, {scope}" if team is not None else scope
    text = (
        f"{driver.name} ({scope}): {counts['starts']} race entries, "
        f"{counts['wins']} wins, {counts['podiums']} podiums, {counts['poles']} pole positions, "
        f"{counts['fastest_laps']} fastest laps"
    )
    if team is None:
        text += f", {len(won)} world championship(s)" + (
            f" ({', '.join(map(str, won))})." if won else "."
        )
    else:
        text += "."
    frame = pd.DataFrame([{**counts, **({"titles": len(won)} if team is None else {})}])
    keys = {
        "driverId": driver.driver_id,
        **({"year": year} if year else {}),
        **({"constructorId": team_id} if team_id else {}),
    }
    return Fact("career", text, (RowRef("f1db_race_results", keys),), frame)


def latest_season(store) -> int:
    """The latest season with a race result in the history tables."""
    return int(store.scalar("SELECT max(year) FROM f1db_race_results"))


def latest_complete_season(store) -> int:
    """The latest season whose every race has a result."""
    return int(champions(store).year.max())


def champions(store) -> pd.DataFrame:
    """World drivers' champions of every completed season (``year, driverId, name``)."""
    return store.query_df(
        "WITH done AS (SELECT r.year FROM f1db_races r GROUP BY r.year HAVING max(r.round) = "
        "(SELECT max(x.round) FROM f1db_race_results x WHERE x.year = r.year)) "
        "SELECT s.year, s.driverId, d.name, s.points FROM f1db_season_driver_standings s "
        "JOIN f1db_drivers d ON d.id = s.driverId WHERE CAST(s.position AS VARCHAR) = '1' "
        "AND s.year IN (SELECT year FROM done) ORDER BY s.year"
    )


def _champion(df: pd.DataFrame, year: int, title: str, table: str, missing: str) -> Fact:
    """The ``champions``-style row of ``year`` as a fact (``missing``: the message without one)."""
    row = df[df.year == year]
    if row.empty:
        raise NoData(missing)
    r = row.iloc[0]
    text = f"{r['name']} won the {year} {title} with {r.points:g} points."
    return Fact("champion", text, (RowRef(table, {"year": year, "position": 1}),), row)


def champion_fact(store, year: int) -> Fact:
    """The drivers' champion of one season."""
    require_history(store)
    return _champion(champions(store), year, "drivers' world championship",
                     "f1db_season_driver_standings", f"No completed {year} season is in the history tables.")  # fmt: skip


def find_grand_prix(store, text: str) -> tuple[str, str] | tuple[str, str, str] | None:
    """The venue named in ``text``: ``(grandPrixId, full name)`` of a Grand Prix ("at Monaco",
    "British GP"), else ``(circuitId, name, "circuit")`` of a circuit, place or former name
    ("at Suzuka", "Interlagos"). ``None`` when the text names neither."""
    require_history(store)
    names = HistoryNames.of(store)
    gp = names.find_grand_prix(text)
    if gp is not None:
        return gp
    circuit = names.find_circuit(text)
    return (circuit[0], circuit[1], "circuit") if circuit else None


def venue_filter(grand_prix: tuple | None) -> tuple[str, list]:
    """SQL condition on ``raceId`` (and its parameters) for a :func:`find_grand_prix` venue."""
    if not grand_prix:
        return "raceId IS NOT NULL", []
    column = "circuitId" if len(grand_prix) > 2 else "grandPrixId"
    return f"raceId IN (SELECT id FROM f1db_races WHERE {column} = ?)", [grand_prix[0]]  # noqa: S608 (fixed column)


def venue_name(grand_prix: tuple) -> str:
    """``"the British Grand Prix"`` or ``"Suzuka"``."""
    return grand_prix[1] if len(grand_prix) > 2 else f"the {grand_prix[1]}"


def record_fact(
    store,
    kind: RecordKind,
    *,
    top: int = 5,
    year: int | None = None,
    grand_prix: tuple | None = None,
    team: TeamRef | None = None,
) -> Fact:
    """Leaders for wins, poles, podiums, fastest laps, titles or entries: all time, in one
    season, or at one Grand Prix."""
    require_history(store)
    gp_id = grand_prix[0] if grand_prix else None
    venue_sql, venue_params = venue_filter(grand_prix)
    team_id = team.constructor_id if team is not None and kind != "titles" else None
    if kind == "titles":
        df = champions(store).groupby("name").size().sort_values(ascending=False).head(top)
        df = df.rename("count").reset_index()
        label, table = "drivers' world championships", "f1db_season_driver_standings"
        gp_id = None
    else:
        table, cond, label = _COUNTS[kind]
        df = store.query_df(
            f"SELECT d.name, count(*) AS count FROM {table} r JOIN f1db_drivers d ON d.id = r.driverId "  # noqa: S608 (fixed table map)
            f"WHERE {cond} AND (? IS NULL OR r.year = ?) AND r.{venue_sql} AND (? IS NULL OR r.constructorId = ?) "
            "GROUP BY d.name ORDER BY count DESC, d.name LIMIT ?",
            [year, year, *venue_params, team_id, team_id, top],
        )
    if df.empty:
        raise NoData("No results match in the history tables.")
    best = int(df.iloc[0]["count"])
    leaders = df[df["count"] == best]
    rest = df[df["count"] < best]
    who = " and ".join(leaders.name) + (" (tied)" if len(leaders) > 1 else "")
    scope = ", ".join(
        x for x in (f"for {team.name}" if team_id else None, f"at {venue_name(grand_prix)}" if gp_id else None,
                    f"in {year}" if year and kind != "titles" else None) if x
    ) or f"F1DB {coverage(store)}"  # fmt: skip
    text = f"Most {label} ({scope}): {who} with {best}."
    if not rest.empty:
        text += " Next: " + ", ".join(f"{r.name} {int(r.count)}" for r in rest.itertuples()) + "."
    keys = {"aggregate": kind, **({"year": year} if year and kind != "titles" else {}),
            **({("circuitId" if len(grand_prix) > 2 else "grandPrixId"): gp_id} if gp_id else {}), **({"constructorId": team_id} if team_id else {})}  # fmt: skip
    return Fact("record", text, (RowRef(table, keys),), df)


def race_pole_fact(store, year: int, words: str) -> Fact:
    """Pole sitter (and time) of the ``year`` race named in ``words``, from F1DB qualifying."""
    winner = race_winner_fact(store, year, words)
    rnd = int(winner.frame.iloc[0]["round"])
    df = store.query_df(
        "SELECT d.name, d.abbreviation, q.q1, q.q2, q.q3, q.time, g.fullName FROM f1db_qualifying_results q "
        "JOIN f1db_drivers d ON d.id = q.driverId JOIN f1db_races ra ON ra.id = q.raceId "
        "JOIN f1db_grands_prix g ON g.id = ra.grandPrixId WHERE q.year = ? AND q.round = ? "
        "AND CAST(q.position AS VARCHAR) = '1'",
        [year, rnd],
    )
    if df.empty:
        raise NoData(f"No {year} qualifying result for round {rnd} is in the history tables.")
    r = df.iloc[0]
    best = next((t for t in (r.q3, r.q2, r.q1, r.time) if t and not pd.isna(t)), None)
    text = f"{r['name']} took pole for the {year} {r.fullName} (round {rnd})" + (
        f" with {best}." if best else "."
    )
    ref = RowRef("f1db_qualifying_results", {"year": year, "round": rnd, "position": 1})
    return Fact("pole", text, (ref,), df)


def race_winner_fact(store, year: int, words: str) -> Fact:
    """Winner of the ``year`` race named in ``words``: a Grand Prix ("monaco"), a circuit or
    place ("at Interlagos"), or the season's opener or finale."""
    require_history(store)
    df = store.query_df(
        "SELECT ra.round, ra.grandPrixId, ra.circuitId, gp.fullName, d.name, d.abbreviation, rr.time, rr.driverId "
        "FROM f1db_races ra JOIN f1db_grands_prix gp ON gp.id = ra.grandPrixId "
        "JOIN f1db_race_results rr ON rr.raceId = ra.id AND rr.position = '1' "
        "JOIN f1db_drivers d ON d.id = rr.driverId WHERE ra.year = ? ORDER BY ra.round",
        [year],
    )
    which = relative_round(words)
    venue = find_grand_prix(store, words)
    if venue is not None:
        hit = df[df["circuitId" if len(venue) > 2 else "grandPrixId"] == venue[0]]
    elif which is not None and not df.empty:
        hit = df.iloc[[0]] if which == "first" else df.iloc[[-1]]
        last = store.scalar("SELECT max(round) FROM f1db_races WHERE year = ?", [year])
        if which == "last" and int(hit.iloc[0]["round"]) != last:
            raise NoData(
                f"The {year} finale (round {last}) has no result in the history tables yet."
            )
    else:
        hit = df.iloc[0:0]
    if hit.empty:
        raise NoData(f"No {year} Grand Prix matching the question is in the history tables.")
    r = hit.iloc[0]
    text = f"{r['name']} won the {year} {r.fullName} (round {int(r['round'])}) in {r.time}."
    ref = RowRef("f1db_race_results", {"year": year, "round": int(r["round"]), "position": "1"})
    return Fact("race_winner", text, (ref,), hit)


def fastest_pit_stop_fact(store, year: int | None = None, *, event: str | None = None) -> Fact:
    """The quickest DHL-timed stationary pit stop (optionally of one season or event)."""
    require_history(store, ("dhl_pit_stops",))
    sql = "SELECT year, event, team, driver, stationary_time_s, lap FROM dhl_pit_stops WHERE TRUE"
    params: list = []
    if year:
        sql += " AND year = ?"
        params.append(year)
    if event:
        sql += " AND event = ?"
        params.append(event)
    df = store.query_df(sql + " ORDER BY stationary_time_s LIMIT 5", params)
    scope = " ".join(str(x) for x in (year, event) if x)
    if df.empty:
        raise NoData(f"No DHL pit-stop times are stored{' for ' + scope if scope else ''}.")
    r = df.iloc[0]
    text = (
        f"Fastest stationary pit stop{' of ' + scope if scope else ' (DHL, 2018 on)'}: "
        f"{r.team} for {r.driver}, {r.stationary_time_s:.2f} s"
        + ("." if event else f" at the {r.year} {r.event}.")
    )
    ref = RowRef("dhl_pit_stops", {"year": int(r.year), "event": r.event, "driver": r.driver})
    return Fact("pit_stop_record", text, (ref,), df)


#: kind -> (table, condition, label) for constructors.
_TEAM_COUNTS: dict[str, tuple[str, str, str]] = {
    "wins": ("f1db_race_results", "position = '1'", "Grand Prix wins"),
    "podiums": ("f1db_race_results", "position IN ('1', '2', '3')", "podium finishes"),
    "poles": ("f1db_qualifying_results", "CAST(position AS VARCHAR) = '1'", "pole positions"),
}


def find_team(store, text: str) -> TeamRef | None:
    """The constructor named in ``text`` (longest name first: "Red Bull Racing" before "Bull")."""
    require_history(store, ("f1db_constructors",))
    found = HistoryNames.of(store).find_teams(text)
    return found[0] if found else None


def constructor_champions(store) -> pd.DataFrame:
    """Constructors' champions of every completed season (``year, constructorId, name``)."""
    return store.query_df(
        "WITH done AS (SELECT r.year FROM f1db_races r GROUP BY r.year HAVING max(r.round) = "
        "(SELECT max(x.round) FROM f1db_race_results x WHERE x.year = r.year)) "
        "SELECT s.year, s.constructorId, c.name, s.points FROM f1db_season_constructor_standings s "
        "JOIN f1db_constructors c ON c.id = s.constructorId WHERE CAST(s.position AS VARCHAR) = '1' "
        "AND s.year IN (SELECT year FROM done) ORDER BY s.year"
    )


def team_fact(
    store, team: TeamRef, *, year: int | None = None, grand_prix: tuple | None = None
) -> Fact:
    """A constructor's totals (all time, one season, or at one venue): wins, podiums, poles, titles."""
    require_history(store, ("f1db_constructors", "f1db_season_constructor_standings"))
    venue_sql, venue_params = venue_filter(grand_prix)
    counts = {}
    for kind, (table, cond, _label) in _TEAM_COUNTS.items():
        sql = (f"SELECT count(*) FROM {table} WHERE constructorId = ? AND {cond} AND (? IS NULL OR year = ?) "  # noqa: S608 (fixed map)
               f"AND {venue_sql}")  # fmt: skip
        counts[kind] = store.scalar(sql, [team.constructor_id, year, year, *venue_params])
    if grand_prix:
        text = (f"{team.name} at {venue_name(grand_prix)}{f' in {year}' if year else ''}: {counts['wins']} Grand Prix "
                f"wins, {counts['podiums']} podium finishes, {counts['poles']} pole positions.")  # fmt: skip
        column = "circuitId" if len(grand_prix) > 2 else "grandPrixId"
        keys = {"constructorId": team.constructor_id, column: grand_prix[0]}
        return Fact("team", text, (RowRef("f1db_race_results", keys),), pd.DataFrame([counts]))
    titles = constructor_champions(store)
    won = titles[titles.constructorId == team.constructor_id].year.tolist()
    if year is not None:
        won = [y for y in won if y == year]
    scope = f"in {year}" if year else f"F1DB {coverage(store)}"
    text = (
        f"{team.name} ({scope}): {counts['wins']} Grand Prix wins, {counts['podiums']} podium "
        f"finishes, {counts['poles']} pole positions, {len(won)} constructors' championship(s)"
        + (f" ({', '.join(map(str, won[-8:]))}{' ...' if len(won) > 8 else ''})." if won else ".")
    )
    keys = {"constructorId": team.constructor_id, **({"year": year} if year else {})}
    return Fact("team", text, (RowRef("f1db_race_results", keys),), pd.DataFrame([counts]))


def team_record_fact(store, kind: str = "wins", *, year: int | None = None, top: int = 5) -> Fact:
    """Constructors with the most wins, podiums, poles or titles."""
    require_history(store, ("f1db_constructors", "f1db_season_constructor_standings"))
    if kind == "titles":
        df = constructor_champions(store).groupby("name").size().sort_values(ascending=False)
        df = df.head(top).rename("count").reset_index()
        label, table = "constructors' championships", "f1db_season_constructor_standings"
    else:
        table, cond, label = _TEAM_COUNTS.get(kind, _TEAM_COUNTS["wins"])
        df = store.query_df(
            f"SELECT c.name, count(*) AS count FROM {table} r JOIN f1db_constructors c "  # noqa: S608 (fixed map)
            f"ON c.id = r.constructorId WHERE {cond} AND (? IS NULL OR r.year = ?) "
            "GROUP BY c.name ORDER BY count DESC, c.name LIMIT ?",
            [year, year, top],
        )
    if df.empty:
        raise NoData("No constructor results match.")
    scope = f"in {year}" if year and kind != "titles" else f"F1DB {coverage(store)}"
    text = (
        f"Teams with the most {label} ({scope}): "
        + ", ".join(f"{r.name} {int(r.count)}" for r in df.itertuples())
        + "."
    )
    return Fact("team_record", text, (RowRef(table, {"aggregate": f"constructor_{kind}"}),), df)


def constructor_champion_fact(store, year: int) -> Fact:
    """The constructors' champion of one season."""
    require_history(store, ("f1db_constructors", "f1db_season_constructor_standings"))
    missing = f"No completed {year} constructors' championship is in the history tables."
    return _champion(constructor_champions(store), year, "constructors' championship",
                     "f1db_season_constructor_standings", missing)  # fmt: skip


def standings_fact(store, year: int, *, top: int = 10) -> Fact:
    """Final drivers' standings of a season (or the latest standings of a running one)."""
    require_history(store, ("f1db_season_driver_standings",))
    df = store.query_df(
        "SELECT s.position, d.name, d.abbreviation, s.points FROM f1db_season_driver_standings s "
        "JOIN f1db_drivers d ON d.id = s.driverId WHERE s.year = ? "
        "ORDER BY TRY_CAST(s.position AS INTEGER) NULLS LAST LIMIT ?",
        [year, top],
    )
    if df.empty:
        raise NoData(f"No {year} standings are in the history tables.")
    done = not champions(store)[lambda c: c.year == year].empty
    text = (f"{year} drivers' championship{'' if done else ' (season not finished in the data)'}: "
            + ", ".join(f"P{r.position} {r.name} {r.points:g}" for r in df.itertuples()) + ".")  # fmt: skip
    return Fact("standings", text, (RowRef("f1db_season_driver_standings", {"year": year}),), df)


def driver_at_grand_prix_fact(store, driver: DriverRef, kind: str, grand_prix: tuple) -> Fact:
    """A driver's wins (or poles, podiums, entries) at one Grand Prix, with the years."""
    require_history(store)
    venue_sql, venue_params = venue_filter(grand_prix)
    table, cond, label = _COUNTS.get(kind, _COUNTS["wins"])
    df = store.query_df(
        f"SELECT r.year FROM {table} r WHERE r.driverId = ? AND {cond} AND r.{venue_sql} ORDER BY r.year",  # noqa: S608 (fixed table map)
        [driver.driver_id, *venue_params],
    )
    years = ", ".join(str(y) for y in df.year)
    text = f"{driver.name}: {len(df)} {label} at {venue_name(grand_prix)}" + (
        f" ({years})." if years else "."
    )
    column = "circuitId" if len(grand_prix) > 2 else "grandPrixId"
    ref = RowRef(table, {"driverId": driver.driver_id, column: grand_prix[0], "aggregate": kind})
    return Fact("career", text, (ref,), df)
