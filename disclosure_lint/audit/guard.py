"""A worker that may hang or die: `audit_one` in a child process, with a time limit and a memory bound.

Both engines use it. The local engine drives several `Guard`s from one loop (`engines.run_local`);
under Dask each worker thread keeps one (`guarded_batch`), so a book that hangs or kills its process
never takes a Dask worker (and the tasks queued on it) down with it.

The child is `python -m disclosure_lint.audit.guard BYTES`: it caps its own address space
(RLIMIT_AS, on systems that have it; an allocation past it raises MemoryError, which `audit_one`
turns into the book's error row), then reads pickled frames from stdin (the options, then one
path at a time) and writes one pickled row per path to stdout. A book past its time limit gets
its child killed (SIGKILL) and a new one started; a child that dies is replaced the same way.
A child whose parent is gone (stdin closed, or the parent killed) exits.

A guard may hand its child the next books before the row of the one in hand has come back
(`submit` queues them; the child reads them one after another): the child then goes from one
book to the next without waiting for this process to read a row, write it and answer with a
path. Most books of a catalogue take a millisecond or two, and that wait was a tenth of a
millisecond (the local engine) to a millisecond (a Dask worker thread, waiting for the audit
process's other threads to let it run) per book. Only the first book of the queue is being
audited; its time limit runs from when the row before it came back (or from its `submit`), and
when it times out or kills its child, the books behind it go to the new child.
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
from collections import deque
from collections.abc import Iterable
from typing import IO, Any

from .schema import AuditRow
from .work import AuditOptions, audit_changed, audit_one, unreadable

_HEADER = struct.Struct("!Q")
#: The most books `Guard.run_all` hands a child before their rows come back: their paths must fit
#: in the pipe to the child with room to spare (64 KiB on Linux), or this process could wait to
#: write one while the child waits to write a row this process has not read.
AHEAD = 16


def _send(stream: IO[bytes], value: Any) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    data = memoryview(_HEADER.pack(len(payload)) + payload)
    while data:  # an unbuffered pipe may take part of it
        data = data[stream.write(data) or 0:]
    stream.flush()


def _read(stream: IO[bytes], size: int) -> bytes:
    """`size` bytes, or fewer at the end of the stream (an unbuffered pipe gives what it has)."""
    data = stream.read(size)
    while data and len(data) < size:
        more = stream.read(size - len(data))
        if not more:
            break
        data += more
    return data


def _receive(stream: IO[bytes]) -> Any:
    """The next frame; EOFError when the other side closed (or died) before a whole frame."""
    head = _read(stream, _HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(head)
    data = _read(stream, size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class Guard:
    """One child process auditing books one at a time, with the next ones queued (`submit`)."""

    def __init__(self, options: AuditOptions, timeout: float, memory: int) -> None:
        self.options = options
        self.timeout = timeout
        self.memory = memory
        #: The books handed to the child whose rows have not come back: the first is in hand.
        self.queue: deque[tuple[str, str | None]] = deque()
        self.deadline = 0.0
        self.started = 0.0
        self._child: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        # Unbuffered: `select` on the pipe must see every row this process has not read yet
        # (a buffered reader could hold the next row while the pipe is empty).
        child = subprocess.Popen([sys.executable, "-m", "disclosure_lint.audit.guard", str(self.memory)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        assert child.stdin is not None
        _send(child.stdin, self.options)
        return child

    @property
    def child(self) -> subprocess.Popen[bytes]:
        """The running child, started (again) if there is none."""
        if self._child is None or self._child.poll() is not None:
            self._child = self._start()
        return self._child

    @property
    def path(self) -> str | None:
        """The book in hand (None: none)."""
        return self.queue[0][0] if self.queue else None

    def fits(self, options: AuditOptions, timeout: float, memory: int) -> bool:
        return self.options == options and self.timeout == timeout and self.memory == memory

    def fileno(self) -> int:
        """The child's stdout, for `select`: readable when a row (or the child's end) is there."""
        assert self._child is not None and self._child.stdout is not None
        return self._child.stdout.fileno()

    def submit(self, path: str, known: str | None = None) -> None:
        """Hand the child a book (skipped, if its SHA-256 is `known`: see `work.audit_changed`),
        after those it has: it starts on it when their rows are written."""
        if self.queue:
            # Behind the book in hand, to the same child, even one that has just died: the row
            # it owes says so (`receive`), and then these books go to the new one.
            child = self._child
            assert child is not None
        else:
            child = self.child
            self._begin()
        assert child.stdin is not None
        self.queue.append((path, known))
        # A child that died between two books: `receive` says so and the book gets an error row.
        with contextlib.suppress(OSError):
            _send(child.stdin, (path, known))

    def _begin(self) -> None:
        self.started = time.monotonic()
        self.deadline = self.started + self.timeout

    def _next(self) -> None:
        """The row of the book in hand is in: the next one's clock starts; a child that is gone
        gets a new one, handed the books the old one had not started."""
        if self._child is None:
            books, self.queue = list(self.queue), deque()
            for book in books:
                self.submit(*book)
        elif self.queue:
            self._begin()

    def receive(self) -> AuditRow | None:
        """The row of the book in hand (call when `fileno` is readable): the child's (None: the
        book is unchanged), or an error row when the child died."""
        assert self._child is not None and self._child.stdout is not None and self.queue
        path, _ = self.queue.popleft()
        try:
            row: AuditRow | None = _receive(self._child.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            code = self._child.wait()
            self._close_child()
            row = unreadable(path, f"{path}: its worker died ({_death(code)}) while reading it", self.options,
                             time.monotonic() - self.started)
        self._next()
        return row

    def expire(self) -> AuditRow:
        """Kill the child of a book past its time limit; its error row."""
        path, _ = self.queue.popleft()
        self._close_child()
        row = unreadable(path, f"{path}: timed out after {self.timeout:g} s (--book-timeout)", self.options,
                         time.monotonic() - self.started)
        self._next()
        return row

    def wait(self) -> AuditRow | None:
        """The row of the book in hand, waiting for it at most until its time limit."""
        ready, _, _ = select.select([self], [], [], max(0.0, self.deadline - time.monotonic()))
        return self.receive() if ready else self.expire()

    def run_all(self, books: Iterable[tuple[str, str | None]]) -> list[AuditRow | None]:
        """Audit the books one after another, up to `AHEAD` handed to the child at a time; their
        rows in order."""
        pending = iter(books)
        rows: list[AuditRow | None] = []
        while True:
            while len(self.queue) < AHEAD and (book := next(pending, None)) is not None:
                self.submit(*book)
            if not self.queue:
                return rows
            rows.append(self.wait())

    def close(self) -> None:
        """Stop the child; books queued for it are dropped."""
        self.queue.clear()
        self._close_child()

    def _close_child(self) -> None:
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


#: One guard per thread of a Dask worker (see `guarded_batch`).
_GUARDS: dict[int, Guard] = {}
#: Guards started ahead of the first book (`start_guards`), for worker threads that have none yet.
_SPARE: list[Guard] = []
_SPARE_LOCK = threading.Lock()


def start_guards(options: AuditOptions, timeout: float, memory: int, count: int) -> None:
    """Have `count` guarded children started now (those already started count), for the engines
    to take on their first book (`spare_guard`): the CLI starts them before it looks for the
    books, and the Dask engine before it imports dask.distributed and starts its LocalCluster,
    so the children's own start (a Python, its imports, the options) runs meanwhile instead of
    after."""
    with _SPARE_LOCK:
        count -= sum(guard.fits(options, timeout, memory) for guard in _SPARE)
    for _ in range(count):
        guard = Guard(options, timeout, memory)
        guard.child  # noqa: B018 (started here, not on the first book)
        with _SPARE_LOCK:
            _SPARE.append(guard)


def spare_guard(options: AuditOptions, timeout: float, memory: int) -> Guard | None:
    """A child started ahead (`start_guards`) for these settings, taken; None: none is left."""
    with _SPARE_LOCK:
        for n, guard in enumerate(_SPARE):
            if guard.fits(options, timeout, memory):
                return _SPARE.pop(n)
    return None


def _thread_guard(options: AuditOptions, timeout: float, memory: int) -> Guard:
    """This thread's guard (the one started ahead, for a thread that has none yet)."""
    key = threading.get_ident()
    guard = _GUARDS.get(key)
    if guard is None or not guard.fits(options, timeout, memory):
        if guard is not None:
            guard.close()
        guard = _GUARDS[key] = spare_guard(options, timeout, memory) or Guard(options, timeout, memory)
    return guard


