"""The last word on an evidence verdict, learned from labelled pages (pure, no I/O but its load).

The rules of :mod:`claims_tracker.evidence` measure what a passage shares with a claim: words,
figures, names, negations, conflicting figures. Which verdict a given mix of those measures
means on real pages is a question of weights, and the hand-set thresholds answer it no better
than ~0.42 on whole web pages from authors who never saw the code. So a gradient-boosted tree
ensemble, fitted on the labelled sets by ``benchmarks/train_verdict_model.py`` (scikit-learn,
only there), reads the rules' verdict and measures and gives the final one. Its trees ship in
``verdict_model.json`` and are evaluated here in plain Python.

The model gives a verdict only when it is at least that verdict's floor sure of it (floors
chosen on sets it was not fitted on), and only one the rules allow it (see
evidence.learnable_verdicts); otherwise, and without the file, the rules' verdict stands.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final

__all__ = ["FEATURES", "LABELS", "VerdictModel", "choose", "load_model"]

LABELS: Final = ("supports", "partial", "conflicting", "not_found")
# The inputs, in order (see evidence.verdict_inputs): the rules' verdict, the measures of the
# passage it rests on, and a summary of the other candidates.
FEATURES: Final = (
    "rule_supports",
    "rule_partial",
    "rule_conflicting",
    "rule_not_found",
    "coverage",
    "subject_coverage",
    "predicate_coverage",
    "clause_coverage",
    "fuzz",
    "salient_total",
    "hits",
    "conflicts",
    "has_number_hit",
    "name_hits",
    "foreign",
    "soft_missing",
    "name_conflicts_only",
    "substituted",
    "opposed",
    "renamed",
    "other_party",
    "negated",
    "unmatched_negation",
    "dissent",
    "turned_figures",
    "cjk",
    "cjk_lead",
    "cross_language",
    "opening_hit",
    "figure_hits",
    "missing",
    "score",
    "all_salient",
    "claim_words",
    "candidates_supports",
    "candidates_partial",
    "candidates_conflicting",
    "candidates_not_found",
    "best_coverage",
    "best_subject_coverage",
    "fewest_missing",
    "most_conflicts",
)
MODEL_FILE: Final = "verdict_model.json"


@dataclass(frozen=True, slots=True)
class _Tree:
    """One regression tree as scikit-learn stores it: node i tests ``x[feature[i]] <=
    threshold[i]`` and goes to ``left[i]`` or ``right[i]``; a leaf has left == -1."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def output(self, x: Sequence[float]) -> float:
        node = 0
        left, right, feature, threshold = self.left, self.right, self.feature, self.threshold
        while left[node] != -1:
            node = left[node] if x[feature[node]] <= threshold[node] else right[node]
        return self.value[node]


@dataclass(frozen=True, slots=True)
class VerdictModel:
    """Gradient-boosted trees for the four verdicts (multinomial deviance, as scikit-learn's
    GradientBoostingClassifier fits them)."""

    features: tuple[str, ...]
    labels: tuple[str, ...]
    initial: tuple[float, ...]  # the raw score every sum starts from, per label
    learning_rate: float
    rounds: tuple[tuple[_Tree, ...], ...]  # per boosting round, a tree per label
    floors: dict[str, float]  # the least probability for a verdict to be said
    trained_on: tuple[str, ...]

    def probabilities(self, x: Sequence[float]) -> dict[str, float]:
        if len(x) != len(self.features):
            raise ValueError(f"expected {len(self.features)} inputs, got {len(x)}")
        raw = list(self.initial)
        rate = self.learning_rate
        for trees in self.rounds:
            for label, tree in enumerate(trees):
                raw[label] += rate * tree.output(x)
        top = max(raw)
        exps = [math.exp(r - top) for r in raw]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}

    def verdict(self, x: Sequence[float], allowed: Collection[str]) -> tuple[str, float] | None:
        """The likeliest of the ``allowed`` verdicts that reaches its floor, and its
        probability; None when none does."""
        return choose(self.probabilities(x), allowed, self.floors)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> VerdictModel:
        if tuple(data["features"]) != FEATURES or tuple(data["labels"]) != LABELS:
            raise ValueError("the verdict model was trained on other inputs; retrain it")
        rounds = tuple(
            tuple(
                _Tree(
                    feature=tuple(tree["feature"]),
                    threshold=tuple(tree["threshold"]),
                    left=tuple(tree["left"]),
                    right=tuple(tree["right"]),
                    value=tuple(tree["value"]),
                )
                for tree in trees
            )
            for trees in data["rounds"]
        )
        return cls(
            features=FEATURES,
            labels=LABELS,
            initial=tuple(data["initial"]),
            learning_rate=float(data["learning_rate"]),
            rounds=rounds,
            floors={label: float(floor) for label, floor in data["floors"].items()},
            trained_on=tuple(data["trained_on"]),
        )


def choose(
    probabilities: Mapping[str, float], allowed: Collection[str], floors: Mapping[str, float]
) -> tuple[str, float] | None:
    """The likeliest of the ``allowed`` verdicts whose probability reaches its floor, with that
    probability; None when none does (the rules' verdict stands)."""
    ranked = sorted(probabilities.items(), key=lambda item: -item[1])
    reached = (label for label, p in ranked if label in allowed and p >= floors[label])
    label = next(reached, None)
    return None if label is None else (label, probabilities[label])


@functools.cache
def load_model() -> VerdictModel | None:
    """The shipped model, or None when the package holds none."""
    source = resources.files("claims_tracker").joinpath(MODEL_FILE)
    if not source.is_file():
        return None
    return VerdictModel.from_json(json.loads(source.read_text(encoding="utf-8")))
