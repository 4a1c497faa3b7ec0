"""The `claims` command line: parse, open a transaction, call the core, render, exit."""

from __future__ import annotations

import atexit
import contextlib
import enum
import gc
import getpass
import json
import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from claims_tracker import __version__, db, store
from claims_tracker.config import (
    DATABASE_URL_ENV,
    DEFAULT_DATABASE_URL,
    DEFAULT_RISKY_LIMIT,
    ReportFormat,
    Settings,
    archive_keys_from_env,
)
from claims_tracker.errors import ClaimsError, DatabaseError, ExitCode, UsageError
from claims_tracker.models import ClaimStatus, Hedge, ReviewVerdict, SourceState
from claims_tracker.urls import snapshot_timestamp

# The checker (requests, threads), the extractor (bs4, compiled lexicon), the evidence code, the
# reports and rich are imported inside the commands that use them: every `claims` call would
# otherwise pay for all of them (the last two alone cost about 60 ms).
if TYPE_CHECKING:
    from rich.console import Console

    from claims_tracker import checker
    from claims_tracker.fetch import FetchSettings

FC = TypeVar("FC", bound=Callable[..., Any])


class OutputFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"


@dataclass
class App:
    """What every command shares: settings, and a lazily opened, schema-checked database."""

    settings: Settings
    _engine: Engine | None = None
    _factory: sessionmaker[Session] | None = None
    actor: str = field(default_factory=lambda: os.environ.get("CLAIMS_ACTOR") or _user())

    def engine(self, *, check_schema: bool = True, create: bool = True) -> Engine:
        """The database; a missing one is created, unless `create` is off (commands that only
        read: a mistyped --db should not leave an empty database behind)."""
        if self._engine is None:
            if not create:
                db.require_existing(self.settings.database_url)
            self._engine = db.make_engine(self.settings.database_url)
            if check_schema:
                db.ensure_schema(self._engine, create=create)
        return self._engine

    @contextmanager
    def transaction(self, *, create: bool = True) -> Iterator[Session]:
        if self._factory is None:
            self._factory = db.make_sessionmaker(self.engine(create=create))
        with db.transaction(self._factory) as session:
            yield session

    def fetch_settings(self) -> FetchSettings:
        from claims_tracker.fetch import fetch_settings_for

        return fetch_settings_for(self.settings)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "claims-cli"


class ClaimsGroup(click.Group):
    """Translates every expected failure into one line on stderr and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # What was committed stays; the transaction under way is rolled back.
            _fail("interrupted", ExitCode.INTERRUPTED)
        except BrokenPipeError:
            _silence_stdout()  # the reader left (`claims list | head`): not an error of ours
            sys.exit(0)
        except ClaimsError as exc:
            _fail(str(exc), exc.exit_code)
        except OSError as exc:  # writing the output: a full disk, an I/O error
            _silence_stdout()
            where = f" ({exc.filename})" if exc.filename else ""
            _fail(f"cannot write the output{where}: {exc.strerror or exc}", ExitCode.RUNTIME)
        except sa.exc.OperationalError as exc:
            _fail(f"database error: {_one_line(exc)}", ExitCode.RUNTIME)
        except sa.exc.DatabaseError as exc:
            _fail(f"database error: {_one_line(exc)}", ExitCode.RUNTIME)


def _one_line(exc: sa.exc.DBAPIError) -> str:
    text = str(exc.orig).strip() if exc.orig is not None else str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


def _fail(message: str, code: ExitCode) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(int(code))


pass_app = click.make_pass_decorator(App)

# Row ids: positive, and within PostgreSQL's INTEGER (SQLite would take more, but then fail).
ROW_ID = click.IntRange(min=1, max=2**31 - 1)


class FiniteFloatRange(click.FloatRange):
    """A FloatRange that also refuses "nan" and "inf"."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def count_of(n: int, noun: str) -> str:
    from claims_tracker.render import count_of as counted  # rich loads only when printing

    return counted(n, noun)


def console() -> Console:
    from rich.console import Console

    return Console(file=sys.stdout, soft_wrap=False, width=None if sys.stdout.isatty() else 140)


