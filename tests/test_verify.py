"""Evidence kept current across checks: first assessment, cheap unchanged re-check, re-anchoring,
lost quotes, and `claims verify` from stored snapshots. Real servers, real databases."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from claims_tracker import db, store
from claims_tracker.checker import Selection, run_check
from claims_tracker.cli import cli
from claims_tracker.config import Settings
from claims_tracker.fetch import FetchResult
from claims_tracker.models import (
    Check,
    ClaimSource,
    ClaimStatus,
    Evidence,
    EvidenceVerdict,
    Snapshot,
    Source,
    StatusChange,
)
from claims_tracker.verify import EvidenceUpdater, PreparedPage
from tests.pdfs import pdf_document
from tests.servers import LocalServer, Reply, Request, redirect, running_server

CLAIM = "Harbourline reportedly ordered 12 electric ferries worth $310 million from Nordvik Yards."
QUOTE = (
    "Harbourline has ordered 12 electric ferries from Nordvik Yards in a deal worth "
    "$310 million, the operator confirmed on Monday."
)
FILLER = (
    "The city council also discussed the new bicycle lanes on the waterfront, which residents "
    "have asked for since the old tram line closed. Parking fees will be reviewed in spring."
)


def page(*paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><head><title>Ferry order</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Ferry order</h1>{body}</article>"
        "<footer>Copyright Harbour News. All rights reserved.</footer></body></html>"
    )


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return db.make_sessionmaker(engine)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with running_server("127.0.0.1", {"/ferries": Reply(body=page(FILLER, QUOTE, FILLER))}) as s:
        yield s


SETTINGS = Settings(allow_private=True, wayback_enabled=False, total_deadline=5.0)


def check_all(factory: sessionmaker[Session], updater: EvidenceUpdater) -> None:
    run_check(factory, SETTINGS, Selection(due=False), after_check=updater)


def add_claim(factory: sessionmaker[Session], url: str) -> int:
    with db.transaction(factory) as session:
        claim, _ = store.add_claim(
            session,
            CLAIM,
            hedge="reported",  # type: ignore[arg-type]
            source_urls=[url],
            fingerprint=f"f {url}",
            actor="test",
        )
        return claim.id


def check_unlinked_page(factory: sessionmaker[Session], server: LocalServer) -> None:
    """The page is checked while no claim links to it yet."""
    with db.transaction(factory) as session:
        store.source_for_url(session, server.url("/ferries"))
    run_check(factory, SETTINGS, Selection(due=False), after_check=EvidenceUpdater("t"))


def evidence_of(factory: sessionmaker[Session], claim_id: int) -> Evidence:
    with factory() as session:
        return session.scalars(select(Evidence).where(Evidence.claim_id == claim_id)).one()


def test_evidence_lifecycle(factory: sessionmaker[Session], server: LocalServer) -> None:
    claim_id = add_claim(factory, server.url("/ferries"))
    updater = EvidenceUpdater("test")

    check_all(factory, updater)
    first = evidence_of(factory, claim_id)
    assert first.verdict is EvidenceVerdict.SUPPORTS
    assert first.exact is not None
    assert "12 electric ferries" in first.exact
    assert len(first.prefix or "") <= 32
    assert len(first.suffix or "") <= 32
    with factory() as session:
        claim = store.get_claim(session, claim_id)
        assert claim.status is ClaimStatus.SUPPORTED
        assert claim.status_reason is not None
        assert claim.status_reason.startswith("supported by 127.0.0.1 (score ")
        main_sha = session.scalars(select(Check.main_text_sha256)).one()
        main_text = session.get_one(Snapshot, main_sha)
        assert main_text.kind == "main_text"
        # The stored position indexes the stored main text.
        from claims_tracker.verify import load_snapshot_text

        text = load_snapshot_text(session, main_sha)
        assert text is not None
        assert text[first.start : first.end] == first.exact
        assert "All rights reserved" not in text

    # Unchanged page: nothing recomputed.
    check_all(factory, updater)
    again = evidence_of(factory, claim_id)
    assert updater.stats.unchanged == 1
    assert updater.stats.pages == 1
    assert (again.id, again.updated_at, again.start) == (first.id, first.updated_at, first.start)

    # Text inserted before the quote: re-anchored exactly at the new position.
    server.set_route("/ferries", Reply(body=page("Breaking: " + FILLER, FILLER, QUOTE, FILLER)))
    check_all(factory, updater)
    moved = evidence_of(factory, claim_id)
    assert moved.method == "reanchored-exact"
    assert moved.start is not None
    assert first.start is not None
    assert moved.start > first.start
    assert moved.verdict is EvidenceVerdict.SUPPORTS

    # A small edit inside the quote: fuzzy re-anchoring keeps it.
    edited = QUOTE.replace("confirmed on Monday", "confirmed on Tuesday")
    server.set_route("/ferries", Reply(body=page(FILLER, edited, FILLER)))
    check_all(factory, updater)
    fuzzy = evidence_of(factory, claim_id)
    assert fuzzy.method == "reanchored-fuzzy"
    assert "Tuesday" in (fuzzy.exact or "")

    # The passage removed: the evidence is lost and the claim no longer supported.
    server.set_route("/ferries", Reply(body=page(FILLER, FILLER)))
    check_all(factory, updater)
    lost = evidence_of(factory, claim_id)
    assert lost.verdict is EvidenceVerdict.LOST
    assert lost.exact == fuzzy.exact  # what the page used to say is kept
    with factory() as session:
        claim = store.get_claim(session, claim_id)
        assert claim.status is ClaimStatus.UNSUPPORTED
        changes = session.scalars(
            select(StatusChange.new).where(
                StatusChange.claim_id == claim_id, StatusChange.field == "evidence"
            )
        ).all()
        assert list(changes) == ["supports", "lost"]
        link = session.scalars(select(ClaimSource).where(ClaimSource.claim_id == claim_id)).one()
        assert link.evidence_verdict is EvidenceVerdict.LOST


def test_a_sign_in_wall_keeps_the_evidence(
    factory: sessionmaker[Session], server: LocalServer
) -> None:
    claim_id = add_claim(factory, server.url("/ferries"))
    updater = EvidenceUpdater("test")
    check_all(factory, updater)
    before = evidence_of(factory, claim_id)
    assert before.verdict is EvidenceVerdict.SUPPORTS

    # The site now sends readers to sign in: the page is behind a wall, not gone or changed.
    login = "<html><head><title>Sign in</title></head><body><form>Email</form></body></html>"
    server.set_route("/ferries", redirect("/account/login?next=%2Fferries"))
    server.set_route("/account/login", Reply(body=login))
    check_all(factory, updater)
    after = evidence_of(factory, claim_id)
    assert (after.verdict, after.updated_at) == (EvidenceVerdict.SUPPORTS, before.updated_at)
    with factory() as session:
        last = session.scalars(select(Check).order_by(Check.id.desc()).limit(1)).one()
        assert last.verdict.value == "blocked"
        assert last.reason.startswith("sent to a sign-in, subscription or consent page: ")
        assert store.get_claim(session, claim_id).status is ClaimStatus.SUPPORTED


def test_verify_assesses_claims_linked_after_the_check(
    factory: sessionmaker[Session], server: LocalServer, database_url: str
) -> None:
    check_unlinked_page(factory, server)
    claim_id = add_claim(factory, server.url("/ferries"))
    assert server.hits["/ferries"] == 1

    runner = CliRunner()
    result = runner.invoke(cli, ["--db", database_url, "verify", "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["assessed"] == 1
    assert summary["by_verdict"] == {"supports": 1}
    assert server.hits["/ferries"] == 1  # no fetch
    detail = json.loads(
        runner.invoke(cli, ["--db", database_url, "show", str(claim_id), "--format", "json"]).stdout
    )
    assert detail["status"] == "supported"
    (evidence,) = detail["evidence"]
    assert evidence["verdict"] == "supports"
    assert "12 electric ferries" in evidence["quote"]["exact"]
    assert evidence["archived"] is False
    assert evidence["check_id"] is not None
    # A second verify finds nothing new to do; --all re-assesses.
    again = json.loads(
        runner.invoke(cli, ["--db", database_url, "verify", "--format", "json"]).stdout
    )
    assert again["assessed"] == 0
    forced = json.loads(
        runner.invoke(cli, ["--db", database_url, "verify", "--all", "--format", "json"]).stdout
    )
    assert forced["assessed"] == 1


def test_a_cited_pdf_gives_evidence_and_its_text_is_kept_for_verify(
    factory: sessionmaker[Session], database_url: str
) -> None:
    wrap = QUOTE.index(" ", 50)  # a page wraps its lines between words
    report = pdf_document(
        ["Annual report 2024", FILLER],
        [QUOTE[:wrap], QUOTE[wrap + 1 :]],
        title="Harbourline annual report 2024",
    )
    routes = {"/report.pdf": Reply(body=report, content_type="application/pdf")}
    with running_server("127.0.0.1", routes) as server:
        claim_id = add_claim(factory, server.url("/report.pdf"))
        check_all(factory, EvidenceUpdater("test"))
    first = evidence_of(factory, claim_id)
    assert first.verdict is EvidenceVerdict.SUPPORTS
    assert first.exact == QUOTE  # one passage again, though the page wrapped it in two lines
    # The PDF's text is stored: verify re-assesses it with the server gone.
    runner = CliRunner()
    forced = runner.invoke(cli, ["--db", database_url, "verify", "--all", "--format", "json"])
    assert forced.exit_code == 0, forced.output
    assert json.loads(forced.stdout)["by_verdict"] == {"supports": 1}
    with factory() as session:
        source = session.scalars(select(Source)).one()
        assert source.title == "Harbourline annual report 2024"


def test_a_check_without_evidence_does_not_read_pdfs(
    factory: sessionmaker[Session], database_url: str
) -> None:
    report = pdf_document(["Some text."], title="A report")
    routes = {"/report.pdf": Reply(body=report, content_type="application/pdf")}
    with running_server("127.0.0.1", routes) as server:
        add_claim(factory, server.url("/report.pdf"))
        result = CliRunner().invoke(
            cli,
            ["--db", database_url, "check", "--all", "--allow-private", "--no-wayback",
             "--no-evidence", "--quiet"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    with factory() as session:
        check = session.scalars(select(Check)).one()
        assert (check.verdict.value, check.page_title) == ("alive", None)
        assert session.scalars(select(Snapshot)).all() == []
        assert session.scalars(select(Evidence)).all() == []


def test_link_to_a_checked_source_assesses_its_stored_page(
    factory: sessionmaker[Session], server: LocalServer, database_url: str
) -> None:
    check_unlinked_page(factory, server)
    runner = CliRunner()
    added = runner.invoke(cli, ["--db", database_url, "add", CLAIM, "--format", "json"])
    claim_id = json.loads(added.stdout)["id"]

    linked = runner.invoke(
        cli, ["--db", database_url, "link", str(claim_id), server.url("/ferries")]
    )
    assert linked.exit_code == 0, linked.output
    assert linked.stderr.strip().endswith("(evidence from its last check: 1 supports)")
    detail = json.loads(
        runner.invoke(cli, ["--db", database_url, "show", str(claim_id), "--format", "json"]).stdout
    )
    assert detail["status"] == "supported"
    assert [e["verdict"] for e in detail["evidence"]] == ["supports"]
    assert server.hits["/ferries"] == 1  # from the stored page, no fetch


def test_verify_unknown_claim(database_url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", database_url, "verify", "--claim", "77"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: no claim with id 77"


def test_dead_source_gets_evidence_from_its_archived_copy(database_url: str) -> None:
    archived_page = page(FILLER, QUOTE)

    def wayback(request: Request) -> Reply:
        _, _, stamp, target = request.path.split("/", 3)
        if stamp.endswith("id_"):
            return Reply(body=archived_page)
        return redirect(f"/web/20250102030405/{target}")

    with (
        running_server("127.0.0.2", {"/ferries": Reply(status=404)}) as site,
        running_server("127.0.0.3", {"/web/*": wayback}) as archive,
    ):
        runner = CliRunner()
        base = ["--db", database_url]
        added = runner.invoke(
            cli, [*base, "add", CLAIM, "--source", site.url("/ferries"), "--format", "json"]
        )
        claim_id = json.loads(added.stdout)["id"]
        args = [
            *base, "check", "--all", "--allow-private", "--dead-after", "1", "--dead-span", "0",
            "--wayback-url", archive.origin, "--format", "json",
        ]  # fmt: skip
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert summary["newly_dead"] == [1]
        assert summary["evidence"]["by_verdict"] == {"supports": 1}
        replays = [r.path for r in archive.requests if "id_/" in r.path]
        assert len(replays) == 1

        detail = json.loads(
            runner.invoke(cli, [*base, "show", str(claim_id), "--format", "json"]).stdout
        )
        assert detail["status"] == "supported"
        assert detail["status_reason"].endswith("via an archived copy")
        (evidence,) = detail["evidence"]
        assert evidence["archived"] is True
        assert "12 electric ferries" in evidence["quote"]["exact"]
        assert detail["sources"][0]["archived_url"].startswith(archive.origin + "/web/2025")

        # The archived copy is read once; a second run does not fetch it again.
        assert runner.invoke(cli, args).exit_code == 0
        assert len([r for r in archive.requests if "id_/" in r.path]) == 1


def test_check_names_untitled_sources_and_stamps_changes_with_its_clock(
    factory: sessionmaker[Session], server: LocalServer
) -> None:
    import datetime as dt

    claim_id = add_claim(factory, server.url("/ferries"))
    with db.transaction(factory) as session:
        titled = store.source_for_url(session, server.url("/titled"), title="Kept title")
        titled_id = titled.id
    server.set_route("/titled", Reply(body=page(FILLER)))
    day = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
    run_check(factory, SETTINGS, Selection(due=False), now=lambda: day)
    with factory() as session:
        sources = {s["id"]: s for s in store.list_sources(session, store.SourceFilters())}
        ferry_id = store.get_claim(session, claim_id).links[0].source_id
        assert sources[ferry_id]["title"] == "Ferry order"
        assert sources[titled_id]["title"] == "Kept title"
        stamps = session.scalars(
            select(StatusChange.changed_at).where(
                StatusChange.claim_id == claim_id, StatusChange.old.is_not(None)
            )
        ).all()
        assert stamps
        assert set(stamps) == {day}


class PidRecordingUpdater(EvidenceUpdater):
    """Writes down which process ran each extraction."""

    def __init__(self, actor: str, log: Path) -> None:
        super().__init__(actor)
        self.log = log

    def prepare(self, result: FetchResult, claims: Sequence[str]) -> PreparedPage | None:
        with self.log.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return super().prepare(result, claims)


def test_fetch_processes_give_the_same_evidence(
    factory: sessionmaker[Session], server: LocalServer, tmp_path: Path
) -> None:
    """With fetch processes, extraction runs in a forked process and its main text crosses the
    pipe: the evidence is the same as with fetch threads."""
    in_threads_id = add_claim(factory, server.url("/ferries"))
    log = tmp_path / "pids"
    updater = PidRecordingUpdater("test", log)
    check_all(factory, updater)
    assert log.read_text().split() == [str(os.getpid())]
    in_threads = evidence_of(factory, in_threads_id)

    # Enough sources for two processes to be worth starting (the first is no longer due).
    in_processes_ids = [add_claim(factory, server.url(f"/ferries?edition={i}")) for i in range(8)]
    log.unlink()
    processes = dataclasses.replace(SETTINGS, processes=2, concurrency=4)
    summary = run_check(factory, processes, Selection(due=True), after_check=updater)
    assert (summary.checked, summary.errors) == (8, 0)
    assert len(summary.fetched_in) == 2
    pids = log.read_text().split()
    assert len(pids) == 8
    assert str(os.getpid()) not in pids
    with factory() as session:
        on_links = session.scalars(
            select(ClaimSource.evidence_verdict).where(ClaimSource.claim_id.in_(in_processes_ids))
        ).all()
    assert on_links == [EvidenceVerdict.SUPPORTS] * 8  # the links carry the verdict too
    for claim_id in in_processes_ids:
        in_processes = evidence_of(factory, claim_id)
        assert in_processes.verdict is EvidenceVerdict.SUPPORTS
        assert (in_processes.exact, in_processes.start, in_processes.end, in_processes.score) == (
            in_threads.exact,
            in_threads.start,
            in_threads.end,
            in_threads.score,
        )


def test_prepare_runs_only_when_the_page_bytes_changed(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    """The worker-side extraction and ranking are skipped for a page whose bytes are those of
    its last check, and the claims' texts reach `prepare` with the lease."""
    log = tmp_path / "calls"

    class Recording(EvidenceUpdater):
        def prepare(self, result: FetchResult, claims: Sequence[str]) -> PreparedPage | None:
            with log.open("a") as out:
                out.write(json.dumps(list(claims)) + "\n")
            return super().prepare(result, claims)

    with running_server("127.0.0.1", {"/ferries": Reply(body=page(FILLER, QUOTE))}) as site:
        claim_id = add_claim(factory, site.url("/ferries"))
        updater = Recording("test")
        check_all(factory, updater)
        assert log.read_text().splitlines() == [json.dumps([CLAIM])]
        first = evidence_of(factory, claim_id)

        check_all(factory, updater)  # same bytes
        assert len(log.read_text().splitlines()) == 1
        assert updater.stats.unchanged == 1

        site.set_route("/ferries", Reply(body=page(QUOTE, FILLER, FILLER)))
        check_all(factory, updater)  # new bytes
        assert len(log.read_text().splitlines()) == 2
    moved = evidence_of(factory, claim_id)
    assert moved.verdict is EvidenceVerdict.SUPPORTS
    assert moved.exact == first.exact
    assert moved.start != first.start
