"""A fitted XGBoost binary classifier as plain arrays, evaluated by a small compiled loop.

The race simulator asks the overtake model once per simulated lap for every close pair of
every simulated race at once (a few hundred to a few thousand rows). XGBoost's own call spends
most of that time on set-up and on its general tree walker; here each tree is a row of node
arrays walked by a numba loop. Splits compare in float32 as XGBoost does (``x < split`` goes
left, a missing value takes the node's default branch), leaves are summed tree by tree in
float32 from the base margin and the logistic is taken in float32 with libm's ``expf`` as
XGBoost takes it, so the probabilities are XGBoost's to the bit (``tests/unit/test_tree_arrays.py``). Without numba,
``probability`` falls back to the booster itself. The loops compile on first use in a process
(about 1 s with a cold numba cache, 0.3 s from the on-disk cache numba keeps beside the module).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np


@dataclass(frozen=True)
class TreeArrays:
    """``(trees, nodes)`` arrays of one booster; a leaf points to itself and holds its value."""

    feature: np.ndarray = field(repr=False)  # intp
    split: np.ndarray = field(repr=False)  # float32
    left: np.ndarray = field(repr=False)  # intp: taken when x < split
    right: np.ndarray = field(repr=False)
    missing: np.ndarray = field(repr=False)
    value: np.ndarray = field(repr=False)  # float32 leaf values (0 on split nodes)
    base_margin: np.float32
    booster: object = field(repr=False, compare=False)  # the fallback without numba
    #: ``(bins + 2, trees + 1)`` sums of the largest and of the smallest leaf that trees ``t``
    #: onwards can reach when ``bound_feature`` lies in bin ``b`` (between consecutive
    #: ``bound_splits``; the last row: any value, missing included).
    rest_max: np.ndarray = field(repr=False, default=None)
    rest_min: np.ndarray = field(repr=False, default=None)
    bound_feature: int = 0
    bound_splits: np.ndarray = field(repr=False, default=None)  # float32, sorted

    def margin(self, x: np.ndarray) -> np.ndarray:
        """Raw log-odds (float32) of rows ``x`` (``(rows, features)``)."""
        kernel = _kernel()
        x32 = np.ascontiguousarray(x, dtype=np.float32)
        if kernel is None:
            return self.booster.inplace_predict(x32, predict_type="margin").astype(np.float32)
        return kernel(x32, self.feature, self.split, self.left, self.right, self.missing,
                      self.value, self.base_margin)  # fmt: skip

    def margin_or_side(self, x: np.ndarray, cut: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each row's margin, or only on which side of its ``cut`` the margin ends.

        A row stops being walked once the trees left cannot bring its margin back across
        ``cut`` (by more than ``SIDE_SLACK``; rows whose cut is not finite or beyond
        ``SIDE_MAX_CUT`` are always walked to the end).

        Returns:
            ``(margin, side)``: ``side`` is -1 (below the cut), +1 (above) or 0 (walked to the
            end: ``margin`` is the exact one).
        """
        x32 = np.ascontiguousarray(x, dtype=np.float32)
        if _kernel() is None:
            return self.margin(x32), np.zeros(len(x32), dtype=np.int8)
        v = x32[:, self.bound_feature]
        splits = self.bound_splits
        row = np.where(np.isnan(v), len(splits) + 1, np.searchsorted(splits, v, side="right"))
        return _side_kernel()(x32, np.asarray(cut, dtype=np.float64), self.feature, self.split,
                              self.left, self.right, self.missing, self.value, self.base_margin,
                              self.rest_max, self.rest_min, row, SIDE_SLACK, SIDE_MAX_CUT)  # fmt: skip

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(class 1) of rows ``x``, float32 as ``XGBClassifier.predict_proba(x)[:, 1]``."""
        if _kernel() is None:
            return self.booster.inplace_predict(np.ascontiguousarray(x, dtype=np.float32))
        return self.logistic(self.margin(x))

    @property
    def compiled(self) -> bool:
        """Whether the numba walk is available (else every call goes to the booster)."""
        return _kernel() is not None

    @staticmethod
    def logistic(margin: np.ndarray) -> np.ndarray:
        """XGBoost's float32 logistic of margins (its ``expf``, so the same bits; needs numba)."""
        return _logistic_kernel()(np.ascontiguousarray(margin, dtype=np.float32))


def compile_booster(estimator) -> TreeArrays:
    """The trees of a fitted ``XGBClassifier`` (``binary:logistic``) as :class:`TreeArrays`."""
    booster = estimator.get_booster()
    names = booster.feature_names
    index = {n: i for i, n in enumerate(names)} if names else None
    trees = []
    for dump in booster.get_dump(dump_format="json"):
        flat, stack = {}, [json.loads(dump)]
        while stack:
            node = stack.pop()
            flat[node["nodeid"]] = node
            stack.extend(node.get("children", []))
        trees.append(flat)
    shape = (len(trees), max(max(t) for t in trees) + 1)
    feature, left, right, missing = (np.zeros(shape, dtype=np.intp) for _ in range(4))
    split, value = np.zeros(shape, dtype=np.float32), np.zeros(shape, dtype=np.float32)
    for t, flat in enumerate(trees):
        for i, node in flat.items():
            if "leaf" in node:
                left[t, i] = right[t, i] = missing[t, i] = i
                value[t, i] = node["leaf"]
                continue
            name = node["split"]
            feature[t, i] = index[name] if index else int(str(name).lstrip("f"))
            split[t, i] = node["split_condition"]
            left[t, i], right[t, i], missing[t, i] = node["yes"], node["no"], node["missing"]
    config = json.loads(booster.save_config())
    base = float(str(config["learner"]["learner_model_param"]["base_score"]).strip("[]"))
    margin = np.float32(np.log(base / (1 - base)))
    arrays = TreeArrays(feature, split, left, right, missing, value, margin, booster)
    return _with_bounds(arrays, [t[0].get("split") for t in trees if "split" in t[0]], index)


