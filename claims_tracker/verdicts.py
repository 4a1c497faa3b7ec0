"""Classify one FetchResult into a check verdict (SPEC §4). Pure: no I/O, no clock.

The classifier never answers ``dead``: it says whether a check *counts as a failure*
(``is_failure``) and whether it is worth retrying within the run (``retryable``); the checker
turns consecutive failures spread over days into ``dead``.

Decisions worth knowing:

* Every ``failing`` verdict counts as a failure, transient ones included (5xx, timeouts, resets,
  TLS), as InternetArchiveBot counts them: a site that has answered 503 for three checks over
  three days is dead to a reader. Transient ones are ``retryable`` so one blip is retried first.
* ``too_large`` with a 2xx status is judged like any 2xx page: the page exists, only our copy is
  truncated, so it is never a failure by itself.
* A redirect that only canonicalises the URL (http→https, ``www.``, trailing slash, default
  port) is ``alive``, not ``redirected``: it moved nowhere.
* ``blocked`` (401/403/429/451/999, Cloudflare challenges, robots, and a redirect that ends on a
  sign-in, subscription or consent page) is never a failure: it says nothing about whether the
  page exists. Nor is the wall's page read as the source's text.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Final
from urllib.parse import SplitResult, urlsplit, urlunsplit

from claims_tracker.fetch import ErrorKind, FetchResult
from claims_tracker.models import CheckVerdict

__all__ = [
    "Classification",
    "classify_response",
    "is_error_page_url",
    "is_redirect_to_root",
    "is_wall_url",
    "looks_like_soft_404",
    "random_missing_url",
]


@dataclass(frozen=True, slots=True)
class Classification:
    verdict: CheckVerdict
    is_failure: bool
    retryable: bool
    reason: str
    soft_404: bool = False


_BLOCKED_STATUSES: Final = frozenset({401, 403, 429, 451, 999})  # 999: LinkedIn's bot wall
_GONE_STATUSES: Final = frozenset({404, 410})

# Root-like paths: the front page, its index files, and localised front pages ("/en/").
_ROOT_PATH = re.compile(
    r"^/?(?:index\.(?:html?|php|aspx?|jsp)|default\.aspx?|home/?|[a-z]{2}(?:[-_][a-z]{2})?/?)?$",
    re.IGNORECASE,
)
_ERROR_PAGE_PATH = re.compile(
    r"(?:^|/)(?:404|410|not[-_]?found|page[-_]?not[-_]?found|error(?:[-_]?404)?|errors?"
    r"|404[-_]error|missing|gone|pagenotfound|notfound)(?:\.[a-z0-9]+)?/?$",
    re.IGNORECASE,
)
# Where a site sends a reader it will not show the page to: a sign-in, subscription or consent
# page. The page is still there, behind the wall.
_WALL_PATH_SEGMENT = re.compile(
    r"(?:^|/)(?:log[-_]?in|log[-_]?on|sign[-_]?in|sign[-_]?on|auth|authenticate|authorize|sso"
    r"|(?:wp-)?login\.(?:php|aspx?|jsp|html?)|signin\.(?:php|aspx?|html?)|subscribe"
    r"|subscription[-_]?required|paywall|consent|cookie[-_]?consent|gdpr)(?:/|$)",
    re.IGNORECASE,
)
_WALL_HOST = re.compile(r"^(?:login|signin|sso|auth|accounts?|consent|idp|id)\.", re.IGNORECASE)
_ERROR_PAGE_QUERY = re.compile(
    r"(?:^|&)(?:error|status|code|errorcode|err)=(?:404|410|not[-_]?found)", re.IGNORECASE
)
# "Page not found" in the languages of the web's larger sites: in a title, or in the text of a
# short page.
_NOT_FOUND_ELSEWHERE = (
    r"seite\s+(?:wurde\s+)?nicht\s+gefunden|page\s+introuvable|page\s+non\s+trouv[ée]e"
    r"|cette\s+page\s+n'existe\s+pas|p[aá]gina\s+no\s+encontrada|p[aá]gina\s+n[aã]o\s+encontrada"
    r"|pagina\s+non\s+trovata|pagina\s+niet\s+gevonden|страница\s+не\s+найдена"
    r"|nie\s+znaleziono\s+strony|strona\s+nie\s+istnieje|sayfa\s+bulunamad[ıi]"
    r"|sidan\s+(?:hittades|kunde\s+inte\s+hittas)|siden\s+(?:blev\s+ikke\s+fundet|finnes\s+ikke)"
    r"|sivua\s+ei\s+l[öo]ytynyt|str[aá]nka\s+nenalezena|oldal\s+nem\s+tal[aá]lhat[oó]"
    r"|σελίδα\s+δεν\s+βρέθηκε|halaman\s+tidak\s+ditemukan|kh[oô]ng\s+t[iì]m\s+th[aấ]y\s+trang"
    r"|الصفحة\s+غير\s+موجودة|הדף\s+לא\s+נמצא|पृष्ठ\s+नहीं\s+मिला"
    r"|ページが見つかりません|页面不存在|找不到(?:该|此)?页面|페이지를\s*찾을\s*수\s*없습니다"
)
# Phrases that say "not found" unambiguously; a title is judged with the broader set.
_NOT_FOUND_TITLE = re.compile(
    r"\b(?:404|410)\b|not\s+found|no\s+longer\s+(?:available|exists)|page\s+(?:does\s+not|doesn'?t)"
    r"\s+exist|page\s+(?:cannot|can'?t|could\s+not)\s+be\s+found|page\s+unavailable|"
    + _NOT_FOUND_ELSEWHERE,
    re.IGNORECASE,
)
_NOT_FOUND_BODY = re.compile(
    r"\b(?:404\s*[-:–|]?\s*(?:page\s+)?not\s+found|error\s+404|page\s+not\s+found"
    r"|(?:page|article|content)\s+(?:you\s+(?:are\s+looking\s+for|requested)\s+)?"
    r"(?:could\s+not|cannot|can'?t)\s+be\s+found"
    r"|(?:this|the)\s+page\s+(?:does\s+not|doesn'?t)\s+exist"
    r"|oops[!,.]?\s+(?:that\s+)?page\s+(?:can'?t|cannot|could\s+not)\s+be\s+found)\b|"
    + _NOT_FOUND_ELSEWHERE,
    re.IGNORECASE,
)
_CHALLENGE_TITLE = re.compile(
    r"^(?:just\s+a\s+moment|attention\s+required|access\s+denied|are\s+you\s+a\s+robot"
    r"|checking\s+your\s+browser|please\s+verify\s+you\s+are\s+a\s+human|ddos-guard)",
    re.IGNORECASE,
)
# Each English alternative of _NOT_FOUND_BODY contains one of these, within one run of text;
# the text of a page in another language is read when it says "404" too (its title always).
# (Plain substring tests on lower-cased text: a case-insensitive regex alternation scans
# several times slower.)
_NOT_FOUND_WORDS = ("404", "found", "exist")
_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL)
_WORDS = re.compile(r"\w+")
# A page whose visible text is longer than this is an article, not an error page, even when
# it mentions "page not found" somewhere.
_SHORT_PAGE_CHARS: Final = 3000
_SIMILAR_LENGTH_RATIO: Final = 0.02
_SIMILAR_SHINGLES: Final = 0.9
_SCAN_CHARS: Final = 200_000


# --------------------------------------------------------------------------- URL helpers


def _path(parts: SplitResult) -> str:
    return parts.path or "/"


def _canonical(url: str) -> tuple[str, str, str, str]:
    """Host without www., port, path without trailing slash, query: kept by a trivial redirect."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    default_port = {"http": 80, "https": 443}.get(parts.scheme.lower())
    port_text = "" if port in (None, default_port) else str(port)
    return host, port_text, _path(parts).rstrip("/") or "/", parts.query


