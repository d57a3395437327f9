"""Newer championship rounds from Jolpica (FastF1's Ergast interface), in the kit's Ergast schema.

Policy (written once, here):
- Jolpica answers with string ids (``driverId = "norris"``); the store's ``ergast_*`` tables use
  the kit's numeric ids. Strings map to ``driverRef`` / ``constructorRef`` / ``circuitRef`` and
  status texts to ``ergast_status``; a person, team, circuit or status the store has never seen
  gets a new id above the current maximum. A round already in ``ergast_races`` keeps its
  ``raceId``; row ids (``resultId`` ...) of rewritten rows are new ids above the maximum.
- Values follow the kit's conventions: gaps in seconds (``+64.435``), ``Lapped`` written as
  ``+N Lap(s)`` without a time. Jolpica reports every retirement as ``Retired``; re-fetching a
  stored round keeps the stored cause (``Accident``) of that driver in that race.
- One update is one transaction: the rows of every fetched (year, round) are replaced, new
  people/teams/circuits/statuses are added, and nothing else is touched. If any response is
  missing (offline and not cached, or the network fails) nothing is written.
- Conversion (:mod:`.convert`) takes Jolpica's raw JSON (``result_type="raw"``) and is pure;
  :mod:`.ergast_tables` reads ids from and writes rows to the store; :mod:`.update` fetches.
"""

from f1core.ingest.jolpica.convert import (
    ROUND_TABLES,
    IdBook,
    RoundResponses,
    convert_constructor_results,
    convert_constructor_standings,
    convert_driver_standings,
    convert_qualifying,
    convert_race,
    convert_results,
    convert_round,
    kit_gap_text,
    kit_status,
)
from f1core.ingest.jolpica.ergast_tables import (
    last_round_with_results,
    load_id_book,
    require_ergast_tables,
    write_rounds,
)
from f1core.ingest.jolpica.update import (
    ALL_PARTS,
    HistoryUpdate,
    Part,
    fetch_round,
    fetch_rows,
    ingest_recent_history,
)

__all__ = [
    "ALL_PARTS", "ROUND_TABLES", "HistoryUpdate", "IdBook", "Part", "RoundResponses",
    "convert_constructor_results", "convert_constructor_standings", "convert_driver_standings",
    "convert_qualifying", "convert_race", "convert_results", "convert_round", "fetch_round",
    "fetch_rows", "ingest_recent_history", "kit_gap_text", "kit_status",
    "last_round_with_results", "load_id_book", "require_ergast_tables", "write_rounds",
]  # fmt: skip