def format_option() -> Callable[[FC], FC]:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice([f.value for f in OutputFormat]),
        default=OutputFormat.TABLE.value,
        show_default=True,
        help="Output format.",
    )


@click.group(cls=ClaimsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "database_url",
    envvar=DATABASE_URL_ENV,
    default=DEFAULT_DATABASE_URL,
    show_default=True,
    show_envvar=True,
    help="Database URL (SQLite file or postgresql://…).",
)
@click.version_option(__version__, prog_name="claims")
@click.pass_context
def cli(ctx: click.Context, database_url: str) -> None:
    """Track hedged and attributed claims, check their sources, and report how
    well-founded they are.

    \b
    Example:
      claims import article.md
      claims check --due
      claims report --format html -o report.html
    """
    app = App(settings=Settings(database_url=database_url))
    ctx.obj = app
    ctx.call_on_close(app.close)


def main() -> None:
    # The interpreter's last garbage collection, at exit, walks every object the process ever
    # made (SQLAlchemy's included): about 70 ms of each command's run time. Frozen objects are
    # skipped; there is nothing left to reclaim by then.
    atexit.register(gc.freeze)
    try:
        cli(prog_name="claims")
    except SystemExit as exit_:
        code = exit_.code
    else:  # pragma: no cover - click's standalone mode always exits
        code = 0
    sys.exit(_flushed(code))


def _flushed(code: int | str | None) -> int | str | None:
    """Output lost on the way out (a full disk, a closed pipe) is a failure, not exit 0."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        _silence_stdout()
        if isinstance(exc, BrokenPipeError):
            return code
        click.echo(f"error: cannot write the output: {exc.strerror or exc}", err=True)
        return int(ExitCode.RUNTIME) if code in (0, None) else code
    return code


def _silence_stdout() -> None:
    """Nothing more can reach stdout: point it at /dev/null, so that the interpreter's own
    flush at exit does not fail again."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


# --- database ------------------------------------------------------------------------------


@cli.command()
@pass_app
def init(app: App) -> None:
    """Create the database (or bring it up to date).

    \b
    Example:
      claims --db sqlite:///research.db init
    """
    engine = app.engine(check_schema=False)
    db.upgrade(engine)
    click.echo(f"database ready at revision {db.current_revision(engine)}", err=True)


@cli.group("db")
def db_group() -> None:
    """Schema migrations: upgrade, downgrade, current, check.

    \b
    Example:
      claims db current
      claims db upgrade
    """


@db_group.command("upgrade")
@click.argument("revision", default="head")
@pass_app
def db_upgrade(app: App, revision: str) -> None:
    """Upgrade the schema to REVISION (default: head).

    \b
    Example:
      claims db upgrade
    """
    engine = app.engine(check_schema=False)
    before = db.current_revision(engine)
    db.upgrade(engine, revision)
    after = db.current_revision(engine)
    if after == before:
        click.echo(f"already at revision {after}", err=True)
        return
    click.echo(f"upgraded {before or 'empty database'} -> {after}", err=True)


@db_group.command("downgrade")
@click.argument("revision", default="-1")
@click.option("--yes", is_flag=True, help='Do not ask before "base" deletes every table.')
@pass_app
def db_downgrade(app: App, revision: str, yes: bool) -> None:
    """Downgrade the schema to REVISION (default: one step back; "base" removes every table
    and all data, after asking).

    \b
    Example:
      claims db downgrade
      claims db downgrade 0002
    """
    engine = app.engine(check_schema=False)
    before = db.current_revision(engine)
    if before is None:
        raise UsageError("the database has no schema to downgrade")
    if revision == "base" and not yes:
        click.confirm(
            "Downgrading to base deletes every table and all data. Continue?", abort=True, err=True
        )
    db.downgrade(engine, revision)
    click.echo(f"downgraded {before} -> {db.current_revision(engine) or 'base'}", err=True)


