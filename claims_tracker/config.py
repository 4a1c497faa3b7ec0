"""Settings: one frozen object built by the CLI and handed to the core."""

from __future__ import annotations

import datetime as dt
import enum
import os
from dataclasses import dataclass, field

from claims_tracker import USER_AGENT

DEFAULT_DATABASE_URL = "sqlite:///claims.db"
DATABASE_URL_ENV = "CLAIMS_DATABASE_URL"
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
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    # Fetching
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_deadline: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 10
    allow_private: bool = False
    respect_robots: bool = False
    user_agent: str = USER_AGENT
    user_agent_by_host: dict[str, str] = field(default_factory=dict)
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
    # Fetch processes of one `claims check` (the scheduling and database writes stay in one)
    processes: int = 1


def database_url_from_env() -> str:
    return os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL
