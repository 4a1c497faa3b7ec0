"""CPU cost of the evidence pipeline on a ~100 KB news-like page (time.process_time, median).

    python benchmarks/evidence_speed.py [--repeats N]

(a) main-text extraction, (b) ranking + verdict for one claim (cold: first claim on the page,
which splits and indexes it; warm: a further claim on the same page), (c) the unchanged-page
path of a re-check (hash compare, and re-anchoring on identical text), plus re-anchoring after
an edit and two hostile inputs for scale.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import trafilatura
from machine import reference_line
from make_evidence_eval import FACTS, body_with, news_page

from claims_tracker import evidence
from claims_tracker.evidence import (
    assess,
    baseline_main_text,
    extract_main_text,
    quote_selector,
    reanchor,
    sha256_text,
    text_unchanged,
)


def clear_caches() -> None:
    evidence._split_passages_cached.cache_clear()
    evidence._page_index.cache_clear()
    evidence._prepare_claim.cache_clear()
    evidence._numeric_dates.cache_clear()


def median_ms(run: Callable[[], object], repeats: int, before: Callable[[], None] | None = None
              ) -> float:  # fmt: skip
    times = []
    for _ in range(repeats):
        if before is not None:
            before()
        started = time.process_time()
        run()
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def build_page(target_bytes: int = 100_000) -> str:
    rng = random.Random(3)
    sentences = 200
    while True:
        page = news_page(rng, "Business roundup", body_with(rng, [FACTS[0].paraphrase],
                                                             sentences))  # fmt: skip
        if len(page.encode()) >= target_bytes:
            return page
        sentences += 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    repeats = parser.parse_args().repeats

    page = build_page()
    main_text = extract_main_text(page, content_type="text/html")
    text = main_text.text
    claim = FACTS[0].claim
    other_claim = FACTS[2].claim
    result = assess(claim, text)
    assert result.start is not None
    assert result.end is not None
    print(f"page: {len(page.encode()) / 1000:.0f} KB HTML -> {len(text) / 1000:.0f} KB main "
          f"text, {len(evidence.split_passages(text))} passages; verdict {result.verdict}, "
          f"score {result.score:.2f}")  # fmt: skip
    print(f"median CPU of {repeats} runs (time.process_time); {reference_line()}\n")

    rows: list[tuple[str, float]] = []
    extraction = median_ms(lambda: extract_main_text(page, content_type="text/html"), repeats)
    rows.append(("(a) extract_main_text (trafilatura, fast + favor_precision)", extraction))
    rows.append(("    baseline lxml extractor, for comparison",
                 median_ms(lambda: baseline_main_text(page), repeats)))  # fmt: skip
    rows.append(("    trafilatura.extract default options, for comparison",
                 median_ms(lambda: trafilatura.extract(page), max(5, repeats // 3))))  # fmt: skip
    cold = median_ms(lambda: assess(claim, text), repeats, before=clear_caches)
    rows.append(("(b) assess, first claim on the page (split + index + rank + verdict)", cold))
    assess(claim, text)
    rows.append(("    assess, another claim on the same page (index cached)",
                 median_ms(lambda: assess(other_claim, text), repeats,
                           before=evidence._prepare_claim.cache_clear)))  # fmt: skip
    rows.append(("    first evidence total = (a) + (b)", extraction + cold))

    page_sha = hashlib.sha256(page.encode()).hexdigest()
    stored_text_sha = main_text.sha256

    def unchanged_content() -> bool:
        return hashlib.sha256(page.encode()).hexdigest() == page_sha

    old = result.start
    selector = quote_selector(text, result.start, result.end)
    rows.append(("(c) unchanged page: content sha256 compare (skip extraction)",
                 median_ms(unchanged_content, repeats)))  # fmt: skip
    rows.append(("    unchanged main text: sha256 + text_unchanged",
                 median_ms(lambda: text_unchanged(stored_text_sha, sha256_text(text)),
                           repeats)))  # fmt: skip
    rows.append(("    reanchor on identical text (old position still holds)",
                 median_ms(lambda: reanchor(selector, old, text), repeats)))  # fmt: skip
    shifted = "A new opening paragraph was added. " * 20 + "\n" + text
    rows.append(("    reanchor after an insertion before the quote (exact search)",
                 median_ms(lambda: reanchor(selector, old, shifted), repeats)))  # fmt: skip
    edited = text[: result.start] + text[result.start : result.end].replace(
        "largest", "biggest"
    ) + text[result.end :]  # fmt: skip
    rows.append(("    reanchor after an edit inside the quote (fuzzy)",
                 median_ms(lambda: reanchor(selector, old, edited), repeats)))  # fmt: skip
    removed = text[: result.start] + text[result.end :]
    rows.append(("    reanchor after the quote was removed (fuzzy, -> lost)",
                 median_ms(lambda: reanchor(selector, old, removed), repeats)))  # fmt: skip

    one_line = "<html><body><p>" + ("word " * 600_000) + "</p></body></html>"
    hostile_repeats = max(3, repeats // 10)
    rows.append(("hostile: 3 MB single-line HTML, extract",
                 median_ms(lambda: extract_main_text(one_line), hostile_repeats)))  # fmt: skip
    one_line_text = extract_main_text(one_line).text
    rows.append(("hostile: same page, assess one claim (cold)",
                 median_ms(lambda: assess(claim, one_line_text), hostile_repeats,
                           before=clear_caches)))  # fmt: skip

    width = max(len(name) for name, _ in rows)
    for name, ms in rows:
        print(f"{name:<{width}}  {ms:9.3f} ms")


if __name__ == "__main__":
    main()
