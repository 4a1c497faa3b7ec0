"""Page → main text → passages → ranked evidence → verdict and W3C quote selectors (pure).

The pipeline for one claim on one fetched page:

1. :func:`extract_main_text` turns HTML into readable main text with trafilatura (boilerplate such
   as navigation, footers, cookie banners and related-article lists is dropped) and falls back to a
   plain lxml "remove the boilerplate tags" extractor when trafilatura returns nothing.
2. :func:`split_passages` cuts the text into sentence-ish passages (1–3 sentences) whose spans are
   code-point offsets into ``MainText.text`` (a W3C TextPositionSelector).
3. :func:`rank_passages` scores passages with BM25, then re-scores the best
   :data:`FUZZY_CANDIDATES` with salient-token matching (numbers, money, percentages, years,
   months, names, quoted phrases) and rapidfuzz for near-verbatim quotes. Salient-token rules:
   English number words ("three years", "two million") are numbers; month names that are also
   ordinary words ("may", "March") are dates only next to a day or year or after "in"/"on"/"of";
   titles ("Dr.", "Minister") are not names; a number or date only conflicts with one that plays
   the same role (same counted noun for plain numbers; "by 2028" vs "by 2030", not "since
   2023"); and names in the claim's attribution ("according to X", "X said", "a report by X")
   may be found anywhere in the main text (see :func:`decide_verdict`).
4. :func:`assess` turns the best candidates into a verdict (supports / partial / not_found /
   conflicting) with a :class:`TextQuoteSelector`.
5. :func:`reanchor` finds a stored quote again in changed text: exact first, then fuzzy, scored on
   quote, prefix, suffix and position the way the Hypothesis annotation client does.

Nothing here does I/O, touches the database or prints.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import html
import itertools
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Final, NamedTuple

import lxml.html
from lxml import etree
from rapidfuzz import fuzz

from claims_tracker import verdict_model
from claims_tracker.models import EvidenceVerdict

__all__ = [
    "DEFAULT_THRESHOLDS",
    "EXTRACTOR_VERSION",
    "MAX_HTML_CHARS",
    "MAX_TEXT_CHARS",
    "THRESHOLD_REASONS",
    "Anchor",
    "Assessment",
    "Features",
    "MainText",
    "Passage",
    "ScoredPassage",
    "TextQuoteSelector",
    "Thresholds",
    "assess",
    "baseline_main_text",
    "candidate_features",
    "choose_verdict",
    "decide_verdict",
    "extract_main_text",
    "learnable_verdicts",
    "quote_selector",
    "rank_passages",
    "reanchor",
    "sha256_text",
    "split_passages",
    "text_unchanged",
    "verdict_inputs",
]


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:  # pragma: no cover - trafilatura is a hard dependency
        return "unknown"


# Stored with every Evidence row: a change means old evidence may have been cut differently.
EXTRACTOR_VERSION: Final = f"trafilatura-{_package_version('trafilatura')}+ct8"
BASELINE_EXTRACTOR: Final = "lxml-baseline+ct8"
PLAIN_EXTRACTOR: Final = "plain+ct1"
JSONLD_EXTRACTOR: Final = "jsonld-articlebody+ct1"

# Input caps keep work linear and bounded. The fetcher caps bodies at 5 MiB; HTML beyond
# MAX_HTML_CHARS is cut before parsing, and only the first MAX_TEXT_CHARS of main text are
# split and ranked (spans stay valid: it is a prefix of MainText.text).
MAX_HTML_CHARS: Final = 5_000_000
MAX_TEXT_CHARS: Final = 2_000_000
# Passages longer than this (run-on text, pages without punctuation) are cut at whitespace.
MAX_PASSAGE_CHARS: Final = 600
# Sentences shorter than this are merged with the next one (at most MAX_PASSAGE_SENTENCES).
MIN_PASSAGE_CHARS: Final = 80
MAX_PASSAGE_SENTENCES: Final = 3
# Only the BM25 top-N passages get salient-token and fuzzy scoring: keeps long pages linear.
FUZZY_CANDIDATES: Final = 20
# Verdicts look at this many of the best-scored passages, and at each joined with a neighbour
# (for compound claims that span two sentences).
VERDICT_CANDIDATES: Final = 3
SELECTOR_CONTEXT: Final = 32

BM25_K1: Final = 1.5
BM25_B: Final = 0.75
# score = W_COVER * coverage + W_FUZZ * fuzzy + W_SALIENT * salient share, each in 0..1.
W_COVER: Final = 0.5
W_FUZZ: Final = 0.3
W_SALIENT: Final = 0.2
# partial_ratio of unrelated English text sits around 0.4-0.5; rescale so that noise is ~0.
FUZZ_FLOOR: Final = 0.5
# A passage is "in another language" when fewer than this share of its words are distinctive
# English function words (_EN_MARKERS: English news prose runs at 20-35 %).
FOREIGN_STOPWORD_RATIO: Final = 0.08


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Verdict thresholds, chosen by grid search on the dev split of the labelled set.

    ``benchmarks/evidence_eval.py --grid`` searches 9,720 combinations on the dev split (17 of
    the 32 fact groups of the labelled set); the values below are its best dev-accuracy point
    (ties broken towards the middle of the grid). Held-out accuracy is reported separately.
    """

    # supports needs every salient token present, every clause of a compound claim covered
    # at least support_clause, and then one of: content-word coverage >= support_cover, a
    # near-verbatim quote (rapidfuzz partial_ratio / 100 >= support_fuzz), or >= 3 salient
    # tokens with coverage >= support_salient_cover (one of them an amount, percentage or
    # number, or else support_predicate below: names and dates alone are no statement).
    support_cover: float = 0.6
    support_fuzz: float = 0.9
    support_salient_cover: float = 0.5
    support_clause: float = 0.5
    # ... and with content-word coverage, unless a figure or date of the claim is there, that
    # share of the words that are not names (and with salient tokens, unless a figure is):
    # "Zeewolde-Noord krijgt een nieuw zwembad" is not backed by the place and "nieuwe
    # woningen". (Not in the grid: set on blind sets' misses, where it changes no labelled
    # verdict.)
    support_predicate: float = 0.5
    # partial needs some claim words beyond names (predicate coverage), and then coverage, or
    # half of the salient tokens with a little coverage.
    partial_predicate: float = 0.1
    partial_cover: float = 0.4
    partial_salient_cover: float = 0.25
    # conflicting: a salient token contradicted while the rest of the subject is covered.
    conflict_subject: float = 0.6


DEFAULT_THRESHOLDS: Final = Thresholds()


# --------------------------------------------------------------------------------------------
# Main text
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MainText:
    text: str
    title: str | None
    published_at: datetime | None
    extractor: str
    sha256: str  # of text, UTF-8


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def text_unchanged(old_sha: str | None, new_sha: str) -> bool:
    """True when a re-check found the same main text: stored evidence stays as it is."""
    return old_sha is not None and old_sha == new_sha


_BAD_CHARS_RE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_HTML_SNIFF_RE: Final = re.compile(
    r"<(?:!doctype\s+html|html|head|body|p|div|article|main|section|span|br|title|meta|script)\b",
    re.IGNORECASE,
)


def _words(text: str) -> list[str]:
    return text.split()


def _clean_unicode(text: str) -> str:
    # Lone surrogates and C0 controls break lxml and the UTF-8 encoder; drop them early.
    text = _BAD_CHARS_RE.sub("", text)
    return unicodedata.normalize("NFC", text)


def normalize_text(text: str) -> str:
    """NFC, no control characters, single spaces, one paragraph per line, no blank lines."""
    if _is_normal(text):
        return text  # the common case for extracted text: one scan instead of a rebuild
    text = _clean_unicode(text.replace("\r\n", "\n").replace("\r", "\n"))
    # split() collapses the same whitespace runs as a regex would, three times faster.
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# Whitespace other than " " and "\n" (what str.split() splits on), and what _clean_unicode drops.
_ABNORMAL_CHARACTER_RE: Final = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    r"\ud800-\udfff\ufffe\uffff]"
)


def _is_normal(text: str) -> bool:
    """Whether normalize_text would return `text` unchanged."""
    return not (
        text[:1] in (" ", "\n")
        or text[-1:] in (" ", "\n")
        or "  " in text
        or " \n" in text
        or "\n " in text
        or "\n\n" in text
        or _ABNORMAL_CHARACTER_RE.search(text)
        or not unicodedata.is_normalized("NFC", text)
    )


def _looks_like_html(page: str, content_type: str | None) -> bool:
    if content_type:
        kind = content_type.split(";", 1)[0].strip().lower()
        if kind == "application/pdf":
            return False  # the fetcher gives a PDF's text, never its bytes
        if "html" in kind or kind.endswith("+xml") or kind in {"application/xml", "text/xml"}:
            return True
        if kind.startswith("text/"):
            return False
    return _HTML_SNIFF_RE.search(page[:4096]) is not None


def _empty(extractor: str, title: str | None = None) -> MainText:
    return MainText("", title, None, extractor, sha256_text(""))


def load_extractor() -> None:
    """Import and configure the main-text extractor, and read the learned verdict model, now
    rather than on the first page (fetch processes forked after this share them)."""
    _trafilatura_options()
    verdict_model.load_model()


def extract_main_text(page: str, *, content_type: str | None = None) -> MainText:
    """Readable main text of a fetched page; plain text is only normalised. Never raises."""
    try:
        page = _clean_unicode(page[:MAX_HTML_CHARS])
        if not page.strip():
            return _empty(PLAIN_EXTRACTOR)
        if not _looks_like_html(page, content_type):
            text = normalize_text(page)
            return MainText(text, None, None, PLAIN_EXTRACTOR, sha256_text(text))
        return _extract_html(page)
    except Exception:  # a hostile page must never take the checker down
        return _empty(PLAIN_EXTRACTOR)


def _parse_html(page: str) -> Any:
    # lxml refuses str input that carries an XML encoding declaration.
    page = re.sub(r"^\s*<\?xml[^>]*>", "", page, count=1)
    try:
        return lxml.html.document_fromstring(page)
    except Exception:  # lxml raises several types on empty or odd documents
        return None


def _extract_html(page: str) -> MainText:
    tree = _parse_html(page)
    if tree is None:
        return _empty(BASELINE_EXTRACTOR)
    scripts = [str(script) for script in _JSONLD_XPATH(tree)]
    title, published = _page_metadata(tree, scripts)
    headline = _headline(tree)
    _drop_consent_dialogs(tree)
    _keep_captions(tree)
    _row_headers_as_cells(tree)
    _unfold_repeated_blocks(tree)
    _div_paragraphs(tree)
    _keep_lists(tree)
    _space_adjacent_boxes(tree)
    _drop_what_trafilatura_drops(tree)
    text = _trafilatura_text(tree)
    extractor = EXTRACTOR_VERSION
    if not text:
        text = _baseline_text(tree)
        extractor = BASELINE_EXTRACTOR
    text = _with_headline(_label_table_cells(_without_inserts(text)), headline)
    wanted = max(_ARTICLE_BODY_MIN_CHARS, math.floor(_ARTICLE_BODY_GAIN * len(text)) + 1)
    article = _jsonld_article_text(scripts, wanted)
    if len(article) >= wanted:
        text, extractor = article, JSONLD_EXTRACTOR
    return MainText(text, title, published, extractor, sha256_text(text))


# A page rendered by its scripts shows next to nothing, and a paywalled one a teaser, while the
# structured data they give search engines (JSON-LD `articleBody`) holds the whole article: it
# is the page's text when it is this much longer than what the extractor found.
_ARTICLE_BODY_GAIN: Final = 1.5
_ARTICLE_BODY_MIN_CHARS: Final = 200
_JSONLD_MAX_NODES: Final = 10_000
_MARKUP_BLOCK_RE: Final = re.compile(r"<(?:br|/?(?:p|div|li|h[1-6]|blockquote|tr))\b[^>]*>", re.I)
_MARKUP_TAG_RE: Final = re.compile(r"<[^>]*>")


def _jsonld_article_text(scripts: Iterable[str], wanted: int) -> str:
    """The headline and body of the page's JSON-LD article (the longest, if several), as
    normalised text; "" when there is none. A script shorter than `wanted` characters cannot
    hold a body that long (JSON only adds to text) and is not parsed: the common case, a page
    that shows its whole article, costs a length test."""
    best: tuple[str, str] = ("", "")
    for script in scripts:
        if len(script) < wanted or '"articleBody"' not in script:
            continue
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue
        for node in _jsonld_nodes(data):
            body = node.get("articleBody")
            if isinstance(body, list):
                body = "\n".join(part for part in body if isinstance(part, str))
            if isinstance(body, str) and len(body) > len(best[1]):
                headline = node.get("headline")
                best = (headline if isinstance(headline, str) else "", body)
    headline, body = (_markup_to_text(part) for part in best)
    if not body:
        return ""
    return body if not headline or body.startswith(headline) else f"{headline}\n{body}"


def _jsonld_nodes(data: object) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD document (``@graph`` lists and nesting included), a bounded
    number of them."""
    stack = [data]
    seen = 0
    while stack and seen < _JSONLD_MAX_NODES:
        node = stack.pop()
        seen += 1
        if isinstance(node, dict):
            yield node
            stack.extend(value for value in node.values() if isinstance(value, (dict, list)))
        elif isinstance(node, list):
            stack.extend(value for value in node if isinstance(value, (dict, list)))


def _markup_to_text(value: str) -> str:
    """Plain text of a JSON-LD string, which some sites fill with HTML."""
    if "<" in value:
        value = _MARKUP_TAG_RE.sub("", _MARKUP_BLOCK_RE.sub("\n", value))
    if "&" in value:
        value = html.unescape(value)
    return normalize_text(value)


# A link to another article set in the text ("Read also: …", "Baca juga: …", "Lesen Sie
# auch: …"): its headline is not the page's.
_READ_ALSO_RE: Final = re.compile(
    unicodedata.normalize(
        "NFC",
        r"^[^\w\n]*(?:read (?:also|more)|also read|related|lesen sie auch|auch interessant|"
        r"mehr zum thema|(?:à )?lire aussi|voir aussi|le(?:e|er) también|ver también|"
        r"leia também|veja também|"
        r"leggi anche|lees ook|czytaj (?:też|także)|zobacz (?:też|także)|читайте также|"
        r"смотрите также|ayrıca (?:okuyun|bakınız)|ilgili haber|baca juga|simak juga|اقرأ أيضا|"
        r"اقرأ أيضاً|(?:यह|ये) भी पढ़ें|相关阅读|延伸阅读|関連記事|あわせて読みたい|관련\s?기사)"
        r"\s*[:：\-–—|»>]\s*\S",
    ),
    re.IGNORECASE,
)


# A line of an article's tags ("Tags: transit, trams", "Schlagwörter:", "Теги:", "标签：").
_TAGS_RE: Final = re.compile(
    r"[^\w\n]*(?:tags?|etiquetas?|schlagw(?:ö|o)rte?r?|mots[- ]cl(?:é|e)s|tagi|теги|метки|"
    r"etiketler|label|タグ|标签|標籤|태그)\s*[:：]",
    re.IGNORECASE,
)
# A breadcrumb: a short line of words between separators ("Politique · Haute-Varenne",
# "News › Local › Transport").
_BREADCRUMB_RE: Final = re.compile(r"[^\W\d][^.!?|\d\n]*?(?:\s[·›»>]\s[^.!?|\d\n]+?)+")
_BREADCRUMB_CHARS: Final = 80
# A line that only labels an advertisement slot ("Advertisement", "Anzeige", "Реклама").
_AD_LABEL_RE: Final = re.compile(
    r"[^\w\n]*(?:advertisement|advertising|sponsored|anzeige|werbung|publicité|publicidad|"
    r"pubblicità|publicidade|advertentie|reklama|реклама|reklam|iklan|إعلان|विज्ञापन|广告|"
    r"広告|광고)[^\w\n]*",
    re.IGNORECASE,
)


def _label_table_cells(text: str) -> str:
    """Each cell of a table row under its column's heading ("| Nettowinst | 2023: 87,4 |
    2022: 95,1 |"), as trafilatura writes tables ("| a | b |" rows, "|---|" under the head):
    a row read alone says which year, quarter or unit its figures are for. A heading that
    gives a percent makes its cells percentages ("Stopa bezrobocia (%): 7,8 %")."""
    if "\n|---" not in text:
        return text
    lines = text.split("\n")
    heading: list[str] | None = None
    scale = ""
    for position, line in enumerate(lines):
        if not line.startswith("|"):
            heading = None
            found = _TABLE_SCALE_RE.search(line) if len(line) < _TABLE_NOTE_CHARS else None
            scale = _table_unit(found) if found else ""
        elif _TABLE_RULE_RE.fullmatch(line):
            heading = _table_cells(lines[position - 1]) if position else None
            if heading and (
                found := _TABLE_SCALE_RE.search(heading[0])
                or _TABLE_CORNER_SCALE_RE.match(heading[0])
                or _TABLE_CORNER_SHORT_RE.match(heading[0])
            ):
                scale = _table_unit(found)
        elif heading is not None and not (
            position + 1 < len(lines) and _TABLE_RULE_RE.fullmatch(lines[position + 1])
        ):
            cells = _table_cells(line)
            if not any(heading[1:]) and not cells[0] and all(cells[1:]):
                heading = cells  # under a caption row, "| Özet … | | |", the heading
                continue
            unit = "" if _PER_SHARE_RE.search(cells[0]) else scale
            labelled = [
                cells[0],
                *(
                    _labelled_cell(head, cell, unit)
                    for head, cell in zip(heading[1:], cells[1:], strict=False)
                ),
                *cells[len(heading) :],
            ]
            lines[position] = "| " + " | ".join(labelled) + " |"
    return "\n".join(lines)


def _table_cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _labelled_cell(head: str, cell: str, scale: str) -> str:
    if not cell or not any(c.isdigit() for c in cell):
        return cell
    if _PERCENT_HEAD_RE.search(head) and "%" not in cell and "％" not in cell:
        cell = f"{cell} %"
    elif scale and _BARE_AMOUNT_RE.fullmatch(cell) and not _YEAR_RE.fullmatch(cell):
        if _CURRENCY_SIGN_RE.search(cell):  # (its currency written already: "$1,284.6")
            scale = scale.split(" ", 1)[0]
        cell = f"{cell} {scale}"  # "$1,284.6" under "(in millions)": "$1,284.6 millions"
    return f"{head}: {cell}" if head and head != cell else cell


# A table's unit, said in a note above it or in its corner: "(in millions, except …)",
# "(in € miljoen)", "in Mio. Euro", "单位：百万円", "(millones de euros)".
_TABLE_SCALES: Final = (
    r"(?P<scale>thousands|millions|billions|thousand|million|billion|miljoen|miljard|"
    r"Mio\.?|Mrd\.?|milliards?|millones|miles|milioni|miliardi|mln|mld|tys\.?|млн|млрд|"
    r"тыс\.?|milyon|milyar|juta|miliar|ribu|百万円|百万|千円|億円|억원|백만)(?!\w)"
)
# (with its currency, before or after: "(in € miljoen)", "mln zł", "(millions of dollars)")
_TABLE_CURRENCY_BEFORE: Final = r"(?P<before>[$€£¥]|US\$|EUR|USD)?\s*"
_TABLE_CURRENCY_AFTER: Final = (
    r"(?:\s*(?:of\s+|de\s+|d['’]\s*)?(?P<after>zł|złotych|euros?|EUR|€|dollars|USD|US\$|\$|"
    r"TL|lira|руб\.?|рублей|₽|rupees|₹|R\$|reais|pounds|£|dinars|riyals|dirhams|Rp|rupiah)"
    r"(?!\w))?"
)
_TABLE_SCALE_RE: Final = re.compile(
    r"(?:\(|\bin\s|\bim\s|\ben\s|\bdalam\s|単位：|单位：)\s*"
    + _TABLE_CURRENCY_BEFORE
    + _TABLE_SCALES
    + _TABLE_CURRENCY_AFTER,
    re.IGNORECASE,
)
# The same alone in a table's corner: "| mln zł | I półrocze 2025 | …".
_TABLE_CORNER_SCALE_RE: Final = re.compile(
    r"\s*" + _TABLE_CURRENCY_BEFORE + _TABLE_SCALES + _TABLE_CURRENCY_AFTER, re.IGNORECASE
)
_CURRENCY_SIGN_RE: Final = re.compile(r"[$€£¥₹₽]")


def _table_unit(found: re.Match[str]) -> str:
    """A table's scale with its currency after it, as amounts are written: "mln zł",
    "miljoen €"."""
    currency = found.groupdict().get("after") or found.group("before")
    scale = _SHORT_TABLE_SCALES.get(found.group("scale").casefold(), found.group("scale"))
    return f"{scale} {currency}" if currency else scale


# A currency's sign with a short scale in a table's corner: "| £m unless stated | 9M 2024 |".
_TABLE_CORNER_SHORT_RE: Final = re.compile(r"\s*(?P<before>[$€£¥])(?P<scale>m|bn|k|000)\b")
_SHORT_TABLE_SCALES: Final = {"m": "million", "bn": "billion", "k": "thousand", "000": "thousand"}


_TABLE_NOTE_CHARS: Final = 160
_YEAR_RE: Final = re.compile(r"(?:18|19|20|21)\d\d")
# Rows the table's unit does not apply to: amounts per share.
_PER_SHARE_RE: Final = re.compile(
    r"\b(?:EPS|DPS)\b|\((?:pence|p|cents?)\)|per (?:share|aandeel|azione|saham)|je aktie|"
    r"par action|por (?:acción|ação)|na akcję|"
    r"на акцию|hisse başına|每股|1株|주당",
    re.IGNORECASE,
)
_BARE_AMOUNT_RE: Final = re.compile(
    r"(?:[$€£¥]|US\$|R\$)?\s?[-−]?\d[\d.,\u00a0\u202f ]*(?:\s?[$€£¥])?"
)
_TABLE_RULE_RE: Final = re.compile(r"\|(?:\s*:?-{3,}:?\s*\|)+")
_PERCENT_HEAD_RE: Final = re.compile(r"\(\s*[%％]\s*\)|\s[%％]$|^[%％]$")


def _without_inserts(text: str) -> str:
    """The text without its lines of links to other articles, advertisement labels, tags,
    breadcrumbs and copyright notices, and its captions without their credits."""
    lines = text.split("\n")
    # (the words of a copyright notice looked for in the whole text once, in its lines only
    # if there: this runs on every page)
    lowered = text.lower()
    notice_words = tuple(word for word in _COPYRIGHT_WORDS if word in lowered)
    kept = [
        _without_credit(line) if "©" in notice_words else line
        for line in lines
        if not (
            _READ_ALSO_RE.match(line)
            or _AD_LABEL_RE.fullmatch(line)
            or _TAGS_RE.match(line)
            or (len(line) <= _BREADCRUMB_CHARS and _BREADCRUMB_RE.fullmatch(line))
            or (notice_words and _is_copyright_notice(line, notice_words))
        )
    ]
    return text if kept == lines else "\n".join(kept)


def _is_copyright_notice(line: str, words: Iterable[str]) -> bool:
    """A line that says little before one of ``words`` (those of _COPYRIGHT_WORDS its page
    holds): "© 2025 Tech Wire", "<저작권자 © 한빛일보, 무단전재 및 재배포 금지>", "『…』 ©2025
    製作委員会"."""
    if len(line) > _COPYRIGHT_LINE_CHARS:
        return False
    lowered = line.lower()
    at = min(
        (found for word in words if (found := lowered.find(word)) >= 0),
        default=-1,
    )
    return at >= 0 and sum(c.isalpha() for c in line[:at]) < _CREDITED_LETTERS


def _without_credit(line: str) -> str:
    """A caption without the photographer's credit after its copyright sign ("Un plongeur
    mesure… © É. Marchetti / CNRS"), which names who took it, not what it shows."""
    sign = line.find("©")
    return line if sign < 0 else line[:sign].rstrip(" -–—|·/(")


_COPYRIGHT_WORDS: Final = (
    "©", "(c) 19", "(c) 20", "(c)19", "(c)20", "copyright", "저작권자", "版权所有", "版權所有",
    "無断転載", "all rights reserved", "alle rechte vorbehalten", "tous droits réservés",
    "todos los derechos reservados", "tutti i diritti riservati", "wszelkie prawa zastrzeżone",
    "все права защищены", "tüm hakları saklıdır", "hak cipta dilindungi", "جميع الحقوق محفوظة",
)  # fmt: skip
_COPYRIGHT_LINE_CHARS: Final = 300
_CREDITED_LETTERS: Final = 20


def _headline(tree: Any) -> str:
    """The article's headline: its first <h1> of some length, else og:title. Headlines state
    facts ("Budget passed: 1,850 homes for the harbour"), and extractors leave them out."""
    for xpath in _HEADLINE_XPATHS:
        for found in xpath(tree):
            text = normalize_text(found.text_content() if hasattr(found, "tag") else str(found))
            text = " ".join(text.split())
            if _HEADLINE_CHARS[0] <= len(text) <= _HEADLINE_CHARS[1]:
                return text
    return ""


def _with_headline(text: str, headline: str) -> str:
    """The main text under its headline, unless it opens with it already."""
    if not headline or headline[:40] in text[: len(headline) + 200]:
        return text
    return f"{headline}\n{text}" if text else headline


def _space_adjacent_boxes(tree: Any) -> None:
    """Put a space between sibling <span>s and <div>s written without one: a table laid out
    with them ("<span>Tam</span><span>17,50 TL</span><span>22,00 TL</span>") would otherwise
    read "Tam17,50 TL22,00 TL"."""
    for element in tree.iter("span", "div"):
        if not element.tail and element.getnext() is not None:
            element.tail = " "


def _drop_consent_dialogs(tree: Any) -> None:
    """Cookie banners and consent walls, and other dialogs over the page: their paragraphs are
    the page's most prose-like text when the article is written in <div>s."""
    doomed = [
        element
        for element in tree.iter("div", "section", "aside", "dialog")
        if element.get("role") in {"dialog", "alertdialog"}
        or element.get("aria-modal") == "true"
        or _CONSENT_ATTR_RE.search(f"{element.get('class', '')} {element.get('id', '')}")
    ]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


_CONSENT_ATTR_RE: Final = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|gdpr|cmp)(?:$|[\s_-])", re.IGNORECASE
)


def _unfold_repeated_blocks(tree: Any) -> None:
    """A live blog's entries, a forum thread's posts, a briefing's stories: trafilatura takes
    the first block that looks like an article ("<article>", class "entry", "post", "story")
    for the whole text, and drops the others. Where a page has two or more such blocks of a
    kind (anywhere: each post may sit in a wrapper of its own), they and the content box in
    each ("post-content") lose that look, so that what holds them all is taken."""
    kinds: dict[str, list[Any]] = {}
    for element in tree.iter("article", "div", "section"):
        kind = (element.get("class") or "").split()[:1]  # "entry pinned" is an entry
        if element.tag == "article" or (kind and kind[0] in _ARTICLE_BLOCK_CLASSES):
            kinds.setdefault(f"{element.tag}.{''.join(kind)}", []).append(element)
        elif element.get("role") == "article":
            kinds.setdefault("role", []).append(element)
    for blocks in kinds.values():
        if len(blocks) < 2:
            continue
        for block in blocks:
            for element in (block, *block.iterdescendants("div", "section", "article")):
                if element is block or _CONTENT_BOX_RE.search(element.get("class") or ""):
                    element.tag = "div"
                    for attribute in ("class", "id", "role", "itemprop"):
                        element.attrib.pop(attribute, None)


def _div_paragraphs(tree: Any) -> None:
    """A <div> that holds only text and inline elements is a paragraph as the reader sees it,
    but trafilatura, favouring precision, reads paragraphs only: pages written in <div>s
    ("<div class='text'>…</div>", a live blog's entries) lost their text."""
    for element in tree.iter("div"):
        if len(element) and any(child.tag not in _INLINE_TAGS for child in element):
            continue
        if (
            len((element.text or "").strip())
            + sum(len(child.text_content()) + len((child.tail or "").strip()) for child in element)
            >= _DIV_PARAGRAPH_CHARS
        ):
            element.tag = "p"


_INLINE_TAGS: Final = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "i", "kbd",
     "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
)  # fmt: skip
_DIV_PARAGRAPH_CHARS: Final = 1


def _keep_lists(tree: Any) -> None:
    """Lists of facts ("Key points", a notice's terms) are text too, but trafilatura keeps a
    list only inside an <article>: make paragraphs of the lists that stand among paragraphs
    (not in a sidebar of figures) and are not mostly links (a menu, related articles)."""
    for element in list(tree.iter("ul", "ol")):
        size = len(element.text_content().strip())
        parent = element.getparent()
        if size < _LIST_MIN_CHARS or parent is None:
            continue
        if not any(
            sibling.tag == "p" and len(sibling.text_content()) >= _LIST_PARAGRAPH_CHARS
            for sibling in parent
        ):
            continue
        linked = sum(len(link.text_content()) for link in element.iter("a"))
        if linked >= _LIST_LINK_SHARE * size:
            continue  # a menu, a list of related articles
        element.tag = "div"
        for item in element:
            if item.tag == "li":
                item.tag = "p"


_LIST_MIN_CHARS: Final = 20
_LIST_LINK_SHARE: Final = 0.3
_LIST_PARAGRAPH_CHARS: Final = 50


def _keep_captions(tree: Any) -> None:
    """Photo captions state facts too ("About 3,000 people marched through Valdor"), but both
    extractors drop <figure>: make them plain blocks and the caption a paragraph."""
    for element in tree.iter("figure", "figcaption"):
        element.tag = "p" if element.tag == "figcaption" else "div"


def _row_headers_as_cells(tree: Any) -> None:
    """A row's own header ("<tr><th>Cost</th><td>£318 million</td>", as infoboxes write every
    row) as a plain cell: trafilatura takes the first row holding a <th> for the table's
    heading, and the values of one row would label all the others' ("Opened | Cost: …")."""
    for row in tree.iter("tr"):
        cells = [child for child in row if child.tag in ("th", "td")]
        if len(cells) > 1 and cells[0].tag == "th" and all(c.tag == "td" for c in cells[1:]):
            cells[0].tag = "td"


def _drop_what_trafilatura_drops(tree: Any) -> None:
    """Remove, up front, the elements trafilatura deletes with their content in its own
    cleaning (navigation, footers, scripts, forms' fields, media, …), keeping the text after
    each as it does. Its XPath passes before that cleaning, and the copies of the tree it
    makes, then work on a smaller tree; the text it extracts is the same. Kept: forms (it
    keeps one that holds most of the text), math (it salvages formulas) and JSON-LD scripts
    (it reads them to tell a forum thread)."""
    tags = _trafilatura_drops_list()
    if not tags:
        return  # (tree.iter() without tags would be every element)
    for element in list(tree.iter(*tags)):
        if element.tag == "script" and (element.get("type") or "").strip().lower() == (
            "application/ld+json"
        ):
            continue
        if element.getparent() is not None:
            element.drop_tree()


@functools.cache
def _trafilatura_drops_list() -> tuple[str, ...]:
    try:
        from trafilatura.settings import MANUALLY_CLEANED
    except ImportError:  # a trafilatura that names it otherwise: leave its cleaning to it
        return ()
    return tuple(tag for tag in MANUALLY_CLEANED if tag not in {"form", "math", "figure"})


def _trafilatura_text(tree: Any) -> str:
    import trafilatura

    try:
        raw = trafilatura.extract(tree, options=_trafilatura_options())
    except Exception:  # trafilatura is defensive, but not on every input
        return ""
    return normalize_text(raw) if raw else ""


@functools.cache
def _trafilatura_options() -> Any:
    """One set of extraction options for every page. Built per call, as trafilatura does when
    given keywords, they cost a tenth of a short page's extraction (reading the config)."""
    from trafilatura.settings import Extractor, use_config

    config = use_config()
    # Short pages (a press note of two paragraphs) are still pages: keep them. But a first pick
    # shorter than trafilatura's default 250 characters is tried again more widely: on a forum
    # thread it was the one post that quotes another.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "250")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    # No page URL: with links and metadata off, trafilatura only uses it in log messages.
    return Extractor(
        config=config,
        output_format="txt",
        # fast skips the readability/justext fallbacks: on our pages they cost ~2x the time
        # and brought back boilerplate (see benchmarks/evidence_eval.py --extraction).
        fast=True,
        precision=True,
        comments=False,
        tables=True,
        images=False,
        links=False,
        with_metadata=False,
        dedup=False,
    )


_BOILERPLATE_TAGS: Final = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "nav", "header", "footer", "aside", "form", "button", "select", "input", "textarea", "dialog",
    "menu", "figure",
)  # fmt: skip
_BOILERPLATE_ATTR_RE: Final = re.compile(
    r"(?:^|[\s_-])(?:cookie|consent|gdpr|banner|nav|navbar|menu|footer|header|masthead|sidebar|"
    r"related|recommend|share|sharing|social|comment|comments|newsletter|subscribe|promo|advert|"
    r"ads?|sponsor|breadcrumbs?|popup|modal|toolbar|widget|trending|most-read|popular)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
_BOILERPLATE_ROLES: Final = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"}
)
_BLOCK_TAGS: Final = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table",
     "section", "article", "main", "blockquote", "pre", "dd", "dt", "dl", "body", "td", "th"}
)  # fmt: skip


def baseline_main_text(page: str) -> str:
    """Plain lxml extractor: drop boilerplate tags/classes, prefer <article>/<main>, get text."""
    try:
        tree = _parse_html(_clean_unicode(page[:MAX_HTML_CHARS]))
        return "" if tree is None else _baseline_text(tree)
    except Exception:
        return ""


def _baseline_text(tree: Any) -> str:
    doomed = []
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag:  # comments and processing instructions
            doomed.append(element)
            continue
        tag = tag.lower()
        attrs = f"{element.get('class', '')} {element.get('id', '')}"
        if (
            tag in _BOILERPLATE_TAGS
            or (element.get("role") or "").lower() in _BOILERPLATE_ROLES
            or (attrs.strip() and _BOILERPLATE_ATTR_RE.search(attrs))
            or element.get("hidden") is not None
            or element.get("aria-hidden") == "true"
        ):
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    roots = tree.xpath("//article") or tree.xpath("//main") or tree.xpath("//body") or [tree]
    parts: list[str] = []
    for root in roots:
        _collect_text(root, parts)
        parts.append("\n")
    return normalize_text("".join(parts))


def _collect_text(element: Any, parts: list[str]) -> None:
    # Iterative walk: deeply nested hostile pages must not hit the recursion limit.
    stack: list[tuple[Any, bool]] = [(element, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if closing:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if node.tail:
                parts.append(node.tail)
            continue
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))


# Compiled once (lxml's XPath objects serialise their own evaluations, so threads may share
# them); a path given as a string is compiled again on every call.
_TITLE_XPATHS: Final = tuple(
    etree.XPath(path)
    for path in ("//meta[@property='og:title']/@content", "//title//text()", "//h1//text()")
)
_DATE_XPATHS: Final = tuple(
    etree.XPath(path)
    for path in (
        "//meta[@property='article:published_time']/@content",
        "//meta[@name='article:published_time']/@content",
        "//meta[@itemprop='datePublished']/@content",
        "//meta[@name='date' or @name='pubdate' or @name='publishdate' or @name='dc.date']"
        "/@content",
        "//*[@itemprop='datePublished']/@datetime",
        "//time[@datetime]/@datetime",
    )
)
_JSONLD_XPATH: Final = etree.XPath("//script[@type='application/ld+json']/text()")
_ARTICLE_BLOCK_CLASSES: Final = frozenset({"post", "entry", "story", "text", "cell", "message"})
_CONTENT_BOX_RE: Final = re.compile(
    r"(?:post|entry|article|story|message)[-_]?(?:content|body|text)|articleBody|postContent",
    re.IGNORECASE,
)
_HEADLINE_XPATHS: Final = (
    etree.XPath("//h1[1]"),
    etree.XPath("//meta[@property='og:title']/@content"),
)
_HEADLINE_CHARS: Final = (12, 300)  # shorter is a logo or section name; longer, no headline
_JSONLD_DATE_RE: Final = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def _page_metadata(tree: Any, jsonld: Sequence[str]) -> tuple[str | None, datetime | None]:
    # Cheap, tag-based metadata: trafilatura's with_metadata runs htmldate's full search,
    # which costs more than the text extraction itself.
    title: str | None = None
    for xpath in _TITLE_XPATHS:
        found = [str(v).strip() for v in xpath(tree)]
        joined = " ".join(v for v in found if v)
        if joined:
            title = normalize_text(joined).replace("\n", " ")[:500] or None
            break
    published: datetime | None = None
    candidates = [str(v) for xpath in _DATE_XPATHS for v in xpath(tree)]
    for script in jsonld:
        candidates.extend(_JSONLD_DATE_RE.findall(script))
    for raw in candidates:
        published = _parse_datetime(raw)
        if published is not None:
            break
    return title, published


def _parse_datetime(raw: str) -> datetime | None:
    raw = raw.strip()
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


# --------------------------------------------------------------------------------------------
# Passages
# --------------------------------------------------------------------------------------------


class Passage(NamedTuple):
    """A span of the main text. A named tuple: a page has a thousand, made in one loop, and a
    tuple is made three times faster than a frozen dataclass."""

    start: int
    end: int
    text: str


# A sentence ends at . ! ? … or another script's full stop or question mark (Devanagari ।,
# Arabic ؟ and ۔, Armenian ։, Ethiopic ።), plus closing quotes/brackets, followed by whitespace;
# or at a CJK or Myanmar full stop, which needs no whitespace after it.
# (One leading character class lets the regex engine scan fast; the whitespace rule is checked
# in Python.)
_SENTENCE_END_RE: Final = re.compile(r"[.!?…。！？।॥؟۔։።။][.!?…。！？।॥؟۔։።။\"'”’»)\]」』）]*")
_CJK_STOPS: Final = frozenset("。！？။")
_ABBREVIATIONS: Final = frozenset(
    _words("""mr mrs ms dr prof sr jr st mt inc ltd co corp llc plc dept univ est approx vs etc al
    fig no nos vol pp ca cf gen gov sen rep rev col lt sgt capt jan feb mar apr jun jul aug sep
    sept oct nov dec mon tue wed thu fri sat sun e.g i.e u.s u.k u.n a.m p.m ph.d
    mio mrd mln mld tsd bzw usw evtl inkl ggf vgl sog nr hr fr str abs mme mlle mm sra srta
    sres dra ee uu sig dott dhr mevr млн млрд тыс руб""")
)


