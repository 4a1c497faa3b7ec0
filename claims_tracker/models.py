"""Typed ORM models and the status enums they use."""

from __future__ import annotations

import enum


class Hedge(enum.StrEnum):
    """How a sentence leans on someone else (SPEC §3)."""

    REPORTED = "reported"
    ATTRIBUTED = "attributed"
    SPECULATIVE = "speculative"
    ASSERTED = "asserted"


class Relation(enum.StrEnum):
    CITED = "cited"
    REFERENCE = "reference"
    SUGGESTED = "suggested"
    MANUAL = "manual"


class SourceState(enum.StrEnum):
    UNCHECKED = "unchecked"
    ALIVE = "alive"
    REDIRECTED = "redirected"
    SOFT_404 = "soft_404"
    BLOCKED = "blocked"
    FAILING = "failing"
    DEAD = "dead"


class CheckVerdict(enum.StrEnum):
    ALIVE = "alive"
    REDIRECTED = "redirected"
    SOFT_404 = "soft_404"
    BLOCKED = "blocked"
    FAILING = "failing"
    DEAD = "dead"


class EvidenceVerdict(enum.StrEnum):
    SUPPORTS = "supports"
    PARTIAL = "partial"
    NOT_FOUND = "not_found"
    CONFLICTING = "conflicting"
    LOST = "lost"


class ClaimStatus(enum.StrEnum):
    UNSOURCED = "unsourced"
    UNRESOLVED = "unresolved"
    UNCHECKED = "unchecked"
    UNAVAILABLE = "unavailable"
    UNSUPPORTED = "unsupported"
    WEAK = "weak"
    SUPPORTED = "supported"
    CORROBORATED = "corroborated"
    CONFLICTING = "conflicting"
    CONFIRMED = "confirmed"
    REFUTED = "refuted"
    DISPUTED = "disputed"


class ReviewVerdict(enum.StrEnum):
    CONFIRMED = "confirmed"
    REFUTED = "refuted"
    DISPUTED = "disputed"
