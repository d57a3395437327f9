"""Who is using the app: the signed-in user's id, or the one local user when sign-in is off.

Pure functions over the user information Streamlit gives (``st.user`` as a dict); the
Streamlit side lives in :mod:`f1core.ui.auth`.
"""

from __future__ import annotations

from collections.abc import Mapping

#: The owner of everything when sign-in is not configured (the local workbench).
LOCAL_USER = "local"


def owner_id(user: Mapping, *, sign_in_configured: bool) -> str | None:
    """The id that owns this user's data, or None when sign-in is on and nobody is signed in.

    The id is the identity provider's issuer and subject (``iss`` + ``sub``, stable and
    unique per provider); the e-mail address is the fallback when a provider sends no subject.
    """
    if not sign_in_configured:
        return LOCAL_USER
    if not user.get("is_logged_in"):
        return None
    subject = user.get("sub") or user.get("email")
    if not subject:
        return None
    issuer = user.get("iss") or ""
    return f"{issuer}|{subject}" if issuer else str(subject)


def display_name(user: Mapping) -> str:
    """A name to greet the signed-in user with (name, then e-mail)."""
    return str(user.get("name") or user.get("email") or "signed-in user")
