"""The text of a fetched PDF (reports, filings, court papers are cited as PDFs), for evidence.

pypdf is pure Python and reads hostile files defensively; on top of its own caps on each
decompressed stream, reading stops after ``MAX_PAGES`` pages, ``MAX_CHARS`` characters or
``CPU_BUDGET_S`` seconds of CPU, so one enormous report cannot hold a fetch worker. A parser
can still loop on a file crafted for it, and a thread cannot be stopped from outside: where the
platform forks, ``read_pdf`` reads in a child process that is killed when it overstays
(``WALL_LIMIT_S``). Whatever cannot be read (a broken or password-protected file, a scanned page
without text) gives no text; nothing raises.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import pickle
import re
import select
import signal
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from pypdf import PdfReader

__all__ = ["PdfText", "looks_like_pdf", "pdf_text", "read_pdf"]

MAX_PAGES: Final = 300
MAX_CHARS: Final = 2_000_000
CPU_BUDGET_S: Final = 5.0
# The child reading a PDF is killed after this long: the CPU budget, plus the slack of a
# machine busy with other fetches.
WALL_LIMIT_S: Final = 20.0
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


def read_pdf(data: bytes) -> PdfText | None:
    """``pdf_text`` in a child process with a wall-clock limit (in-process where the platform
    cannot fork)."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return pdf_text(data)
    import pypdf  # noqa: F401 - imported once here rather than in every child

    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, write the answer, leave without any cleanup of the parent's
        status = 1
        try:
            os.close(reader)
            with os.fdopen(writer, "wb") as out:
                out.write(pickle.dumps(pdf_text(data), pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    answer: bytes | None = None
    try:
        answer = _read_answer(reader, time.monotonic() + WALL_LIMIT_S)
    finally:
        os.close(reader)
        if answer is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    try:
        document = pickle.loads(answer) if answer else None
    except Exception:  # a child killed mid-write
        return None
    return document if isinstance(document, PdfText) else None


def _read_answer(fd: int, deadline: float) -> bytes | None:
    """Everything the child writes until it closes the pipe; None if it overstays."""
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def pdf_text(data: bytes) -> PdfText | None:
    """The text of the document's pages, a paragraph a line (see _unwrap), and its title; None
    when the file cannot be read at all."""
    import pypdf

    # Malformed files make pypdf log warnings: noise for a command run from cron.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    with pypdf.apply_configuration(pypdf.get_configuration().with_overwrites(**_LIMITS)):
        return _read(data)


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


def _read(data: bytes) -> PdfText | None:
    from pypdf import PdfReader

    started = time.thread_time()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
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
_SENTENCE_END = tuple('.!?:;…"”’)')
_LIST_ITEM = re.compile(r"(?:[-–•▪*]|\d{1,3}[.)]|\[\d{1,3}\])\s")
# A line wrapped at the page's width is long; a shorter one ends a heading or a paragraph.
_WRAPPED_MIN_CHARS = 40


def _unwrap(text: str) -> str:
    """Lines wrapped to the page width joined back into their paragraph ("pro-\nject" into
    "project"), so that a sentence is one passage. A line break stays after a sentence's end,
    after a short line (a heading) and before a list item."""
    lines: list[str] = []
    for raw in _HYPHENATED.sub("", text).split("\n"):
        line = raw.strip()
        if not line:
            continue
        previous = lines[-1] if lines else ""
        if previous and (
            line[0].islower()
            or (
                len(previous) >= _WRAPPED_MIN_CHARS
                and not previous.endswith(_SENTENCE_END)
                and not _LIST_ITEM.match(line)
            )
        ):
            lines[-1] = f"{previous} {line}"
        else:
            lines.append(line)
    return "\n".join(lines)


def _title(reader: PdfReader) -> str | None:
    try:
        metadata = reader.metadata
        title = metadata.title if metadata is not None else None
    except Exception:
        return None
    if not isinstance(title, str):
        return None
    title = " ".join(title.split())
    return title[:500] or None