def close_guards() -> None:
    """Stop the guarded children of this process's Dask worker threads (`guarded_batch`), and those
    started ahead that no engine took (`start_guards`): a LocalCluster whose workers are threads
    of this process leaves them here when it stops."""
    while _GUARDS:
        _, guard = _GUARDS.popitem()
        guard.close()
    with _SPARE_LOCK:
        spare = list(_SPARE)
        _SPARE.clear()
    for guard in spare:
        guard.close()


def pack(tasks: list[tuple[str, str | None]]) -> str:
    """Books and their known hashes as one string for `guarded_batch`: NUL between the items,
    which no path or URL holds (an empty hash: none)."""
    return "\0".join(item for path, known in tasks for item in (path, known or ""))


def unpack(packed: str) -> list[tuple[str, str | None]]:
    items = packed.split("\0")
    return [(items[n], items[n + 1] or None) for n in range(0, len(items) - 1, 2)]


def guarded_batch(packed: str, options: AuditOptions, timeout: float, memory: int) -> list[AuditRow | None]:
    """`guarded` over a few books (`pack`ed), the Dask engine's task: one task for several books,
    so that the scheduler's cost per task is shared. The child is handed them ahead of their rows
    (`Guard.run_all`: it goes from one to the next without waiting for this thread); each keeps
    its own time limit."""
    return _thread_guard(options, timeout, memory).run_all(unpack(packed))


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
