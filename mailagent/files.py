"""Reading an import file: a regular file named by its own path, never a link or a device.

Import paths come from people, and from folders other people filled (an agency's zip of
resumes). A symbolic link can point anywhere (``ann.txt -> /etc/passwd``), a FIFO blocks
the import for ever and a device never ends, so every import (R2s, resumes, manifests,
interviews) reads through :func:`read_regular`, which refuses all three with one line.
The file is opened without following a link and checked again once open, so a swap
between the check and the read changes nothing.

>>> read_regular(Path("/dev/null"))
Traceback (most recent call last):
...
mailagent.errors.ImportDataError: /dev/null: not a regular file (a device, FIFO or socket)
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mailagent.errors import ImportDataError

# No resume, R2 or CSV we import comes near this; a bigger file is a mistake.
MAX_IMPORT_BYTES = 50 * 1024 * 1024


def _refusal(path: Path, mode: int) -> str | None:
    if stat.S_ISLNK(mode):
        return f"{path}: a symbolic link; import the file itself, not a link to it"
    if stat.S_ISDIR(mode):
        return f"{path}: a folder, not a file"
    if not stat.S_ISREG(mode):
        return f"{path}: not a regular file (a device, FIFO or socket)"
    return None


def check_regular(path: Path) -> None:
    """Raise ``ImportDataError`` unless ``path`` itself (not a link) is a regular file."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError as exc:
        raise ImportDataError(f"{path}: no such file") from exc
    except OSError as exc:
        raise ImportDataError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except ValueError as exc:
        # A NUL byte in the name, say: no file can be called that.
        raise ImportDataError(f"{str(path)!r}: not a usable file name ({exc})") from exc
    reason = _refusal(path, mode)
    if reason is not None:
        raise ImportDataError(reason)


def check_not_link(path: Path) -> None:
    """Raise ``ImportDataError`` when ``path`` is a symbolic link (to a file or a folder)."""
    if path.is_symlink():
        raise ImportDataError(f"{path}: a symbolic link; import the file itself, not a link to it")


def read_regular(path: Path, *, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of a regular file, opened without following links or blocking."""
    check_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ImportDataError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        reason = _refusal(path, info.st_mode)
        if reason is not None:
            raise ImportDataError(reason)
        if info.st_size > limit:
            raise ImportDataError(f"{path}: {info.st_size} bytes, more than {limit} allowed")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ImportDataError(f"{path}: more than {limit} bytes")
    return data


def read_text(path: Path, *, encoding: str = "utf-8") -> str:
    """:func:`read_regular`, decoded; a decoding error names the file."""
    try:
        return read_regular(path).decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportDataError(f"{path}: not UTF-8 text: {exc.reason}") from exc