def _sentence_spans(text: str, offset: int = 0, limit: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[offset:limit]``, paragraph (newline) aware."""
    end_of_text = len(text) if limit is None else min(limit, len(text))
    spans: list[tuple[int, int]] = []
    finditer = _SENTENCE_END_RE.finditer
    line_start = offset
    while line_start < end_of_text:
        line_end = text.find("\n", line_start, end_of_text)
        if line_end < 0:
            line_end = end_of_text
        start = line_start
        # A page has a thousand sentence ends: this loop is kept lean (no method calls in the
        # common case of a long word before a full stop).
        for match in finditer(text, line_start, line_end):
            stop = match.end()
            first = text[match.start()]
            if first not in _CJK_STOPS:
                if stop < line_end and not text[stop].isspace():
                    continue  # "13.5", "example.com", "U.S.-based"
                if first == "." and _is_abbreviation(text, start, match.start()):
                    continue
                if first in ".…" and _next_starts_lowercase(text, stop, line_end):
                    continue
            _add_span(text, start, stop, spans)
            start = stop
        _add_span(text, start, line_end, spans)
        line_start = line_end + 1
    return spans


# Longer than any abbreviation: a word ending in this many letters is none.
_LONGER_THAN_ABBREVIATIONS: Final = max(map(len, _ABBREVIATIONS)) + 1


def _is_abbreviation(text: str, sentence_start: int, dot: int) -> bool:
    letters_from = dot - _LONGER_THAN_ABBREVIATIONS
    if letters_from >= sentence_start and text[letters_from:dot].isalpha():
        return False  # the common case, without splitting out the word
    # The word before the dot; only its last 24 characters matter (no abbreviation is longer).
    tail = text[max(sentence_start, dot - 24) : dot].rsplit(None, 1)
    word = (tail[-1] if tail else "").lower().lstrip("(\"'“")
    if len(word) == 1 and word.isalpha():  # initials: "J. Smith", "U.S."
        return True
    return word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS


def _next_starts_lowercase(text: str, position: int, line_end: int) -> bool:
    while position < line_end and text[position].isspace():
        position += 1
    return position < line_end and text[position].islower()


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_PASSAGE_CHARS:
        cut = text.rfind(" ", start + MAX_PASSAGE_CHARS // 2, start + MAX_PASSAGE_CHARS)
        if cut <= start:
            cut = start + MAX_PASSAGE_CHARS
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


def split_passages(text: str) -> list[Passage]:
    """Sentence-ish passages (1–3 sentences, short ones merged) with spans into ``text``.

    Only the first :data:`MAX_TEXT_CHARS` code points are split.
    """
    return list(_split_passages_cached(text))


def _split_passages(text: str) -> tuple[Passage, ...]:
    spans = _sentence_spans(text, 0, MAX_TEXT_CHARS)
    passages: list[Passage] = []
    index, total = 0, len(spans)
    while index < total:
        start, end = spans[index]
        index += 1
        if end - start < MIN_PASSAGE_CHARS:  # short: joined with the sentences after it
            joined = 1
            while (
                joined < MAX_PASSAGE_SENTENCES
                and index < total
                and "\n" not in text[end : spans[index][0]]
                and spans[index][1] - start <= MAX_PASSAGE_CHARS
            ):
                end = spans[index][1]
                index += 1
                joined += 1
                if end - start >= MIN_PASSAGE_CHARS:
                    break
        passages.append(Passage(start, end, text[start:end]))
    return tuple(passages)


# The last few pages' passages and indexes, for callers that assess claims one at a time
# (assess_claims shares one index without them). Few: the passages and index of a page of 2 M
# characters take about 7 MB in ASCII, two to four times that in other scripts.
_split_passages_cached: Final = functools.lru_cache(maxsize=4)(_split_passages)


# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------


def _combining_marks() -> str:
    """A regex class body of the combining marks (Unicode categories Mn, Mc, Me) of the
    scripts pages are written in. Python's ``\\w`` leaves them out, and without them a Hindi,
    Bengali, Tamil or Thai word falls apart at each vowel sign."""
    blocks = itertools.chain(range(0x0300, 0x3100), range(0xA600, 0xAC00), range(0xFB1E, 0xFE30))
    marks = [code for code in blocks if unicodedata.category(chr(code)).startswith("M")]
    ranges: list[str] = []
    for _, run in itertools.groupby(enumerate(marks), key=lambda pair: pair[1] - pair[0]):
        codes = [code for _, code in run]
        first, last = codes[0], codes[-1]
        ranges.append(f"\\u{first:04x}" if first == last else f"\\u{first:04x}-\\u{last:04x}")
    return "".join(ranges)


_MARKS: Final = _combining_marks()
# A word: letters, digits and combining marks; "13.5" and "1,000" stay whole. The underscore
# that \w also matches is no part of a word: _word_tokens() blanks it first (a single character
# class scans fastest).
_WORD_RE: Final = re.compile(rf"[\w{_MARKS}]+(?:(?<=\d)[.,]\d+)*")


def _word_tokens(folded: str) -> list[str]:
    return _WORD_RE.findall(folded.replace("_", " ") if "_" in folded else folded)


# Scripts written without spaces between words (CJK, Thai, Lao, Myanmar, Khmer) and Hangul:
# their runs are matched as character bigrams.
_CJK_CHAR_RE: Final = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f]"
)
_CJK_RE: Final = re.compile(_CJK_CHAR_RE.pattern + "+")


def _has_cjk(text: str) -> bool:
    # One character is found three times faster than a run (the regex engine scans ahead for
    # a lone character class only), and an ASCII string, which Python marks as such, has none.
    return not text.isascii() and _CJK_CHAR_RE.search(text) is not None


_STEM_SUFFIXES: Final = ("ments", "ment", "ings", "ing", "ied", "ies", "ed", "es", "s", "ly")

_EN_STOPWORDS: Final = frozenset(
    _words("""a about above after again against all also am an and any are as at be been before
    being below between both but by can did do does doing down during each few for from further had
    has have having he her here hers him his how i if in into is it its itself just me more most
    my no nor not now of off on once only or other our ours out over own same she should so some
    such than that the their theirs them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    s t would could should may might must shall can't won't it's yet via per says said say told
    one new""")
)
# Hedge vocabulary (SPEC §3) carries no content: it is dropped before matching.
_HEDGE_WORDS: Final = frozenset(
    _words("""reportedly allegedly purportedly rumored rumoured according reports report reported
    sources source familiar matter expected potentially likely possibly poised set plans
    planning apparently seemingly""")
)
_STOPWORDS: Final = _EN_STOPWORDS | _HEDGE_WORDS
_HEDGE_PHRASE_RE: Final = re.compile(
    r"\b(?:according to (?:reports?|sources|people familiar with the matter|media reports)|"
    r"(?:people|sources|persons) (?:familiar with the (?:matter|plans|talks)|close to the \w+)|"
    r"(?:reports?|sources) (?:say|said|suggest(?:s|ed)?|indicate(?:s|d)?|claim(?:s|ed)?)|"
    r"(?:is|are|was|were) (?:said|reported|rumou?red|expected|set|poised|likely) to|"
    r"reportedly|allegedly|purportedly|apparently|potentially|it is understood that)\b",
    re.IGNORECASE,
)
# The same in other languages: "Berichten zufolge", "selon des sources", "según fuentes",
# "по сообщениям", "据报道", "報道によると", … (NFC, like the text they are matched in).
_FOREIGN_HEDGE_RE: Final = re.compile(
    unicodedata.normalize(
        "NFC",
        r"\b(?:(?:medien)?berichten zufolge|laut (?:medien)?berichten|"
        r"(?:insidern|kreisen|informationen|angaben) (?:\w+ )?zufolge|angeblich|mutmaßlich|"
        r"selon (?:des |plusieurs |nos |certaines )?(?:sources?|informations?|médias|rapports?|"
        r"la presse)|d'après (?:des |plusieurs )?(?:sources?|informations?|médias)|présumément|"
        r"prétendument|según (?:fuentes|informes|medios|reportes|versiones|la prensa)|"
        r"de acuerdo con (?:fuentes|informes|medios)|presuntamente|supuestamente|al parecer|"
        r"secondo (?:fonti|indiscrezioni|alcune fonti|i media|alcuni media|quanto riportato)|"
        r"stando a (?:fonti|indiscrezioni)|presumibilmente|a quanto pare|a quanto risulta|"
        r"segundo (?:fontes|relatos|relatórios|a imprensa|informações)|"
        r"de acordo com (?:fontes|relatos|informações)|supostamente|alegadamente|"
        r"naar verluidt|volgens (?:bronnen|berichten|ingewijden|mediaberichten)|vermoedelijk|"
        r"według (?:źródeł|doniesień|mediów|informacji)|podobno|rzekomo|"
        r"(?:iddiaya|iddialara|haberlere|habere|kaynaklara) göre|"
        r"dilaporkan|dikabarkan|kabarnya|disebut-sebut|menurut (?:sumber|laporan|media)|"
        r"theo (?:nguồn tin|các nguồn tin|báo cáo)|được cho là|"
        r"по (?:имеющимся )?(?:сообщениям|данным|информации)(?: (?:сми|источников|издания))?|"
        r"по имеющейся информации|как сообщается|"
        r"предположительно|якобы|"
        r"و?(?:وفقا|وفقاً|بحسب|حسب) (?:للتقارير|لتقارير|لمصادر|مصادر|تقارير)|"
        r"(?:ذكرت|أفادت|قالت|أشارت) (?:تقارير|مصادر|وسائل إعلام)(?: إعلامية)?"
        r"(?: (?:أن|بأن|إلى أن))?|"
        r"(?:रिपोर्ट|रिपोर्टों|सूत्रों|ख़बरों|खबरों) के (?:अनुसार|मुताबिक)|कथित तौर पर)\b",
    ),
    re.IGNORECASE,
)
# Scripts without spaces between words have no word boundary to anchor on.
_UNSPACED_HEDGE_RE: Final = re.compile(
    r"据(?:媒体)?报道|据悉|据称|据传|消息人士称|報道によると|報道によれば|関係者によると|"
    r"関係者によれば|보도에 따르면|소식통에 따르면|มีรายงานว่า|รายงานระบุว่า|"
    # Japanese and Korean say it after the fact: "…と報じられた", "…것으로 알려졌다".
    r"と(?:報じ|伝え|報道さ)られ(?:た|ている)|と(?:報じ|伝え)(?:た|ている)|"
    r"と(?:み|見)られ(?:る|ている)|とされ(?:る|ている|た)|"
    r"것으로 (?:알려졌|전해졌|보도됐|예상된|보인)다"
)


# Case and number endings of Russian (and Ukrainian, Belarusian, Bulgarian) nouns and adjectives,
# longest first: "заводе" and "завод", "рабочих" and "рабочие" meet.
_CYRILLIC_ENDINGS: Final = tuple(
    sorted(
        _words("""иями ями ами ого его ому ему ыми ими ой ей ий ый ая яя ое ее ые ие ую юю ом ем
        ам ям ах ях ов ев ью ых их а я о е ы и у ю ь"""),
        key=len,
        reverse=True,
    )
)


# Plural and case endings of German, French, Spanish, Italian and Portuguese words, for words
# written with accents or umlauts (plain ASCII words take the English endings above):
# "Brücke" and "Brücken", "société" and "sociétés" meet.
_ACCENTED_LATIN_ENDINGS: Final = ("en", "er", "es", "e", "n", "s")


def _stem(token: str) -> str:
    """The token without one ending of its script's list, keeping at least four letters: English
    suffixes for plain ASCII words, case endings for Cyrillic ones, plural endings for Latin
    words with accents. Numbers, mixed tokens and other scripts stay as they are."""
    if "\u0620" < token[0] < "\u064b":
        return _arabic_stem(token)
    if len(token) <= 4 or not token.isalpha():
        return token
    if token.isascii():
        return _strip_ending(token, _STEM_SUFFIXES)
    if "а" <= token[-1] <= "я":
        return _strip_ending(token, _CYRILLIC_ENDINGS)
    if token[-1] < "ɐ":  # Latin letters only
        return _strip_ending(token, _ACCENTED_LATIN_ENDINGS)
    return token


# Arabic: the article and conjunctions written onto a word, and the commonest endings (after
# Larkey's "light10" stemmer): "بانخفاض" and "انخفاض", "الجديدة" and "جديدة" meet.
_ARABIC_PREFIXES: Final = ("وال", "بال", "كال", "فال", "لل", "ال")
_ARABIC_SUFFIXES: Final = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")
_ARABIC_MARKS_RE: Final = re.compile("[\u064b-\u0652\u0640]")  # vowel signs, tatweel
_ARABIC_LETTERS: Final = str.maketrans("أإآى", "اااي")


def _arabic_stem(token: str) -> str:
    word = _ARABIC_MARKS_RE.sub("", token).translate(_ARABIC_LETTERS)
    if len(word) > 3 and word[0] == "و":
        word = word[1:]
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    for suffix in _ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


def _strip_ending(token: str, endings: Sequence[str]) -> str:
    for ending in endings:  # longest first
        if token.endswith(ending) and len(token) - len(ending) >= 4:
            return token[: -len(ending)]
    return token


class _StemMemo(dict[str, str]):
    """word -> stem; a dict with __missing__ keeps cache hits in C (tokenising is the hot loop)."""

    def __missing__(self, word: str) -> str:
        if len(self) >= _STEM_MEMO_LIMIT:
            self.clear()
        stem = self[word] = _stem(word)
        return stem


_STEM_MEMO_LIMIT: Final = 200_000
_STEM_MEMO: Final = _StemMemo()
_memo_stem: Final = _STEM_MEMO.__getitem__


# One name written several ways: "U.S." and "J.P." are "US" and "JP" (dotted initialisms), and
# "United States", "European Central Bank" and a few other bodies their short forms, and the
# Academy Awards the Oscars.
_INITIALISM_RE: Final = re.compile(r"\b(?:[A-Z]\.){2,}(?![^\W\d_])")
# A quick test before the initialism regex: a search led by a literal "." runs ten times
# faster than one led by a class.
_INITIALISM_HINT_RE: Final = re.compile(r"\.[A-Z]")
_NAME_ALIASES: Final = {
    "United States": "US",
    "United Kingdom": "UK",
    "European Union": "EU",
    "United Nations": "UN",
    "European Central Bank": "ECB",
    "International Monetary Fund": "IMF",
    "World Health Organization": "WHO",
    "World Health Organisation": "WHO",
    "Academy Awards": "Oscars",
    "Academy Award": "Oscar",
}
_ALIAS_RE: Final = re.compile(r"\b(?:" + "|".join(_NAME_ALIASES) + r")\b")


def _canonical_names(text: str) -> str:
    """`text` with those names in one form each, padded with spaces to the same length (so
    offsets into the text stay valid)."""
    if "." in text and _INITIALISM_HINT_RE.search(text):
        text = _INITIALISM_RE.sub(lambda m: m.group().replace(".", "").ljust(len(m.group())), text)
    if (
        "United" in text
        or "European" in text
        or "International" in text
        or "World" in text
        or "Academy" in text
    ):
        text = _ALIAS_RE.sub(lambda m: _NAME_ALIASES[m.group()].ljust(len(m.group())), text)
    return text


# Claims in other languages than English change their words' endings more than the light
# stemming undoes ("Stellen" and "Stelle", "referencyjną" and "referencyjna", "enflasyonun" and
# "enflasyon", "завода" and "заводе"): other forms count, except in Vietnamese (syllables) and
# Indonesian (prefixes), and in CJK (bigrams).
_AFFIXING_LANGUAGES: Final = frozenset({"vi", "id"})


def _other_forms(
    wanted: Iterable[str], present: Collection[str], names: Container[str] = frozenset()
) -> set[str]:
    """The wanted tokens (of four letters or more) that the present ones hold in another form:
    the same first letters, at least four of them and all but the last three of the longer
    word ("streichen" and "streicht", "şubat" and "şubatta", "stopę" and "stopa"). Words of
    names need five ("Путина" for "Путин", not "martes" for "Martín")."""
    found: set[str] = set()
    for token in wanted:
        if len(token) < 4 or token in present or token[0].isdigit():
            continue
        least = 5 if token in names else 4
        for other in present:
            common = _common_prefix_length(token, other)
            if common >= least and common >= max(len(token), len(other)) - 3:
                found.add(token)
                break
    return found


# Russian (and Ukrainian) letters in Latin, as English-language news writes names:
# "Верхнеозёрск" is Verkhneozyorsk, "Роснефть" Rosneft. Hindi's consonants likewise
# ("धनपुर" is Dhanpur; its vowel signs go, as the skeleton drops vowels), and Arabic's
# ("النخيل" is (Al-)Nakheel: tokens come without the article, see _arabic_stem).
_SPELLED_LATIN: Final = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэіїє", "abvgdeziyklmnoprstufyeiie", strict=True)),
        "ё": "yo", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu",
        "я": "ya", "ъ": "", "ь": "", "ґ": "g",
        **dict(zip("कगङजञटडणतदनपबमयरलवसह", "kgnjntdntdnpbmyrlvsh", strict=True)),
        "च": "ch", "ख": "kh", "घ": "gh", "छ": "chh", "झ": "jh", "ठ": "th", "ढ": "dh", "थ": "th",
        "ध": "dh", "फ": "ph", "भ": "bh", "श": "sh", "ष": "sh",
        # (with a dot below, as one letter: ड़ ढ़ क़ ख़ ग़ ज़ फ़)
        "\u095c": "r", "\u095d": "rh", "\u0958": "q", "\u0959": "kh", "\u095a": "gh",
        "\u095b": "z", "\u095e": "f",
        **dict.fromkeys("अआइईउऊएऐओऔऋ", "a"), "ं": "n", "ँ": "n", "ः": "h",
        **dict.fromkeys("ािीुूेैोौृ़्", ""),
        **dict(zip("بتجحدرزسصضطظفقكلمنهوي", "btjhdrzssdtzfqklmnhwy", strict=True)),
        "ث": "th", "خ": "kh", "ذ": "dh", "ش": "sh", "غ": "gh", **dict.fromkeys("اأإآى", "a"),
        **dict.fromkeys("ةعءئؤ", ""),
    }
)  # fmt: skip
_SPELLED_RE: Final = re.compile("[\u0400-\u04ff\u0600-\u06ff\u0900-\u097f]")
_SKELETON_RE: Final = re.compile("(?<=.)[aeiouy]+")


def _spelled_otherwise(text: str) -> bool:
    """Whether a text has words in Cyrillic, Arabic or Devanagari letters."""
    return _SPELLED_RE.search(text) is not None


def _skeleton(latin: str) -> str:
    """A Latin spelling without its vowels after the first letter: transliterations differ
    most in those ("Volzhsky", "Volzhskiy"; "Verkhneozersk", "Verkhneozyorsk"), with "w" as
    "v" and "q" as "k"."""
    return _SKELETON_RE.sub("", latin).replace("w", "v").replace("q", "k")


def _names_spelled_otherwise(names: Iterable[str], tokens: Iterable[str]) -> set[str]:
    """The claim's Latin name words that Cyrillic, Arabic or Devanagari tokens (as tokenize
    makes them) spell, by their consonants, at least four of them."""
    wanted: dict[str, list[str]] = {}
    for name in names:
        skeleton = _skeleton(name)
        if len(skeleton) >= 4 and name.isascii():
            wanted.setdefault(skeleton, []).append(name)
    found: set[str] = set()
    if wanted:
        for token in tokens:
            if _SPELLED_RE.match(token):
                found.update(wanted.get(_skeleton(token.translate(_SPELLED_LATIN)), ()))
    return found


def _joined_tokens(present: Container[str], wanted: Iterable[str]) -> set[str]:
    """The wanted tokens (of five characters or more) that two present tokens make together:
    "JP Morgan" holds "jpmorgan"."""
    return {
        token
        for token in wanted
        if len(token) >= 5
        and token not in present
        and any(
            token[:cut] in present and token[cut:] in present for cut in range(2, len(token) - 1)
        )
    }


# Hiragana: in Japanese, the particles and verb endings between the kanji and katakana words.
_HIRAGANA_RE: Final = re.compile(r"[\u3040-\u309f]+")


def _kana_free_runs(chars: str) -> list[str]:
    """A CJK run without its hiragana, in the pieces it leaves. Across a particle a bigram
    pairs the end of one word with the start of the next ("タは", "度に"), and a claim and a
    page saying the same thing with other particles would share none of those: only the
    kanji and katakana words count. A run of hiragana alone stays (a word written in kana)."""
    if _HIRAGANA_RE.search(chars) is None:
        return [chars]
    pieces = [piece for piece in _HIRAGANA_RE.split(chars) if piece]
    return pieces or [chars]


def tokenize(text: str) -> list[str]:
    """Casefolded, lightly stemmed word tokens; CJK runs become character bigrams."""
    folded = _canonical_names(text).casefold()
    if not _has_cjk(folded):
        return list(map(_memo_stem, _word_tokens(folded)))
    tokens: list[str] = []
    append = tokens.append
    for word in _word_tokens(folded):
        if not _has_cjk(word):
            append(_memo_stem(word))
            continue
        position = 0
        for run in _CJK_RE.finditer(word):
            if run.start() > position:
                append(_memo_stem(word[position : run.start()]))
            for chars in _kana_free_runs(run.group()):
                if len(chars) == 1:
                    append(chars)
                else:
                    tokens.extend(chars[i : i + 2] for i in range(len(chars) - 1))
            position = run.end()
        if position < len(word):
            append(_memo_stem(word[position:]))
    return tokens


def _content_tokens(tokens: Iterable[str], stopwords: Container[str] = _STOPWORDS) -> list[str]:
    seen: dict[str, None] = {}
    for token in tokens:
        if token not in stopwords and (len(token) > 1 or not token.isascii()):
            seen.setdefault(token, None)
    return list(seen)


def _stems(text: str) -> frozenset[str]:
    return frozenset(tokenize(unicodedata.normalize("NFC", text)))


# Function words (and hedge words) of other languages, for claims written in them. Those of
# Latin-script languages clash with English words ("die", "war", "son"), so they count only
# in a claim of that language; those of other scripts cannot clash and always count.
_LATIN_STOPWORDS: Final = {
    "de": _stems("""der die das den dem des ein eine einen einem einer eines und oder aber im
        ist sind war waren wird werden wurde wurden hat haben hatte mit von zu zum zur für auf
        aus bei nach über unter vor sich nicht auch noch nur schon als wie dass daß es er sie
        wir ihr ihre sein seine seiner am um soll sollen sollte sollten laut zufolge bis durch
        gegen ohne diese dieser dieses man angeblich berichten
        rund etwa knapp mehr"""),
    "fr": _stems("""le la les un une des du de et ou mais est sont été être ont avait avec pour
        par sur dans au aux ce cette ces qui que qu il elle ils elles se sa son ses leur leurs
        ne pas plus selon aurait auraient va vont sera seraient d'après
        environ"""),
    "es": _stems("""el la los las un una unos unas de del y o pero es son fue ser ha han había
        con para por en al que se su sus lo le les no más según como este esta estos estas
        habría sería fuentes
        alrededor casi"""),
    "it": _stems("""il lo la i gli le un una uno di del della dei delle e o ma è sono era ha
        hanno con per da in nel nella al alla che si suo sua non più secondo come questo
        questa avrebbe sarebbe fonti
        circa quasi"""),
    "pt": _stems("""o a os as um uma de do da dos das e ou mas é são foi ser tem têm com para
        por em no na nos nas ao que se seu sua não mais segundo como este esta teria seria
        fontes
        cerca quase"""),
    "nl": _stems("""de het een en of maar is zijn was waren wordt worden heeft hebben met van
        voor op in aan bij naar dat die dit deze niet ook nog als om te zal zou zouden
        volgens
        ongeveer bijna ruim"""),
    "pl": _stems("""i w z na do się nie że to jest są był była było od po przez dla jak oraz
        ale lub tym tego ten ta te który która które jego jej ich ma mają będzie według
        podobno
        około prawie ponad"""),
    "tr": _stems("""ve bir bu da de için ile olarak daha çok gibi kadar sonra olan olduğu ise
        ancak ya veya her göre şu o iddiaya iddialara haberlere habere kaynaklara
        yaklaşık deki daki teki taki nin nın nun nün den dan ten tan nde nda ndeki ndaki"""),
    "id": _stems("""yang dan di ke dari untuk dengan pada ini itu akan adalah tidak dalam oleh
        juga telah sudah atau karena menurut dilaporkan dikabarkan kabarnya
        sekitar hampir"""),
    "vi": _stems("""và của có là được trong cho với các những người này một không đã sẽ
        theo tại đến từ như khi nhưng về"""),
}
_OTHER_SCRIPT_STOPWORDS: Final = _stems(
    """и в во не что он она они на с со как а то все так его но да к у же вы за бы по только
    ее её было от еще ещё нет о из ему когда уже или ни быть был была были до для мы их чем
    без под будет этот того этого при об после над через эти про это также
    في من على إلى عن أن إن مع هذا هذه التي الذي كان كانت قد ما لا أو ثم
    का के की है हैं में से को और पर यह वह था थी थे ने भी तो कि एक लिए"""
)
_ALL_STOPWORDS: Final = _STOPWORDS | _OTHER_SCRIPT_STOPWORDS


def _claim_language(tokens: Sequence[str]) -> str | None:
    """The Latin-script language of a non-English claim (German, French, Spanish, Italian,
    Portuguese, Dutch, Polish, Turkish, Indonesian or Vietnamese): the one with most function
    words in it, if they are at least two and outnumber the English ones ("Soldiers die in the
    war" has German "die" and "war", and more English)."""
    english = sum(1 for t in tokens if t in _EN_STOPWORDS)
    hits = {
        language: sum(1 for t in tokens if t in words and t not in _EN_STOPWORDS)
        for language, words in _LATIN_STOPWORDS.items()
    }
    language, count = max(hits.items(), key=lambda item: item[1])
    if count < 2 or count < english:
        return None
    tied = [other for other, found in hits.items() if found == count]
    if len(tied) > 1:
        # Function words two languages share ("de", "a"): their own letters tell ("São").
        lettered = [
            other
            for other in tied
            if any(c in _LANGUAGE_LETTERS.get(other, "") for t in tokens for c in t)
        ]
        if len(lettered) != 1:
            return None
        language = lettered[0]
    if count == english:  # "will die Kessler AG … in Deutschland streichen": will, in; die, bis
        letters = _LANGUAGE_LETTERS.get(language, "")
        return language if any(c in letters for t in tokens for c in t) else None
    return language


# Letters a language has and English lacks, which settle a tie of function words.
_LANGUAGE_LETTERS: Final = {
    "de": "äöüß", "fr": "éèêëàâçîïôûœ", "es": "ñáéíóú", "it": "àèéìòù", "pt": "ãõçáéêóâô",
    "pl": "ąćęłńśźżó", "tr": "ğışçöü", "vi": "ăâđêôơư", "nl": "ĳë",
}  # fmt: skip


# Function words of the other Latin-script languages that are not English words too.
_OTHER_FUNCTION_WORDS: Final = frozenset().union(*_LATIN_STOPWORDS.values()) - _EN_STOPWORDS


def _claim_stopwords(language: str | None) -> frozenset[str]:
    return _ALL_STOPWORDS | _LATIN_STOPWORDS[language] if language else _ALL_STOPWORDS


def strip_hedges(claim: str) -> str:
    """The claim without hedge phrases ("reportedly", "is expected to", "Berichten zufolge",
    "据报道", …)."""
    claim = _HEDGE_PHRASE_RE.sub(" ", claim)
    claim = _FOREIGN_HEDGE_RE.sub(" ", claim)
    return _UNSPACED_HEDGE_RE.sub(" ", claim)


# --------------------------------------------------------------------------------------------
# Salient tokens: numbers, money, percentages, years, months, names, quoted phrases
# --------------------------------------------------------------------------------------------

_SCALES: Final = {
    "thousand": 1e3, "k": 1e3, "tausend": 1e3, "mille": 1e3, "mil": 1e3, "тыс": 1e3,
    "тысяч": 1e3, "тысячи": 1e3, "ألف": 1e3, "千": 1e3, "万": 1e4, "萬": 1e4,
    "million": 1e6, "millions": 1e6, "m": 1e6, "mn": 1e6, "mio": 1e6, "millionen": 1e6,
    "millón": 1e6, "millones": 1e6, "млн": 1e6, "миллион": 1e6, "миллиона": 1e6,
    "миллионов": 1e6, "مليون": 1e6, "ملايين": 1e6, "百万": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "milliarde": 1e9, "milliarden": 1e9,
    "mrd": 1e9, "milliard": 1e9, "milliards": 1e9, "md": 1e9, "mds": 1e9, "mil millones": 1e9,
    "millardo": 1e9, "millardos": 1e9, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9,
    "миллиардов": 1e9, "مليار": 1e9, "مليارات": 1e9, "億": 1e8, "亿": 1e8,
    "trillion": 1e12, "tn": 1e12, "billionen": 1e12, "трлн": 1e12, "兆": 1e12,
    # Italian, Portuguese, Dutch, Polish, Turkish, Indonesian; lakh and crore (Indian English)
    "mila": 1e3, "milione": 1e6, "milioni": 1e6, "miliardo": 1e9, "miliardi": 1e9,
    "milhão": 1e6, "milhões": 1e6, "bilhão": 1e9, "bilhões": 1e9, "mil milhões": 1e9,
    "duizend": 1e3, "miljoen": 1e6, "miljard": 1e9, "miljarden": 1e9,
    "tys": 1e3, "mln": 1e6, "mld": 1e9, "milyon": 1e6, "milyar": 1e9,
    "ribu": 1e3, "juta": 1e6, "miliar": 1e9, "triliun": 1e12, "trilhão": 1e12,
    "trilhões": 1e12, "bi": 1e9, "tri": 1e12,  # Brazilian "R$ 1,8 bi"
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7, "cr": 1e7,
    # Spanish and Polish billón/bilion are a million millions; Turkish, Arabic thousands
    "billón": 1e12, "billones": 1e12, "bilion": 1e12, "biliony": 1e12, "bilionów": 1e12,
    "bln": 1e12, "bin": 1e3, "trilyon": 1e12, "آلاف": 1e3, "تريليون": 1e12,
    "nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9,  # Vietnamese
    # Ukrainian, the rest of Polish, Korean
    "тис": 1e3, "тисяч": 1e3, "тисячі": 1e3, "мільйон": 1e6, "мільйони": 1e6, "мільйонів": 1e6,
    "мільярд": 1e9, "мільярди": 1e9, "мільярдів": 1e9,
    "tysięcy": 1e3, "tysiące": 1e3, "milion": 1e6, "miliony": 1e6, "milionów": 1e6,
    "miliard": 1e9, "miliardy": 1e9, "miliardów": 1e9,
    "천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12,
    # Hindi (NFC: the nukta of करोड़ and हज़ार is a separate code point)
    unicodedata.normalize("NFC", "हज़ार"): 1e3, "हजार": 1e3, "लाख": 1e5,
    unicodedata.normalize("NFC", "करोड़"): 1e7, "करोड": 1e7, "अरब": 1e9,
}  # fmt: skip
_CURRENCY_WORDS: Final = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "us-dollar": "USD",
    "dólares": "USD", "dólar": "USD", "долларов": "USD", "доллара": "USD", "доллар": "USD",
    "دولار": "USD", "ドル": "USD", "美元": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR",
    "euros": "EUR", "евро": "EUR", "يورو": "EUR", "ユーロ": "EUR", "欧元": "EUR", "£": "GBP",
    "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "¥": "JPY", "yen": "JPY", "円": "JPY",
    "jpy": "JPY", "yuan": "CNY", "cny": "CNY", "元": "CNY", "人民币": "CNY", "₹": "INR",
    "rupees": "INR", "inr": "INR", "₽": "RUB", "рублей": "RUB", "rub": "RUB",
    "rupee": "INR", "rs": "INR", "rs.": "INR", "rp.": "IDR", "dollari": "USD", "dollaro": "USD",
    "dolar": "USD", "dolarów": "USD", "r$": "BRL", "reais": "BRL", "brl": "BRL", "chf": "CHF",
    "zł": "PLN", "złotych": "PLN", "pln": "PLN", "₺": "TRY", "₩": "KRW", "krw": "KRW", "원": "KRW",
    "грн": "UAH", "гривень": "UAH", "гривні": "UAH", "гривня": "UAH",
    "rp": "IDR", "idr": "IDR", "रुपये": "INR", "रुपए": "INR", "रुपया": "INR",
    "đồng": "VND", "vnd": "VND", "₫": "VND",
    # Other dollars, and currencies named after the figure in Asian languages and Turkish
    "a$": "AUD", "au$": "AUD", "aud": "AUD", "hk$": "HKD", "hkd": "HKD", "港元": "HKD",
    "港币": "HKD", "c$": "CAD", "ca$": "CAD", "cad": "CAD", "nt$": "TWD", "新台币": "TWD",
    "s$": "SGD", "sgd": "SGD", "nz$": "NZD", "日元": "JPY", "달러": "USD", "ウォン": "KRW",
    "डॉलर": "USD", "tl": "TRY", "lira": "TRY", "рубля": "RUB", "рубль": "RUB", "юаней": "CNY",
}  # fmt: skip
# Turkish puts the percent first: "%50", "yüzde 50".
_PERCENT_PREFIX_RE: Final = re.compile(r"(?:(?<![\d.,])%|\byüzde\s)\s?\Z", re.IGNORECASE)
_PERCENT_WORDS: Final = ("%", "％", "٪", "percent", "per cent", "pct", "prozent", "pour cent",
                         "por ciento", "per cento", "por cento", "procent", "procentu", "proc.",
                         "procento", "persen", "phần trăm", "процент", "процента", "процентов",
                         "відсоток", "відсотка", "відсотків", "प्रतिशत", "パーセント", "درصد",
                         "אחוז", "אחוזים", "pc", "في المئة", "في المائة", "بالمئة", "फीसदी",
                         "फ़ीसदी", "퍼센트")  # fmt: skip


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A number starts with a digit that follows no letter, digit, separator or "A-" (the checks look
# back from that first digit, so the regex engine can skip ahead to digits); then digit groups
# ("2 500", Swiss "1'500'000", "2 500,50") or digits with separators ("13.5", "1,000,000").
# After a scale: no letter, except after a CJK scale ("亿元", "억원", "130만t", "100万kW"), and
# not a unit that makes it a prefix ("500兆瓦": megawatts).
# (The CJK ranges are matched with case-folding off, "(?-i:…)": they have no case, and folding
# ranges of this size costs milliseconds at import.)
_SCALE_END: Final = r"(?:(?<=(?-i:[\u3400-\u9fff\uac00-\ud7af]))|(?![^\W\d_]))(?!瓦|米|克)"
_NUMBER_RE: Final = re.compile(
    # Not inside a word or a number, except right after a currency written in letters
    # ("Rp11.000", "Rs500").
    # Nor an ordinal: "제1조" (article 1), "第1".
    r"(?P<num>\d(?:(?<=R[ps]\d)|(?<![A-Za-z\d.,제第]\d))(?<![A-Za-z]-\d)"
    r"(?:\d{0,2}(?:[ \u00a0\u202f'’]\d{3})+(?:[.,]\d+)?(?!\d|[.,]\d)|"
    r"\d*(?:[.,٫٬]\d+)*))"
    # A scale after a space, a hyphen ("$5-billion", "Rs 500-crore"; not "10-K") or, in
    # Chinese, "more than" ("300多万"); a word of its own ("130 Milliardäre" are
    # billionaires), though CJK text may follow ("亿元", "억원"), but not a unit ("500兆瓦").
    r"(?:(?:\s?|-(?=[^\W\d_]{2})|(?P<more>多|余))(?P<scale>"
    + _alternation(_SCALES)
    + r")\.?"
    + _SCALE_END
    # A scale of a scale: "1.5 lakh crore", "2.3万亿", "5천억", "3 thousand million".
    + r"(?:\s?(?P<scale2>"
    + _alternation(w for w in _SCALES if len(w) > 1 or ord(w) > 0x2FFF)
    + r")"
    + _SCALE_END
    + r")?)?"
    r"(?:\s?(?P<pct>" + _alternation(_PERCENT_WORDS) + r")(?![A-Za-z]))?"
    r"(?:\s?(?:de |d'|di |of )?(?P<cur>"
    + _alternation(_CURRENCY_WORDS)  # "1,5 Mrd. €", "15,50 €", "2 M€"
    # Not inside a longer word ("2025元旦", "제1원전": New Year's Day, a nuclear plant; CJK
    # text may follow an amount, "3659亿元人民币", "5조 원을", "510억 원인 것으로"), nor a code
    # that opens the next figure ("In 2024 USD 5 billion").
    + r")(?!(?-i:[^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]))"
    r"(?!旦|首|素|件|宵|전|자|장|인(?=[\uac00-\ud7af])|래|칙|작|소)(?!\s?\d))?",
    re.IGNORECASE,
)
# A code written in letters is a word of its own: "mars 2026" is no amount in rupees.
_CURRENCY_PREFIX_RE: Final = re.compile(
    r"((?<![^\W\d_])(?:US|R|A|AU|HK|C|CA|NT|S|NZ)\$|\$|€|£|¥|₹|₽|₩|₺|"
    r"(?<![^\W\d_])(?:USD|EUR|GBP|CHF|AUD|HKD|CAD|SGD|Rs\.?|Rp\.?))\s?$",
    re.IGNORECASE,
)
_MONTHS: Final = {
    **{m: i for i, m in enumerate(_words(
        "january february march april may june july august september october november december"
        ), 1)},
    **{m: i for i, m in enumerate(_words(
        "januar februar märz april mai juni juli august september oktober november dezember"
        ), 1)},
    **{m: i for i, m in enumerate(_words(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
        ), 1)},
    **{m: i for i, m in enumerate(_words(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
        ), 1)},
    **{m: i for i, m in enumerate(_words(
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
        ), 1)},
    **{m: i for i, m in enumerate(_words(
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
        "dicembre"), 1)},
    **{m: i for i, m in enumerate(_words(
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro"
        ), 1)},
    **{m: i for i, m in enumerate(_words(
        "januari februari maart april mei juni juli augustus september oktober november december"
        ), 1)},
    # Turkish; Indonesian (the rest as Dutch); Polish, nominative, genitive ("1 marca") and
    # locative ("w marcu"); Russian nominative and prepositional ("в марте"); Arabic, Egyptian
    # and Gulf names and Levantine ones; Hindi.
    **{m: i for i, m in enumerate(_words(
        "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık"), 1)},
    "maret": 3, "agustus": 8, "desember": 12,
    **{m: i for i, m in enumerate(_words(
        "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad "
        "grudzień"), 1)},
    **{m: i for i, m in enumerate(_words(
        "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
        "listopada grudnia"), 1)},
    **{m: i for i, m in enumerate(_words(
        "styczniu lutym marcu kwietniu maju czerwcu lipcu sierpniu wrześniu październiku "
        "listopadzie grudniu"), 1)},
    **{m: i for i, m in enumerate(_words(
        "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"), 1)},
    **{m: i for i, m in enumerate(_words(
        "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре"), 1)},
    **{m: i for i, m in enumerate(_words(
        "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر"), 1)},
    "إبريل": 4, "ابريل": 4, "أغسطس": 8, "اغسطس": 8, "اكتوبر": 10,
    "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9,
    **{unicodedata.normalize("NFC", m): i for i, m in enumerate(_words(
        "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर"), 1)},
    unicodedata.normalize("NFC", "फरवरी"): 2, "सितम्बर": 9, "अक्तूबर": 10, "नवम्बर": 11,
    "दिसम्बर": 12,
}  # fmt: skip
_ABBREVIATED_MONTHS: Final = {
    **{m: i for i, m in enumerate(_words("jan feb mar apr may jun jul aug sep oct nov dec"), 1)},
    "sept": 9,
}
# A number's neighbouring month word, in any language or abbreviated, stands for the month
# ("October 24" and "Oct. 25" count the same thing: days of October).
_MONTH_CONTEXT: Final = {
    token: f"#month{month}"
    for word, month in (*_MONTHS.items(), *_ABBREVIATED_MONTHS.items())
    for token in tokenize(word)
}
# What a number counts, in words that differ from page to page: people (workers, staff,
# residents; "1.200 personas" and "450 trabajadores" are rival counts) or jobs (posts,
# positions), in the languages claims are read in. Jobs and people stay apart: "cut 300 jobs"
# is no rival of "employs 5,000 people".
_COUNTED: Final = {
    token: f"#{kind}"
    for kind, words in (
        (
            "people",
            """people persons workers employees staff residents inhabitants
            population personnel Menschen Personen Mitarbeiter Mitarbeitende Beschäftigte
            Einwohner Arbeitnehmer personnes salariés employés habitants travailleurs personas
            trabajadores empleados habitantes persone lavoratori dipendenti abitanti pessoas
            trabalhadores funcionários empregados habitantes mensen werknemers medewerkers
            inwoners osób osoby pracowników mieszkańców человек людей сотрудников работников
            жителей kişi çalışan orang karyawan pekerja người""",
        ),
        (
            "jobs",
            """jobs positions posts roles Stellen Arbeitsplätze Jobs emplois postes empleos
            puestos posti impieghi empregos vagas postos banen arbeidsplaatsen miejsc etatów
            рабочих мест вакансий istihdam pekerjaan""",
        ),
    )
    for word in _words(words)
    for token in tokenize(word)
}
# English month names are also verbs and modals ("may", "march"): only capitalised ones count,
# and those that are also ordinary words (_AMBIGUOUS_MONTHS) only next to a day number or year
# or after a date word such as "in", "on", "of" (see _months). Abbreviations ("Oct.", "Sept")
# count only before a day number.
_MONTH_RE: Final = re.compile(
    r"\b(?P<abbreviated>(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?=\s\d)|"
    r"\b(?:(?P<en>January|February|March|April|May|June|July|August|September|October|November|"
    r"December)|(?P<other>" + _alternation(m for m in _MONTHS if not m.isascii() or m in
    {"januar", "februar", "mai", "juni", "juli", "oktober", "dezember", "janvier", "avril",
     "juin", "juillet", "septembre", "octobre", "novembre", "enero", "febrero", "marzo",
     "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
     "diciembre", "mars", "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio",
     "settembre", "ottobre", "dicembre", "janeiro", "fevereiro", "maio", "junho", "julho",
     "setembro", "outubro", "dezembro", "januari", "februari", "maart", "mei", "augustus",
     "ocak", "mart", "nisan", "haziran", "temmuz", "ekim", "maret", "agustus", "desember",
     "luty", "marzec", "maj", "czerwiec", "lipiec", "listopad", "stycznia", "lutego", "marca",
     "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "listopada", "grudnia", "styczniu",
     "lutym", "marcu", "kwietniu", "maju", "czerwcu", "lipcu", "sierpniu", "listopadzie",
     "grudniu"})
    # (no word character or mark after it: Hindi "फ़रवरी" ends in a vowel sign, no boundary)
    + rf"))(?![\w{_MARKS}])|(?P<cjk>\d{{1,2}})\s?月",
    re.IGNORECASE,
)  # fmt: skip
# Also ordinary words or names elsewhere: "Mei Lin", "Augustus", "Maio" (a surname).
_AMBIGUOUS_MONTHS: Final = frozenset(
    {"may", "march", "june", "april", "august", "mars", "mei", "augustus", "maio", "mai",
     "mayo", "julio", "avril", "ocak", "ekim", "aralık", "kasım", "mart", "maj", "maja", "luty",
     "آب", "مارس", "مايو", "मई"}
)  # fmt: skip
_FRENCH_MONTH_LEAD_WORDS: Final = frozenset(_words("en le de depuis fin début dès mi"))
_MONTH_LEAD_WORDS: Final = frozenset(
    _words("""in on of since until till by from before after during through early late mid end
    last next this every each en le de depuis fin début dès em desde até op van sinds tot im
    seit bis ab anfang ende mitte vom zum d au di nel dal entro fino hasta""")
)

# Small English number words (SPEC: "two years" rivals "three years"). Bare "one" is mostly a
# pronoun ("one of", "no one"): it only counts before a scale word or a plain lowercase noun.
_UNIT_WORDS: Final = {
    w: i
    for i, w in enumerate(
        _words("""zero one two three four five six seven eight nine ten
    eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty""")
    )
}
_TENS_WORDS: Final = {
    w: 10 * i
    for i, w in enumerate(_words("twenty thirty forty fifty sixty seventy eighty ninety"), 2)
}
_WORD_SCALES: Final = {"dozen": 12.0, "hundred": 100.0, "thousand": 1e3, "million": 1e6,
                       "billion": 1e9, "trillion": 1e12}  # fmt: skip
_NUMBER_WORD_RE: Final = re.compile(
    r"(?<![\w-])(?:(?P<tens>"
    + _alternation(_TENS_WORDS)
    + r")(?:[- ](?P<unit1>"
    + _alternation(w for w in _UNIT_WORDS if _UNIT_WORDS[w] < 10)
    + r"))?|(?P<unit>"
    + _alternation(_UNIT_WORDS)
    + r")|(?P<article>an?))"
    r"(?P<scales>(?:[ -](?:" + _alternation(_WORD_SCALES) + r"))*)"
    r"(?:\s?(?P<pct>percent|per cent)\b)?(?!\w)"
    # "a two-day strike", "a five-year deal"; not "two-thirds" (a fraction) nor "one-2".
    r"(?!-(?:thirds?|quarters?|halves|half|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?"
    r"|\d|$))",
    re.IGNORECASE,
)
_QUOTE_RE: Final = re.compile(r"[\"“„«「『]([^\"“”„«»「」『』]{4,300})[\"”“»」』]")
_NAME_WORD_RE: Final = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Salient:
    """A token of the claim that must be present in evidence: a number, a name, a quote…"""

    kind: str  # money | percent | year | number | month | quarter | name | quote | version
    label: str  # as written in the claim
    value: float | None = None
    # Money: its currency code. A time of day: "12h" when it may be either half of the day.
    unit: str | None = None
    context: frozenset[str] = field(default_factory=frozenset)
    words: tuple[str, ...] = ()  # token forms for names, quotes and quarters
    # Years, months and quarters: how the date attaches ("by" a deadline, "at" a point or
    # start, "n:levels" for a head noun); None when unknown. Dates only rival dates in a
    # compatible role.
    role: str | None = None
    attribution: bool = False  # a name in the claim's "according to X" / "X said" part
    # Figures: the unit of their last written digit ("1.79 million": 10,000), which a figure
    # written more precisely may differ from by half; None for exact values.
    precision: float | None = None
    # A figure qualified as a bound or an estimate: "more than 1,000" (min), "up to 200"
    # (max), "about 800", "nearly 500" (about); None for a figure given as it is.
    bound: str | None = None
    # A number written with a unit: its dimension, and the size and offset of that unit in the
    # dimension's base unit ("2 miles": length, 1609.344, 0).
    measure: tuple[str, float, float] | None = None
    # Amounts and percentages: the stem of what they measure, when the text says it before
    # them in English ("profit" in "Profit at Ardent rose 12%"); see _figure_noun.
    noun: str | None = None
    # Amounts in other languages: "revenue", "profit" or "loss", when a word of the text
    # before them says so ("einen Verlust von 1,2 Milliarden Euro"); see _quantity_of.
    quantity: str | None = None
    # Amounts: "net", "operating", "gross" … when the text says it before them ("net income
    # fell to $182 million", "| Operating income | Q3: $182.0 millions |").
    qualifier: str | None = None
    # Plain numbers: the word right after them (and after their scale word), what they count
    # ("38 pediatras", "8 420 зрителей", "120 ribu pengguna"); see _counted_word.
    counted: str | None = None


def _ascii_figure(raw: str) -> str:
    """A written figure in ASCII digits with "." and "," as its only separators: any script's
    digits, Arabic separators, and no grouping spaces or apostrophes ("1'500'000")."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdigit() else ch for ch in raw).translate(
        {0x066B: ".", 0x066C: ",", 0x20: None, 0xA0: None, 0x202F: None, 0x27: None, 0x2019: None}
    )


def _parse_figure(raw: str, percent: bool = False) -> tuple[float, int] | None:
    """The value of a written figure and how many decimals it was written with. Three digits
    after a lone separator are thousands ("2.500", "2,500"), except in a percentage
    ("6.875%", "1,234 Prozent")."""
    digits = _ascii_figure(raw)
    if "," in digits and "." in digits:
        decimal_sep = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        digits = digits.replace(thousands, "").replace(decimal_sep, ".")
    else:
        for sep in ",.":
            if sep in digits:
                parts = digits.split(sep)
                is_thousands = len(parts) > 2 or (
                    len(parts[1]) == 3 and parts[0] not in {"0", ""} and not percent
                )
                digits = digits.replace(sep, "" if is_thousands else ".")
    try:
        value = float(digits)
    except ValueError:
        return None
    return value, len(digits) - digits.index(".") - 1 if "." in digits else 0


@dataclass(frozen=True, slots=True)
class _NumericDate:
    label: str
    start: int
    end: int
    year: int
    month: int | None  # None when day and month cannot be told apart ("4/3/2025")
    day: int | None


# Dates in digits: ISO "2025-03-04", day first with dots "04.03.2025", and slashes "4/3/2025"
# (day first unless that cannot be: "3/14/2025").
_NUMERIC_DATE_RE: Final = re.compile(
    r"(?<![\d.,/-])(?:(?P<iso_year>\d{4})-(?P<iso_month>\d{1,2})-(?P<iso_day>\d{1,2})|"
    r"(?P<first>\d{1,2})(?P<separator>[./])(?P<second>\d{1,2})(?P=separator)(?P<year>\d{4}))"
    r"(?![\d]|[.,/-]\d)"
)
_LENGTH_AFTER_RE: Final = re.compile(
    r"(?:-|\s)(?:high|tall|long|deep|wide|above|below|away|metres|meters)\b", re.IGNORECASE
)


@functools.lru_cache(maxsize=1024)
def _numeric_dates(text: str) -> tuple[_NumericDate, ...]:
    """Dates written in digits; cached, as a passage's numbers and months both need them."""
    dates = []
    for match in _NUMERIC_DATE_RE.finditer(text):
        if match.group("iso_year"):
            year, month, day = (int(match.group(g)) for g in ("iso_year", "iso_month", "iso_day"))
        else:
            first, second = int(match.group("first")), int(match.group("second"))
            year = int(match.group("year"))
            if match.group("separator") == "/" and first <= 12 and second <= 12:
                month = day = None  # type: ignore[assignment]
            elif second > 12:  # only month/day/year reads
                month, day = first, second
            else:
                day, month = first, second
        if not 1800 <= year <= 2199:
            continue
        if month is not None and not (1 <= month <= 12 and day is not None and 1 <= day <= 31):
            continue
        dates.append(_NumericDate(match.group(), *match.span(), year, month, day))
    return tuple(dates)


# A time of day: "10:30", "22:05", "10.30am", "7 p.m." is not one (no minutes), French
# "10h30" and "10 h 30".
# (It starts with a digit, so the regex engine skips ahead to digits; what may not come
# before the hour is checked in _times.)
_TIME_RE: Final = re.compile(
    r"(?P<hour>\d\d?)(?:(?P<colon>:)|(?P<dot>\.)|\s?h\s?)(?P<minute>[0-5]\d)(?![\d:])"
    r"(?:\s?(?P<half>[ap])\.?m\b\.?)?"
    # The hour alone: "8 a.m.", "8pm"; French "20 h", "8h" (not "8 hommes"); German "20 Uhr".
    r"|(?P<whole>\d\d?)\s?(?:(?P<whole_half>[ap])\.?m\b\.?|h(?![^\W\d_])|Uhr\b)",
    re.IGNORECASE,
)


def _times(text: str) -> list[tuple[int, int, Salient]]:
    """Times of day as minutes after midnight, with their spans. A dot between hour and
    minutes makes a time only with am or pm ("10.30am"; "10.30" is a number)."""
    found = []
    for match in _TIME_RE.finditer(text):
        half = (match.group("half") or match.group("whole_half") or "").lower()
        if (
            match.group("dot")
            and not half
            and not _TIME_WORD_BEFORE_RE.search(text, max(0, match.start() - 10), match.start())
        ):
            continue  # "10.30" is a number, but not in "dalle 7.30 alle 19.30"
        if match.start() and text[match.start() - 1] in "0123456789.,:":
            continue  # inside a number: "1.10:30", "2,12h30"
        if match.group("whole"):
            hour, minute = int(match.group("whole")), 0
        else:
            hour, minute = int(match.group("hour")), int(match.group("minute"))
        if hour > 23 or (half and not 1 <= hour <= 12):
            continue
        # "10:30" may be written for 10:30 pm too; "22:30" and "10:30 am" may not.
        twelve_hour = None if half or not 1 <= hour <= 12 else _TWELVE_HOUR
        if half:
            hour = hour % 12 + (12 if half == "p" else 0)
        value = float(hour * 60 + minute)
        time = Salient("number", match.group().strip(), value, twelve_hour, _TIME_CONTEXT)
        found.append((*match.span(), time))
    hinted = any(word in text for word in _BARE_HOUR_HINTS)
    for match in _BARE_HOUR_RE.finditer(text) if hinted else ():
        hour = int(match.group("hour"))
        if hour <= 23 and not any(a <= match.start("hour") < b for a, b, _ in found):
            twelve_hour = _TWELVE_HOUR if 1 <= hour <= 12 else None
            time = Salient(
                "number", match.group().strip(), float(hour * 60), twelve_hour, _TIME_CONTEXT
            )
            found.append((match.start("hour"), match.end(), time))
    return found


# Words that make the number after them an hour: "alle ore 8", "a las 8", "às 8".
_HOUR_WORDS: Final = r"ore|a las|hasta las|desde las|às|pelas"
# (a cheap first look: most texts have none of them)
_BARE_HOUR_HINTS: Final = ("ore ", "las ", "às ", "pelas ")
_BARE_HOUR_RE: Final = re.compile(
    rf"\b(?:{_HOUR_WORDS})\s(?P<hour>\d\d?)(?!\d|[.,:]\d|\s?(?:%|h\b))", re.IGNORECASE
)


# Words before a time of day written with a dot (those and more): Italian "alle 7.30", "ore
# 19.30", Portuguese "às 7.30", German "um 7.30", Dutch "om 7.30", "tra le 8.00".
_TIME_WORD_BEFORE_RE: Final = re.compile(
    rf"\b(?:{_HOUR_WORDS}|alle|dalle|le|as|das|um|gegen|ab|om|vanaf|tot|à|de)\s$",
    re.IGNORECASE,
)
_TIME_CONTEXT: Final = frozenset({"#time"})
_TWELVE_HOUR: Final = "12h"


def _same_time(a: Salient, b: Salient) -> bool:
    """Two times of day that may be one, a time written on the 12-hour clock without am or pm
    being either ("10:30" is 10:30 or 22:30)."""
    if a.value is None or b.value is None:
        return False
    gap = abs(a.value - b.value)
    return gap == 0 or (gap == 720 and _TWELVE_HOUR in (a.unit, b.unit))


def _numbers(text: str, *, number_words: bool = True) -> list[Salient]:
    """The figures of a text; ``number_words``: also English number words ("three years")."""
    found: list[Salient] = []
    times = _times(text)
    found.extend(salient for _, _, salient in times)
    dates = _numeric_dates(text)
    for date in dates:
        role = _date_role(text, date.start, date.end)
        found.append(Salient("year", str(date.year), float(date.year), role=role))
        if date.day is not None and date.month is not None:
            # Labels differ: reasons and verdict features key salient tokens by label.
            label = f"{date.label}{_DAY_LABEL}"
            context = frozenset({f"#month{date.month}"})
            found.append(Salient("number", label, float(date.day), None, context))
    if _CJK_DAY_HINT_RE.search(text):
        for day in _CJK_DAY_RE.finditer(text):
            # "3月14日", "15日", "3월 14일": a day of a month, which a day of another rivals
            # (the month said or not: "the station opened on the 15th").
            month = day.group("month")
            days = frozenset({"#day", f"#month{int(month)}"} if month else {"#day"})
            label = day.group() + _DAY_LABEL
            found.append(Salient("number", label, float(day.group("day")), None, days))
    previous: tuple[re.Match[str], Salient, float] | None = None
    for match in _NUMBER_RE.finditer(text):
        if dates and any(d.start <= match.start() < d.end for d in dates):
            continue
        if times and any(start <= match.start() < end for start, end, _ in times):
            continue
        numbered = _number_salient(text, match)
        if numbered is None:
            continue
        salient, scale = numbered
        if previous is not None:
            before, joined = _join_numbers(text, previous, match, salient, scale)
            if before is not None:
                found[-1] = before
            if joined is None:  # one amount written in two parts: "8조5000억원"
                previous = (match, found[-1], scale)
                continue
            salient = joined
            # "営業利益は5兆3529億円となり、初めて5兆円を超えた": the second figure measures
            # what the first did, unless a sentence ended between them.
            if (
                salient.noun is None
                and previous[1].noun
                and _cjk_figure(text, match.start())
                and not _CJK_SENTENCE_END_RE.search(text, previous[0].end(), match.start())
            ):
                salient = dataclasses.replace(salient, noun=previous[1].noun)
        found.append(salient)
        previous = (match, salient, scale)
    if number_words:
        found.extend(_number_words(text))
    if "成" in text or "割" in text:
        found.extend(_cjk_tenths(text))
    if number_words and _CJK_NUMERAL_RE.search(text):
        found.extend(_cjk_numerals(text))
    if _ARABIC_NUMBER_HINT_RE.search(text):
        found.extend(_arabic_number_words(text))
    return found


# Arabic number words, as formal Arabic writes counts: "ثلاثمئة وخمسين سريراً" (350 beds),
# "نصف مليون نسمة" (half a million people). Hamza forms written plain (see _arabic_stem).
_ARABIC_NUMBER_VALUES: Final = {
    **dict.fromkeys(_words("ثلاث ثلاثة"), 3), **dict.fromkeys(_words("اربع اربعة"), 4),
    **dict.fromkeys(_words("خمس خمسة"), 5), **dict.fromkeys(_words("ست ستة"), 6),
    **dict.fromkeys(_words("سبع سبعة"), 7), **dict.fromkeys(_words("ثمان ثماني ثمانية"), 8),
    **dict.fromkeys(_words("تسع تسعة"), 9), **dict.fromkeys(_words("عشر عشرة"), 10),
    **dict.fromkeys(_words("اثنان اثنين"), 2),
    **dict.fromkeys(_words("عشرون عشرين"), 20), **dict.fromkeys(_words("ثلاثون ثلاثين"), 30),
    **dict.fromkeys(_words("اربعون اربعين"), 40), **dict.fromkeys(_words("خمسون خمسين"), 50),
    **dict.fromkeys(_words("ستون ستين"), 60), **dict.fromkeys(_words("سبعون سبعين"), 70),
    **dict.fromkeys(_words("ثمانون ثمانين"), 80), **dict.fromkeys(_words("تسعون تسعين"), 90),
    **dict.fromkeys(_words("مئة مائة"), 100),
    **dict.fromkeys(_words("مئتان مئتين مائتان مائتين"), 200),
    **{f"{unit}{hundred}": value * 100
       for unit, value in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7),
                           ("ثمان", 8), ("تسع", 9))
       for hundred in ("مئة", "مائة")},
}  # fmt: skip
_ARABIC_NUMBER_SCALES: Final = {
    "الف": 1e3, "آلاف": 1e3, "الاف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9,
    "مليارات": 1e9,
}  # fmt: skip
_ARABIC_NUMBER_HINT_RE: Final = re.compile(r"مئ|مائ|عشر|ون\b|ين\b|نصف|[أاآ]لف|[أاآ]لاف|مليون|مليار")
_ARABIC_WORD_RE: Final = re.compile(r"[\u0621-\u064a\u064b-\u0652\u0640]+")
_ARABIC_NUMBER_MIN: Final = 20.0


