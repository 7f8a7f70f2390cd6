"""Nothing defined that nothing uses (issue 22, item 12), outside the analysis package (whose
owner removes its own): module constants, functions, classes, methods and record fields of
the package must be read somewhere in it (a test alone does not keep code alive)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "disclosure_lint"
#: Names that frameworks call or read by name, not this package (and functions registered by a
#: decorator: click commands, the language server's features).
CALLED_BY_NAME = frozenset({
    "handle_starttag", "handle_endtag", "handle_data", "handle_comment",  # html.parser.HTMLParser
    "main", "read", "write", "check", "render",  # entry points and registry tables by module
})


def _files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "analysis" not in p.relative_to(PACKAGE).parts)


def _reads() -> set[str]:
    """Every name read anywhere in the package (analysis included: it uses the rest)."""
    out: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                out.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                out.add(node.attr)
            elif isinstance(node, ast.alias):
                out.add(node.asname or node.name.rpartition(".")[2])
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
                out.add(node.value)  # registries and getattr by name
    return out


def _defined(path: Path) -> list[tuple[str, int]]:
    """Module constants, functions and classes, and the methods and fields of its classes."""
    tree = ast.parse(path.read_text("utf-8"))
    out: list[tuple[str, int]] = []

    def names(body: list[ast.stmt], in_class: bool) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                decorated = [ast.unparse(d) for d in node.decorator_list]
                if not any(d.startswith(("cli.", "click.", "property", "server.")) for d in decorated) or in_class:
                    out.append((node.name, node.lineno))
                if isinstance(node, ast.ClassDef):
                    names(node.body, True)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                out.append((node.target.id, node.lineno))
            elif isinstance(node, ast.Assign) and not in_class:
                for target in node.targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name) and name.id.isupper():
                            out.append((name.id, node.lineno))

    names(tree.body, False)
    return [(n, line) for n, line in out if not (n.startswith("__") and n.endswith("__"))]


def test_nothing_is_defined_that_nothing_reads() -> None:
    reads = _reads()
    unused = [f"{path.relative_to(PACKAGE.parent)}:{line}: {name}"
              for path in _files() for name, line in _defined(path)
              if name not in reads and name not in CALLED_BY_NAME]
    assert unused == []
