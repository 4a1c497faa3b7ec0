"""`claims import` end to end: files and URLs in, claims and sources stored, bad input refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from claims_tracker.cli import cli
from tests.pdfs import pdf_document
from tests.servers import Reply, running_server

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "article.md"


@pytest.fixture
def run(database_url: str):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", database_url, "init"]).exit_code == 0

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--db", database_url, *args])

    return invoke


def payload(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_seed_article(run, tmp_path: Path, seed_article: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "seed.txt"
    path.write_text(seed_article, encoding="utf-8")
    data = payload(run("import", str(path), "--format", "json"))
    (article,) = data["articles"]
    assert article["created"] is True
    claims = {c["text"]: c for c in article["claims"]}

    reported = [c for c in claims.values() if c["hedge"] == "reported"]
    assert any(c["text"].startswith("According to reports, OpenAI refused") for c in reported)
    assert any("reportedly rival" in c["text"] for c in reported)
    assert all(c["attributed_to"] == "reports" for c in reported)
    mai = next(c for c in claims.values() if "are expected to be accessible" in c["text"])
    assert mai["hedge"] == "speculative"
    cues = {cue["text"].lower() for cue in mai["cues"]}
    assert "potentially" in cues
    assert any(cue.startswith("are expected") for cue in cues)

    body = seed_article.replace("\r\n", "\n")
    for claim in article["claims"]:
        assert body[claim["start"] : claim["end"]] == claim["text"]
        for cue in claim["cues"]:
            assert body[cue["start"] : cue["end"]] == cue["text"]
    texts = " ".join(claims)
    for boilerplate in ("Tags:", "Meta Description", "Explore how Microsoft", "Reference Links"):
        assert boilerplate not in texts

    references = [s for s in article["sources"] if s["relation"] == "reference"]
    assert len(references) == 5
    assert all(s["publisher"] == "WindowsForum" and s["url"] is None for s in references)
    assert references[0]["title"] == "Microsoft’s AI Ambitions Step Out of the Shadows"
    assert references[0]["description"].startswith("Detailed insights on Microsoft")

    stored = payload(run("list", "--format", "json"))["claims"]
    assert len(stored) == len(article["claims"])
    unresolved = payload(run("sources", "--unresolved", "--format", "json"))["sources"]
    assert len(unresolved) == 5
    # Suggested title-only references make their claims "unresolved", the rest "unsourced".
    statuses = {c["status"] for c in stored}
    assert statuses <= {"unresolved", "unsourced"}
    assert "unresolved" in statuses


def test_reimport_changes_nothing(run) -> None:  # type: ignore[no-untyped-def]
    first = payload(run("import", str(EXAMPLE), "--format", "json"))["articles"][0]
    before = (payload(run("list", "--format", "json")), payload(run("sources", "--format", "json")))
    second = payload(run("import", str(EXAMPLE), "--format", "json"))["articles"][0]
    after = (payload(run("list", "--format", "json")), payload(run("sources", "--format", "json")))
    assert second["created"] is False
    assert second["id"] == first["id"]
    assert [c["id"] for c in second["claims"]] == [c["id"] for c in first["claims"]]
    assert before == after


def test_example_article_has_every_kind_of_source(run) -> None:  # type: ignore[no-untyped-def]
    article = payload(run("import", str(EXAMPLE), "--format", "json"))["articles"][0]
    hedges = {c["hedge"] for c in article["claims"]}
    assert hedges >= {"reported", "attributed", "speculative"}
    relations = {s["relation"] for s in article["sources"]}
    assert relations == {"cited", "reference"}
    assert any(s["url"] is None for s in article["sources"])
    assert any(s["url"] for s in article["sources"] if s["relation"] == "reference")
    cited = [c for c in payload(run("list", "--format", "json"))["claims"] if c["source_count"]]
    assert cited
    # A reference that has a URL is suggested for the claim naming its publisher.
    study = next(
        i for i, s in enumerate(article["sources"]) if s["publisher"] == "Metro Mobility Institute"
    )
    suggested = {
        article["claims"][s["claim"]]["text"]
        for s in article["suggestions"]
        if s["source"] == study
    }
    assert any(text.startswith("A report by the Metro Mobility Institute") for text in suggested)


def test_dry_run_writes_nothing(run, database_url: str) -> None:  # type: ignore[no-untyped-def]
    data = payload(run("import", "--dry-run", str(EXAMPLE), "--format", "json"))
    assert data["dry_run"] is True
    article = data["articles"][0]
    assert article["claims"]
    assert "id" not in article
    for suggestion in article["suggestions"]:
        assert 0 <= suggestion["claim"] < len(article["claims"])
        assert 0 <= suggestion["source"] < len(article["sources"])
        assert 0 < suggestion["score"] <= 1
    assert payload(run("list", "--format", "json")) == {"claims": []}
    assert payload(run("sources", "--format", "json")) == {"sources": []}


def test_include_asserted_adds_check_worthy_sentences(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.txt"
    path.write_text(
        "Acme Corp reported revenue of $4.2 billion in 2025.\n\n"
        "The weather was pleasant.\n\n"
        "Rivals could follow suit next year.\n",
        encoding="utf-8",
    )
    plain = payload(run("import", "--dry-run", str(path), "--format", "json"))
    assert [c["hedge"] for c in plain["articles"][0]["claims"]] == ["speculative"]
    wide = payload(run("import", "--dry-run", "--include-asserted", str(path), "--format", "json"))
    texts = [c["text"] for c in wide["articles"][0]["claims"]]
    assert "Acme Corp reported revenue of $4.2 billion in 2025." in texts
    assert "The weather was pleasant." not in texts


def test_html_references_in_main_beside_the_article(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plant.html"
    path.write_text(
        "<html><head><title>Plant</title></head><body><main>"
        "<article><p>Acme reportedly plans to close its Leeds plant.</p></article>"
        "<section><h2>References</h2><ul>"
        "<li>Acme [archived] history - Leeds Gazette - Local coverage.</li></ul></section>"
        "</main></body></html>",
        encoding="utf-8",
    )
    article = payload(run("import", str(path), "--format", "json"))["articles"][0]
    assert [(s["title"], s["publisher"], s["relation"]) for s in article["sources"]] == [
        ("Acme [archived] history", "Leeds Gazette", "reference")
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n\n  ", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("Le café a été fermé, selon des rapports.".encode("latin-1"), "not valid UTF-8"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n\x00 broken", "a PDF that cannot be read"),
        (pdf_document([]), "a PDF without text"),
    ],
)
def test_bad_files(run, tmp_path: Path, content: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("import", str(path))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert message in lines[0]
    assert payload(run("list", "--format", "json")) == {"claims": []}


def test_a_pdf_report_imports_as_an_article(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "review.pdf"
    path.write_bytes(
        pdf_document(
            [
                "Harbour City is said to be planning driverless trams on",
                "every line by 2028, according to reports.[1]",
                "Ridership fell 12% in 2024.",
            ],
            ["References", "1. Transit review. https://example.org/review"],
            title="Harbour City transit review",
        )
    )
    article = payload(run("import", str(path), "--format", "json"))["articles"][0]
    assert article["title"] == "Harbour City transit review"
    (claim,) = article["claims"]
    assert claim["text"] == (
        "Harbour City is said to be planning driverless trams on every line by 2028, "
        "according to reports."
    )
    assert claim["cites"] == ["https://example.org/review"]
    assert [(s["title"], s["relation"]) for s in article["sources"]] == [
        ("Transit review", "reference")
    ]


def test_declared_charset_is_honoured(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html = (
        '<html><head><meta charset="windows-1252"><title>Café</title></head><body><article>'
        "<p>The café chain reportedly plans to close 40 stores.</p></article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("cp1252"))
    data = payload(run("import", "--dry-run", str(path), "--format", "json"))
    assert data["articles"][0]["claims"][0]["text"].startswith("The café chain reportedly")


def test_missing_file_and_others_still_import(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.txt"
    good.write_text("Shares may rise after the results, analysts said.\n", encoding="utf-8")
    result = run("import", str(tmp_path / "missing.txt"), str(good), "--format", "json")
    assert result.exit_code == 2
    assert "missing.txt: no such file" in result.stderr
    data = json.loads(result.stdout)
    assert data["articles"][0]["error"].endswith("no such file")
    assert data["articles"][1]["created"] is True
    assert len(payload(run("list", "--format", "json"))["claims"]) == 1


@pytest.mark.parametrize("location", ["ftp://example.org/x", "file:///etc/passwd"])
def test_other_url_schemes_are_named_as_such(run, location: str) -> None:  # type: ignore[no-untyped-def]
    result = run("import", location)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {location}: unsupported URL scheme (only http and https are imported)"
    )


def test_import_from_url(run) -> None:  # type: ignore[no-untyped-def]
    page = (
        "<html><head><title>Port expansion</title></head><body><nav>Home | Reports menu</nav>"
        "<article><h1>Port expansion</h1><p>The port authority is expected to approve the "
        'plan in June, according to <a href="https://news.example.org/port">local reports</a>.'
        "</p><p>The harbour opened in 1901.</p></article><footer>Contact us</footer></body></html>"
    )
    with running_server("127.0.0.1", {"/story": Reply(body=page)}) as server:
        refused = run("import", server.url("/story"))
        assert refused.exit_code == 2
        assert "blocked_private" in refused.stderr
        data = payload(run("import", "--allow-private", server.url("/story"), "--format", "json"))
    article = data["articles"][0]
    assert article["url"] == server.url("/story")
    assert article["title"] == "Port expansion"
    (claim,) = article["claims"]
    assert claim["hedge"] == "reported"
    assert [s["url"] for s in article["sources"]] == ["https://news.example.org/port"]
    detail = payload(run("show", str(claim["id"]), "--format", "json"))
    assert detail["sources"][0]["relation"] == "cited"


def test_unreachable_url(run) -> None:  # type: ignore[no-untyped-def]
    result = run("import", "--allow-private", "http://nothing-here.invalid/story")
    assert result.exit_code == 2
    assert "cannot fetch (dns" in result.stderr
