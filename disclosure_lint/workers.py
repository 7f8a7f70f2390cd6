"""A pool of worker processes that outlives its workers: one that dies costs its one task.

`check --jobs N` maps one function over the books in N processes. `concurrent.futures`'
process pool breaks as a whole when a worker dies (the kernel's out-of-memory killer, a
SIGKILL): every book still queued fails with it, and which book killed it is unknown. Here each
worker holds one task at a time, so a worker that dies names its book: that task becomes a
`Death` with the reason in a writer's words, a new worker takes the dead one's place, and the
other tasks go on. The same approach as `audit`'s guard (`audit/guard.py`), which in addition
bounds each child's time and memory; a check has no time limit to enforce.

`TEST_FAULTS_ENV` is for the tests of this (tests/test_faults.py), like audit's: `kill:NAME`
makes the worker kill itself with SIGKILL, `memory:NAME` allocate without end, when it is given
the book whose file name is NAME. Unset, as it always is outside the tests, it costs one look-up
of the environment per book.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from .errors import TEST_FAULTS_ENV

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")
R = TypeVar("R")


class Death(NamedTuple):
    """A task whose worker died before it answered."""

    #: Why, in a writer's words: "the checker ran out of memory on this book", "the checker was
    #: killed (signal SIGKILL) while reading this book".
    reason: str


def inject_fault(name: str, env: str = TEST_FAULTS_ENV) -> None:
    """Test-only: misbehave as `env` asks for the book named `name` (see the module docstring)."""
    faults = os.environ.get(env)
    if not faults:
        return
    for item in faults.split(","):
        kind, _, target = item.partition(":")
        if target != name:
            continue
        if kind == "hang":
            while True:
                time.sleep(3600)
        elif kind == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif kind == "memory":
            hog = []
            while True:
                hog.append(bytearray(64 << 20))


def _watch_parent(parent: int) -> None:
    """Exit when the parent is gone (killed): a forked sibling may hold our pipe open, so its end
    alone would not tell us."""
    import threading

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _serve(conn: Connection, function: Callable[[Any], Any], parent: int) -> None:
    """A worker: run `function` on each task received until told to stop (None) or orphaned."""
    _watch_parent(parent)
    with contextlib.suppress(EOFError, OSError, KeyboardInterrupt):
        while True:
            task = conn.recv()
            if task is None:
                return
            try:
                conn.send((True, function(task)))
            except Exception as exc:  # an error the caller stops on (a bad config, --debug)
                conn.send((False, exc))


class _Worker(Generic[T]):
    def __init__(self, context: Any, function: Callable[[T], Any]) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, function, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _oom_kills() -> int | None:
    """How many processes the kernel's out-of-memory killer has stopped in this cgroup (Linux
    cgroup v2 `memory.events`), or None where that is not known."""
    try:
        with open("/proc/self/cgroup", encoding="utf-8") as fh:
            line = next((ln for ln in fh if ln.startswith("0::")), None)
        if line is None:
            return None
        events = Path("/sys/fs/cgroup") / line[3:].strip().lstrip("/") / "memory.events"
        for row in events.read_text("utf-8").splitlines():
            key, _, value = row.partition(" ")
            if key == "oom_kill":
                return int(value)
    except (OSError, ValueError):
        return None
    return None


def death_reason(exitcode: int | None, oom_before: int | None) -> str:
    """Why a worker died, in a writer's words."""
    if exitcode is not None and exitcode < 0:
        with contextlib.suppress(ValueError):
            name = signal.Signals(-exitcode).name
            if name == "SIGKILL":
                after = _oom_kills()
                if oom_before is not None and after is not None and after > oom_before:
                    return "the checker ran out of memory on this book (the system stopped it)"
            return f"the checker was killed (signal {name}) while reading this book"
        return f"the checker was killed (signal {-exitcode}) while reading this book"
    return f"the checker stopped (exit code {exitcode}) while reading this book"


def run_pool(function: Callable[[T], R], tasks: Sequence[T], jobs: int,
             on_done: Callable[[], None] | None = None) -> list[R | Death]:
    """`function` over `tasks` in `jobs` processes, results in the order of the tasks; a task
    whose worker died is a `Death`, and a new worker takes its place. An exception `function`
    raises (not returns) stops the run and is raised here."""
    results: dict[int, R | Death] = {}
    for index, outcome in _pooled(function, tasks, jobs):
        results[index] = outcome
        if on_done is not None:
            on_done()
    return [results[i] for i in range(len(tasks))]


def _pooled(function: Callable[[T], R], tasks: Sequence[T], jobs: int) -> Iterator[tuple[int, R | Death]]:
    # Imported here: a check of one book (which calls `inject_fault`) never pays for them.
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context()
    oom_before = _oom_kills()
    queue = list(range(len(tasks)))[::-1]
    workers: list[_Worker[T]] = []
    try:
        for _ in range(min(jobs, len(tasks))):
            workers.append(_Worker(context, function))
        for worker in workers:
            _give(worker, tasks, queue)
        while any(w.index is not None for w in workers):
            busy = [w for w in workers if w.index is not None]
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for worker in busy:
                if worker.conn not in ready and worker.process.sentinel not in ready:
                    continue
                index = worker.index
                assert index is not None
                worker.index = None
                try:
                    ok, value = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join()
                    yield index, Death(death_reason(worker.process.exitcode, oom_before))
                    worker.conn.close()
                    replacement = _Worker(context, function)
                    workers[workers.index(worker)] = replacement
                    _give(replacement, tasks, queue)
                    continue
                if not ok:
                    raise value
                yield index, value
                if not worker.process.is_alive():  # it answered, then died: not this task's doing
                    worker.process.join()
                    worker.conn.close()
                    worker = workers[workers.index(worker)] = _Worker(context, function)
                _give(worker, tasks, queue)
    finally:
        for worker in workers:
            worker.stop()


def _give(worker: _Worker[T], tasks: Sequence[T], queue: list[int]) -> None:
    if queue:
        worker.index = queue.pop()
        worker.conn.send(tasks[worker.index])