@db_group.command("current")
@pass_app
def db_current(app: App) -> None:
    """Print the schema revision of the database and the one this version expects.

    \b
    Example:
      claims db current
    """
    engine = app.engine(check_schema=False)
    current, head = db.current_revision(engine), db.head_revision()
    state = "up to date" if current == head else "needs `claims db upgrade`"
    click.echo(f"{current or 'none'} (head {head}, {state})")


@db_group.command("check")
@pass_app
def db_check(app: App) -> None:
    """Fail if the schema differs from what the models expect.

    \b
    Example:
      claims db check
    """
    engine = app.engine(check_schema=False)
    if db.current_revision(engine) != db.head_revision():
        raise DatabaseError("schema is not at head: run `claims db upgrade`")
    drift = db.schema_drift(engine)
    if drift:
        raise DatabaseError(f"schema drift: {len(drift)} difference(s), first: {drift[0]}")
    click.echo("schema matches the models", err=True)


# --- claims --------------------------------------------------------------------------------


@cli.command("import")
@click.argument("locations", nargs=-1, required=True, metavar="PATH|URL...")
@click.option("--dry-run", is_flag=True, help="Show what would be stored; write nothing.")
@click.option(
    "--include-asserted",
    is_flag=True,
    help="Also keep check-worthy plain assertions (numbers, money, dates, organisations).",
)
@click.option("--allow-private", is_flag=True, help="Allow fetching URLs on private addresses.")
@format_option()
@pass_app
def import_command(
    app: App,
    locations: Sequence[str],
    dry_run: bool,
    include_asserted: bool,
    allow_private: bool,
    output_format: str,
) -> None:
    """Import articles (text, Markdown or HTML files, or URLs) and extract their claims.

    Each article is stored in its own transaction: one that fails is reported and the others
    still import. Importing the same article again changes nothing.

    \b
    Example:
      claims import examples/article.md
      claims import --dry-run --format json https://www.example.org/story
    """
    from claims_tracker import importer

    fetch_settings = replace(app.fetch_settings(), allow_private=allow_private)
    outcomes: list[dict[str, Any]] = []
    failure: ExitCode | None = None  # the worst: a database failure (3) over a bad file (2)
    for location in locations:
        try:
            outcomes.append(
                importer.run_import(
                    location,
                    fetch_settings=fetch_settings,
                    include_asserted=include_asserted,
                    dry_run=dry_run,
                    transaction=None if dry_run else app.transaction,
                    actor=app.actor,
                )
            )
        except ClaimsError as exc:
            failure = max(failure or exc.exit_code, exc.exit_code)
            click.echo(f"error: {exc}", err=True)
            outcomes.append({"path": location, "error": str(exc)})
    render_import(outcomes, output_format, dry_run=dry_run)
    if failure is not None:
        sys.exit(int(failure))


