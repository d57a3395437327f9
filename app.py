"""Pit Wall's entry point: the navigation around every page, with Home first.

``streamlit run app.py`` starts here. The pages live in ``pages/`` (one script each, listed
in file-name order); this file only names them, so the sidebar reads "Home", not "app".
"""

from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent
PAGES = sorted(p.relative_to(HERE).as_posix() for p in (HERE / "pages").glob("[1-9]*.py"))

st.navigation(
    [st.Page("pages/00_Home.py", title="Home", icon="🏁", default=True)]
    + [st.Page(page) for page in PAGES]
).run()
