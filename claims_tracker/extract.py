"""Article text → sentences → hedged claims and references (pure: no I/O, no DB, no printing).

The pipeline: ``detect_format`` → a body plus a list of blocks (headings, paragraphs, list
items) → sections (body / references / boilerplate / summary) → ``split_sentences`` per block →
``classify_hedge`` per sentence → claims; reference sections and inline links → sources;
reference entries → scored suggestions for the claims they match.

Hedge lexicon
=============
Precedence when several classes fire in one sentence: ``reported`` > ``attributed`` >
``speculative``; every cue found is listed, whatever its class.

reported (unnamed attribution; ``attributed_to`` is "reports" for report-words, else the phrase)
    reportedly · allegedly · purportedly · supposedly · rumo(u)red / rumo(u)rs ·
    according to (media/press/…) reports / sources / people familiar … ·
    reports say/said/suggest/indicate/claim · reports that … ·
    (anonymous/unnamed/industry/…) sources say/said/told/close to/familiar with ·
    people|a person|insiders|officials familiar with / close to / with knowledge of / briefed on ·
    speaking on condition of anonymity · who asked not to be named · not authorised to speak ·
    is/are/was said|believed|thought|understood|rumoured|alleged|reported|reputed to ·
    it is understood|believed|alleged|reported|said|thought · it (has) emerged · citing sources ·
    a speech verb whose subject is unnamed ("sources said", "a report said", "insiders say").

attributed (named attribution; ``attributed_to`` is the subject / named source)
    according to NAME (a proper noun, an organisation, a role: "a spokesperson", "the company",
    "a filing", "data from X"; not "according to plan/schedule/the rules/…") ·
    NAME said/says/told/tells (subject found by walking back over the noun phrase; inverted
    "…, said NAME"; appositives "NAME, chief executive of X, said"; "NAME, who said") ·
    NAME added/noted/claimed/confirmed/announced/wrote/stated/argued/warned/estimated/… only
    with a speech complement ("that", a colon or quote, a pronoun clause, the end of a quoted
    clause, or inversion), so "the economy added 200,000 jobs" and "claimed the title" stay
    asserted · per NAME (not "per share", "per cent", "per MWh") · in a statement / filing /
    interview / press release / blog post / letter · as reported by NAME · citing NAME ·
    data/figures/a survey/a study by|from NAME · NAME expects/predicts/forecasts … (cognition
    verbs with an animate subject: attributed, with the speculative cue listed too).

speculative (forecast or possibility)
    may (lower-case only: "May 2024", "Theresa May" and "Mayor" never fire) · might (not the
    noun "military might") · could (not "could not/couldn't", not past ability: "as a child she
    could swim", "could see") · would (not "would not comment", "would like", narrative
    "would later/go on to", habitual "would often") · likely / unlikely (own cues; not "likely
    voters", not comparatives "more/less likely") · probably · possibly / possibility ·
    perhaps · maybe · potentially · presumably · conceivably · apparently · seemingly ·
    expected to / is expected / expects (not "better than expected", "as expected", "the
    expected returns") · anticipated / anticipates · plans to / planning to (not "the plans
    were approved") · aims to · intends to · hopes to · seeks to · poised to · is set to (+verb)
    · on track to · stands to gain/benefit/lose · in line to · tipped to · favo(u)red to ·
    is projected/forecast/predicted/estimated/tipped to · an estimated N · projected ·
    forecasts that/to · appears/seems to · it is possible / a possible · suggests/indicates
    that · it is unclear whether / remains to be seen · promises to.

Unnamed beats named: a speech verb whose subject is "sources", "insiders", "a person familiar
with …", "some accounts" or an indefinite "a report" makes the sentence ``reported``. Bare
role nouns ("officials said", "analysts expect", "a spokesperson said") count as named. In an
article, a pronoun speaker ("he said", "it added") takes the last named speaker of the same or
the previous paragraph.

Not cues, by decision: bare "will" and "is scheduled/due to" (news states scheduled futures as
fact; "will likely" still fires on "likely"); "should" and "can" (obligation and ability, not
probability); "could not" (past inability or refusal far more often than possibility); the
adjective "alleged" ("the alleged attacker was arrested": the sentence asserts the arrest).

Claims: every hedged sentence; with ``include_asserted`` also asserted sentences holding a
number, money, a date or a named organisation. Headings, boilerplate lines (Tags:, bylines,
copyright), boilerplate sections (Meta Description, Related, Comments, …), a Summary section
repeating the body, and reference sections never yield claims. A sentence repeated in one
article yields one claim (fingerprints are unique per article).

Reference lines understood (bullets "-", "*", "•", "1.", "[1]" stripped first)
    Title - Publisher - Description      (also " — ", " – ", " | "; the publisher is the last
                                          short capitalised segment, so titles may contain " - ")
    [Title](url) - Publisher - Description · Title. Publisher. url · Title (Publisher) url ·
    "Title". Publisher. Date. (citation style) · Author (2020). Title. Publisher. (APA) ·
    a bare URL.

Sources: one per distinct URL (scheme/host case, fragment and trailing slash ignored). A
reference-list entry is ``reference``; a link only inline (Markdown, HTML ``<a href>``, bare
URL; relative links resolved against ``base_url``) is ``cited``; a URL in both is one
``reference`` source and still appears in the citing claim's ``urls``.

Suggestions: each reference entry is scored against every claim. Tokens are weighted by
rarity across the article's sentences (idf squared; title words 1.0, publisher 0.8,
description words 0.6; words the article never uses are ignored); score = 0.7 × the share of
the reference's weight found in the claim + 0.2 × cosine + 0.1 × rapidfuzz
``token_set_ratio``. At most
``MAX_SUGGESTIONS_PER_SOURCE`` claims scoring at least ``SUGGESTION_THRESHOLD`` are kept.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from bs4.element import Comment, Doctype, NavigableString, Tag
from rapidfuzz import fuzz

from claims_tracker.models import Hedge, Relation

__all__ = [
    "MAX_SUGGESTIONS_PER_SOURCE",
    "SUGGESTION_THRESHOLD",
    "SUMMARY_REPEAT_THRESHOLD",
    "Cue",
    "ExtractedArticle",
    "ExtractedClaim",
    "ExtractedSource",
    "ExtractionError",
    "HedgeResult",
    "Suggestion",
    "claim_fingerprint",
    "classify_hedge",
    "detect_format",
    "extract_article",
    "is_check_worthy",
    "parse_reference_line",
    "split_sentences",
]


def _words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text (easier to read than a list literal)."""
    return frozenset(text.split())


SUGGESTION_THRESHOLD = 0.15
"""Minimum score (0..1) for a reference to be suggested for a claim. On the seed
article the claims on the same topic score 0.18-0.8 and unrelated claims mostly stay under 0.12."""

MAX_SUGGESTIONS_PER_SOURCE = 3

SUMMARY_REPEAT_THRESHOLD = 0.6
"""A "Summary"/"Key takeaways" section is dropped as boilerplate when at least this share of its
salient words also occurs in the rest of the article."""


class ExtractionError(ValueError):
    """The article is empty or has nothing readable."""


@dataclass(frozen=True, slots=True)
class Cue:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class HedgeResult:
    hedge: Hedge
    cues: tuple[Cue, ...]
    attributed_to: str | None


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    text: str
    hedge: Hedge
    cues: tuple[Cue, ...]
    attributed_to: str | None
    section: str | None
    paragraph: int
    start: int
    end: int
    fingerprint: str
    urls: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExtractedSource:
    title: str | None
    publisher: str | None
    description: str | None
    url: str | None
    relation: Relation


@dataclass(frozen=True, slots=True)
class Suggestion:
    claim: int
    source: int
    score: float


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    title: str | None
    body: str
    format: str
    published_at: datetime | None
    publisher: str | None
    url: str | None
    claims: tuple[ExtractedClaim, ...]
    sources: tuple[ExtractedSource, ...]
    suggestions: tuple[Suggestion, ...]


# ---------------------------------------------------------------------------------------------
# Format detection
# ---------------------------------------------------------------------------------------------

_HTML_START = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|\?xml)\b", re.I | re.S
)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|h[1-6]|ul|ol|li|table|tr|td|article|section|main|body|head|meta|"
    r"title|em|strong|b|i|img|blockquote|nav|header|footer|script|style)\b[^<>]{0,500}>",
    re.I,
)
_MD_SIGNAL = re.compile(
    r"^\s{0,3}#{1,6}\s+\S|\[[^\]\n]{1,500}\]\([^)\s]{1,2000}\)|^\s{0,3}(?:```|~~~)|^\s{0,3}>\s"
    r"|\*\*[^*\n]{1,500}\*\*|^[^\n]+\n[ \t]{0,3}(?:=+|-{2,})[ \t]*$"
    r"|^\s{0,3}\[[^\]\n]{1,500}\]:\s+\S",
    re.M,
)


def detect_format(raw: str) -> str:
    """Return "html", "markdown" or "text", judged by content (never by file name)."""
    if _HTML_START.match(raw):
        return "html"
    tags = len(_HTML_TAG.findall(raw, 0, 200_000))
    if tags >= 3:
        markdown_signals = len(_MD_SIGNAL.findall(raw, 0, 200_000))
        if raw.lstrip().startswith("<") or tags > 2 * markdown_signals:
            return "html"
    if _MD_SIGNAL.search(raw):
        return "markdown"
    return "text"


# ---------------------------------------------------------------------------------------------
# Sentence segmentation
# ---------------------------------------------------------------------------------------------

_CLOSERS = "\"'”’»)]"
# One character class, not alternatives ("(?:\.{3}|[.!?])+" backtracks exponentially on a
# long run of dots), and a match may only start where a run starts (else quadratic).
# A bracketed note after the full stop ("[1]", "[a]", "[citation needed]", "[^2]") belongs to
# neither sentence: the split happens after it and the sentence ends before it. Of these, a
# number and a Markdown "^" label point to a reference (see _NOTE_LABEL).
_NOTE_NUMBER = r"\d{1,3}"
_NOTE_NAME = r"[\w-]{1,30}"
_NOTE = rf"\[(?:{_NOTE_NUMBER}|\^{_NOTE_NAME}|[a-z]{{1,10}}\s\d{{1,3}}|[a-z][a-z ?!–-]{{0,30}})\]"
_SENTENCE_END = re.compile(
    rf"(?<![.!?…])(?P<punctuation>[.!?…]+[\"'”’»)\]]*)(?:[ \u00a0]?{_NOTE})*(?=\s|$)"
)
_HARD_BREAK = re.compile(r"\n[ \t]*\n\s*|\n(?=[ \t]*(?:[-*+•·▪]|\d{1,3}[.)])[ \t])")
_INITIALISM = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}|[A-Z]")

