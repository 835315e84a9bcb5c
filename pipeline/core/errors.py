"""The errors rbmon shows to users.

    RbmonError                  one clear line for the user, exit code 1
     ├── ConfigError            a bad or unreadable rbmon.toml (names the key)
     ├── SourceConfigError      a bad source registry entry
     ├── DatabaseError
     │    └── DatabaseLockedError   another process holds the DuckDB write lock
     ├── WarcReadError          a truncated or corrupt WARC (names file and offset)
     ├── CrawlError             the crawler process failed
     ├── InputError             a bad input (file for annotate/extract, query for sql, option)
     ├── DeliveryError          the SMTP server cannot be reached or refuses the digest
     └── StorageError           the file system refused: full, read-only, no permission (``from_os_error``)

Anything else escaping to the CLI is a bug and is shown with its traceback — except an ``OSError``:
a full disk, a read-only mount or a data directory rbmon may not write is the machine's state, not a
bug, and :func:`from_os_error` turns it into one line naming the path with the hint that fits.
"""

from __future__ import annotations

import errno
import os

__all__ = [
    "ConfigError",
    "CrawlError",
    "DatabaseError",
    "DatabaseLockedError",
    "DeliveryError",
    "InputError",
    "RbmonError",
    "SourceConfigError",
    "StorageError",
    "WarcReadError",
    "from_message",
    "from_os_error",
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


class StorageError(RbmonError):
    """The operating system refused a read or write (full disk, read-only mount, permissions, ...)."""

    def __init__(self, message: str, *, hint: str | None = None, errno_: int | None = None) -> None:
        super().__init__(message, hint=hint)
        self.errno = errno_


#: errno -> (what happened, what to do). A write that failed for lack of space keeps the words "a
#: write failed": the batch was rolled back and the same command can simply run again.
_OS_ERRORS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: (
        "a write failed (disk full or file too large?)",
        "the batch being written was rolled back and nothing before it is lost; free disk space and run "
        "the same command again",
    ),
    errno.EDQUOT: (
        "a write failed (disk quota exceeded)",
        "the batch being written was rolled back and nothing before it is lost; free space or raise the "
        "quota, then run the same command again",
    ),
    errno.EFBIG: (
        "a write failed (disk full or file too large?)",
        "the batch being written was rolled back and nothing before it is lost; raise the file size limit "
        "(ulimit -f) or free disk space, then run the same command again",
    ),
    errno.EROFS: (
        "the file system is read-only",
        "point data_dir (or --db, --output) at a writable file system, or remount it read-write; nothing "
        "was changed",
    ),
    errno.EACCES: (
        "permission denied",
        "the user running rbmon may not read or write there: fix the owner or mode of that path "
        "(the systemd unit runs as user rbmon), or point data_dir elsewhere",
    ),
    errno.ENOTDIR: (
        "a part of the path is a file, not a folder",
        "data_dir (and every folder above a file rbmon writes) must be a folder",
    ),
    errno.EISDIR: ("is a folder, not a file", "give the path of a file"),
    errno.ENOENT: ("no such file or folder", "check the path (data_dir, --db, --config, --input, --output)"),
    errno.EEXIST: ("already exists and is not a folder", "data_dir must be a folder: move the file away"),
    errno.ELOOP: ("too many levels of symbolic links", "fix the symbolic link"),
    errno.ENAMETOOLONG: ("the file name is too long", "use a shorter path"),
    errno.EMFILE: ("too many open files", "raise the open-file limit (ulimit -n, LimitNOFILE=)"),
    errno.EIO: (
        "an input/output error (failing disk?)",
        "check the disk (dmesg, smartctl) before running again",
    ),
}
_OS_ERRORS[errno.EPERM] = _OS_ERRORS[errno.EACCES]


def from_os_error(exc: OSError, *, doing: str | None = None) -> StorageError:
    """The user's version of an ``OSError``: what happened to which path, and what to do about it.

    >>> str(from_os_error(PermissionError(13, "Permission denied", "/srv/data")))
    'permission denied: /srv/data'
    """
    what, hint = _OS_ERRORS.get(exc.errno or -1, (exc.strerror or exc.__class__.__name__, ""))
    paths = [p for p in (exc.filename, exc.filename2) if p is not None]
    where = " -> ".join(os.fsdecode(p) for p in paths)
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        detail = exc.strerror or ""
        message = f"{what}: {detail}{': ' + where if where else ''}"
    else:
        message = f"{what}: {where}" if where else what
    if doing:
        message = f"{doing}: {message}"
    return StorageError(message, hint=hint or None, errno_=exc.errno)


# Libraries that report the operating system's refusal as text (DuckDB's "IO Error: ...") use these
# words; they say which errno it was. "could not write" is DuckDB's word for a failed write of any kind.
_MESSAGE_WORDS = (
    ("no space left", errno.ENOSPC),
    ("file too large", errno.EFBIG),
    ("disk quota", errno.EDQUOT),
    ("read-only file system", errno.EROFS),
    ("permission denied", errno.EACCES),
    ("not a directory", errno.ENOTDIR),
    ("could not write", errno.ENOSPC),
)


def from_message(message: str, *, doing: str | None = None) -> StorageError | None:
    """A ``StorageError`` for a library's error text that reports an OS refusal; None for other text.

    >>> from_message("IO Error: Cannot open file \"/ro/x\": Read-only file system").hint[:40]
    'point data_dir (or --db, --output) at a '
    """
    lowered = message.lower()
    for words, code in _MESSAGE_WORDS:
        if words in lowered:
            described = from_os_error(OSError(code, os.strerror(code)))
            first = message.splitlines()[0] if message else ""
            text = f"{described}: {first}" if first else str(described)
            return StorageError(f"{doing}: {text}" if doing else text, hint=described.hint, errno_=code)
    return None
