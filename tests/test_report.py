"""`claims report`: every format from one seeded database, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from claims_tracker import db, render, report
from claims_tracker.config import ReportFormat
from claims_tracker.errors import NotFoundError, UsageError
from claims_tracker.models import (
    Article,
    Check,
    CheckVerdict,
    Claim,
    ClaimSource,
    ClaimStatus,
    Evidence,
    EvidenceVerdict,
    Hedge,
    Relation,
    ReviewVerdict,
    Source,
    SourceState,
    StatusChange,
    utc_now,
)

REVIEW_STATUSES = {ClaimStatus.CONFIRMED, ClaimStatus.REFUTED, ClaimStatus.DISPUTED}
HOSTILE = "<script>document.title='pwned'</script> <img src=x onerror=alert(1)> a | b\nc"


@dataclass
class Seeded:
    now: dt.datetime
    article_ids: list[int]
    sources: dict[str, int]  # label -> source id
    claims: dict[tuple[ClaimStatus, Hedge], int]


def _source(session: Session, label: str, state: SourceState, url: str | None) -> Source:
    source = Source(
        url=url,
        normalized_url=url,
        host=url.split("/")[2] if url else None,
        title=f"{label} page",
        state=state,
        consecutive_failures=0,
    )
    session.add(source)
    return source


def seed(session: Session, now: dt.datetime) -> Seeded:
    """Two articles, a claim for every status × hedge, a source in every state, checks over ten
    days, evidence with quotes, reviewed claims, and audit-log rows inside and outside a week."""
    day = dt.timedelta(days=1)
    articles = [
        Article(
            title="Microsoft and OpenAI: partners and rivals",
            url="https://news.example.com/msft-openai",
            publisher="Example News",
            published_at=now - 40 * day,
            body="body one",
            body_sha256="a" * 64,
        ),
        Article(
            title="Chipmakers | a race",
            url="https://tech.example.org/chips",
            publisher="Tech Example",
            body="body two",
            body_sha256="b" * 64,
        ),
    ]
    session.add_all(articles)
    sources = {
        "alive": _source(session, "alive", SourceState.ALIVE, "https://www.reuters.example/a"),
        "redirected": _source(
            session, "redirected", SourceState.REDIRECTED, "https://moved.example.com/b"
        ),
        "soft_404": _source(session, "soft", SourceState.SOFT_404, "https://soft.example.com/c"),
        "blocked": _source(session, "blocked", SourceState.BLOCKED, "https://wall.example.com/d"),
        "failing": _source(session, "failing", SourceState.FAILING, "https://flaky.example.com/e"),
        "dead": _source(session, "dead", SourceState.DEAD, "https://dead.example.net/story"),
        "old_dead": _source(session, "old dead", SourceState.DEAD, "https://gone.example.com/f"),
        "unchecked": _source(session, "new", SourceState.UNCHECKED, "https://new.example.com/g"),
        "unresolved": _source(session, "title only", SourceState.UNCHECKED, None),
        "revived": _source(session, "revived", SourceState.ALIVE, "https://back.example.com/h"),
    }
    sources["dead"].archived_url = "https://web.archive.org/web/2026/https://dead.example.net/story"
    session.flush()

    claims: dict[tuple[ClaimStatus, Hedge], Claim] = {}
    linkable = [k for k in sources if k != "old_dead"]
    for index, (status, hedge) in enumerate(
        (status, hedge) for status in ClaimStatus for hedge in Hedge
    ):
        claim = Claim(
            text=f"Claim {index}: {hedge.value} and {status.value}.",
            fingerprint=f"{index:064d}",
            article_id=articles[index % 2].id,
            hedge=hedge,
            status=status,
            status_reason=f"because {status.value}",
            attributed_to="Reuters" if hedge is Hedge.ATTRIBUTED else None,
            created_at=now - (60 - index) * day,
        )
        if status in REVIEW_STATUSES:
            claim.review_verdict = ReviewVerdict(status.value)
            claim.review_note = f"reviewed as {status.value}"
            claim.reviewed_at = now - 2 * day
        session.add(claim)
        claims[(status, hedge)] = claim
    session.flush()
    for index, ((status, _hedge), claim) in enumerate(claims.items()):
        if status is ClaimStatus.UNSOURCED:
            continue
        label = "unresolved" if status is ClaimStatus.UNRESOLVED else linkable[index % 9]
        session.add(ClaimSource(claim_id=claim.id, source_id=sources[label].id, relation="cited"))
    # The old dead source backs one claim, so every state is linked to something.
    old_dead_claim = claims[(ClaimStatus.UNAVAILABLE, Hedge.ASSERTED)]
    session.add(
        ClaimSource(
            claim_id=old_dead_claim.id,
            source_id=sources["old_dead"].id,
            relation=Relation.REFERENCE,
        )
    )

    checks = []
    for label, source in sources.items():
        if source.url is None or label == "unchecked":
            continue
        for days_ago in range(10, 0, -3):
            special = {
                "dead": CheckVerdict.FAILING if days_ago > 1 else CheckVerdict.DEAD,
                "old_dead": CheckVerdict.DEAD,
                "revived": CheckVerdict.DEAD if days_ago > 1 else CheckVerdict.ALIVE,
            }
            verdict = special[label] if label in special else CheckVerdict(label)
            checks.append(
                Check(
                    source_id=source.id,
                    checked_at=now - days_ago * day,
                    requested_url=source.url,
                    verdict=verdict,
                    http_status=200 if verdict is CheckVerdict.ALIVE else 404,
                )
            )
    session.add_all(checks)
    session.flush()

    supported = claims[(ClaimStatus.UNSUPPORTED, Hedge.REPORTED)]
    lost_claim = claims[(ClaimStatus.WEAK, Hedge.SPECULATIVE)]
    session.add_all(
        [
            Evidence(
                claim_id=supported.id,
                source_id=sources["alive"].id,
                exact="OpenAI declined to share details",
                prefix="In March, ",
                suffix=" of the model.",
                score=0.42,
                method="bm25",
                verdict=EvidenceVerdict.NOT_FOUND,
            ),
            Evidence(
                claim_id=supported.id,
                source_id=sources["dead"].id,
                exact=HOSTILE,
                prefix="before ",
                suffix=" after",
                score=0.81,
                method="fuzzy",
                verdict=EvidenceVerdict.PARTIAL,
            ),
            Evidence(
                claim_id=lost_claim.id,
                source_id=sources["alive"].id,
                exact="the quote that vanished",
                score=0.7,
                method="fuzzy",
                verdict=EvidenceVerdict.LOST,
                updated_at=now - 40 * day,
            ),
        ]
    )
    changed = claims[(ClaimStatus.UNSUPPORTED, Hedge.ATTRIBUTED)]
    session.add_all(
        [
            _change(sources["dead"].id, None, "state", "failing", "dead", now - 2 * day),
            _change(sources["old_dead"].id, None, "state", "failing", "dead", now - 20 * day),
            _change(sources["revived"].id, None, "state", "dead", "alive", now - 1 * day),
            _change(None, changed.id, "status", "unchecked", "unsupported", now - 3 * day),
            _change(None, changed.id, "status", "unsourced", "unchecked", now - 30 * day),
            _change(
                None,
                claims[(ClaimStatus.REFUTED, Hedge.REPORTED)].id,
                "review",
                "unsupported",
                "refuted",
                now - 2 * day,
                actor="Alice Reviewer",
            ),
            _change(
                sources["alive"].id, lost_claim.id, "evidence", "partial", "lost", now - 2 * day
            ),
        ]
    )
    session.commit()
    return Seeded(
        now=now,
        article_ids=[a.id for a in articles],
        sources={label: s.id for label, s in sources.items()},
        claims={key: c.id for key, c in claims.items()},
    )


def _change(
    source_id: int | None,
    claim_id: int | None,
    field: str,
    old: str,
    new: str,
    at: dt.datetime,
    actor: str = "checker",
) -> StatusChange:
    return StatusChange(
        source_id=source_id,
        claim_id=claim_id,
        field=field,
        old=old,
        new=new,
        reason=f"{old} to {new}",
        actor=actor,
        changed_at=at,
    )


NOW = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def seeded(session: Session) -> Seeded:
    return seed(session, NOW)


def run(session: Session, fmt: ReportFormat, **filters: Any) -> str:
    return "".join(report.generate(session, report.ReportFilters(**filters), fmt, now=NOW))


def as_json(session: Session, **filters: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run(session, ReportFormat.JSON, **filters))
    return data


# --- JSON: shape and values --------------------------------------------------------------------

COUNTS = {"type": "counts"}
NULLABLE_STR = (str, type(None))
NULLABLE_INT = (int, type(None))
SOURCE_SHAPE = {
    "id": int,
    "url": NULLABLE_STR,
    "title": NULLABLE_STR,
    "host": NULLABLE_STR,
    "state": str,
    "archived_url": NULLABLE_STR,
}
EVIDENCE_SHAPE = {
    "source_id": int,
    "url": NULLABLE_STR,
    "archived_url": NULLABLE_STR,
    "verdict": str,
    "score": (float, int),
    "quote": {"exact": NULLABLE_STR, "prefix": NULLABLE_STR, "suffix": NULLABLE_STR},
    "archived": bool,
}
REPORT_SHAPE: dict[str, Any] = {
    "schema_version": int,
    "generated_at": str,
    "filters": {
        "article_id": NULLABLE_INT,
        "status": NULLABLE_STR,
        "hedge": NULLABLE_STR,
        "host": NULLABLE_STR,
        "since": NULLABLE_STR,
        "limit": int,
    },
    "totals": dict.fromkeys(
        ("claims", "articles", "sources", "reviewed", "at_risk", "well_founded"), int
    ),
    "by_status": COUNTS,
    "by_hedge": COUNTS,
    "by_status_and_hedge": {"type": "map", "of": COUNTS},
    "sources_by_state": COUNTS,
    "source_health_over_time": {
        "bucket": str,
        "from": str,
        "to": str,
        "checks": int,
        "series": [{"type": "counts"}],
    },
    "articles": [
        {
            "id": NULLABLE_INT,
            "title": NULLABLE_STR,
            "url": NULLABLE_STR,
            "claims": int,
            "at_risk": int,
            "well_founded": int,
            "by_status": COUNTS,
        }
    ],
    "risky_claims": [
        {
            "rank": int,
            "id": int,
            "risk": int,
            "status": str,
            "hedge": str,
            "text": str,
            "article_id": NULLABLE_INT,
            "article_title": NULLABLE_STR,
            "attributed_to": NULLABLE_STR,
            "source_count": int,
            "created_at": str,
            "status_reason": NULLABLE_STR,
            "review_note": NULLABLE_STR,
            "sources": [SOURCE_SHAPE],
            "evidence": [EVIDENCE_SHAPE],
        }
    ],
    "changes": (type(None), dict),
}


def check_shape(value: Any, shape: Any, path: str = "$") -> None:
    """A small structural validator: exact key sets for objects, element shapes for lists."""
    if isinstance(shape, dict) and shape.get("type") == "counts":
        assert isinstance(value, dict), path
        for key, count in value.items():
            if key == "start":
                assert isinstance(count, str), f"{path}.{key}"
            else:
                assert isinstance(count, int), f"{path}.{key}"
                assert count >= 0, f"{path}.{key}"
    elif isinstance(shape, dict) and shape.get("type") == "map":
        assert isinstance(value, dict), path
        for key, item in value.items():
            check_shape(item, shape["of"], f"{path}.{key}")
    elif isinstance(shape, dict):
        assert isinstance(value, dict), path
        assert set(value) == set(shape), f"{path}: {sorted(set(value) ^ set(shape))}"
        for key, sub in shape.items():
            check_shape(value[key], sub, f"{path}.{key}")
    elif isinstance(shape, list):
        assert isinstance(value, list), path
        for index, item in enumerate(value):
            check_shape(item, shape[0], f"{path}[{index}]")
    else:
        assert isinstance(value, shape), f"{path}: {value!r} is not {shape}"
        assert not (isinstance(value, bool) and shape is int), f"{path}: {value!r} is a bool"


def test_json_has_the_documented_shape_and_counts(session: Session, seeded: Seeded) -> None:
    data = as_json(session)

    check_shape(data, REPORT_SHAPE)
    assert data["schema_version"] == render.SCHEMA_VERSION == 1
    assert data["generated_at"] == "2026-03-15T12:00:00Z"
    assert data["totals"] == {
        "claims": 48,
        "articles": 2,
        "sources": 10,
        "reviewed": 12,
        "at_risk": 20,
        "well_founded": 12,
    }
    assert data["by_status"] == {s.value: 4 for s in ClaimStatus}
    assert data["by_hedge"] == {h.value: 12 for h in Hedge}
    assert data["by_status_and_hedge"]["unsupported"] == {h.value: 1 for h in Hedge}
    assert data["sources_by_state"] == {
        "alive": 2,
        "redirected": 1,
        "soft_404": 1,
        "blocked": 1,
        "failing": 1,
        "dead": 2,
        "unresolved": 1,
        "unchecked": 1,
    }
    assert data["changes"] is None
    assert {a["id"] for a in data["articles"]} == set(seeded.article_ids)
    assert sum(a["claims"] for a in data["articles"]) == 48


def test_risky_claims_rank_by_status_weight_times_hedge_weight(
    session: Session, seeded: Seeded
) -> None:
    risky = as_json(session, limit=100)["risky_claims"]

    risks = [c["risk"] for c in risky]
    assert risks == sorted(risks, reverse=True)
    assert (risky[0]["status"], risky[0]["hedge"], risky[0]["risk"]) == ("refuted", "reported", 40)
    position = {(c["status"], c["hedge"]): c["rank"] for c in risky}
    # The headline risk of SPEC §6: a hedged, unsupported claim outranks an asserted one.
    for status in ("unsupported", "unavailable", "conflicting"):
        for hedge in ("reported", "speculative"):
            assert position[(status, hedge)] < position[(status, "asserted")]
    # Nothing about a confirmed or corroborated claim is risky.
    assert not {"confirmed", "corroborated"} & {c["status"] for c in risky}
    assert len(risky) == 40
    assert [c["rank"] for c in risky] == list(range(1, 41))
    top = next(c for c in risky if (c["status"], c["hedge"]) == ("unsupported", "reported"))
    assert top["risk"] == 28
    assert [e["score"] for e in top["evidence"]] == [0.81, 0.42]
    assert top["evidence"][0]["quote"]["exact"] == HOSTILE


def test_risk_ties_go_to_fewer_sources_then_older_claims(session: Session) -> None:
    now = NOW
    source = _source(session, "x", SourceState.ALIVE, "https://x.example.com/1")
    other = _source(session, "y", SourceState.ALIVE, "https://y.example.com/2")
    session.flush()
    claims = [
        Claim(
            text=f"tie {n}",
            fingerprint=f"t{n}",
            hedge=Hedge.REPORTED,
            status=ClaimStatus.UNSUPPORTED,
            created_at=now - dt.timedelta(days=age),
        )
        for n, age in enumerate((5, 9, 1))
    ]
    session.add_all(claims)
    session.flush()
    # Claim 0 has two sources, claims 1 and 2 one each; claim 1 is the older of those.
    for claim, src in ((claims[0], source), (claims[0], other), (claims[1], source)):
        session.add(ClaimSource(claim_id=claim.id, source_id=src.id, relation=Relation.CITED))
    session.add(ClaimSource(claim_id=claims[2].id, source_id=other.id, relation=Relation.CITED))
    session.commit()

    risky = as_json(session)["risky_claims"]

    assert [c["id"] for c in risky] == [claims[1].id, claims[2].id, claims[0].id]
    assert [c["source_count"] for c in risky] == [1, 1, 2]


def test_limit_caps_risky_claims(session: Session, seeded: Seeded) -> None:
    data = as_json(session, limit=3)
    assert [c["risk"] for c in data["risky_claims"]] == [40, 36, 32]
    assert data["filters"]["limit"] == 3


# --- filters and --since -----------------------------------------------------------------------


def test_filters_select_claims_and_their_sources(session: Session, seeded: Seeded) -> None:
    by_article = as_json(session, article_id=seeded.article_ids[1])
    assert by_article["totals"]["claims"] == 24
    assert [a["id"] for a in by_article["articles"]] == [seeded.article_ids[1]]
    assert all(c["article_id"] == seeded.article_ids[1] for c in by_article["risky_claims"])

    by_status = as_json(session, status=ClaimStatus.UNSUPPORTED)
    assert by_status["by_status"]["unsupported"] == 4
    assert by_status["totals"]["claims"] == 4
    assert {c["status"] for c in by_status["risky_claims"]} == {"unsupported"}

    by_hedge = as_json(session, hedge=Hedge.SPECULATIVE)
    assert by_hedge["by_hedge"] == {
        "reported": 0,
        "attributed": 0,
        "speculative": 12,
        "asserted": 0,
    }

    by_host = as_json(session, host="example.net")
    linked_to_dead = {c["id"] for c in by_host["risky_claims"]}
    assert by_host["totals"]["claims"] == len(linked_to_dead) > 0
    assert by_host["sources_by_state"]["dead"] == 1
    assert by_host["totals"]["sources"] == 1
    assert all(
        any(s["host"] == "dead.example.net" for s in c["sources"]) for c in by_host["risky_claims"]
    )


def test_unknown_article_is_a_usage_error(session: Session, seeded: Seeded) -> None:
    with pytest.raises(NotFoundError, match="no article with id 999"):
        run(session, ReportFormat.JSON, article_id=999)


def test_since_lists_what_changed_in_the_window(session: Session, seeded: Seeded) -> None:
    data = as_json(session, since=NOW - dt.timedelta(days=7))
    changes = data["changes"]

    assert data["filters"]["since"] == "2026-03-08T12:00:00Z"
    assert [e["source_id"] for e in changes["sources_died"]] == [seeded.sources["dead"]]
    assert changes["sources_died"][0]["current_state"] == "dead"
    assert [e["source_id"] for e in changes["sources_revived"]] == [seeded.sources["revived"]]
    status_changes = changes["claim_status_changes"]
    assert status_changes["total"] == 2
    assert {(t["field"], t["old"], t["new"]) for t in status_changes["transitions"]} == {
        ("status", "unchecked", "unsupported"),
        ("review", "unsupported", "refuted"),
    }
    assert [i["actor"] for i in status_changes["items"]] == ["Alice Reviewer", "checker"]
    lost = changes["evidence_lost"]
    assert [(e["claim_id"], e["exact"]) for e in lost] == [
        (seeded.claims[(ClaimStatus.WEAK, Hedge.SPECULATIVE)], "the quote that vanished")
    ]


def test_a_wider_window_includes_the_older_death(session: Session, seeded: Seeded) -> None:
    changes = as_json(session, since=NOW - dt.timedelta(days=25))["changes"]
    assert [e["source_id"] for e in changes["sources_died"]] == [
        seeded.sources["old_dead"],
        seeded.sources["dead"],
    ]


def test_health_over_time_counts_checks_per_day(session: Session, seeded: Seeded) -> None:
    health = as_json(session, since=NOW - dt.timedelta(days=7))["source_health_over_time"]
    assert health["bucket"] == "day"
    assert health["from"] == "2026-03-08"
    assert health["to"] == "2026-03-15"
    by_day = {point["start"]: point for point in health["series"]}
    assert len(by_day) == 8
    # Checks ran 10, 7, 4 and 1 days ago on the 8 checked sources; 10 days ago is outside.
    assert sum(by_day["2026-03-14"][v.value] for v in CheckVerdict) == 8
    assert by_day["2026-03-14"]["dead"] == 2  # the source that died and the long-dead one
    assert by_day["2026-03-14"]["alive"] == 2  # the alive source and the revived one
    assert by_day["2026-03-11"]["failing"] == 2
    assert health["checks"] == 24


def test_long_windows_are_bucketed_by_week(session: Session, seeded: Seeded) -> None:
    health = as_json(session, since=NOW - dt.timedelta(days=200))["source_health_over_time"]
    assert health["bucket"] == "week"
    starts = [dt.date.fromisoformat(p["start"]) for p in health["series"]]
    assert all(day.weekday() == 0 for day in starts)
    assert health["checks"] == 32


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", NOW - dt.timedelta(days=7)),
        ("24h", NOW - dt.timedelta(hours=24)),
        ("2w", NOW - dt.timedelta(weeks=2)),
        ("3 days", NOW - dt.timedelta(days=3)),
        ("2026-03-01", dt.datetime(2026, 3, 1, tzinfo=dt.UTC)),
        ("2026-03-01T10:00:00+02:00", dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)),
    ],
)
def test_parse_since(text: str, expected: dt.datetime) -> None:
    assert report.parse_since(text, NOW) == expected


@pytest.mark.parametrize("text", ["yesterday", "7", "-3d", "2027-01-01", ""])
def test_parse_since_rejects_nonsense_and_the_future(text: str) -> None:
    with pytest.raises(UsageError, match="invalid --since"):
        report.parse_since(text, NOW)


# --- CSV, Markdown, table, HTML, ClaimReview ---------------------------------------------------


def test_csv_has_one_row_per_claim(session: Session, seeded: Seeded) -> None:
    rows = list(csv.DictReader(io.StringIO(run(session, ReportFormat.CSV))))

    assert len(rows) == 48
    assert list(rows[0]) == list(render.CSV_COLUMNS)
    assert [int(r["id"]) for r in rows] == sorted(seeded.claims.values())
    row = next(
        r for r in rows if int(r["id"]) == seeded.claims[(ClaimStatus.UNSUPPORTED, Hedge.REPORTED)]
    )
    assert row["best_evidence_score"] == "0.8100"
    assert row["best_evidence_verdict"] == "partial"
    assert row["best_evidence_url"] == "https://dead.example.net/story"
    assert row["risk"] == "28"
    assert row["article_title"] in (
        "Microsoft and OpenAI: partners and rivals",
        "Chipmakers | a race",
    )
    unsourced = next(r for r in rows if r["status"] == "unsourced")
    assert (unsourced["source_count"], unsourced["best_evidence_url"]) == ("0", "")


def test_csv_respects_filters(session: Session, seeded: Seeded) -> None:
    text = run(session, ReportFormat.CSV, hedge=Hedge.REPORTED, status=ClaimStatus.REFUTED)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["status"], r["hedge"], r["review_verdict"]) for r in rows] == [
        ("refuted", "reported", "refuted")
    ]


def test_csv_defuses_spreadsheet_formulas() -> None:
    assert render.spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert render.spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert render.spreadsheet_safe("Acme said") == "Acme said"


def parse_pipe_tables(markdown: str) -> list[list[list[str]]]:
    """Split GitHub pipe tables into rows of cells, honouring `\\|` escapes."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            assert line.endswith("|"), line
            assert not line.endswith("\\|"), line
            cells = re.split(r"(?<!\\)\|", line[1:-1])
            current.append([c.strip() for c in cells])
        elif current:
            tables.append(current)
            current = []
    return tables


