"""The held-out chat evaluation: questions written before the fact engine, never tuned on.

Unlike :mod:`tests.chat.eval_set` (the development set, which grew with the answerer),
these questions were written in one go from what analysts ask, in their words: terse,
conversational, with circuit and city names, typos, compound questions, history and the
stored sessions. Every answerable case carries an independent SQL query (``truth``) on
the kit store whose single row must be found among the expected strings, so the answers
are checked against the data on every run. An expected string may list alternatives
separated by ``|`` (a driver code or a surname).

``OUT_OF_SCOPE`` holds questions whose right outcome is an abstention: the future,
opinions, data the store does not have (team radio, fuel, tyre pressures, ERS), a race
that is not stored, or nothing to do with F1.

Policy: do not edit a case to make an answerer pass it; fix the answerer or report it.
"""

from __future__ import annotations

from tests.chat.eval_set import LAPTIME, WHERE, Case


def _fastest(y, r, c, driver: str | None = None) -> str:
    one = f" AND driver = '{driver}'" if driver else ""
    return (f"SELECT driver, {LAPTIME.format(t='lap_time_s')} FROM laps WHERE {WHERE.format(y=y, r=r, c=c)}{one} "
            "AND lap_time_s IS NOT NULL AND NOT coalesce(deleted, false) ORDER BY lap_time_s LIMIT 1")  # fmt: skip


def _f1db_pos(y, r, pos="1") -> str:
    return ("SELECT d.abbreviation FROM f1db_race_results x JOIN f1db_drivers d ON d.id = x.driverId "
            f"WHERE x.year = {y} AND x.round = {r} AND x.position = '{pos}'")  # fmt: skip


def _f1db_pole(y, r) -> str:
    return ("SELECT d.abbreviation, q.q3 FROM f1db_qualifying_results q JOIN f1db_drivers d ON d.id = q.driverId "
            f"WHERE q.year = {y} AND q.round = {r} AND CAST(q.position AS VARCHAR) = '1'")  # fmt: skip


def _winner_at(y, column, value) -> str:
    return ("SELECT d.name FROM f1db_race_results x JOIN f1db_races ra ON ra.id = x.raceId JOIN f1db_drivers d "
            f"ON d.id = x.driverId WHERE ra.year = {y} AND ra.{column} = '{value}' AND x.position = '1'")  # fmt: skip


def _count(driver_id, cond, table="f1db_race_results") -> str:
    return f"SELECT count(*)::VARCHAR FROM {table} WHERE driverId = '{driver_id}' AND {cond}"


def _first_win(driver_id) -> str:
    return ("SELECT x.year::VARCHAR, replace(g.fullName, ' Grand Prix', '') FROM f1db_race_results x "
            "JOIN f1db_races ra ON ra.id = x.raceId JOIN f1db_grands_prix g ON g.id = ra.grandPrixId "
            f"WHERE x.driverId = '{driver_id}' AND x.position = '1' ORDER BY x.year, x.round LIMIT 1")  # fmt: skip


def _titles(driver_id) -> str:
    return ("SELECT count(*)::VARCHAR FROM f1db_season_driver_standings WHERE "
            f"driverId = '{driver_id}' AND CAST(position AS VARCHAR) = '1'")  # fmt: skip


def _pit(y, r, extra: str, select: str, order: str = "lap, pit_in_s") -> str:
    return (f"SELECT {select} FROM pit_stops WHERE {WHERE.format(y=y, r=r, c='R')} AND tyre_change {extra} "
            f"ORDER BY {order} LIMIT 1")  # fmt: skip


def _leader_at(y, r, lap) -> str:
    return f"SELECT driver FROM laps WHERE {WHERE.format(y=y, r=r, c='R')} AND lap_number = {lap} AND position = 1"


_H = "history"

