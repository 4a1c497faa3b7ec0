"""Build a demo database through the real pipeline, render its HTML report, screenshot it.

    PYTHONPATH=. python docs/make_screenshot.py            # needs chromium on PATH
    PYTHONPATH=. python docs/make_screenshot.py --keep     # also keep report.html and .db

Nothing here is written into the database by hand: `examples/article.md` and
`docs/demo/sales-tax-vote.md` are imported with the CLI, their sources are pointed (with
`claims source resolve` / `claims link`) at the hand-written news pages in `docs/demo/pages/`,
served by a small HTTP server on loopback addresses (one address per publisher, so "independent
hosts" mean something), and the checker runs once a day for eight days on an injected clock while
the pages change underneath it: one story is taken down and is then read from a Wayback-like
archive, two pages are edited, a PDF link turns into a soft 404, two sites have outages. Then a
reviewer records two verdicts and `claims report --format html --since 7d` renders the result.
Loopback only: the script stops if any source still points outside the demo web.

The data is deterministic; the dates follow the day the script is run.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from claims_tracker import checker, db, verify
from claims_tracker.cli import cli
from claims_tracker.config import Settings
from claims_tracker.fetch import Fetcher, fetch_settings_for

HERE = Path(__file__).resolve().parent
PAGES = HERE / "demo" / "pages"
ARTICLES = [HERE.parent / "examples" / "article.md", HERE / "demo" / "sales-tax-vote.md"]
DAYS = 8  # one `claims check --all` a day at 06:00 UTC, the last one today
PREFERRED_PORT = 8765  # the same port on every address; any free one if it is taken

# One loopback address per publisher (the last octet), so each is its own "host".
SITES = {
    "transit": 2,  # Harbour City Transit Authority
    "ledger": 3,  # The Harbour Ledger
    "institute": 4,  # Metro Mobility Institute
    "civic": 5,  # Harbour Civic Review
    "courier": 6,  # Harbour City Courier
    "bizdaily": 7,  # Bayside Business Daily
    "tpq": 8,  # Transit Planning Quarterly
    "archive": 9,  # a Wayback-like archive
}
UNION_STORY = "/2025/03/union-warns-on-driverless-trams"
CAPTURED = "20250314083012"  # when the archive captured the union story


# --------------------------------------------------------------------------- the web


@dataclass
class Reply:
    status: int
    body: str | bytes = ""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"


def page(name: str) -> Reply:
    return Reply(200, (PAGES / name).read_text(encoding="utf-8"))


def pdf(_day: int) -> Reply:
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return Reply(200, body, content_type="application/pdf")


def not_found(_day: int = 0) -> Reply:
    return Reply(404, "<!DOCTYPE html><title>404 Not Found</title><h1>Not Found</h1>")


def redirect(location: str, status: int = 301) -> Callable[[int], Reply]:
    return lambda _day: Reply(status, "", {"Location": location})


def on_day(
    first: int, before: Callable[[int], Reply], after: Callable[[int], Reply]
) -> Callable[[int], Reply]:
    """`before` until day `first`, `after` from then on."""
    return lambda day: after(day) if day >= first else before(day)


# What each path of each site answers on a given day (0 … DAYS-1).
ROUTES: dict[str, dict[str, Callable[[int], Reply]]] = {
    "transit": {
        # The plan moved to a new address; the old one redirects (a real move: `redirected`).
        "/plans/capital-2025-2030": redirect("/plans/capital-2025-2030-board-draft"),
        "/plans/capital-2025-2030-board-draft": lambda _d: page("transit/capital-plan.html"),
        "/budget/2025-26": lambda _d: page("transit/budget-2025-26.html"),
        # A press release the newsroom took down before the first check.
        "/news/2025/03/drivers-offered-retraining": not_found,
    },
    "ledger": {
        # Online until day 3, then gone: dead after three failures over two days (day 5).
        UNION_STORY: on_day(3, lambda _d: page("ledger/union-warns.html"), not_found),
        "/2025/02/pier-road-depot-rebuild": lambda _d: page("ledger/pier-road-depot.html"),
    },
    "institute": {
        # The PDF's library moves on day 6: the old link answers 200 "not found" (a soft 404).
        "/mmi/automation-payback-2024.pdf": on_day(6, pdf, lambda _d: page("institute/moved.html")),
        # Revised on day 5: the quotes move, evidence is re-anchored.
        "/mmi/automation-payback-2024": on_day(
            5,
            lambda _d: page("institute/automation-payback.html"),
            lambda _d: page("institute/automation-payback-revised.html"),
        ),
    },
    "civic": {
        # An outage on day 3 (failing), back on day 4: one bad day never condemns a link.
        "/sales-tax-extension": lambda day: (
            Reply(503, "Service Unavailable")
            if day == 3
            else page("civic/sales-tax-extension.html")
        ),
    },
    "courier": {
        # Edited on day 4: an update line on top and a new paragraph.
        "/business/hcta-tram-contract-talks": on_day(
            4,
            lambda _d: page("courier/tram-contract-talks.html"),
            lambda _d: page("courier/tram-contract-talks-updated.html"),
        ),
        "/politics/hcta-no-layoff-pledge": lambda _d: Reply(410, "Gone"),
    },
    "bizdaily": {
        # Down since day 6 (failing, not dead yet): the evidence of the last good fetch holds.
        "/companies/tram-makers-harbour-city": on_day(
            6, lambda _d: page("bizdaily/tram-makers.html"), lambda _d: Reply(502, "Bad Gateway")
        ),
        # A paywall: 403 (blocked, never dead).
        "/opinion/driverless-trams-jobs": lambda _d: Reply(403, "Subscribe to read this article."),
    },
    "tpq": {
        "/2025/summer/weekend-ridership-recovery": lambda _d: page("tpq/weekend-ridership.html"),
    },
}

TOOLBAR = '<div id="wm-toolbar">Archive toolbar: captured 14 March 2025. Close</div>'
_REPLAY = re.compile(r"^/web/(\d{1,14})(id_)?/(.+)$")


class Web:
    """The demo internet: one ThreadingHTTPServer per publisher, all on one port."""

    def __init__(self) -> None:
        self.day = 0
        self.servers: list[ThreadingHTTPServer] = []
        self.port = 0

    def url(self, site: str, path: str = "") -> str:
        return f"http://127.0.0.{SITES[site]}:{self.port}{path}"

    def answer(self, site: str, path: str) -> Reply:
        if site == "archive":
            return self.archive(path)
        route = ROUTES[site].get(path.split("?", 1)[0])
        return route(self.day) if route else not_found()

    def archive(self, path: str) -> Reply:
        """`/web/<ts>/<url>` redirects to the capture; `/web/<ts>id_/<url>` is the raw page."""
        match = _REPLAY.match(path)
        if match is None or not match.group(3).endswith(UNION_STORY):
            return not_found()
        timestamp, raw, target = match.groups()
        if raw:
            return page("ledger/union-warns.html")
        if timestamp != CAPTURED:
            return Reply(302, "", {"Location": f"/web/{CAPTURED}/{target}"})
        html = (PAGES / "ledger" / "union-warns.html").read_text(encoding="utf-8")
        return Reply(200, html.replace("<body>", "<body>" + TOOLBAR, 1))

    @contextmanager
    def running(self) -> Iterator[Web]:
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                octet = int(str(self.connection.getsockname()[0]).rsplit(".", 1)[1])
                site = next(name for name, n in SITES.items() if n == octet)
                reply = web.answer(site, self.path)
                body = reply.body if isinstance(reply.body, bytes) else reply.body.encode()
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.servers = bind(Handler)
        self.port = self.servers[0].server_address[1]
        threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in self.servers]
        for thread in threads:
            thread.start()
        try:
            yield self
        finally:
            for server in self.servers:
                server.shutdown()
                server.server_close()


def bind(handler: type[BaseHTTPRequestHandler]) -> list[ThreadingHTTPServer]:
    """A server on every site's address, all on PREFERRED_PORT, else all on one free port."""
    for wanted in (PREFERRED_PORT, 0):
        servers: list[ThreadingHTTPServer] = []
        port = wanted
        try:
            for octet in SITES.values():
                servers.append(ThreadingHTTPServer((f"127.0.0.{octet}", port), handler))
                port = servers[0].server_address[1]
        except OSError:
            for server in servers:
                server.server_close()
            continue
        return servers
    raise SystemExit("no free port on the loopback addresses")


