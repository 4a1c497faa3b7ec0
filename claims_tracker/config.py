"""Settings: one frozen object built by the CLI and handed to the core."""

from __future__ import annotations

import datetime as dt
import enum
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from claims_tracker import USER_AGENT

DEFAULT_DATABASE_URL = "sqlite:///claims.db"
DATABASE_URL_ENV = "CLAIMS_DATABASE_URL"
ARCHIVE_ACCESS_KEY_ENV = "CLAIMS_ARCHIVE_ACCESS_KEY"
ARCHIVE_SECRET_KEY_ENV = "CLAIMS_ARCHIVE_SECRET_KEY"
# Risky claims listed by `claims report` unless --limit says otherwise.
DEFAULT_RISKY_LIMIT = 50


class ReportFormat(enum.StrEnum):
    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"
    HTML = "html"
    CLAIMREVIEW = "claimreview"


@dataclass(frozen=True, slots=True)
class Schedule:
    """When a source is due again, by what its last check found (SPEC §4, --due)."""

    alive: dt.timedelta = dt.timedelta(days=7)
    redirected: dt.timedelta = dt.timedelta(days=7)
    blocked: dt.timedelta = dt.timedelta(days=2)
    soft_404: dt.timedelta = dt.timedelta(days=1)
    # Failing sources come back soon, then less often: first_retry * 2**(failures-1), capped.
    failing_first: dt.timedelta = dt.timedelta(hours=6)
    failing_max: dt.timedelta = dt.timedelta(days=2)
    dead: dt.timedelta = dt.timedelta(days=30)
    # How long before the archive is asked again about a failing source it had no copy of.
    wayback_retry: dt.timedelta = dt.timedelta(days=7)


@dataclass(frozen=True, slots=True)
class ArchiveKeys:
    """An Internet Archive account's API keys (archive.org/account/s3.php) for Save Page Now."""

    access: str
    secret: str

    def __repr__(self) -> str:
        return "ArchiveKeys(<hidden>)"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """The limits of one HTTP fetch (fetch.py); their defaults are also the application's."""

    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_deadline: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 10
    allow_private: bool = False
    respect_robots: bool = False
    user_agent: str = USER_AGENT
    # Keys are host names; a key also applies to its subdomains ("example.com" covers
    # "www.example.com"), the most specific key wins.
    user_agent_by_host: Mapping[str, str] = field(default_factory=dict)
    # Hosts (as written in the URL, e.g. "intranet.local" or "127.0.0.2") exempt from the
    # private-address guard while allow_private is off: for an intranet wiki, and for tests
    # that need one reachable local host while proving that the others are refused.
    private_host_allowlist: frozenset[str] = frozenset()
    dns_cache_ttl: float = 30.0
    # Read the text of PDF answers (for evidence; a link check alone does not need it).
    read_pdfs: bool = True


_FETCH_DEFAULTS = FetchSettings()


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    # Fetching (see FetchSettings)
    connect_timeout: float = _FETCH_DEFAULTS.connect_timeout
    read_timeout: float = _FETCH_DEFAULTS.read_timeout
    total_deadline: float = _FETCH_DEFAULTS.total_deadline
    max_bytes: int = _FETCH_DEFAULTS.max_bytes
    max_redirects: int = _FETCH_DEFAULTS.max_redirects
    allow_private: bool = _FETCH_DEFAULTS.allow_private
    respect_robots: bool = _FETCH_DEFAULTS.respect_robots
    user_agent: str = _FETCH_DEFAULTS.user_agent
    user_agent_by_host: dict[str, str] = field(default_factory=dict)
    read_pdfs: bool = _FETCH_DEFAULTS.read_pdfs
    # Scheduling
    concurrency: int = 16
    per_host: int = 2
    host_interval: float = 0.0
    retries: int = 2
    dead_after: int = 3
    dead_span: dt.timedelta = dt.timedelta(days=3)
    lease_seconds: int = 300
    schedule: Schedule = field(default_factory=Schedule)
    # Archives
    wayback_url: str = "https://web.archive.org"
    wayback_enabled: bool = True
    # Save Page Now for live sources (`--archive-live`): an account's keys, and how old a
    # page's newest capture (or last request) may be before it is captured again.
    archive_live: bool = False
    archive_keys: ArchiveKeys | None = field(default=None, repr=False)
    archive_every: dt.timedelta = dt.timedelta(days=30)
    # Fetch processes of one `claims check` (the scheduling and database writes stay in one)
    processes: int = 1


def database_url_from_env() -> str:
    return os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


def archive_keys_from_env() -> ArchiveKeys | None:
    """The Internet Archive keys for Save Page Now, when both are set (never a CLI option: a
    command line is visible to every user of the machine)."""
    access = os.environ.get(ARCHIVE_ACCESS_KEY_ENV, "").strip()
    secret = os.environ.get(ARCHIVE_SECRET_KEY_ENV, "").strip()
    return ArchiveKeys(access, secret) if access and secret else None