def is_trivial_redirect(requested_url: str, final_url: str) -> bool:
    """Same resource after http→https, ``www.`` added/removed, trailing slash or default port."""
    return _canonical(requested_url) == _canonical(final_url)


def is_redirect_to_root(requested_url: str, final_url: str) -> bool:
    """True when a deep link (a path or query below the front page) ended on a front page.

    Any host counts: a dead link redirected to another site's home page is just as lost.
    """
    requested = urlsplit(requested_url)
    final = urlsplit(final_url)
    requested_path = _path(requested)
    if _ROOT_PATH.match(requested_path) and not requested.query:
        return False  # the link was a front page itself
    if not _ROOT_PATH.match(_path(final)):
        return False
    return not is_trivial_redirect(requested_url, final_url)


def is_wall_url(url: str) -> bool:
    """A sign-in, subscription or consent page's URL ("/login", "/users/sign_in",
    "accounts.example.com/…", "consent.example.com/…")."""
    parts = urlsplit(url)
    return bool(_WALL_HOST.match(parts.hostname or "") or _WALL_PATH_SEGMENT.search(_path(parts)))


def is_error_page_url(url: str) -> bool:
    """A URL that names an error page: ``/404``, ``/not-found``, ``/error?code=404`` ..."""
    parts = urlsplit(url)
    return bool(_ERROR_PAGE_PATH.search(_path(parts)) or _ERROR_PAGE_QUERY.search(parts.query))


