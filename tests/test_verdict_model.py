"""The learned verdict model: its tree arithmetic, its floors, and where it may overrule."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest

from claims_tracker import verdict_model
from claims_tracker.evidence import (
    THRESHOLD_REASONS,
    Features,
    candidate_features,
    choose_verdict,
    learnable_verdicts,
    verdict_inputs,
)
from claims_tracker.verdict_model import FEATURES, LABELS, VerdictModel


def stump(feature: int, threshold: float, low: float, high: float) -> dict[str, Any]:
    """A tree of one test: x[feature] <= threshold gives `low`, else `high`."""
    return {
        "feature": [feature, -2, -2],
        "threshold": [threshold, -2.0, -2.0],
        "left": [1, -1, -1],
        "right": [2, -1, -1],
        "value": [0.0, low, high],
    }


def model(floors: dict[str, float]) -> VerdictModel:
    # One round: only the supports tree reads an input (coverage, index 4).
    flat = stump(0, 0.5, 0.0, 0.0)
    return VerdictModel.from_json(
        {
            "features": list(FEATURES),
            "labels": list(LABELS),
            "initial": [0.0, 0.0, 0.0, 0.0],
            "learning_rate": 1.0,
            "floors": floors,
            "trained_on": ["a set"],
            "rounds": [[stump(4, 0.5, -1.0, 3.0), flat, flat, flat]],
        }
    )


def inputs(coverage: float) -> list[float]:
    x = [0.0] * len(FEATURES)
    x[FEATURES.index("coverage")] = coverage
    return x


FLOORS = {"supports": 0.8, "conflicting": 0.6, "partial": 0.55, "not_found": 0.55}


def test_probabilities_are_the_softmax_of_the_summed_trees() -> None:
    high = model(FLOORS).probabilities(inputs(0.9))
    total = math.exp(3.0) + 3
    assert high["supports"] == pytest.approx(math.exp(3.0) / total)
    assert high["partial"] == pytest.approx(1 / total)
    low = model(FLOORS).probabilities(inputs(0.1))
    assert low["supports"] == pytest.approx(math.exp(-1.0) / (math.exp(-1.0) + 3))
    assert sum(low.values()) == pytest.approx(1.0)


def test_a_verdict_must_reach_its_floor_and_be_allowed() -> None:
    sure = model(FLOORS)
    assert sure.verdict(inputs(0.9), LABELS) == ("supports", pytest.approx(0.870, abs=1e-3))
    # Not allowed: the next likeliest does not reach its floor either.
    assert sure.verdict(inputs(0.9), {"partial", "not_found"}) is None
    assert model({**FLOORS, "supports": 0.9}).verdict(inputs(0.9), LABELS) is None
    # Four verdicts near a quarter each: none is sure enough.
    assert sure.verdict(inputs(0.1), LABELS) is None


def test_a_model_for_other_inputs_is_refused() -> None:
    with pytest.raises(ValueError, match="retrain"):
        VerdictModel.from_json({"features": ["coverage"], "labels": list(LABELS)})


def test_the_shipped_model_loads_and_reads_the_pipelines_inputs() -> None:
    shipped = verdict_model.load_model()
    assert shipped is not None
    assert shipped.trained_on
    assert shipped.rounds
    assert all(floor > 0.5 for floor in shipped.floors.values())
    page = "Acme Corp. said on Monday its revenue rose 12% to $4.1 billion in 2024."
    candidates = candidate_features("Acme's revenue rose 12% in 2024.", page)
    verdict, _, best = choose_verdict(candidates)
    x = verdict_inputs(candidates, verdict, best)
    assert len(x) == len(FEATURES)
    assert x[LABELS.index(str(verdict))] == 1.0
    assert sum(shipped.probabilities(x).values()) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="inputs"):
        shipped.probabilities(x[:-1])


BASE = Features(
    coverage=0.3,
    subject_coverage=0.3,
    predicate_coverage=0.3,
    clause_coverage=1.0,
    fuzz=0.4,
    salient_total=2,
    hits=2,
    conflicts=0,
    has_number_hit=True,
    name_hits=1,
    foreign=False,
)
SOME_CONTENT = next(r for r in THRESHOLD_REASONS if r.startswith("part of"))


@pytest.mark.parametrize(
    ("reason", "changes", "allowed"),
    [
        # every figure and name found, only words short: it may become supports
        (SOME_CONTENT, {}, {"supports", "partial", "not_found"}),
        # a name missing: never supports (the page may be about someone else)
        (SOME_CONTENT, {"hits": 1}, {"partial", "not_found"}),
        # a figure contradicted: conflicting, not supports
        (SOME_CONTENT, {"hits": 1, "conflicts": 1}, {"conflicting", "partial", "not_found"}),
        # only a name conflicts while a figure is missing: no conflict either
        (SOME_CONTENT, {"hits": 0, "conflicts": 1, "name_conflicts_only": True},
         {"partial", "not_found"}),
        # a CJK claim whose subject the passage lacks
        (SOME_CONTENT, {"cjk": True}, {"partial", "not_found"}),
        # a verdict from what the passage states stands
        ("the passage says the opposite: 'fell' for 'rose'", {}, set()),
        ("claim words and all salient tokens present", {}, set()),
    ],
)  # fmt: skip
def test_what_the_model_may_say_instead_of_the_rules(
    reason: str, changes: dict[str, Any], allowed: set[str]
) -> None:
    assert learnable_verdicts(reason, dataclasses.replace(BASE, **changes)) == allowed
