"""Backtest: every kit race simulated with the strategies actually used, compared with reality."""

from __future__ import annotations

import shutil

import pytest

from f1core.cli import main
from f1core.strategy.validation import summarise, validate_store
from tests.store.test_strategy_models import shared_context


@pytest.fixture(scope="session")
def per_race(kit_store):
    return validate_store(kit_store, shared_context(kit_store))


def test_every_kit_race_is_backtested(per_race):
    assert len(per_race) == 11 and per_race["error"].isna().all()
    assert set(per_race.loc[per_race["wet"], "session"]) == {"2025/1/R", "2025/6/S"}


def test_dry_races_beat_the_named_baselines(per_race):
    dry = summarise(per_race).set_index("group").loc["dry"]
    assert dry["races"] == 9
    assert dry["time_error_pct_mean_abs"] < 1.0
    assert dry["time_error_pct_mean_abs"] < dry["baseline_time_error_pct_mean_abs"]
    assert dry["position_mae"] < dry["grid_baseline_position_mae"]
    assert dry["spearman"] > 0.85


def test_second_half_out_of_sample_still_beats_the_grid(kit_store):
    per_race = validate_store(kit_store, shared_context(kit_store), fit_fraction=0.5)
    dry = summarise(per_race).set_index("group").loc["dry"]
    assert dry["time_error_pct_mean_abs"] < 1.0
    assert dry["position_mae"] < dry["grid_baseline_position_mae"]
    assert dry["spearman"] > 0.8


def test_wet_australia_is_reported_separately(per_race):
    summary = summarise(per_race).set_index("group")
    assert summary.loc["wet", "races"] == 2
    aus = per_race.set_index("session").loc["2025/1/R"]
    assert aus["time_error_pct_mean_abs"] > summary.loc["dry", "time_error_pct_mean_abs"]


def test_strategy_commands(kit_store_path, tmp_path, capsys):
    store = shutil.copyfile(
        kit_store_path, tmp_path / "f1.duckdb"
    )  # the fixture holds the original open
    assert main(["--store", str(store), "strategy", "pit-loss"]) == 0
    out = capsys.readouterr().out
    assert "Sakhir" in out and "median_loss_s" in out
    assert main(["--store", str(store), "strategy", "optimise", "2025/2/R", "ZZZ"]) == 2
    assert "ZZZ did not take part in 2025/2/R" in capsys.readouterr().err
