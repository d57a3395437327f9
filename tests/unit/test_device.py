"""Phone detection from the User-Agent (compact defaults on phones)."""

from __future__ import annotations

import pytest

from f1core.ui.device import is_phone_agent


@pytest.mark.parametrize(
    ("agent", "phone"),
    [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
         "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", True),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/126.0 Mobile Safari/537.36", True),
        ("Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/126.0 Safari/537.36", False),  # a tablet
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/126.0 Safari/537.36", False),
        ("", False),
        (None, False),
    ],
)  # fmt: skip
def test_phone_user_agents(agent, phone):
    assert is_phone_agent(agent) is phone