def random_missing_url(url: str) -> str:
    """A URL on the same origin and directory that almost certainly does not exist.

    Staying in the same directory matters: many sites route unknown paths per section
    differently (``/news/<anything>`` vs ``/<anything>``). The extension is kept for the same
    reason. Query and fragment are dropped.
    """
    parts = urlsplit(url)
    path = _path(parts)
    directory, _, last = path.rpartition("/")
    extension = ""
    if "." in last and not last.startswith("."):
        candidate = last.rsplit(".", 1)[1]
        if candidate.isalnum() and len(candidate) <= 5:
            extension = "." + candidate
    token = "ct-missing-" + secrets.token_hex(10)
    return urlunsplit((parts.scheme, parts.netloc, f"{directory}/{token}{extension}", "", ""))


# --------------------------------------------------------------------------- soft-404


def _visible_text(result: FetchResult) -> str:
    text = result.text or ""
    if result.content_type in (None, "text/html", "application/xhtml+xml"):
        text = _TAGS.sub(" ", text[:_SCAN_CHARS])
    return " ".join(text.split())


def _shingles(text: str, size: int = 4) -> set[int]:
    words = _WORDS.findall(text.lower())
    if len(words) < size:
        return {hash(tuple(words))} if words else set()
    return {hash(tuple(words[i : i + size])) for i in range(len(words) - size + 1)}


def _similar_pages(a: FetchResult, b: FetchResult) -> bool:
    if a.sha256 is not None and a.sha256 == b.sha256:
        return True
    same_title = (a.title or "").strip().lower() == (b.title or "").strip().lower()
    len_a, len_b = a.content_length or 0, b.content_length or 0
    if (
        same_title
        and max(len_a, len_b) > 0
        and abs(len_a - len_b) <= max(64, _SIMILAR_LENGTH_RATIO * max(len_a, len_b))
    ):
        return True
    shingles_a = _shingles(_visible_text(a))
    shingles_b = _shingles(_visible_text(b))
    if not shingles_a or not shingles_b:
        return False
    overlap = len(shingles_a & shingles_b) / len(shingles_a | shingles_b)
    return overlap >= _SIMILAR_SHINGLES


def says_not_found(result: FetchResult) -> bool:
    """The page's title, or the text of a short page, says "not found"."""
    if result.title and _NOT_FOUND_TITLE.search(result.title):
        return True
    head = (result.text or "")[:_SCAN_CHARS].lower()
    if not any(word in head for word in _NOT_FOUND_WORDS):
        return False  # every phrase of _NOT_FOUND_BODY has one of these words: skip the markup
    if _visible_text_exceeds(result, _SHORT_PAGE_CHARS):
        return False  # an article that mentions "not found": no need to strip all its markup
    return bool(_NOT_FOUND_BODY.search(_visible_text(result)))


