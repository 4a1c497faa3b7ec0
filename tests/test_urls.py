from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims_tracker.errors import InvalidURLError
from claims_tracker.urls import normalize_url, registrable_domain, validate_url


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
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


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
