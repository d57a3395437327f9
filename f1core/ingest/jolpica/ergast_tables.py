"""The store side of the Jolpica update: id maps from the Ergast tables, and the atomic write."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from f1core.errors import HistoryNotLoaded
from f1core.ingest.jolpica.convert import ROUND_TABLES, IdBook, frame_of
from f1core.store.db import Store

_REQUIRED = ("races", "results", "drivers", "constructors", "circuits", "status", "seasons",
             *ROUND_TABLES)  # fmt: skip


def require_ergast_tables(store: Store) -> None:
    """Raise :class:`HistoryNotLoaded` unless every Ergast table the update writes exists."""
    missing = [f"ergast_{t}" for t in dict.fromkeys(_REQUIRED)
               if not store.table_exists(f"ergast_{t}")]  # fmt: skip
    if missing:
        raise HistoryNotLoaded(
            f"The Ergast history tables are not in the store (missing {', '.join(missing)}). "
            "Load the data kit's history first (python -m f1core ingest --kit DIR)."
        )


_NEXT_IDS_SQL = """SELECT
  (SELECT coalesce(max(driverId), 0) + 1 FROM ergast_drivers) AS driverId,
  (SELECT coalesce(max(constructorId), 0) + 1 FROM ergast_constructors) AS constructorId,
  (SELECT coalesce(max(circuitId), 0) + 1 FROM ergast_circuits) AS circuitId,
  (SELECT coalesce(max(statusId), 0) + 1 FROM ergast_status) AS statusId,
  (SELECT coalesce(max(raceId), 0) + 1 FROM ergast_races) AS raceId,
  (SELECT coalesce(max(resultId), 0) + 1 FROM ergast_results) AS resultId,
  (SELECT coalesce(max(resultId), 0) + 1 FROM ergast_sprint_results) AS sprintResultId,
  (SELECT coalesce(max(qualifyId), 0) + 1 FROM ergast_qualifying) AS qualifyId,
  (SELECT coalesce(max(driverStandingsId), 0) + 1 FROM ergast_driver_standings) AS driverStandingsId,
  (SELECT coalesce(max(constructorStandingsId), 0) + 1 FROM ergast_constructor_standings)
     AS constructorStandingsId,
  (SELECT coalesce(max(constructorResultsId), 0) + 1 FROM ergast_constructor_results)
     AS constructorResultsId
"""


#: Stored retirements with a known cause (kept when Jolpica only says ``Retired``).
_CAUSES_SQL = """
SELECT 'results', r.raceId, r.driverId, r.statusId FROM ergast_results r JOIN ergast_status s USING (statusId)
WHERE s.status NOT IN ('Finished', 'Retired') AND s.status NOT LIKE '+%'
UNION ALL
SELECT 'sprint_results', r.raceId, r.driverId, r.statusId FROM ergast_sprint_results r
JOIN ergast_status s USING (statusId)
WHERE s.status NOT IN ('Finished', 'Retired') AND s.status NOT LIKE '+%'
"""


def load_id_book(store: Store) -> IdBook:
    """The store's current Ergast id maps and the next free id of every id column."""
    require_ergast_tables(store)

    def pairs(sql: str) -> dict:
        return {row[0]: int(row[1]) for row in store.query_rows(sql)}

    with store.reading() as cur:
        row = cur.execute(_NEXT_IDS_SQL)
        next_ids = {d[0]: int(v) for d, v in zip(row.description, row.fetchall()[0], strict=True)}
    races = {(int(y), int(r)): int(i)
             for y, r, i in store.query_rows("SELECT year, round, raceId FROM ergast_races")}  # fmt: skip
    return IdBook(
        drivers=pairs("SELECT driverRef, driverId FROM ergast_drivers"),
        constructors=pairs("SELECT constructorRef, constructorId FROM ergast_constructors"),
        circuits=pairs("SELECT circuitRef, circuitId FROM ergast_circuits"),
        statuses=pairs("SELECT status, min(statusId) FROM ergast_status GROUP BY 1"),
        races=races,
        next_ids=next_ids,
        causes={(t, int(r), int(d)): int(s) for t, r, d, s in store.query_rows(_CAUSES_SQL)},
    )


def last_round_with_results(store: Store, season: int | None = None) -> tuple[int, int] | None:
    """The newest (year, round) that has race results in ``ergast_results`` (of ``season``)."""
    row = store.query_rows(
        "SELECT ra.year, ra.round FROM ergast_races ra "
        "WHERE EXISTS (SELECT 1 FROM ergast_results r WHERE r.raceId = ra.raceId) "
        "AND (CAST(? AS INTEGER) IS NULL OR ra.year = ?) ORDER BY ra.year DESC, ra.round DESC LIMIT 1",
        [season, season],
    )
    return (int(row[0][0]), int(row[0][1])) if row else None


def _insert(cur, table: str, frame: pd.DataFrame) -> int:
    if frame.empty:
        return 0
    clean = frame.astype(object).where(frame.notna(), None)  # NaN -> NULL, not a float NaN
    cur.register("jolpica_rows", clean)
    try:
        cur.execute(f"INSERT INTO ergast_{table} BY NAME SELECT * FROM jolpica_rows")  # noqa: S608 - fixed table names
    finally:
        cur.unregister("jolpica_rows")
    return len(frame)


def write_rounds(
    store: Store, rounds: Sequence[dict[str, pd.DataFrame]], book: IdBook
) -> dict[str, int]:
    """Replace the rows of every converted round and add the new names, in one transaction.

    Only the tables present in a round's dict are replaced for that round (a results-only
    update leaves its qualifying and standings rows alone).

    Returns:
        Rows written per Ergast table (without the ``ergast_`` prefix).
    """
    written: dict[str, int] = {}
    with store.transaction() as cur:  # raises IngestFailed, the history intact
        for table, rows in book.new_rows.items():
            written[table] = _insert(cur, table, frame_of(rows))
        for tables in rounds:
            race = tables["races"].iloc[0]
            race_id, year = int(race["raceId"]), int(race["year"])
            cur.execute(
                "DELETE FROM ergast_races WHERE year = ? AND round = ?",
                [year, int(race["round"])],
            )
            written["races"] = written.get("races", 0) + _insert(cur, "races", tables["races"])
            for table, frame in tables.items():
                if table in ROUND_TABLES:
                    cur.execute(f"DELETE FROM ergast_{table} WHERE raceId = ?", [race_id])  # noqa: S608
                    written[table] = written.get(table, 0) + _insert(cur, table, frame)
            cur.execute(
                "INSERT INTO ergast_seasons (year) SELECT ? WHERE NOT EXISTS "
                "(SELECT 1 FROM ergast_seasons WHERE year = ?)",
                [year, year],
            )
    return written
