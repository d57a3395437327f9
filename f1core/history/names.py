"""The one mapping between Ergast ids, F1DB slugs and 3-letter codes (drivers, teams, circuits).

Policy: F1DB slugs (``lewis-hamilton``, ``red-bull``, ``melbourne``) are the ids every
history function takes and returns. Ergast rows are tied to F1DB rows by facts both
sources share, never by hand-kept lists: drivers by date of birth plus surname or first
name, then (for the few whose dates differ) by car number in the same race; teams and
circuits by the same race entries. A handful of Ergast drivers who only ever failed to
qualify have no F1DB driver row; they keep ``driver_id = None``. A driver who raced only in
rounds F1DB does not have yet (see :mod:`f1core.history.results_source`) gets the slug built
from his Ergast name (``arvid-lindblad``), as those rounds' results do; a driver's seasons
count those rounds too.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Literal

import pandas as pd

from f1core.errors import HistoryNotLoaded, UnknownName
from f1core.store import Store

REQUIRED_TABLES = ("f1db_drivers", "f1db_race_results", "f1db_races")

_DRIVERS_SQL = """
WITH e AS (SELECT driverId AS ergast_id, driverRef AS ergast_ref, code, forename, surname, dob
           FROM ergast_drivers),
f AS (SELECT id, abbreviation, name, firstName, lastName, dateOfBirth, nationalityCountryId
      FROM f1db_drivers),
m1 AS (SELECT e.ergast_id, f.id FROM e JOIN f ON e.dob = f.dateOfBirth
       AND (strip_accents(lower(e.surname)) = strip_accents(lower(f.lastName))
            OR strip_accents(lower(e.forename)) = strip_accents(lower(f.firstName)))),
er AS (SELECT ra.year, ra.round, r.number, r.driverId AS ergast_id
       FROM ergast_results r JOIN ergast_races ra USING (raceId)
       WHERE r.driverId NOT IN (SELECT ergast_id FROM m1)),
fr AS (SELECT year, round, driverNumber AS number, driverId AS id FROM f1db_race_results
       WHERE driverId NOT IN (SELECT id FROM m1)),
votes AS (SELECT er.ergast_id, fr.id, count(*) AS n FROM er JOIN fr USING (year, round, number)
          GROUP BY ALL),
m2 AS (SELECT ergast_id, arg_max(id, n) AS id FROM votes GROUP BY ergast_id),
m AS (SELECT * FROM m1 UNION ALL SELECT * FROM m2),
seasons AS (SELECT driverId AS id, min(year) AS first_season, max(year) AS last_season
            FROM f1db_race_results GROUP BY 1),
eo AS (SELECT r.driverId AS ergast_id, min(ra.year) AS first_season, max(ra.year) AS last_season
       FROM ergast_results r
       JOIN (SELECT raceId, year FROM ergast_races
             ANTI JOIN (SELECT DISTINCT year, round FROM f1db_race_results) fr USING (year, round)) ra
         USING (raceId)
       GROUP BY 1)
SELECT coalesce(f.id, CASE WHEN eo.ergast_id IS NOT NULL THEN trim(regexp_replace(lower(
         strip_accents(e.forename || ' ' || e.surname)), '[^a-z0-9]+', '-', 'g'), '-') END) AS driver_id,
       e.ergast_id, e.ergast_ref, coalesce(e.code, f.abbreviation) AS code,
       coalesce(f.name, e.forename || ' ' || e.surname) AS name,
       coalesce(f.lastName, CASE WHEN eo.ergast_id IS NOT NULL THEN e.surname END) AS surname,
       f.nationalityCountryId AS nationality,
       coalesce(s.first_season, eo.first_season) AS first_season,
       greatest(s.last_season, eo.last_season) AS last_season
FROM f FULL JOIN m ON m.id = f.id FULL JOIN e ON e.ergast_id = m.ergast_id
LEFT JOIN seasons s ON s.id = f.id LEFT JOIN eo ON eo.ergast_id = e.ergast_id
ORDER BY last_season DESC NULLS LAST, name
"""

_TEAMS_SQL = """
WITH drv AS (SELECT * FROM driver_map),
er AS (SELECT ra.year, ra.round, d.driver_id, r.constructorId AS ergast_id
       FROM ergast_results r JOIN ergast_races ra USING (raceId)
       JOIN drv d ON d.ergast_id = r.driverId),
votes AS (SELECT er.ergast_id, f.constructorId AS id, count(*) AS n
          FROM er JOIN f1db_race_results f ON f.year = er.year AND f.round = er.round
           AND f.driverId = er.driver_id GROUP BY ALL),
m AS (SELECT ergast_id, arg_max(id, n) AS id FROM votes GROUP BY ergast_id),
seasons AS (SELECT constructorId AS id, min(year) AS first_season, max(year) AS last_season
            FROM f1db_race_results GROUP BY 1)
SELECT c.id AS team_id, m.ergast_id, ec.constructorRef AS ergast_ref, c.name, c.fullName AS full_name,
       s.first_season, s.last_season
FROM f1db_constructors c LEFT JOIN m ON m.id = c.id
LEFT JOIN ergast_constructors ec ON ec.constructorId = m.ergast_id
LEFT JOIN seasons s ON s.id = c.id
ORDER BY s.last_season DESC NULLS LAST, c.name
"""

_CIRCUITS_SQL = """
WITH votes AS (SELECT er.circuitId AS ergast_id, f.circuitId AS id, count(*) AS n
               FROM ergast_races er JOIN f1db_races f USING (year, round) GROUP BY ALL),