def test_markdown_renders_as_pipe_tables(session: Session, seeded: Seeded) -> None:
    text = run(session, ReportFormat.MARKDOWN, since=NOW - dt.timedelta(days=7))
    tables = parse_pipe_tables(text)

    assert len(tables) >= 8
    for table in tables:
        header, separator, *body = table
        assert body, table
        assert all(re.fullmatch(r"-{3,}:?", cell) for cell in separator), separator
        assert {len(row) for row in table} == {len(header)}, header
    headers = {tuple(t[0]) for t in tables}
    assert ("status", "reported", "attributed", "speculative", "asserted", "total") in headers
    assert "## Riskiest claims (top 50)" in text
    assert "## Changes since 2026-03-08T12:00:00Z" in text
    # Cell content cannot break out of its cell or inject HTML.
    assert "Chipmakers \\| a race" in text
    assert "<script>" not in text
    assert "\\<script\\>" in text
    assert "[dead page](https://dead.example.net/story)" in text


def test_markdown_source_health_lists_every_state_as_the_table_does(session: Session) -> None:
    session.add(Source(url="https://a.example.org/", normalized_url="https://a.example.org/",
                       host="a.example.org", state=SourceState.ALIVE))  # fmt: skip
    session.flush()
    text = run(session, ReportFormat.MARKDOWN)
    health = next(t for t in parse_pipe_tables(text) if t[0] == ["state", "sources", "share"])
    assert [row[0] for row in health[2:]] == list(report.SOURCE_HEALTH_KEYS)
    assert ["dead", "0", "0%"] in health