def _visible_text_exceeds(result: FetchResult, limit: int) -> bool:
    """Whether `_visible_text(result)` is longer than `limit`, reading only as far as needed."""
    text = result.text or ""
    if result.content_type not in (None, "text/html", "application/xhtml+xml"):
        return len(" ".join(text.split())) > limit
    characters = words = 0
    position = 0
    for tag in _TAGS.finditer(text, 0, _SCAN_CHARS):
        gap = text[position : tag.start()].split()
        characters += sum(map(len, gap))
        words += len(gap)
        if characters + words - 1 > limit:  # the words joined by single spaces
            return True
        position = tag.end()
    gap = text[position:_SCAN_CHARS].split()
    return characters + sum(map(len, gap)) + words + len(gap) - 1 > limit


def looks_like_soft_404(
    result: FetchResult, missing_probe: FetchResult | None, *, not_found: bool | None = None
) -> bool:
    """True if a 2xx answer is really a not-found page.

    Signals, any of which suffices: the redirect chain ended on an error-page URL; the title
    says "not found"/"404", or a short page says so in its text; or the page is the same as the
    host's answer for a random missing path (``missing_probe``, see ``random_missing_url``):
    same redirect target, same bytes, same title and near-identical length, or ≥90 % shared
    word 4-grams. A front page is never a soft 404 (it cannot be "missing"). `not_found` is
    ``says_not_found(result)`` if it was already computed (in the fetch worker).
    """
    if result.status is None or not 200 <= result.status < 300:
        return False
    if result.redirects and is_error_page_url(result.final_url):
        return True
    if says_not_found(result) if not_found is None else not_found:
        return True
    if (
        missing_probe is None
        or missing_probe.status is None
        or not 200 <= missing_probe.status < 300
    ):
        return False
    requested = urlsplit(result.requested_url)
    if _ROOT_PATH.match(_path(requested)) and not requested.query:
        return False
    if result.redirects and missing_probe.redirects and result.final_url == missing_probe.final_url:
        return True
    return _similar_pages(result, missing_probe)


# --------------------------------------------------------------------------- classification


def _failing(reason: str, *, retryable: bool) -> Classification:
    return Classification(CheckVerdict.FAILING, is_failure=True, retryable=retryable, reason=reason)


def _blocked(reason: str, *, retryable: bool = False) -> Classification:
    return Classification(
        CheckVerdict.BLOCKED, is_failure=False, retryable=retryable, reason=reason
    )


_ERROR_RULES: Final[dict[ErrorKind, tuple[bool, str]]] = {
    # kind: (retryable, what happened; the fetch's error_detail adds the specifics)
    ErrorKind.TIMEOUT: (True, "timed out"),
    ErrorKind.RESET: (True, "connection reset"),
    ErrorKind.CONNECTION: (True, "connection failed"),
    ErrorKind.DNS: (False, "host name does not resolve"),
    ErrorKind.REFUSED: (False, "connection refused"),
    ErrorKind.TLS: (False, "TLS/certificate error"),
    ErrorKind.BLOCKED_PRIVATE: (False, "refused a private or reserved address"),
    ErrorKind.UNSUPPORTED_SCHEME: (False, "unsupported URL scheme"),
    ErrorKind.INVALID_URL: (False, "invalid URL"),
    ErrorKind.TOO_MANY_REDIRECTS: (False, "too many redirects"),
    ErrorKind.REDIRECT_LOOP: (False, "redirect loop"),
}
# After a redirect, these kinds are about where the page sent us, not about the page's own URL.
_REDIRECT_TARGET_REASONS: Final[dict[ErrorKind, str]] = {
    ErrorKind.BLOCKED_PRIVATE: "redirect to a private or reserved address",
    ErrorKind.UNSUPPORTED_SCHEME: "redirect to an unsupported scheme",
    ErrorKind.INVALID_URL: "redirect to an invalid URL",
}


