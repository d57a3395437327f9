"""Pure conversion of Jolpica (Ergast API) answers into the kit's Ergast schema, on tiny hand-built dicts."""

from __future__ import annotations

import pytest

from f1core.ingest.jolpica import (
    IdBook,
    RoundResponses,
    convert_constructor_results,
    convert_driver_standings,
    convert_qualifying,
    convert_race,
    convert_results,
    convert_round,
    kit_gap_text,
    kit_status,
)


def _book() -> IdBook:
    return IdBook(
        drivers={"norris": 846, "piastri": 857},
        constructors={"mclaren": 1},
        circuits={"albert_park": 1},
        statuses={"Finished": 1, "Retired": 31, "+1 Lap": 11},
        races={(2025, 1): 1145},
        next_ids={
            "driverId": 900,
            "constructorId": 300,
            "circuitId": 90,
            "statusId": 150,
            "raceId": 1200,
            "resultId": 5000,
            "sprintResultId": 700,
            "constructorResultsId": 20000,
            "qualifyId": 11000,
            "driverStandingsId": 80000,
        },  # fmt: skip
    )


def _driver(ref: str, code: str) -> dict:
    return {"driverId": ref, "code": code, "permanentNumber": "7", "givenName": "Given",
            "familyName": ref.title(), "dateOfBirth": "2005-01-01", "nationality": "Testish"}  # fmt: skip


MCL = {"constructorId": "mclaren", "name": "McLaren"}
NEWTEAM = {"constructorId": "cadillac", "name": "Cadillac F1 Team", "nationality": "American"}


def _result(driver: dict, team: dict, *, pos: str, text: str, points: str, laps: str,
            status: str, time: dict | None = None) -> dict:  # fmt: skip
    row = {"number": "4", "position": pos, "positionText": text, "points": points,
           "Driver": driver, "Constructor": team, "grid": "3", "laps": laps, "status": status}  # fmt: skip
    if time:
        row["Time"] = time
    return row


RACE = {"season": "2026", "round": "3", "raceName": "Test Grand Prix", "date": "2026-04-05",
        "time": "05:00:00Z", "url": "https://example.invalid/race",
        "Circuit": {"circuitId": "new_ring", "circuitName": "New Ring",
                    "Location": {"lat": "1.5", "long": "-2.25", "locality": "Town",
                                 "country": "Land"}},
        "Qualifying": {"date": "2026-04-04", "time": "06:00:00Z"}}  # fmt: skip