def test_table_format_prints_every_section(session: Session, seeded: Seeded) -> None:
    text = run(session, ReportFormat.TABLE, since=NOW - dt.timedelta(days=7))
    for title in ("Claims by status × hedge", "Source health", "Riskiest claims", "Articles"):
        assert title in text
    assert "48 claims in 2 articles, 10 sources; 20 at risk, 12 well founded" in text
    assert "Changes since 2026-03-08T12:00:00Z" in text
    assert "\x1b[" not in text  # no colour codes unless asked for


def test_html_escapes_article_and_page_text(session: Session, seeded: Seeded) -> None:
    page = run(session, ReportFormat.HTML, since=NOW - dt.timedelta(days=7))

    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in page
    assert "Chipmakers | a race" in page
    assert "javascript:" not in page
    assert 'content="default-src &#x27;none&#x27;; style-src &#x27;unsafe-inline&#x27;' in page
    assert re.findall(r'href="([^"]+)"', page)
    assert all(
        h.startswith(("https://", "http://", "data:")) for h in re.findall(r'href="([^"]+)"', page)
    )
    for section in ("status-hedge", "source-health", "health-over-time", "risky-claims"):
        assert f'id="{section}"' in page
    assert page.count("<svg") == 3
    assert "@media print" in page
    assert 'name="viewport"' in page
    assert 'href="https://web.archive.org/web/2026/https://dead.example.net/story"' in page


