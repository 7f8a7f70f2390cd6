"""`python -m benchmarks audit`: a catalogue audit with the local engine and with Dask (issue 18).

    python -m benchmarks audit                 # 2,000 books, 2 workers
    python -m benchmarks audit --books 400 --jobs 2
    python -m benchmarks audit --runs 3        # three rounds, local and dask alternating

The books are variants of the development corpus (`../shared/corpus/real/`: EPUB, DOCX and
Markdown files under 2 MB), copied round-robin into ``benchmarks/.data/audit/`` with a mark of
their own (a ZIP comment, a Markdown comment), so that every book has its own SHA-256 and none is
skipped as already audited. The corpus is for development only: the benchmark needs it, the tests
do not.

Measured, each as its own `disclosure-lint audit` process with `--force` (wall time, the cluster's
start and stop included): `--engine local` and `--engine dask` (a LocalCluster of the same
number of workers). The floor they are judged against: the sum of the single-book times divided
by the workers. A book's single-book time is the `seconds` of its row in a serial pass, an
`audit --engine local --jobs 1` of every book (one guarded child, as the engines' children are,
auditing one book after another with nothing else of the benchmark running); every round starts
with such a pass, so a shift of the machine's load between rounds reaches the floor as it reaches
the engines, and each book's time is the median of its times over the passes. The sum measured
in this process, as earlier versions of the benchmark did (every book once, after one book to
warm up), is printed beside it. CPU
time (user + system, of the `audit` process and the processes it waited for) is reported too: on
a machine shared with other work, books per CPU-second compare the engines where wall time cannot. Peak
memory per worker: the largest resident set of any worker process (the guarded child that audits
the books, of either engine), sampled every 0.2 s with psutil; beside it, the `audit` process's
own (the Dask LocalCluster's scheduler and worker threads live there, with the client).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
DATA = Path(__file__).resolve().parent / ".data" / "audit"
MAX_BYTES = 2 << 20
_VERSION = "1"


def corpus_files() -> list[Path]:
    found = []
    for suffix in ("epub", "docx"):
        found += sorted(p for p in (CORPUS / suffix).rglob(f"*.{suffix}") if p.is_file() and p.stat().st_size < MAX_BYTES)
    for folder in ("se", "single"):
        found += sorted(p for p in (CORPUS / "md" / folder).rglob("*.md")
                        if 2048 < p.stat().st_size < MAX_BYTES)
    return found


def build(count: int) -> list[Path]:
    """`count` books, variants of the corpus files, in DATA/books (rebuilt when missing)."""
    folder = DATA / "books"
    stamp = DATA / f"stamp-{_VERSION}-{count}"
    sources = corpus_files()
    if not sources:
        raise SystemExit(f"no corpus at {CORPUS}: the audit benchmark needs ../shared/corpus")
    books = [folder / f"{n:05d}-{sources[n % len(sources)].name}" for n in range(count)]
    if stamp.exists() and all(b.exists() for b in books):
        return books
    shutil.rmtree(DATA, ignore_errors=True)
    folder.mkdir(parents=True)
    for n, book in enumerate(books):
        source = sources[n % len(sources)]
        shutil.copyfile(source, book)
        if book.suffix == ".md":
            with book.open("a", encoding="utf-8") as f:
                f.write(f"\n<!-- variant {n} -->\n")
        else:
            try:
                with zipfile.ZipFile(book, "a") as archive:
                    archive.comment = f"variant {n}".encode()
            except (zipfile.BadZipFile, OSError):
                with book.open("ab") as f:  # not a ZIP at all (a broken fixture): still its own bytes
                    f.write(f"variant {n}".encode())
    stamp.write_text("ok", "utf-8")
    return books


class PeakMemory:
    """The largest RSS of any descendant process (a worker), and of the process itself, sampled
    in a thread."""

    def __init__(self, pid: int) -> None:
        import psutil

        self._root = psutil.Process(pid)
        self.peak = 0
        self.own = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        while not self._stop.wait(0.2):
            try:
                children = self._root.children(recursive=True)
                self.own = max(self.own, self._root.memory_info().rss)
            except psutil.Error:
                return
            for child in children:
                with contextlib.suppress(psutil.Error):
                    self.peak = max(self.peak, child.memory_info().rss)

    def stop(self) -> tuple[float, float]:
        """(peak worker MiB, peak MiB of the process itself)."""
        self._stop.set()
        self._thread.join()
        return self.peak / (1 << 20), self.own / (1 << 20)


def audit(listing: Path, output: Path, engine: str, jobs: int) -> tuple[float, tuple[float, float], int, float]:
    """(wall seconds, (peak worker MiB, peak MiB of the `audit` process), rows, CPU seconds of the
    process and the workers it waited for) of one `audit` process."""
    command = [sys.executable, "-m", "disclosure_lint", "audit", "--from", str(listing), "--output", str(output),
               "--engine", engine, "--jobs", str(jobs), "--force", "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "CI": "true"})
    memory = PeakMemory(process.pid)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = code = os.waitstatus_to_exitcode(status)
    peak = memory.stop()
    if code != 0:
        raise SystemExit(f"audit --engine {engine} exited {code}")
    rows = sum(1 for _ in output.open(encoding="utf-8"))
    return wall, peak, rows, usage.ru_utime + usage.ru_stime


def single_book_times(listing: Path) -> dict[str, float]:
    """Every book's single-book time, from a serial pass: `audit --engine local --jobs 1`, whose
    one guarded child audits the books one after another; a book's time is its row's `seconds`
    (the child's clock around that book's audit: hashing, reading, checking).

    Every book, not a sample: the books are the corpus's files round-robin, so every tenth book is
    a tenth of the corpus's files only (the same ones over and over), and on this corpus such a
    sample put the sum at 60% of what the books cost.
    """
    output = DATA / "serial.jsonl"
    audit(listing, output, "local", 1)
    with output.open(encoding="utf-8") as rows:
        return {row["path"]: float(row["seconds"]) for row in map(json.loads, rows)}


def in_process_seconds(books: Sequence[Path]) -> float:
    """The sum of single-book audit times measured as earlier versions of this benchmark did:
    every book, one after another, in this process, after one book to warm up."""
    from disclosure_lint.audit.work import AuditOptions, audit_one
    from disclosure_lint.config import Config

    options = AuditOptions(Config())
    audit_one(str(books[0]), options)  # imports and the pattern cache, once
    total = 0.0
    for book in books:
        started = time.perf_counter()
        audit_one(str(book), options)
        total += time.perf_counter() - started
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks audit")
    parser.add_argument("--books", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", type=int, default=1,
                        help="rounds of a serial pass (the floor), local, then dask (a shared machine's load shifts)")
    args = parser.parse_args(argv)
    books = build(args.books)
    listing = DATA / "books.txt"
    listing.write_text("".join(f"{b}\n" for b in books), "utf-8")
    in_process = in_process_seconds(books)
    rounds = []
    passes: list[dict[str, float]] = []
    loads = []
    for _ in range(max(1, args.runs)):
        passes.append(single_book_times(listing))
        rounds.append({engine: audit(listing, DATA / f"{engine}.jsonl", engine, args.jobs)
                       for engine in ("local", "dask")})
        loads.append(os.getloadavg()[0])
    if any(set(times) != set(passes[0]) or len(times) != len(books) for times in passes):
        raise SystemExit("a serial pass did not give one row per book")
    serial = sum(statistics.median(times[path] for times in passes) for path in passes[0])
    floor = serial / args.jobs
    print(f"{len(books)} books ({sum(b.stat().st_size for b in books) / (1 << 20):.0f} MiB), {args.jobs} workers, "
          f"{os.cpu_count()} CPUs; single-book times add up to {serial:.1f} s (each book's median over "
          f"{len(passes)} serial pass{'es' if len(passes) > 1 else ''}: "
          f"{', '.join(f'{sum(times.values()):.1f}' for times in passes)} s), so the floor is {floor:.1f} s; "
          f"measured in this process they add up to {in_process:.1f} s\n")
    print("| engine | wall (s) | books/s | vs local | vs floor | CPU (s) | books per CPU-s | peak RSS per worker (MiB) "
          "| peak RSS of `audit` (MiB) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for results in rounds:
        local_rate = results["local"][2] / results["local"][0]
        for engine, (wall, (peak, own), rows, cpu) in results.items():
            rate = rows / wall
            print(f"| {engine} | {wall:.1f} | {rate:.1f} | {rate / local_rate:.2f} | {floor / wall:.0%} | {cpu:.1f} | "
                  f"{rows / cpu:.1f} | {peak:.0f} | {own:.0f} |")
    print(f"\nload average after each round: {', '.join(f'{load:.1f}' for load in loads)} (1 min) "
          f"on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
