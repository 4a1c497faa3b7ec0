"""Accuracy of evidence verdicts on the labelled set, and a main-text extraction comparison.

    python benchmarks/evidence_eval.py            # verdict figures with the shipped thresholds
    python benchmarks/evidence_eval.py --grid     # re-run the threshold grid search on dev
    python benchmarks/evidence_eval.py --errors   # list the misclassified pairs

The set (benchmarks/data/evidence_eval.jsonl, written by make_evidence_eval.py) is split by
*fact group* — every variant of one fact lands on the same side — into dev (~60 %) and
held-out (~40 %). Thresholds were chosen on dev only; held-out accuracy is the honest figure.
Pairs whose claim is written in another language than English were added after the thresholds
were chosen and are all held-out; they are also reported on their own.

A second set, benchmarks/data/evidence_stress.jsonl (139 pairs), was written by another author
as realistic pages (CMS markup, wiki infoboxes and tables, live blogs, captions, 18 languages)
to find where the engine fails. The failure patterns it showed were then worked on, so it is a
regression set, not a held-out one; it never influenced the thresholds.

A third, benchmarks/data/evidence_blind.jsonl (203 claims on 32 plain main texts, 16
languages, figures invented), was written by a third author who saw neither the code nor the
other sets, to measure a round of rules written without it. Some pairs accept two verdicts
("conflicting|partial" for a negation). One change was made after seeing its failures (the
other-language rules need two languages): from then on it too is a regression set. A fourth,
benchmarks/data/evidence_blind2.jsonl (163 claims on 34 main texts, 16 languages, invented
organisations), was written the same way by a fourth author after that round's other changes;
changes were then made after seeing its failures. A fifth,
benchmarks/data/evidence_blind3.jsonl (150 claims on 29 main texts, 16 languages), was written
by a fifth author who did not read the code, at the end of that round, and nothing was changed
after seeing its results: it is the held-out measure of that round. In the next round its
failures were worked on too.

Four sets of whole web pages followed (HTML as sites serve it: navigation, cookie walls,
related-article lists, infobox and results tables, live blogs, forum threads, captions; 16
languages, about 15% English claims on pages in other languages), each written by two more
authors who saw neither code nor other sets: benchmarks/data/evidence_blind4.jsonl (158
pairs), worked on from the start of that round; evidence_blind6.jsonl (165), written in its
middle, measured, then worked on; evidence_blind5.jsonl (164), written at its start and not
run until the end of its first part (held out then, worked on after); and
evidence_blind7.jsonl (166), written when that first part ended and not run until the end of
the second (held out then, worked on in the third). evidence_blind8.jsonl (216 pairs, four more
authors) was written at the start of the third part and run once before any change made after
seeing it, then worked on; evidence_blind9.jsonl (180 pairs, two more authors), written then
too, was not run until the round's code was final: its held-out
measure (one defect it showed was fixed after). evidence_blind10.jsonl (180 pairs, two more
authors) was written after that and run only on the final code. evidence_blind11.jsonl and
evidence_blind12.jsonl (180 pairs each, four more authors) were written when the learned
verdict model (claims_tracker/verdict_model.py) was built; it was fitted without them, blind11
was run once while its design was settled, blind12 only on the final model. Their scores
include main-text extraction, as `claims check` runs it, and since then the learned model.
In the next round evidence_blind14.jsonl and evidence_blind13.jsonl (180 pairs each, four more
authors) were written at its start: blind14 was worked on from then, blind13 first run after
that round's first changes (held out then) and worked on after; the model was refitted with
both. evidence_blind15.jsonl (180 pairs, two more authors) was written then and run only once
the round's rules were final (with the previous model, then the refitted one, which was fitted
without it): its held-out measure. In the round after, evidence_blind16.jsonl and
evidence_blind17.jsonl (180 pairs each, four more authors) were written at its start: blind16
was worked on from then and joined the model's training; blind17 was not run until the round's
rules and model were final: its held-out measure. Then evidence_blind18.jsonl and
evidence_blind19.jsonl (180 pairs each, four more authors) were written: blind18 was first run
on that final code (a second held-out measure of it), then worked on; the model was refitted
with blind17 and blind18, and blind19 was run only on the code after that: its held-out measure.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import sys
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import trafilatura
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_evidence_eval import FACTS, body_with, news_page

from claims_tracker.evidence import (
    DEFAULT_THRESHOLDS,
    Features,
    ScoredPassage,
    Thresholds,
    assess,
    baseline_main_text,
    candidate_features,
    choose_verdict,
    extract_main_text,
)

DATA_DIR = Path(__file__).parent / "data"
DATA = DATA_DIR / "evidence_eval.jsonl"
STRESS = DATA_DIR / "evidence_stress.jsonl"
# The blind sets, in the order they are reported (see the module's docstring).
BLIND_SETS = (
    ("evidence_blind.jsonl", "blind set (a third author, 16 languages)"),
    ("evidence_blind2.jsonl", "second blind set (a fourth author, 16 languages)"),
    ("evidence_blind3.jsonl", "third blind set (a fifth author, 16 languages)"),
    ("evidence_blind4.jsonl", "fourth blind set (web pages, two more authors)"),
    ("evidence_blind6.jsonl", "sixth blind set (web pages, two more authors)"),
    ("evidence_blind5.jsonl", "fifth blind set (web pages, two more authors)"),
    ("evidence_blind7.jsonl", "seventh blind set (web pages, two more authors)"),
    ("evidence_blind8.jsonl", "eighth blind set (web pages, four more authors)"),
    ("evidence_blind9.jsonl", "ninth blind set (web pages, two more authors)"),
    ("evidence_blind10.jsonl", "tenth blind set (web pages, two more authors)"),
    ("evidence_blind11.jsonl", "eleventh blind set (web pages, two more authors)"),
    ("evidence_blind12.jsonl", "twelfth blind set (web pages, two more authors)"),
    ("evidence_blind14.jsonl", "fourteenth blind set (web pages, two more authors)"),
    ("evidence_blind13.jsonl", "thirteenth blind set (web pages, two more authors)"),
    ("evidence_blind15.jsonl", "fifteenth blind set (web pages, two more authors)"),
    ("evidence_blind16.jsonl", "sixteenth blind set (web pages, two more authors)"),
    ("evidence_blind17.jsonl", "seventeenth blind set (web pages, two more authors)"),
    ("evidence_blind18.jsonl", "eighteenth blind set (web pages, two more authors)"),
    ("evidence_blind19.jsonl", "nineteenth blind set (web pages, two more authors; held out)"),
)
LABELS = ("supports", "partial", "conflicting", "not_found")
Candidates = list[tuple[ScoredPassage, Features]]


def load() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def split_of(record: dict[str, Any]) -> str:
    if "claim_language" in record:
        return "test"  # claims in other languages came after the thresholds: held-out only
    digest = hashlib.sha256(record["group"].encode()).digest()
    return "dev" if digest[0] % 5 < 3 else "test"


def main_text_of(record: dict[str, Any]) -> str:
    """A pair's page as `claims check` stores it: extracted from HTML, or plain text."""
    if "page_html" in record:
        return extract_main_text(record["page_html"], content_type="text/html").text
    return extract_main_text(record["page_text"], content_type="text/plain").text


