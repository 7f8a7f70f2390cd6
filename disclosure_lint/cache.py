"""Files kept beside the package's bytecode that spare the next run some work.

Python keeps compiled modules in ``__pycache__``; disclosure-lint keeps two things there the same
way: the compiled regular expressions (`patterns`) and the parsed lexicon (`analysis.lexicon`).
Each file starts with a header saying exactly what it was made from (the Python, the source
text); a file whose header does not match, or that cannot be read, is ignored, and a file that
cannot be written (a read-only install) is simply not written: the run is only slower. Like
bytecode, nothing is written when ``PYTHONDONTWRITEBYTECODE`` is set;
``DISCLOSURE_LINT_CACHE=0`` turns the cache off altogether.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import Any


def _folder() -> Path:
    """Where Python puts this package's bytecode: its ``__pycache__``, or under
    ``PYTHONPYCACHEPREFIX`` when that is set."""
    package = Path(__file__).resolve().parent
    if sys.pycache_prefix:
        return Path(sys.pycache_prefix, *package.parts[1:])
    return package / "__pycache__"


#: The cache folder (see `_folder`).
FOLDER = _folder()


def enabled() -> bool:
    return os.environ.get("DISCLOSURE_LINT_CACHE") != "0"


def path(name: str) -> Path:
    return FOLDER / f"{name}.{sys.implementation.cache_tag or 'python'}.cache"


def load(name: str, header: tuple[Any, ...]) -> Any | None:
    """The value stored under `name` with exactly this header, or None."""
    if not enabled():
        return None
    try:
        stored_header, value = marshal.loads(path(name).read_bytes())
    except Exception:  # no file yet, a damaged file, another Python's format: none
        return None
    return value if stored_header == header else None


def store(name: str, header: tuple[Any, ...], value: Any) -> None:
    """Write `value` under `name` atomically; quietly nothing when it cannot or must not be."""
    if not enabled() or sys.dont_write_bytecode:
        return
    target = path(name)
    temp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        data = marshal.dumps((header, value))
        target.parent.mkdir(exist_ok=True)
        temp.write_bytes(data)
        os.replace(temp, target)
    except (OSError, ValueError):  # read-only, or a value marshal cannot hold
        temp.unlink(missing_ok=True)
