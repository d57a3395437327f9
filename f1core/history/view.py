"""URL view state of the history pages: read ``st.query_params`` values safely (no Streamlit here).

A link may be hand-edited: an unknown or malformed value falls back to the default
instead of failing the page. Parameter names: ``season``, ``after`` (round), ``driver``,
``vs`` (second driver), ``team``, ``circuit``, ``tab``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def int_param(params: Mapping[str, str], name: str) -> int | None:
    """The integer value of ``name``, or None if missing or not an integer."""
    raw = params.get(name)
    try:
        return int(str(raw)) if raw is not None else None
    except ValueError:
        return None


def choice_index(options: Sequence, wanted, *, default: int = 0) -> int:
    """Index of ``wanted`` in ``options`` (compared as text), else ``default`` clipped to range."""
    if not options:
        return 0
    texts = [str(o) for o in options]
    if wanted is not None and str(wanted) in texts:
        return texts.index(str(wanted))
    return max(0, min(default, len(options) - 1))


def clamp_round(value: int | None, *, last: int, default: int) -> int:
    """A round number within 1..``last`` (``default`` when missing or out of range)."""
    if value is None or not 1 <= value <= last:
        return max(1, min(default, last)) if last else 0
    return value
