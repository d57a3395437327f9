"""A tyre strategy (compounds and stop laps), its compact text form, and the starting set."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from f1core.errors import InvalidStrategy
from f1core.strategy.laps import UNKNOWN_COMPOUND

SHORT = {
    "S": "SOFT",
    "M": "MEDIUM",
    "H": "HARD",
    "I": "INTERMEDIATE",
    "W": "WET",
    "U": UNKNOWN_COMPOUND,
}


@dataclass(frozen=True)
class Strategy:
    """A tyre strategy: one compound per stint and the in-lap of each stop.

    ``stint_ages`` is the tyre age on the first lap of each stint (1 = new set).
    """

    compounds: tuple[str, ...]
    stop_laps: tuple[int, ...] = ()
    stint_ages: tuple[int, ...] | None = None

    @property
    def ages(self) -> tuple[int, ...]:
        return self.stint_ages or (1,) * len(self.compounds)

    def describe(self) -> str:
        """``MEDIUM → HARD @15`` style text."""
        parts = [self.compounds[0]]
        for lap, comp in zip(self.stop_laps, self.compounds[1:], strict=False):
            parts.append(f"@{lap} → {comp}")
        return " ".join(parts)

    def code(self) -> str:
        """Compact URL form: ``M-15-H-38-H``."""
        out = [self.compounds[0][0]]
        for lap, comp in zip(self.stop_laps, self.compounds[1:], strict=False):
            out += [str(lap), comp[0]]
        return "-".join(out)

    @classmethod
    def parse(cls, text: str) -> Strategy:
        """Parse ``M-15-H-38-H`` (letters S/M/H/I/W or full names, stop laps between).

        Raises:
            InvalidStrategy: the text is not a compound/lap sequence.
        """
        tokens = [t for t in re.split(r"[\s,\-→>@]+", text.strip().upper()) if t]
        if not tokens or len(tokens) % 2 == 0:
            raise InvalidStrategy(
                f"'{text}' is not a strategy: write it like M-15-H (compound, stop lap, compound)."
            )
        comps, laps = tokens[0::2], tokens[1::2]
        try:
            comps = [SHORT.get(c, c) for c in comps]
            stops = [int(x) for x in laps]
        except ValueError as exc:
            raise InvalidStrategy(
                f"'{text}': stop laps must be whole numbers, e.g. M-15-H."
            ) from exc
        unknown = [c for c in comps if c not in SHORT.values()]
        if unknown:
            raise InvalidStrategy(
                f"'{unknown[0]}' is not a tyre compound: use S, M, H, I or W (or the full name)."
            )
        return cls(tuple(comps), tuple(stops))


def keep_start_set(plan: Strategy, actual: Strategy, *, from_lap: int = 0) -> Strategy:
    """``plan`` starting on the same (possibly used) set as ``actual`` when the compound matches.

    The starting set is fixed before the race, so an edited strategy keeps its age; later sets
    are new. With the race known up to ``from_lap``, every stint ``plan`` shares with ``actual``
    up to then (same stops, same compounds) keeps its real age too. A plan with the raced stops
    and compounds is the raced plan, with its sets' real ages (an unedited what-if gains 0 s).
    """
    if plan.stint_ages is not None or plan.compounds[0] != actual.compounds[0]:
        return plan
    if (plan.compounds, plan.stop_laps) == (actual.compounds, actual.stop_laps):
        return actual
    known = 1
    for j, lap in enumerate(plan.stop_laps):
        if lap > from_lap or j >= len(actual.stop_laps) or actual.stop_laps[j] != lap:
            break
        if j + 1 >= len(actual.compounds) or plan.compounds[j + 1] != actual.compounds[j + 1]:
            break
        known += 1
    return replace(plan, stint_ages=(*actual.ages[:known], *(1,) * (len(plan.compounds) - known)))


def within_age_limits(limits: dict[str, int], seq, length: np.ndarray, *, first_age: int = 1,
                      first_limit: float | None = None) -> np.ndarray:  # fmt: skip
    """``(m,)`` True where no stint ends past its compound's age limit.

    Args:
        limits: compound -> oldest tyre age allowed (compounds not in it have no limit).
        seq: the compound of each stint.
        length: ``(m, stints)`` laps per stint; new sets start at age 1.
        first_age: tyre age on the first lap of the first stint (a used set).
        first_limit: the first stint's limit instead of its compound's (see ``rest_of_race``).
    """
    ok = np.ones(len(length), dtype=bool)
    for k, compound in enumerate(seq):
        limit = first_limit if (k == 0 and first_limit is not None) else limits.get(compound)
        if limit is not None:
            ok &= (first_age if k == 0 else 1) + length[:, k] - 1 <= limit
    return ok
