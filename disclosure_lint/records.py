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
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

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
        record = namedtuple(name, fields, defaults=defaults, module=ns["__module__"])  # type: ignore[misc]
        record.__annotations__ = annotations
        for key, value in ns.items():
            if key in _PROHIBITED:
                raise AttributeError(f"{name}: cannot overwrite NamedTuple attribute {key}")
            if key not in _SPECIAL and key not in fields:
                setattr(record, key, value)
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