# Titles never end a sentence ("Dr. Smith"), nor do these reference abbreviations.
_NEVER_FINAL = _words(
    """
    mr mrs ms messrs mmes mme mlle dr prof sen sens rep reps gov gen col lt sgt capt cmdr adm
    maj cpl pvt mt ft rev hon pres supt insp det atty amb fr msgr vs v viz cf approx ca c est
    dept univ assn intl e.g i.e eg ie pp p fig figs eq eqs
    """
)
# These take a number ("No. 1", "Jan. 5"); otherwise they are words or end the sentence.
_BEFORE_NUMBER = _words(
    """
    no nos vol vols art sec ch para jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
# Corporate and name suffixes end sentences often enough ("… Apple Inc. The company …") that
# the next word decides: a sentence starter means a boundary.
_AMBIGUOUS_FINAL = _words("inc corp co ltd llc plc bros jr sr esq etc al st ave blvd rd ph.d")
_SENTENCE_STARTERS = _words(
    """
    the a an this that these those it its he she they we i you there his her their our my in
    on at for but and or so yet however meanwhile after before while when if as although
    though because since according with by from to of one some many most no not all both each
    other such what who why how where which last next earlier later still also then now today
    yesterday despite during under over instead about shares analysts officials investors
    critics here once until unlike like among between against without nor
    """
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans (start, end), trimmed of surrounding whitespace.

    Blank lines and line-initial bullet markers are hard boundaries; a single newline is plain
    whitespace (hard-wrapped text).
    """
    spans: list[tuple[int, int]] = []
    segment_start = 0
    for brk in _HARD_BREAK.finditer(text):
        _split_segment(text, segment_start, brk.start(), spans)
        segment_start = brk.end()
    _split_segment(text, segment_start, len(text), spans)
    return spans


def _split_segment(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    sentence_start = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _is_sentence_boundary(text, match, end):
            _append_trimmed(text, sentence_start, match.end("punctuation"), spans)
            sentence_start = match.end()
    _append_trimmed(text, sentence_start, end, spans)


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _word_before(text: str, end: int) -> str:
    """The word that ends at `end` (a full stop's position), without opening quotes or
    brackets: "Dr" in '("Dr. Smith'."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip("\"'“‘([«")


def _is_sentence_boundary(text: str, match: re.Match[str], limit: int) -> bool:
    position = match.end()
    while position < limit and text[position].isspace():
        position += 1
    if position >= limit:
        return True
    following_end = position
    while following_end < limit and not text[following_end].isspace():
        following_end += 1
    following = text[position:following_end]
    first = following[0]
    if first.islower():
        # "eBay", "iPhone" start sentences; other lower-case words continue one.
        return len(following) > 1 and following[1].isupper()
    if first in ",;:)]}%":
        return False
    punctuation = match.group("punctuation")
    terminal = punctuation.rstrip(_CLOSERS)
    if "!" in terminal or "?" in terminal or "…" in terminal or "..." in terminal:
        return True
    if len(punctuation) != len(terminal):
        return True  # a closing quote after the period: abbreviations do not end in quotes
    token = _word_before(text, match.start())
    if not token:
        return True
    lower = token.lower()
    if lower in _NEVER_FINAL:
        return False
    if lower in _BEFORE_NUMBER:
        return not first.isdigit()
    if lower in _AMBIGUOUS_FINAL or _INITIALISM.fullmatch(token):
        next_word = following.lstrip("\"'“‘(«").rstrip(".,;:!?").lower()
        return next_word in _SENTENCE_STARTERS
    return True


# ---------------------------------------------------------------------------------------------
# Hedge classification
# ---------------------------------------------------------------------------------------------

_PRECEDENCE = {Hedge.REPORTED: 0, Hedge.ATTRIBUTED: 1, Hedge.SPECULATIVE: 2}


@dataclass(frozen=True, slots=True)
class _Hit:
    hedge: Hedge
    start: int
    end: int
    holder: str | None
    # The holder is only the cue phrase ("allegedly", "is said to"): any source the sentence
    # names ("according to reports", "insiders") is the better attribution.
    phrase_only: bool = False


_W = r"[\w’'&.-]"  # a name-ish token character

# --- reported ---------------------------------------------------------------------------------
_REPORTED_WORD = re.compile(r"(?i)\b(reportedly|allegedly|purportedly|supposedly)\b")
_RUMOUR = re.compile(r"(?i)\brumou?r(?:ed|s)?\b(?!\s+mill\b)")
_REPORTS_VERB = re.compile(
    r"(?i)\b(?:(?:media|press|news|local|recent|unconfirmed|several|multiple|some|other|earlier|"
    r"initial|published|conflicting|separate)\s+)?reports\s+(?:have\s+|had\s+)?(?:also\s+)?"
    r"(?:say|said|suggest|suggested|indicate|indicated|claim|claimed|state|stated|emerged|"
    r"surfaced|circulated|circulating|alleged|allege)\b"
)
_REPORTS_THAT = re.compile(r"(?i)\b(reports?)\s+that\b")
_REPORTS_THAT_NOUN_CONTEXT = re.compile(
    r"(?i)(?:amid|after|following|despite|denied|dismissed|rejected|about|of|on|with|to|the|"
    r"media|press|news|recent|earlier|unconfirmed|unverified|conflicting|similar|are|were|"
    r"there|deny|denies|denying)\s+$"
)
_SOURCES = re.compile(
    r"(?i)\b(?:(?:anonymous|unnamed|multiple|several|two|three|four|five|industry|government|"
    r"official|diplomatic|intelligence|security|military|senior|company|party|police|western|"
    r"european|other|informed|knowledgeable|trusted|reliable|local|family|team|club|market|"
    r"banking|legal|regional)\s+)*sources?"
    r"(?:\s+(?:close\s+to|familiar\s+with|with\s+knowledge\s+of|briefed\s+on|within|inside|"
    r"at|in)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+)?[\w’'&.-]+"
    r"(?-i:\s+[A-Z][\w’'&.-]*)*"
    r"|(?=\s+(?:have\s+|had\s+|also\s+)*(?:said|say|says|told|tell|indicated?|suggest(?:ed)?|"
    r"claim(?:ed)?|confirmed|report(?:ed)?|revealed|added|insisted|warned)\b)"
    r"|(?=,\s+(?:who|speaking)\b))"
)
_FAMILIAR = re.compile(
    r"(?i)\b(?:(?:people|persons?|a\s+person|someone|those|individuals|insiders?|executives?|"
    r"an?\s+(?:\w+\s+)?source|sources|"
    r"officials?|employees|staff(?:ers)?|aides?|advisers?|advisors?|(?:an?\s+)?(?:senior\s+)?"
    r"(?:\w+\s+)?(?:official|executive|insider|employee|aide|adviser|advisor)s?|"
    r"(?:one|two|three|four|several)\s+(?:people|persons|officials|executives|sources))\s+)"
    r"(?:directly\s+|closely\s+)?(?:familiar\s+with|close\s+to|with\s+(?:direct\s+)?knowledge\s+"
    r"of|briefed\s+on|aware\s+of|privy\s+to)\s+(?:the\s+|these\s+|those\s+|its\s+|his\s+|her\s+|"
    r"their\s+|a\s+|an\s+)?(?:[\w’'&.-]+\s+){0,3}?(?:matter|matters|plans?|discussions?|talks|"
    r"situation|deal|negotiations?|thinking|decision|investigation|process|case|proposal|"
    r"transaction|company|probe|review|team|club|government|administration|ministry|campaign|"
    r"family|singer|player|star|bid|board|issue|details|offer|companies|firm|bank|effort|"
    r"agreement|(?-i:[A-Z][\w’'&.-]*))"
)
_ANONYMOUS = re.compile(
    r"(?i)\b(?:speaking|spoke)\s+on\s+(?:the\s+)?condition\s+of\s+anonymity\b"
    r"|\bwho\s+(?:asked|requested|declined|wished)\s+not\s+to\s+be\s+(?:named|identified)\b"
    r"|\b(?P<unnamed>(?:anonymous|unnamed|unidentified)\s+(?:officials?|sources?|people|persons?|"
    r"executives?|insiders?|employees?|staff(?:ers)?|aides?|diplomats?|officers?))\b"
    r"|\bnot\s+authori[sz]ed\s+to\s+(?:speak|comment|discuss)\b"
    r"|\b(?P<insiders>insiders?)\s+(?:say|said|says|told|claim|claimed|suggest)\b"
    r"|\bby\s+(?P<accounts>(?:some|many|most|all|several|other|his\s+own|her\s+own|"
    r"their\s+own)\s+accounts)\b"
)
_PASSIVE_BELIEF = re.compile(
    r"(?i)\b(?:is|are|was|were|has\s+been|have\s+been|had\s+been|be|being)\s+"
    r"(?:widely\s+|also\s+|generally\s+|now\s+|still\s+|long\s+|privately\s+)?"
    r"(said|believed|thought|understood|rumou?red|alleged|reported|reputed|presumed|suspected)"
    r"\s+to\b"
)
_IMPERSONAL_REPORT = re.compile(
    r"(?i)\bit\s+(?:is|was|has\s+been|had\s+been|'s|’s)\s+(?:widely\s+|now\s+|also\s+)?"
    r"(understood|believed|rumou?red|alleged|reported|said|thought|claimed)\b"
    r"|\bit\s+(?:has\s+|had\s+)?emerged\b|\bemerged\s+(?:on\s+\w+\s+)?that\b"
    r"|\bthere\s+(?:are|were|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:reports|claims|rumou?rs|"
    r"suggestions|indications)\b"
)
_CITING = re.compile(r"\b[Cc]iting\s+")
_UNNAMED_HOLDER = re.compile(
    r"(?i)\b(?:sources?|insiders?|anonymous|unnamed|unidentified|familiar\s+with|close\s+to|"
    r"(?:early|some|many|other|contemporary|several|conflicting|local|eyewitness)\s+accounts|"
    r"knowledge\s+of|briefed\s+on|a\s+person|rumou?rs?|leaks?|media\s+reports?|press\s+reports?|"
    r"news\s+reports?)\b"
)
_UNNAMED_REPORT_HOLDER = re.compile(
    r"(?i)^(?:(?:some|several|multiple|recent|new|earlier|initial|local|other|published|"
    r"unconfirmed|various|media|press|news|a|an)\s+)*reports?$"
)

# --- attributed -------------------------------------------------------------------------------
_ACCORDING_TO = re.compile(r"(?i)\baccording\s+to\s+")
_ACCORDING_NOT_SOURCE = re.compile(
    r"(?i)^(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+|our\s+|my\s+|your\s+)?(?:plan|plans|"
    r"schedule|script|rules?|law|laws|tradition|custom|legend|myth|folklore|size|age|need|needs|"
    r"priority|priorities|instructions?|manual|recipe|design|protocol|merit|type|category|"
    r"taste|rank|preference|preferences|terms|guidelines|regulations|standards?|specifications?|"
    r"budget|formula|pattern|season|ability|scripture|doctrine|expectations|performance|"
    r"weight|height|income|location|gender|sex|region|importance|context|circumstances)\b"
)
_HOLDER_END = re.compile(
    r"(?:[,.;:()\[\]—–!?\"“”]|\s-\s|\s+(?:that|which|who|whom|but|as|because|when|while|if|"
    r"since|although|though|is|are|was|were|has|had|have|will|would|could|may|might|can|"
    r"should|did|does|do|sold|rose|fell|grew|dropped|jumped|plans|expects)\b)"
)
_HOLDER_BY = re.compile(
    r"\b(?:[Bb]y|[Ff]rom|[Ii]n|[Oo]n)\s+((?:the\s+)?[A-Z][\w’'&.-]*(?:\s+(?:[A-Z][\w’'&.-]*|of|and|&|for|de))*)"
)
_STRONG_VERB_WORDS = _words("said says say told tells")
_LOWERCASE_WORD = re.compile(r"(?<![\w’'-])([a-z]+)(?![\w’'-])")
# Verbs that report speech or thought but also have other senses ("added 200 jobs", "claimed
# the title"): they attribute only with a speech complement (see _speech_verb).
_WEAK_VERB_WORDS = _words(
    """
    added adds noted notes claimed claims confirmed confirms announced announces wrote
    writes stated states argued argues warned warns estimated estimates explained explains
    insisted insists acknowledged acknowledges admitted admits conceded concedes contended
    contends maintained maintains predicted predicts cautioned cautions emphasised
    emphasized emphasises emphasizes stressed stresses disclosed discloses revealed reveals
    reported reports testified recalled asserted asserts alleged alleges believes thinks
    posted tweeted declared declares observed remarked replied responded countered denied
    denies suggested suggests indicated indicates expects expect expected forecasts
    forecast projects projected anticipates anticipate predict estimate believe think argue
    warn agreed agrees concluded concludes found finds showed shows allege claim insist
    contend maintain note confirm suggest acknowledge admit concede caution stress
    emphasise emphasize explain reveal disclose testify assert deny declare observe fear
    fears feared
    """
)
_COGNITION_VERBS = _words(
    """
    expects expect expected forecasts forecast projects projected anticipates anticipate
    predict predicts predicted estimate estimates estimated
    """
)
_EVIDENTIAL_VERBS = _words(
    """
    suggested suggests indicated indicates concluded concludes found finds showed shows
    """
)
_FACTIVE_FINDING_VERBS = _words("found finds showed shows concluded concludes")
_IN_A_STATEMENT = re.compile(
    r"(?i)\bin\s+(?:an?|its|his|her|their|the)\s+(?:(?:\d{4}|joint|written|emailed|e-mailed|brief|"
    r"separate|short|press|regulatory|securities|court|blog|linkedin|social\s+media|televised|"
    r"recent|lengthy|new|annual|quarterly|official|internal|video|radio|tv|television|podcast|"
    r"exclusive)\s+)*(?:statement|filing|press\s+release|interview|blog\s+post|letter|"
    r"note\s+to\s+(?:clients|investors|staff|employees)|memo|tweet|post\s+on\s+(?:x|twitter|"
    r"linkedin|facebook|instagram|threads|bluesky|social\s+media)|submission|affidavit|"
    r"testimony|op-ed|email|e-mail|podcast|briefing\s+(?:to|with)\s+reporters|"
    r"(?:earnings|conference)\s+call)(?![-\w])"
)
_TOLD_PASSIVE_BEFORE = re.compile(
    r"(?i)\b(?:was|were|been|being|get|got)\s+(?:told|informed|notified|warned|asked|reminded)\s+$"
)
_PER = re.compile(
    r"(?<![\w-])[Pp]er\s+((?:(?:the|a|an)\s+(?:[\w’'-]+\s+){0,2}?(?:filing|report|statement|"
    r"spokesperson|spokesman|spokeswoman|company|source|release|memo|document|study|survey|data|"
    r"analysis|lawsuit|complaint|indictment|court\s+documents|team|club|league|police|agency|"
    r"government|ministry|budget|website|records|figures|estimates|census|accounts|survey|"
    r"poll|audit|review|forecast|guidance|prospectus|indictment|ruling))"
    r"|(?:the\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*)*)"
)
_PER_UNITS = _words(
    """
    kwh mwh gwh twh gb tb mb kb gw mw kw usd eur gbp mbps gbps mmbtu btu zip capita cent annum
    diem se ton tonne barrel share year month day hour
    """
)
_REPORTED_BY = re.compile(
    r"\b(?:[Aa]s\s+)?(?:first\s+)?reported\s+by\s+((?:the\s+)?[A-Z][\w’'&.-]*"
    r"(?:\s+(?:[A-Z][\w’'&.-]*|of|and|&|for))*)"
)
_DATA_FROM = re.compile(
    r"\b(?:[Dd]ata|[Ff]igures|[Ss]tatistics|[Nn]umbers|[Ee]stimates|[Rr]esearch|[Aa]n?\s+(?:new\s+|"
    r"recent\s+|\d{4}\s+)?(?:survey|poll|study|report|analysis|review|audit|paper))\s+"
    r"(?:(?:published|released|compiled|conducted|commissioned|produced|led)\s+)?(?:from|by)\s+"
    r"((?:the\s+)?(?:[A-Z][\w’'&.-]*|researchers|scientists|economists|analysts|academics|"
    r"experts|doctors|engineers)(?:\s+(?:[A-Z][\w’'&.-]*|of|and|&|for|on|at)(?=\s+[A-Z]|$|[\s,.;]))*)"
)

# --- speculative ------------------------------------------------------------------------------
_MODAL_WORDS = _words("may might could would")
_MIGHT_NOUN_BEFORE = re.compile(
    r"(?i)(?:military|economic|naval|industrial|financial|sheer|full|all\s+(?:his|her|their|its)|"
    r"his|her|their|its|the|of|with|nuclear|air|corporate|political)\s+$"
)
_COULD_NOT = re.compile(r"^\s*(?:n[’']t|not|never|barely|hardly|scarcely|only)\b", re.I)
_COULD_PERCEPTION = re.compile(
    r"^\s+(?:see|hear|feel|smell|taste|sense|remember|recall|be\s+(?:seen|heard|felt)(?!\s+as\b))\b"
)
_PAST_ABILITY_CONTEXT = re.compile(
    r"(?i)\b(?:as\s+a\s+(?:child|boy|girl|teenager|teen|student|youngster|kid)|when\s+(?:he|she|"
    r"they|i|we)\s+(?:was|were)|yesterday|last\s+(?:night|week|month|year|season|weekend)|"
    r"at\s+the\s+time|back\s+then|in\s+those\s+days|years\s+ago|by\s+then|growing\s+up|"
    r"in\s+his\s+youth|in\s+her\s+youth|(?:by|at)\s+the\s+age\s+of|aged\s+\d+)\b"
)
_WOULD_NOT_SPECULATIVE = re.compile(
    r"^\s*(?:(?:n[’']t|not)\s+(?:immediately\s+)?(?:comment|say|disclose|confirm|elaborate|"
    r"discuss|specify|provide|identify|name|reveal|respond|answer|give|speculate)"
    r"|like|love|prefer|rather|later|eventually|subsequently|go\s+on\s+to|often|usually|always|"
    r"comment|elaborate|speculate|"
    r"sometimes|frequently|regularly|never\s+again)\b",
    re.I,
)
_PLAN_NOUN_BEFORE = re.compile(r"(?i)\b(?:the|a|an|its|his|her|their|our|this|that)\s+$|[’']s\s+$")
_WOULD_NARRATIVE_BEFORE = re.compile(r"(?i)\b(?:what|who|which)\s+$")
_SPECULATIVE_WORD = re.compile(
    r"(?i)\b(unlikely|probably|possibly|perhaps|maybe|potentially|presumably|conceivably|"
    r"apparently|seemingly|possibility|possibilities|arguably\s+could)\b"
)
_LIKELY = re.compile(r"(?i)\blikely\b")
_LIKELY_NOT_CUE_BEFORE = re.compile(r"(?i)\b(?:more|less|least|times|as|equally|twice)\s+$")
_LIKELY_NOT_CUE_AFTER = re.compile(r"(?i)^\s+(?:voters?|caucus-?goers|buyers)\b")
_EXPECTED = re.compile(
    r"(?i)\b(?:(?:is|are|was|were|be|been|being|isn[’']t|aren[’']t|wasn[’']t|weren[’']t)"
    r"\s+(?:\w+ly\s+|also\s+|now\s+|still\s+|not\s+|already\s+)?(?:expected|anticipated)\b"
    r"|expected\s+to\b|anticipated\s+to\b|(?:expects?|expecting|anticipates?|anticipating)\b)"
)
_EXPECTED_NOT_CUE_BEFORE = re.compile(
    r"(?i)\b(?:than|as|what\s+to|to)\s+(?:[\w’']+\s+){0,2}(?:had\s+|was\s+|were\s+|been\s+)?$"
)
_INTENTION = re.compile(
    r"(?i)\b(?:plans?\s+to|planning\s+to|planned\s+to|aims?\s+to|aiming\s+to|aimed\s+to|"
    r"intends?\s+to|intending\s+to|intention\s+to|hopes?\s+to|hoping\s+to|hopes?\s+that|"
    r"seeks?\s+to|seeking\s+to|poised\s+to|on\s+track\s+to|on\s+course\s+to|in\s+line\s+to|"
    r"tipped\s+to|favou?red\s+to|favou?rites?\s+to|promises?\s+to|stands?\s+to\s+(?:gain|"
    r"benefit|lose|make|win|earn|profit|reap|receive|collect|pocket))\b"
)
_SET_TO = re.compile(
    r"(?i)\b(?:is|are|’s|'s|now|also|looks|look|appears|appear|seems|seem)\s+"
    r"(?:now\s+|also\s+)?set\s+to\s+(?!(?:the|a|an|zero|music|default|\d))[a-z]"
)
_PROJECTED = re.compile(
    r"(?i)\b(?:(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+|also\s+|now\s+)?"
    r"(?:projected|forecast|forecasted|predicted|estimated|tipped|poised)\b"
    r"|an\s+estimated\b|estimated\s+(?:to|at)\b|projected\s+(?:deficits?|surplus(?:es)?|"
    r"revenues?|growth|costs?|shortfalls?|loss(?:es)?|profits?|earnings|sales|population|"
    r"demand|spending|budget|savings|increase|decline|rise|fall|figures?)\b|"
    r"projections?\b|forecasts?\s+(?:that|to)\b|forecasted\b|predict(?:s|ed|ing)?\b)"
)
_PROJECTED_NOT_CUE_BEFORE = re.compile(r"(?i)\b(?:than|as)\s+(?:\w+\s+){0,1}$")
_APPEARS = re.compile(
    r"(?i)\b(?:appears?|appeared|seems?|seemed|looks?\s+set|looks?\s+likely)\s+to\b"
    r"|\b(?:it\s+)?(?:appears|seems)\s+(?:that|likely|unlikely|possible|increasingly)\b"
)
_POSSIBLE = re.compile(
    r"(?i)\b(?:(?:it\s+is|it’s|it's|it\s+was|it\s+would\s+be|is|are|was|were|remains|seems|"
    r"quite|entirely|very|also|still)\s+possible\b|\ba\s+possible\b|possible\s+that\b)"
)
_UNCLEAR = re.compile(
    r"(?i)\b(?:it\s+(?:is|was|remains|remained)|(?:it’s|it's)|remains|remained)\s+"
    r"(?:unclear|uncertain|to\s+be\s+seen|not\s+(?:yet\s+)?(?:clear|known))\b"
)
_EVIDENTIAL = re.compile(
    r"(?i)\b(?:suggests?|suggested|suggesting|indicates?|indicated|indicating|hints?|hinted|"
    r"implies|implied|signals?|signall?ed)\s+that\b"
)

# --- noun phrases for speakers ----------------------------------------------------------------
_ROLE_NOUNS = _words(
    """
    company companies firm firms spokesperson spokesman spokeswoman spokespeople
    representative representatives official officials analyst analysts executive executives
    researcher researchers scientist scientists expert experts police prosecutor prosecutors
    lawyer lawyers attorney attorneys minister ministers ministry department agency government
    authorities authority statement report filing study survey poll people person chief ceo
    cfo coo cto founder cofounder co-founder director president chairman chairwoman chair
    manager coach player players economist economists strategist strategists investor
    investors regulator regulators board committee court judge union group campaign team club
    league organizers organisers lawmakers lawmaker legislators senator governor mayor council
    university hospital doctors doctor nurses residents witnesses witness document documents
    memo letter website paper authors author bank officer officers staff employees employee
    worker workers members member leader leaders critics supporters opponents advocates
    activists observers engineers developers customers users partners sponsors owners owner
    operator operators manufacturer maker makers retailer airline carrier automaker startup
    giant conglomerate platform network broadcaster newspaper magazine outlet office service
    commission administration fund trust organization organisation association institute
    center centre foundation charity watchdog ombudsman panel inquiry investigators detectives
    troopers secretary ambassador envoy diplomat diplomats commander general firefighters
    rescuers paramedics medics historians academics professor professors pollsters forecasters
    meteorologists biologists physicists astronomers epidemiologists archaeologists teacher
    teachers parents fans citizens protesters agencies governments ministries departments
    banks insurers lenders traders brokers bankers consultants consultancy advisers advisors
    adviser advisor aide aides sources source insiders insider city county state country
    nation airport school district utility authority operator chancellor premier king queen
    prince princess pope bishop cardinal spokesmodel manufacturer surgeon physician
    psychologist epidemiologist economist analyst data figures reports study researchers team
    accounts
    """
)
_DOCUMENT_NOUNS = _words(
    """
    statement report reports filing study survey poll data figures document documents memo
    letter website paper analysis research evidence findings results numbers statistics review
    audit model models
    """
)
_NP_MODIFIERS = _words(
    """
    a an the its his her their our this these those two three four five six several some many
    most other both another all senior former chief executive financial operating technology
    press local federal state national regional foreign top independent industry market city
    county company administration government military defense defence health public private
    legal economic energy trade party opposition deputy assistant acting vice managing lead
    head principal global retail central election investment research security transport
    transit education environmental junior veteran longtime new interim outgoing incoming
    current chief-executive communications media policy science medical climate marine
    wildlife sports club team league airline bank insurance tech software chip semiconductor
    own one polled surveyed quoted cited interviewed contacted consulted by
    """
)
_NP_CONNECTORS = _words("of for at from with to in on and & de del la van von al bin der")
_PRONOUNS = _words("he she they it we i you")
_CLAUSE_WORDS = _words(
    """
    however but and meanwhile still yet also separately instead earlier later in on at after
    before while when if as although though because since so then now today yesterday last
    this that which who whom whose where there here what why how once until unless whether
    while thus therefore moreover furthermore nonetheless nevertheless indeed
    """
)
_TRAILING_ADJUNCT = re.compile(
    r"(?i)(?:\s+(?:has|have|had|also|previously|earlier|later|recently|repeatedly|publicly|"
    r"privately|separately|then|once|again|further|first|reportedly|originally|subsequently|"
    r"already|frequently|often|simply|only|just|always|never|now|today|yesterday|tonight|"
    r"last\s+(?:week|month|year|night|weekend)|this\s+(?:week|month|year|morning|afternoon)|"
    r"on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|\w+day)|"
    r"(?:early|late)\s+(?:on\s+)?\w+|in\s+(?:a|an|its|his|her|their)\s+(?:statement|interview|"
    r"email|e-mail|letter|filing|note|post|tweet)))+\s*$"
)
_NP_TOKEN = re.compile(r"[^\W_][\w’'&.-]*|[^\w\s]")
_SAY_TRAP_BEFORE = re.compile(
    r"(?i)(?:\b(?:to|would|could|can|can[’']t|cannot|might|may|should|will|must|let[’']s|"
    r"needless|i[’']d|not|n[’']t|the|a|an|final|your|our|no)\s+$|,\s*$)"
)
_SAID_TRAP_BEFORE = re.compile(
    r"(?i)(?:\b(?:the|a|an|this|aforesaid|said|having|that|not|n[’']t|to|is|are|was|were|be|"
    r"been|being|get|got|it\s+is|it\s+was|it\s+has\s+been)\s+$|\b(?:all|is|are|was|were|be|been|"
    r"being|get|got|gets)\s+(?:\w+ly\s+)?$)"
)
_WEAK_VERB_NOT_SPEECH_BEFORE = re.compile(
    r"(?i)(?:\b(?:the|a|an|its|his|her|their|this|our|your|is|are|was|were|be|been|being|"
    r"has\s+been|have\s+been|had\s+been|to|not|n[’']t)|\w[’']s)\s+$"
)
_COMPARED_WITH_EXPECTATION = re.compile(
    r"(?i)\b(?:than|as)\s+(?:[\w’']+\s+){0,2}(?:had\s+|have\s+|has\s+)?$"
)
_TELLS_STORY_AFTER = re.compile(
    r"(?i)^\s+(?:the|a|an|its|his|her|their)\s+(?:\w+\s+)?(?:story|tale)\b"
)
_SPEECH_COMPLEMENT = re.compile(
    r"(?i)^(?:\s*,?\s*(?:(?:on|in|at|last|earlier|this|during|via|to|late|before|after|through|"
    r"when|while|over|after)\b[^,.;:\"“”]{0,60}?)?)?"
    r"(?:\s*,?\s*that\b|\s*[:\"“]|\s+(?:it|he|she|they|we|i|there)\s+(?:\w+ly\s+)?(?:would|will|"
    r"is|was|were|are|has|had|have|could|may|might|plans|planned|expects|intends|does|did|can|"
    r"should|must|needed|needs|wanted|wants|hoped|hopes|aims|remained|remains|\w+ed)\b"
    r"|\s+(?:the|a|an|its|his|her|their|this|these|those)\s+(?:[\w’'-]+\s+){0,4}?(?:would|will|"
    r"is|was|were|are|has|had|could|may|might|plans|expects|intends|remained|remains)\b"
    r"|\s+(?:of|against|about)\s+)"
)
_CLAUSE_END_AFTER = re.compile(
    r"(?i)^(?:\s+(?:on|in|at|last|earlier|this|during|via|to|late|before|after|when|over)\b"
    r"[^,.;:\"“”]{0,60}?)?\s*(?:[.,;!?\"”’)]|$)"
)


_LOOKBEHIND_WINDOW = 240

# Each pattern runs only when one of its words occurs in the lower-cased sentence: substring
# tests are far cheaper than scanning every position with a long alternation.
_TRIGGERS: dict[re.Pattern[str], tuple[str, ...]] = {
    _REPORTED_WORD: ("reportedly", "allegedly", "purportedly", "supposedly"),
    _RUMOUR: ("rumo",),
    _REPORTS_VERB: ("reports",),
    _REPORTS_THAT: ("report",),
    _FAMILIAR: ("familiar", "close to", "knowledge of", "briefed on", "aware of", "privy to"),
    _SOURCES: ("source",),
    _ANONYMOUS: (
        "anonym",
        "unnamed",
        "unidentified",
        "not to be",
        "authori",
        "insider",
        "accounts",
    ),
    _PASSIVE_BELIEF: (
        "said to",
        "believed to",
        "thought to",
        "understood to",
        "rumored to",
        "rumoured to",
        "alleged to",
        "reported to",
        "reputed to",
        "presumed to",
        "suspected to",
    ),
    _IMPERSONAL_REPORT: (
        "it is",
        "it was",
        "it has",
        "it had",
        "it's",
        "it’s",
        "emerged",
        "there ",
    ),
    _ACCORDING_TO: ("according",),
    _CITING: ("citing",),
    _IN_A_STATEMENT: (
        "statement",
        "filing",
        "release",
        "interview",
        " post",
        "letter",
        "note to",
        "memo",
        "tweet",
        "submission",
        "affidavit",
        "testimony",
        "op-ed",
        "mail",
        "podcast",
        "briefing",
        " call",
    ),
    _PER: ("per ",),
    _REPORTED_BY: ("reported by",),
    _DATA_FROM: (
        "data",
        "figures",
        "statistics",
        "numbers",
        "estimates",
        "research",
        "survey",
        "poll",
        "study",
        "report",
        "analysis",
        "review",
        "audit",
        "paper",
    ),
    _SPECULATIVE_WORD: (
        "unlikely",
        "probably",
        "possib",
        "perhaps",
        "maybe",
        "potentially",
        "presumably",
        "conceivably",
        "apparently",
        "seemingly",
        "arguably",
    ),
    _LIKELY: ("likely",),
    _EXPECTED: ("expect", "anticipat"),
    _INTENTION: (
        "plan",
        " aim",
        "intend",
        "intention",
        "hope",
        "seek",
        "poised",
        "on track",
        "on course",
        "in line",
        "tipped",
        "favo",
        "promis",
        "stand to",
        "stands to",
    ),
    _SET_TO: ("set to",),
    _PROJECTED: ("project", "forecast", "predict", "estimated"),
    _APPEARS: ("appear", "seem", "looks"),
    _POSSIBLE: ("possible",),
    _UNCLEAR: ("unclear", "uncertain", "to be seen", "not clear", "not yet", "not known"),
    _EVIDENTIAL: ("suggest", "indicat", "hint", "impl", "signal"),
}


def _matches(pattern: re.Pattern[str], s: str, lower: str) -> Iterator[re.Match[str]]:
    if any(map(lower.__contains__, _TRIGGERS[pattern])):
        return pattern.finditer(s)
    return iter(())


def _before(s: str, position: int, width: int = _LOOKBEHIND_WINDOW) -> str:
    """The text just before ``position``: look-behind tests stay linear on run-on sentences."""
    return s[max(0, position - width) : position]


def _after(s: str, position: int) -> str:
    return s[position : position + _LOOKBEHIND_WINDOW]


def classify_hedge(sentence: str) -> HedgeResult:
    """Classify one sentence; cue offsets index ``sentence``."""
    hits: list[_Hit] = []
    lower = sentence.lower()
    # Speech verbs and modals are matched in lower case only ("May", "Said" are names).
    words = list(_LOWERCASE_WORD.finditer(sentence))
    _find_reported(sentence, lower, hits)
    _find_attributed(sentence, lower, words, hits)
    _find_speculative(sentence, lower, words, hits)
    if not hits:
        return HedgeResult(Hedge.ASSERTED, (), None)
    kept = _drop_contained(hits)
    winner = min(kept, key=lambda hit: (_PRECEDENCE[hit.hedge], hit.start)).hedge
    ordered = sorted(kept, key=lambda hit: (hit.phrase_only, hit.start))
    holders = [h.holder for h in ordered if h.hedge is winner and h.holder]
    if not holders and winner is Hedge.REPORTED:
        # "Speaking on condition of anonymity, the official said …": the unnamed speaker
        holders = [h.holder for h in ordered if h.hedge is Hedge.ATTRIBUTED and h.holder]
    # "We"/"I" speak inside a quotation; the attribution outside it names the speaker.
    named = [h for h in holders if h.lower() not in ("we", "i", "you")]
    preferred = named or holders
    holder = preferred[0] if preferred else None
    cues = tuple(Cue(sentence[h.start : h.end], h.start, h.end) for h in kept)
    return HedgeResult(winner, cues, holder)


def _drop_contained(hits: list[_Hit]) -> list[_Hit]:
    ordered = sorted(
        hits, key=lambda hit: (hit.start, -(hit.end - hit.start), _PRECEDENCE[hit.hedge])
    )
    kept: list[_Hit] = []
    furthest_end = -1
    for hit in ordered:
        # every kept hit starts at or before this one, so containment is just "ends earlier"
        if hit.end <= furthest_end:
            continue
        kept.append(hit)
        furthest_end = hit.end
    return kept


def _find_reported(s: str, lower: str, hits: list[_Hit]) -> None:
    for m in _matches(_REPORTED_WORD, s, lower):
        word = m.group(1).lower()
        if word == "reportedly":
            hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), "reports"))
        else:
            hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), word, phrase_only=True))
    for m in _matches(_RUMOUR, s, lower):
        hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), "rumours"))
    for m in _matches(_REPORTS_VERB, s, lower):
        hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), "reports"))
    for m in _matches(_REPORTS_THAT, s, lower):
        before = _before(s, m.start(), 100)
        if m.group(1).lower() == "report" and not _REPORTS_THAT_NOUN_CONTEXT.search(before):
            continue
        if (
            m.group(1).lower() == "reports"
            and not _REPORTS_THAT_NOUN_CONTEXT.search(before)
            and before.strip()
        ):
            continue  # "Bloomberg reports that …" is a named outlet (handled as attributed)
        hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), "reports"))
    for m in _matches(_FAMILIAR, s, lower):
        hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), _clean_holder(m.group())))
    for m in _matches(_SOURCES, s, lower):
        if (
            _FAMILIAR.search(s, max(0, m.start() - 40), m.end() + 1)
            and "familiar" in m.group().lower()
        ):
            continue
        hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), _clean_holder(m.group())))
    for m in _matches(_ANONYMOUS, s, lower):
        named = m.group("unnamed") or m.group("insiders") or m.group("accounts")
        holder = _clean_holder(named).lower() if named else _anonymous_speaker(s, m.start())
        hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), holder))
    for m in _matches(_PASSIVE_BELIEF, s, lower):
        verb = m.group(1).lower()
        if verb == "reported" or verb.startswith("rumo"):
            holder = "reports" if verb == "reported" else "rumours"
            hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), holder))
        else:
            phrase = _clean_holder(m.group()).lower()
            hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), phrase, phrase_only=True))
    for m in _matches(_IMPERSONAL_REPORT, s, lower):
        verb = (m.group(1) or "").lower()
        if verb in ("reported", "rumored", "rumoured") or "reports" in m.group().lower():
            hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), "reports"))
        elif m.group().lower().startswith(("it", "there")):
            phrase = _clean_holder(m.group()).lower()  # "it is understood", "there were claims"
            hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), phrase, phrase_only=True))
        else:
            hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), None))


_ANONYMITY_CLAUSE_BEFORE = re.compile(
    r"(?i)(?:,\s*)?(?:\bwho(?:\s+(?:is|are|was|were|has|have|had|been))*)?\s*$"
)


def _anonymous_speaker(s: str, cue_start: int) -> str | None:
    """The speaker an anonymity clause describes: "A senior diplomat, speaking on condition of
    anonymity," / "An official who asked not to be named"."""
    prefix = _before(s, cue_start).rstrip()
    clause = _ANONYMITY_CLAUSE_BEFORE.search(prefix)
    if clause:
        prefix = prefix[: clause.start()]
    return _noun_phrase_before(prefix) if prefix.strip() else None


def _find_attributed(s: str, lower: str, words: list[re.Match[str]], hits: list[_Hit]) -> None:
    for m in _matches(_ACCORDING_TO, s, lower):
        _according_to(s, m, hits)
    for m in _matches(_CITING, s, lower):
        holder = _holder_after(s, m.end())
        if not holder:
            continue
        cue_end = m.end() - 1
        if _UNNAMED_HOLDER.search(holder):
            hits.append(_Hit(Hedge.REPORTED, m.start(), cue_end, _reported_holder(holder)))
        elif holder[0].isupper() or holder.split()[0].lower() in ("a", "an", "the", "its", "data"):
            hits.append(_Hit(Hedge.ATTRIBUTED, m.start(), cue_end, holder))
    for m in words:
        word = m.group(1)
        if word in _STRONG_VERB_WORDS:
            _speech_verb(s, m, hits, strong=True)
        elif word in _WEAK_VERB_WORDS:
            _speech_verb(s, m, hits, strong=False)
    for m in _matches(_IN_A_STATEMENT, s, lower):
        if _TOLD_PASSIVE_BEFORE.search(_before(s, m.start())):
            continue  # "staff were told in an email": the sentence reports the telling
        hits.append(_Hit(Hedge.ATTRIBUTED, m.start(), m.end(), None))
    for m in _matches(_PER, s, lower):
        name = m.group(1)
        first_word = name.split()[0].strip(".,").lower()
        if first_word in _PER_UNITS:
            continue
        if name.isupper() and len(name) <= 4 and name.lower() in _PER_UNITS:
            continue
        hits.append(_Hit(Hedge.ATTRIBUTED, m.start(), m.start() + 3, _trim_holder(name)))
    for m in _matches(_REPORTED_BY, s, lower):
        hits.append(_Hit(Hedge.ATTRIBUTED, m.start(), m.start(1) - 1, _trim_holder(m.group(1))))
    for m in _matches(_DATA_FROM, s, lower):
        hits.append(_Hit(Hedge.ATTRIBUTED, m.start(), m.start(1) - 1, _trim_holder(m.group(1))))


def _according_to(s: str, m: re.Match[str], hits: list[_Hit]) -> None:
    rest = _after(s, m.end())
    if _ACCORDING_NOT_SOURCE.match(rest):
        return
    holder = _holder_after(s, m.end())
    if not holder:
        return
    cue_end = m.end() - 1
    if _UNNAMED_REPORT_HOLDER.match(holder) or holder.lower().startswith(
        ("media report", "press report", "news report")
    ):
        by = _HOLDER_BY.search(rest[: len(holder) + 60])
        if by and by.start() <= len(holder) + 1:
            hits.append(_Hit(Hedge.ATTRIBUTED, m.start(), cue_end, _trim_holder(by.group(1))))
        else:
            hits.append(_Hit(Hedge.REPORTED, m.start(), m.end() + len(holder), "reports"))
        return
    if _UNNAMED_HOLDER.search(holder):
        familiar = _FAMILIAR.match(s, m.end())
        if familiar:
            holder = _clean_holder(familiar.group())
        hits.append(
            _Hit(Hedge.REPORTED, m.start(), m.end() + len(holder), _reported_holder(holder))
        )
        return
    hits.append(_Hit(Hedge.ATTRIBUTED, m.start(), cue_end, holder))


def _holder_after(s: str, position: int) -> str | None:
    rest = _after(s, position)
    phrase = rest[: _name_end(rest, _HOLDER_END)]
    words = phrase.split()
    if not words:
        return None
    phrase = " ".join(words[:10])
    return _trim_holder(phrase) or None


def _name_end(rest: str, stop: re.Pattern[str]) -> int:
    """Where the name that starts ``rest`` ends: the first ``stop`` match, except a full stop
    inside the name ("Dr. J. R. Smith", "U.S. officials")."""
    for m in stop.finditer(rest):
        if m.group() == "." and _stop_inside_name(rest, m.start()):
            continue
        return m.start()
    return len(rest)


def _stop_inside_name(text: str, dot: int) -> bool:
    token = _word_before(text, dot)
    following = text[dot + 1 : dot + 3].lstrip()[:1]
    if not following.isalpha():
        return False
    if (
        token.lower() in _NEVER_FINAL
        or token.lower() == "st"
        or (len(token) == 1 and token.isupper())
    ):
        return following.isupper()  # a title or an initial: "Dr. Smith", "J. R. Smith"
    return "." in token and bool(_INITIALISM.fullmatch(token))  # "U.S. officials"


def _trim_holder(phrase: str) -> str:
    phrase = phrase.strip().strip("\"“”'’*_")
    phrase = re.sub(r"(?:[’']s)?\s*$", "", phrase) if phrase.endswith(("’s", "'s")) else phrase
    return phrase.rstrip(".,;: ")


def _clean_holder(phrase: str) -> str:
    return " ".join(phrase.split()).rstrip(".,;:")


def _reported_holder(holder: str) -> str:
    if _UNNAMED_REPORT_HOLDER.match(holder):
        return "reports"
    return holder


def _speech_verb(s: str, m: re.Match[str], hits: list[_Hit], *, strong: bool) -> None:
    verb = m.group(1)
    before = _before(s, m.start(), 120)
    after = _after(s, m.end())
    if strong:
        if verb == "say":
            if _SAY_TRAP_BEFORE.search(before):
                return
            previous = before.split()[-1:] if before.strip() else []
            if not previous:
                return
            word = previous[0].strip('"“”,').lower()
            if not (word in _ROLE_NOUNS or word in _PRONOUNS or previous[0][:1].isupper()):
                return
        elif verb == "said":
            if _SAID_TRAP_BEFORE.search(before):
                return
            if re.match(r"\s*,", after) and re.search(r"(?i)\bthat\s*$", before):
                return
        elif verb in ("told", "tells"):
            if _TELLS_STORY_AFTER.match(after):
                return  # "the film tells the story of …" narrates, it does not quote
            if re.search(r"(?i)\b(?:is|are|was|were|be|been|being|get|got|all)\s+$", before):
                return
    else:
        if _WEAK_VERB_NOT_SPEECH_BEFORE.search(before):
            return
        if verb.lower() in _COGNITION_VERBS and _COMPARED_WITH_EXPECTATION.search(before):
            return  # "better than analysts had expected" compares a result with a forecast
    holder, inverted = _speaker(s, m.start(), m.end())
    lower_verb = verb.lower()
    if not strong:
        complement = bool(_SPEECH_COMPLEMENT.match(after))
        clause_end = bool(_CLAUSE_END_AFTER.match(after)) and bool(
            re.search(r"[,\"”’]\s*(?:[^,\"”’]{0,80})$", before)
            or re.search(r"(?i)(?:^|[,;]\s*)as\s+[^,;]{1,80}$", before)
        )
        if lower_verb in _COGNITION_VERBS or lower_verb.startswith("confirm"):
            # "economists expect a mild recession", "the health department confirmed three
            # cases": an animate subject with a plain object still attributes the content.
            complement = complement or (
                holder is not None
                and _is_animate(holder)
                and bool(re.match(r"\s+[\w$£€\"“]", after))
            )
        if not (complement or clause_end or inverted):
            return
        if holder is None or not (_is_animate(holder) or _UNNAMED_HOLDER.search(holder)):
            if (
                lower_verb in _EVIDENTIAL_VERBS
                and lower_verb not in _FACTIVE_FINDING_VERBS
                and complement
            ):
                hits.append(_Hit(Hedge.SPECULATIVE, m.start(), m.end(), None))
            return
        if lower_verb in _FACTIVE_FINDING_VERBS and not clause_end:
            # "researchers found that …" is a finding stated as fact, not a quotation
            return
    if holder and _UNNAMED_HOLDER.search(holder):
        hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), _reported_holder(holder)))
        return
    if holder and _UNNAMED_REPORT_HOLDER.match(holder) and not holder.lower().startswith("the "):
        hits.append(_Hit(Hedge.REPORTED, m.start(), m.end(), "reports"))
        return
    if strong and holder is None and not inverted and not before.strip():
        return
    hits.append(_Hit(Hedge.ATTRIBUTED, m.start(), m.end(), holder))


