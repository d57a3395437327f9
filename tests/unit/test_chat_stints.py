"""Lap-time formatting."""

from __future__ import annotations

import math

import pytest

from f1core.facts.fact import fmt_laptime


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(82.167, "1:22.167"), (75.096, "1:15.096"), (59.9994, "0:59.999"), (6126.304, "1:42:06.304"),
     (None, "n/a"), (math.nan, "n/a")],
)  # fmt: skip
def test_fmt_laptime(seconds, text):
    assert fmt_laptime(seconds) == text
