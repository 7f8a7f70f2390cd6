"""`NamedTuple` records without `typing.NamedTuple`'s start-up cost.

`typing.NamedTuple` checks every field's annotation when a class is defined (compiling each
string annotation into a `ForwardRef`): about half a millisecond per class, and a check defines
some 25 of them before it reads a word. This builds the same class, a `collections.namedtuple`
with the class body's methods, properties and docstring, without those checks. Modules use it
as ``NamedTuple`` at run time only; the type checker still sees `typing.NamedTuple`::

    from typing import TYPE_CHECKING, NamedTuple

    if not TYPE_CHECKING:
        from ..records import NamedTuple

This needs the class body's annotations as a plain ``__annotations__`` dict, which every module
using it has by ``from __future__ import annotations`` (`tests/test_records.py` fails for a
module without it). A body without that dict (Python 3.14 evaluates annotations lazily, through
``__annotate__``, in a module without the import) is handed to `typing.NamedTuple` itself: the
same class, only slower to define.

Nor does it call `collections.namedtuple`, which compiles each record's `__new__` from source
(``eval``: about 260,000 instructions a record, 12 M of the 21 M that a check's 48 records cost
to define). `_record` builds the same class, with the same methods; its `__new__` is the one
compiled for a record of as many fields, its parameters renamed (`_new_code`), so that the
source is compiled once for each number of fields, not once for each record
(`tests/test_records.py` holds it to `collections.namedtuple`).
"""

from __future__ import annotations

import sys
from collections import namedtuple
from keyword import iskeyword
from types import CodeType, FunctionType
from typing import Any

try:  # the C accessor `collections.namedtuple` gives each field (a property where there is none)
    from _collections import _tuplegetter  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - CPython has it
    from operator import itemgetter

    def _tuplegetter(index: int, doc: str) -> Any:
        return property(itemgetter(index), doc=doc)

#: Names a record's body may not define (as `typing.NamedTuple` refuses them).
_PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
                         "_make", "_replace", "_asdict", "_source"})
#: Names of the class body that are not copied onto the record.
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})


class _RecordMeta(type):
    def __new__(mcls, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> Any:
        if ns.get("_root", False):
            return super().__new__(mcls, name, bases, ns)
        annotations = ns.get("__annotations__")
        if not isinstance(annotations, dict):
            return _typed(name, ns)
        fields = list(annotations)
        defaults = []
        for field in fields:
            if field in ns:
                defaults.append(ns[field])
            elif defaults:
                raise TypeError(f"{name}: field {field} without a default follows a field with one")
        record = _record(name, fields, defaults, ns["__module__"])
        record.__annotations__ = annotations
        for key, value in ns.items():
            if key in _PROHIBITED:
                raise AttributeError(f"{name}: cannot overwrite NamedTuple attribute {key}")
            if key not in _SPECIAL and key not in fields:
                setattr(record, key, value)
        return record


#: `__future__.CO_FUTURE_ANNOTATIONS`: this module's code has it, `eval`'s has not (it changes nothing here).
_FUTURE_ANNOTATIONS = 0x1000000
#: `tuple.__new__`, as the code of `_NEWS` names it.
_tuple_new = tuple.__new__
#: The lambda `collections.namedtuple` compiles for a record's `__new__`, for 1 to 20 fields (by
#: index), written out: compiled with this module and kept in its bytecode, where compiling one
#: for each number of fields a check's records have (13: `eval`, some 330,000 instructions each)
#: cost every cold check 4 M instructions (`tests/test_records.py` holds each to what `eval` gives).
_NEWS = (
    None,
    lambda _cls, _0,: _tuple_new(_cls, (_0,)),
    lambda _cls, _0, _1: _tuple_new(_cls, (_0, _1)),
    lambda _cls, _0, _1, _2: _tuple_new(_cls, (_0, _1, _2)),
    lambda _cls, _0, _1, _2, _3: _tuple_new(_cls, (_0, _1, _2, _3)),
    lambda _cls, _0, _1, _2, _3, _4: _tuple_new(_cls, (_0, _1, _2, _3, _4)),
    lambda _cls, _0, _1, _2, _3, _4, _5: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19)),
)

#: For each number of fields, the code of a record's `__new__` (see `_new_code`).
_NEW_CODES: dict[int, CodeType] = {}


