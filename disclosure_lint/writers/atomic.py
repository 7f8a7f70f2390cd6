"""Safe writes: a temporary file in the same folder, flushed to disk, renamed over the target.

A rename within one folder (one file system) is atomic (POSIX rename(2); `os.replace` on
Windows), so a reader of the book sees either the old file or the new one, never half of each;
a crash or an error leaves the original as it was and the temporary file removed. Before the
rename the original is compared with what was read (size, mtime and SHA-256): a file changed in
between (an editor saved it, another insert won the race) is never overwritten with a result
computed from the old text.

A target that is a symbolic link is written through: the temporary file goes beside the link's
target and replaces it, so the link stays a link (`through_link`). A link that leads out of the
book's folder (or its repository) is refused: insert writes only inside it.

Every way the file system can refuse (a full disk, a quota, a read-only file or folder, a name
too long) becomes a `WriteError` in plain words that names the user's file, never the
temporary one (`refusal`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import DisclosureLintError, InputError, WriteError

#: What is written: the whole new file, or a function that writes it to a stream (a zip package
#: whose untouched members are copied from the original as they are written, never held).
Content = bytes | Callable[[IO[bytes]], None]

_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A file's bytes as read (or only their hash, for a package too large to hold), with what
    tells whether it changed since."""

    path: Path
    #: The whole file; b"" when only its hash was kept (`snapshot(..., keep=False)`).
    data: bytes
    size: int
    mtime_ns: int
    sha256: str
    mode: int


def snapshot(path: Path, *, keep: bool = True) -> Snapshot:
    """Read a file and remember its size, mtime and hash; `keep=False` hashes it in chunks and
    keeps no bytes (a DOCX or EPUB is read again member by member where needed)."""
    try:
        with path.open("rb") as fh:
            before = os.fstat(fh.fileno())
            if keep:
                data = fh.read()
                digest = hashlib.sha256(data).hexdigest()
            else:
                data, digest = b"", hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return Snapshot(path, data, before.st_size, before.st_mtime_ns, digest, stat.S_IMODE(before.st_mode))


def changed_since(snap: Snapshot) -> bool:
    """Has the file changed since it was read (size, mtime or content)?"""
    try:
        now = snap.path.stat()
        if now.st_size != snap.size or now.st_mtime_ns != snap.mtime_ns:
            return True
        with snap.path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest() != snap.sha256
    except OSError:
        return True


def materialize(content: Content) -> bytes:
    """The bytes of `content` (for a preview or a test; a write streams them instead)."""
    if isinstance(content, bytes):
        return content
    import io

    buffer = io.BytesIO()
    content(buffer)
    return buffer.getvalue()


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def changed_by_another(path: Path) -> WriteError:
    """The refusal when the file changed between the read and the rename."""
    return WriteError(f"{path.name} changed while disclosure-lint was writing it; run again")


