"""Question/answer pairs about the kit sessions and history, for evaluating the chat.

Each case says what a correct answer must contain (``expect``), which citation must be
among the answer's citations (``cite``: a store table or a document id) and, for data
questions, an independent SQL query (``truth``, written without any f1core.chat code)
whose single row must equal the data-derived strings in ``expect``: so the expected
answers are checked against the kit on every run, not just typed in.
"""

from __future__ import annotations

from dataclasses import dataclass

LAPTIME = "printf('%d:%06.3f', floor({t} / 60)::INT, {t} - 60 * floor({t} / 60))"
WHERE = "year = {y} AND round = {r} AND session_code = '{c}'"


@dataclass(frozen=True)
class Case:
    """One evaluation question."""

    question: str
    expect: tuple[str, ...]
    cite: str
    truth: str | None = None
    session: str | None = None  # page context, when the question relies on it
    kind: str = "session"


def _fastest(y, r, c) -> str:
    w = WHERE.format(y=y, r=r, c=c)
    return (f"SELECT driver, {LAPTIME.format(t='lap_time_s')} FROM laps WHERE {w} AND lap_time_s IS NOT NULL "
            "AND NOT coalesce(deleted, false) ORDER BY lap_time_s LIMIT 1")  # fmt: skip


def _f1db_winner(y, r) -> str:
    return ("SELECT d.abbreviation, ltrim(g.gap, '+') FROM f1db_race_results w "
            "JOIN f1db_drivers d ON d.id = w.driverId JOIN f1db_race_results g ON g.raceId = w.raceId "
            f"AND g.position = '2' WHERE w.year = {y} AND w.round = {r} AND w.position = '1'")  # fmt: skip


def _top_speed(y, r, c) -> str:
    return (f"SELECT driver, printf('%.1f km/h', speed_st) FROM laps WHERE {WHERE.format(y=y, r=r, c=c)} "
            "AND speed_st IS NOT NULL ORDER BY speed_st DESC, lap_number LIMIT 1")  # fmt: skip