def render_import(outcomes: list[dict[str, Any]], output_format: str, *, dry_run: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    if output_format == OutputFormat.JSON:
        echo_json({"dry_run": dry_run, "articles": outcomes})
        return
    out = console()
    imported = [outcome for outcome in outcomes if "error" not in outcome]
    for outcome in imported:
        verb = "would import" if dry_run else ("imported" if outcome["created"] else "unchanged")
        out.print(
            f"{verb} {outcome['path']}: {count_of(len(outcome['claims']), 'claim')}, "
            f"{count_of(len(outcome['sources']), 'source')}",
            markup=False,
            highlight=False,
        )
    if len(imported) == 1:  # one article: show what was found; many: the counts are enough
        table = Table("hedge", "attributed to", "claim", box=None, header_style="bold")
        for claim in imported[0]["claims"]:
            table.add_row(claim["hedge"], Text(claim["attributed_to"] or ""), Text(claim["text"]))
        out.print(table)


@cli.command()
@click.argument("text")
@click.option("--source", "sources", multiple=True, metavar="URL", help="Source URL (repeatable).")
@click.option(
    "--hedge",
    type=click.Choice([h.value for h in Hedge]),
    help="Hedge class; detected from the text when omitted.",
)
@click.option("--attributed-to", help='Who the claim leans on ("Reuters", "reports").')
@click.option("--article", "article_id", type=ROW_ID, help="Article the claim belongs to.")
@format_option()
@pass_app
def add(
    app: App,
    text: str,
    sources: Sequence[str],
    hedge: str | None,
    attributed_to: str | None,
    article_id: int | None,
    output_format: str,
) -> None:
    """Add a claim by hand, with its sources.

    \b
    Example:
      claims add "Acme reportedly plans to close its Leeds plant." \\
        --source https://news.example.org/acme-leeds
    """
    from claims_tracker.extract import claim_fingerprint, classify_hedge

    detected = classify_hedge(text)
    with app.transaction() as session:
        claim, created = store.add_claim(
            session,
            text,
            hedge=Hedge(hedge) if hedge else detected.hedge,
            source_urls=sources,
            attributed_to=attributed_to or detected.attributed_to,
            article_id=article_id,
            cues=[{"text": c.text, "start": c.start, "end": c.end} for c in detected.cues],
            fingerprint=claim_fingerprint(text),
            actor=app.actor,
        )
        count = store.source_count(session, claim.id)
        summary = {**store.claim_summary(claim, count), "created": created}
    if output_format == OutputFormat.JSON:
        echo_json(summary)
    elif created:
        click.echo(f"claim {claim.id} added ({claim.hedge.value}, {claim.status.value})")
    else:
        click.echo(f"claim {claim.id} already exists ({claim.status.value}); sources linked to it")


@cli.command("list")
@click.option(
    "--status", type=click.Choice([s.value for s in ClaimStatus]), help="Only this status."
)
@click.option("--hedge", type=click.Choice([h.value for h in Hedge]), help="Only this hedge.")
@click.option("--article", "article_id", type=ROW_ID, help="Only the claims of this article.")
@click.option("--host", help="Only claims with a source on this host (or its subdomains).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many claims.")
@format_option()
@pass_app
def list_command(
    app: App,
    status: str | None,
    hedge: str | None,
    article_id: int | None,
    host: str | None,
    limit: int | None,
    output_format: str,
) -> None:
    """List claims, optionally filtered.

    \b
    Example:
      claims list --hedge reported --status unsupported
      claims list --host example.org --format json
    """
    from rich.table import Table
    from rich.text import Text

    filters = store.ClaimFilters(
        status=ClaimStatus(status) if status else None,
        hedge=Hedge(hedge) if hedge else None,
        article_id=article_id,
        host=host,
        limit=limit,
    )
    with app.transaction(create=False) as session:
        rows = store.list_claims(session, filters)
    if output_format == OutputFormat.JSON:
        echo_json({"claims": rows})
        return
    table = Table("id", "status", "hedge", "src", "claim", box=None, header_style="bold")
    for row in rows:
        table.add_row(
            str(row["id"]), row["status"], row["hedge"], str(row["source_count"]), Text(row["text"])
        )
    console().print(table)
    click.echo(count_of(len(rows), "claim"), err=True)


@cli.command()
@click.argument("claim_id", type=ROW_ID)
@format_option()
@pass_app
def show(app: App, claim_id: int, output_format: str) -> None:
    """Show one claim: its sources, evidence and status history.

    \b
    Example:
      claims show 12
      claims show 12 --format json
    """
    from rich.table import Table
    from rich.text import Text

    with app.transaction(create=False) as session:
        detail = store.claim_detail(session, claim_id)
    if output_format == OutputFormat.JSON:
        echo_json(detail)
        return
    out = console()
    out.print(f"[bold]claim {detail['id']}[/bold]  {detail['status']} ({detail['hedge']})")
    out.print(detail["text"], markup=False, highlight=False)
    if detail["status_reason"]:
        out.print(f"why: {detail['status_reason']}", markup=False, highlight=False)
    sources = Table("source", "relation", "state", "url / title", box=None, header_style="bold")
    for source in detail["sources"]:
        sources.add_row(
            str(source["id"]),
            source["relation"],
            source["state"],
            Text(source["url"] or f"(unresolved) {source['title']}"),
        )
    out.print(sources)
    for ev in detail["evidence"]:
        quote = ev["quote"]["exact"]
        out.print(
            f"evidence from source {ev['source_id']}: {ev['verdict']} ({ev['score']:.2f})"
            + (f" “{quote}”" if quote else ""),
            markup=False,
            highlight=False,
        )
    for change in detail["history"]:
        out.print(
            f"{change['at']}  {change['field']}: {change['old'] or '-'} -> {change['new']}"
            f"  ({change['reason'] or ''}, by {change['actor']})",
            markup=False,
            highlight=False,
        )


@cli.command()
@click.option(
    "--claim", "claim_ids", type=ROW_ID, multiple=True, help="Only this claim (repeatable)."
)
@click.option("--all", "recompute_all", is_flag=True, help="Re-assess every pair, not only new.")
@format_option()
@pass_app
def verify(app: App, claim_ids: Sequence[int], recompute_all: bool, output_format: str) -> None:
    """Find evidence from the pages already fetched, without fetching again.

    By default only claim-source pairs without evidence are assessed (for claims linked after
    their source was checked); --all re-assesses everything (after the ranking improved).

    \b
    Example:
      claims verify
      claims verify --claim 12 --all
    """
    from claims_tracker import verify as verification

    with app.transaction() as session:
        for claim_id in claim_ids:
            store.get_claim(session, claim_id)
        stats = verification.verify_claims(
            session, claim_ids or None, recompute_all=recompute_all, actor=app.actor
        )
        affected = claim_ids or store.claims_for_sources(session, stats.source_ids)
        store.recompute_statuses(session, affected, actor=app.actor)
    if output_format == OutputFormat.JSON:
        echo_json(stats.to_dict())
    else:
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(stats.by_verdict.items()))
        click.echo(
            f"{stats.assessed} pair(s) assessed on {stats.pages} page(s): "
            + (verdicts or "nothing to do"),
            err=True,
        )


