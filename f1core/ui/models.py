"""Trained models as process-wide cached resources (never mutate what is returned)."""

from __future__ import annotations

import streamlit as st

from f1core.models import registry
from f1core.models.explain import tree_explainer


@st.cache_resource(show_spinner="Loading the model…", max_entries=6)
def cached_model(name: str, version: int, folder: str):
    """``(model, explainer)`` of a trained model, keyed by version: a retrain loads the new file."""
    model = registry.load_model(name, folder)
    return model, tree_explainer(model)


def current_model(name: str):
    """``(model, explainer, card)`` of the model in the models folder now.

    Raises:
        ModelNotTrained: no artifact yet.
    """
    folder = str(registry.models_dir())
    card = registry.read_card(name, folder)
    model, explainer = cached_model(name, int(card["version"]), folder)
    return model, explainer, card
