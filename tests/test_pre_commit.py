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


# --- a writing repository as authors lay it out, with the hook `init` shows -------------------------


def committed(repo: Path, message: str, *paths: str, home: Path) -> subprocess.CompletedProcess[str]:
    """`git add PATHS && git commit`: the installed pre-commit hook runs as it does for an author."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
           # `language: system` runs `disclosure-lint` from PATH: the one installed with these tests.
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("GITHUB_ACTIONS", None)
    subprocess.run(["git", "add", *paths], cwd=repo, env=env, check=True)
    return subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=300)


def test_a_writing_repo_with_the_local_hook_and_no_config(tmp_path: Path) -> None:
    from test_writing_repos import BARE_FRONT, FRONT

    from disclosure_lint.scaffold import hook_snippet

    repo = tmp_path / "novel"
    repo.mkdir()
    git(repo, "init", "-q")
    write_tree(repo, {
        "README.md": "# Harbor Lights\n\nThe working repository of my novel.\n",
        "manuscript/00-front.md": FRONT,
        **{f"manuscript/{n:02d}-chapter-{n}.md": chapter(n) for n in (1, 2, 3)},
    })
    # The hook as `init` shows it: `repo: local`, so no network is needed.
    (repo / ".pre-commit-config.yaml").write_text(hook_snippet(repo), encoding="utf-8")
    home = tmp_path / "pre-commit-home"
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True,
                   capture_output=True)

    first = committed(repo, "The book", "-A", home=home)
    assert first.returncode == 0, first.stdout + first.stderr

    # A chapter edit, no config: the hook checks the chapter's book, which discloses.
    write_tree(repo, {"manuscript/02-chapter-2.md": chapter(2, "The tide turned at midnight.")})
    edit = committed(repo, "Chapter 2", "manuscript/02-chapter-2.md", home=home)
    assert edit.returncode == 0, edit.stdout + edit.stderr

    # A README edit is not a manuscript's.
    write_tree(repo, {"README.md": "# Harbor Lights\n\nDrafts and notes. Chapter 4 is next.\n"})
    readme = committed(repo, "README", "README.md", home=home)
    assert readme.returncode == 0, readme.stdout + readme.stderr

    # The foreword loses its disclosure (committed past the hook): the next chapter edit fails
    # with the book's findings, and the hint names the book.
    write_tree(repo, {"manuscript/00-front.md": BARE_FRONT})
    git(repo, "commit", "-q", "--no-verify", "-am", "No disclosure")
    write_tree(repo, {"manuscript/03-chapter-3.md": chapter(3, "The ferry left without her.")})
    broken = committed(repo, "Chapter 3", "manuscript/03-chapter-3.md", home=home)
    said = broken.stdout + broken.stderr  # git prints the hook's output on stderr
    assert broken.returncode == 1, said
    assert "error [disclosure-missing]" in said
    assert "insert --model NAME manuscript`" in said
    assert "[attribution-missing]" not in said
    assert git(repo, "log", "--format=%s", "-1") == "No disclosure"

    # Disclosed again; then `init` writes globs, and a new chapter file joins the book by itself.
    write_tree(repo, {"manuscript/00-front.md": FRONT})
    fixed = committed(repo, "Disclosure back", "manuscript/00-front.md", "manuscript/03-chapter-3.md", home=home)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    init = subprocess.run([sys.executable, "-m", "disclosure_lint", "init", "."], cwd=repo, capture_output=True,
                          text=True, check=True)
    assert "manuscript/*.md" in init.stdout
    committed(repo, "Config", ".disclosure-lint.toml", home=home)
    write_tree(repo, {"manuscript/04-chapter-4.md": chapter(4)})
    new = committed(repo, "Chapter 4", "manuscript/04-chapter-4.md", home=home)
    assert new.returncode == 0, new.stdout + new.stderr
    assert "not part of the book" not in new.stderr
    assert git(repo, "log", "--format=%s", "-1") == "Chapter 4"
