"""A worker that may hang or die: `audit_one` in a child process, with a time limit and a memory bound.

Both engines use it. The local engine drives several `Guard`s from one loop (`engines.run_local`);
under Dask each worker thread keeps one (`guarded`), so a book that hangs or kills its process
never takes a Dask worker (and the tasks queued on it) down with it.

The child is `python -m disclosure_lint.audit.guard BYTES`: it caps its own address space
(RLIMIT_AS, on systems that have it; an allocation past it raises MemoryError, which `audit_one`
turns into the book's error row), then reads pickled frames from stdin (the options, then one
path at a time) and writes one pickled row per path to stdout. A book past its time limit gets
its child killed (SIGKILL) and a new one started; a child that dies is replaced the same way.
A child whose parent is gone (stdin closed, or the parent killed) exits.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from typing import IO, Any

from .schema import AuditRow
from .work import AuditOptions, audit_changed, audit_one, unreadable

_HEADER = struct.Struct("!Q")


def _send(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    """The next frame; EOFError when the other side closed (or died) before a whole frame."""
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class Guard:
    """One child process auditing one book at a time."""

    def __init__(self, options: AuditOptions, timeout: float, memory: int) -> None:
        self.options = options
        self.timeout = timeout
        self.memory = memory
        self.path: str | None = None
        self.known: str | None = None
        self.deadline = 0.0
        self.started = 0.0
        self._child: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        child = subprocess.Popen([sys.executable, "-m", "disclosure_lint.audit.guard", str(self.memory)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert child.stdin is not None
        _send(child.stdin, self.options)
        return child

    @property
    def child(self) -> subprocess.Popen[bytes]:
        """The running child, started (again) if there is none."""
        if self._child is None or self._child.poll() is not None:
            self._child = self._start()
        return self._child

    def fits(self, options: AuditOptions, timeout: float, memory: int) -> bool:
        return self.options == options and self.timeout == timeout and self.memory == memory

    def fileno(self) -> int:
        """The child's stdout, for `select`: readable when a row (or the child's end) is there."""
        assert self._child is not None and self._child.stdout is not None
        return self._child.stdout.fileno()

    def submit(self, path: str, known: str | None = None) -> None:
        """Start on a book (skipped, if its SHA-256 is `known`: see `work.audit_changed`)."""
        child = self.child
        assert child.stdin is not None
        self.path = path
        self.started = time.monotonic()
        self.deadline = self.started + self.timeout
        # A child that died between two books: `receive` says so and the book gets an error row.
        with contextlib.suppress(OSError):
            _send(child.stdin, (path, known))

    def receive(self) -> AuditRow | None:
        """The row of the book in hand (call when `fileno` is readable): the child's (None: the
        book is unchanged), or an error row when the child died."""
        assert self._child is not None and self._child.stdout is not None and self.path is not None
        path, self.path = self.path, None
        try:
            row: AuditRow | None = _receive(self._child.stdout)
            return row
        except (EOFError, OSError, pickle.UnpicklingError):
            code = self._child.wait()
            self._child = None
            return unreadable(path, f"{path}: its worker died ({_death(code)}) while reading it", self.options,
                              time.monotonic() - self.started)

    def expire(self) -> AuditRow:
        """Kill the child of a book past its time limit; its error row."""
        assert self.path is not None
        path, self.path = self.path, None
        self.close()
        return unreadable(path, f"{path}: timed out after {self.timeout:g} s (--book-timeout)", self.options,
                          time.monotonic() - self.started)

    def run(self, path: str, known: str | None = None) -> AuditRow | None:
        """Audit one book and wait for its row (at most the time limit)."""
        self.submit(path, known)
        ready, _, _ = select.select([self], [], [], max(0.0, self.deadline - time.monotonic()))
        return self.receive() if ready else self.expire()

    def close(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        with contextlib.suppress(OSError):
            child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()

    def pid(self) -> int | None:
        return self._child.pid if self._child is not None else None


def _death(code: int) -> str:
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"signal {signal.Signals(-code).name}"
        return f"signal {-code}"
    return f"exit code {code}"


#: One guard per thread of a Dask worker (see `guarded`).
_GUARDS: dict[int, Guard] = {}
#: Guards started ahead of the first book (`start_guards`), for worker threads that have none yet.
_SPARE: list[Guard] = []
_SPARE_LOCK = threading.Lock()


def start_guards(options: AuditOptions, timeout: float, memory: int, count: int) -> None:
    """Start `count` guarded children now, for this process's Dask worker threads to take on their
    first book (`guarded`): the Dask engine calls it before it imports dask.distributed and starts
    its LocalCluster, so the children's own start (a Python, its imports, the options) runs
    meanwhile instead of after."""
    for _ in range(count):
        guard = Guard(options, timeout, memory)
        guard.child  # noqa: B018 (started here, not on the first book)
        with _SPARE_LOCK:
            _SPARE.append(guard)


def _spare(options: AuditOptions, timeout: float, memory: int) -> Guard | None:
    with _SPARE_LOCK:
        for n, guard in enumerate(_SPARE):
            if guard.fits(options, timeout, memory):
                return _SPARE.pop(n)
    return None


def guarded(path: str, known: str | None, options: AuditOptions, timeout: float, memory: int) -> AuditRow | None:
    """`audit_one` under a time limit and a memory bound, in a child of this process: the Dask
    engine's task. The child is kept for the next book of the same thread."""
    key = threading.get_ident()
    guard = _GUARDS.get(key)
    if guard is None or not guard.fits(options, timeout, memory):
        if guard is not None:
            guard.close()
        guard = _GUARDS[key] = _spare(options, timeout, memory) or Guard(options, timeout, memory)
    return guard.run(path, known)


def close_guards() -> None:
    """Stop the guarded children of this process's Dask worker threads (`guarded`), and those
    started ahead that no thread took (`start_guards`): a LocalCluster whose workers are threads
    of this process leaves them here when it stops."""
    while _GUARDS:
        _, guard = _GUARDS.popitem()
        guard.close()
    with _SPARE_LOCK:
        spare = list(_SPARE)
        _SPARE.clear()
    for guard in spare:
        guard.close()


def guarded_batch(tasks: list[tuple[str, str | None]], options: AuditOptions, timeout: float,
                  memory: int) -> list[AuditRow | None]:
    """`guarded` over a few books: one Dask task for several books, so that the scheduler's cost
    per task is shared (each book keeps its own time limit)."""
    return [guarded(path, known, options, timeout, memory) for path, known in tasks]


# --- the child ------------------------------------------------------------------------------------

def _bound_memory(limit: int) -> None:
    if limit <= 0:
        return
    try:
        import resource
    except ImportError:  # not on Windows: the time limit still holds
        return
    with contextlib.suppress(ValueError, OSError):
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _watch_parent() -> None:
    """Exit when the parent is gone, even in the middle of a book that never ends."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def child_main(argv: list[str]) -> int:
    # Rows go to the stdout we were given; anything else that prints goes to stderr instead.
    rows = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _watch_parent()
    _bound_memory(int(argv[0]) if argv else 0)
    books = sys.stdin.buffer
    try:
        options: AuditOptions = _receive(books)
        while True:
            path, known = _receive(books)
            _send(rows, audit_one(path, options) if known is None else audit_changed(path, options, known))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        return 0


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
