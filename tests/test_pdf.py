"""PDF text for evidence: what is read, what is given up on, and the limits."""

from __future__ import annotations

import os
import time

import pytest

from claims_tracker import pdf
from claims_tracker.pdf import PdfText, looks_like_pdf, pdf_text, read_pdf
from tests.pdfs import pdf_document

REPORT = pdf_document(
    [
        "Harbourline has ordered 12 electric ferries from Nordvik",
        "Yards in a deal worth $310 million, the operator confir-",
        "med on Monday.",
        "The first two ferries are due in 2027.",
    ],
    ["Appendix: fleet (2024)."],
    title="Harbourline annual report 2024",
)


def test_pages_are_read_and_wrapped_lines_joined() -> None:
    document = pdf_text(REPORT)
    assert document is not None
    assert document.text == (
        "Harbourline has ordered 12 electric ferries from Nordvik Yards in a deal worth "
        "$310 million, the operator confirmed on Monday.\n"
        "The first two ferries are due in 2027.\n"
        "Appendix: fleet (2024)."
    )
    assert (document.title, document.pages_read, document.pages) == (
        "Harbourline annual report 2024",
        2,
        2,
    )


@pytest.mark.parametrize(
    "data",
    [REPORT[: len(REPORT) // 2], b"%PDF-1.7\n\x00\xff garbage", b"", b"%PDF-" + b"(" * 100_000],
    ids=["truncated", "garbage", "empty", "unbalanced"],
)
def test_an_unreadable_file_gives_no_text(data: bytes) -> None:
    document = pdf_text(data)
    assert document is None or document.text == ""


def test_reading_stops_at_the_page_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    document = pdf_text(pdf_document(["One."], ["Two."], ["Three."]))
    assert document is not None
    assert (document.text, document.pages_read, document.pages) == ("One.\nTwo.", 2, 3)


def test_reading_stops_when_the_cpu_budget_is_spent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "CPU_BUDGET_S", -1.0)  # spent before the first page
    document = pdf_text(REPORT)
    assert document is not None
    assert (document.text, document.pages_read) == ("", 0)


@pytest.mark.parametrize(
    ("media_type", "body", "expected"),
    [
        ("application/pdf", b"anything", True),
        ("application/octet-stream", b"\n%PDF-1.7\n", True),
        (None, b"%PDF-1.4", True),
        ("image/png", b"\x89PNG", False),
    ],
)
def test_looks_like_pdf(media_type: str | None, body: bytes, expected: bool) -> None:
    assert looks_like_pdf(media_type, body) is expected


def test_read_pdf_reads_in_a_child_process() -> None:
    assert read_pdf(REPORT) == pdf_text(REPORT)


def test_a_reader_that_never_finishes_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    def forever(data: bytes) -> PdfText | None:
        time.sleep(60)
        return None

    monkeypatch.setattr(pdf, "pdf_text", forever)
    monkeypatch.setattr(pdf, "WALL_LIMIT_S", 0.5)
    started = time.monotonic()
    assert read_pdf(REPORT) is None
    assert time.monotonic() - started < 30  # killed, not waited for


def test_a_reader_that_dies_gives_no_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def dies(data: bytes) -> PdfText | None:
        os._exit(3)

    monkeypatch.setattr(pdf, "pdf_text", dies)
    assert read_pdf(REPORT) is None


def test_headings_and_list_items_keep_their_lines() -> None:
    document = pdf_text(
        pdf_document(
            [
                "Findings",
                "1. The survey covered 212 lakes across the northern highlands",
                "of the country.",
                "2. Eleven of them were deeper than two hundred metres.",
            ]
        )
    )
    assert document is not None
    assert document.text.split("\n") == [
        "Findings",
        "1. The survey covered 212 lakes across the northern highlands of the country.",
        "2. Eleven of them were deeper than two hundred metres.",
    ]