@cli.command("link")
@click.argument("claim_id", type=ROW_ID)
@click.argument("url")
@pass_app
def link_command(app: App, claim_id: int, url: str) -> None:
    """Link a claim to a source URL.

    \b
    Example:
      claims link 12 https://www.example.org/2026/acme-results
    """
    from claims_tracker import verify

    with app.transaction() as session:
        link_row, created = store.link_claim(session, claim_id, url, actor=app.actor)
        source_id = link_row.source_id
        stats = verify.assess_linked_claim(session, claim_id, actor=app.actor)
    assessed = ", ".join(f"{n} {verdict}" for verdict, n in sorted(stats.by_verdict.items()))
    click.echo(
        f"claim {claim_id} {'linked' if created else 'was already linked'} to source {source_id}"
        + (f" (evidence from its last check: {assessed})" if assessed else ""),
        err=True,
    )


@cli.command()
@click.option("--state", type=click.Choice([s.value for s in SourceState]), help="Only this state.")
@click.option("--host", help="Only sources on this host (or its subdomains).")
@click.option("--unresolved", is_flag=True, help="Only title-only sources without a URL.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many sources.")
@format_option()
@pass_app
def sources(
    app: App,
    state: str | None,
    host: str | None,
    unresolved: bool,
    limit: int | None,
    output_format: str,
) -> None:
    """List sources and their availability state.

    \b
    Example:
      claims sources --state dead
      claims sources --unresolved --format json
    """
    from rich.table import Table
    from rich.text import Text

    filters = store.SourceFilters(
        state=SourceState(state) if state else None, host=host, unresolved=unresolved, limit=limit
    )
    with app.transaction(create=False) as session:
        rows = store.list_sources(session, filters)
    if output_format == OutputFormat.JSON:
        echo_json({"sources": rows})
        return
    table = Table(
        "id",
        "state",
        "claims",
        "fails",
        "last check",
        "archived",
        "url / title",
        box=None,
        header_style="bold",
    )
    for row in rows:
        last = row["last_check"]
        table.add_row(
            str(row["id"]),
            row["state"],
            str(row["claims"]),
            str(row["consecutive_failures"]),
            (last["error_kind"] or str(last["http_status"])) if last else "-",
            _capture_day(row["archived_url"]),
            Text(row["url"] or f"(unresolved) {row['title']}"),
        )
    console().print(table)
    click.echo(count_of(len(rows), "source"), err=True)