def _error_reason(result: FetchResult, kind: ErrorKind, what: str) -> str:
    """`what` happened, then the fetch's detail, each said once."""
    if result.redirects:
        what = _REDIRECT_TARGET_REASONS.get(kind, what)
    detail = result.error_detail
    if not detail:
        return what
    # An operating-system message often only restates the kind ("Connection refused",
    # "Connection reset by peer"): then it is the reason by itself.
    if detail[: len(what)].casefold() == what.casefold():
        return what + detail[len(what) :]
    return f"{what}: {detail}"


def classify_response(
    result: FetchResult,
    *,
    missing_probe: FetchResult | None = None,
    not_found: bool | None = None,
) -> Classification:
    """The verdict for one fetch (see the module docstring for the rules). `not_found` is
    ``says_not_found(result)`` if it was already computed."""
    kind = result.error_kind
    if kind is ErrorKind.ROBOTS:
        return _blocked("disallowed by robots.txt")
    if kind is not None and not (kind is ErrorKind.TOO_LARGE and result.status is not None):
        retryable, what = _ERROR_RULES.get(kind, (True, kind.value.replace("_", " ")))
        return _failing(_error_reason(result, kind, what), retryable=retryable)
    status = result.status
    if status is None:
        return _failing("no response", retryable=True)
    if result.headers.get("cf-mitigated", "").strip().lower() == "challenge":
        return _blocked(f"HTTP {status} bot challenge (cf-mitigated)")
    if status in _BLOCKED_STATUSES:
        if status == 429:
            wait = "" if result.retry_after is None else f", retry after {result.retry_after:g}s"
            return _blocked(f"HTTP 429 rate limited{wait}", retryable=True)
        return _blocked(f"HTTP {status} access denied")
    if status == 503 and result.title and _CHALLENGE_TITLE.search(result.title):
        return _blocked(f"HTTP 503 bot challenge ({result.title})")
    if status in _GONE_STATUSES:
        return _failing(f"HTTP {status}", retryable=False)
    if status == 408 or status >= 500:
        return _failing(f"HTTP {status}", retryable=True)
    if 400 <= status < 500:
        return _failing(f"HTTP {status}", retryable=False)
    if 300 <= status < 400:
        if status == 300:
            return Classification(CheckVerdict.ALIVE, False, False, "HTTP 300 multiple choices")
        return _failing(f"HTTP {status} without a usable Location", retryable=False)
    if not 200 <= status < 300:
        return _failing(f"unexpected HTTP {status}", retryable=False)
    return _classify_success(result, missing_probe, not_found)


def _classify_success(
    result: FetchResult, missing_probe: FetchResult | None, not_found: bool | None
) -> Classification:
    note = " (body truncated at the byte cap)" if result.truncated else ""
    # Before the soft-404 test: on a site that walls every page, the probe for a missing path
    # lands on the same sign-in page.
    if result.redirects and is_wall_url(result.final_url) and not is_wall_url(result.requested_url):
        return _blocked(f"sent to a sign-in, subscription or consent page: {result.final_url}")
    if looks_like_soft_404(result, missing_probe, not_found=not_found):
        return Classification(
            CheckVerdict.SOFT_404,
            is_failure=True,
            retryable=False,
            reason=f"HTTP {result.status} but the page is a not-found page{note}",
            soft_404=True,
        )
    if result.redirects:
        if is_redirect_to_root(result.requested_url, result.final_url):
            return _failing(f"redirect to root: {result.final_url}", retryable=False)
        if not is_trivial_redirect(result.requested_url, result.final_url):
            return Classification(
                CheckVerdict.REDIRECTED,
                is_failure=False,
                retryable=False,
                reason=f"moved to {result.final_url}{note}",
            )
    return Classification(
        CheckVerdict.ALIVE, is_failure=False, retryable=False, reason=f"HTTP {result.status}{note}"
    )
