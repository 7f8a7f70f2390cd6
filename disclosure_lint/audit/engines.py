"""The engines: the same guarded `audit_one` mapped over the books, here or on a Dask cluster.

- `run_local`: `jobs` child processes (`guard.Guard`), each auditing one book at a time with the
  next one already handed to it (`LOCAL_AHEAD`), driven from one loop that waits on all of them at
  once and on the nearest time limit.
- `run_dask`: `guard.guarded_batch` as Dask tasks, on the cluster at `scheduler` or on a LocalCluster
  started and stopped here (see `_local_cluster`). A task is a batch of up to `DASK_BATCH` books
  (fewer when there are few books for the workers, and the last ones smaller: `_batches`), so
  that the scheduler's cost per task is shared; at most a few tasks per worker are submitted
  ahead, so a million books never become a million futures at once.

A task is a book's path and the SHA-256 of the row it already has (None: none): a book whose
bytes still have that hash is skipped by its worker. Both engines call `on_done(path, row)` in
the caller's thread as each book finishes, in the order they finish (`row` None: skipped).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import importlib
import importlib.util
import logging
import os
import select
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..errors import UsageError
from .guard import Guard, close_guards, guarded_batch, pack, spare_guard, start_guards
from .schema import AuditRow
from .work import AuditOptions, is_url, unreadable

#: The most books in one Dask task. The scheduler, the worker and the client spend about 12 ms of
#: CPU in the audit process on each task, whatever it holds (a LocalCluster on 2 CPUs, README "The
#: audit benchmark"): on 2,000 books, batches of 16 cost 2.4 CPU-seconds there, of 32 1.6, of 64
#: 1.2, where the local engine spends 0.5. A killed run loses the books of the running tasks.
DASK_BATCH = 64
#: The most bytes of books in one Dask task (a book larger than this is a task of its own): a
#: batch of big books takes long, and its rows come back, and are lost to a kill, together.
DASK_BATCH_BYTES = 8 << 20
#: Books handed to a local engine's child at once: the one it audits and the next, which it starts
#: as soon as it has written the row before, without waiting for this process (`guard.Guard`).
#: One more only: a book handed to a child waits for it, even when another child is free.
LOCAL_AHEAD = 2
DASK_EXTRA = "the dask engine needs dask.distributed: pip install 'disclosure-lint[dask]'"

Task = tuple[str, str | None]
OnDone = Callable[[str, AuditRow | None], None]


def run_local(tasks: Sequence[Task], options: AuditOptions, *, jobs: int, timeout: float, memory: int,
              on_done: OnDone) -> None:
    """Audit the books in `jobs` guarded child processes."""
    pending = iter(tasks)
    guards = [spare_guard(options, timeout, memory) or Guard(options, timeout, memory)
              for _ in range(max(1, min(jobs, len(tasks))))]

    def fill(guard: Guard) -> None:
        while len(guard.queue) < LOCAL_AHEAD:
            task = next(pending, None)
            if task is None:
                return
            guard.submit(*task)

    try:
        for guard in guards:
            fill(guard)
        while busy := [g for g in guards if g.queue]:
            wait = max(0.0, min(g.deadline for g in busy) - time.monotonic())
            ready, _, _ = select.select(busy, [], [], wait)
            now = time.monotonic()
            done = [(g, g.path or "", g.receive()) for g in ready]
            done += [(g, g.path or "", g.expire()) for g in busy if g not in ready and g.deadline <= now]
            for guard, path, row in done:
                on_done(path, row)
                fill(guard)
    finally:
        for guard in guards:
            guard.close()


def dask_available() -> bool:
    """Whether dask.distributed is installed: found, not imported (`run_dask` imports it while
    the guarded children start)."""
    try:
        return all(importlib.util.find_spec(name) is not None for name in ("dask", "distributed"))
    except (ImportError, ValueError):
        return False


def run_dask(tasks: Sequence[Task], options: AuditOptions, *, jobs: int, timeout: float, memory: int,
             on_done: OnDone, scheduler: str | None = None, on_ready: Callable[[], None] | None = None,
             sizes: Sequence[int] | None = None) -> None:
    """Audit the books as Dask tasks, on `scheduler` or on a LocalCluster of `jobs` workers.
    `on_ready` is called once the cluster is there and before the first book is handed out: a
    run that cannot import Dask or reach the scheduler stops before it, having done nothing.
    `sizes`: the books' sizes in bytes, for the batches (`_batches`)."""
    local_workers = max(1, min(jobs, len(tasks)))
    with contextlib.ExitStack() as stack:
        if scheduler is None:
            # The LocalCluster's worker threads drive guarded children of this process: started
            # now, they start their Pythons while this one imports dask.distributed and starts the
            # cluster (about 0.4 s), instead of after. Stopped on the way out, whatever happens.
            stack.callback(close_guards)
            start_guards(options, timeout, memory, local_workers)
        try:
            # Any: dask.distributed has no type hints for these.
            distributed: Any = importlib.import_module("dask.distributed")
        except ImportError:
            raise UsageError(DASK_EXTRA) from None
        # What importing it made (modules, classes, tables: some 50,000 objects the collector
        # tracks) lives as long as the process: kept out of the garbage collector's passes
        # (`gc.freeze`, after one collection), which walked them all at every full collection and
        # once more as the process ended (0.06 s of a run's wall time).
        gc.collect()
        gc.freeze()
        Client, LocalCluster, as_completed = distributed.Client, distributed.LocalCluster, distributed.as_completed
        if scheduler is not None:
            try:
                client = stack.enter_context(Client(scheduler, timeout="10s"))
            except (OSError, TimeoutError) as exc:
                raise UsageError(f"--scheduler {scheduler}: cannot reach the Dask scheduler: {exc}") from exc
        else:
            cluster = stack.enter_context(_local_cluster(LocalCluster, local_workers))
            # Stopped before the cluster is too: a worker thread waiting on its child's pipe
            # is let go by the child's end.
            stack.callback(close_guards)
            client = stack.enter_context(Client(cluster))
        if on_ready is not None:
            on_ready()
        workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        # Workers elsewhere do not share this working folder: local paths go to them absolute,
        # and the rows say the path as it was named. The LocalCluster's workers are here.
        named = {_for_workers(path): path for path, _ in tasks} if scheduler is not None else None
        queue = _batches(tasks if named is None else [(_for_workers(path), known) for path, known in tasks],
                         workers, sizes)
        shared: Any = client.scatter(options, broadcast=True)
        futures: dict[str, list[str]] = {}

        def submit() -> Any | None:
            books = next(queue, None)
            if books is None:
                return None
            # The books as one string (`pack`): Dask looks for futures in a task's arguments, in
            # every list and tuple, and a batch of 16 (path, hash) pairs was 17 of them to search
            # on each side. fifo_timeout=0: each task after the ones before it (Dask's default puts
            # tasks submitted within 100 ms of each other in any order), so the last, small
            # batches run last.
            future = client.submit(guarded_batch, pack(books), shared, timeout, memory, pure=False, retries=0,
                                   fifo_timeout=0)
            futures[future.key] = [path for path, _ in books]
            return future

        first = [f for f in (submit() for _ in range(4 * workers)) if f is not None]
        running = as_completed(first)
        for future in running:
            paths = futures.pop(future.key)
            try:
                rows: list[AuditRow | None] = future.result()
            except Exception as exc:  # the task's worker died too often (KilledWorker) ...
                rows = [unreadable(path, f"{path}: the Dask task failed: {type(exc).__name__}: {exc}", options)
                        for path in paths]
            future.release()
            for path, row in zip(paths, rows, strict=True):
                if named is not None:
                    path = named[path]
                    if row is not None and row.path != path:
                        row = dataclasses.replace(row, path=path)
                on_done(path, row)
            following = submit()
            if following is not None:
                running.add(following)