CASES: tuple[Case, ...] = (
    # --- winners and gaps
    Case("Who won the 2025 Australian Grand Prix and by how much?", ("NOR", "0.895"), "results",
         "SELECT driver, printf('%.3f', (SELECT gap_s FROM results WHERE year = 2025 AND round = 1 AND "
         "session_code = 'R' AND position = 2)) FROM results WHERE year = 2025 AND round = 1 "
         "AND session_code = 'R' AND position = 1"),
    Case("Who won the 2023 Bahrain Grand Prix?", ("VER", "11.987"), "results",
         "SELECT driver, printf('%.3f', (SELECT gap_s FROM results WHERE year = 2023 AND round = 1 AND "
         "session_code = 'R' AND position = 2)) FROM results WHERE year = 2023 AND round = 1 "
         "AND session_code = 'R' AND position = 1"),
    Case("Who won the 2024 Bahrain Grand Prix?", ("VER", "22.457"), "f1db_race_results", _f1db_winner(2024, 1)),
    Case("Who won the 2025 Chinese Grand Prix?", ("PIA", "9.748"), "f1db_race_results", _f1db_winner(2025, 2)),
    Case("Who won the 2025 Saudi Arabian Grand Prix?", ("PIA", "2.843"), "f1db_race_results", _f1db_winner(2025, 5)),
    Case("Who won the 2025 Abu Dhabi Grand Prix?", ("VER", "12.594"), "f1db_race_results", _f1db_winner(2025, 24)),
    Case("Who won the Miami sprint in 2025?", ("NOR", "0.672"), "results",
         "SELECT driver, printf('%.3f', (SELECT gap_s FROM results WHERE year = 2025 AND round = 6 AND "
         "session_code = 'S' AND position = 2)) FROM results WHERE year = 2025 AND round = 6 "
         "AND session_code = 'S' AND position = 1"),
    Case("Where did Hamilton finish in the 2025 Australian Grand Prix?", ("HAM finished P10",), "results",
         "SELECT printf('HAM finished P%d', position) FROM results WHERE year = 2025 AND round = 1 "
         "AND session_code = 'R' AND driver = 'HAM'"),
    Case("Who won this race?", ("NOR",), "results",
         "SELECT driver FROM results WHERE year = 2025 AND round = 1 AND session_code = 'R' AND position = 1",
         session="2025/1/R"),
    # --- pole
    Case("Who was on pole for the 2025 Australian Grand Prix?", ("NOR", "1:15.096"), "results",
         f"SELECT driver, {LAPTIME.format(t='q3_s')} FROM results WHERE year = 2025 AND round = 1 "
         "AND session_code = 'Q' AND position = 1"),
    Case("Who took pole position at the 2023 Bahrain Grand Prix?", ("VER", "1:29.708"), "results",
         f"SELECT driver, {LAPTIME.format(t='q3_s')} FROM results WHERE year = 2023 AND round = 1 "
         "AND session_code = 'Q' AND position = 1"),
    Case("Who started on pole at the 2025 Japanese Grand Prix?", ("VER",), "f1db_race_results",
         "SELECT d.abbreviation FROM f1db_race_results r JOIN f1db_drivers d ON d.id = r.driverId "
         "WHERE r.year = 2025 AND r.round = 3 AND r.gridPosition = '1'"),
    # --- fastest laps
    Case("What was the fastest lap of the 2025 Australian Grand Prix?", ("NOR", "1:22.167"), "laps", _fastest(2025, 1, "R")),
    Case("Who set the fastest lap in the 2023 Bahrain GP?", ("ZHO", "1:33.996"), "laps", _fastest(2023, 1, "R")),
    Case("What was the fastest lap of the 2025 Chinese Grand Prix?", ("HAM", "1:35.069"), "laps", _fastest(2025, 2, "R")),
    Case("Who was quickest in FP1 at the 2025 Australian Grand Prix?", ("NOR", "1:17.252"), "laps", _fastest(2025, 1, "FP1")),
    Case("Fastest lap of the 2025 Emilia Romagna Grand Prix?", ("VER", "1:17.988"), "laps", _fastest(2025, 7, "R")),
    Case("Who was fastest in sector 2 in 2025 Australian qualifying?", ("VER", "16.915 s"), "laps",
         "SELECT driver, printf('%.3f s', sector2_s) FROM laps WHERE year = 2025 AND round = 1 AND "
         "session_code = 'Q' AND sector2_s IS NOT NULL AND NOT coalesce(deleted, false) "
         "ORDER BY sector2_s LIMIT 1"),
    Case("Who gained the most places in the 2025 Australian Grand Prix?", ("ANT +12",), "results",
         "SELECT printf('%s +%d', driver, grid_position - position) FROM results WHERE year = 2025 AND "
         "round = 1 AND session_code = 'R' AND grid_position > 0 ORDER BY grid_position - position DESC LIMIT 1"),
    # --- top speed
    Case("What was the top speed in the 2025 Australian GP race?", ("HAM", "312.0 km/h"), "laps", _top_speed(2025, 1, "R")),
    Case("What was the highest speed trap reading in the 2025 Chinese Grand Prix?", ("HAM", "351.0 km/h"), "laps",
         _top_speed(2025, 2, "R")),
    Case("Top speed in 2023 Bahrain qualifying?", ("SAI", "326.0 km/h"), "laps", _top_speed(2023, 1, "Q")),
    Case("What was Alonso's top speed in the 2025 Australian GP?", ("ALO", "296.0 km/h"), "laps",
         "SELECT driver, printf('%.1f km/h', max(speed_st)) FROM laps WHERE year = 2025 AND round = 1 "
         "AND session_code = 'R' AND driver = 'ALO' GROUP BY driver"),
    Case("What was Norris's Q3 time in Australia 2025?", ("Q3 1:15.096",), "results",
         f"SELECT 'Q3 ' || {LAPTIME.format(t='q3_s')} FROM results WHERE year = 2025 AND round = 1 "
         "AND session_code = 'Q' AND driver = 'NOR'"),
    # --- stints and stops
    Case("What were Norris's stints in the 2025 Australian Grand Prix?",
         ("INTERMEDIATE laps 1-34", "HARD laps 35-44", "INTERMEDIATE laps 45-57"), "stints"),
    Case("What tyres did Verstappen use in the 2025 Chinese Grand Prix?",
         ("MEDIUM laps 1-13", "HARD laps 14-56", "1 tyre change"), "stints",
         "SELECT printf('%s laps %d-%d', compound, start_lap, end_lap) FROM stints WHERE year = 2025 "
         "AND round = 2 AND session_code = 'R' AND driver = 'VER' AND stint = 1"),
    Case("When did Piastri pit in the 2025 Bahrain Grand Prix?", ("lap 14", "lap 32"), "pit_stops",
         "SELECT printf('lap %d', min(lap)), printf('lap %d', max(lap)) FROM pit_stops WHERE year = 2025 "
         "AND round = 4 AND session_code = 'R' AND driver = 'PIA'"),
    # --- safety cars, VSC, red flags
    Case("How many safety cars were there in the 2025 Australian Grand Prix?", ("3 safety cars",), "race_control",
         "SELECT printf('%d safety cars', count(*)) FROM race_control WHERE year = 2025 AND round = 1 "
         "AND session_code = 'R' AND message = 'SAFETY CAR DEPLOYED'"),
    Case("Was there a virtual safety car in the 2023 Bahrain Grand Prix?", ("1 virtual safety car", "lap 41"),
         "race_control",
         "SELECT printf('%d virtual safety car', count(*)), printf('lap %d', min(lap)) FROM race_control "
         "WHERE year = 2023 AND round = 1 AND session_code = 'R' AND message LIKE 'VIRTUAL SAFETY CAR DEPLOYED%'"),
    Case("Was there a red flag in the 2025 Miami sprint?", ("1 red flag",), "race_control",
         "SELECT printf('%d red flag', count(*)) FROM race_control WHERE year = 2025 AND round = 6 "
         "AND session_code = 'S' AND flag = 'RED'"),
    Case("On how many laps was the safety car out in the 2025 Australian GP?", ("under the safety car: 20",),
         "race_control",
         "SELECT printf('under the safety car: %d', count(DISTINCT lap_number)) FROM laps WHERE year = 2025 "
         "AND round = 1 AND session_code = 'R' AND position = 1 AND track_status LIKE '%4%'"),
    Case("Who finished third in the 2025 Saudi Arabian Grand Prix?", ("LEC",), "f1db_race_results",
         "SELECT d.abbreviation FROM f1db_race_results r JOIN f1db_drivers d ON d.id = r.driverId "
         "WHERE r.year = 2025 AND r.round = 5 AND r.position = '3'"),
    Case("How many safety cars and VSCs were there at Imola in 2025?", ("1 safety car", "1 virtual safety car"),
         "track_status"),
    # --- weather
    Case("Did it rain during the 2025 Australian Grand Prix?", ("Rain was recorded",), "weather"),
    Case("What was the hottest track temperature in the 2023 Bahrain race?", ("35.1 °C",), "weather",
         "SELECT printf('%.1f °C', max(track_temp_c)) FROM weather WHERE year = 2023 AND round = 1 AND session_code = 'R'"),
    Case("What was the highest air temperature in 2025 Miami Grand Prix qualifying?", ("28.8 °C",), "weather",
         "SELECT printf('%.1f °C', max(air_temp_c)) FROM weather WHERE year = 2025 AND round = 6 AND session_code = 'Q'"),
    # --- penalties and disqualifications
    Case("Who was disqualified from the 2025 Chinese Grand Prix?", ("GAS", "HAM", "LEC"), "f1db_race_results",
         "SELECT list_sort(list(d.abbreviation))[1], list_sort(list(d.abbreviation))[2], "
         "list_sort(list(d.abbreviation))[3] FROM f1db_race_results r JOIN f1db_drivers d ON d.id = r.driverId "
         "WHERE r.year = 2025 AND r.round = 2 AND r.position = 'DSQ'"),
    Case("Which penalties were handed out in the 2025 Australian Grand Prix?", ("CAR 5 (BOR)", "CAR 12 (ANT)"),
         "race_control"),
    Case("Which lap times were deleted in 2025 Australian qualifying?", ("5 lap times were deleted", "NOR lap 16"),
         "laps",
         "SELECT printf('%d lap times were deleted', count(*)), printf('NOR lap %d', max(lap_number) FILTER "
         "(WHERE driver = 'NOR')) FROM laps WHERE year = 2025 AND round = 1 AND session_code = 'Q' AND deleted"),
    # --- history
    Case("Who has the most Grand Prix wins in F1 history?", ("Lewis Hamilton", "106"), "f1db_race_results",
         "SELECT d.name, count(*)::VARCHAR FROM f1db_race_results r JOIN f1db_drivers d ON d.id = r.driverId "
         "WHERE r.position = '1' GROUP BY d.name ORDER BY count(*) DESC LIMIT 1", kind="history"),
    Case("How many wins does Michael Schumacher have?", ("91 wins",), "f1db_race_results",
         "SELECT printf('%d wins', count(*)) FROM f1db_race_results WHERE driverId = 'michael-schumacher' "
         "AND position = '1'", kind="history"),
    Case("How many world championships did Ayrton Senna win?", ("3 world championship",), "f1db_race_results",
         kind="history"),
    Case("Who has the most pole positions?", ("Lewis Hamilton",), "f1db_qualifying_results", kind="history"),
    Case("Who won the 2021 world championship?", ("Max Verstappen",), "f1db_season_driver_standings",
         "SELECT d.name FROM f1db_season_driver_standings s JOIN f1db_drivers d ON d.id = s.driverId "
         "WHERE s.year = 2021 AND s.position = '1'", kind="history"),
    Case("Who was the 2025 world champion?", ("Lando Norris",), "f1db_season_driver_standings",
         "SELECT d.name FROM f1db_season_driver_standings s JOIN f1db_drivers d ON d.id = s.driverId "
         "WHERE s.year = 2025 AND s.position = '1'", kind="history"),
    Case("Who was runner-up in the 2021 championship?", ("P2 Lewis Hamilton 387.5",), "f1db_season_driver_standings",
         "SELECT printf('P2 %s %.1f', d.name, s.points) FROM f1db_season_driver_standings s "
         "JOIN f1db_drivers d ON d.id = s.driverId WHERE s.year = 2021 AND s.position = '2'", kind="history"),
    Case("Who has the most wins at Monaco?", ("Ayrton Senna with 6",), "f1db_race_results",
         "SELECT printf('%s with %d', d.name, count(*)) FROM f1db_race_results r JOIN f1db_races ra "
         "ON ra.id = r.raceId JOIN f1db_drivers d ON d.id = r.driverId WHERE ra.grandPrixId = 'monaco' "
         "AND r.position = '1' GROUP BY d.name ORDER BY count(*) DESC LIMIT 1", kind="history"),
    Case("Who won the 1988 Monaco Grand Prix?", ("Alain Prost",), "f1db_race_results",
         "SELECT d.name FROM f1db_race_results r JOIN f1db_races ra ON ra.id = r.raceId "
         "JOIN f1db_drivers d ON d.id = r.driverId WHERE ra.year = 1988 AND ra.grandPrixId = 'monaco' "
         "AND r.position = '1'", kind="history"),
    Case("Who won the 2010 Monaco Grand Prix?", ("Mark Webber",), "f1db_race_results", kind="history"),
    Case("What is the fastest pit stop ever recorded?", ("1.80 s", "McLaren"), "dhl_pit_stops",
         "SELECT printf('%.2f s', stationary_time_s), team FROM dhl_pit_stops ORDER BY stationary_time_s LIMIT 1",
         kind="history"),
    Case("How many Grand Prix wins does Ferrari have?", ("251 Grand Prix wins",), "f1db_race_results",
         "SELECT printf('%d Grand Prix wins', count(*)) FROM f1db_race_results WHERE constructorId = 'ferrari' "
         "AND position = '1'", kind="history"),
    Case("Who won the 2023 constructors' championship?", ("Red Bull",), "f1db_season_constructor_standings",
         "SELECT c.name FROM f1db_season_constructor_standings s JOIN f1db_constructors c "
         "ON c.id = s.constructorId WHERE s.year = 2023 AND s.position = '1'", kind="history"),
    Case("Who won the most races in 2023?", ("Max Verstappen with 19",), "f1db_race_results",
         "SELECT printf('%s with %d', d.name, count(*)) FROM f1db_race_results r JOIN f1db_drivers d "
         "ON d.id = r.driverId WHERE r.year = 2023 AND r.position = '1' GROUP BY d.name "
         "ORDER BY count(*) DESC LIMIT 1", kind="history"),
    # --- laps led, pace, longest stint, conditions at the start, standings after a round
    Case("Who led the most laps in the 2025 Australian Grand Prix?", ("NOR", "54 of 57"), "laps",
         "SELECT driver, printf('%d of %d', count(*), (SELECT count(*) FROM laps WHERE year = 2025 AND round = 1 "
         "AND session_code = 'R' AND position = 1)) FROM laps WHERE year = 2025 AND round = 1 AND "
         "session_code = 'R' AND position = 1 GROUP BY driver ORDER BY count(*) DESC LIMIT 1"),
    Case("How many laps did Piastri lead in the 2025 Chinese Grand Prix?", ("PIA", "led 53 of 56 laps"), "laps",
         "SELECT driver, printf('led %d of 56 laps', count(*)) FROM laps WHERE year = 2025 AND round = 2 "
         "AND session_code = 'R' AND position = 1 AND driver = 'PIA' GROUP BY driver"),
    Case("Who had the longest stint in the 2025 Chinese Grand Prix?", ("GAS", "46 laps on HARD"), "stints",
         "SELECT driver, printf('%d laps on %s', laps, compound) FROM stints WHERE year = 2025 AND round = 2 "
         "AND session_code = 'R' ORDER BY laps DESC, driver LIMIT 1"),
    Case("What was Norris's average race pace in the 2025 Chinese Grand Prix?", ("NOR", "1:37.081", "51 green-flag"),
         "laps",
         f"SELECT driver, {LAPTIME.format(t='avg(lap_time_s)')}, printf('%d green-flag', count(*)) FROM laps "
         "WHERE year = 2025 AND round = 2 AND session_code = 'R' AND driver = 'NOR' AND lap_time_s IS NOT NULL "
         "AND lap_number > 1 AND pit_in_s IS NULL AND pit_out_s IS NULL AND track_status = '1' GROUP BY driver"),
    Case("What was the track temperature at the start of the 2023 Bahrain Grand Prix?", ("track 31.2 °C",), "weather",
         "SELECT printf('track %.1f °C', track_temp_c) FROM weather WHERE year = 2023 AND round = 1 AND "
         "session_code = 'R' ORDER BY abs(time_s - (SELECT min(lap_start_s) FROM laps WHERE year = 2023 AND "
         "round = 1 AND session_code = 'R' AND lap_number = 1)) LIMIT 1"),
    Case("Who led the championship after the 2025 Chinese Grand Prix?", ("Lando Norris", "44 points"),
         "f1db_driver_standings_after_race",
         "SELECT d.name, printf('%d points', s.points::INT) FROM f1db_driver_standings_after_race s "
         "JOIN f1db_drivers d ON d.id = s.driverId WHERE s.year = 2025 AND s.round = 2 AND s.position = '1'"),
    Case("Who led the most laps?", ("NOR", "54 of 57"), "laps", session="2025/1/R"),
    Case("How many times has Hamilton won the British Grand Prix?", ("9 Grand Prix wins",), "f1db_race_results",
         "SELECT printf('%d Grand Prix wins', count(*)) FROM f1db_race_results r JOIN f1db_races ra ON ra.id = r.raceId "
         "WHERE r.driverId = 'lewis-hamilton' AND ra.grandPrixId = 'great-britain' AND r.position = '1'",
         session="2025/1/R", kind="history"),
    Case("How many wins does Verstappen have at Monaco?", ("2 Grand Prix wins", "2021, 2023"), "f1db_race_results",
         "SELECT printf('%d Grand Prix wins', count(*)), string_agg(r.year::VARCHAR, ', ' ORDER BY r.year) "
         "FROM f1db_race_results r JOIN f1db_races ra ON ra.id = r.raceId WHERE r.driverId = 'max-verstappen' "
         "AND ra.grandPrixId = 'monaco' AND r.position = '1'", kind="history"),
    Case("How many poles does Senna have at Monaco?", ("5 pole positions",), "f1db_qualifying_results",
         "SELECT printf('%d pole positions', count(*)) FROM f1db_qualifying_results q JOIN f1db_races ra "
         "ON ra.id = q.raceId WHERE q.driverId = 'ayrton-senna' AND ra.grandPrixId = 'monaco' "
         "AND CAST(q.position AS VARCHAR) = '1'", kind="history"),
    Case("Who lost the most positions in the 2025 Australian Grand Prix?", ("PIA", "lost the most places: 7"),
         "f1db_race_results",
         "SELECT d.abbreviation, printf('lost the most places: %d', r.position::INT - r.gridPosition::INT) "
         "FROM f1db_race_results r JOIN f1db_drivers d ON d.id = r.driverId WHERE r.year = 2025 AND r.round = 1 "
         "AND TRY_CAST(r.position AS INT) IS NOT NULL AND TRY_CAST(r.gridPosition AS INT) > 0 "
         "ORDER BY r.gridPosition::INT - r.position::INT, r.position::INT LIMIT 1"),
    Case("How many places did Bearman gain in the 2025 Chinese Grand Prix?", ("gained 9", "grid P17"),
         "f1db_race_results",
         "SELECT printf('gained %d', r.gridPosition::INT - r.position::INT), printf('grid P%d', r.gridPosition::INT) "
         "FROM f1db_race_results r JOIN f1db_drivers d ON d.id = r.driverId WHERE r.year = 2025 AND r.round = 2 "
         "AND d.abbreviation = 'BEA'"),
    Case("Who was leading the championship after round 5 in 2025?", ("Oscar Piastri", "99 points"),
         "f1db_driver_standings_after_race",
         "SELECT d.name, printf('%d points', s.points::INT) FROM f1db_driver_standings_after_race s "
         "JOIN f1db_drivers d ON d.id = s.driverId WHERE s.year = 2025 AND s.round = 5 AND s.position = '1'",
         session="2025/1/R"),
    Case("What was the track temperature when the 2025 Chinese Grand Prix started?", ("track 35.9 °C",), "weather",
         "SELECT printf('track %.1f °C', track_temp_c) FROM weather WHERE year = 2025 AND round = 2 AND "
         "session_code = 'R' ORDER BY abs(time_s - (SELECT min(lap_start_s) FROM laps WHERE year = 2025 AND "
         "round = 2 AND session_code = 'R' AND lap_number = 1)) LIMIT 1"),
    Case("What was Verstappen's average pace in the 2025 Australian Grand Prix?", ("VER", "1:30.413", "33 green-flag"),
         "laps",
         f"SELECT driver, {LAPTIME.format(t='avg(lap_time_s)')}, printf('%d green-flag', count(*)) FROM laps "
         "WHERE year = 2025 AND round = 1 AND session_code = 'R' AND driver = 'VER' AND lap_time_s IS NOT NULL "
         "AND lap_number > 1 AND pit_in_s IS NULL AND pit_out_s IS NULL AND track_status = '1' GROUP BY driver"),
    Case("What was the slowest pit stop in the 2025 Chinese Grand Prix?", ("TSU", "lap 46", "37.9 s"), "pit_stops",
         "SELECT driver, printf('lap %d', lap), printf('%.1f s', pit_lane_s) FROM pit_stops WHERE year = 2025 "
         "AND round = 2 AND session_code = 'R' AND tyre_change ORDER BY pit_lane_s DESC LIMIT 1"),
    Case("Who pitted first in the 2025 Chinese Grand Prix?", ("BOR", "lap 1"), "pit_stops",
         "SELECT driver, printf('lap %d', lap) FROM pit_stops WHERE year = 2025 AND round = 2 AND session_code = 'R' "
         "AND tyre_change ORDER BY lap, pit_in_s LIMIT 1"),
    Case("Who made the most pit stops in the 2025 Chinese Grand Prix?", ("TSU with 3",), "stints",
         "SELECT printf('%s with %d', string_agg(driver, ', ' ORDER BY driver), n) FROM (SELECT driver, "
         "count(*) AS n FROM pit_stops WHERE year = 2025 AND round = 2 AND session_code = 'R' AND tyre_change "
         "GROUP BY driver QUALIFY n = max(n) OVER ()) GROUP BY n"),
    Case("Who was leading on lap 40 of the 2025 Chinese Grand Prix?", ("PIA", "P2 NOR"), "laps",
         "SELECT (SELECT driver FROM laps WHERE year = 2025 AND round = 2 AND session_code = 'R' AND lap_number = 40 "
         "AND position = 1), 'P2 ' || (SELECT driver FROM laps WHERE year = 2025 AND round = 2 AND session_code = 'R' "
         "AND lap_number = 40 AND position = 2)"),
    Case("Who has the most wins for Ferrari?", ("Michael Schumacher with 72",), "f1db_race_results",
         "SELECT printf('%s with %d', d.name, count(*)) FROM f1db_race_results r JOIN f1db_drivers d "
         "ON d.id = r.driverId WHERE r.constructorId = 'ferrari' AND r.position = '1' GROUP BY d.name "
         "ORDER BY count(*) DESC LIMIT 1", kind="history"),
    # --- rules and the app (knowledge base)
    Case("What is the two-compound rule?", ("two different dry compounds",),
         "kb:rules_tyres:the-two-compound-rule", kind="knowledge"),
    Case("How does the virtual safety car work?", ("minimum time",),
         "kb:rules_race_procedures:virtual-safety-car-vsc", kind="knowledge"),
    Case("What does DRS mean?", ("drag",), "kb:rules_race_procedures:drs-drag-reduction-system", kind="knowledge"),
    Case("How many points are awarded for a Grand Prix win?", ("25",), "kb:rules_points:grand-prix-points",
         kind="knowledge"),
    Case("What does a blue flag mean?", ("about to lap you",), "kb:rules_qualifying_flags:flags",
         kind="knowledge"),
    Case("How does the qualifying knock-out work?", ("five slowest",), "kb:rules_qualifying_flags:qualifying-format",
         kind="knowledge"),
    Case("What is an undercut?", ("pitting before a rival",), "kb:glossary:strategy-terms", kind="knowledge"),
)  # fmt: skip


def citation_matches(case: Case, citations: list[dict]) -> bool:
    """Whether the expected table or document is among the answer's citations."""
    for c in citations:
        if c.get("type") == "document" and c.get("id") == case.cite:
            return True
        if c.get("type") == "store" and case.cite in str(c.get("table", "")).split(","):
            return True
    return False


def answer_matches(case: Case, text: str) -> bool:
    """Whether every expected string is in the answer."""
    return all(e in text for e in case.expect)