def _arabic_number_words(text: str) -> list[Salient]:
    """Runs of Arabic number words, joined by "و" (and), from twenty up: smaller ones are
    words as often ("سبع" is also a lion)."""
    found: list[Salient] = []
    for start, end, run in _arabic_number_runs(text):
        total = current = 0.0
        for word in run:
            if word in _ARABIC_NUMBER_SCALES:
                total += (current or 1.0) * _ARABIC_NUMBER_SCALES[word]
                current = 0.0
            else:
                current += 0.5 if word == "نصف" else _ARABIC_NUMBER_VALUES[word]
        value = total + current
        if value >= _ARABIC_NUMBER_MIN:
            bound = _bound_before(text, start)  # "نحو نصف مليون"
            found.append(Salient("number", text[start:end], value, None, bound=bound))
    return found


def _arabic_number_runs(text: str) -> list[tuple[int, int, list[str]]]:
    """Each run of number words: its span and its words written plainly (no vowel signs,
    hamza forms plain, the joining "و" off); a scale word only after a number word."""
    runs: list[tuple[int, int, list[str]]] = []
    run: list[str] = []
    start = end = 0
    for match in _ARABIC_WORD_RE.finditer(text):
        word = _ARABIC_MARKS_RE.sub("", match.group()).translate(_ARABIC_LETTERS)
        joined = run and word.startswith("و") and not text[end : match.start()].strip()
        bare = word[1:] if joined else word
        if run and (
            text[end : match.start()].strip() or not (joined or bare in _ARABIC_NUMBER_SCALES)
        ):
            runs.append((start, end, run))
            run = []
            bare = word
        if (
            bare in _ARABIC_NUMBER_VALUES
            or bare == "نصف"
            or (run and bare in _ARABIC_NUMBER_SCALES)
        ):
            if not run:
                start = match.start()
            run.append(bare)
            end = match.end()
    if run:
        runs.append((start, end, run))
    return runs


_CJK_SENTENCE_END_RE: Final = re.compile(r"[。！？.!?]")
_CJK_TENTH: Final = r"\s?(?:成(?![本员為为功果立交绩績長长]|不变)|割)"
# Tenths as Chinese and Japanese news write shares: "约四成" (about 40 %), "3割" (30 %); not in
# words that begin with 成 ("成本", cost; "成为", to become) or "割引" prices.
_CJK_TENTHS_RE: Final = re.compile(
    r"(?P<bound>约|約|近|逾|超过|超過)?(?P<tenths>[一二两三四五六七八九]|[1-9])" + _CJK_TENTH
)
_CJK_DIGITS: Final = {c: i for i, c in enumerate("一二三四五六七八九", 1)} | {"两": 2}
_CJK_BOUNDS: Final = {"约": "about", "約": "about", "近": "about", "逾": "min", "超过": "min",
                      "超過": "min"}  # fmt: skip


# Figures in Chinese numerals, as court reports and formal Chinese and Japanese write them:
# "罚金人民币五十万元" (500,000 yuan), "三千二百人", "十一週". A run with a multiplier
# (十, 百, 千, 万, 亿) only: "三四" is "three or four", and a lone "一" mostly a word's part.
_CJK_NUMERAL_RE: Final = re.compile(
    r"[一二两兩三四五六七八九十百千万萬亿億零〇]*[十百千万萬亿億][一二两兩三四五六七八九十百千万萬亿億零〇]*"
)
_CJK_NUMERAL_DIGITS: Final = _CJK_DIGITS | {"兩": 2, "零": 0, "〇": 0}
_CJK_NUMERAL_UNITS: Final = {"十": 10, "百": 100, "千": 1000}
_CJK_NUMERAL_SCALES: Final = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CJK_NUMERAL_REACH: Final = 6  # characters either side read with the figure (bound, unit)


def _cjk_numeral_value(run: str) -> int | None:
    """The value of a run of Chinese numerals ("五十万": 500,000), None if it is no number
    ("万一", "千万" as "by all means")."""
    total = section = digit = 0
    seen_digit = False
    for char in run:
        if char in _CJK_NUMERAL_DIGITS:
            digit = _CJK_NUMERAL_DIGITS[char]
            seen_digit = True
        elif char in _CJK_NUMERAL_UNITS:
            section += (digit or 1) * _CJK_NUMERAL_UNITS[char]
            digit = 0
        else:  # a scale
            if not (section or digit):
                return None
            total += (section + digit) * _CJK_NUMERAL_SCALES[char]
            section = digit = 0
    value = total + section + digit
    return value if seen_digit or run[0] == "十" else None


def _cjk_numerals(text: str) -> list[Salient]:
    """The figures written in Chinese numerals, read as their digits would be (with what is
    written around them: "约", "元", "人以上")."""
    found = []
    for match in _CJK_NUMERAL_RE.finditer(text):
        value = _cjk_numeral_value(match.group())
        if value is None or value < 10:
            continue
        before = text[max(0, match.start() - _CJK_NUMERAL_REACH) : match.start()]
        after = text[match.end() : match.end() + _CJK_NUMERAL_REACH]
        figures = [n for n in _numbers(f"{before}{value}{after}", number_words=False)
                   if n.label.startswith(str(value)) and n.kind != "year"]  # fmt: skip
        if figures:
            label = match.group() + figures[0].label[len(str(value)) :]
            found.append(dataclasses.replace(figures[0], label=label))
    return found


def _cjk_tenths(text: str) -> list[Salient]:
    found = []
    for match in _CJK_TENTHS_RE.finditer(text):
        if match.start() and text[match.start() - 1].isdigit():
            continue  # "12成", "2013年": part of a longer number
        tenths = match.group("tenths")
        value = float(_CJK_DIGITS.get(tenths) or int(tenths)) * 10
        bound = _CJK_BOUNDS.get(match.group("bound") or "")
        found.append(Salient("percent", match.group(), value, precision=10.0, bound=bound))
    return found


def _number_salient(text: str, match: re.Match[str]) -> tuple[Salient, float] | None:
    """One number as a salient token, with the scale it was multiplied by, and the bound its
    qualifier makes of it ("more than 1,000")."""
    numbered = _plain_number_salient(text, match)
    if numbered is None or numbered[0].kind == "year":
        return numbered
    if numbered[0].kind == "number" and _CJK_DATE_UNIT_RE.match(text, match.end()):
        return None  # "3月", "2일": a month or a day, read as such (see _months); "3割"
    bound = (
        _bound_before(text, match.start())
        or ("min" if match.group("more") else None)
        or _cjk_bound(text, match.start(), match.end())
    )
    if bound is None:
        return numbered
    salient, scale = numbered
    return dataclasses.replace(salient, bound=bound), scale


# A day of a month in Chinese, Japanese or Korean; not a span of days ("3日間", "3일 동안").
_CJK_DAY_RE: Final = re.compile(
    r"(?<![\d.,])(?:(?P<month>1[0-2]|0?[1-9])\s?[月월]\s?)?(?P<day>3[01]|[12]\d|0?[1-9])\s?"
    r"(?:日(?![間间本])|일(?!\s?(?:간|동안|째)))"
)
_CJK_DAY_HINT_RE: Final = re.compile(r"\d\s?[日일]")
_CJK_DATE_UNIT_RE: Final = re.compile(rf"\s?(?:[月日월일]|분기|季度|四半期)|{_CJK_TENTH}")
# The same in Chinese, Japanese and Korean, where the word may also follow the figure:
# "超过5000亿元", "5兆円を超えた", "5兆円以上", "约300人", "5조 원 이상", "약 5조 원".
_CJK_BOUND_BEFORE_RE: Final = re.compile(
    r"(?:(?P<min>超过|超過|逾)|(?P<max>不到|不足|少于)|(?P<about>约|約|近|약))"
    r"(?:为|是)?\s*$"
)
_CJK_BOUND_AFTER_RE: Final = re.compile(
    # (after a counter word or a unit: "5000人以上", "100명 이상", "400ミリを超え", "60% 넘게")
    r"\s*(?:[人名명个個件台家所位户戸社곳개대]\s*|(?:ミリ|キロ|メートル|トン|[%％]|mm|km)\s*)?"
    r"(?:(?P<min>以上|超|を超え|を上回|多|余|이상|을 넘|를 넘|넘게|넘는|넘었|초과|"
    # Turkish and Hindi put "more than" after the figure too: "200'den fazla", "200 से अधिक".
    r"['’][dt][ae]n fazla|से अधिक|से ज़्यादा|से ज्यादा)|"
    r"(?P<max>未満|以下|弱|미만|이하)|(?P<about>前後|程度|ほど|左右|上下|가량|정도|안팎|civarında))"
)


def _cjk_bound(text: str, start: int, end: int) -> str | None:
    """A bound written around a figure in Chinese, Japanese or Korean (or after it in Turkish
    and Hindi)."""
    if text.isascii():
        return None
    found = _CJK_BOUND_BEFORE_RE.search(text, max(0, start - 3), start) or (
        _CJK_BOUND_AFTER_RE.match(text, end)
    )
    if found is None:
        return None
    return next(kind for kind in ("min", "max", "about") if found.group(kind))


# What a word before a figure makes of it: "more than 1,000" is at least 1,000, "up to 200" at
# most 200, "about 800" and "nearly 500" are estimates. English, German, French, Spanish,
# Italian, Portuguese, Dutch.
_BOUND_WORDS: Final = {
    "min": """more than|over|above|at least|upwards of|in excess of|exceeding|no fewer than|no less
        than|mehr als|über|mindestens|plus de|au moins|más de|al menos|più di|oltre|almeno|mais
        de|pelo menos|meer dan|minstens|ruim|topped|tops|exceeded|exceeds|surpassed|surpasses|
        crossed|ten minste|более|свыше|больше|ponad|powyżej|lebih dari|hơn|trên|أكثر من|
        supera los|supera las|superan los|superan las|superó los|superó las|supera|superan|
        dépasse|dépassent|dépassé|dépassera|superano|supera i|übersteigt|überschreitet|
        overschrijdt|przekracza|превышает|превысил|превысила|превысит|melebihi""",
    "max": """less than|fewer than|under|below|up to|at most|as many as|as much as|no more than|
        weniger als|bis zu|höchstens|moins de|jusqu'à|jusqu’à|menos de|hasta|meno di|fino a|até|
        minder dan|tot|ten hoogste|менее|меньше|poniżej|mniej niż|kurang dari|dưới|أقل من""",
    "about": """about|around|roughly|approximately|some|nearly|almost|close to|an estimated|
        estimated|circa|ca.|approx.|ok.|env.|aprox.|rund|etwa|ungefähr|fast|knapp|environ|
        près de|presque|quelque|unos|unas|
        alrededor de|casi|cerca de|quasi|cerca|ongeveer|bijna|zo'n|aproximadamente|quase|около|
        примерно|почти|приблизительно|порядка|około|blisko|prawie|sekitar|hampir|kira-kira|
        khoảng|gần|حوالي|نحو|قرابة|लगभग|करीब|क़रीब|तकरीबन|yaklaşık""",
}
_BOUND_RE: Final = re.compile(
    r"\b(?:"
    + "|".join(
        f"(?P<{kind}>{'|'.join(' '.join(w.split()) for w in words.split('|'))})"
        for kind, words in _BOUND_WORDS.items()
    )
    + r")\s+(?:(?:el|la|los|las|il|lo|l'|gli|les|на)\s*)?"
    + r"(?:(?:(?:US|R|A|HK|C|S|NT)\$|[$€£¥₹]|Rs\.?|Rp\.?|USD|EUR)\s?)?\Z",
    re.IGNORECASE,
)
# The article or preposition a language puts between a bound and its figure: "casi el 15 %",
# "примерно на 3%", "quasi il 60%".
_BOUND_LINKS: Final = frozenset({"el", "la", "los", "las", "il", "lo", "l'", "gli", "les", "на"})


# The last word of every bound phrase: a figure whose preceding word (currency aside) is none
# of them has no bound, and the phrases' alternation, tried at every character of the window
# before it, is not run.
_BOUND_LAST_WORDS: Final = tuple(
    {phrase.split()[-1].lower() for words in _BOUND_WORDS.values() for phrase in words.split("|")}
)
_BOUND_CURRENCIES: Final = (  # longest first
    "us$", "hk$", "nt$", "usd", "eur", "rs.", "rp.", "r$", "a$", "c$", "s$", "rs", "rp", "$", "€",
    "£", "¥", "₹",
)  # fmt: skip


def _bound_before(text: str, start: int) -> str | None:
    tail = text[max(0, start - 24) : start].rstrip().lower()
    for currency in _BOUND_CURRENCIES:
        if tail.endswith(currency):
            tail = tail[: -len(currency)].rstrip()
            break
    last = tail.rsplit(maxsplit=1)
    if len(last) == 2 and last[1] in _BOUND_LINKS:
        tail = last[0]
    if not tail.endswith(_BOUND_LAST_WORDS):
        return None
    found = _BOUND_RE.search(text, max(0, start - 30), start)
    if found is None:
        return None
    kind = next(kind for kind in _BOUND_WORDS if found.group(kind))
    if kind == "max" and found.group(kind).lower() in _TO_WORDS:
        # "daalde tot 87,4 miljoen", "subió hasta el 5 %": a change reaching the figure.
        before = text[max(0, found.start() - 20) : found.start()]
        if any(way.search(before) for pair in _OPPOSITE_WAY_RES[:1] for way in pair):
            return None
    return kind


# Words that mean "up to" before a figure, but "to" after a verb of change.
_TO_WORDS: Final = frozenset({"tot", "até", "hasta", "jusqu'à", "jusqu’à", "bis zu"})


# Three or more dotted parts, not all groups of thousands ("1.234.567"): "3.4.0", "10.15.7".
_VERSION_RE: Final = re.compile(r"\d+\.(?!\d{3}\.\d{3}(?!\d))\d+(?:\.\d+)+")


def _plain_number_salient(text: str, match: re.Match[str]) -> tuple[Salient, float] | None:
    """One number as a salient token, with the scale it was multiplied by."""
    if _VERSION_RE.fullmatch(match.group("num")):
        return None  # a version ("3.4.0"), not a figure
    prefix = _CURRENCY_PREFIX_RE.search(text, max(0, match.start() - 5), match.start())
    percent_before = None
    if not match.group("pct") and not prefix:
        percent_before = _PERCENT_PREFIX_RE.search(text, max(0, match.start() - 8), match.start())
    parsed = _parse_figure(match.group("num"), bool(match.group("pct") or percent_before))
    if parsed is None:
        return None
    value, decimals = parsed
    scale_word = (match.group("scale") or "").casefold()
    scale = _SCALES.get(scale_word, 1.0) if scale_word else 1.0
    if match.group("scale2"):
        scale *= _SCALES.get(match.group("scale2").casefold(), 1.0)
    value *= scale
    currency = None
    if match.group("cur"):
        currency = _CURRENCY_WORDS.get(match.group("cur").casefold())
    if prefix:
        currency = _CURRENCY_WORDS.get(prefix.group(1).casefold())
    label = (prefix.group(0) if prefix else "") + match.group().strip().rstrip(".")
    raw = match.group("num")
    compared = (
        "compared"
        if _COMPARED_FIGURE_RE.search(text, max(0, match.start() - 30), match.start())
        or _CHANGED_FROM_RE.match(text, match.end())
        else None
    )
    if match.group("pct") or percent_before:
        if percent_before:
            label = percent_before.group() + label
        noun = _figure_noun(text, (percent_before or match).start(), match.end())
        return Salient(
            "percent", label, value, precision=10.0**-decimals, noun=noun, role=compared
        ), scale
    if not compared and _PART_OF_FIGURE_RE.search(text, max(0, match.start() - 30), match.start()):
        compared = "compared"  # (an amount's part, not a share: see _PART_OF_FIGURE_RE)
    if currency:
        noun = _figure_noun(text, (prefix or match).start(), match.end()) or _row_noun(
            text, match.start()
        )
        precision = 10.0**-decimals * scale
        start = (prefix or match).start()
        before, row = _text_before_amount(text, start), _row_label(text, start)
        return Salient(
            "money", label, value, currency, precision=precision, noun=noun,
            quantity=_quantity_of(before, row), qualifier=_qualifier_of(before, row),
            role=compared,
        ), scale  # fmt: skip
    measure = None if scale_word else _measure_after(text, match.end())
    if (
        not scale_word
        and measure is None
        and raw.isdigit()
        and len(raw) == 4
        and (
            1800 <= value <= 2199
            # (an older year where a year word says so: "в 1783 году", "1582年", "im Jahr 1648")
            or (1000 <= value < 1800 and _OLD_YEAR_RE.match(text, match.end()))
        )
    ):
        return Salient("year", label, value, role=_date_role(text, *match.span())), scale
    if scale_word in {"m", "b", "k"} and (
        # "1.5m visitors", "300k users" are scaled; "212 m" and "a 300m-high tower" are
        # metres (or a bare letter): the number as written.
        match.start("scale") > match.end("num") or _LENGTH_AFTER_RE.match(text, match.end())
    ):
        value /= scale
        scale = 1.0
        if scale_word == "m":
            measure = _MEASURES["m"]
    context = _number_context(text, match)
    precision = 10.0**-decimals * scale
    noun = None
    if _cjk_figure(text, match.start()):
        noun = _cjk_figure_noun(text, match.start(), match.end())
    # An amount without its currency ("| Operating profit | Q3: 58.3 millions |") is net,
    # operating or gross as one with it.
    qualifier = None
    if scale_word and measure is None:
        start = match.start()
        qualifier = _qualifier_of(_text_before_amount(text, start), _row_label(text, start))
    counted = None if measure is not None else _counted_word(text, match.end())
    return Salient(
        "number", label, value, None, context, precision=precision, measure=measure, noun=noun,
        role=compared, qualifier=qualifier, counted=counted,
    ), scale  # fmt: skip


def _counted_word(text: str, end: int) -> str | None:
    """The word right after a plain number (or its scale word: `end` is past that), when one
    is (not a figure, nor punctuation)."""
    found = _COUNTED_WORD_RE.match(text, end)
    if found is None:
        return None
    tokens = tokenize(found.group(1))
    return tokens[0] if len(tokens) == 1 and not tokens[0][0].isdigit() else None


_COUNTED_WORD_RE: Final = re.compile(r"[ \u00a0]([^\W\d_][\w-]*)")


# What an amount is in other languages than English (English has _EN_MEASURES): revenue,
# profit or loss, by the last such word before it in its sentence, since the amount before.
_QUANTITY_WORDS: Final = {
    # (a company's revenue, and a budget's income)
    "revenue": r"umsatz|umsätze|erlös|einnahmen|chiffre d'affaires|recettes|ventas|ingresos|"
    r"facturaci|ricavi|fatturato|entrate|receita|faturamento|vendas|omzet|inkomsten|przychod|"
    r"dochod|выручк|доходы|gelir|hasılat|ciro|pendapatan|penjualan|إيرادات|مبيعات|राजस्व|बिक्री",
    "profit": r"gewinn|überschuss|bénéfice|beneficio|ganancia|utile|lucro|winst|nettowinst|zysk|"
    r"прибыл|kâr|laba|أرباح|ربح|मुनाफ|लाभ",
    "loss": r"verlust|perte|pérdida|perdita|prejuízo|verlies|strat(?!eg)|убыт|zarar|rugi|خسار|घाटा",
    # A budget's spending: "Dochody … 2,87 mld zł, a wydatki … 3,12 mld zł".
    "spending": r"ausgaben|dépenses|gastos|spese|despesas|uitgaven|wydatk|расход|harcama|"
    r"belanja|pengeluaran|نفقات|مصروفات|व्यय|खर्च",
}
_QUANTITY_RE: Final = re.compile(
    "|".join(rf"(?P<{kind}>(?<![^\W\d_])(?:{words}))" for kind, words in _QUANTITY_WORDS.items()),
    re.IGNORECASE,
)
_QUANTITY_WINDOW: Final = 120
# (A number inside a word is no amount: "Q3", "FY24".)
_QUANTITY_STOP_RE: Final = re.compile(
    r"[.!?;]\s+(?=[^\W\d_])(?-i:(?=[^a-zà-ÿа-я]))|(?<!\w)\d(?:[\d.,]*\d)?(?!\w)"
)  # (a sentence ends before a capital: "2025 r. mają" goes on)


def _qualifier_of(before: str, row: str) -> str | None:
    """ "net", "operating", "gross", "pre-tax" or "adjusted": the last such word in the text
    before an amount (see _text_before_amount), else in its table row's label."""
    said = _QUALIFIER_RE.findall(before) or _QUALIFIER_RE.findall(row)
    return _QUALIFIERS.get(said[-1].casefold().replace(" ", "-")) if said else None