def _is_animate(holder: str) -> bool:
    words = holder.split()
    head = words[-1].strip("’'").lower()
    if head.endswith(("’s", "'s")):
        return False
    if head in _PRONOUNS or head in _ROLE_NOUNS:
        return True
    if words[-1][:1].isupper():
        return True
    return head in _DOCUMENT_NOUNS


def _speaker(s: str, verb_start: int, verb_end: int) -> tuple[str | None, bool]:
    """Return (speaker, inverted) for the speech verb at ``s[verb_start:verb_end]``."""
    prefix = _before(s, verb_start)
    stripped = prefix.rstrip()
    if stripped.endswith(","):
        appositive = _appositive_speaker(stripped[:-1])
        if appositive:
            return appositive, False
    if not stripped or stripped[-1] in ",\"”’'" or stripped[-1] in "—–":
        after_holder = _noun_phrase_after(s, verb_end)
        if after_holder is not None:
            tail = _after(s, verb_end).lstrip()
            rest = tail[len(after_holder) :]
            if not rest.strip() or rest.lstrip()[:1] in ",.;!?—–(":
                return after_holder, True
        if stripped.endswith(","):
            # "NAME, chief executive of X, said" / "NAME, speaking in Seattle, said"
            inner = stripped[:-1]
            comma = inner.rfind(",")
            if comma > 0 and len(inner[comma + 1 :].split()) <= 16:
                phrase = _noun_phrase_before(inner[:comma])
                if phrase:
                    return phrase, False
        return None, False
    who = re.search(
        r"([A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*)*)\s*,?\s+who\s+(?:has\s+|had\s+|also\s+)*$", prefix
    )
    if who:
        return who.group(1), False
    phrase = _noun_phrase_before(prefix)
    if phrase is None:
        # "…, volcanologists said.": a short bare noun phrase after the quoted clause
        bare = _AFTER_CLAUSE_BREAK.search(prefix)
        if bare and not any(w.lower() in _CLAUSE_WORDS for w in bare.group(1).split()):
            phrase = bare.group(1)
    return phrase, False