def _with_bounds(arrays: TreeArrays, roots: list, index: dict | None) -> TreeArrays:
    """``arrays`` with the leaf bounds of each tree given the bin of its most frequent root
    feature (a row's walk can then stop as soon as its own reachable leaves allow)."""
    names = [index[n] if index else int(str(n).lstrip("f")) for n in roots]
    f = max(set(names), key=names.count) if names else 0
    is_split = arrays.left != np.arange(arrays.left.shape[1])[None, :]
    splits = np.unique(arrays.split[is_split & (arrays.feature == f)]).astype(np.float32)
    probes = [np.float32(-np.inf), *splits, None]  # a value in each bin; None: missing or any
    trees = arrays.feature.shape[0]
    top, bottom = np.zeros((len(probes), trees)), np.zeros((len(probes), trees))
    for b, probe in enumerate(probes):
        for t in range(trees):
            leaves = _reachable(arrays, t, f, probe)
            top[b, t], bottom[b, t] = max(leaves), min(leaves)
    rest_max = np.hstack([np.cumsum(top[:, ::-1], axis=1)[:, ::-1], np.zeros((len(probes), 1))])
    rest_min = np.hstack([np.cumsum(bottom[:, ::-1], axis=1)[:, ::-1], np.zeros((len(probes), 1))])
    return replace(arrays, rest_max=rest_max, rest_min=rest_min, bound_feature=f,
                   bound_splits=splits)  # fmt: skip


def _reachable(arrays: TreeArrays, t: int, f: int, probe) -> list[float]:
    """Leaf values of tree ``t`` a row can reach with feature ``f`` at ``probe`` (None: any)."""
    out, stack = [], [0]
    while stack:
        i = stack.pop()
        if arrays.left[t, i] == i:
            out.append(float(arrays.value[t, i]))
        elif probe is not None and arrays.feature[t, i] == f:
            stack.append(arrays.left[t, i] if probe < arrays.split[t, i] else arrays.right[t, i])
        else:
            stack.extend(
                {int(arrays.left[t, i]), int(arrays.right[t, i]), int(arrays.missing[t, i])}
            )
    return out


#: A row's walk stops early only this far (log-odds) from its cut: far more than float32
#: rounding of sixty leaves, so the side is never wrong.
SIDE_SLACK = 0.01
#: Only cuts within this many log-odds of even: beyond, float32's logistic is too coarse
#: for a margin and a probability to be compared through the cut.
SIDE_MAX_CUT = 6.0


def _jit(fn):
    """``numba.njit`` with numba's on-disk cache, or without it where no cache dir is writable."""
    import numba

    try:
        return numba.njit(cache=True, nogil=True)(fn)
    except RuntimeError:  # numba finds no writable cache location (a read-only install)
        return numba.njit(nogil=True)(fn)


@cache  # one compiled function per process (immutable)
def _logistic_kernel():
    import math

    @_jit
    def logistic(margin):  # pragma: no cover - compiled
        out = np.empty(margin.shape[0], dtype=np.float32)
        one = np.float32(1.0)
        for i in range(margin.shape[0]):
            out[i] = one / (math.exp(-margin[i]) + one)  # float32 exp: libm's expf, as XGBoost
        return out

    return logistic


@cache  # one compiled function per process (immutable)
def _side_kernel():
    @_jit
    def sides(x, cut, feature, split, left, right, missing, value, base, rest_max, rest_min,
              bound_row, slack, max_cut):  # pragma: no cover - compiled  # fmt: skip
        rows, trees = x.shape[0], feature.shape[0]
        out = np.empty(rows, dtype=np.float32)
        side = np.zeros(rows, dtype=np.int8)
        for r in range(rows):
            acc = base
            c = cut[r]
            b = bound_row[r]
            early = abs(c) < max_cut
            for t in range(trees):
                node = 0
                while left[t, node] != node:
                    v = x[r, feature[t, node]]
                    if np.isnan(v):
                        node = missing[t, node]
                    elif v < split[t, node]:
                        node = left[t, node]
                    else:
                        node = right[t, node]
                acc += value[t, node]
                if early:
                    if acc + rest_max[b, t + 1] < c - slack:
                        side[r] = -1
                        break
                    if acc + rest_min[b, t + 1] > c + slack:
                        side[r] = 1
                        break
            out[r] = acc
        return out, side

    return sides


@cache  # one compiled function per process (immutable)
def _kernel():
    from importlib.util import find_spec

    if find_spec("numba") is None:  # pragma: no cover - numba comes with shap
        return None

    @_jit
    def margins(
        x, feature, split, left, right, missing, value, base
    ):  # pragma: no cover - compiled
        out = np.empty(x.shape[0], dtype=np.float32)
        for r in range(x.shape[0]):
            acc = base
            for t in range(feature.shape[0]):
                node = 0
                while left[t, node] != node:
                    v = x[r, feature[t, node]]
                    if np.isnan(v):
                        node = missing[t, node]
                    elif v < split[t, node]:
                        node = left[t, node]
                    else:
                        node = right[t, node]
                acc += value[t, node]
            out[r] = acc
        return out

    return margins
