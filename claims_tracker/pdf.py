"""The text of a fetched PDF (reports, filings, court papers are cited as PDFs), for evidence.

pypdf is pure Python and reads hostile files defensively; on top of its own caps on each
decompressed stream, reading stops after ``MAX_PAGES`` pages, ``MAX_CHARS`` characters or
``CPU_BUDGET_S`` seconds of the thread's CPU, so one enormous report cannot hold a fetch worker.
Whatever cannot be read (a broken or password-protected file, a scanned page without text)
gives no text; nothing raises.
"""

from __future__ import annotations

import io
import logging
import re
import time
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["PdfText", "looks_like_pdf", "pdf_text"]

MAX_PAGES: Final = 300
MAX_CHARS: Final = 2_000_000
CPU_BUDGET_S: Final = 5.0
# pypdf's own cap on one decompressed stream is 75 MB; a page's content never needs that much.
_MAX_STREAM_BYTES: Final = 20_000_000


@dataclass(frozen=True, slots=True)
class PdfText:
    text: str
    title: str | None
    pages_read: int
    pages: int


def looks_like_pdf(media_type: str | None, body: bytes) -> bool:
    return media_type == "application/pdf" or body[:1024].lstrip().startswith(b"%PDF-")


def pdf_text(data: bytes) -> PdfText | None:
    """The text of the document's pages, one line per line of text, and its title; None when
    the file cannot be read at all."""
    import pypdf

    # Malformed files make pypdf log warnings: noise for a command run from cron.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    with pypdf.apply_configuration(pypdf.get_configuration().with_overwrites(**_LIMITS)):
        return _read(pypdf.PdfReader, data)


_LIMITS: Final = dict.fromkeys(
    (
        "maximum_declared_stream_length",
        "array_based_stream_maximum_output_length",
        "zlib_maximum_output_length",
        "lzw_maximum_output_length",
        "run_length_maximum_output_length",
        "jbig2_maximum_output_length",
    ),
    _MAX_STREAM_BYTES,
)


def _read(reader_class: Any, data: bytes) -> PdfText | None:
    started = time.thread_time()
    try:
        reader = reader_class(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return None  # needs a password; an empty owner password is common and works
        pages = len(reader.pages)
        parts: list[str] = []
        size = 0
        read = 0
        for page in reader.pages[:MAX_PAGES]:
            if size >= MAX_CHARS or time.thread_time() - started > CPU_BUDGET_S:
                break
            read += 1
            try:
                text = page.extract_text()
            except Exception:  # one broken page does not lose the others
                continue
            if text:
                parts.append(text)
                size += len(text) + 1
        title = _title(reader)
    except Exception:  # pypdf raises many kinds on broken files; all mean "no text"
        return None
    return PdfText(_unwrap("\n".join(parts))[:MAX_CHARS], title, read, pages)


_HYPHENATED = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[^\W\d_A-Z])")
_SOFT_BREAK = re.compile(r"(?<![.!?:;…\"”’)\n])[ \t]*\n[ \t]*(?=\S)")


def _unwrap(text: str) -> str:
    """Lines wrapped to the page width joined back into their paragraph ("pro-\nject" into
    "project"): a line break stays only after a sentence's end, so a sentence is one passage."""
    return _SOFT_BREAK.sub(" ", _HYPHENATED.sub("", text))


def _title(reader: object) -> str | None:
    try:
        metadata = getattr(reader, "metadata", None)
        title = metadata.title if metadata is not None else None
    except Exception:
        return None
    if not isinstance(title, str):
        return None
    title = " ".join(title.split())
    return title[:500] or None
