"""How long `claims report` takes on a large database: 100k claims, 100k sources, 500k checks.

    pip install -e .                                  # or PYTHONPATH=. for a plain checkout
    python benchmarks/report_speed.py                 # build benchmarks/out/report.db, time it
    python benchmarks/report_speed.py --reuse         # time an already built database
    python benchmarks/report_speed.py --db postgresql://postgres@127.0.0.1:5432/test

The database is built through the migrations and filled with executemany batches; each format is
then rendered in a fresh transaction three times and the median is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from claims_tracker import db, report
from claims_tracker.config import ReportFormat
from claims_tracker.models import (
    CheckVerdict,
    ClaimStatus,
    EvidenceVerdict,
    Hedge,
    SourceState,
)

FLAGS = (False, False, False)  # soft_404, is_failure, archived
CHECK_VERDICTS = frozenset(v.value for v in CheckVerdict)
OUT = Path(__file__).resolve().parent / "out"
BATCH = 20_000

# Roughly what a year of tracking news articles looks like.
STATUS_MIX = {
    ClaimStatus.SUPPORTED: 30,
    ClaimStatus.CORROBORATED: 12,
    ClaimStatus.WEAK: 12,
    ClaimStatus.UNSUPPORTED: 12,
    ClaimStatus.UNCHECKED: 8,
    ClaimStatus.UNAVAILABLE: 6,
    ClaimStatus.UNSOURCED: 6,
    ClaimStatus.UNRESOLVED: 5,
    ClaimStatus.CONFLICTING: 4,
    ClaimStatus.CONFIRMED: 2,
    ClaimStatus.REFUTED: 2,
    ClaimStatus.DISPUTED: 1,
}
HEDGE_MIX = {Hedge.REPORTED: 35, Hedge.ATTRIBUTED: 30, Hedge.SPECULATIVE: 25, Hedge.ASSERTED: 10}
STATE_MIX = {
    SourceState.ALIVE: 60,
    SourceState.REDIRECTED: 10,
    SourceState.SOFT_404: 3,
    SourceState.BLOCKED: 5,
    SourceState.FAILING: 6,
    SourceState.DEAD: 8,
    SourceState.UNCHECKED: 8,
}


def pick(rng: random.Random, mix: dict[Any, int], k: int) -> list[Any]:
    return rng.choices(list(mix), weights=list(mix.values()), k=k)


def batches(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def insert(engine: Engine, table: str, columns: str, rows: Iterator[tuple[Any, ...]]) -> int:
    """executemany straight on the driver: rows already hold what the column types would bind."""
    sqlite = engine.dialect.name == "sqlite"
    names = columns.split()
    statement = (
        f"INSERT INTO {table} ({', '.join(names)}) "
        f"VALUES ({', '.join(('?' if sqlite else '%s') for _ in names)})"
    )
    count = 0
    with engine.begin() as connection:
        if sqlite:
            # Index pages stay in memory while half a million random keys go in.
            connection.exec_driver_sql("PRAGMA cache_size=-262144")
        for chunk in batches(rows):
            connection.exec_driver_sql(statement, chunk)
            count += len(chunk)
    return count


def build(engine: Engine, claims: int, sources: int, checks: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    sqlite = engine.dialect.name == "sqlite"
    now = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)

    def stamp(value: dt.datetime) -> Any:
        # SQLite stores UTC timestamps as text in SQLAlchemy's format; PostgreSQL takes them as is.
        return value.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else value

    # Every timestamp is one of the hours of the last year, formatted once.
    hours = [stamp(now - h * dt.timedelta(hours=1)) for h in range(365 * 24)]
    recent = 60 * 24  # checks and audit rows fall in the last 60 days
    articles = max(1, claims // 100)
    reviewed = {ClaimStatus.CONFIRMED, ClaimStatus.REFUTED, ClaimStatus.DISPUTED}
    counts: dict[str, int] = {}

    counts["articles"] = insert(
        engine,
        "articles",
        "id title url publisher format body body_sha256 imported_at",
        (
            (
                n,
                f"Article {n} about model partnerships",
                f"https://news{n % 40}.example.com/{n}",
                f"Publisher {n % 40}",
                "text",
                "",
                f"{n:064x}",
                hours[rng.randrange(len(hours))],
            )
            for n in range(1, articles + 1)
        ),
    )
    statuses, hedges = pick(rng, STATUS_MIX, claims), pick(rng, HEDGE_MIX, claims)
    counts["claims"] = insert(
        engine,
        "claims",
        "id text fingerprint article_id hedge status review_verdict cues created_at updated_at",
        (
            (
                n,
                f"Claim {n}: the company reportedly plans to ship model {n % 97} soon.",
                f"{n:064x}",
                None if n % 10 == 0 else 1 + n % articles,
                hedges[n - 1].value,
                statuses[n - 1].value,
                statuses[n - 1].value if statuses[n - 1] in reviewed else None,
                "[]",
                hours[rng.randrange(len(hours))],
                hours[0],
            )
            for n in range(1, claims + 1)
        ),
    )
    states = pick(rng, STATE_MIX, sources)

    def source_row(n: int) -> tuple[Any, ...]:
        url = None if n % 50 == 0 else f"https://host{n % 5000}.example.org/p/{n}"
        state = SourceState.UNCHECKED if url is None else states[n - 1]
        archived = f"https://web.archive.org/web/2025/{url}" if state is SourceState.DEAD else None
        host = url.split("/")[2] if url else None
        title = f"Source page {n}"
        return (n, url, url, host, title, state.value, 0, archived, hours[-1], hours[0])

    counts["sources"] = insert(
        engine,
        "sources",
        "id url normalized_url host title state consecutive_failures archived_url"
        " created_at updated_at",
        (source_row(n) for n in range(1, sources + 1)),
    )
    links: set[tuple[int, int]] = set()
    for claim_id in range(1, claims + 1):
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            links.add((claim_id, rng.randrange(1, sources + 1)))
    ordered = sorted(links)
    counts["claim_sources"] = insert(
        engine,
        "claim_sources",
        "claim_id source_id relation created_at",
        ((c, s, "cited", hours[0]) for c, s in ordered),
    )
    per_source = max(1, checks // sources)

    def check_rows() -> Iterator[tuple[Any, ...]]:
        made = 0
        for source_id in range(1, sources + 1):
            verdict = states[source_id - 1].value
            verdict = verdict if verdict in CHECK_VERDICTS else "alive"
            # Oldest first, as a checker appends them.
            for hour in sorted(rng.sample(range(recent), per_source), reverse=True):
                if made == checks:
                    return
                made += 1
                yield (source_id, hours[hour], "https://example.org/", "[]", verdict, 200, *FLAGS)

    counts["checks"] = insert(
        engine,
        "checks",
        "source_id checked_at requested_url redirects verdict http_status"
        " soft_404 is_failure archived",
        check_rows(),
    )
    ev_verdicts = [v.value for v in EvidenceVerdict]
    counts["evidence"] = insert(
        engine,
        "evidence",
        "claim_id source_id exact prefix suffix score method verdict archived"
        " created_at updated_at",
        (
            (
                c,
                s,
                f"the passage that mentions model {c % 97}",
                "Earlier this year, ",
                " according to the filing.",
                rng.random(),
                "bm25",
                rng.choice(ev_verdicts),
                False,
                hours[30 * 24],
                hours[rng.randrange(recent)],
            )
            for c, s in ordered[::2]
        ),
    )

    def change_row(n: int) -> tuple[Any, ...]:
        at = hours[rng.randrange(recent)]
        if n % 2:  # a source changing state: half die, half come back
            old, new = ("failing", "dead") if n % 4 == 1 else ("dead", "alive")
            return (rng.randrange(1, sources + 1), None, "state", old, new, "checker", at)
        claim = rng.randrange(1, claims + 1)
        return (None, claim, "status", "unchecked", "unsupported", "checker", at)

    counts["status_changes"] = insert(
        engine,
        "status_changes",
        "source_id claim_id field old new actor changed_at",
        (change_row(n) for n in range(claims // 5)),
    )
    # Fresh statistics, as a database that has been in use would have.
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    return counts


def median_seconds(action: Callable[[], int], runs: int = 3) -> tuple[float, int]:
    timings, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), size


def time_formats(engine: Engine, limit: int) -> list[tuple[str, float, int]]:
    factory = db.make_sessionmaker(engine)
    now = dt.datetime.now(dt.UTC)
    cases: list[tuple[str, ReportFormat, report.ReportFilters]] = [
        (fmt.value, fmt, report.ReportFilters(limit=limit)) for fmt in ReportFormat
    ]
    cases += [
        (
            "json --since 7d",
            ReportFormat.JSON,
            report.ReportFilters(limit=limit, since=now - dt.timedelta(days=7)),
        ),
        (
            "html --since 30d",
            ReportFormat.HTML,
            report.ReportFilters(limit=limit, since=now - dt.timedelta(days=30)),
        ),
        (
            "json --hedge reported",
            ReportFormat.JSON,
            report.ReportFilters(limit=limit, hedge=Hedge.REPORTED),
        ),
        (
            "json --host host7.example.org",
            ReportFormat.JSON,
            report.ReportFilters(limit=limit, host="host7.example.org"),
        ),
    ]
    results = []
    for name, fmt, filters in cases:

        def produce(fmt: ReportFormat = fmt, filters: report.ReportFilters = filters) -> int:
            with db.transaction(factory) as session:
                return sum(len(chunk) for chunk in report.generate(session, filters, fmt, now=now))

        seconds, size = median_seconds(produce)
        results.append((name, seconds, size))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", help="database URL (default: a SQLite file under benchmarks/out)")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=100_000)
    parser.add_argument("--checks", type=int, default=500_000)
    parser.add_argument("--limit", type=int, default=report.DEFAULT_RISKY_LIMIT)
    parser.add_argument("--reuse", action="store_true", help="time an existing database")
    args = parser.parse_args()

    url = args.db
    if url is None:
        OUT.mkdir(exist_ok=True)
        path = OUT / "report.db"
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    engine = db.make_engine(url)
    if not args.reuse:
        db.upgrade(engine)
        started = time.perf_counter()
        counts = build(engine, args.claims, args.sources, args.checks)
        built = time.perf_counter() - started
        summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        print(f"built in {built:.1f} s: {summary}")
    print(f"database: {engine.dialect.name}, python {sys.version.split()[0]}")
    print(f"{'format':<32}{'median of 3':>12}{'output':>14}")
    for name, seconds, size in time_formats(engine, args.limit):
        print(f"{name:<32}{seconds:>10.3f} s{size / 1024:>11,.0f} KiB")
    engine.dispose()


if __name__ == "__main__":
    main()
