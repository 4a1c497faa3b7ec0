"""The CLI as a user drives it: exit codes, JSON on stdout, one-line errors on stderr."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from claims_tracker.cli import cli

ENTRY = "from claims_tracker.__main__ import main; main()"


@pytest.fixture
def run(database_url: str):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", database_url, "init"]).exit_code == 0

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, ["--db", database_url, *args], input=input)

    return invoke


def ok_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_add_list_show_link_review(run) -> None:  # type: ignore[no-untyped-def]
    added = ok_json(
        run(
            "add",
            "Acme reportedly plans to close its Leeds plant.",
            "--source",
            "https://news.example.org/acme-leeds?utm_source=feed",
            "--format",
            "json",
        )
    )
    assert added["hedge"] == "reported"
    assert added["status"] == "unchecked"
    claim_id = added["id"]

    listed = ok_json(run("list", "--format", "json"))
    assert [c["id"] for c in listed["claims"]] == [claim_id]
    assert listed["claims"][0]["source_count"] == 1

    linked = run("link", str(claim_id), "https://www.other.example.net/story#top")
    assert linked.exit_code == 0, linked.output
    # The same page with tracking parameters is the same source: no new link.
    again = run("link", str(claim_id), "https://news.example.org/acme-leeds")
    assert again.exit_code == 0
    assert again.stderr.strip() == f"claim {claim_id} was already linked to source 1"

    detail = ok_json(run("show", str(claim_id), "--format", "json"))
    assert {s["url"] for s in detail["sources"]} == {
        "https://news.example.org/acme-leeds?utm_source=feed",
        "https://www.other.example.net/story#top",
    }
    assert detail["status"] == "unchecked"
    assert detail["source_count"] == 2
    assert detail["evidence"] == []

    reviewed = run("review", str(claim_id), "refuted", "--note", "Plant is open per filing")
    assert reviewed.exit_code == 0, reviewed.output
    detail = ok_json(run("show", str(claim_id), "--format", "json"))
    assert detail["status"] == "refuted"
    assert detail["review"]["note"] == "Plant is open per filing"
    fields = [(h["field"], h["old"], h["new"]) for h in detail["history"]]
    assert fields == [
        ("status", None, "unchecked"),
        ("review", None, "refuted"),
        ("status", "unchecked", "refuted"),
    ]

    by_status = ok_json(run("list", "--status", "refuted", "--format", "json"))
    assert len(by_status["claims"]) == 1
    by_host = ok_json(run("list", "--host", "example.net", "--format", "json"))
    assert len(by_host["claims"]) == 1
    # A URL given for --host means its host; a host's name is not case-sensitive.
    for host in ("https://www.other.example.net/anything", "EXAMPLE.NET."):
        assert ok_json(run("list", "--host", host, "--format", "json")) == by_host
    none = ok_json(run("list", "--hedge", "speculative", "--format", "json"))
    assert none["claims"] == []


def test_adding_the_same_claim_again_adds_its_sources_not_a_twin(run) -> None:  # type: ignore[no-untyped-def]
    text = "Acme reportedly plans to close its Leeds plant."
    first = ok_json(run("add", text, "--source", "https://a.example.org/1", "--format", "json"))
    again = ok_json(run("add", f"  {text} ", "--source", "https://b.example.org/2",
                        "--format", "json"))  # fmt: skip
    assert (first["created"], again["created"]) == (True, False)
    assert again["id"] == first["id"]
    assert again["source_count"] == 2
    assert [c["id"] for c in ok_json(run("list", "--format", "json"))["claims"]] == [first["id"]]
    said = run("add", text)
    assert said.stdout.strip() == (
        f"claim {first['id']} already exists (unchecked); sources linked to it"
    )


def test_hedge_and_attribution_can_be_given(run) -> None:  # type: ignore[no-untyped-def]
    added = ok_json(
        run(
            "add",
            "The merger closes in March.",
            "--hedge",
            "attributed",
            "--attributed-to",
            "Reuters",
            "--format",
            "json",
        )
    )
    assert (added["hedge"], added["attributed_to"], added["status"]) == (
        "attributed",
        "Reuters",
        "unsourced",
    )


def test_sources_and_resolve(run) -> None:  # type: ignore[no-untyped-def]
    first = ok_json(
        run("add", "Sales may fall.", "--source", "https://a.example.org/x", "--format", "json")
    )
    sources = ok_json(run("sources", "--format", "json"))["sources"]
    assert len(sources) == 1
    source = sources[0]
    assert source["state"] == "unchecked"
    assert source["consecutive_failures"] == 0
    assert source["last_check"] is None
    assert source["claims"] == 1
    assert ok_json(run("sources", "--state", "dead", "--format", "json"))["sources"] == []
    assert first["status"] == "unchecked"


def test_resolve_title_only_source_and_merge(database_url: str) -> None:
    from claims_tracker import db
    from claims_tracker.models import Claim, Relation, Source, SourceState
    from claims_tracker.store import link, recompute_statuses, source_for_url

    engine = db.make_engine(database_url)
    db.upgrade(engine)
    factory = db.make_sessionmaker(engine)
    with db.transaction(factory) as session:
        claim = Claim(text="X reportedly did Y.", fingerprint="f1", hedge="reported")
        session.add(claim)
        title_only = Source(title="X did Y", publisher="Wire", state=SourceState.UNCHECKED)
        twin_target = Source(title="Other", state=SourceState.UNCHECKED)
        session.add_all([title_only, twin_target])
        session.flush()
        link(session, claim, title_only, Relation.REFERENCE)
        link(session, claim, twin_target, Relation.SUGGESTED, 0.4)
        existing = source_for_url(session, "https://wire.example.com/x-y")
        recompute_statuses(session, [claim.id], actor="test", initial=True)
        ids = (claim.id, title_only.id, twin_target.id, existing.id)
    engine.dispose()
    claim_id, title_id, other_id, existing_id = ids

    runner = CliRunner()
    show = runner.invoke(cli, ["--db", database_url, "show", str(claim_id), "--format", "json"])
    assert json.loads(show.stdout)["status"] == "unresolved"

    resolved = runner.invoke(
        cli,
        ["--db", database_url, "source", "resolve", str(other_id), "https://other.example.org/a"],
    )
    assert resolved.exit_code == 0, resolved.output
    # Resolving onto a URL that already has a Source merges into it.
    merged = runner.invoke(
        cli,
        ["--db", database_url, "source", "resolve", str(title_id), "https://wire.example.com/x-y"],
    )
    assert merged.exit_code == 0, merged.output
    assert f"merged into source {existing_id}" in merged.stderr

    detail = json.loads(
        runner.invoke(cli, ["--db", database_url, "show", str(claim_id), "--format", "json"]).stdout
    )
    assert {s["id"]: s["relation"] for s in detail["sources"]} == {
        other_id: "suggested",
        existing_id: "reference",
    }
    assert detail["status"] == "unchecked"
    assert detail["history"][-1]["old"] == "unresolved"

    # A source with a URL is not silently re-pointed.
    again = runner.invoke(
        cli, ["--db", database_url, "source", "resolve", str(other_id), "https://x.example.org/"]
    )
    assert again.exit_code == 2
    assert again.stderr.strip() == (
        f"error: source {other_id} already has a URL (https://other.example.org/a); "
        "use --replace to change it"
    )
    moved = runner.invoke(
        cli,
        [
            "--db",
            database_url,
            "source",
            "resolve",
            str(other_id),
            "https://x.example.org/",
            "--replace",
        ],
    )
    assert moved.exit_code == 0, moved.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "   "], "claim text is empty"),
        (["add", "Sales may fall.", "--source", "ftp://example.org/x"], "only http and https"),
        (["add", "Sales may fall.", "--source", "not a url"], "invalid URL"),
        (["add", "Sales may fall.", "--article", "99"], "no article with id 99"),
        (["show", "42"], "no claim with id 42"),
        (["link", "42", "https://example.org/"], "no claim with id 42"),
        (["review", "42", "confirmed"], "no claim with id 42"),
        (["source", "resolve", "9", "https://example.org/"], "no source with id 9"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(run, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    before = ok_json(run("list", "--format", "json"))
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert ok_json(run("list", "--format", "json")) == before
    assert ok_json(run("sources", "--format", "json"))["sources"] == []


@pytest.mark.parametrize(
    "args",
    [
        ["show", "99999999999999999999999"],
        ["review", "0", "confirmed"],
        ["check", "--source", "99999999999"],
        ["check", "--timeout", "nan"],
        ["check", "--host-interval", "inf"],
        ["check", "--dead-span", "99999999999d"],
        ["list", "--article", "-3"],
    ],
)
def test_out_of_range_input_is_a_usage_error(run, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_text_in_square_brackets_is_shown_as_written(run) -> None:  # type: ignore[no-untyped-def]
    text = "Shares reportedly rose [/] sharply, [citation needed] and [bold]x[/bold]."
    claim = ok_json(run("add", text, "--format", "json"))
    for args in (["list"], ["show", str(claim["id"])]):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert "[/] sharply, [citation needed] and [bold]x[/bold]" in result.stdout


def test_lost_output_is_an_error(run, database_url: str) -> None:  # type: ignore[no-untyped-def]
    """A full disk under stdout: one error line and exit 3, not a traceback and exit 0."""
    assert run("add", "Sales may fall.").exit_code == 0
    for args in (["list"], ["report", "--format", "json"]):
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                [sys.executable, "-c", ENTRY, "--db", database_url, *args],
                check=False,
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=60,
            )
        assert result.returncode == 3, result.stderr
        assert result.stderr.strip() == ("error: cannot write the output: No space left on device")


def test_invalid_link_leaves_claim_untouched(run) -> None:  # type: ignore[no-untyped-def]
    claim = ok_json(run("add", "Sales may fall.", "--format", "json"))
    result = run("link", str(claim["id"]), "javascript:alert(1)")
    assert result.exit_code == 2
    detail = ok_json(run("show", str(claim["id"]), "--format", "json"))
    assert detail["sources"] == []
    assert len(detail["history"]) == 1


def test_table_output(run) -> None:  # type: ignore[no-untyped-def]
    run(
        "add",
        "Acme reportedly plans to close its Leeds plant.",
        "--source",
        "https://example.org/a",
    )
    listed = run("list")
    assert listed.exit_code == 0
    assert "Acme reportedly plans" in listed.stdout
    assert "unchecked" in listed.stdout
    shown = run("show", "1")
    assert "https://example.org/a" in shown.stdout
    sources = run("sources")
    assert "https://example.org/a" in sources.stdout


def test_db_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    runner = CliRunner()
    current = runner.invoke(cli, ["--db", url, "db", "current"])
    assert current.exit_code == 0
    assert current.stdout.startswith("none")
    assert runner.invoke(cli, ["--db", url, "init"]).exit_code == 0
    current = runner.invoke(cli, ["--db", url, "db", "current"])
    assert "up to date" in current.stdout
    assert runner.invoke(cli, ["--db", url, "db", "check"]).exit_code == 0
    again = runner.invoke(cli, ["--db", url, "db", "upgrade"])
    assert again.exit_code == 0
    assert again.stderr.startswith("already at revision ")
    unknown = runner.invoke(cli, ["--db", url, "db", "downgrade", "zzz"])
    assert unknown.exit_code == 2
    assert unknown.stderr.strip() == "error: Can't locate revision identified by 'zzz'"
    # "base" deletes everything: it asks first, and no answer keeps the data.
    refused = runner.invoke(cli, ["--db", url, "db", "downgrade", "base"], input="")
    assert refused.exit_code == 1
    assert "up to date" in runner.invoke(cli, ["--db", url, "db", "current"]).stdout
    down = runner.invoke(cli, ["--db", url, "db", "downgrade", "base"], input="y\n")
    assert down.exit_code == 0, down.output
    assert runner.invoke(cli, ["--db", url, "db", "check"]).exit_code == 3
    assert runner.invoke(cli, ["--db", url, "db", "upgrade"]).exit_code == 0
    assert runner.invoke(cli, ["--db", url, "db", "check"]).exit_code == 0
    assert runner.invoke(cli, ["--db", url, "db", "downgrade", "--yes", "base"]).exit_code == 0


def test_outdated_schema_stops_commands(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    url = f"sqlite:///{path}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", url, "init"]).exit_code == 0
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0000'")
    result = runner.invoke(cli, ["--db", url, "list"])
    assert result.exit_code == 3
    assert "run `claims db upgrade`" in result.stderr


def test_first_command_that_writes_creates_the_database(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    url = f"sqlite:///{path}"
    runner = CliRunner()
    # Commands that only read do not leave an empty database behind a mistyped --db.
    for args in (["list"], ["show", "1"], ["sources"], ["report"]):
        result = runner.invoke(cli, ["--db", url, *args])
        assert result.exit_code == 2, result.output
        assert result.stderr.strip() == (
            f"error: no database at {path}: `claims init` or a first import creates one"
        )
        assert not path.exists()
    added = runner.invoke(cli, ["--db", url, "add", "Sales may fall.", "--format", "json"])
    assert added.exit_code == 0, added.output
    assert path.is_file()
    result = runner.invoke(cli, ["--db", url, "list", "--format", "json"])
    assert [c["text"] for c in json.loads(result.stdout)["claims"]] == ["Sales may fall."]


def test_database_url_from_environment(tmp_path: Path) -> None:
    path = tmp_path / "env.db"
    runner = CliRunner(env={"CLAIMS_DATABASE_URL": f"sqlite:///{path}"})
    assert runner.invoke(cli, ["add", "Prices may rise."]).exit_code == 0
    assert path.is_file()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("garbage", "cannot open database: file is not a database"),
        ("directory", "cannot open database: unable to open database file"),
    ],
)
def test_unreadable_database_file(tmp_path: Path, setup: str, message: str) -> None:
    path = tmp_path / "bad.db"
    if setup == "garbage":
        path.write_bytes(b"this is not sqlite" * 100)
    else:
        path.mkdir()
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{path}", "list"])
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [f"error: {message}"]


def test_locked_database_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    url = f"sqlite:///{path}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", url, "init"]).exit_code == 0
    blocker = sqlite3.connect(path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        from claims_tracker import db

        original = db.SQLITE_BUSY_TIMEOUT_MS
        db.SQLITE_BUSY_TIMEOUT_MS = 200
        try:
            result = runner.invoke(cli, ["--db", url, "add", "Prices may rise."])
        finally:
            db.SQLITE_BUSY_TIMEOUT_MS = original
    finally:
        blocker.rollback()
        blocker.close()
    assert result.exit_code == 3
    assert "database is locked" in result.stderr
    listed = runner.invoke(cli, ["--db", url, "list", "--format", "json"])
    assert json.loads(listed.stdout) == {"claims": []}


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    import click

    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*prefix, name)))
    return found


@pytest.mark.parametrize("path", _commands(cli))
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
