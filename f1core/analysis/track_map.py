"""Track map geometry: rotation as FastF1 draws it, and corner label positions.

FastF1 rotates the map by the circuit's ``rotation`` from its circuit info. The store
keeps it as ``corners.track_rotation_deg`` when the source had it; when it is missing
(the offline kit has none) the map is rotated so the circuit's longest axis lies
horizontal, found by principal-component analysis of the lap's points, and
:func:`track_rotation` says which was used.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

CORNER_LABEL_OFFSET = 500.0  # FastF1 coordinate units (1/10 m), as in FastF1's example


def rotate(xy: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate ``(n, 2)`` points counter-clockwise by ``degrees`` about the origin."""
    rad = math.radians(degrees)
    matrix = np.array([[math.cos(rad), math.sin(rad)], [-math.sin(rad), math.cos(rad)]])
    return np.asarray(xy, dtype=float) @ matrix


def principal_axis_rotation(x, y) -> float:
    """Degrees that turn the longest axis of the point cloud horizontal."""
    pts = np.column_stack([np.asarray(x, float), np.asarray(y, float)])
    pts = pts[np.isfinite(pts).all(axis=1)]
    centred = pts - pts.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    angle = math.degrees(math.atan2(vt[0, 1], vt[0, 0]))
    return -angle


def track_rotation(corners: pd.DataFrame, outline: pd.DataFrame) -> tuple[float, str]:
    """The rotation to draw with and where it came from (``circuit info`` or ``fitted``)."""
    if not corners.empty and corners["track_rotation_deg"].notna().any():
        return float(corners["track_rotation_deg"].dropna().iloc[0]), "circuit info"
    if outline.empty:
        return 0.0, "none"
    return round(principal_axis_rotation(outline["x"], outline["y"]), 1), "fitted"


def rotated_outline(outline: pd.DataFrame, degrees: float) -> pd.DataFrame:
    """``outline`` with its ``x, y`` rotated (other columns kept)."""
    out = outline.copy()
    xy = rotate(outline[["x", "y"]].to_numpy(), degrees)
    out["x"], out["y"] = xy[:, 0], xy[:, 1]
    return out


def corner_labels(corners: pd.DataFrame, degrees: float) -> pd.DataFrame:
    """Corner marker and label positions, rotated, labels pushed out along the corner angle.

    Returns:
        Columns ``label, x, y, text_x, text_y, distance_m``.
    """
    if corners.empty:
        return pd.DataFrame(columns=["label", "x", "y", "text_x", "text_y", "distance_m"])
    angle = np.radians(corners["angle"].to_numpy(dtype=float))
    offset = np.column_stack([np.cos(angle), np.sin(angle)]) * CORNER_LABEL_OFFSET
    base = corners[["x", "y"]].to_numpy(dtype=float)
    at, text = rotate(base, degrees), rotate(base + offset, degrees)
    letters = corners["letter"].fillna("").astype(str)
    return pd.DataFrame({
        "label": corners["corner_number"].astype(int).astype(str) + letters,
        "x": at[:, 0], "y": at[:, 1], "text_x": text[:, 0], "text_y": text[:, 1],
        "distance_m": corners["distance_m"].to_numpy(),
    })  # fmt: skip