def test_html_never_links_a_non_http_url() -> None:
    assert render.link("x", "javascript:alert(1)") == "x"
    assert render.link("x", " JavaScript:alert(1)") == "x"
    assert render.link("x", "data:text/html,hi") == "x"
    assert render.link("x", "https://ok.example/a\u2028b") == "x"
    assert render.link("x", "https://ok.example/a\x00") == "x"
    assert render.link('"><b>', 'https://ok.example/?a="><b>') == (
        '<a href="https://ok.example/?a=&quot;&gt;&lt;b&gt;" rel="noopener noreferrer nofollow">'
        "&quot;&gt;&lt;b&gt;</a>"
    )
    assert render.md_link("x", "javascript:alert(1)") == "x"
    assert (
        render.md_link("a", "https://e.example/(x)|z<") == "[a](https://e.example/%28x%29%7Cz%3C)"
    )
    assert render.md_link("a", "https://e.example/a b") == "a"  # a raw space is no URL


REQUIRED_CLAIMREVIEW = {"@context", "@type", "claimReviewed", "reviewRating", "itemReviewed"}


def test_claimreview_for_every_reviewed_claim(session: Session, seeded: Seeded) -> None:
    reviews = json.loads(run(session, ReportFormat.CLAIMREVIEW))

    assert isinstance(reviews, list)
    assert len(reviews) == 12
    scale = {"refuted": 1, "disputed": 3, "confirmed": 5}
    for review in reviews:
        assert REQUIRED_CLAIMREVIEW | {"author", "datePublished"} <= set(review)
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
        verdict = review["reviewBody"].removeprefix("reviewed as ")
        assert rating["ratingValue"] == scale[verdict]
        assert rating["alternateName"] in ("False", "Disputed", "True")
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert dt.date.fromisoformat(item["datePublished"])
        assert dt.date.fromisoformat(review["datePublished"]) == dt.date(2026, 3, 13)
        assert item["appearance"][0]["@type"] == "CreativeWork"
        assert item["appearance"][0]["url"].startswith("https://")
    refuted = next(r for r in reviews if r["claimReviewed"].endswith("reported and refuted."))
    assert refuted["author"] == {"@type": "Person", "name": "Alice Reviewer"}
    assert refuted["itemReviewed"]["author"] == {"@type": "Organization", "name": "Example News"}
    attributed = next(r for r in reviews if "attributed" in r["claimReviewed"])
    assert attributed["itemReviewed"]["author"] == {"@type": "Organization", "name": "Reuters"}
    assert attributed["author"] == {"@type": "Organization", "name": "claims-tracker"}


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Satya Nadella", True),
        ("Sam Altman", True),
        ("Reuters", False),
        ("The Information", False),
        ("Microsoft Corp", False),
        ("people familiar with the matter", False),
    ],
)
def test_claimreview_guesses_person_or_organization(name: str, person: bool) -> None:
    assert render.looks_like_person(name) is person


