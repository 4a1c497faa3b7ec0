"""The HTML report in a real headless Chromium: it renders, stays offline, and runs nothing."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from claims_tracker import db, report
from claims_tracker.config import ReportFormat
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
    Source,
    SourceState,
    utc_now,
)

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SCRIPT_PAYLOAD = "<script>document.title='pwned'</script>"
IMG_PAYLOAD = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
SVG_PAYLOAD = '<svg onload="document.title=1"><a href="javascript:alert(1)">x</a></svg>'
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-default-browser-check",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    message = "chromium is not installed (apt-get install chromium)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


class RecordingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the report directory and remembers every path the browser asks for."""

    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, list[str], Path]]:
    site = tmp_path / "site"
    site.mkdir()
    requests: list[str] = []

    handler = type("Handler", (RecordingHandler,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests, site
    finally:
        server.shutdown()
        server.server_close()


def seed_hostile(session: Session, now: dt.datetime) -> None:
    """An ordinary small database whose article and page text try to inject markup."""
    article = Article(
        title=f"Hostile {IMG_PAYLOAD}",
        url="javascript:alert('article')",
        publisher="Evil Corp",
        body="x",
        body_sha256="c" * 64,
    )
    session.add(article)
    good = Source(
        url="https://news.example.com/story",
        normalized_url="https://news.example.com/story",
        host="news.example.com",
        title=f"Title {SVG_PAYLOAD}",
        state=SourceState.DEAD,
        archived_url="javascript:alert('archive')",
    )
    evil = Source(
        url="javascript:alert(document.domain)",
        normalized_url="javascript:alert(document.domain)",
        host="evil",
        title="click me",
        state=SourceState.ALIVE,
    )
    session.add_all([good, evil])
    session.flush()
    claims = [
        Claim(
            text=f"Acme reportedly {SCRIPT_PAYLOAD} plans {IMG_PAYLOAD} & more",
            fingerprint="f1",
            article_id=article.id,
            hedge=Hedge.REPORTED,
            status=ClaimStatus.UNSUPPORTED,
            attributed_to=f"reports {SCRIPT_PAYLOAD}",
            status_reason=IMG_PAYLOAD,
        ),
        Claim(
            text="Acme is expected to grow 14%.",
            fingerprint="f2",
            article_id=article.id,
            hedge=Hedge.SPECULATIVE,
            status=ClaimStatus.SUPPORTED,
        ),
    ]
    session.add_all(claims)
    session.flush()
    for claim in claims:
        for source in (good, evil):
            session.add(
                ClaimSource(claim_id=claim.id, source_id=source.id, relation=Relation.CITED)
            )
    session.add(
        Evidence(
            claim_id=claims[0].id,
            source_id=good.id,
            exact=f"quoted {SCRIPT_PAYLOAD}",
            prefix=IMG_PAYLOAD,
            suffix=SVG_PAYLOAD,
            score=0.5,
            method="fuzzy",
            verdict=EvidenceVerdict.PARTIAL,
        )
    )
    for days_ago, verdict in ((6, CheckVerdict.ALIVE), (3, CheckVerdict.FAILING), (1, "dead")):
        session.add(
            Check(
                source_id=good.id,
                checked_at=now - dt.timedelta(days=days_ago),
                requested_url=good.url or "",
                verdict=CheckVerdict(verdict),
            )
        )
    session.commit()


def write_report(site: Path, now: dt.datetime) -> Path:
    engine = db.make_engine(f"sqlite:///{site.parent / 'hostile.db'}")
    db.upgrade(engine)
    factory = db.make_sessionmaker(engine)
    with factory() as session:
        seed_hostile(session, now)
    with factory() as session:
        filters = report.ReportFilters(since=now - dt.timedelta(days=7))
        page = "".join(report.generate(session, filters, ReportFormat.HTML, now=now))
    engine.dispose()
    target = site / "report.html"
    target.write_text(page, encoding="utf-8")
    return target


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def test_html_report_renders_offline_and_executes_nothing(
    served: tuple[str, list[str], Path], tmp_path: Path
) -> None:
    base, requests, site = served
    browser = chromium()
    assert browser
    write_report(site, utc_now())

    result = run_chromium(
        tmp_path, "--virtual-time-budget=3000", "--dump-dom", f"{base}/report.html"
    )
    dom = result.stdout

    assert result.returncode == 0, result.stderr[-2000:]
    # Only the page itself: no font, image, stylesheet, favicon or beacon was fetched.
    assert requests == ["/report.html"]
    assert "<title>Claims report</title>" in dom
    for section in ("status-hedge", "source-health", "health-over-time", "risky-claims", "changes"):
        assert f'id="{section}"' in dom
    assert dom.count("<svg") == 3
    # The payloads are text in the page, not elements.
    assert "Acme reportedly &lt;script&gt;document.title='pwned'&lt;/script&gt; plans" in dom
    assert "&lt;img src=x onerror=" in dom
    assert not re.search(r"<(script|img|iframe)\b", dom, re.IGNORECASE)
    assert not re.search(r"<[a-zA-Z][^<>]*\son[a-z]+=", dom), "an element has an event handler"
    assert not re.search(r"<body[^>]*data-pwned", dom)
    hrefs = re.findall(r'<[a-zA-Z]+\s[^<>]*?href="([^"]*)"', dom)
    assert "https://news.example.com/story" in hrefs
    assert all(h.startswith(("https://", "http://", "data:")) for h in hrefs), hrefs


def test_html_report_renders_at_phone_width(
    served: tuple[str, list[str], Path], tmp_path: Path
) -> None:
    base, requests, site = served
    write_report(site, utc_now())
    shot = tmp_path / "phone.png"

    result = run_chromium(
        tmp_path,
        "--window-size=390,1400",
        "--hide-scrollbars",
        f"--screenshot={shot}",
        f"{base}/report.html",
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert requests == ["/report.html"]
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width == 390
