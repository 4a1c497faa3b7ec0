from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims_tracker.errors import InvalidURLError
from claims_tracker.urls import (
    normalize_url,
    registrable_domain,
    remove_dot_segments,
    validate_url,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM", "http://example.com/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?utm_source=x&utm_medium=y&id=3", "https://example.com/a?id=3"),
        ("https://example.com/a?fbclid=abc", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"),
        ("https://example.com/%7euser/", "https://example.com/~user/"),
        ("https://example.com/a%2fb", "https://example.com/a%2Fb"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://Bücher.example/ä", "https://xn--bcher-kva.example/%C3%A4"),
        ("https://example.com./x", "https://example.com/x"),
        ("  https://example.com/x  ", "https://example.com/x"),
        # Dot segments (RFC 3986 §5.2.4), after escapes are normalised (§6.2.2.2).
        ("HTTP://Example.ORG:80/a/../b", "http://example.org/b"),
        ("https://example.com/a/./b/./c", "https://example.com/a/b/c"),
        ("https://example.com/a/b/..", "https://example.com/a/"),
        ("https://example.com/a/b/.", "https://example.com/a/b/"),
        ("https://example.com/../../a", "https://example.com/a"),
        ("https://example.com/..", "https://example.com/"),
        ("https://example.com/a/%2E%2e/b", "https://example.com/b"),
        ("https://example.com/a/%2e/b", "https://example.com/a/b"),
        ("https://example.com/a/.%2E", "https://example.com/"),
        ("https://example.com/a/..b/.c/c.", "https://example.com/a/..b/.c/c."),
        ("https://example.com/a%2F../b", "https://example.com/a%2F../b"),
        ("https://example.com/a//../b", "https://example.com/a/b"),
        ("https://example.com/a/../b?next=/x/../y", "https://example.com/b?next=/x/../y"),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # The examples of RFC 3986 §5.2.4.
        ("/a/b/c/./../../g", "/a/g"),
        ("mid/content=5/../6", "mid/6"),
        ("", ""),
        ("/", "/"),
        ("../a", "a"),
        ("./a", "a"),
        ("..", ""),
    ],
)
def test_remove_dot_segments(path: str, expected: str) -> None:
    assert remove_dot_segments(path) == expected


def test_dot_segments_make_one_source() -> None:
    assert normalize_url("HTTP://Example.ORG:80/a/../b") == normalize_url("http://example.org/b")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/file",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "example.com/no-scheme",
        "https://",
        "http://exa mple.com/",
        "http://example.com:99999/",
        "",
    ],
)
def test_invalid_urls_are_refused(url: str) -> None:
    with pytest.raises(InvalidURLError):
        validate_url(url)


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("www.example.org", "example.org"),
        ("news.example.org", "example.org"),
        ("example.org", "example.org"),
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("127.0.0.1", "127.0.0.1"),
    ],
)
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


_host = st.from_regex(
    r"[A-Za-z0-9]([A-Za-z0-9-]{0,10}[A-Za-z0-9])?(\.[A-Za-z]{2,6}){1,2}", fullmatch=True
)
_path = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="#?"),
    max_size=30,
)
_query = st.lists(
    st.tuples(
        st.sampled_from(["id", "utm_source", "q", "fbclid", "page", "x y"]),
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),
    ),
    max_size=4,
)


@given(
    scheme=st.sampled_from(["http", "HTTP", "https", "HtTpS"]),
    host=_host,
    port=st.one_of(st.none(), st.sampled_from([80, 443, 8080])),
    path=_path,
    query=_query,
    fragment=st.text(max_size=5),
)
def test_normalisation_is_idempotent(
    scheme: str, host: str, port: int | None, path: str, query: list[tuple[str, str]], fragment: str
) -> None:
    from urllib.parse import quote

    netloc = host if port is None else f"{host}:{port}"
    q = "&".join(f"{quote(k)}={quote(v)}" for k, v in query)
    url = f"{scheme}://{netloc}/{quote(path, safe='/%')}" + (f"?{q}" if q else "")
    url += f"#{quote(fragment)}" if fragment else ""
    once = normalize_url(url)
    assert normalize_url(once) == once
    assert "utm_source" not in once
    assert "#" not in once


_SEGMENT = st.sampled_from(
    [".", "..", "%2E", "%2e", "%2E%2e", ".%2E", "", "a", "b", "..a", ".b", "c.", "c%2Fd"]
)


@given(segments=st.lists(_SEGMENT, max_size=10))
def test_dot_segments_resolve_like_walking_directories(segments: list[str]) -> None:
    """Each ".." leaves the last directory, "." stays; a final one of either ends in "/"."""
    names = [re.sub("%2[eE]", ".", segment) for segment in segments]
    directories: list[str] = []
    for name in names:
        if name == "..":
            if directories:
                directories.pop()
        elif name != ".":
            directories.append(name)
    trailing_slash = bool(directories) and bool(names) and names[-1] in (".", "..")
    expected = "/" + "/".join(directories) + ("/" if trailing_slash else "")
    normalized = normalize_url("http://example.org/" + "/".join(segments))
    assert urlsplit(normalized).path == expected
    assert normalize_url(normalized) == normalized