def _text_before_amount(text: str, start: int) -> str:
    """What an amount's words may be said in: the text before it in its sentence, since the
    amount before (a year is no amount), within _QUANTITY_WINDOW characters."""
    window = text[max(0, start - _QUANTITY_WINDOW) : start]
    cut = 0
    for stop in _QUANTITY_STOP_RE.finditer(window):
        found = stop.group()
        if not (found.isdigit() and len(found) == 4 and 1800 <= int(found) <= 2199):
            cut = stop.end()  # a sentence end, or an amount that is not a year
    return window[cut:]


def _row_noun(text: str, start: int) -> str | None:
    """What a table row's amounts measure, by its label's last word ("| Revenue | …")."""
    words = _PLAIN_WORD_RE.findall(_row_label(text, start).casefold())
    return _stem(words[-1]) if words and not words[-1].isdigit() else None


def _row_label(text: str, start: int) -> str:
    """The first cell of the table row a position is in ("| Net income | … |"), or ""."""
    line = text.rfind("\n", 0, start) + 1
    if not text.startswith("|", line):
        return ""
    end = text.find("|", line + 1, start)
    return text[line + 1 : end] if end > 0 else ""


_QUALIFIERS: Final = {
    "net": "net", "operating": "operating", "gross": "gross", "pre-tax": "pre-tax",
    "pretax": "pre-tax", "before-tax": "pre-tax", "adjusted": "adjusted", "core": "adjusted",
    "underlying": "adjusted",
}  # fmt: skip
_QUALIFIER_RE: Final = re.compile(
    r"\b(net|operating|gross|pre-?tax|before tax|adjusted|core|underlying)\b", re.IGNORECASE
)


def _quantity_of(before: str, row: str) -> str | None:
    """ "revenue", "profit", "loss" or "spending": the last such word in the text before an
    amount (see _text_before_amount), else in its table row's label."""
    said = list(_QUANTITY_RE.finditer(before)) or list(_QUANTITY_RE.finditer(row))
    return said[-1].lastgroup if said else None


# Units a number may be written in, with its dimension and its size (and offset) in the
# dimension's base unit: "2 miles" and "3.2 km" are one distance, "86 °F" is 30 °C, and figures
# in two dimensions ("5 km", "5 kg") neither match nor contradict each other. Single letters
# count only as written ("5 g", "5 L", not "5G").
_MEASURES: Final = {
    **dict.fromkeys(_words("m metre metres meter meters mètres metros"), ("length", 1.0, 0.0)),
    **dict.fromkeys(_words("""km kms kilometre kilometres kilometer kilometers kilomètres
        kilómetros chilometri"""), ("length", 1000.0, 0.0)),
    "cm": ("length", 0.01, 0.0),
    "mm": ("length", 0.001, 0.0),
    **dict.fromkeys(_words("mi mile miles"), ("length", 1609.344, 0.0)),
    **dict.fromkeys(_words("ft feet foot"), ("length", 0.3048, 0.0)),
    **dict.fromkeys(_words("yd yard yards"), ("length", 0.9144, 0.0)),
    **dict.fromkeys(_words("""kg kgs kilogram kilograms kilogramm kilogramme kilogrammes kilo
        kilos"""), ("mass", 1.0, 0.0)),
    **dict.fromkeys(_words("g gram grams gramm gramme grammes"), ("mass", 0.001, 0.0)),
    **dict.fromkeys(_words("t tonne tonnes tonnen"), ("mass", 1000.0, 0.0)),
    **dict.fromkeys(_words("lb lbs"), ("mass", 0.45359237, 0.0)),
    **dict.fromkeys(_words("ha hectare hectares hektar"), ("area", 10_000.0, 0.0)),
    **dict.fromkeys(_words("acre acres"), ("area", 4046.8564224, 0.0)),
    **dict.fromkeys(_words("km² km2"), ("area", 1e6, 0.0)),
    **dict.fromkeys(_words("l L litre litres liter liters"), ("volume", 1.0, 0.0)),
    **dict.fromkeys(_words("gallon gallons"), ("volume", 3.785411784, 0.0)),
    **dict.fromkeys(_words("km/h kmh kph"), ("speed", 1 / 3.6, 0.0)),
    "mph": ("speed", 0.44704, 0.0),
    **dict.fromkeys(_words("watt watts"), ("power", 1.0, 0.0)),
    **dict.fromkeys(_words("kw kilowatt kilowatts"), ("power", 1e3, 0.0)),
    **dict.fromkeys(_words("mw megawatt megawatts mégawatts megavatios"), ("power", 1e6, 0.0)),
    **dict.fromkeys(_words("gw gigawatt gigawatts gigavatios"), ("power", 1e9, 0.0)),
    **dict.fromkeys(_words("kwh"), ("energy", 1e3, 0.0)),
    **dict.fromkeys(_words("mwh"), ("energy", 1e6, 0.0)),
    **dict.fromkeys(_words("gwh"), ("energy", 1e9, 0.0)),
    **dict.fromkeys(_words("twh"), ("energy", 1e12, 0.0)),
    "c": ("temperature", 1.0, 0.0),
    "f": ("temperature", 5 / 9, -32 * 5 / 9),
}  # fmt: skip
_MEASURE_AFTER_RE: Final = re.compile(
    r"[ \u00a0-]?(?:(?:°|º|degrees?\s|grad\s|grados\s|degrés\s)\s?(?P<temperature>[CF])"
    r"(?:elsius|ahrenheit)?|(?P<unit>[^\W\d_]+(?:/h|²|2)?))(?![^\W_])",
    re.IGNORECASE,
)


def _measure_after(text: str, end: int) -> tuple[str, float, float] | None:
    found = _MEASURE_AFTER_RE.match(text, end)
    if found is None:
        return None
    if found.group("temperature"):
        return _MEASURES[found.group("temperature").lower()]
    unit = found.group("unit")
    if unit in _MEASURES:
        return _MEASURES[unit]
    return _MEASURES.get(unit.lower()) if len(unit) > 1 else None


def _in_one_unit(page: Salient, claim: Salient) -> tuple[Salient, Salient] | None:
    """The two figures as they can be compared: as written, unless both give a unit, then in
    their dimension's base unit; None when their units measure different things."""
    if "#time" in page.context and "#time" in claim.context and _same_time(page, claim):
        return claim, claim  # the same time of day
    if page.measure is None or claim.measure is None:
        return page, claim
    if page.measure[0] != claim.measure[0]:
        return None
    return _in_base_unit(page), _in_base_unit(claim)


def _in_base_unit(figure: Salient) -> Salient:
    assert figure.measure is not None
    _, size, offset = figure.measure
    return dataclasses.replace(
        figure,
        value=None if figure.value is None else figure.value * size + offset,
        precision=None if figure.precision is None else figure.precision * size,
    )


# Between the two ends of a range: "$2-3 billion", "2 to 3 million".
_RANGE_JOIN_RE: Final = re.compile(
    r"(?:\s?[-–—]\s?|\s+(?:to|bis|à|a)\s+)(?:US\$|[$€£¥₹])?", re.IGNORECASE
)


def _join_numbers(
    text: str,
    previous: tuple[re.Match[str], Salient, float],
    match: re.Match[str],
    salient: Salient,
    scale: float,
) -> tuple[Salient | None, Salient | None]:
    """The previous number (None: unchanged) and this one (None: merged into the previous)
    when the two belong together: the parts of one amount ("8조5000억원", "3亿5000万") or
    the ends of a range, which share the second end's scale and either end's currency."""
    before_match, before, before_scale = previous
    between = text[before_match.end() : match.start()]
    glued = not between and _CJK_CHAR_RE.match(before_match.group("scale") or "") is not None
    if glued and salient.kind == "year" and before.kind == "number":
        # "1만2000명": the digits after a CJK scale are its units, not a year
        salient = Salient("number", salient.label, salient.value, context=before.context)
    if before.kind not in {"number", "money"} or salient.kind not in {"number", "money"}:
        return None, salient
    currency = salient.unit if salient.kind == "money" else None
    currency = currency or (before.unit if before.kind == "money" else None)
    # Korean puts a space between the parts: "6조 6천억 원", and so do Turkish and Russian
    # with scale words: "1 milyon 840 bin", "1 млн 840 тыс.".
    one_amount = not between or (
        between == " "
        and (
            _CJK_CHAR_RE.match(before_match.group("scale") or "") is not None
            or bool(before_match.group("scale") and match.group("scale"))
        )
    )
    if glued and 1.0 < before_scale < scale and before.value and salient.value:
        # "2천500억원": the thousands of the hundred millions, (2,000 + 500) × 10⁸
        return (
            dataclasses.replace(
                salient,
                label=before.label + salient.label,
                value=before.value * scale + salient.value,
                bound=before.bound or salient.bound,
            ),
            None,
        )
    cjk_scale = _CJK_CHAR_RE.match(before_match.group("scale") or "") is not None
    if (
        one_amount
        # (the units after a CJK scale, glued or not: "1만2000명", "1만 8,432명")
        and (before_scale > scale > 1.0 or (cjk_scale and scale == 1.0 and before_scale > 1.0))
        and before.value
        and salient.value
        and salient.value < before_scale
    ):
        merged = Salient(
            "money" if currency else "number",
            before.label + between + salient.label,
            before.value + salient.value,
            currency,
            # (what the amount counts follows its last part: "2만 8천 명의 관중")
            before.context | salient.context if currency is None else frozenset(),
            noun=salient.noun or before.noun,  # "5兆3529億円の営業利益", "8조5000억원"
            precision=salient.precision,  # "1万8千": to the thousand
            bound=before.bound or salient.bound,  # "約1万8千人"
        )
        return merged, None
    if before_scale == 1.0 and scale > 1.0 and _RANGE_JOIN_RE.fullmatch(between):
        kind = "money" if currency else "number"
        low = dataclasses.replace(
            before, kind=kind, value=(before.value or 0.0) * scale, unit=currency or before.unit
        )
        return low, dataclasses.replace(salient, kind=kind, unit=currency or salient.unit)
    return None, salient


# Where the clause of a figure begins, looking back from it: punctuation, the end of a sentence,
# or a word that joins two clauses or two figures ("rose 12% while profit fell 3%", "fell to
# 3.9% from 4.1%").
_FIGURE_CLAUSE_RE: Final = re.compile(
    r"[,;:()]|[.!?](?=\s)|\b(?:and|while|whereas|but|from|against|versus|compared)\b",
    re.IGNORECASE,
)
# Verbs that tie a figure to what it measures ("Revenue rose 12%", "profit totalled $5
# billion"), and adverbs that may stand between ("rose sharply by 12%").
_FIGURE_VERBS: Final = frozenset(
    map(
        _stem,
        _words("""rose rise rises rising risen fell fall falls falling fallen increased increase
        increases increasing decreased decrease decreases decreasing grew grow grows growing
        grown jumped jump jumps climbed climb climbs gained gain gains dropped drop drops
        declined decline declines slipped slip slips slid slide slides surged surge surges
        soared soar soars plunged plunge plunges tumbled tumble tumbles slumped slump slumps
        edged edge edges advanced advance advances reached reach reaches hit hits totalled
        totaled total totals totalling stood stand stands was were is are be been being
        amounted amount amounts came come comes stayed stay stays remained remain remains
        expanded expand expands shrank shrink shrinks shrunk contracted contract contracts
        widened widen narrowed narrow improved improve worsened worsen doubled tripled
        halved"""),
    )
)
_FIGURE_ADVERBS: Final = frozenset(
    map(
        _stem,
        _words("""sharply slightly steadily strongly modestly significantly further also almost
        roughly approximately around nearly some just only another additional respectively
        annually year-on-year"""),
    )
)


# "a 12% rise in revenue": what the figure measures comes after it.
_CHANGE_IN_RE: Final = re.compile(
    r"\s*(?:rise|fall|increase|decrease|drop|jump|gain|decline|growth|cut|climb|slide|surge|"
    r"reduction|hike|boost|slump|plunge)s?\s+(?:in|of)\s+"
    r"(?:(?:the|its|their|his|her|our|annual|quarterly|yearly|monthly|net|gross|total)\s+)*"
    r"([^\W\d_][^\W_]*)",
    re.IGNORECASE,
)


# What a company's figure measures, in English words: revenue (sales, turnover) or profit
# (earnings, income). Two figures of the two are never one, whatever their words else.
_EN_MEASURES: Final = {
    **dict.fromkeys(map(_stem, _words("revenue revenues sales turnover")), "revenue"),
    **dict.fromkeys(map(_stem, _words("profit profits earnings income")), "profit"),
}


def _other_measure(claimed: str | None, found: Sequence[str | None]) -> bool:
    """Whether every figure found measures a kind of thing the claim's does not."""
    kind = _EN_MEASURES.get(claimed or "")
    return kind is not None and all(
        _EN_MEASURES.get(noun or "") not in (None, kind) for noun in found
    )


# "profit of $4.2 billion", "revenue of €3bn": the word before "of" is what the figure
# measures, unless it says only that it is a figure ("a total of", "an increase of").
_NOUN_OF_RE: Final = re.compile(r"\b([^\W\d_]{3,}) of\s*$", re.IGNORECASE)
_GENERIC_FIGURE_NOUNS: Final = frozenset(
    _words("""total sum amount value figure level record high low rate price cost tune some
    most all none part share average maximum minimum estimate estimated increase decrease
    rise fall growth drop decline gain loss jump cut reduction boost hike surge slump""")
)


def _figure_noun(text: str, start: int, end: int) -> str | None:
    """The stem of what the figure at ``text[start:end]`` measures: the noun of "a 12% rise in
    revenue", or the word before a verb of change or being that leads to the figure in its
    clause ("Profit at Ardent rose 12%": names and function words between are passed over).
    In Chinese, Japanese and Korean, the word just before the figure (_cjk_figure_noun).
    None when the text does not say it that way."""
    if _cjk_figure(text, start):
        return _cjk_figure_noun(text, start, end)
    after = _CHANGE_IN_RE.match(text, end)
    if after is not None:
        return _memo_stem(after.group(1).casefold())
    window = text[max(0, start - 80) : start]
    of = _NOUN_OF_RE.search(window) if window.rstrip().endswith(" of") else None
    if of is not None and _memo_stem(of.group(1).casefold()) not in _FIGURE_VERBS:
        noun = of.group(1).casefold()  # "a net profit of $4.2 billion"
        return None if noun in _GENERIC_FIGURE_NOUNS else _memo_stem(noun)
    opens_sentence = start <= 80
    boundaries = list(_FIGURE_CLAUSE_RE.finditer(window))
    if boundaries:  # the clause begins after the last
        opens_sentence = boundaries[-1].group() in ".!?"
        window = window[boundaries[-1].end() :]
    words = [_POSSESSIVE_RE.sub("", word) for word in _NAME_WORD_RE.findall(window)]
    verb = False  # a verb seen between the word and the figure
    for position in range(len(words) - 1, -1, -1):
        word = words[position]
        folded = word.casefold()
        stem = _memo_stem(folded)
        if stem in _FIGURE_VERBS:
            verb = True
        elif (
            folded in _EN_STOPWORDS
            or stem in _FIGURE_ADVERBS
            or (word[:1].isupper() and not (position == 0 and opens_sentence))  # a name
            or _after_preposition(words, position)  # "trams" in "Ridership on Marlow trams"
        ):
            continue
        else:
            return stem if verb else None
    return None


# Between a CJK figure and what it measures: a particle, a verb of being, an estimate or a
# currency written as a word ("営業利益は", "净利润约为", "收入为人民币", "영업이익은").
_CJK_FIGURE_LINKS: Final = tuple(
    sorted(
        _words("""为 是 达到 达 共 合计 录得 实现 至 约 約 近 超过 超過 逾 不到 不足 少于 人民币
        港币 港元 新台币 이 가 은 는 을 를 의 도 만 에 약 최소 최대"""),
        key=len,
        reverse=True,
    )
)
_HANGUL_RE: Final = re.compile("[\uac00-\ud7af]")
_CJK_WORD_END_RE: Final = re.compile(r"[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+$")
# "5兆3529億円の営業利益", "6조 원의 영업이익": what the figure measures follows it.
_CJK_NOUN_AFTER_RE: Final = re.compile(
    r"\s*(?:の|的|의)\s*([\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,6})"
)
_HIRAGANA: Final = "".join(map(chr, range(0x3041, 0x30A0)))
_CJK_CHANGE_BEFORE_RE: Final = re.compile(
    r"[はがも]?[、,]?\s?(?:同|前期比|前年比|前年同期比|同比)?\s?[+＋△▲-]?[\d.,]+\s?[％%]\s?"
    r"(?:[増減]加?|增长|增加|下降|减少|증가한|감소한|늘어난|줄어든)[のしてた]?\s?$"
)


_CJK_COMPARED_WITH_RE: Final = re.compile(
    r"[，,、…\s]*(?:전년\s?(?:동기\s?)?(?:대비|比)|前年(?:同期)?比|前期比|同比(?:增长|下降|增加|减少)?"
    r"|(?:较|比)(?:上年|去年)(?:同期)?(?:增长|下降|增加|减少)?|与上年同期相比"
    r"|(?:지난해|전년)\s?같은\s?기간(?:보다|에\s?비해|대비)|前年同期(?:に比べ|と比べ)て?)\s*$"
)


def _cjk_figure(text: str, start: int) -> bool:
    """Whether the figure at ``start`` follows Chinese, Japanese or Korean text."""
    if text.isascii():
        return False
    before = text[max(0, start - 2) : start].rstrip()
    return bool(before) and _CJK_CHAR_RE.match(before, len(before) - 1) is not None


def _cjk_figure_noun(text: str, start: int, end: int) -> str | None:
    """What a CJK figure measures: the word joined to it after by の, 的 or 의, or else the
    word before it, without the particles, verbs of being, estimates and currency words
    between (Japanese particles are hiragana) and a date unit it may open with ("营收" from
    "2024年营收达到"); None when shorter than two characters."""
    after = _CJK_NOUN_AFTER_RE.match(text, end)
    if after is not None:
        return after.group(1)
    window = text[max(0, start - 24) : start]
    # A change said between the noun and its figure: "営業利益は同4.3％減の212億円",
    # "売上高は前期比8.1％増の3,456億円", "영업이익은 18% 증가한 1조 원".
    window = _CJK_CHANGE_BEFORE_RE.sub("", window)
    # What a change is measured against is not what changed: "매출이 전년 동기 대비 34%",
    # "营业收入…同比增长23.5%", "전년比 34%".
    window = _CJK_COMPARED_WITH_RE.sub("", window)[-16:]
    for _ in range(3):
        window = window.rstrip(" 、，,：:")
        link = next((link for link in _CJK_FIGURE_LINKS if window.endswith(link)), None)
        if link is None:
            break
        window = window[: -len(link)]
    found = _CJK_WORD_END_RE.search(window.rstrip(_HIRAGANA))
    if found is None:
        return None
    word = found.group().lstrip("年月日度")
    if _CJK_UNIT_CHARS.issuperset(_KOREAN_PARTICLE_RE.sub("", word)):
        return None  # the unit of an amount before it ("1조2300억원…전년比 34%"): see _numbers
    return word[-6:] if len(word) >= 2 else None


_CJK_UNIT_CHARS: Final = frozenset("億万兆円元亿억조천백만원")
_KOREAN_PARTICLE_RE: Final = re.compile(r"(?:으로|로|이|가|은|는|을|를|에)$")


# What a company's figure measures in Chinese, Japanese and Korean news: revenue, operating,
# pre-tax, net or gross profit, or profit unqualified (which may be any of the four).
_CJK_MEASURES: Final = {
    **dict.fromkeys(
        _words("売上高 売上 営業収益 营收 营业收入 总收入 收入 销售额 营业额 매출액 매출 영업수익"),
        "revenue",
    ),
    **dict.fromkeys(_words("営業利益 营业利润 经营利润 영업이익"), "operating"),
    **dict.fromkeys(_words("経常利益 税引前利益 税前利润 세전이익"), "pretax"),
    **dict.fromkeys(
        _words("純利益 最終利益 当期純利益 净利润 纯利润 净利 순이익 당기순이익 순익"), "net"
    ),
    **dict.fromkeys(_words("粗利益 毛利 毛利润 매출총이익"), "gross"),
    **dict.fromkeys(_words("利益 利润 盈利 이익"), "profit"),
}
_CJK_MEASURE_WORDS: Final = tuple(sorted(_CJK_MEASURES, key=len, reverse=True))


def _cjk_measure(noun: str | None) -> str | None:
    """The kind of figure a CJK word names (the longest measure word in it), if any."""
    if noun is None:
        return None
    return next((_CJK_MEASURES[w] for w in _CJK_MEASURE_WORDS if w in noun), None)


def _same_measure_cjk(a: str | None, b: str | None) -> bool:
    """Whether two CJK figures may measure one thing: unless both name a measure and the two
    differ (純利益 and 営業利益, 매출 and 순이익; 利益 may be any profit)."""
    kind_a, kind_b = _cjk_measure(a), _cjk_measure(b)
    if kind_a is None or kind_b is None or kind_a == kind_b:
        return True
    return "profit" in (kind_a, kind_b) and "revenue" not in (kind_a, kind_b)


def _measures_alike(page: Salient, claim: Salient) -> bool:
    """Whether the text says the page's figure measures what the claim's does: the same
    revenue or profit ("ricavi … 31,6 milioni" for "ricavi per 41,2 milioni"), the same "net"
    or "operating", or the same word counted after it (see _counted_thing)."""
    return any(
        mine is not None and mine == theirs
        for mine, theirs in (
            (claim.quantity, page.quantity),
            (claim.qualifier, page.qualifier),
            (_counted_thing(claim), page.counted),
        )
    )


def _counted_thing(figure: Salient) -> str | None:
    """The word a figure counts, unless it is a day of a month or a function word ("Línea
    9 del metro")."""
    word = figure.counted
    if word is None or _is_day(figure) or word in _STOPWORDS or word in _OTHER_FUNCTION_WORDS:
        return None
    return word


_PREPOSITIONS: Final = frozenset(_words("on at of in for from by with across among per"))
_DETERMINERS: Final = frozenset(_words("the a an its their his her our this that these those"))


def _after_preposition(words: Sequence[str], position: int) -> bool:
    """Whether the word at ``position`` ends a prepositional phrase: a preposition before it,
    with only determiners and names between."""
    for before in range(position - 1, -1, -1):
        folded = words[before].casefold()
        if folded in _PREPOSITIONS:
            return True
        if folded not in _DETERMINERS and not words[before][:1].isupper():
            return False
    return False


_POSSESSIVE_RE: Final = re.compile(r"['’]s$")


def _number_context(text: str, match: re.Match[str]) -> frozenset[str]:
    before = _content_tokens(tokenize(text[max(0, match.start() - 30) : match.start()]))
    after = _content_tokens(tokenize(text[match.end() : match.end() + 30]))
    context = frozenset(
        _MONTH_CONTEXT.get(t) or _COUNTED.get(t, t)
        for t in before[-1:] + after[:1]
        if not t[0].isdigit() and t not in _CJK_ESTIMATE_WORDS
    )
    # A CJK count's counter word says what it counts, wherever the noun is: "23座车站" and
    # "车站21座" both count with 座, "321개 기업" and "기업 302개" with 개.
    counter = _CJK_COUNTER_RE.match(text, match.end())
    return context | {f"#counter{counter.group(1)}"} if counter else context


_CJK_COUNTER_RE: Final = re.compile(r"\s?([个個座名人家辆輛台件所位户戸社곳개명대건척편권])")
# Words for a rival, a competitor, another company (see _score_passage).
_CJK_OTHER_PARTY_RE: Final = re.compile(
    r"竞争对手|竞争者|对手|競合|ライバル|他社|경쟁사|경쟁업체|라이벌"
)
# "約300人", "约2万": a word of estimate before a CJK figure says nothing of what it counts.
_CJK_ESTIMATE_WORDS: Final = frozenset({"約", "约", "近", "逾", "超", "약", "대략", "およそ"})


# Number words from two to twenty in the languages claims are read in ("на три года" against
# "на два года", "catorce municipios" against "14 municipios"); one is left out, as it is
# mostly an article ("ein", "un", "een").
_FOREIGN_NUMBER_WORDS: Final = {
    language: {word: value for value, group in enumerate(_words(words), 2)
               for word in group.replace("_", " ").split("/")}
    for language, words in {
        "de": "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
              "fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig",
        "fr": "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
              "seize dix-sept dix-huit dix-neuf vingt",
        "es": "dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
              "dieciséis diecisiete dieciocho diecinueve veinte",
        "it": "due tre quattro cinque sei sette otto nove dieci undici dodici tredici "
              "quattordici quindici sedici diciassette diciotto diciannove venti",
        "pt": "dois/duas três quatro cinco seis sete oito nove dez onze doze treze "
              "catorze/quatorze quinze dezesseis/dezasseis dezessete/dezassete dezoito "
              "dezenove/dezanove vinte",
        "nl": "twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien "
              "vijftien zestien zeventien achttien negentien twintig",
        "pl": "dwa/dwie/dwóch trzy/trzech cztery/czterech pięć/pięciu sześć/sześciu "
              "siedem/siedmiu osiem/ośmiu dziewięć/dziewięciu dziesięć/dziesięciu "
              "jedenaście/jedenastu dwanaście/dwunastu trzynaście/trzynastu "
              "czternaście/czternastu piętnaście/piętnastu szesnaście/szesnastu "
              "siedemnaście/siedemnastu osiemnaście/osiemnastu dziewiętnaście/dziewiętnastu "
              "dwadzieścia/dwudziestu",
        "ru": "два/две/двух/вдвое трёх/три/трех/втрое четыре/четырёх/четырех/вчетверо пять/пяти "
              "шесть/шести семь/семи восемь/восьми девять/девяти десять/десяти "
              "одиннадцать/одиннадцати двенадцать/двенадцати тринадцать/тринадцати "
              "четырнадцать/четырнадцати пятнадцать/пятнадцати шестнадцать/шестнадцати "
              "семнадцать/семнадцати восемнадцать/восемнадцати девятнадцать/девятнадцати "
              "двадцать/двадцати",
        "id": "dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas dua_belas "
              "tiga_belas empat_belas lima_belas enam_belas tujuh_belas delapan_belas "
              "sembilan_belas dua_puluh",
        "tr": "iki üç dört beş altı yedi sekiz dokuz on on_bir on_iki on_üç on_dört on_beş "
              "on_altı on_yedi on_sekiz on_dokuz yirmi",
        "hi": "दो तीन चार पांच/पाँच छह/छः/छे सात आठ नौ दस ग्यारह बारह तेरह चौदह पंद्रह/पन्द्रह "
              "सोलह सत्रह अठारह उन्नीस बीस",
    }.items()
}  # fmt: skip
_FOREIGN_NUMBER_WORD_RES: Final = {
    # (a Devanagari vowel sign is no \w, but part of its word)
    language: re.compile(
        rf"(?<![\w\u0900-\u097f-])(?:{_alternation(words)})(?![\w\u0900-\u097f-])",
        re.IGNORECASE,
    )
    for language, words in _FOREIGN_NUMBER_WORDS.items()
}


def _number_language_of(text: str, tokens: Counter[str]) -> str | None:
    """The language whose number words a passage in another language than English writes
    (see _foreign_number_words): Russian for Cyrillic, else the Latin-script language of its
    function words."""
    if _script(text) == "latin":
        return _claim_language(list(tokens.elements()))
    return _script_language(text)


def _foreign_number_words(text: str, language: str | None) -> list[Salient]:
    """Number words of the claim's language, as numbers that count what is next to them."""
    pattern = _FOREIGN_NUMBER_WORD_RES.get(language or "")
    if pattern is None:
        return []
    words = _FOREIGN_NUMBER_WORDS[language or ""]
    found = []
    joined_end = -1
    for match in pattern.finditer(text):
        if (
            match.start() < joined_end
            or _NUMBER_WORD_GOES_ON_RE.match(text, match.end())
            or _NUMBER_WORD_FRACTION_BEFORE_RE.search(
                text, max(0, match.start() - 8), match.start()
            )
        ):
            continue  # a part of a larger number: "delapan ribu", "dwa tysiące", "सवा आठ"
        value = float(words[match.group().casefold()])
        label = match.group()
        if value == 20:  # "vinte e um", "двадцать семь", "dua puluh"'s tens with a unit
            joiner = _NUMBER_WORD_JOINER_RE.match(text, match.end())
            unit = joiner and (
                pattern.match(text, joiner.end()) or _ONE_WORD_RE.match(text, joiner.end())
            )
            if unit:
                if _NUMBER_WORD_GOES_ON_RE.match(text, unit.end()):
                    continue
                one = unit.group().casefold()
                value += 1 if _ONE_WORD_RE.fullmatch(one) else words.get(one, 0)
                label, joined_end = text[match.start() : unit.end()], unit.end()
        bound = _bound_before(text, match.start())  # "knapp neun Prozent"
        end = max(match.end(), joined_end)
        if _PERCENT_AFTER_RE.match(text, end):
            found.append(Salient("percent", label, value, bound=bound))
        else:
            context = _number_context(text, match)
            found.append(Salient("number", label, value, None, context, bound=bound))
    return found


# What makes a number word part of a larger number: a scale after it ("delapan ribu", "zwei
# Millionen", "dwa tysiące") or another number word, joined by "and" ("vinte e um").
_NUMBER_WORD_GOES_ON_RE: Final = re.compile(
    r"[\s-]+(?:ribu|ratus|puluh|belas|juta|miliar|mil|mille|milh|million|milion|milliard|miliard|"
    r"miljoen|miljard|mln|mld|tausend|hundert|bin|yüz|milyon|milyar|тысяч|сот|млн|млрд|"
    r"миллион|миллиард|tys|tysi|duizend|honderd|(?:sto|cents?|cien(?:tos?)?|cento)(?!\w)|"
    r"सौ|हज़ार|हजार|लाख|करोड़|अरब|खरब)",
    re.IGNORECASE,
)
# Hindi's quarter and half before a number word: "सवा आठ" is 8¼, "साढ़े अठारह" 18½ (no whole
# number to read).
_NUMBER_WORD_FRACTION_BEFORE_RE: Final = re.compile(r"(?:सवा|साढ़े|पौने)\s+$")
_NUMBER_WORD_JOINER_RE: Final = re.compile(r"[\s-]+(?:(?:e|y|et|und|en|i|и|ve|dan)[\s-]+)?")
_ONE_WORD_RE: Final = re.compile(
    r"(?:um|uma|un|une|uno|una|ein|eins|een|jeden|jedna|один|одна|bir|satu)(?!\w)", re.IGNORECASE
)
_PERCENT_AFTER_RE: Final = re.compile(
    r"\s?(?:" + _alternation(_PERCENT_WORDS) + r"|процент\w*|procent\w*)(?!\w)", re.IGNORECASE
)


def _number_words(text: str) -> list[Salient]:
    """English number words ("three years", "two million", "a dozen") as numbers, and "twice"
    and "thrice" as two and three times."""
    words = set(_PLAIN_WORD_RE.findall(text.lower()))
    found: list[Salient] = [
        Salient("number", match.group(), _TIMES_WORDS[match.group().casefold()], None, _TIMES)
        for match in _TIMES_WORD_RE.finditer(text)
    ] if not words.isdisjoint(_TIMES_WORDS) else []  # fmt: skip
    if _NUMBER_WORD_SET.isdisjoint(words):
        return found
    for match in _NUMBER_WORD_RE.finditer(text):
        scales = [w.casefold() for w in re.split(r"[ -]", match.group("scales")) if w]
        if match.group("tens"):
            value = float(_TENS_WORDS[match.group("tens").casefold()])
            if match.group("unit1"):
                value += _UNIT_WORDS[match.group("unit1").casefold()]
        elif match.group("unit"):
            value = float(_UNIT_WORDS[match.group("unit").casefold()])
            if value == 1 and not scales and not _ONE_NOUN_RE.match(text, match.end()):
                continue
            if value == 1 and text[max(0, match.start() - 3) : match.start()].casefold() == "no ":
                continue
        elif scales:
            value = 1.0  # "a dozen", "a million"
        else:
            continue
        for scale in scales:
            value *= _WORD_SCALES[scale]
        label = match.group().strip()
        if match.group("article") and _HALF_BEFORE_RE.search(text, 0, match.start()):
            value /= 2  # "half a million"
            label = "half " + label
        bound = _bound_before(text, match.start())
        if match.group("pct"):
            found.append(Salient("percent", label, value, bound=bound))
            continue
        currency = _CURRENCY_AFTER_RE.match(text, match.end())
        code = _CURRENCY_WORDS.get(currency.group(1).casefold()) if currency else None
        if code:
            found.append(Salient("money", label, value, code, bound=bound))
        else:
            context = _number_context(text, match)
            found.append(Salient("number", label, value, None, context, bound=bound))
    return found


_HALF_BEFORE_RE: Final = re.compile(r"\bhalf[ -]$", re.IGNORECASE)
# "twice the size" is "two times" ("three times the size" counts times too).
_TIMES_WORDS: Final = {"twice": 2.0, "thrice": 3.0}
_TIMES_WORD_RE: Final = re.compile(rf"\b(?:{'|'.join(_TIMES_WORDS)})\b", re.IGNORECASE)
_TIMES: Final = frozenset({"time"})
# A text with none of these words has no number written in words (a word set test costs a
# fifth of an alternation's scan).
_NUMBER_WORD_SET: Final = frozenset([*_UNIT_WORDS, *_TENS_WORDS, *_WORD_SCALES])
_ONE_NOUN_RE: Final = re.compile(r" (?!of\b|another\b|or\b|and\b|in\b|to\b|the\b|that\b)[a-z]{3,}")
_CURRENCY_AFTER_RE: Final = re.compile(
    r"\s?(?:of |di )?(" + _alternation(w for w in _CURRENCY_WORDS if w.isalpha()) + r")\b",
    re.IGNORECASE,
)

# How a year or month attaches to the sentence. Prepositions of a deadline and of a point in
# time (or its start: "invested in 2021" rivals "invested since 2019") in the languages the
# matcher knows; a year directly before a lowercase noun ("2019 levels") takes that noun.
_DATE_ROLES: Final = {
    **dict.fromkeys(_words("""by before until till through to bis vor avant jusqu hasta antes
    até fino entro tot uiterlijk до к"""), "by"),
    **dict.fromkeys(_words("""in during on at for since from after throughout im am seit ab
    en dans depuis dès durant compter desde durante partir dal dalla vanaf sinds od в во с
    со"""), "at"),
}  # fmt: skip
# Words that may sit between a preposition and its date: "by the end of 2025", "in late May".
_DATE_FILLER: Final = frozenset(
    _words("""the end start beginning middle half first second third fourth quarter of early
    late mid spring summer autumn fall winter fiscal year month week q1 q2 q3 q4 fin début
    ende anfang mitte finales principios de del du au aux al ao le la el lo zum zur
    monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi
    vendredi samedi dimanche montag dienstag mittwoch donnerstag freitag samstag sonntag lunes
    martes miércoles jueves viernes sábado domingo""")
) | frozenset(_MONTHS)
_ROLE_WORD_RE: Final = re.compile(r"[^\W\d_]+|\d+")


def _date_role(text: str, start: int, end: int) -> str | None:
    if text[start - 1 : start] == "(" and text.startswith(":", end):
        return "compared"  # the year before's figure in brackets: "(2023: € 2,76 miljard)"
    compared = _COMPARED_WITH_RE.search(text, max(0, start - _COMPARED_REACH), start)
    if compared is not None and not _YEAR_IN_TEXT_RE.search(text, compared.end(), start):
        return "compared"  # "(+6,3% rispetto a 1.174,7 milioni nei primi nove mesi 2023)"
    after = re.match(r" ([a-z][a-z-]{2,})\b", text[end : end + 30])
    if after and after.group(1) not in _STOPWORDS and after.group(1) not in _DATE_FILLER:
        return "n:" + _memo_stem(after.group(1))
    words = _ROLE_WORD_RE.findall(text[max(0, start - 40) : start].casefold())
    for word in reversed(words[-6:]):
        if word in _DATE_ROLES:
            return _DATE_ROLES[word]
        if word not in _DATE_FILLER and not word.isdigit():
            return None
    return None


def _roles_compatible(a: str | None, b: str | None) -> bool:
    if "compared" in (a, b):
        return a == b  # the year a figure is compared with is no rival of the claim's
    return a is None or b is None or a == b


# Words that introduce what a figure or a date is compared with.
_COMPARED_WORDS: Final = (
    r"compared (?:with|to)|versus|vs\.?|up from|down from|rispetto a[il]?|gegenüber|"
    r"im vergleich zu|par rapport à|frente a[l]?|en comparación con|em relação a|comparado com|"
    r"ten opzichte van|vergeleken met|w porównaniu z|по сравнению с|"
    # "2,1 puntos porcentuales más que en 2023"
    r"(?:more|less|higher|lower|fewer) than (?:in|at|during)|(?:más|menos|mayor|menor) que en|"
    r"(?:plus|moins) qu'en|(?:mehr|weniger) als (?:im|in)|(?:più|meno) che nel|"
    r"(?:meer|minder) dan in|(?:mais|menos) do que em"
)
# A comparison's base: "compared with 2023", "up from … in 2023", "rispetto al 2023".
_COMPARED_WITH_RE: Final = re.compile(
    rf"\b(?:{_COMPARED_WORDS})\b(?:[^.;!?]|[.,]\d)*$", re.IGNORECASE
)
_COMPARED_REACH: Final = 60
# The year before's figure, in brackets after this year's: "0.81명으로 전년(0.78명)보다",
# "(Vorjahr: 612,4 Mio. €)", "(prior year: 4.1%)", "前年同期（1,204億円）".
_PRIOR_PERIOD_OPEN: Final = (
    r"(?:전년|작년|前年|上年|去年)(?:\s?동기|同期)?\s*[(（]|[(（]\s*(?:Vorjahr(?:eszeitraum)?|"
    r"prior year|previous year|year earlier|année précédente|año anterior|anno precedente|"
    r"ano anterior|vorig jaar|rok wcześniej|годом ранее|пред\. год)\s*:?"
)
# The same right before a figure: "up from $4.8 billion", "contre 3,9 %", "较2200元".
_COMPARED_BEFORE_WORDS: Final = rf"{_COMPARED_WORDS}|contre|ante|tegenover|wobec|против"
# (and a currency sign between the word and the figure)
_BEFORE_FIGURE: Final = r"\s*(?:[$€£¥₹]|US\$|R\$)?\s*\Z"
_COMPARED_FIGURE_RE: Final = re.compile(
    rf"(?:\b(?:{_COMPARED_BEFORE_WORDS})|较|相比|{_PRIOR_PERIOD_OPEN}){_BEFORE_FIGURE}",
    re.IGNORECASE,
)
# The figure a change starts from, said after it in Japanese and Korean, another figure
# following: "前の期の42円から6円増やし48円とした", "월 20만원에서 25만원으로".
_CHANGED_FROM_RE: Final = re.compile(r"\s?(?:から|에서)(?=[^。\n]{0,24}\d)")
# A part of another amount, no more the claim's whole than a figure compared with is: "R$ 210
# milhões, dos quais R$ 150 milhões", "of which $150 million" (a share, "davon 60 Prozent", may
# well be the claim's share).
_PART_OF_FIGURE_RE: Final = re.compile(
    r"\b(?:of which|including|dos quais|das quais|de los cuales|de las cuales|davon|dont|"
    rf"di cui|waarvan|z czego|из которых){_BEFORE_FIGURE}",
    re.IGNORECASE,
)