def _capture_day(archived_url: str | None) -> str:
    """The day of a source's archived copy ("-" without one, "yes" for a copy not dated)."""
    if archived_url is None:
        return "-"
    captured = snapshot_timestamp(archived_url)
    return f"{captured:%Y-%m-%d}" if captured else "yes"


@cli.group("source")
def source_group() -> None:
    """Work on one source.

    \b
    Example:
      claims source resolve 7 https://www.example.org/story
    """


@source_group.command("resolve")
@click.argument("source_id", type=ROW_ID)
@click.argument("url")
@click.option("--replace", is_flag=True, help="Change the URL of a source that already has one.")
@pass_app
def source_resolve(app: App, source_id: int, url: str, replace: bool) -> None:
    """Give a title-only source its URL (merging it into an existing source for that URL).

    \b
    Example:
      claims source resolve 7 https://www.example.org/story
      claims source resolve 7 https://www.example.org/moved-story --replace
    """
    with app.transaction() as session:
        source = store.resolve_source(session, source_id, url, actor=app.actor, replace=replace)
        target = source.id
    suffix = "" if target == source_id else f" (merged into source {target})"
    click.echo(f"source {source_id} resolved to {url}{suffix}", err=True)


@cli.command()
@click.argument("claim_id", type=ROW_ID)
@click.argument("verdict", type=click.Choice([v.value for v in ReviewVerdict]))
@click.option("--note", help="Why: shown in reports and kept in the history.")
@pass_app
def review(app: App, claim_id: int, verdict: str, note: str | None) -> None:
    """Record a reviewer's verdict; it overrides the computed status.

    \b
    Example:
      claims review 12 refuted --note "Company filing shows 4.1%, not 14%"
    """
    with app.transaction() as session:
        claim = store.review_claim(session, claim_id, ReviewVerdict(verdict), note, actor=app.actor)
        status = claim.status.value
    click.echo(f"claim {claim_id} is now {status}", err=True)


# --- check ---------------------------------------------------------------------------------


@cli.command()
@click.option("--due", "due_only", is_flag=True, help="Only sources due by the schedule (default).")
@click.option("--all", "every", is_flag=True, help="Every source with a URL, due or not.")
@click.option("--claim", "claim_id", type=ROW_ID, help="Only the sources of this claim.")
@click.option("--source", "source_id", type=ROW_ID, help="Only this source.")
@click.option("--host", help="Only sources on this host (or its subdomains).")
@click.option("--concurrency", type=click.IntRange(min=1), help="Fetches at once [16].")
@click.option("--per-host", type=click.IntRange(min=1), help="Fetches at once per host [2].")
@click.option(
    "--host-interval",
    type=FiniteFloatRange(min=0),
    metavar="SECONDS",
    help="Minimum time between two requests to one host [0].",
)
@click.option(
    "--timeout",
    type=FiniteFloatRange(min=0.1),
    metavar="S",
    help="Total deadline of one fetch [20].",
)
@click.option("--max-bytes", type=click.IntRange(min=1), help="Byte cap of a page [5 MiB].")
@click.option("--allow-private", is_flag=True, help="Allow private and loopback targets.")
@click.option("--respect-robots", is_flag=True, help="Obey robots.txt (disallowed: blocked).")
@click.option(
    "--user-agent", metavar="AGENT", help="User-Agent of every request [claims-tracker/…]."
)
@click.option(
    "--host-user-agent",
    "host_user_agents",
    metavar="HOST=AGENT",
    multiple=True,
    help="User-Agent for one host and its subdomains (repeatable).",
)
@click.option("--dead-after", type=click.IntRange(min=1), help="Failures in a row for dead [3].")
@click.option(
    "--dead-span", metavar="DURATION", help="Time those failures must span, e.g. 3d, 12h, 0 [3d]."
)
@click.option("--lease-seconds", type=click.IntRange(min=1), help="Lease of a source [300].")
@click.option("--wayback/--no-wayback", default=None, help="Look failing sources up [on].")
@click.option("--wayback-url", metavar="URL", help="Wayback Machine base URL.")
@click.option(
    "--archive-live",
    is_flag=True,
    help="Have the Wayback Machine capture live sources (Save Page Now; keys from "
    "CLAIMS_ARCHIVE_ACCESS_KEY and CLAIMS_ARCHIVE_SECRET_KEY).",
)
@click.option(
    "--archive-every",
    metavar="DURATION",
    help="Capture a live source again once its newest capture is this old [30d].",
)
@click.option(
    "--fail-on",
    type=click.Choice(["dead", "failing"]),
    help="Exit 1 if a checked source ends dead (or failing, soft-404 or dead).",
)
@click.option(
    "--evidence/--no-evidence",
    default=True,
    show_default=True,
    help="Find and re-anchor evidence in the pages fetched.",
)
@click.option(
    "--processes",
    metavar="N|auto",
    default="auto",
    show_default=True,
    help="Fetch processes (auto: one per usable CPU, at most 4); 1 fetches in threads of "
    "this process.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary, only errors.")