HELDOUT: tuple[Case, ...] = (
    # --- stored sessions: winners, places, gaps (city and circuit names, terse)
    Case("who won in melbourne 2025", ("NOR|Norris",), "results", _f1db_pos(2025, 1)),
    Case("Suzuka 2025 winner?", ("VER|Verstappen",), "f1db_race_results", _f1db_pos(2025, 3)),
    Case("hey, who took the win at jeddah in 2025?", ("PIA|Piastri",), "f1db_race_results", _f1db_pos(2025, 5)),
    Case("gap between P1 and P2 in bahrain 2023", ("11.987",), "results",
         f"SELECT printf('%.3f', gap_s) FROM results WHERE {WHERE.format(y=2023, r=1, c='R')} AND position = 2"),
    Case("who came second in shanghai 2025?", ("NOR|Norris",), "f1db_race_results", _f1db_pos(2025, 2, "2")),
    Case("Where did Leclerc finish in Melbourne 2025?", ("P8",), "results",
         f"SELECT printf('P%d', position) FROM results WHERE {WHERE.format(y=2025, r=1, c='R')} AND driver = 'LEC'"),
    Case("where did russell start in melbourne 2025", ("P4",), "results",
         f"SELECT printf('P%d', grid_position) FROM results WHERE {WHERE.format(y=2025, r=1, c='R')} AND driver = 'RUS'"),
    # --- fastest laps
    Case("fastest lap jeddah 2025", ("NOR|Norris", "1:31.778"), "laps", _fastest(2025, 5, "R")),
    Case("quickest race lap at suzuka 2025?", ("ANT|Antonelli", "1:30.965"), "laps", _fastest(2025, 3, "R")),
    Case("fastest lap in the 2025 miami race", ("NOR|Norris", "1:29.746"), "laps", _fastest(2025, 6, "R")),
    Case("Norris's fastest lap in the 2025 Chinese GP", ("NOR|Norris", "1:35.454"), "laps",
         _fastest(2025, 2, "R", "NOR")),
    Case("verstapen best lap australia 2025 race", ("VER|Verstappen", "1:23.081"), "laps",
         _fastest(2025, 1, "R", "VER")),
    Case("who was fastest in FP2 at Bahrain 2024?", ("HAM|Hamilton", "1:30.374"), "laps", _fastest(2024, 1, "FP2")),
    Case("FP3 fastest time Bahrain 2023", ("ALO|Alonso", "1:32.340"), "laps", _fastest(2023, 1, "FP3")),
    # --- qualifying and pole, with times
    Case("What was the pole lap time in Miami 2025 and who set it?", ("VER|Verstappen", "1:26.204"),
         "f1db_qualifying_results", _f1db_pole(2025, 6)),
    Case("pole at imola 2025?", ("PIA|Piastri",), "f1db_qualifying_results",
         "SELECT d.abbreviation FROM f1db_qualifying_results q JOIN f1db_drivers d ON d.id = q.driverId "
         "WHERE q.year = 2025 AND q.round = 7 AND CAST(q.position AS VARCHAR) = '1'"),
    Case("who qualified fastest in jeddah 2025 and with what time", ("VER|Verstappen", "1:27.294"),
         "f1db_qualifying_results", _f1db_pole(2025, 5)),
    Case("pole time in bahrain 2024 quali", ("VER|Verstappen", "1:29.179"), "results",
         f"SELECT driver, {LAPTIME.format(t='q3_s')} FROM results WHERE {WHERE.format(y=2024, r=1, c='Q')} "
         "AND position = 1"),
    # --- speeds and sectors
    Case("top speed in the 2025 Saudi Arabian GP race", ("HAD|Hadjar", "343"), "laps",
         f"SELECT driver, printf('%.0f', speed_st) FROM laps WHERE {WHERE.format(y=2025, r=5, c='R')} "
         "AND speed_st IS NOT NULL ORDER BY speed_st DESC LIMIT 1"),
    Case("What was the highest speed recorded in qualifying in Australia 2025 and by whom?", ("RUS|Russell", "339"),
         "telemetry",
         f"SELECT driver, printf('%.0f', speed_kph) FROM telemetry WHERE {WHERE.format(y=2025, r=1, c='Q')} "
         "ORDER BY speed_kph DESC LIMIT 1"),
    Case("Leclerc top speed in the 2025 japanese race", ("303",), "laps",
         f"SELECT printf('%.0f', max(speed_st)) FROM laps WHERE {WHERE.format(y=2025, r=3, c='R')} AND driver = 'LEC'"),
    Case("best sector 1 in bahrain 2023 qualifying", ("VER|Verstappen", "28.722"), "laps",
         f"SELECT driver, printf('%.3f', sector1_s) FROM laps WHERE {WHERE.format(y=2023, r=1, c='Q')} "
         "AND sector1_s IS NOT NULL AND NOT coalesce(deleted, false) ORDER BY sector1_s LIMIT 1"),
    Case("fastest third sector in the 2025 Australian GP", ("NOR|Norris", "34.890"), "laps",
         f"SELECT driver, printf('%.3f', sector3_s) FROM laps WHERE {WHERE.format(y=2025, r=1, c='R')} "
         "AND sector3_s IS NOT NULL AND NOT coalesce(deleted, false) ORDER BY sector3_s LIMIT 1"),
    # --- stints, tyres, pit stops
    Case("how many pit stops did Hamilton make in China 2025?", ("2",), "pit_stops",
         f"SELECT count(*)::VARCHAR FROM pit_stops WHERE {WHERE.format(y=2025, r=2, c='R')} AND driver = 'HAM' "
         "AND tyre_change"),
    Case("When did Norris make his first pit stop in the 2025 Australian GP?", ("lap 34",), "pit_stops",
         _pit(2025, 1, "AND driver = 'NOR'", "printf('lap %d', lap)")),
    Case("Who had the most pit stops in Melbourne 2025?", ("STR|Stroll", "5"), "pit_stops",
         f"SELECT driver, n::VARCHAR FROM (SELECT driver, count(*) AS n FROM pit_stops WHERE "
         f"{WHERE.format(y=2025, r=1, c='R')} AND tyre_change GROUP BY driver) ORDER BY n DESC LIMIT 1"),
    Case("slowest pit stop bahrain 2025", ("SAI|Sainz", "37.0"), "pit_stops",
         _pit(2025, 4, "", "driver, printf('%.1f', pit_lane_s)", order="pit_lane_s DESC")),
    Case("what tyre did leclerc start the 2025 japanese gp on", ("MEDIUM",), "stints",
         f"SELECT compound FROM stints WHERE {WHERE.format(y=2025, r=3, c='R')} AND driver = 'LEC' AND stint = 1"),
    Case("tsunoda's stints at suzuka 2025", ("MEDIUM laps 1-23",), "stints",
         f"SELECT printf('%s laps %d-%d', compound, start_lap, end_lap) FROM stints WHERE "
         f"{WHERE.format(y=2025, r=3, c='R')} AND driver = 'TSU' AND stint = 1"),
    Case("first driver to pit in Jeddah 2025", ("DOO|Doohan", "lap 1"), "pit_stops",
         _pit(2025, 5, "", "driver, printf('lap %d', lap)")),
    # --- positions at a lap, laps led, places gained
    Case("who was leading on lap 10 in jeddah 2025", ("VER|Verstappen",), "laps", _leader_at(2025, 5, 10)),
    Case("lap 20 leader bahrain 2024", ("VER|Verstappen",), "laps", _leader_at(2024, 1, 20)),
    Case("who led the most laps at suzuka 2025", ("VER|Verstappen", "43"), "laps",
         f"SELECT driver, count(*)::VARCHAR FROM laps WHERE {WHERE.format(y=2025, r=3, c='R')} AND position = 1 "
         "GROUP BY driver ORDER BY count(*) DESC LIMIT 1"),
    Case("how many laps did verstappen lead at imola 2025", ("63",), "laps",
         f"SELECT count(*)::VARCHAR FROM laps WHERE {WHERE.format(y=2025, r=7, c='R')} AND position = 1 "
         "AND driver = 'VER'"),
    Case("who gained the most places in jeddah 2025", ("NOR|Norris", "6"), "f1db_race_results",
         "SELECT d.abbreviation, (x.gridPosition::INT - x.position::INT)::VARCHAR FROM f1db_race_results x "
         "JOIN f1db_drivers d ON d.id = x.driverId WHERE x.year = 2025 AND x.round = 5 AND "
         "TRY_CAST(x.position AS INT) IS NOT NULL AND TRY_CAST(x.gridPosition AS INT) > 0 ORDER BY 2 DESC LIMIT 1"),
    # --- incidents and weather
    Case("safety car at jeddah 2025?", ("1 safety car",), "track_status",
         f"SELECT printf('%d safety car', count(*)) FROM track_status WHERE {WHERE.format(y=2025, r=5, c='R')} "
         "AND status = '4'"),
    Case("max track temp suzuka 2025 race", ("23.0 °C",), "weather",
         f"SELECT printf('%.1f °C', max(track_temp_c)) FROM weather WHERE {WHERE.format(y=2025, r=3, c='R')}"),
    Case("coldest air temperature during the 2025 Australian GP", ("15.1 °C",), "weather",
         f"SELECT printf('%.1f °C', min(air_temp_c)) FROM weather WHERE {WHERE.format(y=2025, r=1, c='R')}"),
    Case("who retired from the 2025 Australian GP?", ("ALO|Alonso", "BOR|Bortoleto", "DOO|Doohan", "HAD|Hadjar",
         "LAW|Lawson", "SAI|Sainz"), "results",
         f"SELECT list_sort(list(driver))[1], list_sort(list(driver))[2], list_sort(list(driver))[3], "
         "list_sort(list(driver))[4], list_sort(list(driver))[5], list_sort(list(driver))[6] FROM results "
         f"WHERE {WHERE.format(y=2025, r=1, c='R')} AND status <> 'Finished' AND status NOT LIKE '+%'"),
    Case("which drivers got dsq'd in china 2025", ("GAS|Gasly", "HAM|Hamilton", "LEC|Leclerc"), "f1db_race_results",
         "SELECT list_sort(list(d.abbreviation))[1], list_sort(list(d.abbreviation))[2], "
         "list_sort(list(d.abbreviation))[3] FROM f1db_race_results x JOIN f1db_drivers d ON d.id = x.driverId "
         "WHERE x.year = 2025 AND x.round = 2 AND x.position = 'DSQ'"),
    # --- standings and championship gaps
    Case("Who led the standings after Suzuka 2025?", ("Lando Norris", "62"), "f1db_driver_standings_after_race",
         "SELECT d.name, printf('%d', s.points::INT) FROM f1db_driver_standings_after_race s JOIN f1db_drivers d "
         "ON d.id = s.driverId WHERE s.year = 2025 AND s.round = 3 AND CAST(s.position AS VARCHAR) = '1'"),
    Case("points gap between Norris and Piastri after Jeddah 2025", ("10",), "f1db_driver_standings_after_race",
         "SELECT printf('%d', (max(points) - min(points))::INT) FROM f1db_driver_standings_after_race "
         "WHERE year = 2025 AND round = 5 AND driverId IN ('lando-norris', 'oscar-piastri')"),
    Case("How many points separated Verstappen and Hamilton at the end of 2021?", ("8",),
         "f1db_season_driver_standings",
         "SELECT printf('%d', (max(points) - min(points))::INT) FROM f1db_season_driver_standings "
         "WHERE year = 2021 AND driverId IN ('max-verstappen', 'lewis-hamilton')"),
    Case("how many points did norris score in 2025", ("423",), "f1db_season_driver_standings",
         "SELECT printf('%d', points::INT) FROM f1db_season_driver_standings WHERE year = 2025 "
         "AND driverId = 'lando-norris'", kind=_H),
    # --- careers, first wins, records
    Case("Where did Max Verstappen take his first Grand Prix win?", ("2016", "Spanish"), "f1db_race_results",
         _first_win("max-verstappen"), kind=_H),
    Case("when did lewis hamilton win his first race", ("2007", "Canadian"), "f1db_race_results",
         _first_win("lewis-hamilton"), kind=_H),
    Case("oscar piastri first win?", ("2024", "Hungarian"), "f1db_race_results", _first_win("oscar-piastri"), kind=_H),
    Case("how many poles does charles leclerc have", ("24",), "f1db_qualifying_results",
         _count("charles-leclerc", "CAST(position AS VARCHAR) = '1'", "f1db_qualifying_results"), kind=_H),
    Case("alonso career podiums", ("106",), "f1db_race_results",
         _count("fernando-alonso", "position IN ('1', '2', '3')"), kind=_H),
    Case("kimi raikkonen wins", ("21",), "f1db_race_results", _count("kimi-raikkonen", "position = '1'"), kind=_H),
    Case("how many titles did sebastian vettle win", ("4",), "f1db_season_driver_standings",
         _titles("sebastian-vettel"), kind=_H),
    Case("alonso titles", ("2",), "f1db_season_driver_standings", _titles("fernando-alonso"), kind=_H),
    Case("VER wins 2021", ("10",), "f1db_race_results",
         _count("max-verstappen", "position = '1' AND year = 2021"), kind=_H),
    Case("how many races has hamilton started", ("391",), "f1db_race_results",
         _count("lewis-hamilton", "TRUE"), kind=_H),
    Case("who won the 1976 championship", ("James Hunt",), "f1db_season_driver_standings",
         "SELECT d.name FROM f1db_season_driver_standings s JOIN f1db_drivers d ON d.id = s.driverId "
         "WHERE s.year = 1976 AND CAST(s.position AS VARCHAR) = '1'", kind=_H),
    Case("constructors champion 2010", ("Red Bull",), "f1db_season_constructor_standings",
         "SELECT c.name FROM f1db_season_constructor_standings s JOIN f1db_constructors c ON c.id = s.constructorId "
         "WHERE s.year = 2010 AND CAST(s.position AS VARCHAR) = '1'", kind=_H),
    Case("most podiums of all time", ("Lewis Hamilton", "207"), "f1db_race_results",
         "SELECT d.name, count(*)::VARCHAR FROM f1db_race_results x JOIN f1db_drivers d ON d.id = x.driverId "
         "WHERE x.position IN ('1', '2', '3') GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", kind=_H),
    Case("who won the most races in 2013", ("Sebastian Vettel", "13"), "f1db_race_results",
         "SELECT d.name, count(*)::VARCHAR FROM f1db_race_results x JOIN f1db_drivers d ON d.id = x.driverId "
         "WHERE x.year = 2013 AND x.position = '1' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", kind=_H),
    Case("how many wins did mclaren get in 1988", ("15",), "f1db_race_results",
         "SELECT count(*)::VARCHAR FROM f1db_race_results WHERE year = 1988 AND constructorId = 'mclaren' "
         "AND position = '1'", kind=_H),
    Case("How many races did Toro Rosso win?", ("1",), "f1db_race_results",
         "SELECT count(*)::VARCHAR FROM f1db_race_results WHERE constructorId = 'toro-rosso' AND position = '1'",
         kind=_H),
    Case("who won at interlagos in 2019", ("Max Verstappen",), "f1db_race_results",
         _winner_at(2019, "circuitId", "interlagos"), kind=_H),
    Case("yas marina 2021 winner", ("Max Verstappen",), "f1db_race_results",
         _winner_at(2021, "circuitId", "yas-marina"), kind=_H),
    Case("who won at imola in 2006", ("Michael Schumacher",), "f1db_race_results",
         _winner_at(2006, "circuitId", "imola"), kind=_H),
    Case("who won the british gp in 2008", ("Lewis Hamilton",), "f1db_race_results",
         _winner_at(2008, "grandPrixId", "great-britain"), kind=_H),
    Case("how many times did schumacher win at suzuka", ("6",), "f1db_race_results",
         "SELECT count(*)::VARCHAR FROM f1db_race_results x JOIN f1db_races ra ON ra.id = x.raceId WHERE "
         "x.driverId = 'michael-schumacher' AND ra.circuitId = 'suzuka' AND x.position = '1'", kind=_H),
    Case("perez wins at baku", ("2",), "f1db_race_results",
         "SELECT count(*)::VARCHAR FROM f1db_race_results x JOIN f1db_races ra ON ra.id = x.raceId WHERE "
         "x.driverId = 'sergio-perez' AND ra.circuitId = 'baku' AND x.position = '1'", kind=_H),
    Case("who won the season opener in 2024", ("VER|Verstappen",), "f1db_race_results", _f1db_pos(2024, 1), kind=_H),
    Case("who won the 2025 season finale", ("VER|Verstappen",), "f1db_race_results", _f1db_pos(2025, 24), kind=_H),
    # --- pit-stop records (DHL)
    Case("quickest pit stop of 2019", ("Red Bull", "1.82"), "dhl_pit_stops",
         "SELECT team, printf('%.2f', stationary_time_s) FROM dhl_pit_stops WHERE year = 2019 "
         "ORDER BY stationary_time_s LIMIT 1", kind=_H),
    Case("fastest stop at the 2025 Saudi Arabian GP", ("Ferrari", "2.00|2.0 s"), "dhl_pit_stops",
         "SELECT team, printf('%.2f', stationary_time_s) FROM dhl_pit_stops WHERE year = 2025 "
         "AND event ILIKE '%saudi%' ORDER BY stationary_time_s LIMIT 1"),
    # --- compound questions
    Case("Who won the Miami sprint and where did the pole-sitter finish?", ("NOR|Norris", "P7"), "results",
         "SELECT (SELECT driver FROM results WHERE year = 2025 AND round = 6 AND session_code = 'S' AND position = 1), "
         "(SELECT printf('P%d', position) FROM results WHERE year = 2025 AND round = 6 AND session_code = 'S' "
         "AND grid_position = 1)"),
    Case("who won bahrain 2025 and who set the fastest lap", ("PIA|Piastri", "1:35.140"), "laps",
         f"SELECT ({_f1db_pos(2025, 4)}), (SELECT {LAPTIME.format(t='min(lap_time_s)')} FROM laps WHERE "
         f"{WHERE.format(y=2025, r=4, c='R')} AND NOT coalesce(deleted, false))"),
    Case("who was on pole in melbourne 2025 and who won", ("NOR|Norris", "1:15.096"), "results",
         f"SELECT (SELECT driver FROM results WHERE {WHERE.format(y=2025, r=1, c='R')} AND position = 1), "
         f"(SELECT {LAPTIME.format(t='q3_s')} FROM results WHERE {WHERE.format(y=2025, r=1, c='Q')} AND position = 1)"),
)  # fmt: skip

