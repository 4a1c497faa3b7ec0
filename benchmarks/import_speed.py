"""Import speed: 1,000 generated articles of about 1,000 words each, in one `claims import` call.

Prints the wall time of the whole command (start-up, reading, extraction, SQLite writes), the
median of several runs, and articles per second.

    python benchmarks/import_speed.py [--articles 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUBJECTS = [
    "The regional water authority",
    "Northwind Logistics",
    "The transport ministry",
    "Kestrel Pharmaceuticals",
    "The city council",
    "Bluefin Energy",
    "The central bank",
    "Orchard Robotics",
    "The university hospital",
    "Meridian Telecom",
]
HEDGED = [
    "{s} reportedly plans to cut {n} jobs by {y}.",
    "According to reports, {s} is in talks to buy a rival for ${m} billion.",
    "{s} is expected to announce results that could beat forecasts by {p}%.",
    "People familiar with the matter said {s} may delay the project until {y}.",
    "{s} said on Tuesday that revenue rose {p}% to ${m} billion.",
    "Analysts at Harlow Research said {s} would likely raise prices in {y}.",
    "{s} is said to be considering a listing in London, sources told the paper.",
]
PLAIN = [
    "{s} opened a new office in the harbour district in {y}.",
    "The annual report shows that spending on maintenance grew steadily.",
    "Residents can open the Reports tab on the website to see the figures.",
    "The board met in May {y} to discuss the budget.",
    "The company employs about {n} people across four sites.",
    "Its first factory was built near the river more than a century ago.",
]


def make_article(rng: random.Random, index: int) -> str:
    lines = [f"Article {index}: a look at {rng.choice(SUBJECTS).lower()}", ""]
    words = 0
    paragraph: list[str] = []
    while words < 1000:
        template = rng.choice(HEDGED if rng.random() < 0.3 else PLAIN)
        sentence = template.format(
            s=rng.choice(SUBJECTS),
            n=rng.randint(20, 5000),
            y=rng.randint(2020, 2030),
            m=round(rng.uniform(0.5, 40), 1),
            p=rng.randint(2, 40),
        )
        paragraph.append(sentence)
        words += len(sentence.split())
        if len(paragraph) == 5:
            lines.extend([" ".join(paragraph), ""])
            paragraph = []
    lines.append(" ".join(paragraph))
    return "\n".join(lines) + f"\nArticle id {index}.\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for index in range(args.articles):
            path = folder / f"article-{index:04d}.txt"
            path.write_text(make_article(rng, index), encoding="utf-8")
            paths.append(str(path))
        words = sum(len(Path(p).read_text().split()) for p in paths) / len(paths)
        times = []
        for run in range(args.runs):
            database = folder / f"run{run}.db"
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "from claims_tracker.__main__ import main; main()",
                    "--db",
                    f"sqlite:///{database}",
                    "import",
                    *paths,
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            times.append(time.perf_counter() - started)
        claims = subprocess.run(
            [
                sys.executable,
                "-c",
                "from claims_tracker.__main__ import main; main()",
                "--db",
                f"sqlite:///{folder / 'run0.db'}",
                "list",
                "--format",
                "json",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.count('"id"')
    median = statistics.median(times)
    print(f"articles: {args.articles}, mean words: {words:.0f}, claims stored: {claims}")
    print(f"runs: {', '.join(f'{t:.2f}s' for t in times)}")
    print(f"median wall time: {median:.2f} s ({args.articles / median:.0f} articles/s)")


if __name__ == "__main__":
    main()