@format_option()
@pass_app
def check(
    app: App,
    /,
    due_only: bool,
    every: bool,
    claim_id: int | None,
    source_id: int | None,
    host: str | None,
    fail_on: str | None,
    evidence: bool,
    processes: str,
    quiet: bool,
    output_format: str,
    **options: Any,
) -> None:
    """Check sources for link rot and record what each fetch found.

    \b
    Example:
      claims check                      # what is due (cron-friendly with --quiet)
      claims check --all --concurrency 32 --per-host 4
      claims check --claim 12 --format json
      claims check --due --quiet --fail-on dead
      claims check --all --processes 1  # fetch in threads of one process
      claims check --due --archive-live # and have live pages captured
    """
    from claims_tracker import checker
    from claims_tracker import verify as verification

    if not (processes == "auto" or (processes.isdigit() and int(processes) >= 1)):
        raise UsageError(f"--processes must be a number of at least 1 or auto, not {processes!r}")
    workers = checker.auto_processes() if processes == "auto" else int(processes)
    if due_only and every:
        raise UsageError("--due and --all exclude each other")
    mode = "all" if every else "due" if due_only else None
    selection = checker.selection_from_options(mode, claim_id, source_id, host)
    settings = checker.settings_with_overrides(
        app.settings, processes=workers, archive_keys=archive_keys_from_env(), **options
    )
    factory = db.make_sessionmaker(app.engine())
    notice = None if quiet else partial(click.echo, err=True)
    with checker.stop_on_signals(notice) as stop, _check_progress(not quiet) as progress:
        summary, stats = verification.check_with_evidence(
            factory,
            settings,
            selection,
            actor=app.actor,
            evidence=evidence,
            stop=stop.event,
            abandon=stop.abandon,
            progress=progress,
        )
    if output_format == OutputFormat.JSON:
        echo_json({**summary.to_dict(), "evidence": stats.to_dict() if stats else None})
    elif not quiet:
        _print_check_summary(summary)
    if stop.signal is not None:
        sys.exit(int(ExitCode.TERMINATED if stop.terminated else ExitCode.INTERRUPTED))
    if fail_on and summary.has_state(checker.failing_states(fail_on)):
        sys.exit(int(ExitCode.FINDINGS))


@contextmanager
def _check_progress(wanted: bool) -> Iterator[checker.ProgressCallback | None]:
    """A live bar on a terminal's stderr; nothing when redirected (cron, pipes) or quiet."""
    if not wanted:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    err = Console(stderr=True)
    if not err.is_terminal:
        yield None
        return
    columns = (
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
        TimeElapsedColumn(),
    )
    # Started by the first report, not before: fetch processes are forked at the start of the
    # run, and the bar's refresh thread must not exist yet when they are.
    bar = Progress(*columns, console=err, transient=True)
    task = bar.add_task("check", total=None, detail="")

    def show(p: checker.CheckProgress) -> None:
        states = p.by_state
        failing = states.get("failing", 0) + states.get("soft_404", 0)
        detail = (
            f"{p.rate:.0f}/s  alive {states.get('alive', 0)}"
            f"  failing {failing}  dead {states.get('dead', 0)}"
        )
        bar.update(task, completed=p.done, total=p.total, detail=detail)
        if not bar.live.is_started:
            bar.start()

    try:
        yield show
    finally:
        bar.stop()