# Every word _MONTH_RE can match, lowercased. Its long case-blind alternation costs about half
# a microsecond a character; a text with none of these words (nor 月) is not given to it.
_MONTH_WORDS: Final = frozenset({m.lower() for m in _MONTHS} | set(_ABBREVIATED_MONTHS))
# (With the marks inside words of Indic scripts: "दिसंबर".)
_PLAIN_WORD_RE: Final = re.compile(rf"\w[\w{_MARKS}]*")


def _months(text: str) -> list[Salient]:
    found = [
        Salient("month", date.label, float(date.month), role=_date_role(text, date.start, date.end))
        for date in _numeric_dates(text)
        if date.month is not None
    ]
    if "月" not in text and _MONTH_WORDS.isdisjoint(_PLAIN_WORD_RE.findall(text.lower())):
        return found
    for match in _MONTH_RE.finditer(text):
        word = match.group()
        if match.group("cjk"):
            month = int(match.group("cjk"))
        elif match.group("abbreviated"):
            if not word[0].isupper():
                continue
            word = word.rstrip(".")
            month = _ABBREVIATED_MONTHS[word.casefold()]
        else:
            if match.group("en") and not word[0].isupper():
                continue  # "may", "march": the modal and the verb
            if word.casefold() in _AMBIGUOUS_MONTHS and not _month_context(text, *match.span()):
                continue  # "Drivers may", "March organisers said", "Mars mission"
            month = _MONTHS.get(word.casefold(), 0)
        if 1 <= month <= 12:
            found.append(Salient("month", word, float(month), role=_date_role(text, *match.span())))
    return found


# A quarter of a year: "Q2", "2Q", "the second quarter", "second-quarter", "im zweiten
# Quartal", "1. Quartal", "au deuxième trimestre", "T2 2025" (French and Spanish, with its year),
# "во втором квартале", "w drugim kwartale", "tweede kwartaal", "andra kvartalet", "第2四半期",
# "第二季度", "2분기".
_ORDINALS_1_TO_4: Final = {
    **dict.fromkeys(_words("""first 1st erst premier primer primo primeiro перв pierwsz eerste
    första 一 1"""), 1),
    **dict.fromkeys(_words("""second 2nd zweit deuxième segundo secondo втор drug tweede andra
    二 2"""), 2),
    **dict.fromkeys(_words("""third 3rd dritt troisième tercer terzo terceiro трет trzeci derde
    tredje 三 3"""), 3),
    **dict.fromkeys(_words("""fourth 4th viert quatrième cuarto quarto четверт четвёрт czwart
    vierde fjärde 四 4"""), 4),
}  # fmt: skip
_QUARTER_RE: Final = re.compile(
    r"\b(?:Q(?P<q>[1-4])|(?P<qa>[1-4])Q|T(?P<t>[1-4])(?=\s+(?:19|20)\d\d\b))\b"
    r"|\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter\b"
    r"|\b(?P<de>erst|zweit|dritt|viert)(?:e|en|es|er)?\s+Quartal|\b(?P<den>[1-4])\.\s*Quartal"
    r"|\b(?P<ro>premier|deuxième|second|troisième|quatrième|primer|segundo|tercer|cuarto|primo"
    r"|secondo|terzo|quarto|primeiro|terceiro)\s+trimestre"
    r"|\b(?P<ru>перв|втор|трет|четв[её]рт)\w*\s+квартал\w*"
    r"|\b(?P<pl>pierwsz|drug|trzeci|czwart)\w*\s+kwarta\w*"
    r"|\b(?P<nl>eerste|tweede|derde|vierde)\s+kwartaal"
    r"|\b(?P<sv>första|andra|tredje|fjärde)\s+kvartal\w*"
    r"|第(?P<ja>[1-4一二三四])四半期|第?(?P<zh>[1-4一二三四])季度|(?P<ko>[1-4])\s?분기",
    re.IGNORECASE,
)
_QUARTER_HINT_RE: Final = re.compile(
    r"[QT][1-4]|[1-4]Q|uart|rimestre|вартал|warta|vartal|季|半期|분기", re.IGNORECASE
)


def _quarters(text: str) -> list[Salient]:
    """The quarters of a year the text names, as "quarter" salients (value 1 to 4; the words
    as written, so that a matched "Q2" counts as present where the page says "second
    quarter")."""
    if not _QUARTER_HINT_RE.search(text):
        return []
    found = []
    for match in _QUARTER_RE.finditer(text):
        digit = match.group("q") or match.group("qa") or match.group("t") or match.group("den")
        ordinal = next(word for word in match.groups() if word)
        value = int(digit) if digit else _ORDINALS_1_TO_4[ordinal.casefold()]
        words = tuple(tokenize(match.group()))
        found.append(
            Salient("quarter", match.group(), float(value), words=words,
                    role=_date_role(text, *match.span()))
        )  # fmt: skip
    return found


# "3 May", "the 3rd of May", "3 de maio"; "May 2026", "May of 2026", "maio de 2026".
_DAY_BEFORE_RE: Final = re.compile(r"\b\d{1,2}(?:st|nd|rd|th|er|\.)?\s(?:of\s|de\s)?$")
_DAY_OR_YEAR_AFTER_RE: Final = re.compile(r"\s(?:of\s|de\s)?\d{1,4}\b")


# A month and the year written with it: "October 2013", "14. Oktober 2011", "octubre de
# 2013", "2013年10月".
_MONTH_YEAR_RE: Final = re.compile(
    r"[\s,.]{0,3}(?:(?:de|of)\s+)?(?P<year>(?:19|20)\d\d)(?!\d)(?!\s?年)"
)
_YEAR_MONTH_RE: Final = re.compile(r"(?P<year>(?:19|20)\d\d)\s?年\s?(?P<month>\d{1,2})\s?月")


def _month_years(text: str) -> list[tuple[int, str]]:
    """(month, year as written) for each month of ``text`` written with its year."""
    pairs = [(int(m.group("month")), m.group("year")) for m in _YEAR_MONTH_RE.finditer(text)]
    if "月" in text:
        return pairs
    for match in _MONTH_RE.finditer(text):
        word = match.group().rstrip(".").casefold()
        month = _MONTHS.get(word) or _ABBREVIATED_MONTHS.get(word)
        year = _MONTH_YEAR_RE.match(text, match.end())
        if month and year:
            pairs.append((month, year.group("year")))
    return pairs


def _misdated(claimed: Sequence[tuple[int, str]], passage: str) -> set[str]:
    """The claim's years whose month the passage writes with other years only."""
    found = _month_years(passage)
    return {
        year
        for month, year in claimed
        if any(m == month for m, _ in found) and (month, year) not in found
    }


# A vote or a score: "41 votes to 21", "41 to 12", "3-1", "por 41 votos a 21", "41 gegen 12".
_TALLY_RE: Final = re.compile(
    r"(?<![\d.,])(\d{1,3})\s*(?:[^\W\d_]+\s+)?(?:to|-|–|:|a|à|contre|gegen|zu|contro|tegen|"
    r"do|против|karşı)\s*(\d{1,3})(?!\d|[.,]\d|\s?%)",
    re.IGNORECASE,
)


def _tallies(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _TALLY_RE.finditer(text)]


_UNANIMOUS_RE: Final = re.compile(
    r"unanim|einstimmig|einmütig|unánime|unânime|jednogłośn|единогласн|oy ?birliği|"
    r"suara bulat|aklamasi|بالإجماع|सर्वसम्मति|全会一致|全票|一致通过|만장일치",
    re.IGNORECASE,
)
# Votes against, written apart from the votes for: "4 against", "против — 4", "en contra: 2".
_VOTES_AGAINST_RE: Final = re.compile(
    r"(?<![\d.,])(\d{1,3})\s+(?:votes?\s+)?(?:against|en contra|contra|dagegen|contre|против)"
    r"|(?:against|en contra|dagegen|contre|против)\s*[—–:-]?\s*(\d{1,3})(?!\d|[.,]\d)",
    re.IGNORECASE,
)


def _dissent(passage: str) -> str | None:
    """A vote with votes against that the passage gives ("7-2", "27 for, 4 against"), which
    no unanimous vote was."""
    for first, second in _tallies(passage):
        if second not in ("0", first):  # (not a draw, "2-2")
            return f"{first}-{second}"
    against = _VOTES_AGAINST_RE.search(passage)
    if against is not None and (against.group(1) or against.group(2)) != "0":
        return against.group().strip()
    return None


def _other_tallies(claimed: Sequence[tuple[str, str]], passage: str) -> set[str]:
    """The side of each claimed tally that the passage gives otherwise, the other side the
    same ("41 to 12" for "41 votes to 21", "27 à 18" for "24-18"), and the claimed tally
    nowhere; both sides of a claim's one tally where the passage gives another ("7–2" for "8
    to 1")."""
    found = _tallies(passage)
    other: set[str] = set()
    for first, second in claimed:
        if (first, second) in found:
            continue
        if any(f == first and s != second for f, s in found):
            other.add(second)
        if any(s == second and f != first for f, s in found):
            other.add(first)
        if found and not other and len(claimed) == 1:
            other.update((first, second))  # "a vote of 8 to 1" against "voted 7–2"
    return other


_YEAR_IN_TEXT_RE: Final = re.compile(r"(?<!\d)(?:1[89]|20|21|١٩|٢٠|१९|२०)\d\d(?!\d)")
# A fiscal year as results tables head their columns: "FY25", "FY 2024", "FY'24".
_FISCAL_YEAR_RE: Final = re.compile(r"\bFY\s?'?(?P<year>(?:20)?\d\d)(?!\d)")


def _fiscal_years(text: str) -> list[tuple[int, int]]:
    """(position, year) of each fiscal year the text names ("FY25" is 2025)."""
    return [(m.start(), int(m.group("year")) % 100 + 2000) for m in _FISCAL_YEAR_RE.finditer(text)]


def _figures_of_other_years(
    salients: Sequence[Salient], hits: Sequence[str], passage: str, claim: str
) -> list[str]:
    """The claim's figures (found in the passage) that the passage gives for another year than
    the claim's in every place it writes them, the claim giving one year close to them ("£8
    million … allowed the viaduct to reopen in 2019" dates the reopening, not the amount). A
    figure's year is the last one before it in its sentence, else the first after it."""
    years = [s for s in salients if s.kind == "year" and s.value is not None]
    if len(years) != 1 or years[0].label not in hits:
        return []
    year_at = claim.find(years[0].label)
    claimed = int(years[0].value or 0)
    in_passage = [(m.start(), int(m.group())) for m in _YEAR_IN_TEXT_RE.finditer(passage)]
    in_passage += _fiscal_years(passage)
    in_passage.sort()
    if not any(year != claimed for _, year in in_passage):
        return []
    moved = []
    for salient in salients:
        if salient.kind not in {"money", "number", "percent"} or salient.label not in hits:
            continue
        if abs(claim.find(salient.label) - year_at) > _CLAIM_YEAR_REACH:
            continue
        raw = _FIGURE_RE.search(salient.label)
        keys = _figure_keys(raw.group()) if raw else frozenset()
        places = [m.start() for m in _FIGURE_RE.finditer(passage) if keys & _figure_keys(m.group())]
        if not places:  # written with another scale: "6.150,3 milyon" for "6,15 milyar"
            places = [
                m.start()
                for m in _NUMBER_RE.finditer(passage)
                if (found := _number_salient(passage, m)) is not None
                and _same_number(found[0], salient)
            ]
        if places and all(
            _year_at(passage, place, in_passage) not in (None, claimed) for place in places
        ):
            moved.append(salient.label)
    return moved


_CLAIM_YEAR_REACH: Final = 40  # characters between a claim's figure and the year it is for


def _year_at(passage: str, place: int, years: Sequence[tuple[int, int]]) -> int | None:
    stops = [m.end() for m in _SENTENCE_STOP_RE.finditer(passage)]
    start = max((stop for stop in stops if stop <= place), default=0)
    end = min((stop for stop in stops if stop > place), default=len(passage))
    before = [year for at, year in years if start <= at < place]
    if before:
        return before[-1]
    if _has_cjk(passage[place : place + _YEAR_AFTER_CHARS]):
        return None  # (Chinese and Japanese date a figure before it: "2024年营收…")
    # After it only close by ("$5 billion in 2024"), not in a comparison further on, nor as
    # the label of the figure after it ("€ 2,87 miljard (2023: € 2,76 miljard)").
    after = [
        year
        for at, year in years
        if place < at < min(end, place + _YEAR_AFTER_CHARS) and not passage.startswith(":", at + 4)
    ]
    return after[0] if after else None


_YEAR_AFTER_CHARS: Final = 24


# (and a table cell's: "| 2023: 498,1 | Değişim: %22,9 |" gives the change no year)
_SENTENCE_STOP_RE: Final = re.compile(r"[.!?]\s|[。！？\n|]")


def _month_context(text: str, start: int, end: int) -> bool:
    """A day number or year next to the month, or a date word ("in", "on", "of") before it."""
    if _DAY_OR_YEAR_AFTER_RE.match(text, end) or _DAY_BEFORE_RE.search(
        text[max(0, start - 6) : start]
    ):
        return True
    before = _ROLE_WORD_RE.findall(text[max(0, start - 12) : start].casefold())
    if not before:
        return False
    if text[start:end].casefold() == "mars":  # French month, English planet: "en mars", "on Mars"
        return before[-1] in _FRENCH_MONTH_LEAD_WORDS
    return before[-1] in _MONTH_LEAD_WORDS


# Titles and honorifics are not names by themselves: "Dr. Priya Raman" is matched by
# "Priya Raman", and a page that just says "the minister" does not name anyone.
_HONORIFICS: Final = frozenset(
    _words("""dr mr mrs ms mx miss prof professor sir dame lord lady madam president minister
    prime chancellor premier secretary ceo cfo coo cto chief executive chair chairman chairwoman
    director governor mayor senator sen rep representative congressman congresswoman judge
    justice king queen prince princess pope bishop rev reverend father gen general col capt
    captain lt sgt admiral commissioner spokesman spokeswoman spokesperson vice deputy herr frau
    monsieur madame mme mlle señor señora sra sr don doña präsident präsidentin kanzler
    kanzlerin ministerin ministre ministro presidente président présidente""")
)
# Weekdays are capitalised but name nobody; news dates events by weekday relative to the day of
# writing, so a source written on another day says "Monday" for the claim's "Thursday".
_WEEKDAYS: Final = frozenset(
    _words("""monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch
    donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche lunes
    martes miércoles jueves viernes sábado domingo""")
)
# After these a "." is not a sentence end for name runs ("Dr. Priya Raman", "St. Brennan's").
_NAME_ABBREVIATIONS: Final = _HONORIFICS | _ABBREVIATIONS


def _has_inner_capital(word: str) -> bool:
    return any(ch.isupper() for ch in word[1:])


# Quarters, halves and fiscal years are dates, not names: "Q2", "H1", "FY2025".
_PERIOD_RE: Final = re.compile(r"[QH][1-4]|FY\d{2,4}")


def _is_name_word(word: str, first_in_sentence: bool) -> bool:
    inner_caps = _has_inner_capital(word)
    if not word[0].isupper() and not inner_caps:
        return False
    folded = word.casefold()
    if (
        folded in _STOPWORDS
        # (A month's name in capitals is one: "Microsoft's MAI models".)
        or (folded in _MONTHS and not (word.isupper() and folded in _AMBIGUOUS_MONTHS))
        or folded in _ABBREVIATED_MONTHS
        or folded in _HONORIFICS
        or folded in _WEEKDAYS
        or _PERIOD_RE.fullmatch(word)
    ):
        return False
    return inner_caps or not first_in_sentence


def _names(text: str) -> list[Salient]:
    """Runs of capitalised words that are not sentence-initial (unless camel/upper case)."""
    return [
        _name_salient(words) for words, _, _ in _name_runs_outside_money(text, _name_runs(text))
    ]


def _name_runs_outside_money(
    text: str, runs: list[tuple[list[str], int, int]]
) -> list[tuple[list[str], int, int]]:
    """The name runs of `text`, less currency codes written with an amount ("CHF 40",
    "Rs 500", "R$ 3") and units after a number ("5,000 mAh", "45 W", "3 GHz")."""
    if not runs or not any(ch.isdigit() for ch in text):
        return runs
    money = _money_spans(text)
    return [
        run
        for run in runs
        if not any(a <= run[1] and run[2] <= b for a, b in money)
        and not (
            len(run[0]) == 1
            and run[0][0] in _UNITS
            and _AFTER_NUMBER_RE.search(text, max(0, run[1] - 12), run[1])
        )
    ]


# Units written with capitals, which would read as names after a number; German writes every
# unit with one ("2962 Meter", "40 Prozent").
_UNITS: Final = frozenset(
    _words("""W kW MW GW TW Wh kWh MWh GWh TWh mAh Ah V kV mV A mA Hz kHz MHz GHz B KB kB MB GB TB
    PB Kbps kbps Mbps Gbps MP HP PS Nm N kN Pa kPa MPa GPa L mL dB K
    Meter Kilometer Zentimeter Millimeter Quadratmeter Quadratkilometer Kubikmeter Hektar
    Kilogramm Gramm Tonnen Tonne Liter Grad Prozent Prozentpunkte Kilowatt Megawatt Gigawatt
    Kilowattstunden Megawattstunden Stunden Minuten Sekunden Celsius Fahrenheit Kelvin C F""")
)
_AFTER_NUMBER_RE: Final = re.compile(r"\d[ \u00a0-]?(?:(?:degrees?|Grad|grados|degrés) |°)?\Z")


def _money_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _NUMBER_RE.finditer(text):
        start = match.start()
        prefix = _CURRENCY_PREFIX_RE.search(text, max(0, start - 5), start)
        if prefix:
            spans.append((prefix.start(), match.end()))
        elif match.group("cur"):
            # (with a case ending written onto the currency: "412 milyon TL'ye")
            ending = _CURRENCY_ENDING_RE.match(text, match.end())
            spans.append((start, ending.end() if ending else match.end()))
    return spans


_CURRENCY_ENDING_RE: Final = re.compile(r"['’][^\W\d_]{1,4}\b")


def _name_runs(text: str) -> list[tuple[list[str], int, int]]:
    """Name runs with their spans; titles are dropped ("Dr. Priya Raman" -> "Priya Raman")."""
    text = _canonical_names(text)
    found: list[tuple[list[str], int, int]] = []
    run: list[str] = []
    run_start = run_end = 0
    previous_end = 0
    previous_word = ""
    for match in _NAME_WORD_RE.finditer(text):
        word = match.group()
        if word.islower() and not run:  # the common case: no name starts or ends here
            previous_end = match.end()
            previous_word = word
            continue
        gap = text[previous_end : match.start()]
        after_abbreviation = gap.startswith(".") and (
            previous_word.casefold() in _NAME_ABBREVIATIONS
            or (len(previous_word) == 1 and previous_word.isupper())
        )
        abbreviation_gap = after_abbreviation and gap.strip() == "."
        first = previous_end == 0 or (bool(_SENTENCE_GAP_RE.search(gap)) and not abbreviation_gap)
        is_name = _is_name_word(word, first) and not _HEDGE_PHRASE_RE.fullmatch(word)
        joins = gap.strip() in {"", "-", "&"} or abbreviation_gap
        if run and (not is_name or not joins):
            found.append((run, run_start, run_end))
            run = []
        if is_name:
            if not run:
                run_start = match.start()
            run.append(word)
            run_end = match.end()
        previous_end = match.end()
        previous_word = word
    if run:
        found.append((run, run_start, run_end))
    return found


_SENTENCE_GAP_RE: Final = re.compile(r"[.!?:;\"“]\s*$")


def _name_salient(words: list[str]) -> Salient:
    # (without an elided article written onto it: "d'Atlantis Raffinage", "l'Oréal")
    words = [_ELIDED_RE.sub("", words[0]), *words[1:]] if words else words
    # (nor a case ending: "Gıda'nın", "Demirtaş'ın" are Gıda and Demirtaş in any case)
    forms = tuple(
        t for w in words for t in tokenize(_CASE_ENDING_RE.sub("", w)) if t not in _STOPWORDS
    )
    return Salient("name", " ".join(words), words=forms)


_ELIDED_RE: Final = re.compile(r"^(?:[dlDL]|[qQ]u|[dD]ell|[aA]ll|[dD]all|[nN]ell|[sS]ull)['’]")
_CASE_ENDING_RE: Final = re.compile(r"(?<=\w)['’][^\W\d_A-ZÇĞİÖŞÜ]{1,6}$")


# The attribution part of a claim: "according to X", "a report by X", "X said", "X's study".
_ATTRIBUTION_LEAD_RE: Final = re.compile(
    r"\b(?:according to|per|citing|cited by|(?:as )?(?:reported|stated|estimated|published|"
    r"announced|found|written) by|(?:report|study|survey|analysis|paper|review|audit|poll|"
    r"estimate|forecast|statement|memo|filing|letter|release|data|figures|research|"
    r"investigation|assessment)s? (?:by|from|of)|"
    # ... in other languages: "selon X", "по словам X", "menurut X"
    r"laut|nach Angaben (?:von|des|der)|selon|d['’]après|según|de acuerdo con|secondo|"
    r"stando a|segundo|de acordo com|volgens|według|zdaniem|по словам|по данным|"
    r"по информации|по сообщению|согласно|menurut|بحسب|حسب|وفقا ل|وفقًا ل)\s+",
    re.IGNORECASE,
)
_ATTRIBUTION_END_RE: Final = re.compile(r"[,;:()]|\sthat\s|$")
_SPEECH_VERB_RE: Final = re.compile(
    r"\s*,?\s*(?:'s|’s)?\s*(?:(?:new|latest|own|recent|annual|now|also|later|then|again|"
    r"previously|earlier|initially|first) )?(?:said|says|say|told|tells|"
    r"wrote|writes|write|estimates?|estimated|reported|reports|found|finds|argues?|argued|"
    r"claims?|claimed|stated|states|announced|announces|noted|notes|warned|warns?|predicts?|"
    r"predicted|projects?|projected|believes?|believed|concluded|concludes|added|adds|"
    r"confirmed|confirms|report|study|survey|analysis|data|figures|estimate|forecast)\b"
)


