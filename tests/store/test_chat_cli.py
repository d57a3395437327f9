"""``python -m f1core ask``: offline answers with citations, JSON shape, clear errors."""

from __future__ import annotations

import json
import shutil

import pytest

from f1core.cli import main


@pytest.fixture(scope="module")
def store_file(kit_store_path, tmp_path_factory):
    target = tmp_path_factory.mktemp("cli") / "f1.duckdb"
    shutil.copyfile(kit_store_path, target)
    return target


def test_ask_json(store_file, capsys):
    code = main(["--store", str(store_file), "ask", "Who was on pole?", "--session", "2025/1/Q",
                 "--offline", "--json"])  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["mode"] == "offline"
    assert "Lando Norris" in out["answer"] and "1:15.096" in out["answer"]
    assert out["citations"] == [{"type": "store", "table": "results",
                                 "keys": {"year": 2025, "round": 1, "session_code": "Q", "driver": "NOR"}}]  # fmt: skip


def test_ask_text_lists_citations(store_file, capsys):
    assert (
        main(
            ["--store", str(store_file), "ask", "Who won the 1988 Monaco Grand Prix?", "--offline"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Alain Prost won the 1988 Monaco Grand Prix" in out
    assert "Citations:\n  - store f1db_race_results [year=1988, round=3, position=1]" in out


def test_ask_bad_input_is_a_one_line_error(store_file, capsys):
    assert (
        main(["--store", str(store_file), "ask", "Who won?", "--session", "2025-1-R", "--offline"])
        == 2
    )
    assert capsys.readouterr().err.startswith("error: --session must look like 2025/1/R")
    assert main(["--store", str(store_file), "ask", "   ", "--offline"]) == 2


def test_ask_json_says_answered_or_abstained(store_file, capsys):
    assert (
        main(
            [
                "--store",
                str(store_file),
                "ask",
                "Who won the 2023 Bahrain Grand Prix?",
                "--offline",
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "answered" and "VER" in out["answer"] and out["citations"]
    assert (
        main(
            [
                "--store",
                str(store_file),
                "ask",
                "What did Verstappen say on team radio?",
                "--offline",
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "abstained" and out["citations"] == []
    assert out["answer"].startswith(
        "I can't answer that from the data. Team radio is not in the data."
    )
