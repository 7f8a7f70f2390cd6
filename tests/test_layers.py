"""Imports go one way (issue 22, item 12; issue 13, item 7): each part of the package imports
only from parts below it, with no loop between parts; readers never import writers, and the DOCX
writer uses the WordprocessingML package (`readers.wordml`) it shares with the reader, not the
reader (`readers.docx`) itself."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "disclosure_lint"


def _module(path: Path) -> list[str]:
    """The dotted name of the module at `path`, as a list (a package's `__init__` is the package)."""
    module = ["disclosure_lint", *path.relative_to(PACKAGE).with_suffix("").parts]
    if module[-1] == "__init__":
        module.pop()
    return module


def _imports(path: Path) -> set[str]:
    """Absolute names of the disclosure_lint modules `path` imports (relative imports resolved),
    with each imported name appended too (`disclosure_lint.rules.RULES`)."""
    module = _module(path)
    # `from . import x` in a package's __init__ is relative to the package itself.
    package = module if path.name == "__init__.py" else module[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            out.add(name)
            out.update(f"{name}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return {name for name in out if name.startswith("disclosure_lint")}


def test_readers_never_import_writers() -> None:
    for path in (PACKAGE / "readers").rglob("*.py"):
        assert not any(name.startswith("disclosure_lint.writers") for name in _imports(path)), path.name


def test_the_docx_writer_shares_a_module_with_the_reader_and_does_not_import_the_reader() -> None:
    imports = _imports(PACKAGE / "writers" / "docx.py")
    assert "disclosure_lint.readers.wordml" in imports
    assert not any(name == "disclosure_lint.readers.docx" or name.startswith("disclosure_lint.readers.docx.")
                   for name in imports)


def test_the_css_engine_is_its_own_module() -> None:
    """The EPUB reader's files define none of the CSS engine: they import it from `readers.css`."""
    files = sorted((PACKAGE / "readers" / "epub").glob("*.py"))
    assert len(files) > 1
    defined = {node.name for path in files for node in ast.parse(path.read_text("utf-8")).body
               if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    engine = {"RuleIndex", "Rule", "parse_selector", "specificity", "declarations", "media_applies",
              "_RuleIndex", "_Rule", "_parse_selector", "_specificity", "_declarations", "_media_applies",
              "_matches", "_compound_matches"}
    assert not defined & engine
    assert any("disclosure_lint.readers.css" in _imports(path) for path in files)


# --- the layers ---------------------------------------------------------------------------------

#: The parts of the package, top to bottom (issue 13, item 7: cli -> api -> rules ->
#: analysis/readers -> config -> model). A module imports from its own part or a lower one,
#: never from a higher one; parts on one row are peers and do not import each other. Module-level,
#: function-level and type-checking imports all count: a loop deferred into a function is still a
#: loop, and `mypy` sees type-checking imports.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("cli",),                               # the command line: the only code that prints and exits
    ("lsp",),                               # the language server, a front door the CLI starts
    ("audit",),                             # a catalogue, one row per book; its page is the report's
    ("reporters", "writers", "scaffold", "declare"),  # the work of the front doors, over the engine
    ("api",),                               # the engine: read, analyse, check; `lint()`
    ("rules",),
    ("analysis", "readers"),
    ("config",),
    ("model",),                             # the model, errors, names, limits, and the utilities
)

#: Module (or package) → part; a module not named goes with its package.
PARTS: dict[str, str] = {
    "disclosure_lint.cli": "cli",
    "disclosure_lint.__main__": "cli",
    "disclosure_lint.launch": "cli",  # the console script's start: a plain check without click (issue 21)
    "disclosure_lint.check_args": "cli",  # a plain check's command line, read from click's table
    "disclosure_lint.checking": "cli",  # the check command's work, for both starts
    "disclosure_lint.console": "cli",  # what the command line says, and how a run ends
    "disclosure_lint.lsp": "lsp",
    "disclosure_lint.reporters": "reporters",
    "disclosure_lint.writers": "writers",
    "disclosure_lint.scaffold": "scaffold",
    "disclosure_lint.declare": "declare",  # `declare`: KDP answers, ONIX, Ingram from [ai-use]
    "disclosure_lint.audit": "audit",  # `audit`: a catalogue, one row per book (issue 18)
    "disclosure_lint": "api",  # the package: `lint()` and `__version__`
    "disclosure_lint.api": "api",
    "disclosure_lint.directives": "api",  # inline comments applied to a check's findings
    "disclosure_lint.rules": "rules",
    "disclosure_lint.analysis": "analysis",
    "disclosure_lint.readers": "readers",
    "disclosure_lint.config": "config",
    "disclosure_lint.declaration": "config",  # the [ai-use] declaration, read with the config
    "disclosure_lint.profiles": "config",  # policy profiles: data the config and the engine read
    "disclosure_lint.model": "model",
    "disclosure_lint.errors": "model",
    "disclosure_lint.names": "model",
    "disclosure_lint.limits": "model",
    "disclosure_lint.records": "model",
    "disclosure_lint.patterns": "model",
    "disclosure_lint.literals": "model",  # the words a pattern's matches hold (lists compiled in part)
    "disclosure_lint.chars": "model",  # a text's characters beyond printable ASCII, from its UTF-8 (issue 15)
    "disclosure_lint.cache": "model",
    "disclosure_lint.line_toml": "model",  # TOML written one statement a line, read fast (issue 21)
    "disclosure_lint.packed": "model",  # the lexicons' and residue lists' data, packed beside them (issue 21)
    "disclosure_lint.display": "model",  # book text made safe to show (issue 24)
    "disclosure_lint.langtags": "model",
    "disclosure_lint.provenance": "model",  # AI-use and rights metadata words (issue 16)
    "disclosure_lint.workers": "model",  # a process pool that outlives its workers (issue 19)
}

RANK = {part: rank for rank, row in enumerate(reversed(LAYERS)) for part in row}


def _modules() -> dict[str, Path]:
    return {".".join(_module(path)): path for path in PACKAGE.rglob("*.py")}


def _part(module: str) -> str | None:
    name = module
    while name not in PARTS and "." in name:
        name = name.rpartition(".")[0]
    return PARTS.get(name)


def _imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The disclosure_lint modules `path` imports: `from . import patterns` imports the module
    `disclosure_lint.patterns`, `from . import __version__` the package itself."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = ".".join([*package[:len(package) - node.level + 1], *([node.module] if node.module else [])]
                            if node.level else [node.module or ""])
            for alias in node.names:
                out.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return {name for name in out if name in modules}


def _part_graph() -> dict[tuple[str, str], list[str]]:
    """(importing part, imported part) → the imports that make the edge ("module -> module")."""
    modules = _modules()
    edges: dict[tuple[str, str], list[str]] = {}
    for module, path in sorted(modules.items()):
        source = _part(module)
        assert source is not None, f"{module} belongs to no part: add it to PARTS in {Path(__file__).name}"
        for imported in sorted(_imported_modules(path, set(modules))):
            target = _part(imported)
            assert target is not None, imported
            if target != source:
                edges.setdefault((source, target), []).append(f"{module} -> {imported}")
    return edges


def test_every_module_belongs_to_a_part() -> None:
    for module in _modules():
        assert _part(module) in RANK, f"{module}: add it to PARTS"


def test_each_part_imports_only_downward() -> None:
    wrong = [f"{how} ({source} may not import {target})"
             for (source, target), hows in _part_graph().items() if RANK[target] >= RANK[source]
             for how in hows]
    assert not wrong, "\n".join(wrong)


def test_no_import_loop_between_parts() -> None:
    edges = _part_graph()
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)

    def loop_from(start: str) -> list[str] | None:
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        seen: set[str] = set()
        while stack:
            part, trail = stack.pop()
            for following in sorted(graph.get(part, ())):
                if following == start:
                    return [*trail, start]
                if following not in seen:
                    seen.add(following)
                    stack.append((following, [*trail, following]))
        return None

    for part in sorted(graph):
        loop = loop_from(part)
        assert loop is None, " -> ".join(loop) + ": " + "; ".join(
            edges[pair][0] for pair in itertools.pairwise(loop))


def test_the_layer_test_sees_function_level_and_type_checking_imports() -> None:
    """The graph would miss a deferred import if it read only the top of each module."""
    modules = set(_modules())
    api = _imported_modules(PACKAGE / "api.py", modules)
    assert "disclosure_lint.rules" in api  # imported inside active_rules()
    assert "disclosure_lint.api" in _imported_modules(PACKAGE / "reporters" / "text.py", modules)  # TYPE_CHECKING
    assert "disclosure_lint.patterns" in _imported_modules(PACKAGE / "config.py", modules)  # `from . import`