def _attribution_spans(
    text: str, name_runs: list[tuple[list[str], int, int]]
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _ATTRIBUTION_LEAD_RE.finditer(text):
        found = _ATTRIBUTION_END_RE.search(text, match.end())
        stop = found.start() if found else len(text)
        spans.append((match.start(), min(stop, match.end() + 80)))
    for _, start, end in name_runs:
        if _SPEECH_VERB_RE.match(text, end):
            spans.append((start, end))
    return spans


def claim_salients(claim: str, *, language: str | None = None) -> list[Salient]:
    """Salient tokens of a (hedge-stripped) claim; names in its attribution part are marked.

    In a German claim (`language` "de") every noun is capitalised, so only words that are
    capitalised inside ("OpenAI") or all capitals ("BMW") are taken for names."""
    # (English number words are no words of other languages': Dutch and Polish "ten".)
    salients = _numbers(claim, number_words=language is None) + _months(claim) + _quarters(claim)
    salients += _foreign_number_words(claim, language or _script_language(claim))
    number_labels = {s.label for s in salients}
    runs = _name_runs(claim)
    attribution = _attribution_spans(claim, runs)
    for run, start, end in _name_runs_outside_money(claim, runs):
        first = 0
        if language == "de":
            # The nouns before it are no part of the name: "Güterverkehrssparte DB Cargo".
            inner = next((i for i, word in enumerate(run) if _has_inner_capital(word)), None)
            if inner is None:
                continue
            first = inner
        name = _name_salient(run[first:])
        if not name.words or name.label in number_labels:
            continue
        if any(a <= start and end <= b for a, b in attribution):
            name = Salient("name", name.label, words=name.words, attribution=True)
        salients.append(name)
    for match in _QUOTE_RE.finditer(claim):
        words = tuple(tokenize(match.group(1)))
        if len(words) >= 2:
            salients.append(Salient("quote", match.group(1), words=words))
    dates = _numeric_dates(claim) if "." in claim else ()
    for match in _VERSION_IN_TEXT_RE.finditer(claim):
        if any(d.start <= match.start() < d.end for d in dates):
            continue  # a date, "04.03.2025"
        # A version names a release, as a name does: the word before it says of what.
        before = tokenize(claim[max(0, match.start() - 30) : match.start()])
        product = frozenset(before[-1:])
        salients.append(Salient("version", match.group(), words=(match.group(),), context=product))
    return salients


# A year word after a four-digit number, in the languages claims are read in.
_OLD_YEAR_RE: Final = re.compile(
    r"\s?(?:год[уае]?\b|г\.|年|yılı|yılında|roku|rok\b|d\.\s?C\.|AD\b|CE\b)",
    re.IGNORECASE,
)
_VERSION_IN_TEXT_RE: Final = re.compile(r"(?<![\w.,])" + _VERSION_RE.pattern + r"(?![\w.,]\d)")


# How far an estimate ("about 800", "nearly 500") may be from the figure it stands for.
_ESTIMATE_TOLERANCE: Final = 0.1
# How far beyond its bound a figure may be and still be stated by it ("more than 1,000" for
# 9,500, not for 12,000).
_BOUND_REACH: Final = 10.0


def _states_figure(page: Salient, claim: Salient) -> bool:
    """Whether the page's figure states the claim's: the same figure (see _same_number), a
    figure within the claim's bound ("1,200" for "more than 1,000"), a bound at least as tight
    ("more than 1,500" for "more than 1,000"), or, where the claim's figure or both are
    estimates, a figure within a tenth of it ("498" for "nearly 500"; but "about 300" does not
    state an exact "312"). A claim may round its source ("12%" for
    11.6 %), but a page's figure rounder than the claim's states it only to the claim's own
    precision ("2962 m" states "9,718 ft"): "5%" does not state "4.75%", nor "$13 billion"
    "$13.5 billion" (see _may_be_figure)."""
    if claim.bound is None and page.bound is None:
        if page.value is None or claim.value is None:
            return False
        claim_precision = claim.precision or 0.0
        if (page.precision or 0.0) > claim_precision * (1 + 1e-9):
            return math.isclose(page.value, claim.value, rel_tol=1e-6, abs_tol=1e-9) or abs(
                page.value - claim.value
            ) <= claim_precision / 2 * (1 + 1e-9)
        return _rounds_to(page, claim)
    if page.value is None or claim.value is None:
        return False
    if claim.bound == page.bound and claim.bound in ("min", "max"):
        return _same_number(page, claim)  # "as many as 70" is another estimate than 45
    if claim.bound in ("min", "max"):
        if page.bound not in (None, "about"):
            return False  # "up to 2,000" says nothing of "more than 1,000"
        # ("more than 4 million" is not "3.86 million", though that rounds to 4 million; nor
        # is it 2.17 billion: a bound is written near the figure it bounds)
        low, high = sorted((page.value, claim.value))
        if high > _BOUND_REACH * low:
            return False
        if claim.bound == "min":
            return page.value >= claim.value or math.isclose(page.value, claim.value)
        return page.value <= claim.value or math.isclose(page.value, claim.value)
    if page.bound in ("min", "max") and claim.bound is None:
        return False  # "more than 1,000" states no exact figure
    if (
        page.bound == "about"
        and claim.bound is None
        and (claim.precision or 0.0) <= (page.precision or 0.0)
        and not math.isclose(page.value, claim.value, rel_tol=1e-9)
    ):
        return False  # "about 300" states no "312", nor "rund 1,5 Mrd." "1,52 Mrd."
    # An estimate on either side: "about 35,000" for 34,200, or for "more than 35,000".
    slack = max(_estimate_slack(page), _estimate_slack(claim))
    return _same_number(page, claim) or abs(page.value - claim.value) <= slack * (1 + 1e-9)


def _estimate_slack(figure: Salient) -> float:
    """How far an estimate may be from the figure it rounds: its last significant digit's
    unit ("nearly 900" for 880, "about 52,000" for 51,200) or _ROUNDING_LIMIT of it ("around
    £320 million" for £318 million), at most _ESTIMATE_TOLERANCE of it ("about 52,000" is
    not 48,312, nor "about 21 hours" 19 h 40 min)."""
    if figure.bound != "about" or figure.value is None:
        return 0.0
    value = abs(figure.value)
    unit = figure.precision or 1.0
    while unit * 10 <= value and math.isclose(value % (unit * 10), 0.0, abs_tol=unit * 1e-6):
        unit *= 10  # (trailing zeros: "900" is to the hundred)
    return min(_ESTIMATE_TOLERANCE * value, max(unit, _ROUNDING_LIMIT * value))


def _may_be_figure(page: Salient, claim: Salient) -> bool:
    """Whether the two figures can both be true (so the page's is no rival): a figure and a
    bound it lies within, or bounds of two kinds that overlap. Two bounds of one kind are two
    estimates: "as many as 70" rivals "as many as 45". Two exact figures may both be true
    when one is the other rounded ("12%" and "11.6%")."""
    if page.value is None or claim.value is None:
        return False
    if page.bound is None and claim.bound is None:
        return page.unit == claim.unit and _rounds_to(page, claim)
    if page.bound == claim.bound:
        return False
    low, high = _interval(page)
    claim_low, claim_high = _interval(claim)
    return low <= claim_high and claim_low <= high


# How far a figure may be rounded and still be the same one: "12%" for 11.6 % (3 %), "1.8
# million" for 1,754,000; not "$2 billion" for $2.4 billion, nor "4%" for a rate of 4.25 %.
_ROUNDING_LIMIT: Final = 0.05


def _rounds_to(exact: Salient, rounded: Salient) -> bool:
    """Whether the two figures are one, the second perhaps rounded, by no more than
    _ROUNDING_LIMIT of itself."""
    return _same_number(exact, rounded) and abs((exact.value or 0.0) - (rounded.value or 0.0)) <= (
        _ROUNDING_LIMIT * abs(rounded.value or 0.0) + 1e-9
    )


def _interval(salient: Salient) -> tuple[float, float]:
    value = salient.value or 0.0
    if salient.bound == "min":
        return value, math.inf
    if salient.bound == "max":
        return -math.inf, value
    slack = _estimate_slack(salient)
    slack = max(slack, (salient.precision or 0.0) / 2)
    return value - slack, value + slack


def _same_number(a: Salient, b: Salient) -> bool:
    """Equal, or equal as rounded to the coarser of the two figures: "1.79 million" is
    1,789,226, "232 million" is 232.1 million, "12 %" is 11.6 %; "4.2 %" is not 4.1 %."""
    if a.value is None or b.value is None:
        return False
    if math.isclose(a.value, b.value, rel_tol=1e-6, abs_tol=1e-9):
        return True
    coarser = max(a.precision or 0.0, b.precision or 0.0)
    return coarser > 0 and abs(a.value - b.value) <= coarser / 2 * (1 + 1e-9)


def _same_dimension(a: Salient, b: Salient) -> bool:
    return a.measure is not None and b.measure is not None and a.measure[0] == b.measure[0]


def _as_metres(figure: Salient) -> Salient:
    """A figure written with a bare "m" ("4.62m"), read as millions, as metres instead."""
    if (
        figure.kind != "number"
        or figure.measure is not None
        or figure.value is None
        or not _GLUED_M_RE.search(figure.label)
    ):
        return figure
    return dataclasses.replace(
        figure,
        value=figure.value / 1e6,
        precision=(figure.precision or 0.0) / 1e6 or None,
        measure=_MEASURES["m"],
    )


_GLUED_M_RE: Final = re.compile(r"\dm$")


def _is_day(figure: Salient) -> bool:
    """Whether a figure is the day of a month ("13/03/2025", "on 3 March")."""
    return "#day" in figure.context or any(word.startswith("#month") for word in figure.context)


_DAY_LABEL: Final = " (day)"  # the label of a numeric date's day ("13/03/2025 (day)")


def _count_and_year(a: Salient, b: Salient) -> bool:
    """Whether one is a year and the other a count of the same value written with a thousands
    separator: "hire 2000 engineers" read as a year is the page's "2,000 engineers"."""
    if {a.kind, b.kind} != {"year", "number"} or a.value != b.value:
        return False
    count, year = (a, b) if a.kind == "number" else (b, a)
    # (Not a year with a date's role: "founded in 1900" is no count of 1,900.)
    return (year.role is None or year.role.startswith("n:")) and any(
        separator in count.label for separator in ",. \u00a0\u202f'’"
    )


_NUMBER_KINDS: Final = frozenset({"money", "percent", "year", "number"})
_DATED_KINDS: Final = _NUMBER_KINDS | {"month", "quarter"}


def _match_salient(
    salient: Salient,
    passage_numbers: list[Salient],
    passage_months: list[Salient],
    passage_tokens: set[str],
    passage_joined: str,
    page_has: Container[str],
    passage_names: _PassageNames,
    *,
    claimed: set[int],
    foreign: bool,
    topic: Container[str] = frozenset(),
    topic_months: Container[float] = frozenset(),
    attach_figures: bool = False,
    cjk: bool = False,
    same_language: bool = False,
) -> str:
    """'hit', 'conflict', 'missing', 'soft' (an attribution name absent from the page) or
    'context' (a name the passage leaves to the page's title or lead) for one salient token of
    the claim in one passage.

    ``claimed`` holds the indexes of passage numbers that already match another salient token
    of the claim: they cannot also be its rival ("$3.2m ... and £1m" is not a conflict).
    ``attach_figures``: claim and passage are English, so what a figure measures is known.
    ``cjk``: the claim is written in Chinese, Japanese or Korean (see _cjk_figure_noun).
    ``same_language``: a claim in another language than English, on a page in another too.
    """
    if salient.kind in _NUMBER_KINDS:
        # A bare number in the claim may carry a currency on the page, and vice versa.
        kinds = {"number", "money"} if salient.kind in {"number", "money"} else {salient.kind}
        same_kind = [
            (i, n)
            for i, n in enumerate(passage_numbers)
            if n.kind in kinds or _count_and_year(n, salient)
        ]
        if salient.measure is not None and salient.measure[0] == "length":
            # "4.62m" without a currency may be metres as well as millions.
            same_kind = [(i, _as_metres(n)) for i, n in same_kind]
        comparable = [(i, n, _in_one_unit(n, salient)) for i, n in same_kind]
        found = [
            (index, number)
            for index, number, pair in comparable
            if pair is not None
            and _states_figure(*pair)
            and (salient.kind != "money" or not number.unit or number.unit == salient.unit)
            # A count ("three years") or a day of a month ("on 3 March") is no ratio ("three
            # times the size"), and a day of a month no count ("13/03/2025" for "13 votes").
            and not (salient.context >= _TIMES and not number.context >= _TIMES)
            and (_is_day(salient) or not number.label.endswith(_DAY_LABEL))
        ]
        rivals = [
            n
            for i, n, pair in comparable
            if i not in claimed
            and (
                n.kind == salient.kind
                # an amount without its currency, qualified as the claim's ("| Net income |
                # Q3: 41.9 millions |" for "net income of $58.3 million")
                or (n.qualifier is not None and n.qualifier == salient.qualifier)
            )
            and pair is not None
            and not _may_be_figure(*pair)
            # An amount in another currency may be the same one, converted; the same figure
            # in another currency ("$62 million" for "€62 million") is not.
            and not (
                n.unit and salient.unit and n.unit != salient.unit and n.value != salient.value
            )
            # The figure a change is measured from ("up from $4.8 billion") is no rival.
            and (n.role != "compared" or salient.role == "compared")
        ]
        if cjk and salient.noun is not None:
            # 純利益 is not contradicted by a figure of 営業利益.
            rivals = [n for n in rivals if _same_measure_cjk(n.noun, salient.noun)]
        if (
            found
            and rivals
            and salient.role != "compared"
            and all(n.role == "compared" for _, n in found)
        ):
            # The claim's figure is the one the page's is compared with: "7,3 %, contre 7,5 %
            # un an plus tôt" for "7.5%".
            return "conflict"
        if found:
            # "Profit rose 12%" is not backed by "revenue rose 12% while profit fell 3%": the
            # claim's figure measures something else there, and the claim's own thing has
            # another figure.
            if (
                # (Korean's word before a figure is as often its topic as its measure)
                (attach_figures or (cjk and not _HANGUL_RE.search(salient.noun or "")))
                and salient.noun is not None
                and all(n.noun not in (None, salient.noun) for _, n in found)
                and any(n.noun == salient.noun for n in rivals)
            ):
                # (in Chinese, Japanese and Korean too: "全线长度超过50公里" against "全线长度达到
                # 41.2公里 … 运营里程也将增至268公里")
                return "conflict"
            if attach_figures and _other_measure(salient.noun, [n.noun for _, n in found]):
                return "missing"  # "a net profit of $4.2 billion" against "revenue of $4.2 billion"
            if salient.qualifier is not None and all(
                n.qualifier not in (None, salient.qualifier) for _, n in found
            ):
                # "net income … $182 million" against "Operating income | $182.0 millions".
                same = any(n.qualifier == salient.qualifier for n in rivals)
                return "conflict" if same else "missing"
            if salient.quantity is not None and all(
                n.quantity not in (None, salient.quantity)
                # (profit for loss is an opposite: see _opposite_direction)
                and {n.quantity, salient.quantity} != {"profit", "loss"}
                for _, n in found
            ):
                # "Las ventas … 5.866 millones" against "un beneficio neto de 5.866 millones".
                same = any(n.quantity == salient.quantity for n in rivals)
                return "conflict" if same else "missing"
            if cjk and not any(_same_measure_cjk(n.noun, salient.noun) for _, n in found):
                # The claim's figure is the page's 営業利益 where the claim speaks of 純利益:
                # a conflict if the page gives 純利益 another figure, else not stated.
                known = any(_cjk_measure(n.noun) is not None for n in rivals)
                return "conflict" if known else "missing"
            if (
                salient.counted is not None
                and all(n.counted not in (None, salient.counted) for _, n in found)
                and any(n.counted == salient.counted for n in rivals)
            ):
                # "inclui 38 pediatras" against "38 profissionais no total, dos quais 11
                # pediatras": the claim's number counts something else there.
                return "conflict"
            claimed.add(found[0][0])
            return "hit"
        if salient.kind == "number" and (not foreign or same_language):
            # Plain numbers are everywhere: a rival must count the same thing ("jobs"); on a
            # page in another language than the claim's the words differ, and any does.
            # (or measure one dimension: "4.26m" rivals "4.62 metres")
            rivals = [
                n for n in rivals if n.context & salient.context or _same_dimension(n, salient)
            ]
        elif salient.kind == "year":
            # "by 2028" is not contradicted by "since 2023": a rival date plays the same role.
            rivals = [n for n in rivals if _roles_compatible(n.role, salient.role)]
            # The year a page is about goes without saying further down, as its subject does
            # ("Budżet Zielonogrodu na 2025 rok" over "… a wydatki na 3,12 mld zł").
            if (
                not rivals
                and salient.label in topic
                and not any(n.kind == "year" and n.role != "compared" for n in passage_numbers)
            ):
                return "context"
        if rivals and salient.kind != "year" and any(_measures_alike(n, salient) for n in rivals):
            return "measured"
        return "conflict" if rivals else "missing"
    if salient.kind == "month":
        dates = [m for m in passage_months if m.kind == "month"]
        if any(_same_number(m, salient) for m in dates):
            return "hit"
        rivals = [m for m in dates if _roles_compatible(m.role, salient.role)]
        if not dates and salient.value in topic_months:
            return "context"  # as a year is ("2025年3月期 決算ハイライト" over the results)
        return "conflict" if rivals else "missing"
    if salient.kind == "quarter":
        # Met by the same quarter or a month of it ("between January and March"); denied by
        # another quarter in the same role. A passage that names no quarter neither confirms
        # nor denies it (nor one in a language whose quarters are not read here).
        quarters = [m for m in passage_months if m.kind == "quarter"]
        months = [m.value for m in passage_months if m.kind == "month" and m.value]
        if any(_same_number(q, salient) for q in quarters) or any(
            math.ceil(month / 3) == salient.value for month in months
        ):
            return "hit"
        rivals = [q for q in quarters if _roles_compatible(q.role, salient.role)]
        return "conflict" if rivals else "soft"
    if salient.kind == "name":
        if any(word in passage_tokens for word in salient.words):
            return "hit"
        # "Malmö" written "Malmo", "São Paulo" written "Sao Paulo".
        if any(_without_accents(word) != word for word in salient.words):
            plain = {_without_accents(t) for t in passage_tokens}
            if any(_without_accents(word) in plain for word in salient.words):
                return "hit"
        on_page = sum(1 for word in salient.words if word in page_has)
        if salient.attribution:
            # Who said it: the source's own page often names itself only in its title or site
            # name. Named anywhere in the main text counts; named nowhere is a soft miss, or a
            # conflict when the passage names someone else instead.
            if on_page * 2 >= len(salient.words):
                return "hit"
            return "conflict" if passage_names.all else "soft"
        # A name absent from the whole page, while the passage names someone else: conflict.
        # Not in another language, where the name may just be translated ("Spain", "España"),
        # nor a code, which pages write in many ways ("AF447", "AF 447", "Flight 447").
        if (
            passage_names.subjects
            and not on_page
            and not foreign
            and not any(c.isdigit() for c in salient.label)
        ):
            return "conflict"
        # What the page is about goes without saying further down: "The transaction is
        # expected to close …" under "Vireo agrees takeover", a table row or a spec-sheet line
        # under its heading. Only while the passage names no one else.
        if not passage_names.subjects and all(word in topic for word in salient.words):
            return "context"
        return "missing"
    if salient.kind == "version":
        if salient.label in passage_tokens:
            return "hit"
        # Another version of the same thing ("removed in Larkspur DB 5.0" for "4.2.0").
        for product in salient.context:
            other = re.search(rf"(?<!\S){re.escape(product)} (\d+(?:\.\d+)+)\b", passage_joined)
            if other is not None and other.group(1) != salient.label:
                return "conflict"
        return "context" if salient.label in topic else "missing"
    # quote
    if " ".join(salient.words) in passage_joined:
        return "hit"
    # A short quote is a name, in the languages that quote names («Ладога Логистик», „Dworski
    # Smak”): the page's subject goes without saying further down, as a name does.
    if (
        len(salient.words) <= _QUOTED_NAME_WORDS
        and not passage_names.subjects
        and all(word in topic for word in salient.words)
    ):
        return "context"
    return "missing"


_QUOTED_NAME_WORDS: Final = 3


@functools.lru_cache(maxsize=4096)
def _without_accents(word: str) -> str:
    """A Latin-script word without its diacritics; any other word as it is (a Hindi vowel
    sign is a combining mark too, but not an accent)."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)
    )
    return stripped if stripped.isascii() else word


class _PassageNames(NamedTuple):
    """The names a passage gives that are not the claim's: all of them, and those outside its
    attribution ("according to the Gazette", "Reuters reported"), which are who says it, not
    whom it is about."""

    all: list[str]
    subjects: list[str]


def _passage_names(text: str, claim_tokens: set[str]) -> _PassageNames:
    runs = _name_runs_outside_money(text, _name_runs(text))
    attribution = _attribution_spans(text, runs) if runs else []
    names = _PassageNames([], [])
    claims_name_end = -1
    for words, start, end in runs:
        salient = _name_salient(words)
        if any(word in claim_tokens for word in salient.words):
            claims_name_end = end
            continue
        if (
            text.startswith(":", end)
            or (text.startswith(")", end) and text[claims_name_end:start].strip() == "(")
            or end - start < 2
            or _in_row_label(text, start)
            or text[start - 1 : start].isdigit()
        ):
            # a field label ("Change: +11.2%"), the short form of the claim's name before it
            # ("Agrupación Vecinal Jarameña (AVJ)"), a letter or code after a digit ("3Ç 2024",
            # "3T23"), or what a table row measures ("| Net Dönem Kârı | 742 milyon |", in any
            # row of the passage) names no one else
            continue
        names.all.append(salient.label)
        if not any(a <= start and end <= b for a, b in attribution):
            names.subjects.append(salient.label)
    # A sentence's first word is no name run, but "Ford recalled …" names Ford all the same
    # (and "Eastern Grid now says …" is who says it).
    names.subjects.extend(_opening_names(text, claim_tokens, attribution))
    return names


def _in_row_label(text: str, start: int) -> bool:
    """Whether the text at ``start`` is in the first cell of a table row that has a value
    ("| Capacity | 880 cars |"; not a caption row, "| Enrolment by school type | | |")."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if not before.startswith("|") or "|" in before[1:]:
        return False
    line_end = text.find("\n", start)
    cells = text[line_start : len(text) if line_end < 0 else line_end].split("|")[2:]
    return any(cell.strip() for cell in cells)


# --------------------------------------------------------------------------------------------
# Ranking
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoredPassage:
    passage: Passage
    score: float  # 0..1, see W_COVER / W_FUZZ / W_SALIENT
    bm25: float
    salient_hits: tuple[str, ...]
    salient_conflicts: tuple[str, ...]
    # rapidfuzz partial_ratio / 100 of the hedge-free claim against the passage (ratio when the
    # passage is the shorter)
    fuzz: float
    coverage: float = 0.0  # share of the claim's content words present in the passage
    subject_coverage: float = 0.0  # the same, without numbers, dates and conflicting names
    predicate_coverage: float = 0.0  # the same, without any names either (1 with none)
    clause_coverage: float = 1.0  # the worst-covered clause of a compound claim
    salient_missing: tuple[str, ...] = ()
    foreign: bool = False  # the passage is not in English
    # Attribution names ("according to X") found nowhere on the page: neither hit nor missing.
    salient_soft: tuple[str, ...] = ()
    # A Chinese, Japanese or Korean claim's first word (its subject) absent from the passage
    # but the page's topic, while the passage states one of the claim's figures.
    lead_in_context: bool = False
    # Those of salient_conflicts whose rival measures what the claim's figure does (see
    # _measures_alike).
    measured_conflicts: tuple[str, ...] = ()
    # Two paragraphs joined (see _merge_with_neighbour): what they say together.
    joined: bool = False


# A figure as pages write it: digits with dot, comma, apostrophe, (thin) space or Arabic
# separators between them, in any script's digits.
_FIGURE_RE: Final = re.compile(r"\d(?:[\d.,'\u066b\u066c\u00a0\u202f]*\d)?")
# Extra candidates for a claim whose figures the page writes another way (BM25 cannot see them).
FIGURE_CANDIDATES: Final = 5


def _figure_keys(raw: str) -> frozenset[str]:
    """The values a written figure can have, with either "." or "," as its decimal separator
    ("17,1" is 17.1 or 171), as canonical strings; none for a single digit, which matches too
    much to pick passages by."""
    digits = _ascii_figure(raw)
    if sum(c.isdigit() for c in digits) < 2:
        return frozenset()
    keys = set()
    for decimal, grouping in ((".", ","), (",", ".")):
        candidate = digits.replace(grouping, "")
        if candidate.count(decimal) > 1:
            continue
        try:
            value = float(candidate.replace(decimal, "."))
        except ValueError:
            continue
        keys.add(str(int(value)) if value.is_integer() else repr(value))
    return frozenset(keys)


class _Index:
    """The passages of one page with their BM25 statistics, computed on demand.

    A claim asks about a handful of terms, so instead of tokenising every passage up front,
    each term is looked for in the page's text when first asked about (a literal search, which
    the regex engine runs far faster than a scan for every word) and its postings are kept.
    Only the passages that become candidates are tokenised whole. Text in scripts written without
    spaces (CJK, Thai, …) is tokenised up front, into character bigrams. Passage lengths, for
    BM25's length normalisation, are in characters. Several threads may share an index: the
    caches are plain dicts, and a race only computes an entry twice.
    """

    def __init__(self, passages: tuple[Passage, ...]) -> None:
        self.passages = passages
        self.starts = [p.start for p in passages]
        self.lengths = [p.end - p.start for p in passages]
        self.average_length = sum(self.lengths) / len(passages) if passages else 0.0
        self._postings: dict[str, dict[int, int]] = {}
        self._counts: dict[int, Counter[str]] = {}
        # One pass of _canonical_names over the page; it keeps lengths, so each passage is
        # cut back out where it was.
        canonical = _canonical_names("\x00".join(p.text for p in passages))
        starts = itertools.accumulate((len(p.text) + 1 for p in passages), initial=0)
        folded = [
            canonical[start : start + len(p.text)].casefold()
            for start, p in zip(starts, passages, strict=False)
        ]
        joined = "\x00".join(folded)  # passages never hold a NUL: _clean_unicode drops them
        self._tokens: list[list[str]] | None = None
        self._figures: dict[str, set[int]] | None = None  # figure value -> passage positions
        self._with_digits: set[int] = set()  # the passages with any figure, one digit too
        self._times: dict[float, set[int]] | None = None  # time of day -> passage positions
        # (position, whether a percentage, amount or count)
        self._values: list[tuple[int, bool, float]] | None = None
        if _has_cjk(joined):
            self._tokens = [tokenize(p.text) for p in passages]
        self._text = joined.replace("_", " ") if "_" in joined else joined
        self._offsets = list(itertools.accumulate((len(f) + 1 for f in folded), initial=0))

    def postings(self, term: str) -> dict[int, int]:
        """passage position -> how often `term` (a token as `tokenize` makes them) occurs."""
        found = self._postings.get(term)
        if found is None:
            found = self._postings[term] = (
                self._count_in_tokens(term) if self._tokens is not None else self._search(term)
            )
        return found

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and bool(self.postings(term))

    def term_counts(self, position: int) -> Counter[str]:
        counts = self._counts.get(position)
        if counts is None:
            tokens = self._tokens
            counts = self._counts[position] = Counter(
                tokens[position] if tokens is not None else tokenize(self.passages[position].text)
            )
        return counts

    @functools.cached_property
    def _topic_positions(self) -> range:
        """What the page is about: its first passage, and the one after it when the first is
        only a title or heading."""
        count = 2 if self.lengths and self.lengths[0] < _HEADING_CHARS else 1
        return range(min(count, len(self.passages)))

    @functools.cached_property
    def topic(self) -> frozenset[str]:
        """The words of the page's topic passages (see _topic_positions)."""
        return frozenset().union(*map(self.term_counts, self._topic_positions))

    @functools.cached_property
    def topic_months(self) -> tuple[frozenset[float], frozenset[tuple[int, str]]]:
        """The months the page's topic passages name, and those of them written with a
        year."""
        texts = [self.passages[position].text for position in self._topic_positions]
        return (
            frozenset(m.value for text in texts for m in _months(text) if m.value is not None),
            frozenset(pair for text in texts for pair in _month_years(text)),
        )

    def topic_months_of(self, claim: _Claim) -> frozenset[float]:
        """The topic's months that may complete a passage for the claim: not one the topic
        writes with another year than the claim's ("14 October 2011" for "October 2013")."""
        months, dated = self.topic_months
        if not claim.dated:
            return months
        return frozenset(
            month
            for month in months
            if all((m, year) in dated for m, year in claim.dated if m == month)
        )

    def position_of(self, passage: Passage) -> int:
        return bisect.bisect_left(self.starts, passage.start)

    @functools.cached_property
    def foreign(self) -> bool:
        """Whether the page is not in English, by its first passages of some length."""
        long = [p.text for p in self.passages[:12] if len(p.text) >= _HEADING_CHARS][:3]
        return bool(long) and _is_foreign(" ".join(long))

    def writes(self, words: str) -> bool:
        """Whether the page's text holds these words as written."""
        return words in self._text

    def with_values(self, values: Iterable[tuple[bool, float]]) -> set[int]:
        """Positions of the passages holding a figure within _ESTIMATE_TOLERANCE of any of
        these (percentage or not, value), however written ("3.2 लाख" for 320,000, "1万8千" for
        18,432, "51.8%" for "about 52%"). Only the passages with digits are read, once."""
        if self._values is None:
            self.with_figures(frozenset())  # (fills _with_digits)
            # (a single digit with its scale: "4億平方メートル" for "400 million square metres")
            holding = sorted(self._with_digits)
            self._values = [
                (position, number.kind == "percent", number.value)
                for position in holding
                for number in _numbers(self.passages[position].text)
                if number.value is not None and number.kind in _VALUE_KINDS
            ]
        wanted = [(percent, value) for percent, value in values if value]
        return {
            position
            for position, percentage, found in self._values
            if any(
                percent == percentage and abs(found - value) <= _ESTIMATE_TOLERANCE * value
                for percent, value in wanted
            )
        }

    def with_times(self, minutes: Iterable[float]) -> set[int]:
        """Positions of the passages holding any of these times of day."""
        if self._times is None:
            times: dict[float, set[int]] = {}
            for start, _, time in _times(self._text):
                if time.value is not None:
                    position = bisect.bisect_right(self._offsets, start) - 1
                    times.setdefault(time.value, set()).add(position)
            self._times = times
        return set().union(*(self._times.get(minute, ()) for minute in minutes))

    def with_figures(self, keys: frozenset[str]) -> set[int]:
        """Positions of the passages holding a figure of any of these values."""
        if self._figures is None:
            figures: dict[str, set[int]] = {}
            for match in _FIGURE_RE.finditer(self._text):
                position = bisect.bisect_right(self._offsets, match.start()) - 1
                self._with_digits.add(position)
                for key in _figure_keys(match.group()):
                    figures.setdefault(key, set()).add(position)
            self._figures = figures
        return set().union(*(self._figures.get(key, ()) for key in keys))

    def _count_in_tokens(self, term: str) -> dict[int, int]:
        assert self._tokens is not None
        return {i: tokens.count(term) for i, tokens in enumerate(self._tokens) if term in tokens}

    def _search(self, term: str) -> dict[int, int]:
        found: dict[int, int] = {}
        if not term:
            return found
        text, find, word_at = self._text, self._text.find, _WORD_RE.match
        at = find(term)
        while at >= 0:
            # Only where a whole token starts: no word character before it, and not inside a
            # number ("5" in "13.5"); the token is then what tokenising would have cut there.
            if not at or not (
                _WORD_CHAR_RE.match(text, at - 1)
                or (at > 1 and text[at - 1] in ".," and text[at - 2].isdigit())
            ):
                token = word_at(text, at)
                if token is not None and _memo_stem(token.group()) == term:
                    position = bisect.bisect_right(self._offsets, at) - 1
                    found[position] = found.get(position, 0) + 1
            at = find(term, at + 1)
        return found


_WORD_CHAR_RE: Final = re.compile(rf"[\w{_MARKS}]")
# A first passage shorter than this is a title or heading: the lead after it is the topic too.
_HEADING_CHARS: Final = 120


@functools.lru_cache(maxsize=4)
def _page_index(main_text: str) -> _Index:
    return _Index(_split_passages_cached(main_text))


def _bm25_scores(index: _Index, query: Sequence[str]) -> dict[int, float]:
    """BM25 score of every passage that holds a query term (the others score 0)."""
    total = len(index.passages)
    average = index.average_length or 1.0
    scores: dict[int, float] = {}
    for term in dict.fromkeys(query):
        postings = index.postings(term)
        if not postings:
            continue
        frequency_in_page = len(postings)
        weight = math.log(1 + (total - frequency_in_page + 0.5) / (frequency_in_page + 0.5))
        for position, frequency in postings.items():
            norm = BM25_K1 * (1 - BM25_B + BM25_B * index.lengths[position] / average)
            scores[position] = scores.get(position, 0.0) + weight * frequency * (BM25_K1 + 1) / (
                frequency + norm
            )
    return scores


@dataclass(frozen=True, slots=True)
class _Claim:
    text: str  # hedge-free
    fuzz_text: str  # casefolded, punctuation-free for rapidfuzz
    tokens: tuple[str, ...]  # content tokens
    salients: tuple[Salient, ...]
    salient_tokens: tuple[frozenset[str], ...]  # content tokens of each salient
    clauses: tuple[tuple[str, ...], ...]  # content tokens of each clause of a compound claim
    words: tuple[str, ...]  # every token, function words included, in order
    stopwords: frozenset[str]
    language: str | None  # see _claim_language; None for English (and other scripts)
    # The claim's amounts, percentages and numbers as written ("17.1") and their figures read
    # either way ({"17.1", "171"}): for pages that write them otherwise ("17,1", "١٧٫١").
    figures: tuple[tuple[str, frozenset[str]], ...] = ()
    # Its years the same way ("2027": {"2027"}), for pages that write them in other digits
    # ("٢٠٢٧") or say they gave them wrongly.
    year_figures: tuple[tuple[str, frozenset[str]], ...] = ()
    # Written in Chinese, Japanese or Korean (or another script _CJK_RE covers), and then the
    # first word that stands for its subject (see Features.cjk).
    cjk: bool = False
    lead: str | None = None
    # Names the claim writes short or in full, for pages that write them the other way: an
    # acronym of the claim ("ESA") with no words, and the initials of each run of two or more
    # capitalised words of the claim ("fda": Food and Drug Administration) with its tokens.
    short_names: tuple[str, ...] = ()
    long_names: tuple[tuple[str, frozenset[str]], ...] = ()
    foreign: bool = False  # not written in English (see _is_foreign)
    script: str = "latin"  # see _script
    number_language: str | None = None  # whose number words it reads (see _foreign_number_words)
    small_figures: bool = False  # has a number or percentage a number word may write (≤ 20)
    name_words: frozenset[str] = frozenset()  # the tokens of its names
    dated: tuple[tuple[int, str], ...] = ()  # its months written with their years
    tallies: tuple[tuple[str, str], ...] = ()  # its votes and scores ("41 votes to 21")
    # The token of its first word when that looks like a name ("Nordmark's population …"),
    # which no salient token holds (sentence-initial words are left out of name runs).
    opening: str | None = None
    unanimous: bool = False  # says a vote was unanimous ("approved unanimously")


_PUNCT_RE: Final = re.compile(r"[^\w%$€£¥]+")


def _fuzz_form(text: str) -> str:
    return _PUNCT_RE.sub(" ", text.casefold()).strip()


# Who says it, opening a Chinese, Japanese or Korean claim: "据年报，", "レビューによると、",
# "회사에 따르면".
_CJK_ATTRIBUTION_OPENING_RE: Final = re.compile(
    r"\s*(?:据[^，,。、]{1,12}[，,、]|[^，,。、]{1,16}(?:によると|によれば)[、，,]?|"
    r"[^,，。]{1,16}에 따르면\s*,?)\s*"
)


@functools.lru_cache(maxsize=256)
def _prepare_claim(claim: str) -> _Claim:
    written = normalize_text(claim)
    stripped = normalize_text(strip_hedges(written)).replace("\n", " ")
    all_tokens = tokenize(stripped)
    # The hedge tells the language too: "Die Bahn will Berichten zufolge etwa 30.000 Stellen
    # streichen" is German, "Die Bahn will etwa 30.000 Stellen streichen" a tie.
    language = _claim_language(tokenize(written))
    stopwords = _claim_stopwords(language)
    tokens = tuple(_content_tokens(all_tokens, stopwords))
    salients = tuple(claim_salients(stripped, language=language))
    salient_tokens = tuple(
        frozenset(s.words) if s.words else frozenset(_content_tokens(tokenize(s.label), stopwords))
        for s in salients
    )
    cjk = _has_cjk(stripped)
    # What is said, after who says it ("据年报，…"): its clauses, and in CJK its first word
    # stands for its subject.
    said = _CJK_ATTRIBUTION_OPENING_RE.match(stripped) if cjk else None
    content = stripped[said.end() :] if said else stripped
    clauses = tuple(
        clause
        for part in (_DUTCH_CLAUSE_SPLIT_RE if language == "nl" else _CLAUSE_SPLIT_RE).split(
            content
        )
        if len(clause := tuple(_content_tokens(tokenize(part), stopwords))) >= _MIN_CLAUSE_WORDS
    )
    script = _script(stripped)
    return _Claim(
        stripped,
        _fuzz_form(stripped),
        tokens,
        salients,
        salient_tokens,
        clauses if len(clauses) > 1 else (),
        tuple(all_tokens),
        stopwords,
        language,
        tuple(
            (raw.group(), keys)
            for salient in salients
            if salient.kind in {"money", "percent", "number"}
            and (raw := _FIGURE_RE.search(salient.label)) is not None
            and (keys := _figure_keys(raw.group()))
        ),
        tuple(
            (salient.label, frozenset({str(int(salient.value))}))
            for salient in salients
            if salient.kind == "year" and salient.value is not None
        ),
        cjk,
        next((t for t in _content_tokens(tokenize(content), stopwords) if not t[0].isdigit()), None)
        if cjk
        else None,
        tuple(dict.fromkeys(m.group().casefold() for m in _ACRONYM_RE.finditer(stripped))),
        tuple(_initialisms(stripped).items()),
        _is_foreign(stripped),
        script,
        language or _script_language(stripped),
        any(
            s.kind in {"number", "percent"} and s.value is not None and abs(s.value) <= 20
            for s in salients
        ),
        frozenset(word for salient in salients if salient.kind == "name" for word in salient.words),
        tuple(_month_years(stripped)),
        tuple(
            (first, second)
            for first, second in _tallies(stripped)
            if {first, second} & {s.label for s in salients}
        ),
        _opening_name(stripped),
        _UNANIMOUS_RE.search(stripped) is not None,
    )


def _opening_name(claim: str) -> str | None:
    found = _SENTENCE_OPENING_RE.match(claim.lstrip())
    if found is None or found.group("label"):
        return None
    word = _POSSESSIVE_RE.sub("", found.group(1))
    tokens = tokenize(word)
    return tokens[0] if len(tokens) == 1 and _name_like(word) else None


# An acronym: two to six letters, two of them or more capitals ("ESA", "BoE", "FDA").
_ACRONYM_RE: Final = re.compile(r"\b(?=(?:[a-z]*[A-Z]){2})[A-Z][A-Za-z]{1,5}\b")
# A run of capitalised words, with "of", "and", "for", "the" … between them ("Bank of
# England", "Food and Drug Administration").
_CAPITAL_RUN_RE: Final = re.compile(
    r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|the|de|des|du|la|für|&)\s+)?[A-Z][\w'’-]*)+"
)
_RUN_WORD_RE: Final = re.compile(r"[\w'’-]+|&")


def _initialisms(text: str) -> dict[str, frozenset[str]]:
    """initials -> tokens, for every stretch of two or more capitalised words of the runs in
    ``text``, with and without the small words between ("European Space Agency": esa; "Bank
    of England": be and boe; "US Food and Drug Administration": fda, ufda, …)."""
    found: dict[str, frozenset[str]] = {}
    for run in _CAPITAL_RUN_RE.finditer(text):
        words = _RUN_WORD_RE.findall(run.group())
        while words and words[0].casefold() in _EN_STOPWORDS:  # "The", "A" opening a sentence
            del words[0]
        capitals = [i for i, word in enumerate(words) if word[:1].isupper()]
        for first, start in enumerate(capitals):
            # (Stretches of up to six capitalised words, as acronyms have up to six letters: a
            # page of nothing but capitalised words costs no more than linear time.)
            for end in capitals[first + 1 : first + 6]:
                span = words[start : end + 1]
                tokens = frozenset(t for w in span if w[:1].isupper() for t in tokenize(w))
                for initials in (
                    "".join(w[0] for w in span if w[:1].isupper()),
                    "".join(w[0] for w in span),
                ):
                    if len(initials) >= 3:  # (two-letter ones are too often words: "tu", "in")
                        found.setdefault(initials.casefold(), tokens)
    return found


def _names_written_otherwise(prepared: _Claim, text: str, present: Container[str]) -> set[str]:
    """Claim tokens a passage states as an acronym, or spells out: "ESA" where the passage
    says "European Space Agency", "Food", "Drug" and "Administration" where it says "FDA"."""
    found: set[str] = set()
    for initials, tokens in prepared.long_names:
        if initials in present:
            found |= tokens
    if prepared.short_names:
        written_out = _initialisms(text)
        found.update(short for short in prepared.short_names if short in written_out)
    return found


# Where a compound claim splits into clauses that each need support, of a word or more ("…
# acht banen van 25 meter en een sauna").
_MIN_CLAUSE_WORDS: Final = 1
# Clauses of a compound claim: "and", "while" … in English; a comma and "and" or "while" in
# the other languages ("…, et le groupe aurait réduit son dividende").
_CLAUSE_SPLIT_RE: Final = re.compile(
    r",?\s+(?:and|while|but|whereas|et|und|y|e|и|ve|dan|oraz),?\s+|;\s*|"
    r",\s+(?:tandis que|mais|während|aber|mientras|pero|mentre|ma|enquanto|mas|terwijl|maar|"
    r"podczas gdy|ale|i|ancak|sedangkan|tetapi|а|но)\s+|"
    # Chinese, Japanese, Korean: "…新设，并…", "…新設し、…", "…하고 …"
    r"，|[，,]\s?(?:并且|并|同时|且)|(?<=[\u3040-\u30ff\u3400-\u9fff])し、|(?<=[\uac00-\ud7af])(?:하고|하며|으며|이며)\s",
    re.IGNORECASE,
)


# (Dutch "en" is "and"; elsewhere it is "in".)
_DUTCH_CLAUSE_SPLIT_RE: Final = re.compile(rf"{_CLAUSE_SPLIT_RE.pattern}|,?\s+en\s+", re.IGNORECASE)


def rank_passages(
    claim: str, passages: Sequence[Passage], *, limit: int = 5
) -> list[ScoredPassage]:
    """Best passages for ``claim``: BM25 prefilter, then salient-token and fuzzy re-scoring."""
    prepared = _prepare_claim(claim)
    if not prepared.tokens and not prepared.salients:
        return []
    index = _Index(tuple(passages))
    return _rank(prepared, index, limit)


def _rank(prepared: _Claim, index: _Index, limit: int) -> list[ScoredPassage]:
    if not index.passages:
        return []
    bm25 = _bm25_scores(index, prepared.tokens)
    # The best-scoring passages, earliest first among equals; the first passage if none scores.
    order = sorted(bm25, key=lambda i: (-bm25[i], i))[:FUZZY_CANDIDATES] or [0]
    # A figure the page writes otherwise than the claim ("17,1" for "17.1") is no BM25 term:
    # the passages holding its value join the candidates.
    unseen = frozenset().union(
        *(keys for raw, keys in prepared.figures if raw.casefold() not in index)
    )
    extra = sorted(index.with_figures(unseen) - set(order))[:FIGURE_CANDIDATES] if unseen else []
    if not extra:
        # Nor its digits: an amount written with another scale ("3.2 लाख" for 320,000,
        # "18,432人" for "約1万8千人").
        scaled = [
            (s.kind == "percent", s.value)
            for s in prepared.salients
            if s.kind in _VALUE_KINDS
            and s.value
            and (
                (s.value >= _SCALED_VALUE and s.kind != "percent")
                or (s.bound is not None and s.value >= _BOUND_VALUE)
            )
            and not index.writes(s.label)
        ]
        if scaled:
            extra = sorted(index.with_values(scaled) - set(order))[:FIGURE_CANDIDATES]
    order += extra
    # So may a year written in other digits ("٢٠٢٧", "२०२७").
    years = frozenset().union(
        *(keys for label, keys in prepared.year_figures if label not in index)
    )
    if years:
        order += sorted(index.with_figures(years) - set(order))[:FIGURE_CANDIDATES]
    # So may a time of day ("8 p.m." for "20 h").
    minutes = [s.value for s in prepared.salients if "#time" in s.context and s.value is not None]
    if minutes:
        order += sorted(index.with_times(minutes) - set(order))[:FIGURE_CANDIDATES]
    scored = [
        _score_passage(prepared, index.passages[i], index.term_counts(i), bm25.get(i, 0.0), index)
        for i in order
    ]
    scored.sort(key=lambda s: (-s.score, -s.bm25, s.passage.end - s.passage.start))
    kept: list[ScoredPassage] = []
    for candidate in scored:
        if len(kept) >= limit:
            break
        if not any(_overlaps(candidate.passage, k.passage) for k in kept):
            kept.append(candidate)
    return kept


_VALUE_KINDS: Final = frozenset({"money", "number", "percent"})
_SCALED_VALUE: Final = 1000.0  # amounts from which pages write scales of their own
# (and an estimate or a bound, "more than 140", which the page may state exactly: "143")
_BOUND_VALUE: Final = 10.0


def _overlaps(a: Passage, b: Passage) -> bool:
    return a.start < b.end and b.start < a.end


def _score_passage(
    prepared: _Claim,
    passage: Passage,
    counts: Counter[str],
    bm25: float,
    page: _Index,
) -> ScoredPassage:
    present = set(counts)
    if prepared.short_names or prepared.long_names:
        present |= _names_written_otherwise(prepared, passage.text, present)
    present |= _joined_tokens(present, prepared.tokens)
    if prepared.foreign and not prepared.cjk and prepared.language not in _AFFIXING_LANGUAGES:
        present |= _other_forms(prepared.tokens, present, prepared.name_words)
    spelled = (
        prepared.script == "latin" and prepared.name_words and _spelled_otherwise(passage.text)
    )
    if spelled:
        present |= _names_spelled_otherwise(prepared.name_words, present)
    if not _SAME_WORDS.keys().isdisjoint(present):
        present.update(*(_SAME_WORDS[token] for token in present & _SAME_WORDS.keys()))
    tokens = prepared.tokens
    coverage = _share(tokens, present)
    # (A headline or a table row has too few words to tell its language: the page's is its.)
    foreign = _is_foreign(passage.text) or (len(passage.text) < _HEADING_CHARS and page.foreign)
    hits: list[str] = []
    conflicts: list[str] = []
    missing: list[str] = []
    soft: list[str] = []
    measured: list[str] = []  # conflicts whose rival measures what the claim's figure does
    excluded: set[str] = set()  # numbers, dates and conflicting names: not "the subject"
    name_tokens: set[str] = set()
    lead_in_context = False
    if prepared.salients:
        # Only what the claim's salient kinds will be compared with (the rest is never read).
        kinds = {salient.kind for salient in prepared.salients}
        numbers = []
        if not kinds.isdisjoint(_NUMBER_KINDS):
            numbers = _numbers(passage.text)
            if prepared.small_figures:  # ("zwei Menschen" is no rival of "2.300 Menschen")
                language = prepared.number_language
                if language is None and foreign:  # ("three years" on a page saying "tri goda")
                    language = _number_language_of(passage.text, counts)
                numbers += _foreign_number_words(passage.text, language)
        months = _months(passage.text) if not kinds.isdisjoint({"month", "quarter"}) else []
        if "quarter" in kinds:
            months += _quarters(passage.text)
        joined = " ".join(tokenize(passage.text)) if kinds & {"quote", "version"} else ""
        names = (
            _passage_names(passage.text, set(tokens)) if "name" in kinds else _PassageNames([], [])
        )
        claimed: set[int] = set()
        context: list[tuple[Salient, frozenset[str]]] = []
        stated = False  # the passage itself holds one of the claim's figures, dates or names
        outcomes = {"hit": hits, "conflict": conflicts, "missing": missing, "soft": soft}
        topic = _topic_of(passage, page)
        if spelled:
            topic = topic | _names_spelled_otherwise(prepared.name_words, topic)
        if prepared.foreign and not prepared.cjk and prepared.language not in _AFFIXING_LANGUAGES:
            # The topic's name inflected otherwise: "«Уралхимпром» объявляет" over a claim's
            # "Выручка «Уралхимпрома»", "Nawałnica w Różanowie" over "mieszkańcy Różanowa".
            topic = topic | _other_forms(prepared.name_words, topic, prepared.name_words)
        attach_figures = prepared.language is None and not prepared.cjk and not foreign
        for salient, words in zip(prepared.salients, prepared.salient_tokens, strict=True):
            outcome = _match_salient(
                salient, numbers, months, present, joined, page, names,
                claimed=claimed, foreign=foreign, topic=topic,
                topic_months=page.topic_months_of(prepared) if "month" in kinds else (),
                attach_figures=attach_figures,
                cjk=prepared.cjk, same_language=foreign and prepared.foreign,
            )  # fmt: skip
            if outcome == "measured":
                measured.append(salient.label)
                outcome = "conflict"
            if outcome == "context":  # decided below, once the whole passage is read
                context.append((salient, words))
            else:
                outcomes[outcome].append(salient.label)
            if outcome == "conflict" or (outcome == "hit" and not salient.attribution):
                stated = True  # (an attribution's "hit" may be anywhere on the page)
            if salient.kind == "name":
                name_tokens |= words
                if outcome == "conflict":
                    excluded |= words
                elif salient.attribution:
                    # Found elsewhere on the page: present; nowhere: left out of coverage.
                    if outcome == "hit":
                        present = present | words
                    else:
                        tokens = tuple(t for t in tokens if t not in words)
            elif salient.kind == "quarter":
                if outcome == "hit":  # "Q2" where the passage says "second quarter"
                    present = present | words
            elif salient.kind != "quote":
                excluded |= words
                if outcome == "hit":
                    # The amount or date is on the page, perhaps written another way
                    # ("Rs 500 crore" as "₹5,000 million"): its words count as present.
                    present = present | words
        if (
            prepared.cjk
            and stated
            and prepared.lead is not None
            and prepared.lead not in present
            and prepared.lead in topic
            # not where the passage speaks of a rival: "경쟁사 대한반도체의 3분기 영업이익"
            and not _CJK_OTHER_PARTY_RE.search(passage.text)
        ):
            # The subject is the claim's opening words the topic holds ("三峰精機の2025年3月期").
            lead_in_context = True
            present = present | set(itertools.takewhile(topic.__contains__, prepared.tokens))
        if stated and passage.text.startswith("|"):
            # A table row (an infobox's "| Площадь | 48,6 км² |") is of the page's subject:
            # the claim's words the page's topic holds are the row's too.
            present = present | (set(tokens) & topic)
        if context:
            # The page's topic completes a passage that states something of the claim itself
            # (a figure, a date, another name), never one that only shares its topic. One that
            # names someone else, even only as a sentence's first word ("Ford's profit rose
            # 20%" on a page about Tesla and Ford), got no "context" outcome: see
            # _passage_names.
            completed = stated and _OTHER_PARTY.isdisjoint(counts)
            for salient, name_words in context:
                (hits if completed else missing).append(salient.label)
                if completed:
                    present = present | name_words
        if "year" in kinds and hits:
            # "3.9 million in 2024" against "4.6 million in 2024, up from 2023, when it
            # recorded 3.9 million": the claim's figure is the other year's.
            for label in _figures_of_other_years(
                prepared.salients, hits, passage.text, prepared.text
            ):
                hits.remove(label)
                conflicts.append(label)
        if prepared.tallies:
            # "approved by 41 votes to 21" against "voted 41 to 12": a vote or a score.
            for label in _other_tallies(prepared.tallies, passage.text):
                for found in (hits, missing):
                    if label in found:
                        found.remove(label)
                        conflicts.append(label)
        if prepared.dated and "month" in kinds and "year" in kinds:
            # "im Oktober 2013" against "Oktober 2011 wurde … freigegeben. 2013 wurde …
            # ausgezeichnet": the claim's month goes with another year there.
            for year in _misdated(prepared.dated, passage.text):
                if year in hits:
                    hits.remove(year)
                    conflicts.append(year)
        if soft or len(present) != len(counts):
            coverage = _share(tokens, present)
    subject = [t for t in tokens if t not in excluded and not t[0].isdigit()]
    subject_coverage = _share(subject, present)
    predicate = [t for t in subject if t not in name_tokens]
    predicate_coverage = _share(predicate, present) if predicate else 1.0
    clause_coverage = min((_share(c, present) for c in prepared.clauses), default=1.0)
    fuzz_score = quoted = 0.0
    if prepared.fuzz_text:
        form = _fuzz_form(passage.text)
        fuzz_score = quoted = fuzz.partial_ratio(prepared.fuzz_text, form) / 100.0
        if len(form) < len(prepared.fuzz_text):
            # A passage shorter than the claim quotes it only whole: partial_ratio finds
            # "| Janhit Morcha | 44 |" all inside a longer claim.
            quoted = fuzz.ratio(prepared.fuzz_text, form) / 100.0
    fuzz_adjusted = max(0.0, (fuzz_score - FUZZ_FLOOR) / (1 - FUZZ_FLOOR))
    salient_share = len(hits) / len(prepared.salients) if prepared.salients else coverage
    score = W_COVER * coverage + W_FUZZ * fuzz_adjusted + W_SALIENT * salient_share
    return ScoredPassage(
        passage=passage,
        score=round(min(1.0, max(0.0, score)), 6),
        bm25=bm25,
        salient_hits=tuple(hits),
        salient_conflicts=tuple(conflicts),
        fuzz=quoted,
        coverage=coverage,
        subject_coverage=subject_coverage,
        predicate_coverage=predicate_coverage,
        clause_coverage=clause_coverage,
        salient_missing=tuple(missing),
        foreign=foreign,
        salient_soft=tuple(soft),
        lead_in_context=lead_in_context,
        measured_conflicts=tuple(label for label in measured if label in conflicts),
    )


def _same_words(groups: str) -> dict[str, frozenset[str]]:
    """token -> the tokens of the other words of its group (groups separated by ";")."""
    same: dict[str, frozenset[str]] = {}
    for group in groups.split(";"):
        tokens = frozenset(tokenize(group))
        for token in tokens:
            same[token] = same.get(token, frozenset()) | (tokens - {token})
    return same


# Abbreviations and units written out: an infobox row or a spec sheet says "Max. depth | 212 m"
# where a claim says "a maximum depth of 212 metres". A passage holding one holds them all.
# (Not those that are also other words or pieces of them: "min", "hr", "est", "e.g", "don't".)
_SAME_WORDS: Final = _same_words(
    """m metre metres meter meters; km kilometre kilometres kilometer kilometers; cm centimetre
    centimetres centimeter centimeters; mm millimetre millimetres millimeter millimeters; kg
    kilogram kilograms kilo kilos; ft foot feet; mi mile miles; lb lbs pound pounds; sq square;
    max maximum; approx approximately; avg average; govt government; dept department; intl
    international; univ university; hrs hour hours; yr yrs year years; mt mount"""
)


# Words that point away from the page's topic: "The rival cut 300 jobs" under "Acme results"
# is not about Acme.
_OTHER_PARTY: Final = frozenset(
    tokenize("""rival rivals competitor competitors counterpart counterparts peer peers another
    other others""")
)
# A sentence's first word: at the start of the text or a line (after any bullet, table bar or
# quote), or after a full stop.
# (A word before ":" or ending a table's first cell is a field's label: "Battery: 5,000 mAh",
# "| Coût | 312 M€ |".)
_SENTENCE_OPENING_RE: Final = re.compile(
    r"(?:^|\n|[.!?]\s)[\s\-–—•*|\"“‘'(]*([A-Z][\w’'-]*)"
    # (a field's label of up to three words: "Battery:", "Nilai investasi:")
    r"(?P<label>(?:\s[a-zà-ÿ]+){0,2}:|\s*\|)?"
)


