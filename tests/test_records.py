"""`records.NamedTuple` depends on how a module's annotations are evaluated: guard that."""

from __future__ import annotations

import ast
import pickle
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from disclosure_lint import records

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from disclosure_lint.records import NamedTuple

ROOT = Path(__file__).resolve().parents[1]


def _uses_records(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "records"
               and any(alias.name == "NamedTuple" for alias in node.names) for node in ast.walk(tree))


def _future_annotations(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.ImportFrom) and node.module == "__future__"
               and any(alias.name == "annotations" for alias in node.names) for node in tree.body)


def test_every_module_using_records_has_string_annotations() -> None:
    users = []
    for path in sorted([*(ROOT / "disclosure_lint").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]):
        tree = ast.parse(path.read_text("utf-8"))
        if _uses_records(tree):
            users.append(path.relative_to(ROOT).as_posix())
            assert _future_annotations(tree), f"{path}: uses records.NamedTuple without `from __future__ import annotations`"
    assert "disclosure_lint/model.py" in users  # the scan finds the users


def test_a_body_without_an_annotations_dict_goes_to_typing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python 3.14 gives a class body of a module without the import ``__annotate__`` instead of
    ``__annotations__``: records must not read it as a record without fields."""
    handed: list[str] = []
    typed = records._typed

    def spy(name: str, ns: dict[str, Any]) -> Any:
        handed.append(name)
        return typed(name, ns)

    monkeypatch.setattr(records, "_typed", spy)

    def annotate(format: int) -> dict[str, Any]:
        return {"path": str}

    made = records._RecordMeta("Lazy", (), {"__module__": __name__, "__qualname__": "Lazy", "__annotate__": annotate})
    assert handed == ["Lazy"] and issubclass(made, tuple)


def test_typing_makes_the_same_record() -> None:
    def where(self: Any) -> str:
        return f"{self.path}:{self.line}"

    def body() -> dict[str, Any]:
        return {"__module__": __name__, "__qualname__": "Loc", "__doc__": "A place.",
                "__annotations__": {"path": "str", "line": "int | None"}, "line": None, "where": property(where)}

    fast, slow = records._RecordMeta("Loc", (), body()), records._typed("Loc", body())
    for record in (fast, slow):
        assert record._fields == ("path", "line") and record._field_defaults == {"line": None}
        assert record("a").where == "a:None" and record("a", 2) == ("a", 2) and record.__doc__ == "A place."
    assert typing.NamedTuple in getattr(slow, "__orig_bases__", (typing.NamedTuple,))


def test_a_module_without_the_import_still_gets_its_fields() -> None:
    """Evaluated annotations (no future import): whichever way the running Python gives them."""
    source = (
        "from disclosure_lint.records import NamedTuple\n"
        "class Record(NamedTuple):\n"
        "    path: str\n"
        "    line: int | None = None\n"
    )
    namespace: dict[str, Any] = {"__name__": "plain"}
    exec(compile(source, "plain.py", "exec", dont_inherit=True), namespace)
    record = namespace["Record"]
    assert record._fields == ("path", "line") and record("a").line is None


def test_records_are_the_namedtuples_typing_would_make() -> None:
    from disclosure_lint.model import Block, Location

    class Typed(typing.NamedTuple):
        path: str
        line: int | None = None

    class Fast(NamedTuple):
        """A record."""

        path: str
        line: int | None = None

        @property
        def where(self) -> str:
            return f"{self.path}:{self.line}"

    assert Fast._fields == Typed._fields and Fast._field_defaults == Typed._field_defaults
    assert Fast("a", 1) == ("a", 1) == Typed("a", 1) and Fast("a").line is None
    assert Fast("a", 2).where == "a:2" and Fast.__doc__ == "A record."
    assert Fast("a", 2)._replace(line=3) == Fast("a", 3)
    loc = Location("book.md", 3, 1, "Foreword", 2)
    assert pickle.loads(pickle.dumps(Block("text", loc))) == Block("text", loc)
    with pytest.raises(TypeError):
        class Bad(NamedTuple):
            a: int = 1
            b: int  # type: ignore[misc]  # refused at run time too, which is the point