def _batches(books: Sequence[Task], workers: int, sizes: Sequence[int] | None = None) -> Iterator[list[Task]]:
    """The books in tasks of up to `DASK_BATCH` books (fewer when there are few books for the
    workers) and, with their `sizes`, up to `DASK_BATCH_BYTES` (a larger book alone), the last
    ones smaller: a batch is at most half of a worker's share of the books not yet handed out,
    and of their bytes, down to one book. The tasks run in the order they are submitted, so the
    small ones come last and fill the time one worker would otherwise wait, idle, for the
    other's last batch (on 2 workers, up to a whole batch).

    By bytes too, because books differ: among the benchmark's 2,000, most take a millisecond or
    two and a few a second or more; counted in books only, the last full batch held one of those
    and ran for 2.9 s, the last second of it with the other worker idle (README, "The audit
    benchmark")."""
    batch = max(1, min(DASK_BATCH, len(books) // (8 * workers)))
    weights = list(sizes) if sizes is not None else [0] * len(books)
    bytes_left = sum(weights)
    start = 0
    while start < len(books):
        most = min(batch, max(1, -(-(len(books) - start) // (2 * workers))))
        budget = min(DASK_BATCH_BYTES, bytes_left / (2 * workers))
        end, taken = start + 1, weights[start]
        while end < start + most and taken + weights[end] <= budget:
            taken += weights[end]
            end += 1
        yield list(books[start:end])
        bytes_left -= taken
        start = end


def _local_cluster(local_cluster: Any, workers: int) -> Any:
    """The LocalCluster of a run without `--scheduler`: `workers` single-threaded workers as
    threads of this process, with Dask's background work that serves no purpose here turned off.

    Threads, not processes: a worker's thread only hands books to its guarded child
    (`guard.guarded_batch`) and waits on a pipe, so it needs no process of its own to get a CPU or to
    be isolated (a book that hangs or crashes takes down its child, never the worker). A worker
    process per job cost a Python with dask.distributed imported, its own event loop, and a
    round trip over TCP per task: on the 2,000-book benchmark 5 to 10 CPU-seconds beside the
    books' 17 (more as the machine's load stretches the run), where every CPU-second the workers
    take is one the books do not get (README, "The audit benchmark").

    For these workers, read when they start (`dask.config.set` is left when the cluster is up,
    so a user's own Dask settings and clusters are untouched):

    - `distributed.worker.profile.enabled`: the statistical profiler samples each worker thread's
      stack every 10 ms; the stacks would only say "waiting on the guarded child".
    - `distributed.admin.tick.interval`: the event loop's health check, every 20 ms by default,
      is every second (it warns of a loop blocked for 3 s, which a second's tick still sees).
    - `memory_limit=0`: no memory monitor. The workers hold no data (a task's rows are released
      as soon as they are read), and with threads the process it would measure is this one,
      client and table included; a book's memory is bounded by its child's `--book-memory`.
    - `distributed.scheduler.worker-saturation` 1.0: a worker is given its next task when it
      finishes one, not while it still runs one. With Dask's 1.1, each worker held a second
      task, which waited behind a book that takes seconds (the corpus has some) while the other
      worker ran out of work, until work stealing moved it (1.4 s later, on a loaded machine).
      The gap between two tasks of a worker stayed the same, one to a few milliseconds.

    Idle, the cluster took 8.6% of a core as worker processes, 3.7% as threads with Dask's
    defaults, 0.5% as threads with these.
    """
    import dask

    with dask.config.set({"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
                          "distributed.scheduler.worker-saturation": 1.0}):
        # Its HTTP server (health, metrics) on a free port of this host: Dask's default, 8787,
        # warns on stderr when another cluster on the machine has it.
        return local_cluster(n_workers=workers, threads_per_worker=1, processes=False, memory_limit=0,
                             dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)


def _for_workers(path: str) -> str:
    return path if is_url(path) else os.path.abspath(path)
