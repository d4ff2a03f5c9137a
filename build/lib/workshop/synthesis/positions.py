"""Readable rules that turn positioning counts into convergence, divergence or minority.

The MAG does not look for consensus: it names where the group converges, where it
splits, and where one or two people stand apart from a broad agreement. These rules
are deliberately simple so a facilitator can read them and change the thresholds
(per method, or per session) without reading code.
"""

from dataclasses import dataclass

CONVERGENCE = "convergence"
DIVERGENCE = "divergence"
MINORITY = "minority"
INSUFFICIENT = "insufficient"

CLASSES = (CONVERGENCE, DIVERGENCE, MINORITY, INSUFFICIENT)


@dataclass(frozen=True)
class PositionRules:
    """Thresholds; abstentions never count towards a share.

    - fewer than ``min_voters`` people took a side: *insufficient*;
    - the larger side holds at least ``convergence_share`` of those who took a side:
      *convergence* when nobody (or more than ``minority_max`` people) dissent,
      *minority* when 1 to ``minority_max`` people dissent;
    - otherwise: *divergence*.
    """

    convergence_share: float = 0.75
    minority_max: int = 2
    min_voters: int = 3

    @classmethod
    def from_mapping(cls, values: dict | None) -> "PositionRules":
        """Build rules from method or session settings, ignoring unknown keys."""
        values = values or {}
        return cls(
            convergence_share=float(values.get("convergence_share", cls.convergence_share)),
            minority_max=int(values.get("minority_max", cls.minority_max)),
            min_voters=int(values.get("min_voters", cls.min_voters)),
        )


@dataclass(frozen=True)
class Positioning:
    """Counts for one item and what the rules make of them."""

    agree: int
    disagree: int
    abstain: int
    kind: str
    direction: str  # "agree" or "disagree": the side of the broad agreement, if any

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.abstain


def classify(agree: int, disagree: int, abstain: int, rules: PositionRules = PositionRules()) -> Positioning:
    """Classify one item's counts under ``rules``."""
    if min(agree, disagree, abstain) < 0:
        raise ValueError("counts cannot be negative")
    sided = agree + disagree
    direction = "agree" if agree >= disagree else "disagree"
    if sided < rules.min_voters:
        kind = INSUFFICIENT
    else:
        majority, dissent = max(agree, disagree), min(agree, disagree)
        if majority / sided >= rules.convergence_share:
            kind = MINORITY if 0 < dissent <= rules.minority_max else CONVERGENCE
        else:
            kind = DIVERGENCE
    return Positioning(agree, disagree, abstain, kind, direction)