def prepare(records: list[dict[str, Any]]) -> list[Candidates]:
    return [candidate_features(record["claim"], main_text_of(record)) for record in records]


def predict(candidates: Candidates, thresholds: Thresholds) -> str:
    if not candidates:
        return "not_found"
    return str(choose_verdict(candidates, thresholds)[0])


def accuracy(pairs: list[tuple[str, str]]) -> float:
    return sum(gold == got for gold, got in pairs) / len(pairs) if pairs else 0.0


def report(title: str, pairs: list[tuple[str, str]]) -> None:
    print(f"\n## {title}: {len(pairs)} pairs, accuracy {accuracy(pairs):.3f}")
    print(f"{'class':<12} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
    for label in LABELS:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        predicted = sum(1 for _, p in pairs if p == label)
        actual = sum(1 for g, _ in pairs if g == label)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{label:<12} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f} {actual:>8}")
    print("confusion (rows = gold, columns = predicted)")
    print(f"{'':<12}" + "".join(f"{label:>12}" for label in LABELS))
    counts = Counter(pairs)
    for gold in LABELS:
        print(f"{gold:<12}" + "".join(f"{counts[(gold, p)]:>12}" for p in LABELS))


GRID: dict[str, tuple[float, ...]] = {
    "support_cover": (0.6, 0.65, 0.7, 0.75, 0.8),
    "support_fuzz": (0.85, 0.9, 0.95),
    "support_salient_cover": (0.4, 0.5, 0.6),
    "support_clause": (0.34, 0.5, 0.67),
    "partial_predicate": (0.1, 0.2, 0.34),
    "partial_cover": (0.3, 0.4, 0.5),
    "partial_salient_cover": (0.15, 0.25),
    "conflict_subject": (0.4, 0.5, 0.6, 0.7),
}