def _mb(size: int) -> int:
    return max(1, -(-size // 1_000_000))


def refusal(exc: OSError, target: Path, *, size: int | None = None) -> WriteError:
    """A file-system error met while writing `target`, in plain words that name it (never the
    temporary file), ending with the reassurance that nothing was changed."""
    name = target.name
    needs = f" (needs about {_mb(size)} MB)" if size is not None else ""
    code = exc.errno
    if code == errno.ENOSPC:
        text = f"not enough free space on the disk to write {name}{needs}"
    elif code == getattr(errno, "EDQUOT", -1):
        text = f"your disk quota is used up: cannot write {name}{needs}"
    elif code == errno.EFBIG:
        text = f"{name} would be larger than this system lets a file be{needs}"
    elif code == errno.EROFS:
        text = f"{name} is on a read-only file system ({target.parent})"
    elif code in (errno.EACCES, errno.EPERM):
        text = f"cannot write {name}: the file or its folder {target.parent} is read-only or not yours"
    elif code == errno.ENAMETOOLONG:
        text = (f"cannot write {name}: its path is too long for the file system (with the temporary "
                "file written beside it); use a shorter name or folder")
    elif code in (errno.ENOENT, errno.ESTALE):
        # The folder, or our temporary file, vanished under us: another program is at work there.
        return changed_by_another(target)
    else:
        text = f"cannot write {name}: {exc.strerror or exc}"
    return WriteError(f"{text}; nothing was changed")


def book_root(start: Path) -> Path:
    """The folder a book's links may lead within: its git repository's top, else `start`."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def through_link(target: Path, root: Path | None = None) -> Path:
    """The file to write for `target`: itself, or the file its symbolic link(s) lead to.

    A link leading out of `root` (default: the git repository holding the link, else its folder)
    is refused, as is a dangling one: a note written there would change a file outside the book.
    """
    if not target.is_symlink():
        return target
    real = Path(os.path.realpath(target))
    within = book_root(root if root is not None else target.parent)
    if not real.exists():
        raise WriteError(f"{target}: a link to {os.readlink(target)}, which does not exist; nothing was changed")
    if real != within and within not in real.parents:
        raise WriteError(f"{target} is a link to {real}, outside the book's folder or repository ({within}); "
                         "insert writes only inside it: run it on the target itself. Nothing was changed")
    return real


def write_atomic(target: Path, data: Content, *, original: Snapshot | None = None,
                 verify: Callable[[Path], None] | None = None, new_file: bool = False,
                 size: int | None = None, root: Path | None = None) -> Path:
    """Write `data` to `target` through a temporary file in the same folder; return the file
    written (the target of a link: `through_link`, with `root`).

    `original`: the snapshot the data was computed from; the write is refused if the file changed
    since. `verify(temp_path)` runs on the finished temporary file before the rename and may raise
    to stop the write (its messages name `target`, not the temporary file). `new_file`: the
    target must not exist (a file added to a book). `size`: about how many bytes `data` will be,
    for the message of a full disk (default: its length). On any error the temporary file is
    removed and the target left untouched.
    """
    target = through_link(target, root)
    folder = target.parent
    expected = size if size is not None else (len(data) if isinstance(data, bytes) else None)
    if not new_file and target.exists():
        _refuse_read_only(target)
    remove_stale_temps(target)
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise WriteError(f"cannot write {target.name}: its folder {folder} does not exist; nothing was "
                             "changed") from exc
        raise refusal(exc, target, size=expected) from exc
    temp = Path(name)
    held = _hold(temp)
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                if isinstance(data, bytes):
                    fh.write(data)
                else:
                    data(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(temp, original.mode if original is not None and _same(original.path, target)
                     else _default_mode())
        except OSError as exc:
            raise refusal(exc, target, size=expected or _size_of(temp)) from exc
        if verify is not None:
            verify_as(verify, temp, target)
        with _folder_locked(folder):  # another insert's check and rename are not in between ours
            if original is not None and changed_since(original):
                raise changed_by_another(target)
            if new_file and target.exists():
                raise WriteError(f"{target}: already exists; nothing was written")
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise refusal(exc, target, size=expected) from exc
        _fsync_folder(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    finally:
        if held is not None:
            os.close(held)
    return target


def _refuse_read_only(path: Path) -> None:
    """Refuse a file on a read-only file system, or marked read-only by its owner (no write
    permission for anyone: even root, who may write anything, is asked to respect that), or not
    writable by this user."""
    try:
        read_only_fs = bool(os.statvfs(path).f_flag & getattr(os, "ST_RDONLY", 0))
        marked = not stat.S_IMODE(path.stat().st_mode) & 0o222 or not os.access(path, os.W_OK)
    except (OSError, AttributeError):
        return
    if read_only_fs:
        raise WriteError(f"{path.name} is on a read-only file system ({path.parent}); nothing was changed")
    if marked:
        raise WriteError(f"{path.name} is read-only ({path}); make it writable to insert, or use --output; "
                         "nothing was changed")


def _same(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _size_of(path: Path) -> int | None:
    with contextlib.suppress(OSError):
        return path.stat().st_size or None
    return None


def verify_as(verify: Callable[[Path], None], temp: Path, target: Path) -> None:
    """Run `verify`; an error it raises names the user's file, not the temporary one."""
    try:
        verify(temp)
    except DisclosureLintError as exc:
        text = str(exc)
        if str(temp) in text or temp.name in text:
            renamed = type(exc)(text.replace(str(temp), str(target)).replace(temp.name, target.name))
            raise renamed.with_traceback(exc.__traceback__) from exc.__cause__
        raise


def _hold(temp: Path) -> int | None:
    """Mark the temporary file as in use until the write is over (an advisory lock on a
    descriptor of its own, released when it is closed or the process ends), so that another
    run's `remove_stale_temps` leaves it alone. The descriptor, to close; None without locks."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        fd = os.open(temp, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


@contextlib.contextmanager
def _folder_locked(folder: Path) -> Iterator[None]:
    """An exclusive advisory lock on the folder for the compare-and-rename (POSIX; elsewhere, and
    where a folder cannot be opened, nothing)."""
    try:
        import fcntl

        fd = os.open(folder, os.O_RDONLY)
    except (ImportError, OSError):
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _in_use(path: str) -> bool:
    try:
        import fcntl
    except ImportError:  # no advisory locks (Windows): an open file cannot be removed there anyway
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove temporary files a killed run left beside `target` (`.NAME.XXXXXXXX.tmp`).

    A process killed between creating its temporary file and the rename (SIGKILL, power loss)
    cannot clean up; the next write of the same file does. Only names `write_atomic` makes are
    touched, and only when no live run holds them (its lock goes with its process): a
    concurrent insert of the same file keeps its temporary file and then finds the original
    changed, and says so.
    """
    removed: list[Path] = []
    prefix = f".{target.name}."
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if (name.startswith(prefix) and name.endswith(".tmp") and len(name) == len(prefix) + 8 + 4
                and entry.is_file(follow_symlinks=False) and not _in_use(entry.path)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


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