# --------------------------------------------------------------------------- the pipeline


class Claims:
    """`claims --db … COMMAND` in-process, as someone at the fact desk would type it."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.runner = CliRunner()

    def __call__(self, *args: str, actor: str = "fact desk") -> str:
        result = self.runner.invoke(
            cli, ["--db", self.db_url, *args], env={"CLAIMS_ACTOR": actor}, catch_exceptions=False
        )
        if result.exit_code != 0:
            raise SystemExit(f"claims {' '.join(args)} failed:\n{result.output}")
        return result.stdout


def claim_id(claims: list[dict[str, Any]], start: str) -> int:
    return int(next(c["id"] for c in claims if c["text"].startswith(start)))


def build(db_url: str, web: Web) -> None:
    run = Claims(db_url)
    claims: list[dict[str, Any]] = []
    sources: dict[int, dict[str, Any]] = {}
    for article in ARTICLES:
        for imported in json.loads(run("import", str(article), "--format", "json"))["articles"]:
            claims += imported["claims"]
            sources |= {s["id"]: s for s in imported["sources"]}

    # The articles' sources, pointed at the demo web; one title-only reference gets its URL (it
    # is the story the article also links inline, so it is merged into that source), the other
    # (the Taxpayers' Alliance briefing) stays unresolved.
    pointers = {
        "capital-2025-2030": web.url("transit", "/plans/capital-2025-2030"),
        "union-warns": web.url("ledger", UNION_STORY),
        "Union Warns": web.url("ledger", UNION_STORY),
        "automation-payback": web.url("institute", "/mmi/automation-payback-2024.pdf"),
        "sales-tax": web.url("civic", "/sales-tax-extension"),
        "Weekend Ridership": web.url("tpq", "/2025/summer/weekend-ridership-recovery"),
    }
    for sid, source in sorted(sources.items()):
        for needle, url in pointers.items():
            if needle in (source["url"] or source["title"] or ""):
                run("source", "resolve", str(sid), url, "--replace")
                break

    # What the fact desk found for the claims the articles left unsourced.
    links = [
        ("According to the authority", "courier", "/business/hcta-tram-contract-talks"),
        ("The plan says the pilot", "transit", "/plans/capital-2025-2030"),
        ("She added that drivers", "transit", "/news/2025/03/drivers-offered-retraining"),
        ("The authority is reportedly", "courier", "/business/hcta-tram-contract-talks"),
        ("The authority is reportedly", "bizdaily", "/companies/tram-makers-harbour-city"),
        ("Officials said", "civic", "/sales-tax-extension"),
        ("The Harbour City Transport", "bizdaily", "/opinion/driverless-trams-jobs"),
        ("It is understood", "ledger", "/2025/02/pier-road-depot-rebuild"),
        ("It is understood", "ledger", UNION_STORY),
        ("The authority is said", "courier", "/politics/hcta-no-layoff-pledge"),
        ("Fare revenue covered", "transit", "/budget/2025-26"),
        ("Fare revenue covered", "civic", "/sales-tax-extension"),
        ("A report by the Metro", "institute", "/mmi/automation-payback-2024"),
        ("The institute's lead", "institute", "/mmi/automation-payback-2024"),
        ("Ridership is projected", "tpq", "/2025/summer/weekend-ridership-recovery"),
        ("Bus service cuts", "civic", "/sales-tax-extension"),
    ]
    for start, site, path in links:
        run("link", str(claim_id(claims, start)), web.url(site, path))

    # Loopback only: nothing may send the checker to the real sites the articles name.
    listed = json.loads(run("sources", "--format", "json"))["sources"]
    stray = [s["url"] for s in listed if s["url"] and not s["url"].startswith("http://127.0.0.")]
    if stray:
        raise SystemExit(f"sources outside the demo web: {stray}")

    # A week of daily checks, the clock injected, the pages changing between days.
    settings = dataclasses.replace(
        Settings(database_url=db_url),
        allow_private=True,
        wayback_url=web.url("archive"),
        dead_after=3,
        dead_span=dt.timedelta(days=2),
    )
    engine = db.make_engine(db_url)
    factory = db.make_sessionmaker(engine)
    updater = verify.EvidenceUpdater("checker")
    now = dt.datetime.now(dt.UTC)
    today = now.replace(hour=6, minute=0, second=0, microsecond=0)
    if today > now:
        today -= dt.timedelta(days=1)
    for day in range(DAYS):
        web.day = day
        when = today - (DAYS - 1 - day) * dt.timedelta(days=1)
        checker.run_check(
            factory,
            settings,
            checker.Selection(due=False),
            worker="checker",
            now=partial(lambda at: at, when),
            after_check=updater,
        )
        with Fetcher(fetch_settings_for(settings)) as fetcher:
            verify.evidence_from_archives(factory, fetcher, updater)
    engine.dispose()

    # A reviewer's verdicts.
    run(
        "review",
        str(claim_id(claims, "The authority is said")),
        "refuted",
        "--note",
        "HCTA's press office says no no-layoff guarantee has been offered or drafted.",
        actor="Ruth Adeyemi (standards editor)",
    )
    run(
        "review",
        str(claim_id(claims, "HCTA chief executive")),
        "confirmed",
        "--note",
        "Checked against the recording of Monday's press briefing.",
        actor="Ruth Adeyemi (standards editor)",
    )


# --------------------------------------------------------------------------- the picture


def screenshot(browser: str, html: Path, out: Path, profile: Path) -> None:
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--window-size=1200,2000",
            f"--screenshot={out}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Screenshot the HTML report for the README.")
    parser.add_argument("--out", type=Path, default=HERE / "report.png")
    parser.add_argument("--keep", action="store_true", help="keep report.html and demo.db too")
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is not installed")
    os.environ.pop("CLAIMS_DATABASE_URL", None)
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        with Web().running() as web:
            build(db_url, web)
        html_path = Path(tmp) / "report.html"
        Claims(db_url)("report", "--format", "html", "-o", str(html_path), "--since", "7d")
        if args.keep:
            shutil.copy(html_path, args.out.with_suffix(".html"))
            shutil.copy(Path(tmp) / "demo.db", args.out.with_suffix(".db"))
        screenshot(browser, html_path, args.out, Path(tmp) / "profile")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
