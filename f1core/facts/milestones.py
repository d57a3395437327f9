"""Career milestones and championship arithmetic from F1DB: first wins, season standings, points gaps."""

from __future__ import annotations

from f1core.errors import NoData
from f1core.facts.fact import Fact, RowRef
from f1core.facts.records import require_history
from f1core.facts.resolve import DriverRef

MilestoneKind = str  # "wins", "poles", "podiums"

_FIRSTS = {
    "wins": ("f1db_race_results", "r.position = '1'", "Grand Prix win"),
    "podiums": ("f1db_race_results", "r.position IN ('1', '2', '3')", "podium"),
    "poles": ("f1db_qualifying_results", "CAST(r.position AS VARCHAR) = '1'", "pole position"),
    "starts": ("f1db_race_results", "TRUE", "race start"),
}


def first_fact(store, driver: DriverRef, kind: MilestoneKind = "wins") -> Fact:
    """A driver's first Grand Prix win (or pole, podium, start): where and when.

    Args:
        store: the store with the F1DB tables.
        driver: the driver (from :class:`~f1core.facts.resolve.HistoryNames`).
        kind: ``"wins"``, ``"poles"``, ``"podiums"`` or ``"starts"``.

    Raises:
        NoData: the history is not loaded, or the driver never achieved it.
    """
    require_history(store)
    if kind == "titles":
        return _first_title(store, driver)
    table, cond, label = _FIRSTS.get(kind, _FIRSTS["wins"])
    df = store.query_df(
        f"SELECT r.year, r.round, g.fullName, c.name AS circuit, ra.date, co.name AS team "  # noqa: S608 (fixed map)
        f"FROM {table} r JOIN f1db_races ra ON ra.id = r.raceId JOIN f1db_grands_prix g ON g.id = ra.grandPrixId "
        "JOIN f1db_circuits c ON c.id = ra.circuitId JOIN f1db_constructors co ON co.id = r.constructorId "
        f"WHERE r.driverId = ? AND {cond} ORDER BY r.year, r.round LIMIT 1",
        [driver.driver_id],
    )
    if df.empty:
        raise NoData(f"{driver.name} has no {label} in the history tables.")
    r = df.iloc[0]
    text = (
        f"{driver.name}'s first {label}: the {r.year} {r.fullName} (round {r['round']}, {r.circuit}, "
        f"{r.date}) with {r.team}."
    )
    ref = RowRef(
        table, {"driverId": driver.driver_id, "year": int(r.year), "round": int(r["round"])}
    )
    return Fact("first", text, (ref,), df)


def _first_title(store, driver: DriverRef) -> Fact:
    from f1core.facts.records import champions

    won = champions(store)
    won = won[won.driverId == driver.driver_id]
    if won.empty:
        raise NoData(f"{driver.name} has no drivers' world championship in the history tables.")
    r = won.iloc[0]
    text = f"{driver.name}'s first drivers' world championship: {r.year}, with {r.points:g} points."
    return Fact(
        "first",
        text,
        (RowRef("f1db_season_driver_standings", {"year": int(r.year), "position": 1}),),
        won,
    )


def standings_table(store, year: int, round_: int | None = None):
    """Drivers' standings of a season (final) or after one round: ``position, name, code, points``."""
    if round_ is None:
        return store.query_df(
            "SELECT s.position, d.name, d.abbreviation AS code, s.driverId, s.points FROM "
            "f1db_season_driver_standings s JOIN f1db_drivers d ON d.id = s.driverId WHERE s.year = ? "
            "ORDER BY TRY_CAST(s.position AS INTEGER) NULLS LAST",
            [year],
        ), RowRef("f1db_season_driver_standings", {"year": year})
    return store.query_df(
        "SELECT s.position, d.name, d.abbreviation AS code, s.driverId, s.points FROM "
        "f1db_driver_standings_after_race s JOIN f1db_drivers d ON d.id = s.driverId WHERE s.year = ? "
        "AND s.round = ? ORDER BY TRY_CAST(s.position AS INTEGER) NULLS LAST",
        [year, round_],
    ), RowRef("f1db_driver_standings_after_race", {"year": year, "round": round_})


def points_gap_fact(
    store, drivers: list[DriverRef], year: int, *, round_: int | None = None
) -> Fact:
    """Championship points of drivers (and the gap between the first two) at the end of a
    season or after one round.

    Args:
        store: the store with the F1DB tables.
        drivers: one or more drivers; with one, the gap to the championship leader.
        year: the season.
        round_: after this round (``None``: the final or latest standings).

    Raises:
        NoData: no standings for that season or round, or a driver is not in them.
    """
    require_history(store, ("f1db_season_driver_standings", "f1db_driver_standings_after_race"))
    df, ref = standings_table(store, year, round_)
    if df.empty:
        raise NoData(
            f"No {year} standings{f' after round {round_}' if round_ else ''} are in the history tables."
        )
    ids = [d.driver_id for d in drivers]
    rows = df[df.driverId.isin(ids)]
    missing = [d.name for d in drivers if d.driver_id not in set(rows.driverId)]
    if missing:
        raise NoData(
            f"{', '.join(missing)} scored no {year} championship points in the history tables."
        )
    if len(drivers) == 1:
        rows = (
            df.iloc[[0]]
            if df.iloc[0].driverId == ids[0]
            else df[df.driverId.isin([df.iloc[0].driverId, ids[0]])]
        )
    rows = rows.sort_values("points", ascending=False)
    when = f"after round {round_} of {year}" if round_ else f"in the {year} drivers' championship"
    parts = ", ".join(f"{r.name} P{r.position} with {r.points:g} points" for r in rows.itertuples())
    text = f"{when[0].upper() + when[1:]}: {parts}"
    if len(rows) > 1:
        gap = rows.iloc[0].points - rows.iloc[1].points
        text += f"; a gap of {gap:g} points"
    return Fact("points", text + ".", (ref,), rows.drop(columns="driverId"))