_AFTER_CLAUSE_BREAK = re.compile(r"[,;:\"”]\s*([A-Za-z][\w’'-]*(?:\s+[A-Za-z][\w’'-]*){0,2})\s*$")


def _appositive_speaker(inner: str) -> str | None:
    """ "NAME, chief executive of X," / "The drug's maker, Novagen," → the speaker."""
    comma = inner.rfind(",")
    if comma <= 0:
        return None
    head_text = inner[:comma].strip()
    appositive = inner[comma + 1 :].strip()
    if len(appositive.split()) > 16 or len(head_text.split()) > 8:
        return None
    phrase = _noun_phrase_before(head_text)
    if (
        not phrase
        or not head_text.endswith(phrase)
        or len(phrase.split()) < len(head_text.split()) - 1
    ):
        return None
    words = appositive.split()
    appositive_is_name = 0 < len(words) <= 4 and all(w[:1].isupper() for w in words)
    phrase_has_name = any(w[:1].isupper() for w in phrase.split()[1:])
    if appositive_is_name and not phrase_has_name:
        return f"{phrase}, {appositive}"  # "The drug's maker, Novagen"
    return phrase


def _noun_phrase_before(prefix: str) -> str | None:
    """The speaker noun phrase that ends ``prefix`` ("Microsoft CEO Satya Nadella", "a
    spokesperson for the ministry", "the football association"), or None."""
    cut = _TRAILING_ADJUNCT.search(prefix)
    if cut:
        prefix = prefix[: cut.start()]
    tokens = list(_NP_TOKEN.finditer(prefix))
    index = len(tokens) - 1
    last = index
    while index >= 0:
        token = tokens[index].group()
        lower = token.lower()
        if lower in _PRONOUNS and index == last:
            index -= 1
            break
        if lower in _CLAUSE_WORDS and lower not in _NP_CONNECTORS:
            break
        if _is_np_word(token, lower) or (lower in _NP_CONNECTORS and index < last):
            index -= 1
            continue
        if token.isalpha() and token.islower():
            # An unlisted noun or adjective ("the fire department", "the actor") counts when a
            # determiner closes it within three words.
            determiner = _determiner_within(tokens, index)
            if determiner is not None:
                index = determiner - 1
                continue
        break
    first = index + 1
    while first <= last and tokens[first].group().lower() in _NP_CONNECTORS | _CLAUSE_WORDS:
        first += 1
    if last - first >= 10:
        first = last - 9
        while first <= last and tokens[first].group().lower() in _NP_CONNECTORS:
            first += 1
    if first > last:
        return None
    phrase = prefix[tokens[first].start() : tokens[last].end()]
    return _trim_holder(phrase) or None