def grid_search(dev: list[tuple[str, Candidates]]) -> Thresholds:
    """Best dev accuracy; ties go to the point closest to the middle of the grid."""
    names = list(GRID)
    middle = {n: GRID[n][len(GRID[n]) // 2] for n in names}
    best: tuple[float, float, Thresholds] | None = None
    for values in itertools.product(*(GRID[n] for n in names)):
        thresholds = Thresholds(**dict(zip(names, values, strict=True)))
        score = accuracy([(gold, predict(c, thresholds)) for gold, c in dev])
        distance = sum(abs(getattr(thresholds, n) - middle[n]) for n in names)
        key = (score, -distance, thresholds)
        if best is None or key[:2] > best[:2]:
            best = key
    assert best is not None
    print(f"grid: {len(list(itertools.product(*GRID.values())))} points, best dev accuracy "
          f"{best[0]:.3f} at {asdict(best[2])}")  # fmt: skip
    return best[2]


# ---------------------------------------------------------------------------------------------
# Extraction comparison: body recall and boilerplate leakage on generated pages
# ---------------------------------------------------------------------------------------------


def extraction_comparison() -> None:
    def bs4_all_text(page: str) -> str:
        soup = BeautifulSoup(page, "lxml")
        for tag in soup(["script", "style", "noscript"]):
            tag.decompose()
        return soup.get_text("\n")

    def bs4_boilerplate_tags(page: str) -> str:
        soup = BeautifulSoup(page, "lxml")
        for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside",
                         "form", "button"]):  # fmt: skip
            tag.decompose()
        root = soup.find("article") or soup.find("main") or soup.body or soup
        return root.get_text("\n")

    def trafilatura_default(page: str) -> str:
        return trafilatura.extract(page) or ""

    def ours(page: str) -> str:
        return extract_main_text(page, content_type="text/html").text

    rng = random.Random(7)
    cases = []
    for index, fact in enumerate(FACTS):
        body = body_with(rng, [fact.paraphrase], rng.randint(6, 40))
        boiler = [f"{fact.verbatim} (related)", "Privacy Settings", "All rights reserved",
                  "Business", "Technology"]  # fmt: skip
        style = "divs" if index % 2 else "semantic"
        kind = index % 3
        page = news_page(rng, "Town notes", body, style=style,
                         related=[boiler[0]] if kind == 0 else None,
                         footer_extra=boiler[0] if kind == 1 else None,
                         comments=[boiler[0]] if kind == 2 else None)  # fmt: skip
        cases.append((page, body, boiler))
    extractors = {
        "trafilatura (ours: fast, favor_precision)": ours,
        "trafilatura default options": trafilatura_default,
        "lxml baseline (our fallback)": baseline_main_text,
        "bs4: remove landmark tags": bs4_boilerplate_tags,
        "bs4: all text": bs4_all_text,
    }
    print(f"\n## Main-text extraction on {len(cases)} generated news pages")
    print(f"{'extractor':<44} {'body recall':>11} {'boilerplate leak':>16} {'ms/page':>8}")
    for name, extract in extractors.items():
        recalled = leaked = body_total = boiler_total = 0
        started = time.process_time()
        for page, body, boiler in cases:
            text = " ".join(extract(page).split())
            recalled += sum(1 for p in body if p in text)
            leaked += sum(1 for b in boiler if b in text)
            body_total += len(body)
            boiler_total += len(boiler)
        elapsed = (time.process_time() - started) * 1000 / len(cases)
        print(f"{name:<44} {recalled / body_total:>11.3f} {leaked / boiler_total:>16.3f} "
              f"{elapsed:>8.2f}")  # fmt: skip


