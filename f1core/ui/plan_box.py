"""The What-if plan box: the driver's raced plan, unless the user edited it for this race and driver.

The box has one widget key for every race and driver, so Streamlit alone carries an edit (or the
last driver's raced plan) over to the next race or driver. The last edit is therefore kept with its
owner (race and driver) and the box goes back to the raced plan when the owner changes. The URL's
``strat_plan`` is written here, while the box is shown, rather than bound to the widget: a bound
parameter is read again whenever the box is drawn anew and would bring a stale plan back.
"""

from __future__ import annotations

import streamlit as st

from f1core.errors import InvalidStrategy
from f1core.strategy.plan import Strategy
from f1core.ui.links import warn_bad_link

KEY = "strat_plan"  # the widget key and the URL parameter
EDIT_KEY = "strat_plan_edit"  # {"for": owner, "plan": edit or None}, kept while the box is hidden


def seed_plan(*, owner: str, raced: str, box: str | None, edit: dict | None,
              url: str | None) -> str | None:  # fmt: skip
    """What the plan box must hold before it is drawn.

    Args:
        owner: the race and driver shown now (``"2025/1/R NOR"``).
        raced: the driver's raced plan (the box's default).
        box: what the box holds (None when it was not drawn on the last run).
        edit: the box's last owner and edit (``plan`` None: unedited; None: never drawn yet).
        url: the ``strat_plan`` URL parameter, read only when the box is first drawn.

    Returns:
        The value to put in the box, or None to leave the box as the user left it.
    """
    if edit is None:
        return None if box else (url or raced)  # a shared link opens on its race and driver
    if edit["for"] != owner:
        return raced  # another race or driver: the plan typed for the last one does not apply
    return None if box else (edit["plan"] or raced)  # back from another view: the edit is kept


def plan_box(owner: str, raced: str) -> str:
    """Draw the plan box for ``owner`` (race and driver) and mirror an edit into the URL.

    Returns:
        The plan to simulate: the edit, or ``raced`` when the box is empty.
    """
    state, url = st.session_state, st.query_params.get(KEY)
    seed = seed_plan(owner=owner, raced=raced, box=state.get(KEY), edit=state.get(EDIT_KEY),
                     url=url)  # fmt: skip
    if seed is not None and seed == url and not _is_plan(url):
        warn_bad_link("plan", url, shown=f"the raced plan {raced}",
                      why="which is not a strategy (compound, stop lap, compound …: e.g. M-15-H)")  # fmt: skip
        seed = raced
    if seed is not None:
        state[KEY] = seed
    text = st.text_input("Strategy (compound, stop lap, compound …; S/M/H/I/W)", key=KEY,
                         help="e.g. M-15-H or S-12-H-35-M")  # fmt: skip
    plan = (text or "").strip() or raced
    state[EDIT_KEY] = {"for": owner, "plan": plan if plan != raced else None}
    if plan != raced:
        st.query_params[KEY] = plan
    else:
        st.query_params.pop(KEY, None)  # the raced plan is the default: a clean link
    return plan


def _is_plan(text: str) -> bool:
    try:
        Strategy.parse(text)
    except InvalidStrategy:
        return False
    return True


def hide_plan_box() -> None:
    """Take the edit out of the URL while another view is shown (the session still keeps it)."""
    st.query_params.pop(KEY, None)
