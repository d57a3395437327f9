"""``python -m f1core replay``: the tower printed at a chosen time or lap, clear errors."""

from __future__ import annotations

import argparse

import pytest

from f1core.config import load_settings
from f1core.live.cli import register


@pytest.fixture()
def run(kit_dir, capsys):
    parser = argparse.ArgumentParser(prog="f1core")
    register(parser.add_subparsers())
    settings = load_settings(data_kit=kit_dir)

    def _run(*argv: str) -> tuple[int, str, str]:
        args = parser.parse_args(["replay", *argv])
        code = args.func(args, settings)
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


def test_end_of_the_miami_sprint(run):
    code, out, _ = run("--recording", "2025_miami_gp_sprint")
    assert code == 0
    header, columns, p1, p2, p3 = out.splitlines()[:5]
    assert "LAP 18/18" in header and columns.split()[:2] == ["position", "driver"]
    assert [p1.split()[1], p2.split()[1], p3.split()[1]] == ["NOR", "PIA", "HAM"]
    assert "F1 - POST-SPRINT PARC FERME" in out


def test_lap_and_time_choices(run):
    code, out, _ = run("--recording", "2025_miami_gp_sprint", "--lap", "5")
    assert code == 0 and "LAP 5/18" in out.splitlines()[0]
    code, out, _ = run("--recording", "2025_australian_gp_race", "--at", "00:30:00")
    assert code == 0 and "00:30:00.000" in out.splitlines()[0]
    code, out, _ = run("--list")
    assert out.split() == ["2025_australian_gp_race", "2025_miami_gp_sprint"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--recording", "nope"), "No kit recording 'nope'"),
        (("--recording", "2025_miami_gp_sprint", "--lap", "40"), "Lap 40 is not in this recording"),
        (("--at", "half past"), "--at must look like"),
        (("--session", "2025-1-R"), "--session must look like"),
    ],
)
def test_bad_input_is_a_clear_error(run, argv, message):
    code, out, err = run(*argv)
    assert code == 2 and message in err and "Traceback" not in err and out == ""
