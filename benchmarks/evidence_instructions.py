"""Instructions, not seconds: the cost of evidence per page, counted under valgrind's callgrind.

    python benchmarks/evidence_instructions.py            # about 3 minutes
    python benchmarks/evidence_instructions.py --pages 50

The benchmark machines change speed by up to 2x from one hour to the next, so a change that
saves a tenth of a millisecond cannot be seen in timings. The number of instructions a run
executes barely moves, so this script counts them: a Python process extracts the main text
of the checker benchmark's article pages (benchmarks/latency_server.py, ~4 KB each), and
another also ranks each page's claim against it; a third does neither. Each page's cost is
the difference divided by the number of pages. Needs `valgrind` on PATH; prints nothing it
did not count.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import sys
sys.path.insert(0, {repo!r})
from benchmarks.latency_server import article_claim, article_page
from claims_tracker import evidence

evidence.load_extractor()
count, stage = int(sys.argv[1]), sys.argv[2]
pages = [(article_page(n).decode(), [article_claim(n)]) for n in range(count)]
texts = []
if stage in ("extract", "assess"):
    texts = [evidence.extract_main_text(page, content_type="text/html").text for page, _ in pages]
if stage == "assess":
    for text, (_, claims) in zip(texts, pages):
        evidence.assess_claims(claims, text)
"""


def instructions(stage: str, pages: int) -> int:
    """Instructions of a whole Python process running `stage` on `pages` pages."""
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            CHILD.format(repo=str(REPO)),
            str(pages),
            stage,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    base = instructions("none", args.pages)
    extract = instructions("extract", args.pages)
    assess = instructions("assess", args.pages)
    print(f"{args.pages} article pages, instructions per page (callgrind):")
    print(f"  main-text extraction   {(extract - base) / args.pages / 1e6:7.2f} million")
    print(f"  ranking one claim      {(assess - extract) / args.pages / 1e6:7.2f} million")
    print(f"  both                   {(assess - base) / args.pages / 1e6:7.2f} million")


if __name__ == "__main__":
    main()
