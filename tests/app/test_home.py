"""The home page with an empty store, with the kit, and with a corrupt store file."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import texts


def test_empty_store_offers_loading(empty_app):
    at = empty_app("app.py")
    assert not at.exception
    body = texts(at)
    assert "The store is empty" in body
    assert at.button(key="load_kit")  # the kit is beside the project in tests
    assert at.number_input(key="load_year")


def test_home_with_kit_lists_sessions_and_counts(kit_app):
    at = kit_app("app.py")
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Sessions"] == "29"
    assert values["Telemetry rows"] == "2,179,259"
    assert len(at.dataframe[0].value) == 29  # the only table on the page


def test_corrupt_store_is_moved_aside(monkeypatch, tmp_path, empty_app):
    bad = tmp_path / "empty.duckdb"  # the path empty_app points F1_STORE at
    bad.write_bytes(b"not a database" * 100)
    at = empty_app("app.py")
    assert not at.exception
    assert "was kept as" in texts(at)
    kept = list(Path(tmp_path).glob("empty.duckdb.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"not a database")


def test_unknown_event_in_offline_loader_is_a_clear_message(empty_app):
    at = empty_app("app.py")
    at.number_input(key="load_year").set_value(2024).run()
    # the empty test cache has no 2024 schedule: offline, that is a clear error, no traceback
    assert not at.exception
    assert "not in the FastF1 cache" in texts(at)


def test_load_more_data_offers_every_loader(kit_app):
    at = kit_app("app.py")
    at.toggle(key="home_load_more").set_value(True).run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["From FastF1", "Demo data kit", "History update"]


def test_loading_one_session_offline_updates_the_home_page(empty_app, monkeypatch, tmp_path,
                                                           kit_dir):  # fmt: skip
    from f1core.ingest.kit import prepare_kit_cache

    prepare_kit_cache(kit_dir, tmp_path / "ff1")  # F1_FASTF1_CACHE of empty_app
    at = empty_app("app.py")
    at.toggle(key="load_offline").set_value(True).run()
    at.number_input(key="load_year").set_value(2023).run()
    assert at.selectbox(key="load_round").value == 1  # Bahrain, from FastF1's schedule
    at.selectbox(key="load_session").set_value("R").run()
    at.button(key="load_go").click().run()
    assert not at.exception
    assert any("Loaded 2023/1/R" in s.value for s in at.success)
    assert {m.label: m.value for m in at.metric}["Sessions"] == "1"


def test_first_start_imports_the_shipped_pack(empty_app, monkeypatch):
    from f1core.config import DEFAULT_PACK

    monkeypatch.setenv("F1_PACK", str(DEFAULT_PACK))
    at = empty_app("app.py")
    assert not at.exception and not at.error
    values = {m.label: m.value for m in at.metric}
    assert values["Sessions"] == "29"
    assert int(values["History tables"]) == 38
    assert "The store is empty" not in texts(at)


def test_a_broken_pack_is_a_message_and_the_store_stays_empty(empty_app, monkeypatch, tmp_path):
    import shutil

    from f1core.config import DEFAULT_PACK

    pack = shutil.copytree(DEFAULT_PACK, tmp_path / "pack")
    (pack / "laps.parquet").write_bytes(b"broken")
    monkeypatch.setenv("F1_PACK", str(pack))
    at = empty_app("app.py")
    assert not at.exception
    assert "data pack could not be imported" in texts(at)
    assert "laps.parquet" in texts(at)
    assert "The store is empty" in texts(at)


def test_a_lake_store_is_served_read_only(monkeypatch, tmp_path, kit_store, kit_app):
    from f1core.store.lake import export_lake

    export_lake(kit_store, tmp_path / "lake")
    monkeypatch.setenv("F1_STORE", str(tmp_path / "lake"))  # after kit_app set its own
    at = kit_app("app.py")
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Sessions"] == "29"
    assert "read-only Parquet lake" in texts(at)
    assert not at.toggle  # no "Load more data"
