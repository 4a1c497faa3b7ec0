"""The error hierarchy and exit codes. The CLI turns a ClaimsError into one line on stderr."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1  # the run worked and found what --fail-on asked about
    USAGE = 2  # bad input: unknown id, invalid URL, unreadable file
    RUNTIME = 3  # the database or the network failed us
    INTERRUPTED = 130  # SIGINT
    TERMINATED = 143  # SIGTERM


class ClaimsError(Exception):
    """Base of every error the CLI reports as one line."""

    exit_code: ExitCode = ExitCode.RUNTIME


class UsageError(ClaimsError):
    exit_code = ExitCode.USAGE


class InvalidURLError(UsageError):
    pass


class NotFoundError(UsageError):
    def __init__(self, kind: str, ident: object) -> None:
        super().__init__(f"no {kind} with id {ident}")


class InputError(UsageError):
    """Unreadable, empty, binary or undecodable input."""


class DatabaseError(ClaimsError):
    pass


class SchemaOutdatedError(DatabaseError):
    pass