m AS (SELECT ergast_id, arg_max(id, n) AS id FROM votes GROUP BY ergast_id),
seasons AS (SELECT circuitId AS id, count(*) AS races, min(year) AS first_season,
                   max(year) AS last_season FROM f1db_races GROUP BY 1)
SELECT c.id AS circuit_id, m.ergast_id, ec.circuitRef AS ergast_ref, c.name, c.fullName AS full_name,
       c.placeName AS place, c.countryId AS country, s.races, s.first_season, s.last_season
FROM f1db_circuits c LEFT JOIN m ON m.id = c.id
LEFT JOIN ergast_circuits ec ON ec.circuitId = m.ergast_id
LEFT JOIN seasons s ON s.id = c.id
ORDER BY s.last_season DESC NULLS LAST, c.name
"""

Kind = Literal["driver", "team", "circuit"]


def require_history(store: Store) -> None:
    """Raise :class:`HistoryNotLoaded` unless the F1DB and Ergast history tables exist."""
    missing = [t for t in (*REQUIRED_TABLES, "ergast_drivers") if not store.table_exists(t)]
    if missing:
        raise HistoryNotLoaded(
            "The championship history is not in the store yet (missing "
            f"{', '.join(missing)}). Load the history tables from the data kit first."
        )


def driver_names(store: Store) -> pd.DataFrame:
    """Every driver with their ids in each source.

    Returns:
        Columns ``driver_id`` (F1DB slug, None for Ergast-only entrants), ``ergast_id``
        (int), ``ergast_ref``, ``code`` (3 letters), ``name``, ``surname``,
        ``nationality``, ``first_season``, ``last_season``; most recent drivers first.

    Raises:
        HistoryNotLoaded: the history tables are missing.
    """
    require_history(store)
    return store.query_df(_DRIVERS_SQL)


def team_names(store: Store) -> pd.DataFrame:
    """Every constructor: ``team_id`` (F1DB slug), ``ergast_id``, ``ergast_ref``, ``name``,
    ``full_name``, ``first_season``, ``last_season``.

    Ergast splits some F1DB constructors into several entries, so a ``team_id`` can appear
    on more than one row (one per Ergast id); each Ergast id appears at most once.
    """
    require_history(store)
    drivers = driver_names(store)[["driver_id", "ergast_id"]]  # read by DuckDB by name
    with store.reading() as cur:
        cur.register("driver_map", drivers)
        try:
            return cur.execute(_TEAMS_SQL).df()
        finally:
            cur.unregister("driver_map")


def circuit_names(store: Store) -> pd.DataFrame:
    """Every circuit: ``circuit_id`` (F1DB slug), ``ergast_id``, ``ergast_ref``, ``name``,
    ``full_name``, ``place``, ``country``, ``races``, ``first_season``, ``last_season``."""
    require_history(store)
    return store.query_df(_CIRCUITS_SQL)


_ID_COLUMN = {"driver": "driver_id", "team": "team_id", "circuit": "circuit_id"}


def resolve_name(names: pd.DataFrame, text: str | int, *, kind: Kind = "driver") -> str:
    """Turn any name a user or a source gives into the F1DB slug.

    Accepted, in this order: the F1DB slug, the Ergast ref (``max_verstappen``), the Ergast
    numeric id, the 3-letter code (drivers; the most recent driver with that code wins),
    the display name or surname (case and accents ignored).

    Args:
        names: the frame from :func:`driver_names`, :func:`team_names` or
            :func:`circuit_names`.
        text: the name to resolve.
        kind: which kind of name it is.

    Returns:
        The F1DB slug.

    Raises:
        UnknownName: nothing matches (the message lists the closest names), or an
            Ergast-only driver who has no F1DB record.
    """
    id_col = _ID_COLUMN[kind]
    raw = str(text).strip()
    key = _fold(raw)
    if not key:
        raise UnknownName(f"Give a {kind} name.")
    candidates = [
        names[id_col].astype("string").str.lower() == raw.lower(),
        names["ergast_ref"].astype("string").str.lower() == raw.lower(),
    ]
    if raw.isdigit():
        candidates.append(names["ergast_id"].astype("Int64") == int(raw))
    if kind == "driver" and re.fullmatch(r"[A-Za-z]{3}", raw):
        candidates.append(names["code"].astype("string").str.upper() == raw.upper())
    folded_names = names["name"].map(_fold)
    candidates.append(folded_names == key)
    if "surname" in names:
        candidates.append(names["surname"].map(_fold) == key)
    for mask in candidates:
        hit = names[mask.fillna(False)]
        if not hit.empty:
            value = hit.iloc[0][id_col]  # rows are ordered most recent first
            if pd.isna(value):
                raise UnknownName(f"{raw!r} has Ergast entries only and no F1DB record.")
            return str(value)
    pool = [n for n in names["name"].dropna().astype(str)]
    close = difflib.get_close_matches(raw, pool, n=5, cutoff=0.5)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise UnknownName(f"No {kind} called {raw!r}.{hint}", suggestions=close)


def _fold(text: object) -> str:
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    norm = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in norm if not unicodedata.combining(c)).lower().strip()


def label_map(names: pd.DataFrame, *, kind: Kind = "driver") -> dict[str, str]:
    """F1DB slug -> display name, for pickers and chart labels."""
    id_col = _ID_COLUMN[kind]
    rows = names.dropna(subset=[id_col])
    return dict(zip(rows[id_col].astype(str), rows["name"].astype(str), strict=True))
