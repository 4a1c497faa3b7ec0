from __future__ import annotations

import pytest

from claims_tracker.confidence import LinkFacts, compute_status
from claims_tracker.models import ClaimStatus, EvidenceVerdict, ReviewVerdict, SourceState

S, E = SourceState, EvidenceVerdict


def link(
    state: SourceState = S.ALIVE,
    evidence: EvidenceVerdict | None = None,
    domain: str = "example.org",
    has_url: bool = True,
    score: float | None = None,
    archived: bool = False,
) -> LinkFacts:
    return LinkFacts(
        has_url=has_url,
        state=state,
        domain=domain,
        evidence=evidence,
        evidence_score=score,
        archived_evidence=archived,
    )


@pytest.mark.parametrize(
    ("links", "review", "expected", "reason_part"),
    [
        ([], None, ClaimStatus.UNSOURCED, "no source"),
        ([link(S.UNCHECKED, has_url=False)], None, ClaimStatus.UNRESOLVED, "without a URL"),
        (
            [link(S.UNCHECKED, has_url=False), link(S.UNCHECKED)],
            None,
            ClaimStatus.UNCHECKED,
            "1 source not checked",
        ),
        ([link(S.DEAD), link(S.FAILING, domain="b.org")], None, ClaimStatus.UNAVAILABLE, "dead"),
        ([link(S.BLOCKED)], None, ClaimStatus.UNAVAILABLE, "blocked"),
        ([link(S.ALIVE, E.NOT_FOUND)], None, ClaimStatus.UNSUPPORTED, "no passage"),
        ([link(S.ALIVE, E.LOST)], None, ClaimStatus.UNSUPPORTED, "no passage"),
        ([link(S.ALIVE)], None, ClaimStatus.UNSUPPORTED, "1 reachable source"),
        ([link(S.ALIVE, E.PARTIAL, score=0.5)], None, ClaimStatus.WEAK, "partial"),
        (
            [link(S.ALIVE, E.SUPPORTS, score=0.91)],
            None,
            ClaimStatus.SUPPORTED,
            "example.org (score 0.91)",
        ),
        (
            [link(S.ALIVE, E.SUPPORTS), link(S.ALIVE, E.SUPPORTS, domain="example.org")],
            None,
            ClaimStatus.SUPPORTED,
            "example.org",
        ),
        (
            [link(S.ALIVE, E.SUPPORTS), link(S.REDIRECTED, E.SUPPORTS, domain="other.net")],
            None,
            ClaimStatus.CORROBORATED,
            "2 hosts",
        ),
        (
            [link(S.ALIVE, E.SUPPORTS), link(S.ALIVE, E.CONFLICTING, domain="other.net")],
            None,
            ClaimStatus.CONFLICTING,
            "other.net",
        ),
        # An archived copy can still support a claim whose source is dead...
        (
            [link(S.DEAD, E.SUPPORTS, archived=True, score=0.8)],
            None,
            ClaimStatus.SUPPORTED,
            "via an archived copy",
        ),
        # ...but what a dead page said before it died does not.
        ([link(S.DEAD, E.SUPPORTS)], None, ClaimStatus.UNAVAILABLE, "dead"),
        ([link(S.SOFT_404, E.SUPPORTS)], None, ClaimStatus.UNAVAILABLE, "soft_404"),
        # A transient failure keeps the evidence read on the last good fetch.
        ([link(S.FAILING, E.SUPPORTS)], None, ClaimStatus.SUPPORTED, "example.org"),
        ([link(S.UNCHECKED), link(S.ALIVE, E.PARTIAL)], None, ClaimStatus.WEAK, "partial"),
        ([], ReviewVerdict.REFUTED, ClaimStatus.REFUTED, "reviewer"),
        ([link(S.ALIVE, E.SUPPORTS)], ReviewVerdict.DISPUTED, ClaimStatus.DISPUTED, "reviewer"),
        ([link(S.DEAD)], ReviewVerdict.CONFIRMED, ClaimStatus.CONFIRMED, "reviewer"),
    ],
)
def test_status_rules(
    links: list[LinkFacts],
    review: ReviewVerdict | None,
    expected: ClaimStatus,
    reason_part: str,
) -> None:
    decision = compute_status(links, review)
    assert decision.status is expected
    assert reason_part in decision.reason
