"""Benchmark the prediction models on the kit store.

Prints, for each model:
- training time (features + out-of-sample evaluation + final fit) against the named
  baseline "features only" (building the same feature frame), and against the 60 s budget;
- one prediction with its SHAP explanation against the baseline "plain predict" (the same
  row through ``estimator.predict`` without SHAP), and against the 50 ms budget;
- loading the saved artifact against the baseline "read the JSON card".

Run: ``.venv/bin/python bench/models.py`` (trains into a temporary folder; ``models/`` is
left alone).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import cached_kit_store_file  # noqa: E402

from f1core.models import finish, laptime, overtake  # noqa: E402
from f1core.models.explain import explain_row, tree_explainer  # noqa: E402
from f1core.models.registry import MODEL_NAMES, load_model, read_card  # noqa: E402
from f1core.models.training import train_and_save  # noqa: E402
from f1core.store import SessionKey, open_store  # noqa: E402

AUS = SessionKey(2025, 1, "R")
REPEATS = 30
TRAIN_BUDGET_S = 60.0
EXPLAIN_BUDGET_MS = 50.0


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def _median_ms(fn) -> float:
    fn()  # warm-up (the TreeExplainer is built once per loaded model)
    samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="pitwall-bench-models-"))
    try:
        store_path = work / "f1.duckdb"
        shutil.copyfile(cached_kit_store_file(), store_path)
        store = open_store(store_path, read_only=True)
        folder = work / "models"
        features = {
            "laptime": lambda: laptime.laptime_frame(store),
            "finish": lambda: finish.finish_frame(store),
            "overtake": lambda: overtake.pair_frame(store),
        }
        rows = {
            "laptime": laptime.session_laps_frame(store, AUS).iloc[[300]],
            "finish": finish.race_rows(store, 2025, 1).iloc[[0]],
            "overtake": overtake.pair_frame(store, key=AUS).iloc[[0]],
        }
        print(f"{'model':<9} {'measure':<34} {'value':>10} {'baseline':>10} {'ratio':>7}  budget")
        for name in MODEL_NAMES:
            _, feat_s = _timed(features[name])
            model, train_s = _timed(lambda n=name: train_and_save(n, store, directory=folder))
            ok = "ok" if train_s < TRAIN_BUDGET_S else "OVER"
            print(f"{name:<9} {'train (vs features only)':<34} {train_s:>9.2f}s {feat_s:>9.2f}s "
                  f"{train_s / feat_s:>6.1f}x  {ok} (< {TRAIN_BUDGET_S:.0f} s)")  # fmt: skip
            loaded = load_model(name, folder)
            row = rows[name][loaded.feature_names].astype(float)
            explainer = tree_explainer(loaded)  # built once per loaded model, as the app does
            shap_ms = _median_ms(
                lambda m=loaded, r=row, e=explainer: explain_row(m, r, units="raw", explainer=e)
            )
            plain_ms = _median_ms(lambda m=loaded, r=row: m.estimator.predict(r))
            ok = "ok" if shap_ms < EXPLAIN_BUDGET_MS else "OVER"
            print(f"{name:<9} {'predict+SHAP (vs plain predict)':<34} {shap_ms:>8.2f}ms "
                  f"{plain_ms:>8.2f}ms {shap_ms / plain_ms:>6.1f}x  {ok} (< {EXPLAIN_BUDGET_MS:.0f} ms)")  # fmt: skip
            load_ms = _median_ms(lambda n=name: load_model(n, folder))
            card_ms = _median_ms(lambda n=name: read_card(n, folder))
            size_kb = (folder / model.card["artifact"]).stat().st_size / 1024
            ok = "ok" if load_ms < 1000 else "OVER"
            print(f"{name:<9} {'load artifact (vs read card)':<34} {load_ms:>8.2f}ms "
                  f"{card_ms:>8.2f}ms {load_ms / card_ms:>6.1f}x  {ok} (< 1 s; {size_kb:.0f} KB)")  # fmt: skip
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