# A sentence that opens on a pronoun or a "the company" leaves its subject to the sentence
# before it: "Acme reported its results on Monday. It plans to cut 300 jobs by 2026."
_ANAPHOR_OPENING_RE: Final = re.compile(
    r"(?:It|Its|They|Their|He|His|She|Her|This|These|The\s+(?![A-Z\d])\w+"
    r"|Es|Er|Sie|Das\s+Unternehmen|Der\s+Konzern|Die\s+Firma|Die\s+Gruppe"
    r"|Il|Elle|Ils|Elles|L['’](?:entreprise|entité)|La\s+(?:société|firme|compagnie)|Le\s+groupe"
    r"|La\s+(?:empresa|compañía)|El\s+grupo|L['’]azienda|La\s+società|Il\s+gruppo"
    r"|A\s+(?:empresa|companhia)|O\s+grupo|Het\s+(?:bedrijf|concern))\b"
)


def _topic_of(passage: Passage, page: _Index) -> frozenset[str]:
    """The words a passage may leave to its context: the page's topic and, when the passage
    opens on a pronoun or "the company", the passage before it."""
    if not _ANAPHOR_OPENING_RE.match(passage.text):
        return page.topic
    position = page.position_of(passage)
    if position == 0:
        return page.topic
    return page.topic | page.term_counts(position - 1).keys()


def _first_of(tokens: Sequence[str], wanted: Container[str]) -> str | None:
    return next((token for token in tokens if token in wanted), None)


# Words that open sentences in other languages and are no names: function words ("La", "Die")
# and the linking adverbs of news prose ("Tymczasem", "Außerdem", "Sin embargo").
_OPENING_WORDS: Final = _OTHER_FUNCTION_WORDS | frozenset(
    _words("""além entretanto contudo porém además asimismo también sin embargo cependant
    toutefois ainsi enfin inoltre tuttavia intanto quindi außerdem zudem allerdings dennoch
    inzwischen unterdessen jednak jedoch intussen daarnaast bovendien echter tymczasem natomiast
    ponadto również ancak ayrıca sementara namun selain""")
)


def _opening_names(
    text: str, claim_tokens: set[str], attribution: Sequence[tuple[int, int]] = ()
) -> list[str]:
    """The words that open a sentence of `text`, look like names and are not the claim's
    ("Ford's profit …"); a field label ("Battery: 5,000 mAh", "| Capacity | 880 cars |") is
    no name, nor the first word of an attribution ("Eastern Grid said")."""
    names = []
    for match in _SENTENCE_OPENING_RE.finditer(text):
        word = _POSSESSIVE_RE.sub("", match.group(1))
        if (
            match.group("label")
            or not _name_like(word)
            or word.casefold() in _OPENING_WORDS
            or _in_row_label(text, match.start(1))
        ):
            continue
        after = match.end(1) + 1
        if _SPEECH_VERB_RE.match(text, match.end(1)) or any(
            start <= after <= end for start, end in attribution
        ):
            continue
        if not any(
            token in claim_tokens or not claim_tokens.isdisjoint(_SAME_WORDS.get(token, ()))
            for token in tokenize(word)
        ):
            names.append(word)
    return names


def _share(tokens: Sequence[str], present: set[str]) -> float:
    return sum(1 for t in tokens if t in present) / len(tokens) if tokens else 0.0


def _is_foreign(text: str) -> bool:
    written = [w for w in _word_tokens(text[:2000]) if not w[0].isdigit()]
    if not written:
        return True
    words = [w.casefold() for w in written]
    if _has_cjk(" ".join(words)):  # one scan, not one per word
        return True
    # Names belong to no language: the share of English function words is taken among the
    # other words ("German Chancellor Olaf Scholz met French President Emmanuel Macron in
    # Paris on Thursday" has one in three, not one in thirteen).
    lowercase = [w.casefold() for w in written if not w[0].isupper()]
    common = lowercase or words
    markers = sum(1 for w in common if w in _EN_MARKERS)
    if markers / len(common) >= FOREIGN_STOPWORD_RATIO:
        return False
    if not markers and not _OTHER_FUNCTION_WORDS.isdisjoint(lowercase):
        return True  # "ASML zou 3.000 banen schrappen": no English word, one Dutch one
    if len(words) >= _SHORT_TEXT_WORDS:
        return True
    # A headline, list item or table row may hold no English function word at all: it is
    # foreign only on evidence, a letter outside ASCII or two other languages' function words.
    if any(not w.isascii() for w in words):
        return True
    return sum(1 for w in words if w in _OTHER_FUNCTION_WORDS) >= 2


_SHORT_TEXT_WORDS: Final = 12


# Frequent English function words that are not also common German/French/Spanish words.
_EN_MARKERS: Final = frozenset(
    _words("""the and of to is was that with for it its this from by be are has have had which
    would were been their they said on at as but not who than after while into could
    should because during these those there what when where about whose whom""")
)


# --------------------------------------------------------------------------------------------
# Changed words: a passage with nearly all of the claim's words may still say something else
# --------------------------------------------------------------------------------------------

# Words that vary freely between a claim and its source: reporting verbs ("announced" /
# "confirmed") and conjunctions ("although" / "while").
_LOOSE_WORDS: Final = frozenset(
    tokenize("""announced announce confirmed confirm stated state added claimed noted disclosed
    revealed although though whereas while because despite""")
)
# Words that say the opposite of each other in news prose: a passage that has one where the
# claim has the other does not state the claim ("signed" / "vetoed", "rose" / "fell"). English
# only; any other changed word is reported in the reason but does not change the verdict, as
# most are paraphrases ("invested" / "put", "buy" / "acquire").
_OPPOSITES: Final = tuple(
    (frozenset(tokenize(one)), frozenset(tokenize(other)))
    for one, other in (
        ("rise rises rose risen increase increased grow grew grown gain gained climb climbed "
         "jump jumped surge surged soar soared up higher more raise raised boost boosted expand "
         "expanded", "fall falls fell fallen decrease decreased shrink shrank shrunk lose lost "
         "drop dropped decline declined slump slumped plunge plunged down lower less cut reduce "
         "reduced"),
        ("sign signed approve approved accept accepted pass passed back backed support "
         "supported endorse endorsed allow allowed permit permitted legalise legalize legalised "
         "legalized", "veto vetoed reject rejected decline declined refuse refused block blocked "
         "oppose opposed ban banned prohibit prohibited outlaw outlawed"),
        ("win wins won victory", "lose loses lost defeat defeated"),
        ("open opens opened reopen reopened launch launched start started begin began",
         "close closes closed shut end ended cancel cancelled canceled scrap scrapped suspend "
         "suspended halt halted stop stopped"),
        ("hire hired recruit recruited add added", "fire fired dismiss dismissed sack sacked lay "
         "laid"),
        ("buy bought acquire acquired purchase purchased", "sell sold divest divested"),
        ("arrest arrested detain detained jail jailed convict convicted guilty",
         "release released free freed acquit acquitted innocent"),
        ("confirm confirmed admit admitted", "deny denied"),
        ("join joined enter entered", "leave left quit exit exited"),
        ("profit profits surplus", "loss losses deficit"),
        ("import imports imported", "export exports exported"),
    )
)  # fmt: skip
# "not", "didn't", "nicht", "kein", "pas", "nunca", "não", "niet", "nie", "не", "tidak",
# "không", "لم", "לא", "नहीं", … ("ne" and Italian "mai" are left out: the first always comes
# with "pas", the second is German "Mai"). "failed to pass" negates as "did not pass" does.
_NEGATIONS: Final = frozenset(
    tokenize("""not never no nor t failed fail fails nicht kein keine keinen keinem keiner nie
    niemals pas jamais nunca non não niet geen nooit не нет никогда ні tidak bukan belum không
    chưa değil لم لا لن ليس לא नहीं""")
)
# Words that report a statement as false; what follows them further off is what they deny
# ("denied reports that it had laid off 300 workers", "falsely claim that the WHO declared").
_DENIALS: Final = frozenset(
    tokenize("""denied deny denies denying falsely false fake hoax debunked unfounded baseless
    untrue""")
)
_NEGATION_WORDS: Final = _NEGATIONS | _DENIALS
# Negations of one language that are other words in another: Portuguese "no" is "in the".
_NOT_NEGATIONS_IN: Final = {"pt": frozenset({"no"})}
_DENIAL_REACH: Final = 8
_NOT_NEGATING: Final = frozenset(tokenize("only just merely"))  # "not only … but also"
# Words between two claim words in the passage beyond those between them in the claim that
# still count as the same place ("the war" / "the long strike").
_SLOT_SLACK: Final = 2
_NEGATION_REACH: Final = 3  # "did not immediately sign"


def _substitutions(
    prepared: _Claim, passage: Sequence[str], present: Container[str]
) -> list[tuple[str, str]]:
    """(claim word, passage word) pairs where the passage has another word in a claim word's
    place: the claim words on either side of it are in the passage, in order and as close as in
    the claim, and between them stands a content word the claim does not have ("signed" /
    "vetoed", "war" / "strike"). A word of the same stem family ("acquired" / "acquisition")
    is not a change."""
    words = prepared.words
    content = set(prepared.tokens)
    claim_words = set(words)
    where: dict[str, list[int]] = {}
    for position, token in enumerate(passage):
        if token in content:
            where.setdefault(token, []).append(position)
    # (a word may be present without being one of the passage's tokens: "roadside" in "road
    # side", a name the page's topic holds; only those the passage has place the others)
    anchors = [i for i, word in enumerate(words) if word in where and word in present]
    changes = []
    for i, word in enumerate(words):
        if word not in content or word in present or word in _LOOSE_WORDS or word[0].isdigit():
            continue
        before = [j for j in anchors if j < i]
        after = [j for j in anchors if j > i]
        if not before or not after:
            continue
        left, right = before[-1], after[0]
        reach = right - left + _SLOT_SLACK
        replacement = next(
            (
                token
                for start in where[words[left]]
                for end in where[words[right]]
                if 1 < end - start <= reach
                for token in passage[start + 1 : end]
                if token not in claim_words
                and token not in prepared.stopwords
                and token not in _NEGATION_WORDS
                and not token[0].isdigit()
                and (len(token) > 1 or not token.isascii())
                and not _same_family(word, token)
            ),
            None,
        )
        if replacement is not None:
            changes.append((word, replacement))
    return changes


# Capitalised at the start of a claim but not names: collective and mass nouns that often
# open one ("Police arrested …", "Inflation fell …"). Plurals and abstract nouns (by their
# endings) are left out by _name_like as well.
_COMMON_SUBJECTS: Final = frozenset(
    tokenize("""police government parliament council congress court army military navy media
    press public traffic crime turnout demand supply output trade rain snow water weather
    research evidence data staff management labour labor industry business""")
)
_ABSTRACT_ENDING_RE: Final = re.compile(r"(?:tion|sion|ment|ity|ness|ance|ence|ing|th|ure|ism)$")


def _name_like(word: str) -> bool:
    """A capitalised single word that is probably a proper name ("Tesla", "Ford"), not a
    common noun opening a sentence ("Officials", "Inflation", "Police")."""
    folded = word.casefold()
    return (
        word[:1].isupper()
        and len(word) > 1
        and not (folded.endswith("s") and not folded.endswith("ss"))
        and not _ABSTRACT_ENDING_RE.search(folded)
        and not any(t in _COMMON_SUBJECTS or t in _STOPWORDS for t in tokenize(word))
    )


def _initial_swap(
    prepared: _Claim, passage: Sequence[str], present: Container[str]
) -> tuple[str, str] | None:
    """(claim word, passage word) when the claim's first word, its subject, is missing and the
    passage has another word just before the claim's next word ("Tesla recalled 120,000
    vehicles" / "Ford recalled 120,000 vehicles"). _substitutions needs a claim word on both
    sides and never sees the first one."""
    words = prepared.words
    content = set(prepared.tokens)
    if not words or words[0] not in content or words[0] in present:
        return None
    # The claim's next content word, with only function words before it ("Apple will open").
    right = next((j for j in range(1, len(words)) if words[j] in content), None)
    if right is None or words[right] not in present:
        return None
    claim_words = set(words)
    for end, token in enumerate(passage):
        if token != words[right]:
            continue
        for candidate in reversed(passage[max(0, end - right - _SLOT_SLACK) : end]):
            if candidate in claim_words or candidate in prepared.stopwords:
                continue
            if candidate[0].isdigit() or _same_family(words[0], candidate):
                break
            return words[0], candidate
    return None


# Words of the opposites too common to tell a claim's way on their own ("more than", "up to").
_WEAK_OPPOSITES: Final = frozenset(tokenize("up higher more down lower less"))


def _opposite_side(claim: Sequence[str], passage: Sequence[str]) -> tuple[str, str] | None:
    """(claim token, passage token) when the claim has a word of one side of an opposite pair
    and none of the other, and the passage one of the other side and none of the claim's."""
    claim_set, passage_set = set(claim) - _WEAK_OPPOSITES, set(passage) - _WEAK_OPPOSITES
    for one, other in _OPPOSITES:
        for said, turned in ((one, other), (other, one)):
            ours = claim_set & said
            if ours and not claim_set & turned and not passage_set & said:
                theirs = passage_set & turned
                if theirs:
                    return min(ours), min(theirs)
    return None


def _only_change(claim: Sequence[str], passage: Sequence[str], turned: str) -> bool:
    """Whether the claim's turned word is the one change the passage makes: the rest of the
    claim's words present, but one of six or more ("rejected the bike lane plan" against
    "voted to approve bike lanes")."""
    missing = set(claim) - set(passage) - {turned}
    return not missing or (len(missing) == 1 and len(set(claim)) >= _ONE_MISSING_WORDS)


_ONE_MISSING_WORDS: Final = 6


def _opposite(a: str, b: str) -> bool:
    return any((a in one and b in other) or (a in other and b in one) for one, other in _OPPOSITES)


def _same_family(a: str, b: str) -> bool:
    shorter = min(len(a), len(b))
    common = _common_prefix_length(a, b)
    return common >= 4 or (shorter >= 3 and common == shorter)


def _common_prefix_length(a: str, b: str) -> int:
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def _negated(
    tokens: Sequence[str], targets: set[str], negations: frozenset[str] = _NEGATION_WORDS
) -> tuple[set[str], set[str]]:
    """The targets a negation bears on (the first within reach after it, in any form: "did not
    sign", "did not acquire" for "acquired", "n'a pas signé", "no plans to close"), and those
    that also appear without one."""
    negated: set[str] = set()
    negated_at: set[int] = set()
    for position, token in enumerate(tokens):
        if token not in negations:
            continue
        reach = _DENIAL_REACH if token in _DENIALS else _NEGATION_REACH
        following = tokens[position + 1 : position + 1 + reach]
        if following and following[0] in _NOT_NEGATING:
            continue
        for offset, word in enumerate(following, start=position + 1):
            if word in targets:
                negated_at.add(offset)
                break
            kin = next((t for t in targets if _same_family(word, t)), None)
            if kin is not None and len(word) > 3:
                negated.add(kin)
                negated_at.add(offset)
                break
    plain: set[str] = set()
    starts = {target[:3] for target in targets}
    for position, token in enumerate(tokens):
        if token in targets:
            (negated if position in negated_at else plain).add(token)
        elif len(token) > 3 and token[:3] in starts and position not in negated_at:
            # Another form of a target stated plainly: "approved" (approv) for "approve".
            kin = next((t for t in targets if _inflected(token, t)), None)
            if kin is not None:
                plain.add(kin)
    return negated, plain


def _inflected(a: str, b: str) -> bool:
    """Whether two stems are one word in two forms, the shorter one the longer's start and
    at most three letters shorter ("approv", "approve"; not "approach")."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 3 and len(long) - len(short) <= 3 and long.startswith(short)


# Words of two opposite ways (going up and down, profit and loss, approval and rejection,
# winning and losing, conviction and acquittal, admission and denial), in the languages claims
# are read in (English ones for an English claim on a page in another language): word starts in
# alphabetic scripts, words in CJK ones, and a percentage followed by "more" ("15%増", "un 9 %
# más").
_OPPOSITE_WAYS: Final = (
    (
        (
            r"rose|rise|risen|rising|increas|grew|grow|gain|climb|jump|surg|soar|higher|stieg|"
            r"gestiegen|steig|erhöh|zugelegt|wuchs|gewachsen|anstieg|hausse|augment|progress|"
            r"grimp|élev(?!eur|ag)|elev(?!ador|ator)|subió|subieron|creci|crec|alza|aumentat|"
            r"cresc|salit|rialz|subiu|aumentou|cresceu|triplic|duplic|gestegen|steeg|stijg|groei|"
            r"wzr|zwiększ|podwyż|lengthen|prolong|verläng|allong|alarg|allung|verleng|wydłuż|"
            r"удлин|uzad|"
            r"вырос|увелич|рост(?!ов)|повыс|art(?:tı|ış|ar|ır)|yüksel|zam(?!an)|naik|meningkat|"
            r"kenaikan|बढ़|बढ|तेज",
            # (Arabic writes "and", "with", "the" onto a word: matched anywhere in one.)
            r"ارتفع|ارتفاع|زيادة|增长|增加|上升|上涨|提高|増加|増益|増収|上昇|伸び|[%％]増|증가|"
            r"상승|늘었|늘어|올랐|\bup(?=\s(?:by\s)?[$€£]?\d)|"
            r"[%％]\s?(?:más|mehr|de plus|in più|a mais|больше)|"
            # a signed change, as tables write it: "+8,1%"
            r"(?<![\w.,])\+\s?\d+(?:[.,]\d+)?\s?[%％]",
        ),
        (
            r"fell|fall|fallen|falling|decreas|declin|drop|shrank|shrunk|shrink|slump|plung|"
            r"tumbl|lower|sank|gesunken|fiel|gefallen|rückgang|verring|gesenkt|senkt|baiss|recul|"
            r"diminu|chut|réduit|réduction|cay|caí|bajó|descen|disminu|rebaj|reduc|reduj|calo|sces|"
            r"calat|ribass|ridu|ridott|reduz|caiu|encolh|recuou|queda|gedaald|daald|daalt|kromp|"
            r"spad|obniż|zmniejsz|сниз|сократ|упал|падени|уменьш|düş(?!ün)|geril|azal|indir|turun|"
            r"menurun|penurunan|घट|गिर|shorten|verkürz|raccourc|acort|accorci|encurt|verkort|"
            r"skróc|укорот|kısal",
            r"انخفض|انخفاض|تراجع|下降|减少|下跌|降低|減少|減益|減収|低下|下落|[%％]減|감소|하락|"
            r"줄었|줄어|내렸|\bdown(?=\s(?:by\s)?[$€£]?\d)|"
            r"[%％]\s?(?:menos|weniger|de moins|in meno|a menos|меньше)|"
            r"(?<![\w.,])[-−–]\s?\d+(?:[.,]\d+)?\s?[%％]|\(\d+(?:[.,]\d+)?\)\s?[%％]",
        ),
    ),
    (
        (
            r"profit|gewinn|bénéfice|beneficio|utile netto|lucro|winst|zysk|прибыл|kâr|laba|"
            r"मुनाफ",
            r"ربح|أرباح|利润|盈利|黑字|黒字|흑자",
        ),
        (
            r"loss|verlust|perte|pérdida|perdit|prejuízo|verlies|strat(?!eg)|убыт|zarar|rugi|घाटा",
            r"خسار|亏损|損失|赤字|적자|손실",
        ),
    ),
    # Decisions, contests, verdicts and statements the other way round.
    (
        (
            r"approv|genehmig|gebilligt|billigt|zugestimmt|angenommen|beschlossen|beschließt|"
            r"beschloss|approuv|adopté|aprob|"
            r"aprov|goedgekeurd|aangenomen|zatwierdz|przyjęł|одобр|утверд|onaylad|disetujui",
            r"可决|可決|批准|通过|承認|가결|승인",
        ),
        (
            r"reject|abgelehnt|ablehn|verworfen|rejet|refus|rechaz|respint|bocciat|rejeit|"
            r"recus|afgewezen|verworpen|odrzuc|отклон|отверг|reddedil|ditolak",
            r"否决|否決|驳回|拒绝|부결|기각",
        ),
    ),
    (
        (
            r"gewonnen|gewann|siegte|gagné|remporté|ganó|vinto|venceu|ganhou|wygrał|выиграл|"
            r"победил|kazandı|menang",
            r"获胜|胜诉|勝利|勝訴|승리|이겼",
        ),
        (
            r"verloren|verlor|perdu|perdió|perso|perdeu|przegrał|проиграл|kaybetti|kalah",
            r"败诉|落败|敗訴|敗れ|패배|졌",
        ),
    ),
    (
        (
            r"verurteilt|condamné|condenad|condannat|veroordeeld|skazan|skazał|осужд|приговор|"
            r"mahkum",
            r"判处|定罪|有罪|유죄",
        ),
        (
            r"freigesprochen|acquitté|relaxé|absuelt|absolvi|assolt|vrijgesproken|uniewinni|"
            r"оправда|beraat",
            r"无罪|無罪|무죄",
        ),
    ),
    (
        (
            r"gestanden|eingeräumt|avoué|reconnu|admitió|ammesso|admitiu|confessou|toegegeven|"
            r"przyznał|признал|itiraf",
            r"承认|認め|인정",
        ),
        (
            r"bestritten|dementiert|zurückgewiesen|nié|démenti|negó|desmintió|negato|smentito|"
            r"negou|desmentiu|ontkend|zaprzeczył|отрицает|отрицал|inkar",
            r"否认|否認|否定|부인",
        ),
    ),
    (
        (r"raised|hike", r"上调|上調|涨价|引き上げ|値上げ|値上が|인상"),
        (r"lowered|reduced", r"下调|下調|降价|引き下げ|値下げ|値下が|인하"),
    ),
)
_OPPOSITE_WAY_RES: Final = tuple(
    tuple(
        re.compile(rf"\b(?:{alphabetic})\w*|{other}", re.IGNORECASE) for alphabetic, other in pair
    )
    for pair in _OPPOSITE_WAYS
)


def _opposite_direction(
    claim: str, passage: str, figures: Iterable[frozenset[str]] = ()
) -> tuple[str, str] | None:
    """(claim word, passage word) when the claim goes only up (or speaks only of profit) and
    the passage only down (of loss), or the other way round. A passage that goes both ways
    is read around the claim's figures ("营业收入…同比增长23.5%；…净利润9.7亿元，同比下降12.1%")."""
    windows: list[str] | None = None
    for first, second in _OPPOSITE_WAY_RES:
        for said, other in ((first, second), (second, first)):
            match = said.search(claim)
            if match is None or other.search(claim) is not None:
                continue
            where = [passage]
            if said.search(passage):
                if windows is None:
                    windows = _around_figures(passage, figures)
                where = windows
            for text in where:
                turned = other.search(text)
                if turned is not None and not said.search(text):
                    return match.group(), turned.group()
    return None


def _around_figures(passage: str, figures: Iterable[frozenset[str]]) -> list[str]:
    """The text just around each place the passage writes one of the figures."""
    keys = frozenset().union(*figures)
    if not keys:
        return []
    return [
        passage[max(0, m.start() - _WAY_REACH) : m.end() + _WAY_REACH]
        for m in _FIGURE_RE.finditer(passage)
        if keys & _figure_keys(m.group())
    ]


_WAY_REACH: Final = 8  # characters either side of a figure its way is said in ("同比下降12.1%")


def _way_of_figures(claim: str, passage: str) -> tuple[str, str] | None:
    """(claim word, the passage's two amounts) when the claim goes up or down with no change
    figure of its own, and the passage gives an amount and the one it is compared with the
    other way round: "net income increased" against "net income of $38.1 million, compared
    with $41.0 million in the prior-year quarter"."""
    way = _claim_way(claim)
    if way is None or not _COMPARED_HINT_RE.search(passage):
        return None
    word, claim_up = way
    amounts = [n for n in _numbers(passage, number_words=False) if n.kind == "money"]
    now = next((n for n in amounts if n.role != "compared"), None)
    then = next((n for n in amounts if n.role == "compared"), None)
    if now is None or then is None or now.unit != then.unit or None in (now.value, then.value):
        return None
    went_up = (now.value or 0.0) > (then.value or 0.0)
    if went_up != claim_up:
        return word, f"{now.label} against {then.label}"
    return None


# Words that may give what an amount is compared with (see _COMPARED_FIGURE_RE).
_COMPARED_HINT_RE: Final = re.compile(rf"{_COMPARED_BEFORE_WORDS}|较|相比|から|에서", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def _claim_way(claim: str) -> tuple[str, bool] | None:
    """(word, whether up) when a claim goes only up or only down, with no change figure."""
    if "%" in claim:
        return None
    up, down = _OPPOSITE_WAY_RES[0]
    rose, fell = up.search(claim), down.search(claim)
    if rose is not None and fell is None:
        return rose.group(), True
    if fell is not None and rose is None:
        return fell.group(), False
    return None


# Negations in Chinese (没有, 不会, 未 but not 未来 "future"), Japanese (しない, ません, ず; not
# 少ない "few") and Korean (않다, 못, 없다).
_CJK_NEGATION_RE: Final = re.compile(
    r"没有|不会|不再|不打算|不计划|未(?!来|成年|知)|无意|拒绝|否认|放弃|"
    r"(?<![少危汚幼])(?:しない|しません|ない方針|ないこと|ません|なかった|ず[、。に])|"
    r"않|못 |없(?!이)"
)


def _polarity_changes(prepared: _Claim, passage: str) -> list[str]:
    """Claim words that one of claim and passage negates and the other states: only those the
    passage has (in one form only), so that "signed …; did not sign the budget" is no change.
    A negation bears on words of its own sentence only ("dijo que no dimitirá. Las elecciones
    …"), and one within reach of the claim's own negation is the same ("will not run for
    re-election" / "is not seeking re-election")."""
    content = set(prepared.tokens)
    negations = _claim_negations(prepared)
    claim_negated, _ = _negated(prepared.words, content, negations)
    passage_negated: set[str] = set()
    passage_plain: set[str] = set()
    for start, end in _sentence_spans(passage):
        negated, plain = _negated(tokenize(passage[start:end]), content, negations)
        passage_negated |= negated
        passage_plain |= plain
    in_reach = _in_negation_reach(prepared.words, content, negations)
    return sorted(
        word
        for word in claim_negated ^ passage_negated
        if (word in passage_negated) != (word in passage_plain)
        and not (word in passage_negated and word in in_reach)
    )


def _claim_negations(prepared: _Claim) -> frozenset[str]:
    """The negation words, less those that are other words in the claim's language (see
    _NOT_NEGATIONS_IN)."""
    return _NEGATION_WORDS - _NOT_NEGATIONS_IN.get(prepared.language or "", frozenset())


def _in_negation_reach(
    tokens: Sequence[str], targets: Container[str], negations: frozenset[str]
) -> set[str]:
    """The targets within reach after a negation, not only the first."""
    reached: set[str] = set()
    for position, token in enumerate(tokens):
        if token in negations:
            reach = _DENIAL_REACH if token in _DENIALS else _NEGATION_REACH
            reached.update(t for t in tokens[position + 1 : position + 1 + reach] if t in targets)
    return reached


def _unmatched_negation(prepared: _Claim, passage: Sequence[str]) -> str | None:
    """The word the claim negates when the passage has no negation of anything."""
    negations = _claim_negations(prepared)
    if negations.isdisjoint(prepared.words) or not negations.isdisjoint(passage):
        return None
    claim_negated, _ = _negated(prepared.words, set(prepared.tokens), negations)
    return _surface(prepared.text, min(claim_negated)) if claim_negated else None


def _surface(text: str, token: str) -> str:
    """The first word of ``text`` that tokenises to ``token`` (for reasons people read)."""
    start = token[:2]
    for match in _WORD_RE.finditer(text):
        word = match.group()
        if word[:2].casefold() == start and tokenize(word) == [token]:
            return word
    return token


# --------------------------------------------------------------------------------------------
# Verdicts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextQuoteSelector:
    """W3C Web Annotation TextQuoteSelector."""

    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True, slots=True)
class Assessment:
    verdict: EvidenceVerdict
    score: float
    reason: str
    selector: TextQuoteSelector | None
    start: int | None  # TextPositionSelector: code points into MainText.text
    end: int | None
    method: str


@dataclass(frozen=True, slots=True)
class Features:
    """What a verdict is decided from (exposed so thresholds can be grid-searched)."""

    coverage: float
    subject_coverage: float
    predicate_coverage: float
    clause_coverage: float
    fuzz: float
    salient_total: int
    hits: int
    conflicts: int
    has_number_hit: bool
    name_hits: int
    foreign: bool
    soft_missing: int = 0  # attribution names found nowhere on the page (see decide_verdict)
    # Only names conflict, while a figure or date of the claim is missing from the passage.
    name_conflicts_only: bool = False
    # (claim word, passage word) where the passage has another word in the claim word's place
    substituted: tuple[tuple[str, str], ...] = ()
    opposed: tuple[tuple[str, str], ...] = ()  # those of them that say the opposite
    renamed: tuple[tuple[str, str], ...] = ()  # the claim's subject, named otherwise
    # the claim's subject where the passage speaks of a rival, a competitor, another one
    other_party: tuple[tuple[str, str], ...] = ()
    negated: tuple[str, ...] = ()  # claim words negated by one of claim and passage only
    # A word the claim negates, where the passage has no negation at all: "has not yet named
    # a chief executive" against "announced a new chief executive".
    unmatched_negation: str | None = None
    # A vote with votes against, where the claim says it was unanimous ("7-2").
    dissent: str | None = None
    # The claim's way (up or down) where the passage's amounts went the other (see
    # _way_of_figures).
    turned_figures: tuple[str, str] | None = None
    # A claim in Chinese, Japanese or Korean: no capitals tell its names, so its first word
    # stands for its subject, as such claims are written ("小米2024年营收…", "トヨタの…").
    cjk: bool = False
    cjk_lead: bool = False  # the passage has that word
    # Claim and passage are in two languages (an English claim on a French page, a French
    # claim on a German one): figures and names are all they can share.
    cross_language: bool = False
    # Every figure of the claim the passage contradicts is a span of time in words ("the
    # first nine months", "four years earlier", "two-year-olds"): a page in another language
    # writes those otherwise ("9M", "Q1–Q3"), so it is no sure contradiction there.
    spelled_conflicts: bool = False
    opening_hit: bool = False  # (counted in name_hits) see _features
    figure_hits: int = 0  # amounts, percentages and numbers the passage states as the claim does
    claim_words: int = 0  # the claim's content words: a longer claim asserts more
    # A figure of the claim the passage says the page gave wrongly ("In our 18:05 entry we
    # wrote 6.5%"; "132 km/h, not 152 km/h as first reported"): see _retracted_figure.
    retracted: str | None = None
    # A figure of the claim the passage gives another value for what it measures (see
    # _measures_alike): "ricavi per 41,2 milioni" against "ricavi pari a 31,6 milioni".
    measured_conflict: bool = False


def quote_selector(
    text: str, start: int, end: int, context: int = SELECTOR_CONTEXT
) -> TextQuoteSelector:
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return TextQuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


# Changed words only matter to a passage that could support the claim: every salient token
# found, and coverage or fuzzy score at least the lowest support bar any threshold tried.
_CHANGES_MIN_COVER: Final = 0.4
_CHANGES_MIN_FUZZ: Final = 0.85


def _features(
    prepared: _Claim, scored: ScoredPassage, topic: frozenset[str] = frozenset()
) -> Features:
    """The verdict features of one passage; ``topic``: the page's (see _Index.topic)."""
    kinds = {s.label: s.kind for s in prepared.salients}
    substituted: list[tuple[str, str]] = []
    opposed: list[tuple[str, str]] = []
    renamed: list[tuple[str, str]] = []
    other_party: list[tuple[str, str]] = []
    negated: list[str] = []
    unmatched_negation: str | None = None
    could_support = len(scored.salient_hits) + len(scored.salient_soft) == len(prepared.salients)
    could_support = could_support and (
        scored.coverage >= _CHANGES_MIN_COVER or scored.fuzz >= _CHANGES_MIN_FUZZ or scored.foreign
    )
    text = scored.passage.text
    passage = tokenize(text) if could_support or prepared.lead is not None else []
    cjk_lead = prepared.lead is not None and (prepared.lead in passage or scored.lead_in_context)
    if could_support and not prepared.cjk:
        # Changed words are judged in English only: the opposites are English, and elsewhere
        # the stemming is too light to tell a changed word from another form of the same one.
        if scored.coverage < 1.0 and prepared.language is None and not scored.foreign:
            present = set(passage)
            present |= _joined_tokens(present, prepared.tokens)
            if prepared.short_names or prepared.long_names:
                present |= _names_written_otherwise(prepared, scored.passage.text, present)
            # An opposite counts only as the one change: "Inflation fell" against "prices
            # rose" speaks of another quantity, and may well agree.
            only_change = sum(1 for t in prepared.tokens if t not in present) == 1
            for old, new in _substitutions(prepared, passage, present):
                pair = (_surface(prepared.text, old), _surface(text, new))
                (opposed if only_change and _opposite(old, new) else substituted).append(pair)
            swap = _initial_swap(prepared, passage, present)
            if swap is not None:
                pair = (_surface(prepared.text, swap[0]), _surface(text, swap[1]))
                # Its subject gone, a passage that speaks of a rival is about someone else:
                # "Harlow Mills, a rival snack maker, said its own sale would close …".
                party = swap[1] if swap[1] in _OTHER_PARTY else _first_of(passage, _OTHER_PARTY)
                if party is not None:
                    other_party.append((pair[0], _surface(text, party)))
                else:
                    (renamed if all(map(_name_like, pair)) else substituted).append(pair)
        negated = [_surface(prepared.text, word) for word in _polarity_changes(prepared, text)]
        if not negated:
            unmatched_negation = _unmatched_negation(prepared, passage)
    figure_hits = sum(  # (a day of a month is a date, no figure: "6月9日", "13/03/2025")
        1
        for h in scored.salient_hits
        if kinds.get(h) in {"money", "percent", "number"} and not h.endswith(_DAY_LABEL)
    )
    cross_language = _cross_language(prepared, scored, passage)
    if cross_language and not passage:
        passage = tokenize(text)
    # On a page in another language, a name opening the claim, which no salient token holds:
    # "Nordmark's population …" against "Bevölkerung in Nordmark …"; or, in a passage that
    # states the claim's figures, in the page's topic: "Reuthner's revenue fell 14%" against
    # "Der Umsatz war … um 14 Prozent … gesunken" under "Reuthner …" (spelled in Cyrillic too).
    opening_hit = False
    if cross_language and prepared.opening is not None:
        words = [*passage, *(topic if figure_hits else ())]
        opening_hit = prepared.opening in words or bool(
            _names_spelled_otherwise([prepared.opening], words)
        )
    if could_support and cjk_lead:
        # A Chinese, Japanese or Korean claim that negates what the passage states: "华星科技
        # 没有计划建设新的芯片工厂" against "计划…建设新的芯片工厂". (Only this way round: a
        # page's sentences hold negations of other things too.)
        said = _CJK_NEGATION_RE.search(prepared.text)
        if said is not None and _CJK_NEGATION_RE.search(scored.passage.text) is None:
            negated = [said.group()]
    # (and in a table row, whose change is a signed figure: "| Operating profit | … | -15% |")
    if (
        could_support
        and not opposed
        and (prepared.language or prepared.cjk or scored.foreign or text.startswith("|"))
    ):
        # Outside English the opposites above are not read: a claim that goes one way where
        # the passage only goes the other ("cayó un 9 %" against "un 9 % más", 下降 against
        # 增长) is the same change of word.
        turn = _opposite_direction(
            prepared.text, scored.passage.text, (keys for _, keys in prepared.figures)
        )
        if turn is not None:
            opposed.append(turn)
    elif could_support and not opposed and not prepared.cjk:
        # In English a word of the other side anywhere in the passage, none of the claim's
        # side: "rejected the 2025 budget" against "voted 7-2 … to approve a $38 million budget
        # for the 2025 fiscal year" (the slot rule above wants the word in the claim word's
        # place).
        turn = _opposite_side(prepared.tokens, passage)
        # Only as the one change: "Inflation fell" against "prices rose" speaks of another
        # quantity.
        if turn is not None and _only_change(prepared.tokens, passage, turn[0]):
            opposed.append((_surface(prepared.text, turn[0]), _surface(text, turn[1])))
    return Features(
        coverage=scored.coverage,
        subject_coverage=scored.subject_coverage,
        predicate_coverage=scored.predicate_coverage,
        clause_coverage=scored.clause_coverage,
        fuzz=scored.fuzz,
        salient_total=len(prepared.salients),
        hits=len(scored.salient_hits),
        conflicts=len(scored.salient_conflicts),
        # (A table row's year says which of its dates, not what happened then: "| Launched |
        # 12 May 2007 |" for "entered service in 2007".)
        has_number_hit=any(
            kinds.get(h) in {"money", "percent", "number", "year"}
            and not (kinds[h] == "year" and scored.passage.text.startswith("|"))
            for h in scored.salient_hits
        ),
        name_hits=sum(1 for h in scored.salient_hits if kinds.get(h) == "name") + opening_hit,
        opening_hit=opening_hit,
        foreign=scored.foreign,
        cross_language=cross_language,
        spelled_conflicts=bool(scored.salient_conflicts)
        and all(_spelled_span(prepared.text, label) for label in scored.salient_conflicts),
        soft_missing=len(scored.salient_soft),
        measured_conflict=bool(scored.measured_conflicts),
        name_conflicts_only=bool(scored.salient_conflicts)
        and all(kinds.get(c) == "name" for c in scored.salient_conflicts)
        and any(kinds.get(m) in _DATED_KINDS for m in scored.salient_missing),
        substituted=tuple(substituted),
        opposed=tuple(opposed),
        renamed=tuple(renamed),
        other_party=tuple(other_party),
        negated=tuple(negated),
        unmatched_negation=unmatched_negation,
        dissent=_dissent(text) if prepared.unanimous else None,
        turned_figures=_way_of_figures(prepared.text, text) if could_support else None,
        cjk=prepared.cjk,
        cjk_lead=cjk_lead,
        figure_hits=figure_hits,
        claim_words=len(prepared.tokens),
        retracted=_retracted_figure(prepared, text)
        if figure_hits or any(kinds.get(h) == "year" for h in scored.salient_hits)
        else None,
    )


def _spelled_span(claim: str, label: str) -> bool:
    """Whether the claim writes this figure as a number word before a unit of time."""
    if any(c.isdigit() for c in label):
        return False
    return re.search(rf"\b{re.escape(label)}{_TIME_UNIT_AFTER}", claim, re.IGNORECASE) is not None


_TIME_UNIT_AFTER: Final = r"[- ](?:years?|months?|weeks?|days?|hours?|decades?|quarters?)\b"


def _retracted_figure(prepared: _Claim, text: str) -> str | None:
    """The claim's figure the passage retracts: one written after the page's report of what it
    said ("we wrote", "hatten wir geschrieben") or before its word of error ("as first
    reported", "was wrong"), with no other figure between ("430 homes, not 340 as first
    reported" retracts 340, not 430)."""
    if not _RETRACTION_HINT_RE.search(text):
        return None
    for put_right in _PUT_RIGHT_RE.finditer(text):
        # "son 46 municipios y no 42", "430 homes, not 340"
        keys = _figure_keys(put_right.group("figure"))
        for label, claimed in (*prepared.figures, *prepared.year_figures):
            if claimed & keys:
                return label
    for label, keys in (*prepared.figures, *prepared.year_figures):
        for match in _FIGURE_RE.finditer(text):
            if not keys & _figure_keys(match.group()):
                continue
            before = text[max(0, match.start() - _RETRACTION_REACH) : match.start()]
            said = [found.end() for found in _RETRACTION_BEFORE_RE.finditer(before)]
            if said and not _FIGURE_RE.search(before, said[-1]):
                return label
            after = text[match.end() : match.end() + _RETRACTION_REACH]
            wrong = _RETRACTION_AFTER_RE.search(after)
            if wrong is not None and not _FIGURE_RE.search(after, 0, wrong.start()):
                return label
    return None


