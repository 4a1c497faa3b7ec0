"""Typed ORM models and the status enums they use."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


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


# The page was fetched and could be read.
READABLE_VERDICTS = frozenset({CheckVerdict.ALIVE, CheckVerdict.REDIRECTED})
HEALTHY_STATES = frozenset({SourceState.ALIVE, SourceState.REDIRECTED})
# The live page cannot be read now: this is when an archived copy is wanted.
UNAVAILABLE_STATES = frozenset({SourceState.FAILING, SourceState.SOFT_404, SourceState.DEAD})


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


# --- ORM -------------------------------------------------------------------------------------

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso_utc(value: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, as every JSON output writes times."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC timestamps on every backend.

    SQLite has no timezone type, so values come back naive; this restores UTC on the way out and
    refuses naive values on the way in, so no code path can mix local and UTC times.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _enum(enum_cls: type[enum.StrEnum], length: int = 16) -> Enum:
    # Stored as VARCHAR holding the value, so adding a member never needs a type migration.
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime()}


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str | None] = mapped_column(String(2048))
    path: Mapped[str | None] = mapped_column(String(1024))
    title: Mapped[str | None] = mapped_column(String(1024))
    publisher: Mapped[str | None] = mapped_column(String(512))
    published_at: Mapped[dt.datetime | None]
    format: Mapped[str] = mapped_column(String(16), default="text")
    body: Mapped[str] = mapped_column(Text)
    body_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    imported_at: Mapped[dt.datetime] = mapped_column(default=utc_now)

    claims: Mapped[list[Claim]] = relationship(back_populates="article")


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("article_id", "fingerprint"),
        Index("ix_claims_status_hedge", "status", "hedge"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    paragraph: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    section: Mapped[str | None] = mapped_column(String(512))
    hedge: Mapped[Hedge] = mapped_column(_enum(Hedge), index=True)
    cues: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    attributed_to: Mapped[str | None] = mapped_column(String(512))
    status: Mapped[ClaimStatus] = mapped_column(
        _enum(ClaimStatus), default=ClaimStatus.UNSOURCED, index=True
    )
    status_reason: Mapped[str | None] = mapped_column(Text)
    review_verdict: Mapped[ReviewVerdict | None] = mapped_column(_enum(ReviewVerdict))
    review_note: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    article: Mapped[Article | None] = relationship(back_populates="claims")
    links: Mapped[list[ClaimSource]] = relationship(
        back_populates="claim", cascade="all, delete-orphan"
    )


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (Index("ix_sources_lease", "next_check_at", "lease_expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str | None] = mapped_column(String(2048))
    normalized_url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    host: Mapped[str | None] = mapped_column(String(255), index=True)
    title: Mapped[str | None] = mapped_column(String(1024))
    publisher: Mapped[str | None] = mapped_column(String(512))
    description: Mapped[str | None] = mapped_column(Text)
    state: Mapped[SourceState] = mapped_column(
        _enum(SourceState), default=SourceState.UNCHECKED, index=True
    )
    last_checked_at: Mapped[dt.datetime | None]
    next_check_at: Mapped[dt.datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    first_failure_at: Mapped[dt.datetime | None]
    lease_owner: Mapped[str | None] = mapped_column(String(255))
    lease_expires_at: Mapped[dt.datetime | None]
    archived_url: Mapped[str | None] = mapped_column(String(2048))
    # When the archive was last asked for a copy, found or not: a source with no capture is not
    # looked up again on every run.
    wayback_checked_at: Mapped[dt.datetime | None]
    # When the archive was last asked to capture the live page (`claims check --archive-live`),
    # whatever came of it: a page is not sent again before the interval is over.
    archive_requested_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    links: Mapped[list[ClaimSource]] = relationship(back_populates="source")


def only_on(dialect: str, index: Index) -> Index:
    """An index created on one backend only: its DDL is skipped elsewhere, and so is its
    comparison with a live schema (db.schema_drift, Alembic's env.py read `info`)."""
    index.info["only_on"] = dialect
    return index.ddl_if(dialect=dialect)


# The lease takes unchecked sources first, then the earliest due, unleased before expired
# leases. SQLite's ix_sources_lease is in that order already (NULLs first); PostgreSQL keeps
# NULLs last in an index, so there the lease has one of its own, or it sorts every candidate.
_sources = Source.__table__.c
only_on(
    "postgresql",
    Index(
        "ix_sources_lease_order",
        _sources.next_check_at.asc().nulls_first(),
        _sources.lease_expires_at.asc().nulls_first(),
        _sources.id,
    ),
)


class ClaimSource(Base):
    __tablename__ = "claim_sources"
    __table_args__ = (UniqueConstraint("claim_id", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    relation: Mapped[Relation] = mapped_column(_enum(Relation))
    score: Mapped[float | None] = mapped_column(Float)
    evidence_verdict: Mapped[EvidenceVerdict | None] = mapped_column(_enum(EvidenceVerdict))
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)

    claim: Mapped[Claim] = relationship(back_populates="links")
    source: Mapped[Source] = relationship(back_populates="links")


class Snapshot(Base):
    """A fetched page or extracted main text, zlib-compressed and addressed by its sha256."""

    __tablename__ = "snapshots"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "page" | "main_text"
    content_type: Mapped[str | None] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class Check(Base):
    """One fetch of one source; append-only."""

    __tablename__ = "checks"
    __table_args__ = (
        Index("ix_checks_source_checked", "source_id", "checked_at"),
        # Covers the report's "verdicts per day" scan without touching table rows.
        Index("ix_checks_checked_at_verdict", "checked_at", "verdict"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    checked_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    requested_url: Mapped[str] = mapped_column(String(2048))
    final_url: Mapped[str | None] = mapped_column(String(2048))
    redirects: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    http_status: Mapped[int | None] = mapped_column(Integer)
    error_kind: Mapped[str | None] = mapped_column(String(32))
    error_detail: Mapped[str | None] = mapped_column(Text)
    elapsed_ms: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(255))
    content_length: Mapped[int | None] = mapped_column(Integer)
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    main_text_sha256: Mapped[str | None] = mapped_column(String(64))
    page_title: Mapped[str | None] = mapped_column(String(1024))
    soft_404: Mapped[bool] = mapped_column(Boolean, default=False)
    is_failure: Mapped[bool] = mapped_column(Boolean, default=False)
    verdict: Mapped[CheckVerdict] = mapped_column(_enum(CheckVerdict), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    worker: Mapped[str | None] = mapped_column(String(255))


class Evidence(Base):
    """The passage of a source that bears on a claim, anchored as a W3C TextQuoteSelector."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("claim_id", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    check_id: Mapped[int | None] = mapped_column(
        ForeignKey("checks.id", ondelete="SET NULL"), index=True
    )
    exact: Mapped[str | None] = mapped_column(Text)
    prefix: Mapped[str | None] = mapped_column(Text)
    suffix: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    method: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[EvidenceVerdict] = mapped_column(_enum(EvidenceVerdict), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    extractor: Mapped[str | None] = mapped_column(String(64))
    main_text_sha256: Mapped[str | None] = mapped_column(String(64))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class StatusChange(Base):
    """Audit log: every change of a claim's status or verdict, or of a source's state."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(32))  # "status" | "review" | "state" | "evidence"
    old: Mapped[str | None] = mapped_column(String(32))
    new: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(255))
    changed_at: Mapped[dt.datetime] = mapped_column(default=utc_now, index=True)