# --- output ------------------------------------------------------------------------------------


def test_write_atomically_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old")

    def failing() -> Iterator[str]:
        yield "partial"
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        report.write_atomically(target, failing())
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]

    report.write_atomically(target, iter(["new ", "report"]))
    assert target.read_text() == "new report"
    assert list(tmp_path.iterdir()) == [target]


def test_write_atomically_refuses_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        report.write_atomically(tmp_path / "nope" / "r.html", iter(["x"]))
    with pytest.raises(UsageError, match="needs a file name"):
        report.write_atomically("", iter(["x"]))
    with pytest.raises(UsageError, match="is a directory"):
        report.write_atomically(tmp_path, iter(["x"]))


def test_write_atomically_writes_through_a_link_and_into_a_fifo(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    report.write_atomically(link, iter(["new"]))
    assert link.is_symlink()
    assert target.read_text() == "new"

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    report.write_atomically(fifo, iter(["through ", "the pipe"]))
    reader.join(timeout=5)
    assert received == ["through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a FIFO, not a file in its place


# --- the command -------------------------------------------------------------------------------


@pytest.fixture
def cli_db(database_url: str, engine: Engine) -> tuple[str, Seeded]:
    with db.make_sessionmaker(engine)() as session:
        seeded = seed(session, utc_now())
    return database_url, seeded


def invoke(database_url: str, *args: str) -> Any:
    from click.testing import CliRunner

    cli = pytest.importorskip("claims_tracker.cli").cli
    return CliRunner().invoke(cli, ["--db", database_url, "report", *args])


def test_report_command_writes_json_to_a_file(cli_db: tuple[str, Seeded], tmp_path: Path) -> None:
    url, seeded = cli_db
    out = tmp_path / "weekly.json"

    result = invoke(url, "--format", "json", "--since", "7d", "--hedge", "reported", "-o", str(out))

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["filters"]["hedge"] == "reported"
    assert data["totals"]["claims"] == 12
    assert [e["source_id"] for e in data["changes"]["sources_died"]] == [seeded.sources["dead"]]


@pytest.mark.parametrize("fmt", [f.value for f in ReportFormat])
def test_report_command_prints_every_format(cli_db: tuple[str, Seeded], fmt: str) -> None:
    url, _ = cli_db
    result = invoke(url, "--format", fmt, "--status", "refuted")
    assert result.exit_code == 0, result.output
    assert "Claim 40: reported and refuted." in result.stdout or fmt == "table"


def test_report_command_rejects_bad_input(cli_db: tuple[str, Seeded]) -> None:
    url, _ = cli_db
    bad_since = invoke(url, "--since", "last tuesday")
    assert bad_since.exit_code == 2
    assert "invalid --since" in bad_since.stderr
    unknown = invoke(url, "--article", "424242")
    assert unknown.exit_code == 2
    assert unknown.stderr.strip() == "error: no article with id 424242"
    for args, message in [
        (("--since", ""), "invalid --since"),
        (("--since", "99999999d"), "too far back"),
        (("-o", ""), "needs a file name"),
    ]:
        result = invoke(url, *args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("error: ")
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