_RETRACTION_REACH: Final = 120
_PUT_RIGHT_NOT: Final = r"(?:not|no|non|pas|nicht|niet|nie|не|bukan)\s+"
_PUT_RIGHT_AND: Final = r"(?:y|e|et|and|und|en|i|и|ve|dan)\s+"
# (what a passage holds for one to be put right: a word of negation before a figure)
_PUT_RIGHT_HINT: Final = rf"{_PUT_RIGHT_NOT}(?:\w+\s+)?\d"
# A figure put right by the one before it: "son 46 municipios y no 42", "430 homes, not 340",
# "sono 12 e non 15".
_PUT_RIGHT_RE: Final = re.compile(
    rf"\d(?:[\d.,]*\d)?\s*[^\W\d]*\s*(?:,\s*(?:{_PUT_RIGHT_AND})?|\s{_PUT_RIGHT_AND})"
    rf"{_PUT_RIGHT_NOT}(?:de\s+|à\s+|a\s+|di\s+|van\s+)?"
    r"(?P<figure>\d(?:[\d.,]*\d)?)(?![\d.,]?\d)",
    re.IGNORECASE,
)
# The page's own earlier report, before the figure it gave.
_RETRACTION_BEFORE: Final = (
    r"\bwe (?:had |have )?(?:reported|wrote|written|said|stated|gave)|\b(?:earlier|previous|"
    r"original) (?:post|report|version|entry|update|article) (?:said|stated|gave|reported)|"
    r"\b(?:was|were|had been) (?:initially |originally |first |wrongly |incorrectly )?"
    r"reported (?:as|at)\b|\b(?:wrongly|incorrectly|mistakenly|erroneously)\b|"
    r"hatten wir|haben wir [^.]{0,30}(?:geschrieben|berichtet|gemeldet)|fälschlich|"
    r"schreven we|meldden we|hadden we [^.]{0,30}(?:geschreven|gemeld)|ten onrechte|"
    r"nous avions|avions (?:écrit|indiqué|annoncé)|par erreur|escribimos|informamos|"
    r"habíamos (?:escrito|informado|publicado)|por error|erróneamente|avevamo (?:scritto|"
    r"riportato|indicato)|scrivevamo|per errore|erroneamente|escrevemos|noticiamos|"
    r"tínhamos (?:escrito|informado|noticiado)|por engano|pisaliśmy|napisaliśmy|podaliśmy|"
    r"informowaliśmy|błędnie|мы (?:писали|сообщали|указали)|ошибочно|yazmıştık|"
    r"bildirmiştik|yanlışlıkla|kami (?:menulis|memberitakan|melaporkan)|sebelumnya (?:ditulis|"
    r"diberitakan)|ذكرنا|كتبنا|أوردنا|خطأً|بالخطأ|हमने (?:लिखा|बताया)|गलती से|此前报道|误报|誤って|"
    # "An earlier version of this article said", in each language.
    r"\b(?:earlier|previous|original|initial|first) version\b|(?:früheren|ursprünglichen|"
    r"ersten|vorherigen) (?:Version|Fassung)|(?:première|précédente) version|version "
    r"(?:initiale|précédente)|versi(?:ón|one) (?:anterior|inicial|iniziale|precedente)|"
    r"(?:primera|prima|precedente) versi(?:ón|one)|vers(?:ão|ao) (?:anterior|inicial)|"
    r"primeira vers(?:ão|ao)|(?:eerdere|eerste|oorspronkelijke) versie|(?:pierwotnej|"
    r"wcześniejszej|poprzedniej|pierwszej) wersji|(?:первоначальной|предыдущей|первой|ранней) "
    r"версии|(?:ilk|önceki) versiyon|ilk halinde|versi (?:sebelumnya|awal|pertama)|"
    r"نسخة سابقة|النسخة السابقة|النسخة الأولى|पिछले संस्करण|此前版本|原文中|配信当初|최초 보도|"
    # A statistic revised since: "revised from 6.2% to 6.1%" (the claim has the first).
    r"\b(?:revised|corrected|amended|restated) (?:(?:up|down)(?:ward)?s? )?from\b|"
    r"révisée?s? (?:à la (?:baisse|hausse) )?de\b|revisad[oa]s? (?:a la (?:baja|alza) )?de\b|"
    r"rivist[oa] (?:al (?:ribasso|rialzo) )?da\b|revist[oa] (?:em (?:baixa|alta) )?de\b|"
    r"пересмотрен\w* с\b|skorygowan\w* z\b"
)
_RETRACTION_BEFORE_RE: Final = re.compile(_RETRACTION_BEFORE, re.IGNORECASE)
# A word of error after the figure the page gave.
_RETRACTION_AFTER_RE: Final = re.compile(
    r"\bas (?:first|earlier|initially|previously|originally) (?:reported|stated|published|"
    r"posted)|\b(?:was|is) (?:wrong|incorrect|an error|a typo|a mistake|inaccurate)|"
    r"\bin error\b|war falsch|ist falsch|wie (?:zunächst|zuvor|ursprünglich) "
    r"(?:berichtet|gemeldet|geschrieben)|zoals eerder (?:gemeld|bericht)|(?:was|is) onjuist|"
    r"comme (?:indiqué|annoncé|écrit) (?:initialement|précédemment)|était erroné|"
    r"como se (?:informó|publicó|indicó) (?:inicialmente|anteriormente)|era erróne|"
    r"fue un error|come (?:scritto|riportato|indicato) in precedenza|era errat|"
    r"como (?:informado|noticiado|publicado) anteriormente|estava errad|"
    r"jak (?:podawaliśmy|informowaliśmy|pisaliśmy)|(?:był|była|było) błędn|"
    r"как сообщалось ранее|(?:был|была|было|были) ошибочн|olarak yanlış|hatalıydı|"
    r"seperti diberitakan sebelumnya|(?:adalah|merupakan) (?:keliru|kesalahan)|"
    r"كان خطأ|गलत था|有误|系笔误|誤りでした|誤りがありました|잘못|"
    # Where the verb comes last: "हमने … 52 रन लिखा था", "「…12棟が全壊」とお伝えしましたが".
    r"(?:लिखा|बताया) (?:गया )?था|と(?:お伝えし|報じ|記載し|表記し|掲載し|書き)(?:てい)?まし|"
    r"(?:라고|으로|로) (?:보도|기재|표기)했|应为|應為",
    re.IGNORECASE,
)
_RETRACTION_HINT_RE: Final = re.compile(
    _RETRACTION_BEFORE + "|" + _RETRACTION_AFTER_RE.pattern + "|" + _PUT_RIGHT_HINT, re.IGNORECASE
)


_LANGUAGE_MIN_LETTERS: Final = 12


def _cross_language(prepared: _Claim, scored: ScoredPassage, passage: list[str]) -> bool:
    """Whether the claim and the passage are written in two languages: one in English and
    the other not, two scripts, or two Latin-script languages told apart by their function
    words. ``passage``: its tokens, when already made."""
    if sum(c.isalpha() for c in scored.passage.text[:_HEADING_CHARS]) < _LANGUAGE_MIN_LETTERS:
        return False  # "02/06/2025" is in no language
    if scored.foreign != prepared.foreign:
        # A headline has too few function words to tell its language by.
        return scored.foreign or len(scored.passage.text) >= _HEADING_CHARS
    if not scored.foreign:
        return False
    if prepared.script != _script(scored.passage.text):
        return True
    if prepared.language is None or len(scored.passage.text) < _HEADING_CHARS:
        return False  # (a headline's few function words tell no language from another)
    passage_language = _claim_language(passage or tokenize(scored.passage.text))
    return passage_language is not None and passage_language != prepared.language


def _script_language(text: str) -> str | None:
    """The language a text's script tells, where one language is read in it: "ru" for
    Cyrillic, "hi" for Devanagari (their number words are read as Russian and Hindi ones)."""
    script = _script(text)
    if script == "cyrillic":
        return "ru"
    if script == "indic" and _DEVANAGARI_RE.search(text):
        return "hi"
    return None


_DEVANAGARI_RE: Final = re.compile("[\u0900-\u097f]")


def _script(text: str) -> str:
    """The script of a text's first letter outside ASCII (CJK and Hangul as one), or
    "latin"."""
    for char in text:
        if char.isascii() or not char.isalpha():
            continue
        code = ord(char)
        if code < 0x0250:
            return "latin"
        if 0x0400 <= code < 0x0530:
            return "cyrillic"
        if 0x0590 <= code < 0x0600:
            return "hebrew"
        if 0x0600 <= code < 0x0780:
            return "arabic"
        if 0x0900 <= code < 0x0E00:
            return "indic"
        if 0x0E00 <= code < 0x1100 or 0x1780 <= code < 0x1800:
            return "southeast-asian"
        if 0x1E00 <= code < 0x1F00:
            return "latin"  # Vietnamese letters
        return "cjk"
    return "latin"


def decide_verdict(
    features: Features, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> tuple[EvidenceVerdict, str]:
    """The verdict for one passage, with a short human-readable reason.

    Attribution names ("according to X", "X said", "a report by X") found anywhere in the main
    text count as hits even outside the passage. Found nowhere, they are down-weighted rather
    than required: they do not block ``supports`` but do not count towards it either (they are
    left out of coverage and of the "all of the claim's figures and names" count).
    """
    f, t = features, thresholds
    all_salient = f.hits + f.soft_missing == f.salient_total
    required = f.salient_total - f.soft_missing
    if (
        f.conflicts
        and f.subject_coverage >= t.conflict_subject
        and not f.name_conflicts_only
        and (f.cjk_lead or not f.cjk)
    ):
        return EvidenceVerdict.CONFLICTING, "same subject, different number/date/name"
    if f.measured_conflict and f.hits and (f.name_hits or f.cjk_lead):
        # Fewer of the claim's words, but its name, and another figure for what the claim's
        # measures: "Valgrana ha registrato nel 2024 ricavi pari a 31,6 milioni".
        return EvidenceVerdict.CONFLICTING, _MEASURED_CONFLICT
    if (
        f.cross_language
        and f.conflicts
        and not f.spelled_conflicts
        and f.name_hits
        and f.hits + f.conflicts == f.salient_total
    ):
        return EvidenceVerdict.CONFLICTING, _CROSS_LANGUAGE_CONFLICT
    support = _support_reason(f, t, required) if all_salient else None
    if support is not None:
        if f.negated:
            words = ", ".join(f"'{word}'" for word in f.negated)
            if f.cjk:  # (see _features: the claim's negation, which the passage lacks)
                return (
                    EvidenceVerdict.CONFLICTING,
                    f"the passage states what the claim negates ({words})",
                )
            return EvidenceVerdict.CONFLICTING, f"the passage negates or denies the claim's {words}"
        if f.turned_figures is not None:
            word, amounts = f.turned_figures
            return (
                EvidenceVerdict.CONFLICTING,
                f"the claim says '{word}', the passage's amounts went the other way: {amounts}",
            )
        if f.dissent is not None:
            return (
                EvidenceVerdict.CONFLICTING,
                f"the claim says unanimous, the passage gives a vote of {f.dissent}",
            )
        if f.unmatched_negation is not None:
            return (
                EvidenceVerdict.PARTIAL,
                f"the claim negates '{f.unmatched_negation}', the passage negates nothing",
            )
        if f.renamed:
            (old, new), *_ = f.renamed
            return (
                EvidenceVerdict.CONFLICTING,
                f"the passage names '{new}' where the claim names '{old}'",
            )
        if f.other_party:
            (old, new), *_ = f.other_party
            return (
                EvidenceVerdict.PARTIAL,
                f"the passage speaks of '{new}' where the claim names '{old}'",
            )
        if f.opposed:
            return (
                EvidenceVerdict.CONFLICTING,
                "the passage says the opposite: " + _changes(f.opposed),
            )
        if f.substituted:
            return EvidenceVerdict.SUPPORTS, f"{support}, in other words: {_changes(f.substituted)}"
        return EvidenceVerdict.SUPPORTS, support
    if f.predicate_coverage >= t.partial_predicate or f.foreign:
        if f.coverage >= t.partial_cover:
            return EvidenceVerdict.PARTIAL, _SOME_CONTENT
        if f.hits and f.hits * 2 >= f.salient_total and f.coverage >= t.partial_salient_cover:
            return EvidenceVerdict.PARTIAL, _SOME_FIGURES
    if f.cross_language and (f.hits >= 2 or f.figure_hits) and f.hits * 2 >= f.salient_total:
        # Words cannot cover a claim in another language: two of its figures and names can.
        return EvidenceVerdict.PARTIAL, _SOME_FIGURES
    return EvidenceVerdict.NOT_FOUND, _NO_PASSAGE


_MEASURED_CONFLICT: Final = "same subject and measure, different figure"
_SOME_CONTENT: Final = "part of the claim's content is present"
_SOME_FIGURES: Final = "some of the claim's figures and names present"
_NO_PASSAGE: Final = "no passage states the claim"
# The verdicts that only thresholds decided, which the learned model may change (see
# verdict_model). Those that rest on what a passage states (every figure and name of the
# claim, a figure that contradicts it, a negation, the opposite word, a rival named, a vote
# against a unanimous claim, a fact check's rating) stand.
THRESHOLD_REASONS: Final = frozenset({_SOME_CONTENT, _SOME_FIGURES, _NO_PASSAGE})


def _changes(pairs: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"'{new}' for '{old}'" for old, new in pairs)


def _support_reason(f: Features, t: Thresholds, required: int) -> str | None:
    """Why the passage would support the claim, were no claim word changed or negated."""
    if f.cjk and not f.cjk_lead:
        return None  # (a CJK passage without the claim's subject may be about a rival)
    if f.clause_coverage < t.support_clause and not f.cross_language:
        return None  # (the words of a claim in another language cover none of its clauses)
    if f.coverage >= t.support_cover and (
        f.has_number_hit or f.predicate_coverage >= t.support_predicate
    ):
        return "claim words and all salient tokens present"
    if f.fuzz >= t.support_fuzz:
        return "near-verbatim quote"
    if (
        required >= 3
        and f.coverage >= t.support_salient_cover
        and (f.figure_hits or f.predicate_coverage >= t.support_predicate)
    ):
        return "all of the claim's figures and names present"
    if (
        f.cross_language
        and f.name_hits
        and (required >= 3 or (f.has_number_hit and required + f.opening_hit >= 2))
    ):
        return "other-language page states the same figures/names"
    if f.cjk_lead and f.figure_hits and required >= 2 and f.coverage >= t.partial_cover:
        return "the claim's subject and all its figures present"
    return None


_VERDICT_PRIORITY: Final = {
    EvidenceVerdict.SUPPORTS: 3,
    EvidenceVerdict.CONFLICTING: 2,
    EvidenceVerdict.PARTIAL: 1,
    EvidenceVerdict.NOT_FOUND: 0,
}


def candidate_features(claim: str, main_text: str) -> list[tuple[ScoredPassage, Features]]:
    """Scored candidates for a claim on a page, with verdict features (used by assess)."""
    return _candidates(claim, main_text)[0]


def _candidates(
    claim: str, main_text: str, index: _Index | None = None
) -> tuple[list[tuple[ScoredPassage, Features]], _Index | None]:
    prepared = _prepare_claim(claim)
    if not prepared.tokens and not prepared.salients:
        return [], None
    if index is None:
        index = _page_index(main_text)
    ranked = _rank(prepared, index, VERDICT_CANDIDATES)
    if not ranked:
        return [], index
    # The best passage may lack what its neighbour says ("The council adopted the budget."
    # "Spending is set at 2.07 bn."); so may the next ones, joined only for a figure.
    for rank, scored in enumerate(list(ranked)):
        merged = _merge_with_neighbour(prepared, index, scored, main_text, figures_only=rank > 0)
        if merged is not None:
            ranked.append(merged)
    return [(r, _features(prepared, r, index.topic)) for r in ranked], index


def _merge_with_neighbour(
    prepared: _Claim, index: _Index, best: ScoredPassage, text: str, *, figures_only: bool
) -> ScoredPassage | None:
    """The passage joined with the neighbour that adds most claim words, if any does (with
    ``figures_only``, or for a row of an infobox: only if it adds one of the claim's figures or
    dates)."""
    if best.coverage >= 1.0:
        return None
    position = index.position_of(best.passage)
    options = []
    figures = {s.label for s in prepared.salients if s.kind in _DATED_KINDS}
    found = len(figures.intersection(best.salient_hits))
    if found == len(figures) and figures_only:
        return None  # (no figure of the claim is left for a neighbour to add)
    # (a paragraph without a digit adds none of the claim's figures written in digits)
    words_left = any(
        not _DIGIT_RE.search(s.label)
        for s in prepared.salients
        if s.kind in _DATED_KINDS and s.label not in best.salient_hits
    )
    for other in (position - 1, position + 1):
        if 0 <= other < len(index.passages):
            neighbour = index.passages[other]
            between = text[
                min(best.passage.end, neighbour.end) : max(best.passage.start, neighbour.start)
            ]
            # (Paragraphs are apart; rows of one infobox are not, for the claim's figures.)
            rows = "\n" in between
            if rows and (
                found == len(figures)  # (a paragraph or row must add one of them)
                or best.salient_conflicts
                or not (
                    _table_rows(best.passage, neighbour, between)
                    or (
                        _paragraphs(best.passage, neighbour, between)
                        and (words_left or _DIGIT_RE.search(neighbour.text) is not None)
                        and not _names_another(prepared, index, position)
                        and not _names_another(prepared, index, other)
                    )
                )
            ):
                continue  # (a row that contradicts the claim stays alone)
            start = min(best.passage.start, neighbour.start)
            end = max(best.passage.end, neighbour.end)
            merged = Passage(start, end, text[start:end])
            counts = index.term_counts(position) + index.term_counts(other)
            option = _score_passage(prepared, merged, counts, best.bm25, index)
            if rows:
                option = dataclasses.replace(option, joined=True)
            if option.coverage > best.coverage and (
                not (figures_only or rows) or len(figures.intersection(option.salient_hits)) > found
            ):
                options.append(option)
    return max(options, key=lambda o: o.score) if options else None


def _table_rows(a: Passage, b: Passage, between: str) -> bool:
    """Whether two passages are neighbouring rows of one infobox, a label and its value each
    ("| Passengers | 2,240 |" over "| Cars | 880 |"). Not the rows of a table of figures by
    year or by place, which hold other things' figures."""
    return (
        between.count("\n") == 1
        and not between.strip()
        and _INFOBOX_ROW_RE.fullmatch(a.text) is not None
        and _INFOBOX_ROW_RE.fullmatch(b.text) is not None
    )


def _names_another(prepared: _Claim, index: _Index, position: int) -> bool:
    """Whether a passage speaks of someone the claim does not name: a rival, a competitor
    ("the rival cut 300 jobs"), or a name a sentence of it opens on ("Harlow Mills plans …")."""
    if not _OTHER_PARTY.isdisjoint(index.term_counts(position)):
        return True
    return bool(_opening_names(index.passages[position].text, set(prepared.tokens)))


_DIGIT_RE: Final = re.compile(r"\d")


def _paragraphs(a: Passage, b: Passage, between: str) -> bool:
    """Whether two passages are neighbouring paragraphs of prose (no table rows), which one
    claim may sum up: "… approved a £2.35 million scheme." over "The cabinet voted 7–2 …"."""
    return between == "\n" and not a.text.startswith("|") and not b.text.startswith("|")


# A row of a label without digits and one value.
_INFOBOX_ROW_RE: Final = re.compile(r"\|[^|\d\n]*[^\W\d][^|\d\n]*\|[^|\n]+\|?\s*")


def choose_verdict(
    candidates: Sequence[tuple[ScoredPassage, Features]],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> tuple[EvidenceVerdict, str, ScoredPassage]:
    """The page's verdict from its candidates: any supporting passage wins, then a conflicting
    one (a page that also states the claim's figure elsewhere is not a conflict), then partial."""
    judged = [(*decide_verdict(features, thresholds), scored) for scored, features in candidates]
    # On a page in another language any other figure may "conflict"; not where the page
    # states the claim's figure in another passage ("rund 42.000 Haushalte" for "42,000
    # households"): that passage is the evidence.
    stated = {label for _, _, scored in judged for label in scored.salient_hits}
    kept = [
        j
        for j in judged
        if not (
            j[1] in (_CROSS_LANGUAGE_CONFLICT, _MEASURED_CONFLICT)
            and stated.issuperset(j[2].salient_conflicts)
        )
    ]
    supporting = [j for j in kept if j[0] is EvidenceVerdict.SUPPORTS]
    conflicting = [j for j in kept if j[0] is EvidenceVerdict.CONFLICTING]
    if supporting and conflicting and all(j[2].joined for j in supporting):
        # What two paragraphs say together does not outweigh one that contradicts the claim.
        kept = [j for j in kept if j[0] is not EvidenceVerdict.SUPPORTS]
        supporting = []
    if supporting and conflicting and all(_STALE_RE.search(j[2].passage.text) for j in supporting):
        # The claim's figure as it was: "the regulator had originally proposed a penalty of
        # £5.1m" on a page whose figure now is another ("fined £3.4m").
        verdict, reason, scored = max(conflicting, key=lambda j: j[2].score)
        return verdict, "the page gives the claim's figure as superseded; " + reason, scored
    retracting = [
        (scored, features) for scored, features in candidates if features.retracted is not None
    ]
    if retracting:
        # The page gave the claim's figure, then said it was wrong: "Correction: in our 18:05
        # entry we wrote 6.5%. That was wrong; the first step is 5.5%."
        scored, features = max(retracting, key=lambda pair: pair[0].score)
        return (
            EvidenceVerdict.CONFLICTING,
            f"the page retracts the claim's figure {features.retracted}",
            scored,
        )
    corrections = [j for j in conflicting if _CORRECTION_RE.search(j[2].passage.text)]
    if (
        supporting
        and corrections
        and not any(_CORRECTION_RE.search(j[2].passage.text) for j in supporting)
    ):
        # A live blog's earlier entry states the claim's figure, a correction further on
        # another: "Correction, 18:40: the first step is 5.5%, not 6.5% as first reported".
        verdict, reason, scored = max(corrections, key=lambda j: j[2].score)
        return verdict, "the page corrects the claim's figure; " + reason, scored
    # (one passage that says it is better evidence than two read together)
    return max(
        kept or judged,
        key=lambda j: (_VERDICT_PRIORITY[j[0]], not j[2].joined, j[2].score, -j[2].passage.start),
    )


_CROSS_LANGUAGE_CONFLICT: Final = "other-language page gives a different figure"
# A figure given as it was before: "originally", "was put at", "provisional".
_STALE_RE: Final = re.compile(
    r"\b(?:originally|initially|provisional(?:ly)?|previously|at first|was (?:first )?"
    r"(?:put|estimated|projected|forecast|expected) at|earlier (?:estimate|figure)|"
    r"ursprünglich|zunächst|anfangs|vorläufig|initialement|provisoire|inicialmente|"
    r"en un principio|inizialmente|in origine|provvisori|provisóri|aanvankelijk|"
    r"oorspronkelijk|voorlopig|początkowo|pierwotnie|wstępn|первоначально|изначально|"
    r"предварительн|başlangıçta|semula|awalnya)\w*|في البداية|当初|原计划|最初|당초|애초",
    re.IGNORECASE,
)


# A correction of what the page said before, in the languages claims are read in.
_CORRECTION_RE: Final = re.compile(
    r"\b(?:correct(?:ion|ed|s)\b|correct (?:figure|number|total)|as (?:first|earlier|"
    r"initially|previously) reported|revised|clarified|korrektur|korrigiert|berichtig|"
    r"richtiggestellt|rectifi|corrig|correcci|correç|correzion|corrett[oa] |rettific|"
    r"correctie|gecorrigeerd|verbeterd|sprostowa|korekt|poprawk|skorygowa|исправлен|"
    r"поправк|уточнен|düzeltme|düzeltil|koreksi|ralat|diralat|dikoreksi)\w*|"
    r"تصحيح|صحّح|صحح|सुधार|संशोधित|更正|订正|訂正|修正|정정|바로잡",
    re.IGNORECASE,
)


def verdict_inputs(
    candidates: Sequence[tuple[ScoredPassage, Features]],
    verdict: EvidenceVerdict,
    best: ScoredPassage,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> list[float]:
    """What the learned model reads (verdict_model.FEATURES, in order): the rules' verdict, the
    measures of the passage it rests on, and how the other candidates fared."""
    f = next(features for scored, features in candidates if scored is best)
    judged = Counter(decide_verdict(features, thresholds)[0] for _, features in candidates)
    return [
        *(float(verdict is label) for label in _LEARNED_LABELS),
        f.coverage,
        f.subject_coverage,
        f.predicate_coverage,
        f.clause_coverage,
        f.fuzz,
        f.salient_total,
        f.hits,
        f.conflicts,
        f.has_number_hit,
        f.name_hits,
        f.foreign,
        f.soft_missing,
        f.name_conflicts_only,
        len(f.substituted),
        len(f.opposed),
        len(f.renamed),
        len(f.other_party),
        len(f.negated),
        f.unmatched_negation is not None,
        f.dissent is not None,
        f.turned_figures is not None,
        f.cjk,
        f.cjk_lead,
        f.cross_language,
        f.opening_hit,
        f.figure_hits,
        len(best.salient_missing),
        best.score,
        f.hits + f.soft_missing == f.salient_total,
        f.claim_words,
        *(judged[label] for label in _LEARNED_LABELS),
        max(features.coverage for _, features in candidates),
        max(features.subject_coverage for _, features in candidates),
        min(len(scored.salient_missing) for scored, _ in candidates),
        max(features.conflicts for _, features in candidates),
    ]


_LEARNED_LABELS: Final = tuple(EvidenceVerdict(label) for label in verdict_model.LABELS)


def learnable_verdicts(reason: str, features: Features) -> frozenset[str]:
    """The verdicts the learned model may give instead of the rules' one (none: it stands).

    Only a verdict the thresholds decided may change (THRESHOLD_REASONS), and only to one the
    passage allows: ``supports`` where every figure and name of the claim was found and none
    contradicted (only its words fell short), ``conflicting`` where a figure was contradicted
    by a passage about the claim's subject (as decide_verdict asks)."""
    if reason not in THRESHOLD_REASONS:
        return frozenset()
    f = features
    allowed = {"partial", "not_found"}
    if not f.conflicts and f.hits + f.soft_missing == f.salient_total and (f.cjk_lead or not f.cjk):
        allowed.add("supports")
    if f.conflicts and not f.name_conflicts_only and (f.cjk_lead or not f.cjk):
        allowed.add("conflicting")
    return frozenset(allowed)


def _learned_verdict(
    candidates: Sequence[tuple[ScoredPassage, Features]],
    verdict: EvidenceVerdict,
    reason: str,
    best: ScoredPassage,
) -> tuple[EvidenceVerdict, str]:
    """The shipped model's verdict over the rules' (see verdict_model), with both reasons."""
    model = verdict_model.load_model()
    features = next(f for scored, f in candidates if scored is best)
    allowed = learnable_verdicts(reason, features)
    if model is None or not allowed:
        return verdict, reason
    said = model.verdict(verdict_inputs(candidates, verdict, best), allowed)
    if said is None or said[0] == verdict:
        return verdict, reason
    learned, p = EvidenceVerdict(said[0]), said[1]
    return (
        learned,
        f"{learned} by the learned model (p {p:.2f}); the rules said {verdict}: " + reason,
    )


def assess(
    claim: str, main_text: str, *, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> Assessment:
    """The whole pipeline for one claim on one page's main text."""
    return _assess(claim, main_text, None, thresholds)


def assess_claims(
    claims: Iterable[str], main_text: str, *, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> dict[str, Assessment]:
    """Each claim on one page's main text; the page is split and indexed once for all of them,
    whatever other pages are assessed meanwhile (in other threads)."""
    index = _Index(_split_passages(main_text))
    return {claim: _assess(claim, main_text, index, thresholds) for claim in dict.fromkeys(claims)}


def _assess(claim: str, main_text: str, index: _Index | None, thresholds: Thresholds) -> Assessment:
    candidates, index = _candidates(claim, main_text, index)
    if not candidates or index is None:
        return Assessment(
            EvidenceVerdict.NOT_FOUND, 0.0, "empty page or claim", None, None, None, "none"
        )
    verdict, reason, best = choose_verdict(candidates, thresholds)
    if thresholds == DEFAULT_THRESHOLDS:  # (the model read the default thresholds' verdicts)
        verdict, reason = _learned_verdict(candidates, verdict, reason, best)
    if verdict is EvidenceVerdict.NOT_FOUND:
        return Assessment(verdict, best.score, reason, None, None, None, "bm25+salient+fuzzy")
    start, end = _tighten(claim, best, main_text, index)
    if verdict is EvidenceVerdict.SUPPORTS and _FACT_CHECK_CLAIM_RE.match(main_text, start, end):
        verdict, reason = _fact_check_verdict(main_text)
    details = []
    if best.salient_conflicts:
        details.append("conflicts: " + ", ".join(best.salient_conflicts))
    if best.salient_missing:
        details.append("missing: " + ", ".join(best.salient_missing))
    if best.salient_soft:
        details.append("attribution not on page: " + ", ".join(best.salient_soft))
    full_reason = reason + (f" ({'; '.join(details)})" if details else "")
    method = "fuzzy-quote" if reason == "near-verbatim quote" else "bm25+salient+fuzzy"
    return Assessment(
        verdict, best.score, full_reason, quote_selector(main_text, start, end), start, end, method
    )


# A fact-check page states the claim it examines ("Claim: The WHO declared a new pandemic …")
# and rates it elsewhere ("Rating: False"): the claim line is not support.
_FACT_CHECK_CLAIM_RE: Final = re.compile(
    r"\s*(?:the\s+|viral\s+)?(?:claims?|behauptung|affirmation|afirmaci[oó]n|alega[cç][aã]o|"
    r"bewering|twierdzenie|утверждение|заява)\s*[:：—–]\s*",
    re.IGNORECASE,
)
_FACT_CHECK_RATING_RE: Final = re.compile(
    r"^\s*(?:(?:our\s+|the\s+)?(?:rating|verdict|ruling|conclusion)|fact[- ]check|bewertung|"
    r"urteil|verdetto|veredicto|classifica[cç][aã]o|oordeel|werdykt|вердикт|оценка)"
    r"\s*[:：—–-]\s*(?P<rating>[^\n.!]{1,40})",
    re.IGNORECASE | re.MULTILINE,
)
# Looked up as the whole rating with hyphens for spaces, and word by word; false ones first.
_FALSE_RATINGS: Final = frozenset(
    _words("""false mostly-false not-true untrue pants-on-fire fake incorrect wrong misleading
    unproven unsupported falsch irreführend faux trompeur falso engañoso enganoso onwaar
    misleidend fałsz nieprawda ложь неправда фейк""")
)
_TRUE_RATINGS: Final = frozenset(
    _words("""true mostly-true correct accurate richtig wahr vrai verdadero verdadeiro vero waar
    prawda правда""")
)


def _fact_check_verdict(text: str) -> tuple[EvidenceVerdict, str]:
    """The verdict of a page whose best passage is the "Claim:" line of a fact check: what the
    page's rating says, or `partial` (the claim is quoted to be examined) when none is found."""
    for match in _FACT_CHECK_RATING_RE.finditer(text):
        rating = match.group("rating").strip()
        words = {w.replace(" ", "-") for w in (rating.casefold(), *rating.casefold().split())}
        if words & _FALSE_RATINGS:
            return EvidenceVerdict.CONFLICTING, f"a fact check rates the claim '{rating}'"
        if words & _TRUE_RATINGS:
            return EvidenceVerdict.SUPPORTS, f"a fact check rates the claim '{rating}'"
    return EvidenceVerdict.PARTIAL, "a fact check quotes the claim; no rating found"


def _tighten(claim: str, best: ScoredPassage, text: str, page: _Index) -> tuple[int, int]:
    """The single sentence of the passage that carries all of its evidence (including any
    conflicting figure), when there is one."""
    passage = best.passage
    spans = _sentence_spans(text, passage.start, passage.end)
    if len(spans) <= 1:
        return passage.start, passage.end
    prepared = _prepare_claim(claim)
    for start, end in spans:
        sentence = Passage(start, end, text[start:end])
        counts = Counter(tokenize(sentence.text))
        scored = _score_passage(prepared, sentence, counts, 0.0, page)
        if (
            scored.coverage >= best.coverage
            and set(scored.salient_hits) >= set(best.salient_hits)
            and set(scored.salient_conflicts) >= set(best.salient_conflicts)
        ):
            return start, end
    return passage.start, passage.end


# --------------------------------------------------------------------------------------------
# Re-anchoring
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    exact: str
    score: float
    method: str  # "exact" | "fuzzy"


# Hypothesis's text-quote anchoring weighs the quote 50, prefix 20, suffix 20, position 2.
QUOTE_WEIGHT: Final = 50.0
PREFIX_WEIGHT: Final = 20.0
SUFFIX_WEIGHT: Final = 20.0
POSITION_WEIGHT: Final = 2.0
# A fuzzy match needs the quote itself this similar (rapidfuzz ratio / 100).
REANCHOR_MIN_SCORE: Final = 0.75
_MAX_EXACT_CANDIDATES: Final = 200
_MAX_FUZZY_CANDIDATES: Final = 60


def reanchor(
    selector: TextQuoteSelector,
    old_start: int | None,
    new_text: str,
    *,
    min_score: float = REANCHOR_MIN_SCORE,
) -> Anchor | None:
    """Find a stored quote in (possibly changed) text. ``None`` means the evidence is lost."""
    exact = selector.exact
    if not exact or not new_text:
        return None
    length = len(exact)
    if old_start is not None and new_text[old_start : old_start + length] == exact:
        return Anchor(old_start, old_start + length, exact, 1.0, "exact")
    positions = _find_all(new_text, exact, _MAX_EXACT_CANDIDATES)
    if positions:
        best = max(positions, key=lambda p: (_context_score(selector, new_text, p, p + length,
                                                             old_start), -p))  # fmt: skip
        return Anchor(best, best + length, exact, 1.0, "exact")
    return _fuzzy_anchor(selector, old_start, new_text, min_score)


def _find_all(text: str, needle: str, cap: int) -> list[int]:
    positions: list[int] = []
    position = text.find(needle)
    while position >= 0 and len(positions) < cap:
        positions.append(position)
        position = text.find(needle, position + 1)
    return positions


def _context_score(
    selector: TextQuoteSelector, text: str, start: int, end: int, old_start: int | None
) -> float:
    prefix, suffix = selector.prefix, selector.suffix
    score = 0.0
    if prefix:
        score += PREFIX_WEIGHT * fuzz.ratio(prefix, text[max(0, start - len(prefix)) : start]) / 100
    if suffix:
        score += SUFFIX_WEIGHT * fuzz.ratio(suffix, text[end : end + len(suffix)]) / 100
    if old_start is not None:
        score += POSITION_WEIGHT * (1 - min(1.0, abs(start - old_start) / max(1, len(text))))
    return score


def _fuzzy_anchor(
    selector: TextQuoteSelector, old_start: int | None, text: str, min_score: float
) -> Anchor | None:
    exact = selector.exact
    length = len(exact)
    starts = _fuzzy_candidate_starts(selector, old_start, text)
    best: tuple[float, int, int, float] | None = None
    seen: set[tuple[int, int]] = set()
    for guess in starts:
        lo = max(0, guess - length // 2 - 8)
        hi = min(len(text), guess + length + length // 2 + 8)
        window = text[lo:hi]
        alignment = fuzz.partial_ratio_alignment(exact, window)
        if alignment is None:
            continue
        start, end = lo + alignment.dest_start, lo + alignment.dest_end
        if (start, end) in seen or end <= start:
            continue
        seen.add((start, end))
        quote_similarity = alignment.score / 100
        if quote_similarity < min_score:
            continue
        total = QUOTE_WEIGHT * quote_similarity + _context_score(
            selector, text, start, end, old_start
        )
        if best is None or total > best[0]:
            best = (total, start, end, quote_similarity)
    if best is None:
        return None
    # Only the winner gets its ends refined: refinement costs ~100 ratio calls.
    _, start, end, _ = best
    start, end, quote_similarity = _refine_span(exact, text, start, end)
    if quote_similarity < min_score:
        return None
    total = QUOTE_WEIGHT * quote_similarity + _context_score(selector, text, start, end, old_start)
    weights = QUOTE_WEIGHT + PREFIX_WEIGHT * bool(selector.prefix) + SUFFIX_WEIGHT * bool(
        selector.suffix
    ) + POSITION_WEIGHT * (old_start is not None)  # fmt: skip
    return Anchor(start, end, text[start:end], round(total / weights, 6), "fuzzy")


def _refine_span(exact: str, text: str, start: int, end: int) -> tuple[int, int, float]:
    """Move the ends of an alignment to fit the quote best.

    partial_ratio aligns a window as long as the old quote, so a shortened or lengthened quote
    comes back with a few characters too many or too few; coordinate ascent on each end fixes
    that, preferring ends on word boundaries.
    """
    slack = max(8, len(exact) // 8)

    def quality(s: int, e: int) -> tuple[float, int]:
        boundary = (s == 0 or not text[s - 1].isalnum() or not text[s].isalnum()) + (
            e == len(text) or not text[e].isalnum() or not text[e - 1].isalnum()
        )
        return fuzz.ratio(exact, text[s:e]), boundary

    best = quality(start, end)
    for _ in range(2):
        for candidate in range(max(0, start - slack), min(end, start + slack + 1)):
            score = quality(candidate, end)
            if score > best:
                best, start = score, candidate
        for candidate in range(max(start + 1, end - slack), min(len(text), end + slack) + 1):
            score = quality(start, candidate)
            if score > best:
                best, end = score, candidate
    return start, end, best[0] / 100


def _fuzzy_candidate_starts(
    selector: TextQuoteSelector, old_start: int | None, text: str
) -> list[int]:
    """Where the quote may now start: old position, after the prefix, before the suffix, and
    where its head or tail still occurs verbatim; a coarse scan when none of those exist."""
    exact = selector.exact
    length = len(exact)
    starts: list[int] = []
    if old_start is not None:
        starts.append(min(max(0, old_start), len(text)))
    cap = _MAX_FUZZY_CANDIDATES // 4
    if len(selector.prefix) >= 8:
        starts += [p + len(selector.prefix) for p in _find_all(text, selector.prefix, cap)]
    if len(selector.suffix) >= 8:
        starts += [p - length for p in _find_all(text, selector.suffix, cap)]
    probe = min(32, max(8, length // 3))
    if length >= 16:
        starts += _find_all(text, exact[:probe], cap)
        starts += [p + probe - length for p in _find_all(text, exact[-probe:], cap)]
    starts = [s for s in dict.fromkeys(max(0, s) for s in starts) if s <= len(text)]
    if len(starts) <= (old_start is not None):
        starts += _coarse_scan(exact, text)
    return starts[:_MAX_FUZZY_CANDIDATES]


def _coarse_scan(exact: str, text: str, keep: int = 8) -> list[int]:
    """Window starts whose text is most like the quote (linear in len(text))."""
    length = len(exact)
    step = max(1, length // 2)
    text = text[:MAX_TEXT_CHARS]
    scored = []
    for start in range(0, max(1, len(text) - length // 2), step):
        similarity = fuzz.ratio(exact, text[start : start + length], score_cutoff=40)
        if similarity:
            scored.append((similarity, start))
    scored.sort(reverse=True)
    return [start for _, start in scored[:keep]]
