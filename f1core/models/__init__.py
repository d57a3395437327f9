"""Prediction models (lap time, finishing position, overtaking) with SHAP explanations.

Import the submodules directly; this package keeps its import cheap (no xgboost, no shap).
"""
