"""Every page opens without an exception, on an empty store and on the kit store."""

from __future__ import annotations

import pytest

from f1core.config import PROJECT_ROOT

PAGES = ["app.py"] + sorted(f"pages/{p.name}" for p in (PROJECT_ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES)
def test_page_opens_on_empty_store(empty_app, page):
    at = empty_app(page)
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("page", PAGES)
def test_page_opens_on_kit_store(kit_app, page):
    at = kit_app(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
