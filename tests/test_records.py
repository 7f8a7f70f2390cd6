"""`records.NamedTuple` depends on how a module's annotations are evaluated: guard that."""

from __future__ import annotations

import ast
import collections
import copy
import inspect
import keyword
import pickle
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


_FIELD = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(lambda name: not keyword.iskeyword(name))


def _alike(fast: Any, slow: Any) -> None:
    """`fast` (records._record) and `slow` (collections.namedtuple) are the same class."""
    for attr in ("__name__", "__qualname__", "__module__", "__doc__", "__slots__", "_fields", "_field_defaults",
                 "__match_args__", "__bases__"):
        assert getattr(fast, attr) == getattr(slow, attr), attr
    assert sorted(vars(fast)) == sorted(vars(slow))
    for field in fast._fields:
        assert type(vars(fast)[field]) is type(vars(slow)[field]) and vars(fast)[field].__doc__ == vars(slow)[field].__doc__
    for name in ("__new__", "_make", "_replace", "__repr__", "_asdict", "__getnewargs__"):
        mine, theirs = (getattr(getattr(c, name), "__func__", getattr(c, name)) for c in (fast, slow))
        assert (mine.__name__, mine.__qualname__, mine.__doc__, mine.__defaults__, mine.__kwdefaults__) == \
               (theirs.__name__, theirs.__qualname__, theirs.__doc__, theirs.__defaults__, theirs.__kwdefaults__), name
    assert inspect.signature(fast) == inspect.signature(slow)
    assert fast.__new__.__code__.co_varnames == slow.__new__.__code__.co_varnames
    assert fast.__new__.__module__ == slow.__new__.__module__


def _outcome(call: Any) -> Any:
    try:
        return ("value", call())
    except Exception as error:  # the same error, message and all
        return (type(error), str(error).replace("namedtuple_", ""))


@settings(max_examples=150, deadline=None)
@given(fields=st.lists(_FIELD, max_size=7, unique=True), data=st.data())
def test_a_record_is_the_namedtuple_collections_would_make(fields: list[str], data: st.DataObject) -> None:
    """`records._record` makes `collections.namedtuple`'s class without compiling its `__new__`:
    the same attributes, methods, signature, values, errors, pickling."""
    defaults = data.draw(st.lists(st.integers() | st.none() | st.text(max_size=3), max_size=len(fields)))
    fast = records._record("Rec", fields, defaults, __name__)
    slow: Any = collections.namedtuple("Rec", fields, defaults=defaults, module=__name__)  # type: ignore[misc]
    _alike(fast, slow)
    args = data.draw(st.lists(st.integers(), max_size=len(fields) + 1))
    keywords = data.draw(st.dictionaries(st.sampled_from([*fields, "zz"]), st.integers(), max_size=3))
    made = [_outcome(lambda c=c: c(*args, **keywords)) for c in (fast, slow)]
    assert made[0][0] == made[1][0] and (made[0][0] != "value" or tuple(made[0][1]) == tuple(made[1][1]))
    assert made[0][0] == "value" or made[0][1] == made[1][1]
    full = tuple(range(len(fields)))
    one: Any = fast(*full)
    other: Any = slow(*full)
    assert repr(one) == repr(other) and one._asdict() == other._asdict() and one.__getnewargs__() == full
    assert tuple(one._replace(**dict.fromkeys(fields[:1], -1))) == tuple(other._replace(**dict.fromkeys(fields[:1], -1)))
    assert _outcome(lambda: fast._make(range(len(fields) + 1))) == _outcome(lambda: slow._make(range(len(fields) + 1)))
    assert _outcome(lambda: one._replace(zz=1)) == _outcome(lambda: other._replace(zz=1))
    assert copy.copy(one) == one and type(copy.deepcopy(one)) is fast


@pytest.mark.parametrize("name, fields", [("Rec", ["_hidden"]), ("Rec", ["a", "a"]), ("Rec", ["class"]),
                                          ("class", ["a"]), ("Rec", ["1a"]), ("_Private", ["a"]),
                                          ("Rec", ["match", "case", "self"])])
@pytest.mark.parametrize("defaults", [[], [1, 2]])
def test_names_namedtuple_refuses_are_refused_the_same_way(name: str, fields: list[str], defaults: list[int]) -> None:
    fast = _outcome(lambda: records._record(name, fields, defaults, __name__))
    slow = _outcome(lambda: collections.namedtuple(name, fields, defaults=defaults, module=__name__))
    if slow[0] == "value":
        _alike(fast[1], slow[1])
    else:
        assert fast == slow


def test_the_model_s_records_pickle_and_compile_one_new_per_number_of_fields() -> None:
    from disclosure_lint.model import Block, Location

    loc = Location("book.md", 3, 1, "Foreword", 2)
    assert pickle.loads(pickle.dumps(loc)) == loc and type(pickle.loads(pickle.dumps(loc))) is Location
    assert repr(Block("text", loc)).startswith("Block(text='text', location=Location(path='book.md'")
    assert set(records._NEW_CODES) <= set(range(20))
    assert Location.__new__.__code__.co_varnames[0] == "_cls"


def test_the_written_news_are_the_code_namedtuple_compiles() -> None:
    """`records._NEWS` (compiled with the module) is, for each number of fields, the code of the
    lambda `collections.namedtuple` compiles for `__new__`, but for where it was written."""
    assert records._NEWS[0] is None and len(records._NEWS) > 16
    for count in range(1, len(records._NEWS)):
        fields = [f"f{n}" for n in range(count)]
        written = records._new_code(tuple(fields))
        compiled = collections.namedtuple("Rec", fields).__new__.__code__
        for attr in ("co_code", "co_consts", "co_names", "co_varnames", "co_argcount", "co_kwonlyargcount",
                     "co_posonlyargcount", "co_flags", "co_nlocals", "co_stacksize", "co_name", "co_filename",
                     "co_firstlineno"):
            assert getattr(written, attr) == getattr(compiled, attr), (count, attr)
    beyond = [f"f{n}" for n in range(len(records._NEWS) + 2)]
    record = records._record("Wide", beyond, [], __name__)
    assert record(*range(len(beyond)))._asdict() == dict(zip(beyond, range(len(beyond)), strict=True))
