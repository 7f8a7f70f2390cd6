"""Imports go one way (issue 22, item 12): readers never import writers, and the DOCX writer
uses the WordprocessingML module it shares with the reader, not the reader itself."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "disclosure_lint"


def _imports(path: Path) -> set[str]:
    """Absolute names of the disclosure_lint modules `path` imports (relative imports resolved)."""
    module = ["disclosure_lint", *path.relative_to(PACKAGE).with_suffix("").parts]
    if module[-1] == "__init__":
        module.pop()
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = module[:len(module) - node.level]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            out.add(name)
            out.update(f"{name}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return {name for name in out if name.startswith("disclosure_lint")}


def test_readers_never_import_writers() -> None:
    for path in (PACKAGE / "readers").glob("*.py"):
        assert not any(name.startswith("disclosure_lint.writers") for name in _imports(path)), path.name


def test_the_docx_writer_shares_a_module_with_the_reader_and_does_not_import_the_reader() -> None:
    imports = _imports(PACKAGE / "writers" / "docx.py")
    assert "disclosure_lint.readers.wordml" in imports
    assert not any(name == "disclosure_lint.readers.docx" or name.startswith("disclosure_lint.readers.docx.")
                   for name in imports)


def test_the_css_engine_is_its_own_module() -> None:
    epub = ast.parse((PACKAGE / "readers" / "epub.py").read_text("utf-8"))
    defined = {node.name for node in epub.body if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    engine = {"RuleIndex", "Rule", "parse_selector", "specificity", "declarations", "media_applies",
              "_RuleIndex", "_Rule", "_parse_selector", "_specificity", "_declarations", "_media_applies",
              "_matches", "_compound_matches"}
    assert not defined & engine
    assert "disclosure_lint.readers.css" in _imports(PACKAGE / "readers" / "epub.py")
