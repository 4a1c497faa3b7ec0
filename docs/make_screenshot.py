"""Build a realistic demo database, render its HTML report, and screenshot it as docs/report.png.

    PYTHONPATH=. python docs/make_screenshot.py            # needs chromium on PATH
    PYTHONPATH=. python docs/make_screenshot.py --keep     # also keep report.html beside the png

The claims follow the motivating article (Microsoft, OpenAI and MAI); the randomness is seeded so
the picture only changes when the report does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from claims_tracker import db, report
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
)

HERE = Path(__file__).resolve().parent
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)

ARTICLES = [
    ("Microsoft and OpenAI: from partners to rivals", "https://example-tech.news/msft-openai"),
    ("Inside the race for in-house reasoning models", "https://example-tech.news/mai-models"),
    ("Stargate and the new cloud alliances", "https://example-tech.news/stargate"),
    ("What Copilot's numbers really say", "https://example-tech.news/copilot-numbers"),
]
SOURCES = [
    ("https://www.theinformation.com/articles/openai-o1-microsoft", "OpenAI keeps o1 to itself"),
    ("https://www.reuters.com/technology/microsoft-mai-models", "Microsoft readies MAI models"),
    ("https://www.bloomberg.com/news/microsoft-xai-grok-azure", "Microsoft tests xAI's Grok"),
    ("https://blogs.microsoft.com/blog/microsoft-openai-partnership", "Our partnership"),
    ("https://openai.com/index/announcing-the-stargate-project", "Announcing Stargate"),
    ("https://www.cnbc.com/azure-openai-exclusive", "Azure exclusivity, explained"),
    ("https://www.theverge.com/microsoft-copilot-usage", "Copilot by the numbers"),
    ("https://www.ft.com/content/openai-microsoft-stake", "The OpenAI stake"),
    ("https://techcrunch.com/mai-1-preview", "MAI-1 preview dates"),
    ("https://www.wsj.com/tech/ai/microsoft-openai-talks", "Inside the OpenAI talks"),
    ("https://analyst.example.org/copilot-note", "Analyst note: Copilot seats"),
    ("https://www.geekwire.com/microsoft-ai-chief", "Microsoft's AI chief"),
]
HEADLINE_CLAIMS = [
    (
        "According to reports, OpenAI refused to share proprietary details of its powerful o1 "
        "model with Microsoft.",
        Hedge.REPORTED,
        ClaimStatus.UNSUPPORTED,
        "reports",
    ),
    (
        "Microsoft has accelerated its own large language models, known as MAI, which reportedly "
        "rival OpenAI's models in scale and performance.",
        Hedge.REPORTED,
        ClaimStatus.UNAVAILABLE,
        "reports",
    ),
    (
        "Microsoft's MAI models are expected to be accessible via APIs, potentially within the "
        "year.",
        Hedge.SPECULATIVE,
        ClaimStatus.CONFLICTING,
        None,
    ),
    (
        "Microsoft reportedly plans to cut Azure prices for MAI customers by 20%.",
        Hedge.REPORTED,
        ClaimStatus.REFUTED,
        "people familiar with the matter",
    ),
    (
        "OpenAI's models continue to be hosted exclusively on Azure.",
        Hedge.ASSERTED,
        ClaimStatus.CONFLICTING,
        None,
    ),
    (
        "Microsoft is evaluating third-party AI models, including those from Elon Musk's xAI.",
        Hedge.REPORTED,
        ClaimStatus.SUPPORTED,
        "reports",
    ),
    (
        "According to OpenAI, the Stargate project partners with Oracle and SoftBank.",
        Hedge.ATTRIBUTED,
        ClaimStatus.CORROBORATED,
        "OpenAI",
    ),
    (
        "Satya Nadella said Microsoft will keep its stake in OpenAI.",
        Hedge.ATTRIBUTED,
        ClaimStatus.CONFIRMED,
        "Satya Nadella",
    ),
]
SUBJECTS = ["Microsoft", "OpenAI", "Oracle", "SoftBank", "xAI", "Nvidia"]
TEMPLATES = {
    Hedge.REPORTED: "{s} reportedly {v}, people familiar with the matter say.",
    Hedge.ATTRIBUTED: "According to {p}, {s} {v}.",
    Hedge.SPECULATIVE: "{s} is expected to {vb} by next year.",
    Hedge.ASSERTED: "{s} {v} last quarter.",
}
VERBS = [
    ("signed a $2.5 billion cloud contract", "sign a $2.5 billion cloud contract"),
    ("hired 500 engineers for its AI unit", "hire 500 engineers for its AI unit"),
    ("reached 40 million paid Copilot seats", "reach 40 million paid Copilot seats"),
    ("spent $13 billion on data centres", "spend $13 billion on data centres"),
    ("cut inference prices by 14%", "cut inference prices by 14%"),
    ("doubled its GPU capacity in Texas", "double its GPU capacity in Texas"),
]
PEOPLE = ["Reuters", "Bloomberg", "Mustafa Suleyman", "a company filing", "CNBC"]
STATUS_MIX = {
    ClaimStatus.SUPPORTED: 26,
    ClaimStatus.CORROBORATED: 12,
    ClaimStatus.WEAK: 12,
    ClaimStatus.UNSUPPORTED: 12,
    ClaimStatus.UNCHECKED: 6,
    ClaimStatus.UNAVAILABLE: 6,
    ClaimStatus.UNSOURCED: 6,
    ClaimStatus.UNRESOLVED: 5,
    ClaimStatus.CONFLICTING: 4,
}


def populate(session: Session) -> None:
    rng = random.Random(2026)
    day = dt.timedelta(days=1)
    articles = [
        Article(
            title=title,
            url=url,
            publisher="Example Tech News",
            published_at=NOW - (60 - 10 * n) * day,
            body=title,
            body_sha256=f"{n:064x}",
        )
        for n, (title, url) in enumerate(ARTICLES)
    ]
    session.add_all(articles)
    sources = [
        Source(
            url=url,
            normalized_url=url,
            host=url.split("/")[2],
            title=title,
            state=SourceState.ALIVE,
            consecutive_failures=0,
        )
        for url, title in SOURCES
    ]
    sources.append(
        Source(title="Reference: Microsoft annual report 2025", state=SourceState.UNCHECKED)
    )
    session.add_all(sources)
    session.flush()
    # How each source fared over the last four weeks: (state now, day it went bad or None).
    fates: dict[int, tuple[SourceState, int]] = {
        0: (SourceState.DEAD, 5),
        1: (SourceState.FAILING, 3),
        5: (SourceState.REDIRECTED, 12),
        7: (SourceState.BLOCKED, 20),
        10: (SourceState.DEAD, 24),
        11: (SourceState.SOFT_404, 6),
    }
    for index, (state, bad_since) in fates.items():
        sources[index].state = state
        if state is SourceState.DEAD:
            wayback = "https://web.archive.org/web/20250901000000/"
            sources[index].archived_url = f"{wayback}{sources[index].url}"
        changed = NOW - bad_since * day
        session.add(
            StatusChange(
                source_id=sources[index].id,
                field="state",
                old="alive" if state is not SourceState.DEAD else "failing",
                new=state.value,
                reason="3 failing checks over 3 days" if state is SourceState.DEAD else None,
                actor="checker",
                changed_at=changed,
            )
        )
    for index, source in enumerate(sources[:-1]):
        state, bad_since = fates.get(index, (SourceState.ALIVE, -1))
        for days_ago in range(28, -1, -1):
            verdict = CheckVerdict.ALIVE
            if days_ago <= bad_since:
                # A dead source failed for a few days before it was declared dead.
                dying = state is SourceState.DEAD and days_ago > bad_since - 3
                verdict = CheckVerdict.FAILING if dying else CheckVerdict(state.value)
            for _ in range(rng.choice((2, 3, 4))):
                session.add(
                    Check(
                        source_id=source.id,
                        checked_at=NOW - days_ago * day - rng.randrange(20) * dt.timedelta(hours=1),
                        requested_url=source.url or "",
                        verdict=verdict,
                        http_status=200 if verdict is CheckVerdict.ALIVE else 404,
                    )
                )

    claims: list[Claim] = []
    for n, (text, hedge, status, attributed) in enumerate(HEADLINE_CLAIMS):
        claims.append(
            Claim(
                text=text,
                fingerprint=f"h{n}",
                article_id=articles[n % 2].id,
                hedge=hedge,
                status=status,
                attributed_to=attributed,
                status_reason={
                    ClaimStatus.UNSUPPORTED: "sources reachable, no passage supports it",
                    ClaimStatus.UNAVAILABLE: "every source dead; no archived copy holds it",
                    ClaimStatus.CONFLICTING: "techcrunch.com states a different date",
                }.get(status),
                created_at=NOW - (50 - n) * day,
            )
        )
    for n in range(150):
        hedge = rng.choices(list(TEMPLATES), weights=(35, 30, 25, 10))[0]
        verb, base = rng.choice(VERBS)
        text = TEMPLATES[hedge].format(
            s=rng.choice(SUBJECTS), v=verb, vb=base, p=rng.choice(PEOPLE)
        )
        status = rng.choices(list(STATUS_MIX), weights=list(STATUS_MIX.values()))[0]
        claims.append(
            Claim(
                text=text,
                fingerprint=f"g{n}",
                article_id=articles[n % len(articles)].id,
                hedge=hedge,
                status=status,
                created_at=NOW - rng.randrange(60) * day,
            )
        )
    for claim in claims:
        if claim.status in (ClaimStatus.CONFIRMED, ClaimStatus.REFUTED):
            claim.review_verdict = ReviewVerdict(claim.status.value)
            claim.reviewed_at = NOW - 2 * day
            claim.review_note = (
                "Microsoft's price list shows no MAI discount."
                if claim.status is ClaimStatus.REFUTED
                else "Confirmed in the FY2025 annual report."
            )
    session.add_all(claims)
    session.flush()
    for n, claim in enumerate(claims):
        if claim.status is ClaimStatus.UNSOURCED:
            continue
        picks = {n % 12, (n * 7 + 3) % 12} if n % 3 else {n % 12}
        if claim.status is ClaimStatus.UNRESOLVED:
            picks = {12}
        for index in sorted(picks):
            session.add(
                ClaimSource(claim_id=claim.id, source_id=sources[index].id, relation=Relation.CITED)
            )
    quotes = [
        (
            0,
            0,
            "OpenAI has declined to give Microsoft access to the inner workings of o1",
            "The startup ",
            " according to two people",
            EvidenceVerdict.PARTIAL,
            0.62,
        ),
        (
            0,
            9,
            "Microsoft asked for details of the reasoning model",
            "Last month, ",
            " but talks stalled.",
            EvidenceVerdict.NOT_FOUND,
            0.31,
        ),
        (
            1,
            10,
            "MAI-1 is a 500-billion-parameter model",
            "Internally, ",
            " trained on Azure",
            EvidenceVerdict.PARTIAL,
            0.55,
        ),
        (
            2,
            8,
            "MAI models will reach developers in 2027",
            "Microsoft said ",
            ", later than",
            EvidenceVerdict.CONFLICTING,
            0.71,
        ),
        (
            4,
            4,
            "Stargate will run on Oracle Cloud Infrastructure",
            "Initially, ",
            " and Azure.",
            EvidenceVerdict.CONFLICTING,
            0.66,
        ),
        (
            5,
            2,
            "Microsoft has been testing models from xAI, Meta and DeepSeek",
            "Beyond OpenAI, ",
            " as Copilot replacements.",
            EvidenceVerdict.SUPPORTS,
            0.88,
        ),
    ]
    for claim_index, source_index, exact, prefix, suffix, ev_verdict, score in quotes:
        session.add(
            Evidence(
                claim_id=claims[claim_index].id,
                source_id=sources[source_index].id,
                exact=exact,
                prefix=prefix,
                suffix=suffix,
                score=score,
                method="bm25+fuzzy",
                verdict=ev_verdict,
            )
        )
    passages = [
        ("the contract, valued at roughly $2.5 billion, runs for five years", "supports"),
        ("hiring has slowed across the AI group this year", "conflicting"),
        ("paid seats grew, though the company gave no figure", "partial"),
        ("capital spending on data centres rose sharply", "partial"),
        ("no price change was announced", "not_found"),
    ]
    for n, claim in enumerate(claims[len(quotes) + 2 :]):
        if claim.status in (ClaimStatus.UNSOURCED, ClaimStatus.UNRESOLVED, ClaimStatus.UNCHECKED):
            continue
        exact, verdict_name = passages[n % len(passages)]
        session.add(
            Evidence(
                claim_id=claim.id,
                source_id=sources[(len(quotes) + 2 + n) % 12].id,
                exact=exact,
                prefix="In a statement, ",
                suffix=", the report said.",
                score=round(rng.uniform(0.3, 0.9), 2),
                method="bm25",
                verdict=EvidenceVerdict(verdict_name),
            )
        )
    for n, claim in enumerate(claims[8:40]):
        session.add(
            StatusChange(
                claim_id=claim.id,
                field="status",
                old="unchecked",
                new=claim.status.value,
                reason="evidence ranked after check",
                actor="checker",
                changed_at=NOW - (n % 12) * day,
            )
        )
    session.add(
        StatusChange(
            claim_id=claims[3].id,
            field="review",
            old="unsupported",
            new="refuted",
            reason="reviewer verdict: refuted",
            actor="Dana Fact-Checker",
            changed_at=NOW - 2 * day,
        )
    )
    session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description="Screenshot the HTML report for the README.")
    parser.add_argument("--out", type=Path, default=HERE / "report.png")
    parser.add_argument("--keep", action="store_true", help="keep the rendered report.html")
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        engine = db.make_engine(f"sqlite:///{Path(tmp) / 'demo.db'}")
        db.upgrade(engine)
        factory = db.make_sessionmaker(engine)
        with factory() as session:
            populate(session)
        with factory() as session:
            filters = report.ReportFilters(since=NOW - dt.timedelta(days=7), limit=12)
            page = "".join(report.generate(session, filters, report.ReportFormat.HTML, now=NOW))
        engine.dispose()
        html_path = Path(tmp) / "report.html"
        html_path.write_text(page, encoding="utf-8")
        if args.keep:
            shutil.copy(html_path, args.out.with_suffix(".html"))
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={Path(tmp) / 'profile'}",
                "--window-size=1200,2000",
                f"--screenshot={args.out}",
                html_path.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
