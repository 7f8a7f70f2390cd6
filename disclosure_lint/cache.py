"""Files kept beside the package's bytecode that spare the next run some work.

Python keeps compiled modules in ``__pycache__``; disclosure-lint keeps two things there the same
way: the compiled regular expressions (`patterns`) and the parsed lexicon (`analysis.lexicon`).
A file holds a header saying exactly what its value was made from (the Python, the source text),
the value's bytes, and a digest of those bytes. A file whose header does not match, whose digest
does not match its bytes, or that cannot be read is ignored (the caller then does the work again
and stores the result over it); a file that cannot be written (a read-only install) is simply
not written: the run is only slower. Like bytecode, nothing is written when
``PYTHONDONTWRITEBYTECODE`` is set; ``DISCLOSURE_LINT_CACHE=0`` turns the cache off altogether.

The digest catches damage (a truncated or partly overwritten file, a file from another program
under the same name), not a deliberate forgery: whoever can write ``__pycache__`` can as well
write the bytecode Python runs from it. So it is a CRC-32 with the length, what zip and gzip
check their members with, not a cryptographic hash: a warm run reads some 500 kB of these files,
and BLAKE2 over them cost 8 M instructions, CRC-32 2 M.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import Any
from zlib import crc32

#: Changes when the layout of a cache file changes; a file of another layout is ignored.
FORMAT = "disclosure-lint cache 3"


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


def digest(data: bytes) -> bytes:
    """The digest stored with cached bytes (and with each compiled pattern, see `patterns`)."""
    return crc32(data).to_bytes(4, "big") + len(data).to_bytes(8, "big")


def load(name: str, header: tuple[Any, ...]) -> Any | None:
    """The value stored under `name` with exactly this header and an intact digest, or None."""
    if not enabled():
        return None
    try:
        layout, stored_header, stored_digest, payload = marshal.loads(path(name).read_bytes())
        if layout != FORMAT or stored_header != header or not isinstance(payload, bytes) \
                or stored_digest != digest(payload):
            return None
        return marshal.loads(payload)
    except Exception:  # no file yet, a damaged file, another layout or Python's format: none
        return None


def store(name: str, header: tuple[Any, ...], value: Any) -> None:
    """Write `value` under `name` atomically; quietly nothing when it cannot or must not be."""
    if not enabled() or sys.dont_write_bytecode:
        return
    target = path(name)
    temp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        payload = marshal.dumps(value)
        data = marshal.dumps((FORMAT, header, digest(payload), payload))
        target.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(data)
        os.replace(temp, target)
    except (OSError, ValueError):  # read-only, or a value marshal cannot hold
        temp.unlink(missing_ok=True)
