"""The confidence rules of SPEC §6: one pure function from a claim's links to its status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from claims_tracker.models import (
    HEALTHY_STATES,
    ClaimStatus,
    EvidenceVerdict,
    ReviewVerdict,
    SourceState,
)

# States in which the page is gone: what it said earlier only counts from an archived copy.
GONE_STATES = frozenset({SourceState.DEAD, SourceState.SOFT_404})


@dataclass(frozen=True, slots=True)
class LinkFacts:
    """What the rules need to know about one source of a claim."""

    has_url: bool
    state: SourceState
    domain: str | None = None  # registrable domain, for "independent hosts"
    evidence: EvidenceVerdict | None = None
    evidence_score: float | None = None
    archived_evidence: bool = False


@dataclass(frozen=True, slots=True)
class StatusDecision:
    status: ClaimStatus
    reason: str


def compute_status(
    links: Sequence[LinkFacts], review: ReviewVerdict | None = None
) -> StatusDecision:
    """Decide a claim's confidence status. Rules are applied in order; the first that fits wins."""
    if review is not None:
        return StatusDecision(ClaimStatus(review.value), f"reviewer verdict: {review.value}")
    if not links:
        return StatusDecision(ClaimStatus.UNSOURCED, "no source linked")
    located = [_usable(link) for link in links if link.has_url]
    if not located:
        return StatusDecision(
            ClaimStatus.UNRESOLVED, f"{_count(len(links), 'source')} without a URL"
        )

    conflicting = [link for link in located if link.evidence is EvidenceVerdict.CONFLICTING]
    if conflicting:
        return StatusDecision(
            ClaimStatus.CONFLICTING, f"{_hosts(conflicting)} states something different"
        )
    supporting = [link for link in located if link.evidence is EvidenceVerdict.SUPPORTS]
    domains = sorted({link.domain or "?" for link in supporting})
    if len(domains) >= 2:
        return StatusDecision(
            ClaimStatus.CORROBORATED, f"supported by {len(domains)} hosts: {', '.join(domains)}"
        )
    if supporting:
        best = max(supporting, key=lambda link: link.evidence_score or 0.0)
        return StatusDecision(ClaimStatus.SUPPORTED, f"supported by {_describe(best)}")
    partial = [link for link in located if link.evidence is EvidenceVerdict.PARTIAL]
    if partial:
        best = max(partial, key=lambda link: link.evidence_score or 0.0)
        return StatusDecision(ClaimStatus.WEAK, f"only partial support, from {_describe(best)}")

    unchecked = [link for link in located if link.state is SourceState.UNCHECKED]
    if unchecked:
        return StatusDecision(
            ClaimStatus.UNCHECKED, f"{_count(len(unchecked), 'source')} not checked yet"
        )
    reachable = [link for link in located if link.state in HEALTHY_STATES]
    if reachable:
        return StatusDecision(
            ClaimStatus.UNSUPPORTED,
            f"{_count(len(reachable), 'reachable source')}, no passage supports the claim",
        )
    states = sorted({link.state.value for link in located})
    return StatusDecision(ClaimStatus.UNAVAILABLE, f"no source reachable ({', '.join(states)})")


def _usable(link: LinkFacts) -> LinkFacts:
    """Evidence read from a page that has since died no longer holds, unless it was archived."""
    if link.state in GONE_STATES and link.evidence is not None and not link.archived_evidence:
        return replace(link, evidence=None, evidence_score=None)
    return link


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _hosts(links: Sequence[LinkFacts]) -> str:
    return ", ".join(sorted({link.domain or "?" for link in links}))


def _describe(link: LinkFacts) -> str:
    score = f" (score {link.evidence_score:.2f})" if link.evidence_score is not None else ""
    archived = " via an archived copy" if link.archived_evidence else ""
    return f"{link.domain or '?'}{score}{archived}"