def judged(path: Path) -> list[tuple[dict[str, Any], str]]:
    """Each pair of a set with its verdict, extraction included, as `claims check` runs them."""
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [
        (record, assess(record["claim"], main_text_of(record)).verdict.value) for record in records
    ]


def stress_set(errors: bool) -> None:
    """The second author's realistic pages."""
    results = judged(STRESS)
    report("stress set (realistic pages, a second author; a regression set, not held-out)",
           [(r["gold"], got) for r, got in results])  # fmt: skip
    if errors:
        print("\n## stress set: misclassified")
        for record, got in results:
            if got != record["gold"]:
                print(f"{record['id']:<34} gold={record['gold']:<11} got={got:<11} "
                      f"{record['note'][:70]}")  # fmt: skip


def blind_set(path: Path, title: str, errors: bool) -> None:
    """A set by an author who saw neither the code nor the other sets (see the module's doc):
    main texts, or whole pages; a pair is right when the verdict is one of its gold ones."""
    results = [(record, got, record["gold"].split("|")) for record, got in judged(path)]
    right = sum(1 for _, got, gold in results if got in gold)
    print(f"\n## {title}: {len(results)} pairs, {right} right ({right / len(results):.3f})")
    wrong = Counter(got for _, got, gold in results if got not in gold)
    print(f"false supports {wrong['supports']}, false conflicts {wrong['conflicting']}")
    by_language: dict[str, list[int]] = {}
    for record, got, gold in results:
        tally = by_language.setdefault(record["language"], [0, 0])
        tally[0] += got in gold
        tally[1] += 1
    print("  ".join(f"{lang} {ok}/{total}" for lang, (ok, total) in by_language.items()))
    if errors:
        print(f"\n## {title}: misclassified")
        for record, got, gold in results:
            if got not in gold:
                print(f"{record['id']:<8} gold={record['gold']:<22} got={got:<11} "
                      f"{record['claim'][:80]}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="re-run the threshold grid search")
    parser.add_argument("--errors", action="store_true", help="list misclassified pairs")
    args = parser.parse_args()

    records = load()
    candidates = prepare(records)
    thresholds = DEFAULT_THRESHOLDS
    dev = [(r["verdict"], c) for r, c in zip(records, candidates, strict=True)
           if split_of(r) == "dev"]  # fmt: skip
    if args.grid:
        thresholds = grid_search(dev)
    print(f"thresholds: {asdict(thresholds)}")
    pairs = {"dev": [], "test": []}  # type: dict[str, list[tuple[str, str]]]
    predictions = []
    for record, cands in zip(records, candidates, strict=True):
        predicted = predict(cands, thresholds)
        predictions.append(predicted)
        pairs[split_of(record)].append((record["verdict"], predicted))
    groups = {split: len({r["group"] for r in records if split_of(r) == split})
              for split in ("dev", "test")}  # fmt: skip
    print(
        f"pairs: {len(records)} ({len(pairs['dev'])} dev in {groups['dev']} fact groups, "
        f"{len(pairs['test'])} held-out in {groups['test']} groups)"
    )
    report("dev (thresholds chosen here)", pairs["dev"])
    report("held-out", pairs["test"])
    report("all", pairs["dev"] + pairs["test"])
    other_language = [(r["verdict"], p) for r, p in zip(records, predictions, strict=True)
                      if "claim_language" in r]  # fmt: skip
    languages = sorted({r["claim_language"] for r in records if "claim_language" in r})
    report(f"claims in other languages ({', '.join(languages)}; part of held-out)",
           other_language)  # fmt: skip
    if args.errors:
        print("\n## misclassified")
        for record, predicted in zip(records, predictions, strict=True):
            if predicted != record["verdict"]:
                print(f"{split_of(record):<5}{record['id']:<34} gold={record['verdict']:<11} "
                      f"got={predicted:<11} {record['note']}")  # fmt: skip
    stress_set(args.errors)
    for name, title in BLIND_SETS:
        blind_set(DATA_DIR / name, title, args.errors)
    extraction_comparison()


if __name__ == "__main__":
    main()