def _new_code(fields: tuple[str, ...]) -> CodeType:
    """The code of `collections.namedtuple`'s `__new__` for `fields`: the lambda it compiles,
    written in `_NEWS` (compiled with this module) or compiled once for records of as many fields,
    its parameters renamed (the code is the same but for their names)."""
    code = _NEW_CODES.get(len(fields))
    if code is None:
        written = _NEWS[len(fields)] if len(fields) < len(_NEWS) else None
        if written is not None:  # as `eval` would have made it, but where it was written
            code = written.__code__
            code = code.replace(co_filename="<string>", co_firstlineno=1, co_flags=code.co_flags & ~_FUTURE_ANNOTATIONS)
        else:
            names = ", ".join(f"_{n}" for n in range(len(fields))) + ("," if len(fields) == 1 else "")
            code = eval(f"lambda _cls, {names}: _tuple_new(_cls, ({names}))", {"__builtins__": {}}).__code__
        _NEW_CODES[len(fields)] = code
    return code.replace(co_varnames=("_cls", *fields))


def _record(name: str, fields: list[str], defaults: list[Any], module: str) -> Any:
    """``collections.namedtuple(name, fields, defaults=defaults, module=module)``, the same class
    made without compiling its `__new__` (see the module's docstring). Names namedtuple would
    refuse, or rename, go to namedtuple itself (its errors)."""
    if not (name.isidentifier() and not iskeyword(name) and len(set(fields)) == len(fields)
            and len(defaults) <= len(fields) and all(f.isidentifier() and not iskeyword(f) and not f.startswith("_") for f in fields)):
        return namedtuple(name, fields, defaults=defaults, module=module)
    field_names = tuple(map(sys.intern, fields))
    num_fields = len(field_names)
    arg_list = ", ".join(field_names) + ("," if num_fields == 1 else "")
    repr_fmt = "(" + ", ".join(f"{f}=%r" for f in field_names) + ")"
    tuple_new = tuple.__new__
    defaults_tuple = tuple(defaults)
    field_defaults = dict(zip(field_names[num_fields - len(defaults_tuple):], defaults_tuple, strict=True))

    __new__ = FunctionType(_new_code(field_names), {"_tuple_new": tuple_new, "__builtins__": {},
                                                    "__name__": f"namedtuple_{name}"},
                           "__new__", defaults_tuple)
    __new__.__doc__ = f"Create new instance of {name}({arg_list})"

    def _make(cls: Any, iterable: Any) -> Any:
        result = tuple_new(cls, iterable)
        if len(result) != num_fields:
            raise TypeError(f"Expected {num_fields} arguments, got {len(result)}")
        return result

    _make.__doc__ = f"Make a new {name} object from a sequence or iterable"

    def _replace(self: Any, /, **kwds: Any) -> Any:
        result = self._make(map(kwds.pop, field_names, self))
        if kwds:
            raise ValueError(f"Got unexpected field names: {list(kwds)!r}")
        return result

    _replace.__doc__ = f"Return a new {name} object replacing specified fields with new values"

    def __repr__(self: Any) -> str:
        "Return a nicely formatted representation string"
        return self.__class__.__name__ + repr_fmt % self  # type: ignore[no-any-return]

    def _asdict(self: Any) -> dict[str, Any]:
        "Return a new dict which maps field names to their values."
        return dict(zip(self._fields, self, strict=False))

    def __getnewargs__(self: Any) -> tuple[Any, ...]:
        "Return self as a plain tuple.  Used by copy and pickle."
        return tuple(self)

    for method in (__new__, _make, _replace, __repr__, _asdict, __getnewargs__):
        method.__qualname__ = f"{name}.{method.__name__}"
    namespace: dict[str, Any] = {
        "__doc__": f"{name}({arg_list})", "__slots__": (), "_fields": field_names,
        "_field_defaults": field_defaults, "__new__": __new__, "_make": classmethod(_make),
        "_replace": _replace, "__repr__": __repr__, "_asdict": _asdict, "__getnewargs__": __getnewargs__,
        "__match_args__": field_names,
    }
    for index, field in enumerate(field_names):
        namespace[field] = _tuplegetter(index, sys.intern(f"Alias for field number {index}"))
    record = type(name, (tuple,), namespace)
    record.__module__ = module
    return record


def _typed(name: str, ns: dict[str, Any]) -> Any:
    """The record `typing.NamedTuple` makes of this class body."""
    import types
    import typing

    def fill(namespace: dict[str, Any]) -> None:
        namespace.update(ns)

    return types.new_class(name, (typing.NamedTuple,), exec_body=fill)


class NamedTuple(metaclass=_RecordMeta):
    """Base for records: ``class Location(NamedTuple): path: str; line: int | None = None``."""

    _root = True
