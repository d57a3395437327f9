"""The What-if plan box: which plan it holds when the race, the driver or the view changes."""

from __future__ import annotations

import pytest

from f1core.ui.plan_box import seed_plan

NOR, PIA = "2025/1/R NOR", "2025/1/R PIA"


@pytest.mark.parametrize(
    ("box", "edit", "url", "expected"),
    [
        (None, None, None, "M-20-H"),  # first drawn, plain link: the raced plan
        (None, None, "M-25-H", "M-25-H"),  # first drawn from a shared link: its edit
        ("M-25-H", {"for": PIA, "plan": "M-25-H"}, None, None),  # the user's edit stays
        ("I-34-H-44-I", {"for": NOR, "plan": None}, None, "M-20-H"),  # another driver
        ("M-25-H", {"for": "2025/4/R PIA", "plan": "M-25-H"}, None, "M-20-H"),  # another race
        ("M-25-H", {"for": PIA, "plan": "M-25-H"}, "S-9-H", None),  # the URL is read once
        (None, {"for": PIA, "plan": "M-30-H"}, None, "M-30-H"),  # back from another view
        (None, {"for": PIA, "plan": None}, "M-25-H", "M-20-H"),  # unedited: the raced plan
    ],
)
def test_seed_plan(box, edit, url, expected):
    assert seed_plan(owner=PIA, raced="M-20-H", box=box, edit=edit, url=url) == expected
