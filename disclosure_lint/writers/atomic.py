"""Safe writes: a temporary file in the same folder, flushed to disk, renamed over the target.

A rename within one folder (one file system) is atomic (POSIX rename(2); `os.replace` on
Windows), so a reader of the book sees either the old file or the new one, never half of each;
a crash or an error leaves the original as it was and the temporary file removed. Before the
rename the original is compared with what was read (size, mtime and SHA-256): a file changed in
between (an editor saved it) is never overwritten with a result computed from the old text.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, WriteError


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A file's bytes as read, with what tells whether it changed since."""

    path: Path
    data: bytes
    size: int
    mtime_ns: int
    sha256: str
    mode: int


def snapshot(path: Path) -> Snapshot:
    """Read a file whole and remember its size, mtime and hash."""
    try:
        with path.open("rb") as fh:
            before = os.fstat(fh.fileno())
            data = fh.read()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return Snapshot(path, data, before.st_size, before.st_mtime_ns, hashlib.sha256(data).hexdigest(),
                    stat.S_IMODE(before.st_mode))


def changed_since(snap: Snapshot) -> bool:
    """Has the file changed since it was read (size, mtime or content)?"""
    try:
        now = snap.path.stat()
        if now.st_size != snap.size or now.st_mtime_ns != snap.mtime_ns:
            return True
        return hashlib.sha256(snap.path.read_bytes()).hexdigest() != snap.sha256
    except OSError:
        return True


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(target: Path, data: bytes, *, original: Snapshot | None = None,
                 verify: Callable[[Path], None] | None = None, new_file: bool = False) -> None:
    """Write `data` to `target` through a temporary file in the same folder.

    `original`: the snapshot the data was computed from; the write is refused if the file changed
    since. `verify(temp_path)` runs on the finished temporary file before the rename and may raise
    to stop the write. `new_file`: the target must not exist (a file added to a book).
    On any error the temporary file is removed and the target left untouched.
    """
    folder = target.parent
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"{target}: cannot write in {folder}: {exc.strerror or exc}") from exc
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, original.mode if original is not None and original.path == target else _default_mode())
        if verify is not None:
            verify(temp)
        if original is not None and changed_since(original):
            raise WriteError(f"{original.path}: the file changed since it was read (saved by another "
                             "program?); nothing was written — run insert again")
        if new_file and target.exists():
            raise WriteError(f"{target}: already exists; nothing was written")
        try:
            os.replace(temp, target)
        except OSError as exc:
            raise WriteError(f"{target}: cannot replace: {exc.strerror or exc}; the original is "
                             "unchanged") from exc
        _fsync_folder(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _fsync_folder(folder: Path) -> None:
    """Flush the rename itself to disk (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
