"""CI runs what the README promises, on the Python versions pyproject.toml names (issue 22, item 10)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_requires_python_names_only_what_ci_runs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    oldest = re.search(r"sys\.version_info < \((\d+), (\d+)\)", script)
    assert oldest is not None, ".ci/run must refuse a python3 older than requires-python"
    major, minor = oldest.groups()
    assert project["project"]["requires-python"] == f">={major}.{minor}"
    assert project["tool"]["mypy"]["python_version"] == f"{major}.{minor}"
    assert project["tool"]["ruff"]["target-version"] == f"py{major}{minor}"
    assert not any("tomli" in dependency for dependency in project["project"]["dependencies"])


def test_ci_runs_the_linters_and_the_unprivileged_tests() -> None:
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    commands = [line.strip() for line in script.splitlines() if not line.lstrip().startswith("#")]
    assert "ruff check ." in commands
    assert "mypy --strict disclosure_lint tests" in commands
    assert "python -m pytest" in commands
    assert "-m unprivileged" in script and "setpriv" in script
    marked = sorted(p.name for p in (ROOT / "tests").glob("test_*.py")
                    if re.search(r"^@pytest\.mark\.unprivileged$", p.read_text("utf-8"), re.MULTILINE))
    assert marked == ["test_cache.py"]


def test_every_subpackage_is_listed_so_that_it_ships() -> None:
    """pyproject.toml lists the packages explicitly: a subpackage left out (a reader split into
    one) is missing from the wheel, while the tests, run from the checkout, still pass."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    listed = set(project["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts)
             for init in (ROOT / "disclosure_lint").rglob("__init__.py")}
    assert found - listed == set()


def test_ci_installs_chromium_when_it_is_missing() -> None:
    """The HTML report's tests run in Chromium (issue 17): a clean machine gets the Debian package."""
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "command -v chromium" in script
    assert re.search(r"apt-get install .*\bchromium\b", script)
    assert script.index("apt-get install") < script.index("python -m pytest")