OUT_OF_SCOPE: tuple[str, ...] = (
    "Who will win the 2027 world championship?",
    "Who is the greatest F1 driver of all time?",
    "What did Verstappen say on team radio in Jeddah 2025?",
    "How much fuel did Norris start the 2025 Australian Grand Prix with?",
    "What tyre pressures did Ferrari run in Bahrain 2023?",
    "What was Hamilton's fastest lap in the 2025 Monaco Grand Prix?",
    "What was the brake temperature on Leclerc's car at Suzuka 2025?",
    "Which team has the biggest budget?",
    "Who will be on pole in Las Vegas next year?",
    "What's the weather forecast for the next race?",
    "How much does a Ferrari power unit cost?",
    "Who is the most popular driver?",
    "What was Norris's ERS deployment on lap 10 in Melbourne 2025?",
    "Who won the 2031 Australian Grand Prix?",
    "What was Verstappen's heart rate during the 2025 Japanese Grand Prix?",
    "What was the air temperature during the 2025 Abu Dhabi Grand Prix?",
    "What is the capital of France?",
    "Write me a poem about Ayrton Senna.",
    "Should Ferrari have pitted Leclerc earlier in Bahrain 2023?",
    "How many laps did Piastri lead in the 2025 British Grand Prix?",
    "Who won the 2026 Las Vegas Grand Prix?",
)


def heldout_matches(case: Case, text: str) -> bool:
    """Whether every expected string (or one of its ``|`` alternatives) is in the answer."""
    return all(any(alt in text for alt in e.split("|")) for e in case.expect)
