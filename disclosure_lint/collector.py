"""Python's cyclic garbage collector held off while a book is read and checked.

A check makes tens of thousands of small containers that live until its report is made (a
record and a location for each paragraph, the lists of a walk, the analysis' sets) and almost
no reference cycle: on the 652 books of the development corpus, a collection after each book's
check finds 0 to 239 unreachable objects. Each of the collector's passes during a check walks
those young containers and frees nothing: about 9 ms of CPU of a cold check of *War and Peace*.

- `held_off` (the library: `api.lint`, `check_book`, `examine`, each book of `lint_many`; the
  language server and the audit's workers go through them): no pass while one book is read
  and checked, the collector on again after it, so that a process that checks many books never
  keeps a book's cyclic garbage past that book (its next pass collects it). That next pass
  walks all the book left alive: the modules its reading imported, the patterns it compiled.
- `hold_for_run` (the command line's `check`, in a process that ends when its books are
  checked: the console script, `python -m disclosure_lint`, which say so by `one_shot`): no pass
  at all, that last one included (7 ms after *War and Peace*, for nothing: the process
  then ends). Each book after the first starts with a collection of the young generations, which
  frees the previous book's cycles and moves what lives on out of the next one's way.

A caller that turned the collector off keeps it off.
"""

from __future__ import annotations

import gc
from types import TracebackType

#: The process ends when its command is done (`one_shot`).
_one_shot = False
#: The command line holds the collector off for its whole run (`hold_for_run`), and how many
#: books it has begun.
_run: list[int] | None = None
#: In a run held off, each book this many books after the last full collection begins with one
#: (the others with one of the young generations only): a full collection walks every object the
#: process holds, some 10 ms after the imports.
FULL_EVERY = 100


def one_shot() -> None:
    """Say that this process ends when its command is done (the console script's `launch.entry`;
    not a test or a program that calls the command line's `main` and goes on)."""
    global _one_shot
    _one_shot = True


def hold_for_run() -> None:
    """In a process that ends when its command is done (`one_shot`), the collector off until
    then, if it is on: each book after the first begins with a collection of the young
    generations (`held_off`). Elsewhere nothing: each book is held off alone."""
    global _run
    if _one_shot and _run is None and gc.isenabled():
        gc.disable()
        _run = [0]


class held_off:  # (lower case: a `with` statement's context, as `contextlib.suppress` is)
    """``with held_off():`` the collector makes no pass until the block is left (at its end or by
    an exception); it is on again after, if it was on before. In a run held off
    (`hold_for_run`), a book's check after the first begins with `gc.collect(1)` instead, or
    each `FULL_EVERY`th with `gc.collect()`."""

    __slots__ = ("was_on",)

    def __enter__(self) -> None:
        self.was_on = gc.isenabled()
        if self.was_on:
            gc.disable()
        elif _run is not None:
            if _run[0]:
                gc.collect(1 if _run[0] % FULL_EVERY else 2)
            _run[0] += 1

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.was_on:
            gc.enable()