def _is_np_word(token: str, lower: str) -> bool:
    if token[0].isupper() or lower in _ROLE_NOUNS or lower in _NP_MODIFIERS:
        return True
    if lower.endswith(("’s", "'s")) and token[:-2].isalpha():
        return True  # possessive: "the governor's office"
    return token[0].isdigit() and any(ch.isalpha() for ch in token)


def _determiner_within(tokens: list[re.Match[str]], index: int) -> int | None:
    for back in range(index - 1, max(-1, index - 4), -1):
        word = tokens[back].group()
        lower = word.lower()
        if lower in _DETERMINERS or (lower.endswith(("’s", "'s")) and word[:-2].isalpha()):
            return back
        if (
            not (word.isalpha() and word.islower())
            or lower in _CLAUSE_WORDS
            or lower in _NP_CONNECTORS
        ):
            return None
    return None


_DETERMINERS = _words("a an the its his her their our this these those")
_INVERTED_SPEAKER_END = re.compile(
    r"[,.;:!?()\"“”—–]|\s(?:who|which|that|in|on|at|after|before|when|while|as|during|adding|"
    r"noting|according|told|said|says|because|and\s+(?:added|said))\b"
)


def _noun_phrase_after(s: str, position: int) -> str | None:
    """The speaker after an inverted verb: '"…," said the 24-year-old cyclist.'"""
    rest = s[position : position + 200]
    phrase = rest[: _name_end(rest, _INVERTED_SPEAKER_END)]
    words = phrase.split()
    if not words or len(words) > 10:
        return None
    first = words[0].lower()
    if not (
        words[0][:1].isupper()
        or first in _DETERMINERS
        or first in _ROLE_NOUNS
        or first in _NP_MODIFIERS
    ):
        return None
    if all(w.lower() in _NP_MODIFIERS for w in words) or any(
        w.lower() in _AUXILIARIES for w in words
    ):
        return None
    return _trim_holder(" ".join(words)) or None


_AUXILIARIES = _words(
    """
    is are was were be been had has have will would could can may might should must did does
    do
    """
)


def _find_speculative(s: str, lower: str, words: list[re.Match[str]], hits: list[_Hit]) -> None:
    past_context: bool | None = None
    for m in words:
        word = m.group(1)
        if word not in _MODAL_WORDS:
            continue
        before = _before(s, m.start(), 60)
        after = _after(s, m.end())
        if word == "might" and (
            _MIGHT_NOUN_BEFORE.search(before) or not re.match(r"\s+[a-z]", after)
        ):
            continue
        if word == "could":
            if _COULD_NOT.match(after) or _COULD_PERCEPTION.match(after):
                continue
            if past_context is None:
                past_context = bool(_PAST_ABILITY_CONTEXT.search(s))
            if past_context and not re.match(r"\s+(?:have|be|soon|eventually)\b", after):
                continue
        if word == "would" and (
            _WOULD_NOT_SPECULATIVE.match(after) or _WOULD_NARRATIVE_BEFORE.search(before)
        ):
            continue
        if word == "may" and not re.match(r"\s+(?:[a-z]|\w+ly\b)", after):
            continue
        hits.append(_Hit(Hedge.SPECULATIVE, m.start(), m.end(), None))
    for m in _matches(_SPECULATIVE_WORD, s, lower):
        hits.append(_Hit(Hedge.SPECULATIVE, m.start(), m.end(), None))
    for m in _matches(_LIKELY, s, lower):
        if _LIKELY_NOT_CUE_BEFORE.search(_before(s, m.start(), 60)) or _LIKELY_NOT_CUE_AFTER.match(
            _after(s, m.end())
        ):
            continue
        hits.append(_Hit(Hedge.SPECULATIVE, m.start(), m.end(), None))
    for m in _matches(_EXPECTED, s, lower):
        if _EXPECTED_NOT_CUE_BEFORE.search(_before(s, m.start(), 60)):
            continue
        hits.append(_Hit(Hedge.SPECULATIVE, m.start(), m.end(), None))
    for pattern in (_INTENTION, _SET_TO, _APPEARS, _POSSIBLE, _UNCLEAR, _EVIDENTIAL):
        for m in _matches(pattern, s, lower):
            if (
                pattern is _INTENTION
                and _PLAN_NOUN_BEFORE.search(_before(s, m.start(), 60))
                and m.group().lower().startswith("plan ")
            ):
                continue  # "the plan to build the tunnel was approved": a noun phrase
            end = m.end() - 1 if pattern is _SET_TO else m.end()
            hits.append(_Hit(Hedge.SPECULATIVE, m.start(), end, None))
    for m in _matches(_PROJECTED, s, lower):
        if _PROJECTED_NOT_CUE_BEFORE.search(_before(s, m.start(), 60)):
            continue
        hits.append(_Hit(Hedge.SPECULATIVE, m.start(), m.end(), None))


# ---------------------------------------------------------------------------------------------
# Fingerprints and check-worthiness
# ---------------------------------------------------------------------------------------------

_QUOTE_TRANSLATION = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "\u00a0": " ",
    }
)
_WHITESPACE = re.compile(r"\s+")
_TRAILING_PUNCTUATION = " .!?;:,…'\""


def claim_fingerprint(text: str) -> str:
    """sha256 hex of the normalised text: case, whitespace, quotes, dashes, end punctuation."""
    normalised = unicodedata.normalize("NFKC", text).translate(_QUOTE_TRANSLATION).casefold()
    normalised = _WHITESPACE.sub(" ", normalised).strip()
    normalised = normalised.rstrip(_TRAILING_PUNCTUATION)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


_CHECK_WORTHY = re.compile(
    r"\d|[$€£¥₹]|\b(?:percent|per\s+cent|million|billion|trillion|thousand|hundred|dozen)\b"
    r"|\b(?:January|February|March|April|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:Inc|Corp|Ltd|LLC|plc|Group|University|Institute|Ministry|Agency|Department|"
    r"Commission|Council|Bank|Association|Foundation|Court|Parliament|Congress|Senate)\b"
)
_MULTIWORD_NAME = re.compile(
    r"\b[A-Z][\w’'&.-]*(?:\s+(?:of|for|and|the|&|de)\s+|\s+)[A-Z][\w’'&.-]*"
)


def is_check_worthy(sentence: str) -> bool:
    """An asserted sentence worth tracking: numbers, money, dates or a named organisation."""
    if _CHECK_WORTHY.search(sentence):
        return True
    return any(m.start() > 0 for m in _MULTIWORD_NAME.finditer(sentence))


# ---------------------------------------------------------------------------------------------
# Document structure: blocks and sections
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    kind: str  # "heading" | "para" | "item" | "skip"
    start: int
    end: int


@dataclass(slots=True)
class _Anchor:
    start: int
    end: int
    url: str


class _Anchors:
    """A document's links by position, found by bisection: a long page has about as many
    links as sentences, and scanning every link for every sentence took most of its time."""

    def __init__(self, anchors: Iterable[_Anchor]) -> None:
        self._anchors = sorted(anchors, key=lambda a: a.start)
        self._starts = [a.start for a in self._anchors]
        self._longest = max((a.end - a.start for a in self._anchors), default=0)

    def overlapping(self, start: int, end: int) -> list[_Anchor]:
        """The links with text in ``[start, end)``, in order."""
        # A link that ends after `start` begins less than the longest link's length before it.
        low = bisect.bisect_right(self._starts, start - self._longest)
        high = bisect.bisect_left(self._starts, end)
        return [a for a in self._anchors[low:high] if a.end > start]

    def starting_in(self, start: int, end: int) -> list[_Anchor]:
        return self._anchors[
            bisect.bisect_left(self._starts, start) : bisect.bisect_left(self._starts, end)
        ]


_BULLET = re.compile(r"[ \t]*(?:[-*+•·▪‣◦]|\d{1,3}[.)]|\(\d{1,3}\)|\[\d{1,3}\]|\^)[ \t]+(?=\S)")
_ATX_HEADING = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*$")
_BOLD_LINE = re.compile(r"[ \t]*(\*\*|__)(?P<text>[^*_\n]{1,100})\1[ \t]*:?[ \t]*$")
_FENCE = re.compile(r"[ \t]{0,3}(```|~~~)")
_TABLE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*$")
_RULE = re.compile(r"[ \t]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_LINK_DEFINITION = re.compile(
    r"[ \t]{0,3}\[([^\]\n]{1,500})\]:[ \t]*<?(\S+?)>?(?:[ \t]+[\"'(](.+?)[\"')])?[ \t]*$"
)
_TERMINAL = '.!?:"”’)…;'
_SMALL_WORDS = _words(
    """
    a an and as at but by for from in into nor of on or over per the to up via vs with is are
    its
    """
)
_GENERIC_SECTION_TITLES = _words(
    """
    introduction overview background summary abstract contents conclusion conclusions
    """
)

# A byline or dateline ("By Jane Writer | March 3, 2025", "Updated: 5 May 2025") looks like a
# heading but names no section. Case matters: "By the Numbers" is a heading.
_BYLINE = re.compile(
    r"^\s*[Bb]y\s+(?!(?:The|A|An|Any|All|Our|Your|My|His|Her|Its|Their|This|That|These|Those)\b)"
    r"[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3}\s*(?:(?:[|,·•–—-]|and)\s*.{0,60})?$"
    r"|(?i:^\s*(?:published|updated|posted|last\s+updated|first\s+published)\s*(?:on\s+|at\s+)?:?"
    r"\s*(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)[^.]{0,60}$)"
)


