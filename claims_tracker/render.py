"""Report data → text: terminal tables, Markdown, JSON, CSV, HTML and ClaimReview JSON-LD.

Pure: no database, no files, no clock. Every string that came from an article, a page or a user
is treated as hostile: escaped for HTML (attributes too), for Markdown tables, and for
spreadsheets; links are emitted only for http(s) URLs.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from claims_tracker.config import ReportFormat
from claims_tracker.models import iso_utc

if TYPE_CHECKING:
    from claims_tracker.report import (
        ArticleSummary,
        Changes,
        ClaimRow,
        EvidenceQuote,
        HealthSeries,
        ReportData,
        ReviewedClaim,
        RiskyClaim,
        SourceLink,
    )

# Bump when a field is renamed, removed or changes meaning; adding a field does not.
SCHEMA_VERSION = 1
TOOL_NAME = "claims-tracker"


def _day(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M") if value else "-"


# --- JSON --------------------------------------------------------------------------------------


def report_to_dict(data: ReportData) -> dict[str, Any]:
    """The documented, stable JSON object (see the README's "claims report" section)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": iso_utc(data.generated_at),
        "filters": data.filters.as_dict(),
        "totals": {
            "claims": data.totals.claims,
            "articles": data.totals.articles,
            "sources": data.totals.sources,
            "reviewed": data.totals.reviewed,
            "at_risk": data.totals.at_risk,
            "well_founded": data.totals.well_founded,
        },
        "by_status": data.by_status,
        "by_hedge": data.by_hedge,
        "by_status_and_hedge": data.by_status_and_hedge,
        "sources_by_state": data.sources_by_state,
        "source_health_over_time": _health_dict(data.health),
        "articles": [_article_dict(a) for a in data.articles],
        "risky_claims": [_risky_dict(c) for c in data.risky_claims],
        "changes": None if data.changes is None else _changes_dict(data.changes),
    }


def render_json(data: ReportData) -> str:
    return json.dumps(report_to_dict(data), indent=2, ensure_ascii=False) + "\n"


def _health_dict(health: HealthSeries) -> dict[str, Any]:
    return {
        "bucket": health.bucket,
        "from": health.start.isoformat(),
        "to": health.end.isoformat(),
        "checks": health.checks,
        "series": [{"start": b.start.isoformat(), **b.counts} for b in health.buckets],
    }


def _article_dict(article: ArticleSummary) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "claims": article.claims,
        "at_risk": article.at_risk,
        "well_founded": article.well_founded,
        "by_status": article.by_status,
    }


def _source_dict(source: SourceLink) -> dict[str, Any]:
    return {
        "id": source.id,
        "url": source.url,
        "title": source.title,
        "host": source.host,
        "state": source.state,
        "archived_url": source.archived_url,
    }


def _evidence_dict(ev: EvidenceQuote) -> dict[str, Any]:
    return {
        "source_id": ev.source_id,
        "url": ev.url,
        "archived_url": ev.archived_url,
        "verdict": ev.verdict,
        "score": ev.score,
        "quote": {"exact": ev.exact, "prefix": ev.prefix, "suffix": ev.suffix},
        "archived": ev.archived,
    }


def _risky_dict(claim: RiskyClaim) -> dict[str, Any]:
    return {
        "rank": claim.rank,
        "id": claim.id,
        "risk": claim.risk,
        "status": claim.status,
        "hedge": claim.hedge,
        "text": claim.text,
        "article_id": claim.article_id,
        "article_title": claim.article_title,
        "attributed_to": claim.attributed_to,
        "source_count": claim.source_count,
        "created_at": iso_utc(claim.created_at),
        "status_reason": claim.status_reason,
        "review_note": claim.review_note,
        "sources": [_source_dict(s) for s in claim.sources],
        "evidence": [_evidence_dict(e) for e in claim.evidence],
    }


def _changes_dict(changes: Changes) -> dict[str, Any]:
    def source_event(event: Any) -> dict[str, Any]:
        return {
            "source_id": event.source_id,
            "url": event.url,
            "title": event.title,
            "old": event.old,
            "new": event.new,
            "current_state": event.current_state,
            "reason": event.reason,
            "at": iso_utc(event.at),
        }

    return {
        "since": iso_utc(changes.since),
        "until": iso_utc(changes.until),
        "sources_died": [source_event(e) for e in changes.sources_died],
        "sources_revived": [source_event(e) for e in changes.sources_revived],
        "claim_status_changes": {
            "total": changes.claim_changes_total,
            "transitions": [
                {"field": t.field, "old": t.old, "new": t.new, "count": t.count}
                for t in changes.claim_transitions
            ],
            "items": [
                {
                    "claim_id": c.claim_id,
                    "text": c.text,
                    "field": c.field,
                    "old": c.old,
                    "new": c.new,
                    "reason": c.reason,
                    "actor": c.actor,
                    "at": iso_utc(c.at),
                }
                for c in changes.claim_changes
            ],
        },
        "evidence_lost": [
            {
                "claim_id": e.claim_id,
                "claim_text": e.claim_text,
                "source_id": e.source_id,
                "url": e.url,
                "archived_url": e.archived_url,
                "exact": e.exact,
                "at": iso_utc(e.at),
            }
            for e in changes.evidence_lost
        ],
    }


