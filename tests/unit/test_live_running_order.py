"""TowerOrder: position claims and retirements never leave two cars on one position."""

import pandas as pd

from f1core.live.running_order import TowerOrder, retirement_times

NUMBERS = {"AAA": "1", "BBB": "2", "CCC": "3", "DDD": "4"}


def test_an_overtake_moves_the_passed_car_back_one_place():
    order = TowerOrder(NUMBERS)
    for i, d in enumerate(["AAA", "BBB", "CCC", "DDD"], 1):
        assert order.claim(d, i) == {NUMBERS[d]: i}
    assert order.claim("CCC", 2) == {"3": 2, "2": 3}  # CCC passes BBB
    assert order.claim("AAA", 3) == {"1": 3, "3": 1, "2": 2}  # AAA drops behind both


def test_a_retirement_closes_the_gap_and_sends_the_car_to_the_back():
    order = TowerOrder(NUMBERS)
    for i, d in enumerate(["AAA", "BBB", "CCC", "DDD"], 1):
        order.claim(d, i)
    lines = order.retire("BBB", 10.0).data["Lines"]
    assert lines["2"]["Retired"] is True and lines["2"]["Position"] == "4"
    assert lines["3"] == {"Position": "2"} and lines["4"] == {"Position": "3"}
    assert order.claim("DDD", 4) == {"4": 3}  # a stale claim is capped at the running cars


def test_retirement_times_are_the_cars_that_missed_the_flag():
    laps = pd.DataFrame(
        {
            "driver": ["AAA", "AAA", "BBB", "CCC", "CCC"],
            "lap_number": [1, 2, 1, 1, 2],
            "lap_end_s": [100.0, 200.0, 150.0, 102.0, 230.0],
        }
    )
    assert retirement_times(laps) == {"BBB": 150.0}  # CCC ended after the flag