def _looks_like_heading(line: str) -> bool:
    text = line.strip()
    if not text or len(text) > 100 or "://" in text:
        return False
    if text[-1] in '.!?,;"”…' or not (text[0].isupper() or text[0].isdigit()):
        return False
    words = text.split()
    if len(words) > 14:
        return False
    if text.endswith(":"):
        return len(words) <= 7
    if len(words) <= 4:
        return True
    significant = [w for w in words if w.lower().strip(":,") not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(
        1 for w in significant if w[:1].isupper() or w[:1].isdigit() or w[:1] in "&'\"‘“("
    )
    return capitalised / len(significant) >= 0.6


def _line_blocks(body: str, *, markdown: bool) -> list[_Block]:
    lines: list[tuple[int, int]] = []
    position = 0
    for line in body.split("\n"):
        lines.append((position, position + len(line)))
        position += len(line) + 1
    texts = [body[a:b] for a, b in lines]
    blank = [not t.strip() for t in texts]
    blank_count = sum(blank)
    nonblank_count = len(lines) - blank_count
    wrapped_pairs = sum(
        1
        for i in range(len(texts) - 1)
        if not blank[i]
        and not blank[i + 1]
        and texts[i].rstrip()[-1:] not in _TERMINAL
        and texts[i + 1].lstrip()[:1].islower()
    )
    blank_mode = blank_count > 0 and (
        wrapped_pairs * 10 >= nonblank_count or blank_count * 3 >= nonblank_count
    )

    blocks: list[_Block] = []
    current: _Block | None = None
    in_fence = False
    index = 0
    if markdown and texts and texts[0].strip() == "---":
        for closing in range(1, min(len(texts), 60)):
            if texts[closing].strip() in ("---", "..."):
                blocks.append(_Block("skip", lines[0][0], lines[closing][1]))
                index = closing + 1
                break

    def close() -> None:
        nonlocal current
        if current is not None:
            blocks.append(current)
            current = None

    while index < len(lines):
        start, end = lines[index]
        text = texts[index]
        if markdown and _FENCE.match(text):
            close()
            in_fence = not in_fence
            blocks.append(_Block("skip", start, end))
            index += 1
            continue
        if in_fence:
            blocks.append(_Block("skip", start, end))
            index += 1
            continue
        if blank[index]:
            close()
            index += 1
            continue
        content_start = start + len(text) - len(text.lstrip())
        content_end = start + len(text.rstrip())
        previous_is_break = index == 0 or blank[index - 1] or current is None or not blank_mode
        next_text = texts[index + 1] if index + 1 < len(texts) else ""
        next_blank = index + 1 >= len(texts) or blank[index + 1]
        if markdown:
            atx = _ATX_HEADING.match(text)
            if atx:
                close()
                heading_start = start + atx.start(2)
                blocks.append(
                    _Block("heading", heading_start, max(heading_start, start + atx.end(2)))
                )
                index += 1
                continue
            if (
                current is None
                and not next_blank
                and _SETEXT_UNDERLINE.match(next_text)
                and not _BULLET.match(text)
                and not _RULE.match(text)
            ):
                blocks.append(_Block("heading", content_start, content_end))
                blocks.append(_Block("skip", lines[index + 1][0], lines[index + 1][1]))
                index += 2
                continue
            if _RULE.match(text):
                close()
                blocks.append(_Block("skip", start, end))
                index += 1
                continue
            if _TABLE_ROW.match(text) or _LINK_DEFINITION.match(text):
                close()
                blocks.append(
                    _Block(
                        "skip" if _TABLE_ROW.match(text) else "linkdef", content_start, content_end
                    )
                )
                index += 1
                continue
            bold = _BOLD_LINE.match(text)
            if bold and previous_is_break:
                close()
                blocks.append(
                    _Block("heading", start + bold.start("text"), start + bold.end("text"))
                )
                index += 1
                continue
        bullet = _BULLET.match(text)
        if bullet:
            close()
            current = _Block("item", start + bullet.end(), content_end)
            index += 1
            continue
        starts_lower = text.lstrip()[:1].islower()
        if (
            previous_is_break
            and not starts_lower
            and (next_blank or not next_text.lstrip()[:1].islower())
            and _looks_like_heading(text)
            and (blank_mode is False or next_blank or current is None)
        ):
            close()
            kind = "skip" if _BYLINE.search(text) else "heading"
            blocks.append(_Block(kind, content_start, content_end))
            index += 1
            continue
        if current is not None:
            continuation = (
                blank_mode
                or starts_lower
                or (current.kind == "para" and body[current.end - 1] not in _TERMINAL)
            )
            if current.kind == "item" and not blank_mode:
                continuation = starts_lower or (markdown and text[:1] in " \t")
            if continuation:
                current.end = content_end
                index += 1
                continue
            close()
        current = _Block("para", content_start, content_end)
        index += 1
    close()
    return blocks


_REFERENCE_HEADING = re.compile(
    r"(?i)^(?:references?|reference\s+links|reference\s+list|sources?|sources\s+and\s+(?:further\s+)?"
    r"reading|further\s+reading|see\s+also|bibliography|external\s+links|works\s+cited|"
    r"citations|notes\s+and\s+references|references\s+and\s+notes|footnotes|related\s+links|"
    r"useful\s+links|links|additional\s+reading|recommended\s+reading|resources|"
    r"additional\s+resources|sources\s+cited|source\s+links|reading\s+list)$"
)
_BOILERPLATE_HEADING = re.compile(
    r"(?i)^(?:meta\s+description|meta\s+title|meta\s+keywords|seo\s+title|seo\s+description|"
    r"tags?|keywords|categories|related(?:\s+(?:articles|posts|stories|coverage|content|"
    r"reading))?|share(?:\s+this(?:\s+article|\s+story|\s+post)?)?|comments?|leave\s+a\s+"
    r"(?:comment|reply)|about\s+the\s+author|author\s+bio|newsletter|subscribe|advertisement|"
    r"sponsored|you\s+(?:may|might)\s+also\s+like|more\s+from\s+.{1,30}|popular|trending|"
    r"most\s+(?:read|popular)|recommended(?:\s+for\s+you)?|read\s+more|read\s+next|"
    r"table\s+of\s+contents|contents|follow\s+us|sign\s+up)$"
)
_SUMMARY_HEADING = re.compile(
    r"(?i)^(?:summary|tl;?\s?dr|key\s+takeaways|key\s+points|takeaways|in\s+brief|at\s+a\s+glance|"
    r"executive\s+summary|article\s+summary|quick\s+summary|highlights|the\s+bottom\s+line)$"
)
_BOILERPLATE_LINE = re.compile(
    r"(?i)^[\s*_]*(?:tags?|tagged(?:\s+with)?|keywords|categories|category|filed\s+under|topics|"
    r"meta\s+description|meta\s+title|seo\s+title|focus\s+keyword|slug|excerpt|"
    r"share\s+this(?:\s+article|\s+story)?|related(?:\s+articles|\s+stories|\s+posts)?|"
    r"read\s+more|read\s+next|see\s+also|advertisement|sponsored\s+content|image\s+credit|"
    r"photo\s+credit|image\s+source|photograph)[\s*_]*:"
    r"|^\s*(?:©|\(c\)\s|copyright\s+(?:©|\d{4}|\(c\))|all\s+rights\s+reserved)"
    r"|^\s*(?:advertisement|skip\s+to\s+(?:main\s+)?content|sign\s+up\s+for\s+.{0,40}newsletter.*|"
    r"share\s+this\s+(?:article|story)|subscribe(?:\s+now)?|click\s+here.{0,60})\s*$"
    r"|^\s*by\s+[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3}\s*(?:(?:[|,·•–—-]|and)\s*.{0,60})?$"
    r"|^\s*(?:published|updated|posted|last\s+updated|first\s+published)\b[^.]{0,60}$"
)


def _heading_text(text: str) -> str:
    return text.strip().strip("#*_ \t").rstrip(":").strip()


# ---------------------------------------------------------------------------------------------
# Inline links and Markdown reduction
# ---------------------------------------------------------------------------------------------

# A link destination may hold balanced parentheses ("memo_(2024)"), one level deep as in
# CommonMark practice; the alternatives start on different characters, so no backtracking.
_MD_DESTINATION = r"(?:[^()\s<>]|\([^()\s<>]{0,200}\)){1,2000}"
_MD_INLINE = re.compile(
    r"!\[[^\]\n]{0,500}\]\((?:[^()\n]|\([^()\n]{0,200}\)){0,2000}\)"  # image: dropped
    rf"|\[(?P<text>[^\]\n]{{1,500}})\]\(\s*<?(?P<url>{_MD_DESTINATION})>?"
    r"(?:\s+[\"'(][^\n]{0,300}?[\"')])?\s*\)"
    r"|\[(?P<rtext>[^\]\n]{1,500})\]\[(?P<label>[^\]\n]{0,100})\]"
    r"|<(?P<auto>https?://[^>\s]{1,2000})>"
    r"|\[\^[^\]\n]{1,100}\]"  # footnote marker: dropped
    r"|(?P<bare>https?://[^\s<>\"'\]]+)"
    r"|(?P<emph>\*\*|__|`+|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_]))"
    r"|(?P<tag></?[a-zA-Z][^<>\n]{0,200}>)"
    r"|(?P<quote>^[ \t]*>[ \t]?)",
    re.M,
)
_BARE_URL = re.compile(r"https?://[^\s<>\"'\]]+")


def _clean_url(url: str) -> str:
    url = url.rstrip(".,;:!?'\"”’")
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(".,;:!?")
    return url


def _absolute_url(url: str, base_url: str | None) -> str | None:
    """An absolute http(s) URL, or None for fragments, other schemes and malformed URLs."""
    url = url.strip()
    if not url or url.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
        if scheme in ("http", "https"):
            urlsplit(url).port  # noqa: B018 - raises ValueError on a malformed host or port
            return url
        if scheme or not base_url:
            return None
        joined = urljoin(base_url, url)
        parts = urlsplit(joined)
        parts.port  # noqa: B018 - raises ValueError on a malformed host or port
        return joined if parts.scheme.lower() in ("http", "https") else None
    except ValueError:  # "http://[" and other unparseable hosts
        return None


def _url_key(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}{query}"


def _reduce_markdown(
    body: str, start: int, end: int, link_targets: dict[str, str], base_url: str | None
) -> tuple[str, list[int] | None, list[str]]:
    """Return (plain text, map from text offset to body offset or None if identical, urls)."""
    urls: list[str] = []
    kept: list[tuple[int, int]] = []
    cursor = start
    changed = False
    for m in _MD_INLINE.finditer(body, start, end):
        if m.group("bare") is not None:
            url = _absolute_url(_clean_url(m.group("bare")), base_url)
            if url:
                urls.append(url)
            continue
        changed = True
        kept.append((cursor, m.start()))
        cursor = m.end()
        if m.group("text") is not None:
            kept.append((m.start("text"), m.end("text")))
            url = _absolute_url(m.group("url"), base_url)
            if url:
                urls.append(url)
        elif m.group("rtext") is not None:
            kept.append((m.start("rtext"), m.end("rtext")))
            label = (m.group("label") or m.group("rtext")).strip().lower()
            target = link_targets.get(label)
            url = _absolute_url(target, base_url) if target else None
            if url:
                urls.append(url)
        elif m.group("auto") is not None:
            kept.append((m.start("auto"), m.end("auto")))
            url = _absolute_url(m.group("auto"), base_url)
            if url:
                urls.append(url)
    if not changed and "\n" not in body[start:end]:
        return body[start:end], None, urls
    kept.append((cursor, end))
    chars: list[str] = []
    offsets: list[int] = []
    for segment_start, segment_end in kept:
        for position in range(segment_start, segment_end):
            char = body[position]
            if char.isspace():
                if not chars or chars[-1] == " ":
                    continue
                char = " "
            chars.append(char)
            offsets.append(position)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets, urls


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

_DROP_TAGS = _words(
    """
    script style noscript template nav header footer aside form iframe svg button select input
    textarea object embed canvas dialog menu img picture video audio map
    """
)
_BLOCK_TAGS = _words(
    """
    p div section article main li ul ol dl dt dd blockquote pre table tr td th thead tbody
    tfoot caption figure figcaption address details summary center hr br h1 h2 h3 h4 h5 h6
    """
)
_HEADING_TAGS = _words("h1 h2 h3 h4 h5 h6")
_LIST_TAGS = _words("ol ul dl")
_BOILERPLATE_ATTRIBUTE = re.compile(
    r"(?i)cookie|consent|gdpr|newsletter|subscribe|signup|sign-up|social|share|related|"
    r"recommend|comments?\b|promo|advert|\bads?\b|sponsor|breadcrumb|paywall|popup|modal|"
    r"sidebar|navbar|\bnav\b|\bmenu\b|masthead|skip-link|visually-hidden|sr-only|byline-share"
)
_STRUCTURAL_TAGS = _words("html body article main")
_INLINE_WHITESPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")


@dataclass(slots=True)
class _HtmlMeta:
    title: str | None = None
    published_at: datetime | None = None
    publisher: str | None = None
    url: str | None = None


def _meta_content(soup: Any, *selectors: tuple[str, str]) -> str | None:
    for attribute, value in selectors:
        tag = soup.find("meta", attrs={attribute: re.compile(f"^{re.escape(value)}$", re.I)})
        if tag is not None:
            content = tag.get("content")
            if isinstance(content, str) and content.strip():
                return content.strip()
    return None


def _html_metadata(soup: Any, raw: str, base_url: str | None) -> _HtmlMeta:
    meta = _HtmlMeta()
    meta.title = _meta_content(soup, ("property", "og:title"), ("name", "twitter:title"))
    if meta.title is None and soup.title is not None and soup.title.string:
        meta.title = " ".join(soup.title.string.split()) or None
    if meta.title is None:
        h1 = soup.find("h1")
        if h1 is not None:
            meta.title = " ".join(h1.get_text(" ").split()) or None
    date_text = _meta_content(
        soup,
        ("property", "article:published_time"),
        ("name", "article:published_time"),
        ("itemprop", "datePublished"),
        ("name", "date"),
        ("name", "pubdate"),
        ("name", "publishdate"),
        ("name", "publish-date"),
        ("name", "dc.date"),
        ("name", "dcterms.created"),
        ("name", "parsely-pub-date"),
        ("name", "sailthru.date"),
    )
    if date_text is None:
        time_tag = soup.find("time", attrs={"datetime": True})
        if time_tag is not None and isinstance(time_tag.get("datetime"), str):
            date_text = time_tag["datetime"]
    if date_text is None:
        json_ld = re.search(r'"datePublished"\s*:\s*"([^"]{8,40})"', raw)
        date_text = json_ld.group(1) if json_ld else None
    meta.published_at = _parse_datetime(date_text) if date_text else None
    meta.publisher = _meta_content(
        soup, ("property", "og:site_name"), ("name", "publisher"), ("name", "application-name")
    )
    canonical = soup.find("link", attrs={"rel": re.compile(r"canonical", re.I)})
    candidate = canonical.get("href") if canonical is not None else None
    if not isinstance(candidate, str):
        candidate = _meta_content(soup, ("property", "og:url"))
    meta.url = (_absolute_url(candidate, base_url) if candidate else None) or base_url
    return meta


_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y")


def _parse_datetime(text: str) -> datetime | None:
    text = text.strip()
    candidates = [text.replace("Z", "+00:00"), text[:19], text[:10]]
    for candidate in candidates:
        try:
            parsed = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text).replace("Sept ", "Sep ")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _is_hidden(tag: Any) -> bool:
    attrs = tag.attrs or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return isinstance(style, str) and bool(
        re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", style, re.I)
    )


def _is_boilerplate_element(tag: Any) -> bool:
    if tag.name in _STRUCTURAL_TAGS:
        return False
    attrs = tag.attrs or {}
    classes = attrs.get("class") or []
    joined = " ".join(classes) if isinstance(classes, list) else str(classes)
    identifier = attrs.get("id")
    role = attrs.get("role")
    if role in ("navigation", "banner", "contentinfo", "complementary", "search", "dialog"):
        return True
    text = f"{joined} {identifier if isinstance(identifier, str) else ''}"
    return bool(text.strip()) and bool(_BOILERPLATE_ATTRIBUTE.search(text))


def _main_root(soup: Any) -> Any:
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda tag: len(tag.get_text(" ", strip=True)))
    candidates = (
        soup.find("main"),
        soup.find(attrs={"role": "main"}),
        soup.find(id=re.compile(r"^(?:content|main-content|article)$", re.I)),
    )
    for found in candidates:
        if found is not None and len(found.get_text(" ", strip=True)) > 200:
            return found
    return soup.body if soup.body is not None else soup


