"""Shared links: say so, in one wording, when a value in the URL cannot be used.

A link may be hand-edited or outlived by the data (a driver who is not in the session, a view that
was renamed). The page then shows its default, and the user is told which value was ignored and
what is shown instead, never silently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st


def bad_link_note(what: str, asked: str | Sequence[str], *, why: str, shown: str) -> str:
    """The sentence for a link value that cannot be used.

    Args:
        what: what the value names (``"driver"``, ``"view"``, ``"season"``).
        asked: the value(s) as written in the link.
        why: why it cannot be used, as a relative clause (``"who is not in this session"``).
        shown: what the page shows instead.

    Returns:
        ``"The link asks for driver 'XXX', who is not in this session; showing NOR, VER."``
    """
    values = [asked] if isinstance(asked, str) else list(asked)
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"The link asks for {what} {quoted}, {why}; showing {shown}."


def warn_bad_link(what: str, asked: str | Sequence[str], *, why: str, shown: str) -> None:
    """Show :func:`bad_link_note` as a warning, as the other link messages are shown."""
    st.warning(bad_link_note(what, asked, why=why, shown=shown))


def link_choice(
    param: str,
    options: Sequence,
    *,
    what: str,
    default,
    why: str | None = None,
    label: Callable[[object], str] = str,
    key: str | None = None,
):
    """The option the URL parameter ``param`` names, or ``default`` with a warning.

    Options are compared as text, as they appear in a URL. A missing or empty parameter is not
    an error: it gives ``default`` quietly. Call it before drawing the widget, also for widgets
    bound to the URL (Streamlit drops a bound value it cannot use without a word).

    Args:
        param: the URL parameter.
        options: the values the page can show.
        what: what the value names, for the message.
        default: what is shown when the parameter cannot be used.
        why: why an unknown value cannot be used (default: the options are listed).
        label: how an option is written in the message.
        key: the widget the value seeds. Once it is drawn it holds the choice and the parameter
            only echoes it, so a value that no longer fits (another session picked) is the
            user's doing, not the link's, and is not reported.
    """
    asked = st.query_params.get(param)
    if not asked:
        return default
    by_text = {str(o): o for o in options}
    if asked in by_text:
        return by_text[asked]
    if key is not None and key in st.session_state:
        return default
    if why is None:
        why = "which is not one of " + ", ".join(label(o) for o in options)
    warn_bad_link(what, asked, why=why, shown=label(default))
    return default