def _print_check_summary(summary: checker.CheckSummary) -> None:
    from rich.console import Console
    from rich.table import Table

    data = summary.to_dict()
    table = Table(
        "checked",
        "rate",
        "errors",
        "newly dead",
        "revived",
        box=None,
        header_style="bold",
        title=f"{count_of(data['checked'], 'source')} checked",
    )
    table.add_row(
        str(data["checked"]),
        f"{data['urls_per_s']}/s",
        str(data["errors"]),
        ", ".join(map(str, data["newly_dead"])) or "-",
        ", ".join(map(str, data["revived"])) or "-",
    )
    states = Table("state", "sources", box=None, header_style="bold")
    for state, count in data["by_state"].items():
        states.add_row(state, str(count))
    err = Console(stderr=True)
    err.print(table)
    err.print(states)
    captures = data["archive_live"]
    if captures["requested"] or captures["not_sent"]:
        failed = ", ".join(f"{why} ×{n}" for why, n in captures["failed"].items())
        err.print(
            f"archive: {captures['requested']} capture(s) requested, {captures['saved']} saved, "
            f"{captures['pending']} still pending, {captures['not_sent']} not sent"
            + (f"; failed: {failed}" if failed else ""),
            markup=False,
            highlight=False,
        )
    for reason, count in data["unfinished"].items():
        err.print(f"warning: {count} fetch(es) left for the next run: {reason}", markup=False)
    if summary.interrupted:
        err.print("interrupted: finished results were saved, the rest is left for the next run")


# --- report --------------------------------------------------------------------------------


@cli.command("report")
@click.option("--article", "article_id", type=ROW_ID, help="Only the claims of this article.")
@click.option("--status", type=click.Choice([s.value for s in ClaimStatus]))
@click.option("--hedge", type=click.Choice([h.value for h in Hedge]))
@click.option("--host", help="Only claims with a source on this host (or its subdomains).")
@click.option(
    "--since", metavar="DURATION|DATE", help="Add what changed since then: 7d, 24h, 2026-01-31."
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=DEFAULT_RISKY_LIMIT,
    show_default=True,
    help="How many of the riskiest claims to list.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice([f.value for f in ReportFormat]),
    default=ReportFormat.TABLE.value,
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write FILE atomically, not stdout."
)
@pass_app
def report_command(
    app: App,
    article_id: int | None,
    status: str | None,
    hedge: str | None,
    host: str | None,
    since: str | None,
    limit: int,
    output_format: str,
    output: str | None,
) -> None:
    """Report how well-founded the claims are: status × hedge, source health, the riskiest
    claims, each article, and with --since what changed (a weekly digest for cron).

    \b
    Example:
      claims report
      claims report --format html -o report.html
      claims report --since 7d --format markdown
      claims report --hedge reported --status unsupported --format csv -o risky.csv
      claims report --format claimreview -o claimreview.jsonld
    """
    from claims_tracker import report

    filters = report.ReportFilters(
        article_id=article_id,
        status=ClaimStatus(status) if status else None,
        hedge=Hedge(hedge) if hedge else None,
        host=host,
        since=report.parse_since(since) if since is not None else None,
        limit=limit,
    )
    fmt = ReportFormat(output_format)
    color = output is None and sys.stdout.isatty()
    with app.transaction(create=False) as session:
        chunks = report.generate(session, filters, fmt, color=color, width=console().width)
        if output is None:
            for chunk in chunks:
                click.echo(chunk, nl=False)
            return
        report.write_atomically(output, chunks)
    click.echo(f"report written to {output}", err=True)
