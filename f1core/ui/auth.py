"""Sign-in with Streamlit's own OpenID Connect (``st.login``/``st.user``), when configured.

Sign-in is on when ``.streamlit/secrets.toml`` has an ``[auth]`` section (see the README);
otherwise the app is a local workbench with one user (:data:`f1core.users.LOCAL_USER`).
Nothing here reads or shows a secret's value: only whether the section exists and the
names of its providers.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from streamlit.errors import StreamlitAuthError

from f1core.users import display_name, owner_id


def sign_in_configured() -> bool:
    """Whether ``secrets.toml`` configures sign-in (an ``[auth]`` section)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets.toml: the local workbench
        return False


def _providers() -> list[str | None]:
    """Named providers (``[auth.google]`` ...), or ``[None]`` for a single unnamed one."""
    section = st.secrets.get("auth", {})
    named = [k for k, v in section.items() if isinstance(v, Mapping)]
    return named or [None]


def _user() -> dict:
    try:
        return dict(st.user.to_dict())
    except (AttributeError, KeyError):
        return {}


def current_owner() -> str | None:
    """Whose data this browser session sees: the signed-in user, the local user, or None.

    None means sign-in is configured and nobody is signed in.
    """
    return owner_id(_user(), sign_in_configured=sign_in_configured())


def account_box() -> None:
    """The sidebar's sign-in or sign-out control (nothing when sign-in is not configured)."""
    if not sign_in_configured():
        return
    box = st.sidebar.container(key="account")
    user = _user()
    if user.get("is_logged_in"):
        box.caption(f"Signed in as {display_name(user)}")
        if box.button("Sign out", key="sign_out"):
            st.logout()
        return
    box.caption("Sign in to keep your own dashboards.")
    for provider in _providers():
        label = f"Sign in with {provider.title()}" if provider else "Sign in"
        if box.button(label, key=f"sign_in_{provider or 'default'}", icon="🔑"):
            try:
                st.login(provider) if provider else st.login()
            except StreamlitAuthError:
                box.error(
                    "Sign-in is configured but cannot start here (is Authlib installed, and "
                    "is the [auth] section complete?). Ask whoever runs this app."
                )