RESULTS = [
    _result(_driver("norris", "NOR"), MCL, pos="1", text="1", points="25", laps="57",
            status="Finished", time={"millis": "5739435", "time": "1:35:39.435"}),
    _result(_driver("piastri", "PIA"), MCL, pos="2", text="2", points="18", laps="57",
            status="Finished", time={"millis": "5803870", "time": "+1:04.435"}),
    _result(_driver("rookie", "ROO"), NEWTEAM, pos="3", text="3", points="15", laps="55",
            status="Lapped", time={"millis": "5810000", "time": "+1.136"}),
    _result(_driver("other", "OTH"), NEWTEAM, pos="4", text="R", points="0", laps="10",
            status="Retired"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [("+1:04.435", "+64.435"), ("+12.773", "+12.773"), ("1:42:06.304", "1:42:06.304"),
     ("+2:00.000", "+120.000"), (None, None), ("", "")],
)  # fmt: skip
def test_gap_text_in_seconds_like_the_kit(text, expected):
    assert kit_gap_text(text) == expected


@pytest.mark.parametrize(
    ("status", "laps", "leader", "expected"),
    [("Lapped", 56, 57, "+1 Lap"), ("Lapped", 54, 57, "+3 Laps"), ("Retired", 10, 57, "Retired"),
     ("Finished", 57, 57, "Finished"), ("Lapped", None, 57, "Lapped")],
)  # fmt: skip
def test_lapped_status_becomes_laps_down(status, laps, leader, expected):
    assert kit_status(status, laps, leader) == expected


def test_known_refs_keep_their_ids_and_new_ones_get_ids_above_the_max():
    book = _book()
    assert book.driver_id(_driver("norris", "NOR")) == 846
    first = book.driver_id(_driver("rookie", "ROO"))
    again = book.driver_id(_driver("rookie", "ROO"))
    assert first == again == 900
    assert [r["driverRef"] for r in book.new_rows["drivers"]] == ["rookie"]
    assert book.new_rows["drivers"][0]["code"] == "ROO"
    assert book.constructor_id(NEWTEAM) == 300
    assert book.status_id("Finished") == 1 and book.status_id("Collision") == 150
    assert book.status_id(None) is None


def test_race_row_strips_utc_marker_and_registers_a_new_circuit():
    book = _book()
    row = convert_race(RACE, book)
    assert (row["raceId"], row["year"], row["round"]) == (1200, 2026, 3)
    assert row["time"] == "05:00:00" and row["quali_time"] == "06:00:00"
    assert row["quali_date"] == "2026-04-04" and row["fp1_date"] is None
    assert row["circuitId"] == 90
    circuit = book.new_rows["circuits"][0]
    assert (circuit["circuitRef"], circuit["lat"], circuit["lng"]) == ("new_ring", 1.5, -2.25)
    existing = convert_race({**RACE, "season": "2025", "round": "1"}, book)
    assert existing["raceId"] == 1145


def test_results_follow_the_kit_conventions():
    book = _book()
    df = convert_results(RESULTS, 1200, book)
    assert df["positionOrder"].tolist() == [1, 2, 3, 4]
    assert df["resultId"].tolist() == [5000, 5001, 5002, 5003]
    assert df["time"].tolist()[:2] == ["1:35:39.435", "+64.435"]
    assert df.loc[2, "statusId"] == book.statuses["+2 Laps"]  # 55 of 57 laps
    assert df["time"].isna().tolist()[2:] == [True, True]  # lapped and retired: no time
    assert df.loc[3, "statusId"] == 31
    assert df["driverId"].tolist() == [846, 857, 900, 901]
    assert str(df["driverId"].dtype) == "Int64" and str(df["milliseconds"].dtype) == "Int64"
    assert df["points"].tolist() == [25.0, 18.0, 15.0, 0.0]


def test_constructor_results_sum_race_points_per_team():
    book = _book()
    df = convert_constructor_results(convert_results(RESULTS, 1200, book), book)
    assert dict(zip(df["constructorId"], df["points"], strict=True)) == {1: 43.0, 300: 15.0}
    assert df["status"].isna().all()


def test_qualifying_blank_sessions_are_null_and_standings_keep_wins():
    book = _book()
    quali = convert_qualifying(
        [{"number": "4", "position": "1", "Driver": _driver("norris", "NOR"), "Constructor": MCL,
          "Q1": "1:15.096", "Q2": "", "Q3": None}], 1200, book)  # fmt: skip
    assert quali.loc[0, ["q1", "q2", "q3"]].tolist() == ["1:15.096", None, None]
    standings = convert_driver_standings(
        [{"position": "1", "positionText": "1", "points": "43", "wins": "2",
          "Driver": _driver("norris", "NOR"), "Constructors": [MCL]}], 1200, book)  # fmt: skip
    assert standings.loc[0, ["driverId", "points", "position", "wins"]].tolist() == [
        846,
        43.0,
        1,
        2,
    ]


def test_round_has_only_the_tables_that_were_fetched():
    book = _book()
    tables = convert_round(RoundResponses(2026, 3, RACE, RESULTS, sprint=[]), book)
    assert set(tables) == {"races", "results", "constructor_results", "sprint_results"}
    assert tables["sprint_results"].empty
    assert len(tables["races"]) == 1 and len(tables["results"]) == 4


class _Page(list):
    def __init__(self, races, nxt=None):
        super().__init__(races)
        self.is_complete = nxt is None
        self._next = nxt

    def get_next_result_page(self):
        return self._next


class _Pages:
    """Jolpica split one round's results over two pages (its limit is 30 rows a page)."""

    def get_race_results(self, season, rnd, **kwargs):
        if rnd == 9:
            return _Page([])
        head = {k: v for k, v in RACE.items()}
        return _Page([{**head, "Results": RESULTS[:3]}], _Page([{**head, "Results": RESULTS[3:]}]))


def test_result_pages_are_joined_and_a_round_without_results_is_none():
    from f1core.ingest.jolpica import fetch_round

    got = fetch_round(_Pages(), 2026, 3, parts=())
    assert [r["Driver"]["driverId"] for r in got.results] == [
        "norris",
        "piastri",
        "rookie",
        "other",
    ]
    assert got.race["raceName"] == "Test Grand Prix" and "Results" not in got.race
    assert got.sprint is None and got.qualifying is None
    assert fetch_round(_Pages(), 2026, 9, parts=()) is None


def test_a_bare_retired_keeps_a_stored_cause_of_the_same_race_and_driver():
    book = _book()
    book.causes = {("results", 1200, 846): 3, ("sprint_results", 1200, 857): 5}
    norris, piastri = _driver("norris", "NOR"), _driver("piastri", "PIA")
    assert book.retirement_id("Retired", "results", 1200, norris) == 3
    assert book.retirement_id("Retired", "results", 1201, norris) == 31  # another race
    assert book.retirement_id("Retired", "results", 1200, piastri) == 31  # the cause was a sprint's
    assert book.retirement_id("Retired", "sprint_results", 1200, piastri) == 5
    assert book.retirement_id("Disqualified", "results", 1200, norris) == 150  # new facts win
    assert book.retirement_id("Retired", "results", 1200, _driver("rookie", "ROO")) == 31
