"""A new user's first start: a clean clone with nothing beside it opens on real data.

The repository is cloned into a temporary folder (no ``../shared``, no store, no caches, no
data-kit or store variables), started with ``streamlit run app.py`` as ``make run`` does, and
opened in a real browser: the data pack must be imported at first start and serve the Session
page for the 2025 Australian GP race and the 2021 standings on the Season page.
"""

from __future__ import annotations

import os
import re
import subprocess

import pytest
from playwright.sync_api import expect

from f1core.config import PROJECT_ROOT
from tests.e2e.conftest import running_app

pytestmark = pytest.mark.e2e

FIRST_START_MS = 120_000
_OURS = ("F1_", "GROQ_", "STREAMLIT_")


@pytest.fixture(scope="module")
def clean_clone_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("newuser")
    clone = root / "pitwall"
    subprocess.run(["git", "clone", "--quiet", str(PROJECT_ROOT), str(clone)], check=True)
    assert not (root / "shared").exists() and not (clone / "data" / "f1.duckdb").exists()
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OURS)}
    env.update(HF_HUB_OFFLINE="1", F1_OFFLINE="1")  # nothing may be downloaded at start
    with running_app(clone, env, root / "server.log") as url:
        yield url, clone


def test_clean_clone_opens_on_the_data_pack(clean_clone_app, page):
    url, clone = clean_clone_app
    page.goto(f"{url}/Session?year=2025&round=1&session=R")
    expect(page.get_by_role("heading", name="2025 Australian Grand Prix · Race")).to_be_visible(
        timeout=FIRST_START_MS
    )
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()  # the classification
    # the driver picker starts on the podium, read from the imported results
    picked = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect")
    expect(picked).to_contain_text(re.compile("NOR.*VER.*RUS", re.S))
    expect(page.get_by_test_id("stException")).to_have_count(0)
    nav = page.get_by_test_id("stSidebar").get_by_role("link")
    expect(nav.first).to_have_text(re.compile("Home"))

    page.goto(f"{url}/Season?season=2021&view=Title%20race")
    expect(
        page.get_by_text("After round 22: Max Verstappen can no longer be caught.")
    ).to_be_visible(timeout=FIRST_START_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert (clone / "data" / "f1.duckdb").exists()  # the store was made from the pack
    assert not (clone.parent / "shared").exists()