# --- CSV ---------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "status",
    "hedge",
    "risk",
    "article_id",
    "article_title",
    "attributed_to",
    "source_count",
    "best_evidence_score",
    "best_evidence_verdict",
    "best_evidence_url",
    "review_verdict",
    "created_at",
    "text",
)
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str | None) -> str:
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render_csv(rows: Iterable[ClaimRow], batch: int = 1000) -> Iterator[str]:
    """A header and one row per claim, yielded in chunks so 100k claims never sit in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for count, row in enumerate(rows, start=1):
        writer.writerow(
            (
                row.id,
                row.status,
                row.hedge,
                row.risk,
                "" if row.article_id is None else row.article_id,
                spreadsheet_safe(row.article_title),
                spreadsheet_safe(row.attributed_to),
                row.source_count,
                "" if row.best_evidence_score is None else f"{row.best_evidence_score:.4f}",
                row.best_evidence_verdict or "",
                spreadsheet_safe(row.best_evidence_url),
                row.review_verdict or "",
                iso_utc(row.created_at),
                spreadsheet_safe(row.text),
            )
        )
        if count % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# --- ClaimReview JSON-LD -----------------------------------------------------------------------

# The published scale: 1 (refuted) … 5 (confirmed). Only reviewer verdicts are published: a
# computed status says how well a claim is *sourced*, not whether it is true, and a ClaimReview
# rating claims the latter.
CLAIMREVIEW_SCALE: dict[str, tuple[int, str]] = {
    "refuted": (1, "False"),
    "disputed": (3, "Disputed"),
    "confirmed": (5, "True"),
}
CLAIMREVIEW_BEST, CLAIMREVIEW_WORST = 5, 1
_ORGANISATION_WORDS = frozenset(
    [
        "inc",
        "corp",
        "corporation",
        "ltd",
        "llc",
        "plc",
        "gmbh",
        "group",
        "news",
        "times",
        "post",
        "journal",
        "agency",
        "press",
        "reuters",
        "bloomberg",
        "associated",
        "institute",
        "university",
        "ministry",
        "department",
        "bank",
        "company",
        "council",
        "commission",
        "office",
        "foundation",
        "association",
        "government",
        "network",
        "media",
        "microsoft",
        "openai",
        "google",
        "meta",
        "amazon",
        "apple",
    ]
)


def looks_like_person(name: str) -> bool:
    """Two to four capitalised words and no organisation word: "Satya Nadella", not "Reuters"."""
    words = name.replace(".", " ").split()
    if not 2 <= len(words) <= 4 or words[0].lower() == "the":
        return False
    return all(w[:1].isupper() and w.lower() not in _ORGANISATION_WORDS for w in words)


def _agent(name: str) -> dict[str, str]:
    return {"@type": "Person" if looks_like_person(name) else "Organization", "name": name}


def claim_review(claim: ReviewedClaim, generated_at: dt.datetime) -> dict[str, Any]:
    value, label = CLAIMREVIEW_SCALE[claim.verdict]
    appearance: list[dict[str, Any]] = []
    if claim.article_url and safe_url(claim.article_url):
        work: dict[str, Any] = {"@type": "CreativeWork", "url": claim.article_url}
        if claim.article_title:
            work["headline"] = claim.article_title
        if claim.article_publisher:
            work["publisher"] = {"@type": "Organization", "name": claim.article_publisher}
        if claim.article_published_at:
            work["datePublished"] = claim.article_published_at.date().isoformat()
        appearance.append(work)
    appearance += [
        {"@type": "CreativeWork", "url": url} for url in claim.source_urls if safe_url(url)
    ]
    item: dict[str, Any] = {
        "@type": "Claim",
        "datePublished": (claim.article_published_at or claim.created_at).date().isoformat(),
    }
    if appearance:
        item["appearance"] = appearance
    # A named attribution made the claim; otherwise the publication that printed it did.
    if claim.attributed_to and claim.hedge == "attributed":
        item["author"] = _agent(claim.attributed_to)
    elif claim.article_publisher:
        item["author"] = {"@type": "Organization", "name": claim.article_publisher}
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": f"claim-{claim.id}",
        "claimReviewed": claim.text,
        "datePublished": (claim.reviewed_at or generated_at).date().isoformat(),
        "author": (
            {"@type": "Person", "name": claim.reviewer}
            if claim.reviewer
            else {"@type": "Organization", "name": TOOL_NAME}
        ),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": CLAIMREVIEW_BEST,
            "worstRating": CLAIMREVIEW_WORST,
            "alternateName": label,
        },
        "itemReviewed": item,
    }
    if claim.note:
        review["reviewBody"] = claim.note
    return review


def render_claimreview(claims: Sequence[ReviewedClaim], generated_at: dt.datetime) -> str:
    reviews = [claim_review(c, generated_at) for c in claims if c.verdict in CLAIMREVIEW_SCALE]
    return json.dumps(reviews, indent=2, ensure_ascii=False) + "\n"


# --- shared helpers ----------------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL (never javascript:, data:, …), else None."""
    if not url:
        return None
    candidate = url.strip()
    if any(ord(ch) < 0x20 or ch.isspace() for ch in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    return candidate if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def _shorten(text: str | None, limit: int) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _source_label(source: SourceLink) -> str:
    return source.title or source.host or source.url or f"source {source.id}"


def _filters_line(data: ReportData) -> str:
    """ "all claims" or "status unsupported, hedge reported", plus the --since window."""
    shown = data.filters.as_dict()
    scope = ", ".join(
        f"{name.removesuffix('_id')} {shown[name]}"
        for name in ("article_id", "status", "hedge", "host")
        if shown[name] is not None
    )
    since = f"; changes since {_day(data.filters.since)} UTC" if data.filters.since else ""
    return (scope or "all claims") + since


def _shown_articles(data: ReportData) -> Sequence[ArticleSummary]:
    """The worst `limit` articles: people read the top of a long list; json has them all."""
    return data.articles[: data.filters.limit]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


# --- Markdown ----------------------------------------------------------------------------------

# Backslash-escape what Markdown would read as markup; `|` would also end a table cell.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")
_URL_SAFE = "/:?#[]@!$&'*+,;=%~-._"


def md_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def md_link(label: str, url: str | None) -> str:
    href = safe_url(url)
    if href is None:
        return md_cell(label)
    return f"[{md_cell(label)}]({quote(href, safe=_URL_SAFE)})"


def md_table(headers: Sequence[str], rows: Iterable[Sequence[str]], right: int = 0) -> list[str]:
    """A GitHub-flavoured pipe table; the last `right` columns are right-aligned numbers."""
    body = [f"| {' | '.join(row)} |" for row in rows]
    if not body:
        return ["_None._", ""]
    aligns = ["---"] * (len(headers) - right) + ["---:"] * right
    return [f"| {' | '.join(headers)} |", f"| {' | '.join(aligns)} |", *body, ""]


def render_markdown(data: ReportData) -> str:
    t = data.totals
    out = [
        "# Claims report",
        "",
        f"Generated {md_cell(iso_utc(data.generated_at))} for {md_cell(_filters_line(data))}.",
        "",
        "## Summary",
        "",
        *md_table(
            ["claims", "articles", "sources", "reviewed", "at risk", "well founded"],
            [
                [
                    str(t.claims),
                    str(t.articles),
                    str(t.sources),
                    str(t.reviewed),
                    f"{t.at_risk} ({_percent(t.at_risk, t.claims)})",
                    f"{t.well_founded} ({_percent(t.well_founded, t.claims)})",
                ]
            ],
            right=6,
        ),
        "## Claims by status and hedge",
        "",
    ]
    hedges = list(data.by_hedge)
    out += md_table(
        ["status", *hedges, "total"],
        [
            [md_cell(status), *(str(row[h]) for h in hedges), str(data.by_status[status])]
            for status, row in data.by_status_and_hedge.items()
            if data.by_status[status]
        ],
        right=len(hedges) + 1,
    )
    out += ["## Source health", ""]
    out += md_table(
        ["state", "sources", "share"],
        [[state, str(n), _percent(n, t.sources)] for state, n in data.sources_by_state.items()],
        right=2,
    )
    out += [f"## Riskiest claims (top {data.filters.limit})", ""]
    out += md_table(
        ["#", "risk", "status", "hedge", "claim", "article", "sources", "best evidence"],
        [_md_risky_row(c) for c in data.risky_claims],
    )
    out += ["## Articles", ""]
    out += md_table(
        ["article", "claims", "at risk", "well founded"],
        [
            [
                md_link(a.title or f"article {a.id}", a.url) if a.id else "_claims added by hand_",
                str(a.claims),
                str(a.at_risk),
                _percent(a.well_founded, a.claims),
            ]
            for a in _shown_articles(data)
        ],
        right=3,
    )
    hidden = len(data.articles) - len(_shown_articles(data))
    if hidden:
        out += [f"_…and {hidden} more articles (--format json lists them all)._", ""]
    out += [f"## Source checks per {data.health.bucket}", ""]
    verdicts = list(data.health.buckets[0].counts) if data.health.buckets else []
    out += md_table(
        [data.health.bucket, *verdicts],
        [
            [b.start.isoformat(), *(str(b.counts[v]) for v in verdicts)]
            for b in data.health.buckets
            if any(b.counts.values())
        ],
        right=len(verdicts),
    )
    if data.changes is not None:
        out += _md_changes(data.changes)
    return "\n".join(out).rstrip() + "\n"


def _md_risky_row(claim: RiskyClaim) -> list[str]:
    best = claim.evidence[0] if claim.evidence else None
    evidence = (
        f"{md_cell(best.verdict)} {best.score:.2f}: “{md_cell(_shorten(best.exact, 160))}” "
        f"({md_link('source', best.url)})"
        if best
        else "-"
    )
    sources = "; ".join(
        f"{md_link(_source_label(s), s.url)} ({md_cell(s.state)})"
        + (f" {md_link('archived', s.archived_url)}" if safe_url(s.archived_url) else "")
        for s in claim.sources
    )
    return [
        str(claim.rank),
        str(claim.risk),
        md_cell(claim.status),
        md_cell(claim.hedge),
        f"{md_cell(claim.text)} (#{claim.id})",
        md_cell(claim.article_title or "-"),
        sources or "none",
        evidence,
    ]


def _md_changes(changes: Changes) -> list[str]:
    out = [f"## Changes since {md_cell(iso_utc(changes.since))}", "", "### Sources that died", ""]
    for events in (changes.sources_died, changes.sources_revived):
        out += md_table(
            ["source", "url / title", "from", "to", "now", "when", "why"],
            [
                [
                    str(e.source_id),
                    md_link(e.url or e.title or "-", e.url),
                    md_cell(e.old or "-"),
                    md_cell(e.new),
                    md_cell(e.current_state),
                    md_cell(_day(e.at)),
                    md_cell(e.reason or ""),
                ]
                for e in events
            ],
        )
        if events is changes.sources_died:
            out += ["### Sources that came back", ""]
    out += [f"### Claim status changes ({changes.claim_changes_total})", ""]
    out += md_table(
        ["field", "from", "to", "claims"],
        [
            [md_cell(t.field), md_cell(t.old or "-"), md_cell(t.new), str(t.count)]
            for t in changes.claim_transitions
        ],
        right=1,
    )
    out += md_table(
        ["claim", "change", "why", "by", "when"],
        [
            [
                f"{md_cell(_shorten(c.text, 120))} (#{c.claim_id})",
                f"{md_cell(c.old or '-')} → {md_cell(c.new)}",
                md_cell(c.reason or ""),
                md_cell(c.actor),
                md_cell(_day(c.at)),
            ]
            for c in changes.claim_changes
        ],
    )
    out += ["### Evidence lost", ""]
    out += md_table(
        ["claim", "source", "quote", "archived copy", "when"],
        [
            [
                f"{md_cell(_shorten(e.claim_text, 120))} (#{e.claim_id})",
                md_link(e.url or f"source {e.source_id}", e.url),
                md_cell(_shorten(e.exact, 160)),
                md_link("archived", e.archived_url) if safe_url(e.archived_url) else "-",
                md_cell(_day(e.at)),
            ]
            for e in changes.evidence_lost
        ],
    )
    return out


# --- terminal tables ---------------------------------------------------------------------------

_RICH_STYLE = {
    "refuted": "bold red",
    "conflicting": "red",
    "disputed": "magenta",
    "unsupported": "dark_orange",
    "unavailable": "dark_orange",
    "dead": "red",
    "failing": "dark_orange",
    "alive": "green",
    "supported": "green",
    "corroborated": "bold green",
    "confirmed": "bold green",
}


def _styled(value: str) -> Text:
    return Text(value, style=_RICH_STYLE.get(value, ""))


def count_of(n: int, noun: str) -> str:
    """ "1 claim", "2 claims"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def table_renderables(data: ReportData) -> list[RenderableType]:
    t = data.totals
    parts: list[RenderableType] = [
        Text(
            f"{count_of(t.claims, 'claim')} in {count_of(t.articles, 'article')}, "
            f"{count_of(t.sources, 'source')}; "
            f"{t.at_risk} at risk, {t.well_founded} well founded ({_filters_line(data)})",
            style="bold",
        )
    ]
    hedges = list(data.by_hedge)
    matrix = Table(
        "status", *hedges, "total", title="Claims by status × hedge", title_justify="left"
    )
    for status, row in data.by_status_and_hedge.items():
        if data.by_status[status]:
            matrix.add_row(
                _styled(status), *(str(row[h]) for h in hedges), str(data.by_status[status])
            )
    parts.append(matrix)
    health = Table("state", "sources", title="Source health", title_justify="left")
    for state, count in data.sources_by_state.items():
        health.add_row(_styled(state), str(count))
    parts.append(health)
    risky = Table(
        "#",
        "risk",
        "status",
        "hedge",
        "src",
        "claim",
        title="Riskiest claims",
        title_justify="left",
    )
    for claim in data.risky_claims:
        risky.add_row(
            str(claim.rank),
            str(claim.risk),
            _styled(claim.status),
            claim.hedge,
            str(claim.source_count),
            Text(f"#{claim.id} {_shorten(claim.text, 200)}"),
        )
    parts.append(risky)
    articles = Table("id", "article", "claims", "at risk", "well founded", title="Articles")
    for article in _shown_articles(data):
        articles.add_row(
            str(article.id or "-"),
            Text(_shorten(article.title or "(claims added by hand)", 80)),
            str(article.claims),
            str(article.at_risk),
            _percent(article.well_founded, article.claims),
        )
    parts.append(articles)
    if len(data.articles) > data.filters.limit:
        parts.append(Text(f"…and {len(data.articles) - data.filters.limit} more articles"))
    if data.changes is not None:
        parts.append(_changes_table(data.changes, data.filters.limit))
    return parts


def _changes_table(changes: Changes, limit: int) -> Table:
    table = Table("what", "id", "change", "detail", title=f"Changes since {iso_utc(changes.since)}")
    # A terminal is no place for hundreds of rows: each list stops at --limit, and the claim
    # transition counts come first so nothing is lost from the overview.
    rows: list[tuple[str, list[tuple[str, str, str]]]] = [
        (
            "source died",
            [
                (str(e.source_id), f"{e.old or '-'} → dead", e.url or e.title or "")
                for e in changes.sources_died
            ],
        ),
        (
            "source back",
            [
                (str(e.source_id), f"dead → {e.new}", e.url or e.title or "")
                for e in changes.sources_revived
            ],
        ),
        (
            "claims",
            [
                ("", f"{t.count} × {t.old or '-'} → {t.new}", t.field)
                for t in changes.claim_transitions
            ],
        ),
        (
            "claim change",
            [
                (str(c.claim_id), f"{c.old or '-'} → {c.new}", _shorten(c.text, 100))
                for c in changes.claim_changes
            ],
        ),
        (
            "evidence lost",
            [
                (str(e.claim_id), f"source {e.source_id}", _shorten(e.exact, 100))
                for e in changes.evidence_lost
            ],
        ),
    ]
    for what, items in rows:
        for ident, change, detail in items[:limit]:
            table.add_row(what, ident, change, Text(detail))
        if len(items) > limit:
            table.add_row(what, "", f"…and {len(items) - limit} more", "")
    return table


def render_table(data: ReportData, *, width: int = 140, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        soft_wrap=False,
    )
    console.print(Group(*table_renderables(data)))
    return buffer.getvalue()


# --- HTML --------------------------------------------------------------------------------------

STATUS_COLORS = {
    "confirmed": "#1b5e20",
    "corroborated": "#2e7d32",
    "supported": "#66bb6a",
    "weak": "#c0ca33",
    "unchecked": "#9e9e9e",
    "unresolved": "#78909c",
    "unsourced": "#b0bec5",
    "unavailable": "#8d6e63",
    "unsupported": "#ef6c00",
    "conflicting": "#d84315",
    "disputed": "#ad1457",
    "refuted": "#b71c1c",
}
HEDGE_COLORS = {
    "reported": "#c62828",
    "speculative": "#ef8f00",
    "attributed": "#1565c0",
    "asserted": "#78909c",
}
STATE_COLORS = {
    "alive": "#2e7d32",
    "redirected": "#26a69a",
    "soft_404": "#f9a825",
    "blocked": "#7e57c2",
    "failing": "#ef6c00",
    "dead": "#c62828",
    "unresolved": "#78909c",
    "unchecked": "#bdbdbd",
}
_GREY = "#9e9e9e"

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;
 font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
 color:var(--fg);background:var(--bg)}
main{max-width:1120px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 12px;padding-bottom:6px;
 border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:20px 0 8px}
.lead{color:var(--muted);margin:0 0 20px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(128px,1fr));gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:var(--soft)}
.card b{display:block;font-size:26px;line-height:1.2}.card span{color:var(--muted);
 font-size:13px}
.card.risk b{color:#b71c1c}.card.good b{color:#2e7d32}
.grid2{display:grid;grid-template-columns:3fr 2fr;gap:24px;align-items:start}
figure{margin:0}figcaption{color:var(--muted);font-size:13px;margin-top:4px}
svg{max-width:100%;height:auto;display:block}svg.wide{width:100%}
svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#1f2328}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px;color:var(--muted);margin:6px 0}
.legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;
 vertical-align:-1px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;vertical-align:top;padding:7px 8px;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600}td.n,th.n{text-align:right;
 font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:0 7px;border-radius:10px;font-size:12px;line-height:19px;
 color:#fff;white-space:nowrap}
.claim{margin:0 0 4px;font-weight:500}.meta{margin:0;color:var(--muted);font-size:13px}
blockquote{margin:0 0 4px;padding:4px 10px;border-left:3px solid #c0ca33;background:var(--soft);
 font-size:13px}
blockquote .ctx{color:var(--muted)}mark{background:#fff3b0;padding:0 1px}
ul.src{margin:0;padding-left:16px;font-size:13px}ul.src li{margin-bottom:3px;
 overflow-wrap:anywhere}
a{color:#0969da}.riskn{font-weight:700;font-size:16px}
.bar{display:flex;height:10px;min-width:80px;border-radius:3px;overflow:hidden;
 background:var(--soft)}
.empty{color:var(--muted);font-style:italic}
footer{margin-top:40px;color:var(--muted);font-size:13px}
@media (max-width:760px){
 main{padding:16px 12px}.grid2{grid-template-columns:1fr}
 table.stack thead{display:none}
 table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
 table.stack tr{border:1px solid var(--line);border-radius:8px;margin-bottom:12px;padding:4px 0}
 table.stack td{border:0;padding:4px 10px}
 table.stack td[data-label]::before{content:attr(data-label);display:block;font-size:11px;
 text-transform:uppercase;color:var(--muted)}
 table.stack td.n{text-align:left}
}
@media print{
 body{font-size:10pt}main{max-width:none;padding:0}
 h2{break-after:avoid}tr,figure,.card{break-inside:avoid}
 .card,th,blockquote{background:none}a{color:inherit;text-decoration:none}
 ul.src a[href]::after{content:" <" attr(href) ">";font-size:8pt;color:#555;
 overflow-wrap:anywhere}
}
"""


def esc(value: object) -> str:
    """Escape for HTML text and (double- or single-quoted) attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def link(label: str, url: str | None, cls: str = "") -> str:
    href = safe_url(url)
    if href is None:
        return esc(label)
    attrs = f' class="{esc(cls)}"' if cls else ""
    return f'<a href="{esc(href)}" rel="noopener noreferrer nofollow"{attrs}>{esc(label)}</a>'


def _badge(value: str, colors: dict[str, str]) -> str:
    return f'<span class="badge" style="background:{colors.get(value, _GREY)}">{esc(value)}</span>'


def _legend(colors: dict[str, str], keys: Iterable[str]) -> str:
    items = "".join(f'<span><i style="background:{colors[k]}"></i>{esc(k)}</span>' for k in keys)
    return f'<div class="legend">{items}</div>'


def _nice_max(value: int) -> int:
    if value <= 5:
        return max(value, 1)
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return value


def status_hedge_svg(data: ReportData) -> str:
    """Horizontal stacked bars: one per status, split by hedge."""
    rows = [(s, r) for s, r in data.by_status_and_hedge.items() if data.by_status[s]]
    if not rows:
        return '<p class="empty">No claims.</p>'
    label_w, bar_w, count_w, row_h = 110, 440, 60, 26
    width, height = label_w + bar_w + count_w, row_h * len(rows) + 4
    top = max(data.by_status[s] for s, _ in rows)
    out = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        'aria-labelledby="chart-status-title"><title id="chart-status-title">'
        "Claims by confidence status and hedge</title>"
    ]
    for index, (status, counts) in enumerate(rows):
        y = index * row_h + 4
        out.append(f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end">{esc(status)}</text>')
        x = float(label_w)
        for hedge, count in counts.items():
            if not count:
                continue
            w = bar_w * count / top
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{max(w, 0.5):.1f}" height="{row_h - 8}" '
                f'fill="{HEDGE_COLORS.get(hedge, _GREY)}"><title>{esc(status)} · {esc(hedge)}: '
                f"{count}</title></rect>"
            )
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + 14}">{data.by_status[status]}</text>')
    out.append("</svg>")
    return _legend(HEDGE_COLORS, data.by_hedge) + "".join(out)


def source_state_svg(data: ReportData) -> str:
    rows = [(k, n) for k, n in data.sources_by_state.items()]
    total = sum(n for _, n in rows)
    if not total:
        return '<p class="empty">No sources.</p>'
    label_w, bar_w, count_w, row_h = 90, 250, 70, 24
    width, height = label_w + bar_w + count_w, row_h * len(rows) + 4
    top = max(n for _, n in rows)
    out = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        'aria-labelledby="chart-state-title"><title id="chart-state-title">'
        "Sources by state</title>"
    ]
    for index, (state, count) in enumerate(rows):
        y = index * row_h + 4
        w = bar_w * count / top
        out.append(
            f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end">{esc(state)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{max(w, 0.5 if count else 0):.1f}" '
            f'height="{row_h - 8}" fill="{STATE_COLORS.get(state, _GREY)}"><title>{esc(state)}: '
            f"{count}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + 13}">{count} '
            f"({_percent(count, total)})</text>"
        )
    out.append("</svg>")
    return "".join(out)


def health_svg(health: HealthSeries) -> str:
    """Stacked areas of check verdicts per day (or week), oldest on the left."""
    buckets = health.buckets
    if not buckets or not health.checks:
        return '<p class="empty">No checks in this window.</p>'
    verdicts = list(buckets[0].counts)
    left, right, top_pad, bottom = 48, 12, 10, 26
    width, height = 1080, 260
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    top = _nice_max(max(sum(b.counts.values()) for b in buckets))
    step = plot_w / len(buckets)
    # Each bucket is drawn at its centre; the first and last values are held to the edges.
    xs = [left + step * (i + 0.5) for i in range(len(buckets))]
    xs = [float(left), *xs, float(left + plot_w)]

    def y_of(value: float) -> float:
        return top_pad + plot_h - plot_h * value / top

    out = [
        f'<svg class="wide" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-labelledby="chart-health-title"><title id="chart-health-title">'
        f"Source checks per {esc(health.bucket)} by verdict</title>"
    ]
    for fraction in (0, 0.5, 1):
        y = y_of(top * fraction)
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#d1d9e0" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{round(top * fraction)}</text>'
        )
    below = [0.0] * len(buckets)
    for verdict in verdicts:
        above = [b + bucket.counts[verdict] for b, bucket in zip(below, buckets, strict=True)]
        if above != below:
            upper = [above[0], *above, above[-1]]
            lower = [below[0], *below, below[-1]]
            points = [f"{x:.1f},{y_of(v):.1f}" for x, v in zip(xs, upper, strict=True)]
            points += [
                f"{x:.1f},{y_of(v):.1f}" for x, v in zip(reversed(xs), reversed(lower), strict=True)
            ]
            total = sum(bucket.counts[verdict] for bucket in buckets)
            out.append(
                f'<polygon points="{" ".join(points)}" fill="{STATE_COLORS.get(verdict, _GREY)}" '
                f'fill-opacity="0.85"><title>{esc(verdict)}: {total} checks</title></polygon>'
            )
        below = above
    ticks = sorted({0, len(buckets) // 2, len(buckets) - 1})
    for index in ticks:
        anchor = "start" if index == 0 else "end" if index == len(buckets) - 1 else "middle"
        x = left if anchor == "start" else left + plot_w if anchor == "end" else xs[index + 1]
        out.append(
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="{anchor}">'
            f"{buckets[index].start.isoformat()}</text>"
        )
    out.append("</svg>")
    return _legend(STATE_COLORS, verdicts) + "".join(out)


def _article_bar(article: ArticleSummary) -> str:
    cells = "".join(
        f'<span style="flex:{count};background:{STATUS_COLORS.get(status, _GREY)}" '
        f'title="{esc(status)}: {count}"></span>'
        for status, count in article.by_status.items()
        if count
    )
    return f'<div class="bar">{cells}</div>'


_WHITESPACE = re.compile(r"\s+")
CONTEXT_CHARS = 80


def _context_before(prefix: str | None) -> str:
    # The words next to the quote are at the end of its prefix; keep those, and its spacing.
    flat = _WHITESPACE.sub(" ", prefix or "")
    return flat if len(flat) <= CONTEXT_CHARS else "…" + flat[-CONTEXT_CHARS:].lstrip()


def _context_after(suffix: str | None) -> str:
    flat = _WHITESPACE.sub(" ", suffix or "")
    return flat if len(flat) <= CONTEXT_CHARS else flat[:CONTEXT_CHARS].rstrip() + "…"


def _html_evidence(claim: RiskyClaim) -> str:
    if not claim.evidence:
        return '<span class="empty">No evidence anchored.</span>'
    parts = []
    for ev in claim.evidence[:2]:
        quote_html = (
            f'<blockquote><span class="ctx">{esc(_context_before(ev.prefix))}</span>'
            f"<mark>{esc(ev.exact)}</mark>"
            f'<span class="ctx">{esc(_context_after(ev.suffix))}</span></blockquote>'
            if ev.exact
            else ""
        )
        archived = (
            " · " + link("archived copy", ev.archived_url) if safe_url(ev.archived_url) else ""
        )
        parts.append(
            f'{quote_html}<p class="meta">{esc(ev.verdict)} · score {ev.score:.2f} · '
            f"{link('source', ev.url)}{archived}</p>"
        )
    return "".join(parts)


def _html_sources(claim: RiskyClaim) -> str:
    if not claim.sources:
        return '<span class="empty">No source linked.</span>'
    items = []
    for source in claim.sources:
        archived = (
            " · " + link("archived copy", source.archived_url)
            if safe_url(source.archived_url)
            else ""
        )
        label = _shorten(_source_label(source), 90)
        items.append(
            f"<li>{_badge(source.state, STATE_COLORS)} {link(label, source.url)}{archived}</li>"
        )
    return f'<ul class="src">{"".join(items)}</ul>'


def _html_risky(data: ReportData) -> str:
    if not data.risky_claims:
        return '<p class="empty">No claim at risk.</p>'
    rows = []
    for claim in data.risky_claims:
        meta = [_badge(claim.status, STATUS_COLORS), _badge(claim.hedge, HEDGE_COLORS)]
        if claim.attributed_to:
            meta.append(f"attributed to {esc(claim.attributed_to)}")
        if claim.article_title:
            meta.append(f"in <i>{esc(claim.article_title)}</i>")
        meta.append(f"{claim.source_count} source{'s' if claim.source_count != 1 else ''}")
        why = claim.review_note or claim.status_reason
        rows.append(
            "<tr>"
            f'<td class="n" data-label="Risk"><span class="riskn">{claim.risk}</span><br>'
            f'<span class="meta">#{claim.rank}</span></td>'
            f'<td data-label="Claim"><p class="claim">{esc(claim.text)}</p>'
            f'<p class="meta">{" · ".join(meta)} · claim {claim.id}</p>'
            + (f'<p class="meta">Why: {esc(why)}</p>' if why else "")
            + "</td>"
            f'<td data-label="Evidence">{_html_evidence(claim)}</td>'
            f'<td data-label="Sources">{_html_sources(claim)}</td>'
            "</tr>"
        )
    return (
        '<table class="stack risky"><thead><tr><th class="n">Risk</th><th>Claim</th>'
        "<th>Best evidence</th><th>Sources</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _html_articles(data: ReportData) -> str:
    if not data.articles:
        return '<p class="empty">No articles.</p>'
    rows = "".join(
        "<tr>"
        f'<td data-label="Article">'
        f"{link(a.title or f'article {a.id}', a.url) if a.id else '<i>claims added by hand</i>'}"
        "</td>"
        f'<td class="n" data-label="Claims">{a.claims}</td>'
        f'<td class="n" data-label="At risk">{a.at_risk}</td>'
        f'<td class="n" data-label="Well founded">{_percent(a.well_founded, a.claims)}</td>'
        f'<td data-label="Status mix">{_article_bar(a)}</td>'
        "</tr>"
        for a in _shown_articles(data)
    )
    hidden = len(data.articles) - len(_shown_articles(data))
    more = (
        f'<p class="meta">…and {hidden} more articles (--format json lists them all).</p>'
        if hidden
        else ""
    )
    return (
        '<table class="stack"><thead><tr><th>Article</th><th class="n">Claims</th>'
        '<th class="n">At risk</th><th class="n">Well founded</th><th>Status mix</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>{more}"
    )


def _html_changes(changes: Changes) -> str:
    def events_table(events: Sequence[Any], empty: str) -> str:
        if not events:
            return f'<p class="empty">{esc(empty)}</p>'
        rows = "".join(
            "<tr>"
            f'<td data-label="Source">{link(e.title or e.url or f"source {e.source_id}", e.url)}'
            f'<p class="meta">source {e.source_id}</p></td>'
            f'<td data-label="Change">{esc(e.old or "-")} → {esc(e.new)}</td>'
            f'<td data-label="Now">{_badge(e.current_state, STATE_COLORS)}</td>'
            f'<td data-label="When">{esc(_day(e.at))}</td>'
            f'<td data-label="Why">{esc(e.reason or "")}</td>'
            "</tr>"
            for e in events
        )
        return (
            '<table class="stack"><thead><tr><th>Source</th><th>Change</th><th>Now</th>'
            f"<th>When</th><th>Why</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    claim_rows = "".join(
        "<tr>"
        f'<td data-label="Claim">{esc(_shorten(c.text, 200))}<p class="meta">claim {c.claim_id}'
        "</p></td>"
        f'<td data-label="Change">{esc(c.field)}: {esc(c.old or "-")} → '
        f"{_badge(c.new, STATUS_COLORS)}</td>"
        f'<td data-label="Why">{esc(c.reason or "")}</td>'
        f'<td data-label="By">{esc(c.actor)}</td>'
        f'<td data-label="When">{esc(_day(c.at))}</td>'
        "</tr>"
        for c in changes.claim_changes
    )
    lost_rows = "".join(
        "<tr>"
        f'<td data-label="Claim">{esc(_shorten(e.claim_text, 160))}'
        f'<p class="meta">claim {e.claim_id}</p></td>'
        f'<td data-label="Quote">{esc(_shorten(e.exact, 200))}</td>'
        f'<td data-label="Source">{link(e.url or f"source {e.source_id}", e.url)}'
        + (" · " + link("archived copy", e.archived_url) if safe_url(e.archived_url) else "")
        + f'</td><td data-label="When">{esc(_day(e.at))}</td></tr>'
        for e in changes.evidence_lost
    )
    return "".join(
        [
            f'<section id="changes"><h2>Changes since {esc(_day(changes.since))} UTC</h2>',
            f"<h3>Sources that died ({len(changes.sources_died)})</h3>",
            events_table(changes.sources_died, "No source died."),
            f"<h3>Sources that came back ({len(changes.sources_revived)})</h3>",
            events_table(changes.sources_revived, "No dead source came back."),
            f"<h3>Claim status changes ({changes.claim_changes_total})</h3>",
            (
                '<table class="stack"><thead><tr><th>Claim</th><th>Change</th><th>Why</th>'
                f"<th>By</th><th>When</th></tr></thead><tbody>{claim_rows}</tbody></table>"
                if claim_rows
                else '<p class="empty">No claim changed status.</p>'
            ),
            f"<h3>Evidence lost ({len(changes.evidence_lost)})</h3>",
            (
                '<table class="stack"><thead><tr><th>Claim</th><th>Quote</th><th>Source</th>'
                f"<th>When</th></tr></thead><tbody>{lost_rows}</tbody></table>"
                if lost_rows
                else '<p class="empty">No evidence was lost.</p>'
            ),
            "</section>",
        ]
    )


def render_html(data: ReportData) -> str:
    t = data.totals
    cards = [
        ("", t.claims, "claims"),
        ("", t.articles, "articles"),
        ("", t.sources, "sources"),
        ("risk", t.at_risk, f"at risk ({_percent(t.at_risk, t.claims)})"),
        ("good", t.well_founded, f"well founded ({_percent(t.well_founded, t.claims)})"),
        ("", t.reviewed, "reviewed"),
    ]
    dead = data.sources_by_state.get("dead", 0)
    cards.insert(4, ("risk" if dead else "", dead, "dead sources"))
    card_html = "".join(
        f'<div class="card {cls}"><b>{value}</b><span>{esc(label)}</span></div>'
        for cls, value, label in cards
    )
    return "".join(
        [
            "<!DOCTYPE html>\n",
            '<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            # An inline icon stops the browser asking the server for /favicon.ico.
            '<link rel="icon" href="data:,">',
            "<title>Claims report</title>",
            f"<style>{CSS}</style></head><body><main>",
            '<header><h1>Claims report</h1><p class="lead">',
            f"Generated {esc(_day(data.generated_at))} UTC · {esc(_filters_line(data))}</p>",
            f'<div class="cards">{card_html}</div></header>',
            '<section id="status-hedge"><h2>Claims by confidence status and hedge</h2>',
            '<div class="grid2"><figure>',
            status_hedge_svg(data),
            "<figcaption>Each bar is one confidence status, split by how the sentence hedges."
            "</figcaption></figure>",
            '<figure id="source-health"><h3>Source health</h3>',
            source_state_svg(data),
            "</figure></div></section>",
            '<section id="health-over-time">',
            f"<h2>Source checks per {esc(data.health.bucket)}</h2><figure>",
            health_svg(data.health),
            f"<figcaption>{data.health.checks} checks from {data.health.start.isoformat()} to "
            f"{data.health.end.isoformat()}, stacked by verdict.</figcaption></figure></section>",
            f'<section id="risky-claims"><h2>Riskiest claims ({len(data.risky_claims)})</h2>',
            '<p class="lead">Risk = status weight × hedge weight: an unnamed "reportedly" that '
            "nothing supports outranks a plain assertion. Ties: fewer sources, then older.</p>",
            _html_risky(data),
            "</section>",
            f'<section id="articles"><h2>Articles ({len(data.articles)})</h2>',
            _html_articles(data),
            "</section>",
            _html_changes(data.changes) if data.changes is not None else "",
            f"<footer>{esc(TOOL_NAME)} report · schema {SCHEMA_VERSION} · "
            "self-contained: no scripts, no external requests.</footer>",
            "</main></body></html>\n",
        ]
    )


def render(data: ReportData, fmt: ReportFormat, *, color: bool = False, width: int = 140) -> str:
    """Render an aggregated report (every format except the per-claim csv and claimreview)."""
    if fmt is ReportFormat.JSON:
        return render_json(data)
    if fmt is ReportFormat.MARKDOWN:
        return render_markdown(data)
    if fmt is ReportFormat.HTML:
        return render_html(data)
    if fmt is ReportFormat.TABLE:
        return render_table(data, width=width, color=color)
    raise ValueError(f"{fmt} is rendered from per-claim rows, not from ReportData")
