"""Precision, recall and F1 of the hedge classifier on the labelled sentences in data/.

Run from the repository root: ``python benchmarks/hedge_eval.py [path/to/set.jsonl]``.
``attributed_to`` is scored only where the set names a holder, after case-folding and dropping
a leading article ("The company" == "the company"); a lenient figure also accepts one holder
containing the other ("Dr. Amina Yusuf" vs "Amina Yusuf").
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims_tracker.extract import classify_hedge
from claims_tracker.models import Hedge

DEFAULT_SET = Path(__file__).resolve().parent / "data" / "hedge_eval.jsonl"
CLASSES = [Hedge.REPORTED, Hedge.ATTRIBUTED, Hedge.SPECULATIVE, Hedge.ASSERTED]


def normalise_holder(holder: str | None) -> str:
    text = " ".join((holder or "").casefold().replace("’", "'").split())
    for article in ("the ", "a ", "an "):
        if text.startswith(article):
            return text[len(article) :]
    return text


def main(path: Path) -> int:
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    counts: Counter[tuple[str, str]] = Counter()
    holder_total = holder_exact = holder_lenient = 0
    mistakes: list[str] = []
    for row in rows:
        result = classify_hedge(row["text"])
        expected, predicted = row["hedge"], str(result.hedge)
        counts[(expected, predicted)] += 1
        if expected != predicted:
            mistakes.append(f"  expected {expected:<11} got {predicted:<11} {row['text']}")
        if row.get("attributed_to") and expected == predicted:
            holder_total += 1
            want, got = (
                normalise_holder(row["attributed_to"]),
                normalise_holder(result.attributed_to),
            )
            holder_exact += want == got
            holder_lenient += bool(got) and (want in got or got in want)
    print(f"hedge evaluation: {len(rows)} sentences from {path.name}")
    print(f"{'class':<12}{'n':>5}{'precision':>11}{'recall':>9}{'f1':>8}")
    f1_scores: list[float] = []
    for hedge in CLASSES:
        label = str(hedge)
        true_positive = counts[(label, label)]
        predicted_total = sum(v for (_, p), v in counts.items() if p == label)
        actual_total = sum(v for (e, _), v in counts.items() if e == label)
        precision = true_positive / predicted_total if predicted_total else 0.0
        recall = true_positive / actual_total if actual_total else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1_scores.append(f1)
        print(f"{label:<12}{actual_total:>5}{precision:>11.3f}{recall:>9.3f}{f1:>8.3f}")
    accuracy = sum(v for (e, p), v in counts.items() if e == p) / len(rows)
    print(f"{'macro avg':<12}{len(rows):>5}{'':>11}{'':>9}{sum(f1_scores) / len(f1_scores):>8.3f}")
    print(f"accuracy {accuracy:.3f}")
    if holder_total:
        print(
            f"attributed_to on {holder_total} correctly classified labelled sentences: "
            f"exact {holder_exact / holder_total:.3f}, lenient {holder_lenient / holder_total:.3f}"
        )
    if "--mistakes" in sys.argv:
        print("mistakes:")
        print("\n".join(mistakes))
    return 0


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    raise SystemExit(main(Path(arguments[0]) if arguments else DEFAULT_SET))
