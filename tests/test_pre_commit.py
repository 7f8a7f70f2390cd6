"""The pre-commit hook, run by real pre-commit from a git copy of this repository.

pre-commit installs the hook repository into a virtualenv with pip (network access to PyPI for
the dependencies; about a minute), so all three scenarios share one pre-commit home.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from books import STOCK
from test_layouts import chapter, write_tree

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                                reason="pre-commit is not installed (pip install '.[test]')")


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def hook_repository(target: Path) -> str:
    """Commit this working tree (tracked and new files, uncommitted changes included) to a fresh
    repository, as pre-commit needs a git repository with the commit; return the commit."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "hook source")
    return git(target, "rev-parse", "HEAD")


def pre_commit(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "run"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=900)


def test_hook_checks_the_book_of_the_staged_files(tmp_path: Path) -> None:
    source = tmp_path / "hook-source"
    source.mkdir()
    rev = hook_repository(source)
    repo = tmp_path / "novel"
    repo.mkdir()
    git(repo, "init", "-q")
    write_tree(repo, {
        ".pre-commit-config.yaml": f"repos:\n  - repo: {source}\n    rev: {rev}\n"
                                   "    hooks:\n      - id: disclosure-lint\n",
        ".disclosure-lint.toml": '[book]\nfiles = ["front/*.md", "chapters/*.md"]\nauthors = ["Jordan Vale"]\n',
        "chapters/01.md": chapter(1),
        "chapters/02.md": chapter(2),
    })
    home = tmp_path / "pre-commit-home"

    # 1. A book without a disclosure fails.
    git(repo, "add", "-A")
    first = pre_commit(repo, home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "[disclosure-missing]" in first.stdout
    assert first.stdout.count("[disclosure-missing]") == 1  # two chapters staged, one book checked

    # 2. With a foreword that discloses, it passes.
    write_tree(repo, {"front/foreword.md": f"# Foreword\n\n{STOCK}\n"})
    git(repo, "add", "-A")
    second = pre_commit(repo, home)
    assert second.returncode == 0, second.stdout + second.stderr
    git(repo, "commit", "-q", "--no-verify", "-m", "A disclosed book")

    # 3. Only a chapter staged: the hook checks its book, which discloses, so it passes.
    write_tree(repo, {"chapters/02.md": chapter(2, "The tide turned at midnight.")})
    git(repo, "add", "chapters/02.md")
    third = pre_commit(repo, home)
    assert third.returncode == 0, third.stdout + third.stderr
    assert "disclosure-lint" in third.stdout and "Passed" in third.stdout
