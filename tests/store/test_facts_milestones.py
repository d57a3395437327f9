"""First wins and championship points gaps against the kit's F1DB tables (checked by SQL)."""

from __future__ import annotations

from f1core.facts import milestones
from f1core.facts.resolve import HistoryNames


def test_first_win_pole_and_title(kit_store):
    names = HistoryNames(kit_store)
    ver = names.find_drivers("Max Verstappen")[0]
    assert (
        "first Grand Prix win: the 2016 Spanish Grand Prix"
        in milestones.first_fact(kit_store, ver).text
    )
    ham = names.find_drivers("Lewis Hamilton")[0]
    year = kit_store.scalar(
        "SELECT min(year) FROM f1db_season_driver_standings WHERE driverId = 'lewis-hamilton' "
        "AND CAST(position AS VARCHAR) = '1'"
    )
    assert (
        f"first drivers' world championship: {year}"
        in milestones.first_fact(kit_store, ham, "titles").text
    )
    fact = milestones.first_fact(kit_store, ham, "poles")
    assert fact.rows[0].table == "f1db_qualifying_results"


def test_points_gap_final_and_after_a_round(kit_store):
    names = HistoryNames(kit_store)
    fact = milestones.points_gap_fact(
        kit_store, names.find_drivers("Verstappen and Hamilton"), 2021
    )
    assert "a gap of 8 points" in fact.text and fact.rows[0].table == "f1db_season_driver_standings"
    fact = milestones.points_gap_fact(
        kit_store, names.find_drivers("Norris Piastri"), 2025, round_=5
    )
    gap = kit_store.scalar(
        "SELECT max(points) - min(points) FROM f1db_driver_standings_after_race WHERE year = 2025 AND round = 5 "
        "AND driverId IN ('lando-norris', 'oscar-piastri')"
    )
    assert f"a gap of {gap:g} points" in fact.text and fact.rows[0].keys == {
        "year": 2025,
        "round": 5,
    }
