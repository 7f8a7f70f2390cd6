"""Shared fixtures: run the CLI end to end as a user does, on files the tests write."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from disclosure_lint.cli import main


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def rules(self) -> set[str]:
        """Rule slugs reported (from JSON output)."""
        return {f["rule"] for fl in self.json()["files"] for f in fl["findings"]}

    def errors(self) -> set[str]:
        return {f["rule"] for fl in self.json()["files"] for f in fl["findings"] if f["severity"] == "error"}


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run `disclosure-lint ARGS...` in-process; returns exit code, stdout and stderr."""

    def _run(*args: str | Path) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return _run
