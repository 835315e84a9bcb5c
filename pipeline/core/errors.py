"""The errors rbmon shows to users.

    RbmonError                  one clear line for the user, exit code 1
     ├── ConfigError            a bad or unreadable rbmon.toml (names the key)
     ├── SourceConfigError      a bad source registry entry
     ├── DatabaseError
     │    └── DatabaseLockedError   another process holds the DuckDB write lock
     ├── WarcReadError          a truncated or corrupt WARC (names file and offset)
     ├── CrawlError             the crawler process failed
     ├── InputError             a bad input (file for annotate/extract, query for sql, option)
     └── DeliveryError          the SMTP server cannot be reached or refuses the digest

Anything else escaping to the CLI is a bug and is shown with its traceback.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "CrawlError",
    "DatabaseError",
    "DatabaseLockedError",
    "DeliveryError",
    "InputError",
    "RbmonError",
    "SourceConfigError",
    "WarcReadError",
]


class RbmonError(Exception):
    """An error with a message meant for the user; ``hint`` says what to do about it."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class ConfigError(RbmonError):
    pass


class SourceConfigError(RbmonError):
    pass


class DatabaseError(RbmonError):
    pass


class DatabaseLockedError(DatabaseError):
    pass


class WarcReadError(RbmonError):
    pass


class CrawlError(RbmonError):
    pass


class InputError(RbmonError):
    pass


class DeliveryError(RbmonError):
    """The digest could not be handed to the SMTP server."""