class _HtmlBodyBuilder:
    """Turns the DOM into ``body`` text plus blocks and link spans, walking without recursion
    (malformed pages nest thousands deep)."""

    def __init__(
        self, base_url: str | None, footnotes: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        self.base_url = base_url
        self.footnotes = footnotes or {}
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[_Block] = []
        self.anchors: list[_Anchor] = []
        self.buffer: list[str] = []
        self.buffer_length = 0
        self.buffer_anchors: list[tuple[int, int, str]] = []

    def walk(self, root: Any) -> None:
        root_text_length = len(root.get_text(" ", strip=True))
        stack: list[tuple[Any, bool, str]] = [(root, True, "para")]
        open_links: list[tuple[int, tuple[str, ...]]] = []
        while stack:
            node, entering, kind = stack.pop()
            if isinstance(node, NavigableString):
                if not isinstance(node, Comment | Doctype) and type(node) is NavigableString:
                    self.add_text(str(node))
                continue
            if not isinstance(node, Tag):
                continue
            name = node.name
            if not entering:
                if name == "a":
                    start, urls = open_links.pop()
                    self.buffer_anchors.extend((start, self.buffer_length, url) for url in urls)
                elif name in _BLOCK_TAGS:
                    self.flush(kind)
                continue
            if name in _DROP_TAGS or (
                node is not root
                and (
                    _is_hidden(node)
                    or (
                        _is_boilerplate_element(node)
                        # a "share"/"related" class on the wrapper of most of the text is a
                        # styling hook, not a widget
                        and len(node.get_text(" ", strip=True)) * 2 < root_text_length
                    )
                )
            ):
                continue
            child_kind = kind
            if name in _HEADING_TAGS:
                child_kind = "heading"
            elif name in ("li", "dd", "dt"):
                child_kind = "item"
            elif name in _BLOCK_TAGS and kind != "item":
                child_kind = "para"
            if name in _BLOCK_TAGS:
                self.flush(kind)
            if name == "a":
                open_links.append((self.buffer_length, self.link_urls(node.get("href"))))
            stack.append((node, False, child_kind))
            stack.extend((child, True, child_kind) for child in reversed(node.contents))
        self.flush("para")

    def link_urls(self, href: object) -> tuple[str, ...]:
        """Where a link points: its URL, or for a footnote marker ("#cite_note-1") the
        sources its note links to."""
        if not isinstance(href, str):
            return ()
        if href.startswith("#"):
            return self.footnotes.get(href[1:], ())
        url = _absolute_url(href, self.base_url)
        return (url,) if url else ()

    def add_text(self, text: str) -> None:
        text = _INLINE_WHITESPACE.sub(" ", text)
        if not text:
            return
        if (not self.buffer or self.buffer[-1].endswith(" ")) and text.startswith(" "):
            text = text[1:]
        if text:
            self.buffer.append(text)
            self.buffer_length += len(text)

    def flush(self, kind: str) -> None:
        text = "".join(self.buffer)
        anchors = self.buffer_anchors
        self.buffer, self.buffer_length, self.buffer_anchors = [], 0, []
        stripped = text.rstrip()
        if not stripped:
            return
        separator = "\n\n" if self.parts else ""
        marker = "- " if kind == "item" else ""
        block_start = self.length + len(separator) + len(marker)
        self.parts.append(separator + marker + stripped)
        self.length += len(separator) + len(marker) + len(stripped)
        self.blocks.append(
            _Block(kind if kind != "item" else "item", block_start, block_start + len(stripped))
        )
        for start, end, url in anchors:
            if url and start < len(stripped):
                self.anchors.append(
                    _Anchor(block_start + start, block_start + min(end, len(stripped)), url)
                )

    def body(self) -> str:
        return "".join(self.parts)


def _parse_html(
    raw: str, base_url: str | None
) -> tuple[str, list[_Block], list[_Anchor], _HtmlMeta]:
    soup = BeautifulSoup(raw, "lxml")
    base_tag = soup.find("base", attrs={"href": True})
    base_href = base_tag.get("href") if base_tag is not None else None
    if isinstance(base_href, str):
        base_url = _absolute_url(base_href, base_url) or base_url
    meta = _html_metadata(soup, raw, base_url)
    builder = _HtmlBodyBuilder(base_url, _footnote_sources(soup, base_url))
    root = _main_root(soup)
    builder.walk(root)
    if root.name == "article":
        for section in _references_beside(root):
            for node in section:
                builder.walk(node)
    return builder.body(), builder.blocks, builder.anchors, meta


# A footnote is a short element; a fragment link to a section or to the whole content is not one.
_FOOTNOTE_MAX_CHARS = 1500
_FOOTNOTE_BLOCKS = ["p", "li", "div", "dd", "td"]
_FOOTNOTE_MAX_SOURCES = 3
_ARCHIVE_HOSTS = re.compile(
    r"(?:^|\.)(?:web\.archive\.org|archive\.(?:today|ph|is|li|md|vn|fo)|webcitation\.org)$"
)


def _footnote_sources(soup: Any, base_url: str | None) -> dict[str, tuple[str, ...]]:
    """For each footnote a fragment link points to ("#cite_note-1" → <li id="cite_note-1">),
    the sources it links to: off-site http(s) URLs, an archived copy only when the note has no
    original, at most a few. A target that is itself a link (Google Docs' <a id="ftnt1">, Word's
    <a name="_ftn1">) stands for the block around it."""
    ids = {
        href[1:]
        for link in soup.find_all("a", href=True)
        if isinstance(href := link.get("href"), str) and len(href) > 1 and href[0] == "#"
    }
    if not ids:
        return {}
    own_host = (urlsplit(base_url).hostname or "") if base_url else ""
    notes: dict[str, tuple[str, ...]] = {}
    targets = [(str(tag.get("id")), tag) for tag in soup.find_all(id=lambda v: v in ids)]
    targets += [
        (str(a.get("name")), a) for a in soup.find_all("a", attrs={"name": ids.__contains__})
    ]
    for label, target in targets:
        note = target.find_parent(_FOOTNOTE_BLOCKS) if target.name == "a" else target
        if (
            note is None
            or label in notes
            or note.name in ("html", "body", "main", "article", "section")
            or len(note.get_text(" ", strip=True)) > _FOOTNOTE_MAX_CHARS
        ):
            continue
        originals: list[str] = []
        archived: list[str] = []
        for link in note.find_all("a", href=True):
            href = link.get("href")
            url = _absolute_url(href, base_url) if isinstance(href, str) else None
            host = (urlsplit(url).hostname or "") if url else ""
            if url and host and host != own_host:
                (archived if _ARCHIVE_HOSTS.search(host) else originals).append(url)
        found = tuple(dict.fromkeys(originals or archived))[:_FOOTNOTE_MAX_SOURCES]
        if found:
            notes[label] = found
    return notes


def _references_beside(article: Any) -> Iterator[list[Any]]:
    """Reference sections in the article's content area (its <main>, else the body) but outside
    the article: a heading such as "References" and the lists right after it. Navigation,
    footers and other boilerplate never count; nor does prose, which may be another widget."""
    container = (
        article.find_parent("main")
        or article.find_parent(attrs={"role": "main"})
        or article.find_parent("body")
    )
    if container is None:
        return
    for heading in container.find_all(sorted(_HEADING_TAGS)):
        text = _heading_text(heading.get_text(" ", strip=True))
        if not _REFERENCE_HEADING.match(text) or not _is_content(heading, container):
            continue
        section = [heading]
        for sibling in heading.find_next_siblings():
            is_list = sibling.name in _LIST_TAGS or (
                sibling.name == "div" and sibling.find(sorted(_LIST_TAGS)) is not None
            )
            if not is_list or sibling.find(sorted(_HEADING_TAGS)) is not None:
                break
            if not (_is_hidden(sibling) or _is_boilerplate_element(sibling)):
                section.append(sibling)
        yield section


def _is_content(tag: Any, container: Any) -> bool:
    """Whether ``tag`` lies in ``container`` outside any article and any dropped, hidden or
    boilerplate element."""
    for element in (tag, *tag.parents):
        if element is container:
            return True
        if element.name == "article" and element is not tag:
            return False
        if element.name in _DROP_TAGS or _is_hidden(element) or _is_boilerplate_element(element):
            return False
    return False


# ---------------------------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------------------------

_REFERENCE_MARKER = re.compile(
    r"^\s*(?:[-*+•·▪‣◦]|\d{1,3}[.)]|\(\d{1,3}\)|\[\d{1,3}\]|\^(?:\s*[a-z]{1,2})*)\s*"
)
_MD_LINK = re.compile(
    rf"\[([^\]\n]{{1,500}})\]\(\s*<?({_MD_DESTINATION})>?"
    r"(?:\s+[\"'(][^\n]{0,300}?[\"')])?\s*\)"
)
_SEPARATOR = re.compile(r"(\s+[-–—|]\s+)")
# An access note ("Retrieved 5 March 2025", "(accessed on …)", "Archived from the original on …")
# runs to the end of the entry or its bracket; the keyword alone is a word of the title ("Acme
# [archived] history").
_ACCESS_NOTE = (
    r"\b(?:retrieved|(?:last\s+)?accessed|archived)(?=\s*(?:on\b|from\b|at\b|:|\d|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|[\])]?\s*$))"
)
_RETRIEVED = re.compile(
    rf"(?i)\s*[\[(]{_ACCESS_NOTE}[^\[\]()]{{0,80}}[\])]|[.,;]?\s*{_ACCESS_NOTE}.*$"
)
_QUOTED_TITLE = re.compile(r"[\"“]([^\"“”]{3,300})[\"”]")
_APA = re.compile(
    r"^(?P<authors>.+?)\s\((?P<year>\d{4}[a-z]?|n\.d\.)[^)]*\)\.\s+(?P<title>.+?[.?!])\s+(?P<rest>.+)$"
)
_PAREN_PUBLISHER = re.compile(r"^(?P<title>.*\S)\s*\((?P<publisher>[^()]{2,60})\)\s*$")
_DOT_SPLIT = re.compile(r"(?<=[a-z0-9)\]”\"’'?!])\.\s+(?=[A-Z\"“])")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
_DATE_LIKE = re.compile(
    r"(?i)^(?:\d{1,4}(?:[-/ ]\d{1,2}){0,2}|(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec)[a-z]*\.?\s*\d{0,2},?\s*\d{0,4}|n\.d\.)$"
)
_LINK_WORDS = _words("link here source url website pdf web read more this")


def _looks_like_publisher(segment: str) -> bool:
    text = segment.strip().strip('*_"“”')
    if not text or len(text) > 50 or text[-1] in ".!?:;," or _DATE_LIKE.match(text):
        return False
    if _DOMAIN.match(text):
        return True
    words = text.split()
    if len(words) > 5:
        return False
    significant = [
        w
        for w in words
        if w.lower() not in {"of", "the", "and", "for", "on", "in", "&", "de", "la", "a"}
    ]
    return bool(significant) and all(w[:1].isupper() or w[:1].isdigit() for w in significant)


def _clean_title(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = text.strip().strip("*_").strip()
    cleaned = cleaned.strip('"“”').strip().rstrip(".,;:").strip()
    return cleaned or None


def parse_reference_line(line: str, url: str | None = None) -> ExtractedSource | None:
    """Parse one entry of a reference list into a source (``url`` may come from an HTML anchor)."""
    text = _REFERENCE_MARKER.sub("", line, count=1).strip()
    link = _MD_LINK.search(text)
    if link:
        url = url or link.group(2)
        anchor = link.group(1).strip()
        replacement = "" if anchor.lower() in _LINK_WORDS or "://" in anchor else anchor
        text = (text[: link.start()] + replacement + text[link.end() :]).strip()
    bare = _BARE_URL.search(text)
    if bare:
        url = url or _clean_url(bare.group())
        text = (text[: bare.start()] + text[bare.end() :]).strip()
    text = re.sub(r"<\s*>", "", text)
    text = _RETRIEVED.sub("", text).strip()
    text = text.strip(" \t-–—|,:;").strip()
    if not text:
        return ExtractedSource(None, None, None, url, Relation.REFERENCE) if url else None
    if not re.search(r"\w", text):
        return ExtractedSource(None, None, None, url, Relation.REFERENCE) if url else None
    title, publisher, description = _split_reference_text(text)
    if title is None and url is None:
        return None
    return ExtractedSource(title, publisher, description, url, Relation.REFERENCE)


def _split_reference_text(text: str) -> tuple[str | None, str | None, str | None]:
    pieces = _SEPARATOR.split(text)
    segments = pieces[0::2]
    if len(segments) >= 2:
        candidates = [i for i in range(1, len(segments)) if _looks_like_publisher(segments[i])]
        if candidates:
            chosen = candidates[-1]
            title = "".join(pieces[: 2 * chosen - 1])
            description = "".join(pieces[2 * chosen + 2 :]).strip() or None
            return _clean_title(title), segments[chosen].strip().strip("*_"), description
    quoted = _QUOTED_TITLE.search(text)
    if quoted:
        after = text[quoted.end() :].lstrip(" .,")
        publisher = None
        for segment in re.split(r"\.\s+|,\s+", after):
            candidate = segment.strip().strip("*_").rstrip(".")
            if candidate and _looks_like_publisher(candidate):
                publisher = candidate
                break
        return _clean_title(quoted.group(1)), publisher, None
    apa = _APA.match(text)
    if apa:
        rest = apa.group("rest")
        publisher_text = re.split(r"[,.]\s", rest, maxsplit=1)[0].strip().strip("*_").rstrip(".")
        return _clean_title(apa.group("title")), publisher_text or None, None
    parenthesised = _PAREN_PUBLISHER.match(text)
    if parenthesised and _looks_like_publisher(parenthesised.group("publisher")):
        return (
            _clean_title(parenthesised.group("title")),
            parenthesised.group("publisher").strip(),
            None,
        )
    dotted = _DOT_SPLIT.split(text)
    if 2 <= len(dotted) <= 4 and _looks_like_publisher(dotted[1].rstrip(".")):
        description = ". ".join(dotted[2:]).strip() or None
        return _clean_title(dotted[0]), dotted[1].strip().rstrip("."), description
    if len(segments) == 2 and len(segments[1].split()) >= 4:
        return _clean_title(segments[0]), None, segments[1].strip()
    return _clean_title(text), None, None


# ---------------------------------------------------------------------------------------------
# Suggestions
# ---------------------------------------------------------------------------------------------

_STOPWORDS = _words(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my new no nor not now of off on once only or other our out
    over own same she should so some such than that the their them then there these they this
    those through to too under until up very was we were what when where which while who whom
    why will with would you your said says may might could also one two its their analysis
    coverage overview insights detailed discussion article what means
    """
)
_SALIENT_TOKEN = re.compile(r"([a-z][a-z0-9&-]*)(?:'[a-z]*)?|(\d+(?:[.,]\d+)*)")


def _salient_tokens(text: str) -> list[str]:
    """Lower-cased content words and numbers, possessives dropped, plurals crudely singular."""
    tokens: list[str] = []
    for word, number in _SALIENT_TOKEN.findall(text.lower().replace("’", "'")):
        token = word.rstrip("-") or number
        if len(token) < 2 or token in _STOPWORDS:
            continue
        if len(token) > 4 and token[-1] == "s" and token[-2] != "s":
            token = token[:-1]
        tokens.append(token)
    return tokens


def _suggest(
    claims: list[ExtractedClaim], sources: list[ExtractedSource], sentences: list[str]
) -> list[Suggestion]:
    """Score the reference list's entries against the claims they do not already cite.

    A reference with a URL is suggested too: a reference list rarely says which sentence each
    entry backs, and a suggested link is what lets the checker look for the evidence. Token
    rarity is measured over every body sentence, not only the claims, so that the article's
    ever-present subject ("Microsoft" in an article about Microsoft) carries little weight and a
    distinctive name ("MAI", "Stargate") carries a lot.
    """
    references = [
        (i, s)
        for i, s in enumerate(sources)
        if s.relation is Relation.REFERENCE and (s.title or s.description)
    ]
    if not references or not claims:
        return []
    token_sets = {sentence: frozenset(_salient_tokens(sentence)) for sentence in sentences}
    claim_tokens = [token_sets.get(c.text) or frozenset(_salient_tokens(c.text)) for c in claims]
    document_frequency: Counter[str] = Counter()
    for tokens in token_sets.values():
        document_frequency.update(tokens)
    total = max(len(sentences), len(claims))

    def idf(token: str) -> float:
        return math.log((total + 1) / (document_frequency.get(token, 0) + 0.5)) + 0.1

    suggestions: list[Suggestion] = []
    for source_index, source in references:
        weights: dict[str, float] = {}
        for token in _salient_tokens(source.description or ""):
            weights[token] = 0.6
        # A claim that names the reference's publisher ("a report by the X Institute") is
        # likely to rest on it.
        for token in _salient_tokens(source.publisher or ""):
            weights[token] = 0.8
        for token in _salient_tokens(source.title or ""):
            weights[token] = 1.0
        # Words the article never uses cannot tell its claims apart; leave them out.
        weighted = {t: w * idf(t) ** 2 for t, w in weights.items() if document_frequency.get(t)}
        if not weighted:
            continue
        reference_total = sum(weighted.values())
        reference_norm = math.sqrt(sum(v * v for v in weighted.values()))
        reference_text = " ".join(sorted(weighted))
        scored: list[tuple[float, int]] = []
        for claim_index, tokens in enumerate(claim_tokens):
            shared = [t for t in tokens if t in weighted]
            if not shared or (source.url is not None and source.url in claims[claim_index].urls):
                continue
            recall = sum(weighted[t] for t in shared) / reference_total
            claim_norm = math.sqrt(sum(idf(t) ** 2 for t in tokens))
            cosine = sum(weighted[t] * idf(t) for t in shared) / (reference_norm * claim_norm)
            fuzzy = fuzz.token_set_ratio(reference_text, " ".join(sorted(tokens))) / 100.0
            score = round(min(1.0, 0.7 * recall + 0.2 * cosine + 0.1 * fuzzy), 4)
            if score >= SUGGESTION_THRESHOLD:
                scored.append((score, claim_index))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        suggestions.extend(
            Suggestion(claim_index, source_index, score)
            for score, claim_index in scored[:MAX_SUGGESTIONS_PER_SOURCE]
        )
    return suggestions


# ---------------------------------------------------------------------------------------------
# The article
# ---------------------------------------------------------------------------------------------

_FRONT_MATTER_FIELD = re.compile(r"^\s*([A-Za-z_-]+)\s*:\s*(.+?)\s*$", re.M)
_PRONOUN_HOLDERS = _words("he she they it him her them")


@dataclass(slots=True)
class _Document:
    body: str
    format: str
    blocks: list[_Block]
    anchors: list[_Anchor]
    title: str | None
    published_at: datetime | None
    publisher: str | None
    url: str | None


def _read_document(raw: str, base_url: str | None) -> _Document:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ExtractionError("the article is empty")
    fmt = detect_format(text)
    if fmt == "html":
        body, blocks, anchors, meta = _parse_html(text, base_url)
        if not any(ch.isalnum() for ch in body):
            raise ExtractionError("the HTML page has no readable text")
        return _Document(
            body, fmt, blocks, anchors, meta.title, meta.published_at, meta.publisher, meta.url
        )
    if not any(ch.isalnum() for ch in text):
        raise ExtractionError("the article has no readable text")
    blocks = _line_blocks(text, markdown=fmt == "markdown")
    title, published_at, publisher, url = _text_metadata(text, blocks, fmt)
    return _Document(text, fmt, blocks, [], title, published_at, publisher, url or base_url)


def _text_metadata(
    body: str, blocks: list[_Block], fmt: str
) -> tuple[str | None, datetime | None, str | None, str | None]:
    title: str | None = None
    published_at: datetime | None = None
    publisher: str | None = None
    url: str | None = None
    if fmt == "markdown" and blocks and blocks[0].kind == "skip" and body.startswith("---"):
        fields = {
            k.lower(): v.strip("\"' ")
            for k, v in _FRONT_MATTER_FIELD.findall(body[blocks[0].start : blocks[0].end])
        }
        title = fields.get("title")
        date_text = fields.get("date") or fields.get("published") or fields.get("published_at")
        published_at = _parse_datetime(date_text) if date_text else None
        publisher = fields.get("publisher") or fields.get("site") or fields.get("source")
        url = fields.get("url") or fields.get("canonical")
        if url and not url.startswith(("http://", "https://")):
            url = None
    first = next((b for b in blocks if b.kind in ("heading", "para", "item")), None)
    if title is None and first is not None and first.kind == "heading":
        candidate = _heading_text(body[first.start : first.end])
        level_one = fmt == "markdown" and re.match(
            r"#\s", body[max(0, first.start - 2) : first.start]
        )
        if level_one or (
            candidate.lower() not in _GENERIC_SECTION_TITLES and not candidate.endswith(":")
        ):
            title = candidate or None
    if published_at is None:
        for block in blocks[:8]:
            line = body[block.start : block.end]
            dated = re.match(
                r"(?i)^\s*(?:published|posted|date|updated)\s*:?\s*(?:on\s+)?(.{6,40}?)\s*$", line
            )
            if dated:
                published_at = _parse_datetime(dated.group(1))
                if published_at:
                    break
    return title, published_at, publisher, url


def _section_kinds(doc: _Document) -> list[tuple[str, str | None]]:
    """For each block: (section kind, section heading)."""
    kinds: list[tuple[str, str | None]] = []
    kind = "body"
    heading: str | None = None
    for block in doc.blocks:
        if block.kind == "heading":
            heading = _heading_text(doc.body[block.start : block.end]) or None
            if heading is None:
                kind = "body"
            elif _REFERENCE_HEADING.match(heading):
                kind = "references"
            elif _BOILERPLATE_HEADING.match(heading):
                kind = "boilerplate"
            elif _SUMMARY_HEADING.match(heading):
                kind = "summary"
            else:
                kind = "body"
            kinds.append(("heading", heading))
            continue
        if block.kind in ("skip", "linkdef"):
            kinds.append((block.kind, heading))
            continue
        first_line = doc.body[block.start : block.end].split("\n", 1)[0]
        if _BOILERPLATE_LINE.search(first_line):
            kinds.append(("boilerplate", heading))
            continue
        kinds.append((kind, heading))
    _resolve_summaries(doc, kinds)
    return kinds


def _resolve_summaries(doc: _Document, kinds: list[tuple[str, str | None]]) -> None:
    summary_indexes = [i for i, (kind, _) in enumerate(kinds) if kind == "summary"]
    if not summary_indexes:
        return
    body_tokens: set[str] = set()
    for block, (kind, _) in zip(doc.blocks, kinds, strict=True):
        if kind == "body":
            body_tokens.update(_salient_tokens(doc.body[block.start : block.end]))
    by_heading: dict[str | None, list[int]] = {}
    for index in summary_indexes:
        by_heading.setdefault(kinds[index][1], []).append(index)
    for indexes in by_heading.values():
        tokens: set[str] = set()
        for index in indexes:
            block = doc.blocks[index]
            tokens.update(_salient_tokens(doc.body[block.start : block.end]))
        repeated = (
            bool(tokens) and len(tokens & body_tokens) / len(tokens) >= SUMMARY_REPEAT_THRESHOLD
        )
        for index in indexes:
            kinds[index] = ("boilerplate" if repeated else "body", kinds[index][1])


def _link_targets(doc: _Document) -> dict[str, str]:
    targets: dict[str, str] = {}
    for block in doc.blocks:
        if block.kind == "linkdef":
            definition = _LINK_DEFINITION.match(doc.body[block.start : block.end])
            if definition:
                targets.setdefault(definition.group(1).strip().lower(), definition.group(2))
    return targets


def extract_article(
    raw: str, *, include_asserted: bool = False, base_url: str | None = None
) -> ExtractedArticle:
    """Extract claims, sources and suggestions from plain text, Markdown or HTML."""
    doc = _read_document(raw, base_url)
    kinds = _section_kinds(doc)
    link_targets = _link_targets(doc) if doc.format == "markdown" else {}
    claims: list[ExtractedClaim] = []
    seen_fingerprints: set[str] = set()
    cited: list[tuple[str, str | None]] = []  # (url, anchor text)
    references: list[ExtractedSource] = []
    paragraph = -1
    last_named: tuple[str, int] | None = None
    anchors = _Anchors(doc.anchors)
    body_sentences: list[str] = []
    # Numbered notes in text and Markdown: "[1]" or "[^survey]" after a claim, and the entry of
    # the reference list (or footnote definition) with that label.
    note_urls: dict[str, str] = {}
    claim_labels: dict[int, list[str]] = {}

    for block, (kind, section) in zip(doc.blocks, kinds, strict=True):
        if block.kind in ("para", "item"):
            paragraph += 1
        if kind == "references":
            entries = list(_reference_entries(doc, block, anchors, base_url))
            references.extend(entries)
            label = _item_label(doc.body, block.start) if block.kind == "item" else None
            if label and len(entries) == 1 and entries[0].url:
                note_urls.setdefault(label, entries[0].url)
            continue
        if kind != "body" or block.kind not in ("para", "item"):
            continue
        block_text = doc.body[block.start : block.end]
        if doc.format != "html" and _FOOTNOTE_DEFINITION.match(block_text):
            for label, source in _footnote_definitions(doc, block, base_url):
                references.append(source)
                if source.url:
                    note_urls.setdefault(label, source.url)
            continue
        spans = split_sentences(block_text)
        for number, (rel_start, rel_end) in enumerate(spans):
            start, end = block.start + rel_start, block.start + rel_end
            text, offsets, urls = _sentence_text(doc, start, end, link_targets, anchors, base_url)
            # Notes after the full stop ("deep.[1] The …") belong to this sentence.
            notes_end = block.start + spans[number + 1][0] if number + 1 < len(spans) else block.end
            urls.extend(a.url for a in anchors.starting_in(end, notes_end))
            labels = [] if doc.format == "html" else _note_labels(doc.body, start, notes_end)
            cited.extend((url, None) for url in urls)
            if len(re.findall(r"\w+", text)) < 3:
                continue
            body_sentences.append(text)
            result = classify_hedge(text)
            holder = result.attributed_to
            if (
                holder
                and holder.lower() in _PRONOUN_HOLDERS
                and last_named
                and paragraph - last_named[1] <= 1
            ):
                holder = last_named[0]
            elif holder and holder[:1].isupper() and holder.lower() not in _PRONOUN_HOLDERS:
                last_named = (holder, paragraph)
            if result.hedge is Hedge.ASSERTED and not (include_asserted and is_check_worthy(text)):
                continue
            fingerprint = claim_fingerprint(text)
            if fingerprint in seen_fingerprints:
                continue
            seen_fingerprints.add(fingerprint)
            if labels:
                claim_labels[len(claims)] = labels
            cues = tuple(_cue_in_body(doc.body, cue, start, offsets) for cue in result.cues)
            claims.append(
                ExtractedClaim(
                    text=text,
                    hedge=result.hedge,
                    cues=cues,
                    attributed_to=holder,
                    section=section,
                    paragraph=paragraph,
                    start=start,
                    end=end,
                    fingerprint=fingerprint,
                    urls=tuple(dict.fromkeys(urls)),
                )
            )
    for index, labels in claim_labels.items():
        noted = [note_urls[label] for label in labels if label in note_urls]
        if noted:
            claim = claims[index]
            claims[index] = dataclasses.replace(
                claim, urls=tuple(dict.fromkeys((*claim.urls, *noted)))
            )
    sources = _merge_sources(references, cited)
    suggestions = _suggest(claims, sources, body_sentences)
    return ExtractedArticle(
        title=doc.title,
        body=doc.body,
        format=doc.format,
        published_at=doc.published_at,
        publisher=doc.publisher,
        url=doc.url,
        claims=tuple(claims),
        sources=tuple(sources),
        suggestions=tuple(suggestions),
    )


def _sentence_text(
    doc: _Document,
    start: int,
    end: int,
    link_targets: dict[str, str],
    anchors: _Anchors,
    base_url: str | None,
) -> tuple[str, list[int] | None, list[str]]:
    if doc.format == "markdown":
        return _reduce_markdown(doc.body, start, end, link_targets, base_url)
    text = doc.body[start:end]
    urls = [a.url for a in anchors.overlapping(start, end)]
    urls.extend(
        url
        for url in (
            _absolute_url(_clean_url(m.group()), base_url) for m in _BARE_URL.finditer(text)
        )
        if url
    )
    return text, None, urls


def _cue_in_body(body: str, cue: Cue, sentence_start: int, offsets: list[int] | None) -> Cue:
    if offsets is None:
        start, end = sentence_start + cue.start, sentence_start + cue.end
    else:
        start = offsets[cue.start]
        end = offsets[cue.end - 1] + 1
    return Cue(body[start:end], start, end)


def _reference_entries(
    doc: _Document, block: _Block, anchors: _Anchors, base_url: str | None
) -> Iterator[ExtractedSource]:
    if block.kind not in ("para", "item"):
        return
    for line_start, line in _logical_lines(doc.body, block.start, block.end):
        line_end = line_start + len(line)
        if _BOILERPLATE_LINE.search(line):
            continue
        anchor_url = next((a.url for a in anchors.overlapping(line_start, line_end)), None)
        source = _reference_source(line, anchor_url, base_url)
        if source is not None:
            yield source


def _reference_source(
    line: str, anchor_url: str | None, base_url: str | None
) -> ExtractedSource | None:
    """One reference entry with its URL made absolute; a URL that cannot be is dropped, and
    the entry with it when nothing else is left."""
    source = parse_reference_line(line, anchor_url)
    if source is None or source.url is None:
        return source
    absolute = _absolute_url(source.url, base_url)
    if absolute is None:
        return None if source.title is None else dataclasses.replace(source, url=None)
    return source if absolute == source.url else dataclasses.replace(source, url=absolute)


# A note marker: "[1]", "[^1]", "[^survey]"; not a Markdown link's text ("[1](…)") or a
# definition ("[^1]: …").
_NOTE_LABEL = re.compile(rf"\[\^?({_NOTE_NUMBER})\](?![(:])|\[\^({_NOTE_NAME})\](?![(:])")
_FOOTNOTE_DEFINITION = re.compile(rf"[ \t]{{0,3}}\[\^({_NOTE_NAME})\]:[ \t]*")
_ITEM_LABEL = re.compile(r"(?:\[(\d{1,3})\]|\((\d{1,3})\)|(\d{1,3})[.)])[ \t]*\Z")


def _note_labels(body: str, start: int, end: int) -> list[str]:
    return [m.group(1) or m.group(2) for m in _NOTE_LABEL.finditer(body, start, end)]


def _item_label(body: str, item_start: int) -> str | None:
    """The number of a numbered list item ("2." / "[2]" / "(2)"), read before its text."""
    line_start = body.rfind("\n", 0, item_start) + 1
    found = _ITEM_LABEL.search(body, line_start, item_start)
    return next((group for group in found.groups() if group), None) if found else None


def _footnote_definitions(
    doc: _Document, block: _Block, base_url: str | None
) -> Iterator[tuple[str, ExtractedSource]]:
    """Markdown footnote definitions ("[^1]: Carvenia Times, 2024. https://…") as sources."""
    for _, line in _logical_lines(doc.body, block.start, block.end):
        definition = _FOOTNOTE_DEFINITION.match(line)
        if definition is None:
            continue
        source = _reference_source(line[definition.end() :], None, base_url)
        if source is not None:
            yield definition.group(1), source


def _logical_lines(body: str, start: int, end: int) -> Iterable[tuple[int, str]]:
    position = start
    entries: list[tuple[int, str]] = []
    for line in body[start:end].split("\n"):
        if line.strip():
            if entries and line[:1] in " \t" and _REFERENCE_MARKER.match(line) is None:
                first_start, first_text = entries[-1]
                entries[-1] = (first_start, f"{first_text} {line.strip()}")
            else:
                entries.append((position, line))
        position += len(line) + 1
    return entries


def _merge_sources(
    references: list[ExtractedSource], cited: list[tuple[str, str | None]]
) -> list[ExtractedSource]:
    sources: list[ExtractedSource] = []
    seen_urls: set[str] = set()
    for reference in references:
        if reference.url is not None:
            key = _url_key(reference.url)
            if key in seen_urls:
                continue
            seen_urls.add(key)
        sources.append(reference)
    for url, title in cited:
        key = _url_key(url)
        if key in seen_urls:
            continue
        seen_urls.add(key)
        sources.append(ExtractedSource(title, None, None, url, Relation.CITED))
    return sources
