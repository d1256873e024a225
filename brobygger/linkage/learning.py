"""The review queue teaches the model: m estimated from the reviewers' decisions.

Each decision "same person" or "different people" in a municipality's review queue adds one
to a count per comparison: the level the pair was at (``ReviewLabelCount``, counts only). At
the municipality's next import, after the usual training, each m is estimated from the pairs
labelled "same" as Splink's ``estimate_m_from_pairwise_labels`` does it: the share of the
labelled matches at that level among those where the comparison is not missing. That estimate
is blended with the trained m by ``weight`` pseudo-labels:

    m = (labels at the level + weight × trained m) / (labels of the comparison + weight)

because the queue only shows pairs near the threshold: on its own it would say that an exact
name is rare among matches. The safeguard: nothing changes before the municipality has
``min_labels`` decisions with at least ``min_each`` of each kind; the import's model page then
says so, and otherwise shows each m before and after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import COMPARISONS

# The title of each comparison (Splink's object keeps a generated one).
TITLES = {c["output_column_name"]: c["comparison_description"] for c in COMPARISONS}

# (comparison output column, level label) → (decided "same", decided "different")
Counts = Mapping[tuple[str, str], tuple[int, int]]


@dataclass(frozen=True)
class Labels:
    counts: Counts
    min_labels: int
    min_each: int
    weight: float

    def decisions(self, kind: int) -> int:
        """How many pairs were decided "same" (``kind`` 0) or "different" (1): every decision
        counts once under each comparison, so the largest comparison total is the count."""
        totals: dict[str, int] = {}
        for (comparison, _level), counted in self.counts.items():
            totals[comparison] = totals.get(comparison, 0) + counted[kind]
        return max(totals.values(), default=0)

    @property
    def same(self) -> int:
        return self.decisions(0)

    @property
    def different(self) -> int:
        return self.decisions(1)

    @property
    def enough(self) -> bool:
        return (
            self.same + self.different >= self.min_labels
            and self.same >= self.min_each
            and self.different >= self.min_each
        )


@dataclass
class Change:
    comparison: str
    title: str
    level: str
    labels: int
    before: float
    after: float


@dataclass
class LabelLearning:
    same: int
    different: int
    min_labels: int
    min_each: int
    applied: bool
    changes: list[Change] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "same": self.same,
            "different": self.different,
            "min_labels": self.min_labels,
            "min_each": self.min_each,
            "applied": self.applied,
            "changes": [vars(change) for change in self.changes],
        }


def estimate(labels: Labels, comparison: str, levels: list[str]) -> dict[str, tuple[int, int]]:
    """Splink's m from pairwise labels for one comparison: level → (labelled matches at it,
    labelled matches where the comparison is not missing)."""
    at = {level: labels.counts.get((comparison, level), (0, 0))[0] for level in levels}
    total = sum(at.values())
    return {level: (count, total) for level, count in at.items()}


def blended(count: int, total: int, trained: float, weight: float) -> float:
    return (count + weight * trained) / (total + weight)


def apply(settings: Any, labels: Labels) -> LabelLearning:
    """Set the m of each level of Splink's settings object (``linker._settings_obj``, after
    training) from the labels, if the safeguard lets them; the record of what changed."""
    learning = LabelLearning(
        same=labels.same,
        different=labels.different,
        min_labels=labels.min_labels,
        min_each=labels.min_each,
        applied=labels.enough,
    )
    if not learning.applied:
        return learning
    for comparison in settings.comparisons:
        name = comparison.output_column_name
        levels = list(comparison._comparison_levels_excluding_null)
        found = estimate(labels, name, [level.label_for_charts for level in levels])
        for level in levels:
            count, total = found[level.label_for_charts]
            trained = level.m_probability
            if level._fix_m_probability or not total or not isinstance(trained, float | int):
                continue
            if not count and not labels.weight:
                continue  # not observed among the labels: as Splink, leave it as trained
            after = blended(count, total, float(trained), labels.weight)
            level.m_probability = after
            learning.changes.append(
                Change(
                    comparison=name,
                    title=TITLES.get(name, name),
                    level=level.label_for_charts,
                    labels=count,
                    before=float(trained),
                    after=after,
                )
            )
    return learning
