"""A plain `check` command line read without click (issue 21), from a table click's own command
gives.

Importing click costs a check some 100 M instructions (about 20 ms of CPU: `inspect`, `datetime`,
`uuid`, `platform`, `gettext` ...), a fifth of a cold check of a novel, on every run. The command
lines a pre-commit hook or a catalogue script sends are the plain ones: `check -q book.md`,
`check --format json -o report.json books/`. `parse` reads those as click's parser (8.5) does and
gives the very parameters `cli.check.make_context` would; for anything it does not follow exactly
it gives None, and the command line goes to click as before: `--help`/`-h` anywhere, `--`,
combined short flags, an unknown option, a missing value, a value click would refuse or convert
otherwise (a choice not among the choices, a number out of its range, a folder named as a file),
another command, no command.

What `check` accepts is not written here: `python -m disclosure_lint.check_args` writes it from
`cli.check.params` (each option's strings, whether it is a flag, repeatable, its type and what
click gives when it is not given) to `check-options.packed`, with a header naming what it was
made from: the digests of `cli.py` and of click's `core.py`, `parser.py` and `types.py`. The table is
used only while those are the files it was made from: an edited command line, another click,
means every command line goes to click (finding, reading and digesting them costs about 1.6 M
instructions, a quarter of a millisecond: the price of never parsing differently).
`tests/test_fast_check.py` writes the table again and fails if it differs from the shipped one,
and holds `parse` to click's own parsing on generated command lines.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

#: The shipped table (see `table_from_click`).
TABLE = Path(__file__).with_name("check-options.packed")
#: The command the table is for.
COMMAND = "check"
#: The files of click whose behaviour `parse` follows: its parser, its types' conversions, and
#: `Command.main`'s handling of an interrupt and a broken pipe (`launch`).
CLICK_FILES = ("core.py", "parser.py", "types.py")

#: What `parse` gives when it does not follow a command line exactly: click parses it.
DECLINE = None


def _header() -> tuple[str, ...] | None:
    """What the table is made from: the digests of the command line's module and of click's
    parser (the bytes' CRC-32 and length, as the package's other shipped data: `packed`); None
    when they cannot be read (click's sources not installed): no table then."""
    import importlib.util

    from .cache import digest

    try:
        spec = importlib.util.find_spec("click")
        if spec is None or spec.origin is None:
            return None
        folder = Path(spec.origin).parent
        files = [Path(__file__).with_name("cli.py"), *(folder / name for name in CLICK_FILES)]
        return tuple(digest(file.read_bytes()).hex() for file in files)
    except (OSError, ValueError, ImportError):
        return None


def load() -> dict[str, Any] | None:
    """The shipped table, when it was made from the command line and the click there are now."""
    from .packed import load_value

    header = _header()
    if header is None:
        return None
    table = load_value(TABLE, header)
    return table if isinstance(table, dict) else None


def parse(args: list[str], table: dict[str, Any]) -> tuple[dict[str, Any], bool] | None:
    """The parameters click would give `check` for the command line `args` (the words after the
    program's name), and whether `--debug` was given; None when `args` is not a plain `check`
    command line followed exactly here (click parses it then)."""
    if os.name == "nt":
        return DECLINE  # the console script's arguments are glob-expanded there
    help_names = table["help"]
    if any(arg in help_names for arg in args):
        return DECLINE
    debug = False
    at = 0
    # The group's options before the command: only the debug flag is followed.
    while at < len(args) and args[at] in table["group_debug"]:
        debug = True
        at += 1
    if at >= len(args) or args[at] != COMMAND:
        return DECLINE
    options: dict[str, tuple[str, bool, bool, tuple[Any, ...]]] = table["options"]
    given: dict[str, Any] = {}
    positional: list[str] = []
    rest = args[at + 1:]
    rest.reverse()  # popped from the end: the next word last
    while rest:
        arg = rest.pop()
        if arg == "--":
            return DECLINE
        if arg[:1] != "-" or len(arg) == 1:
            positional.append(arg)  # click's parser takes words in any order: options between paths
            continue
        # As click: a word with "=" is tried as a long option with its value attached first.
        name, equals, attached = arg.partition("=")
        option = options.get(name)
        if option is not None and len(name) > 2:  # "-o", "-j" are click's short options, the rest long
            value: str | None = attached if equals else None
        elif arg[:2] == "--":
            return DECLINE  # no such option
        else:
            # A short option: `-q`, `-o FILE`, `-oFILE`, `-j4`; flags run together (`-qj4`) go to click.
            option = options.get(arg[:2])
            if option is None or (len(arg) > 2 and not option[1]):
                return DECLINE
            value = arg[2:] if len(arg) > 2 else None
            equals = "=" if len(arg) > 2 else ""
        dest, takes_value, multiple, kind = option
        if takes_value:
            if not equals:
                if not rest:
                    return DECLINE  # "requires an argument"
                value = rest.pop()
        elif equals:
            return DECLINE  # "does not take a value"
        if kind[0] == "debug":
            debug = True
            continue
        if multiple:
            given.setdefault(dest, []).append(value)
        else:
            given[dest] = value  # the last of a repeated option wins
    argument, required = table["argument"]
    if required and not positional:
        return DECLINE
    params: dict[str, Any] = dict(table["defaults"])
    params[argument] = tuple(positional)
    for dest, value in given.items():
        kind = table["kinds"][dest]
        if isinstance(value, list):
            converted = [_convert(item, kind) for item in value]
            if any(item is _REFUSED for item in converted):
                return DECLINE
            params[dest] = tuple(converted)
        else:
            one = _convert(value, kind)
            if one is _REFUSED:
                return DECLINE
            params[dest] = one
    return params, debug


_REFUSED = object()


def _convert(value: str | None, kind: tuple[Any, ...]) -> Any:
    """`value` as click's type `kind` converts it, or `_REFUSED` when click would refuse it (or
    this does not know the answer for sure)."""
    name = kind[0]
    if name == "flag":
        return True
    if value is None:
        return _REFUSED
    if name == "string":
        return value
    if name == "choice":
        return value if value in kind[1] else _REFUSED
    if name == "int_range":
        low, high, low_open, high_open = kind[1:]
        try:
            number = int(value)
        except ValueError:
            return _REFUSED
        if low is not None and (number <= low if low_open else number < low):
            return _REFUSED
        if high is not None and (number >= high if high_open else number > high):
            return _REFUSED
        return number
    if name == "file":
        exists, file_okay, dir_okay, readable = kind[1:]
        try:
            mode = os.stat(value).st_mode
        except OSError:
            return _REFUSED if exists else Path(value)
        except ValueError:  # a NUL or a lone surrogate: click's answer, not this
            return _REFUSED
        if (not file_okay and stat.S_ISREG(mode)) or (not dir_okay and stat.S_ISDIR(mode)):
            return _REFUSED
        if readable and not os.access(value, os.R_OK):
            return _REFUSED
        return Path(value)
    return _REFUSED


# -- the table, from click's command ----------------------------------------------------------------


class UnsupportedOption(Exception):
    """An option of `check` that `parse` does not follow: extend it, then write the table again."""


def table_from_click() -> dict[str, Any]:
    """What `parse` needs to know of `check`, read from click's command (`cli.check`)."""
    import pathlib

    import click

    from .cli import _set_debug, check, cli

    # Contexts made as the group makes them: click keeps the help option a command's first context
    # gives it (`-h, --help` from the group's settings), for every later one.
    group = click.Context(cli, info_name="disclosure-lint", **cli.context_settings)
    if cli.get_command(group, COMMAND) is not check:
        raise UnsupportedOption(f"{COMMAND}: not the group's command")
    context_help = cli.context_settings.get("help_option_names", ["--help"])
    options: dict[str, tuple[str, bool, bool, tuple[Any, ...]]] = {}
    kinds: dict[str, tuple[Any, ...]] = {}
    argument: tuple[str, bool] | None = None
    for param in check.params:
        where = f"{COMMAND} {param.name}"
        if param.envvar is not None or getattr(param, "deprecated", False) or param.nargs not in (1, -1):
            raise UnsupportedOption(f"{where}: an environment variable, deprecation or nargs")
        if isinstance(param, click.Argument):
            if argument is not None or param.nargs != -1 or param.type is not click.STRING or param.callback:
                raise UnsupportedOption(f"{where}: only one argument, of any number of strings")
            argument = (str(param.name), param.required)
            continue
        if not isinstance(param, click.Option):
            raise UnsupportedOption(f"{where}: {type(param).__name__}")
        if (param.secondary_opts or param.count or param.prompt is not None or param._flag_needs_value
                or param.required):
            raise UnsupportedOption(f"{where}: secondary names, a count, a prompt, an optional value or required")
        if param.callback is _set_debug:
            if not (param.is_flag and not param.expose_value and param.is_eager):
                raise UnsupportedOption(f"{where}: the debug callback on something else than --debug")
            kind: tuple[Any, ...] = ("debug",)
        elif param.callback is not None:
            raise UnsupportedOption(f"{where}: a callback")
        elif param.is_flag:
            # What click gives when the flag is given: True, or the flag is not one followed here.
            if (param.multiple or not param.expose_value or not param.is_bool_flag
                    or check.make_context(COMMAND, [param.opts[0], "book.md"], parent=group).params[str(param.name)]
                    is not True):
                raise UnsupportedOption(f"{where}: a flag of another value")
            kind = ("flag",)
        else:
            kind = _kind(param.type, pathlib.Path, where)
        for name in param.opts:
            options[name] = (str(param.name), not param.is_flag, param.multiple, kind)
        if param.expose_value:
            kinds[str(param.name)] = kind
    if argument is None:
        raise UnsupportedOption(f"{COMMAND}: no argument")
    group_debug = tuple(name for param in cli.params if param.callback is _set_debug for name in param.opts)
    defaults = check.make_context(COMMAND, ["book.md"], parent=group).params
    defaults.pop(argument[0])
    from importlib.metadata import version

    return {"help": tuple(sorted({*context_help, "--help"})), "group_debug": group_debug, "options": options,
            "kinds": kinds, "argument": argument, "defaults": defaults, "click": version("click")}


def _kind(kind: Any, path_class: type, where: str) -> tuple[Any, ...]:
    """A click type as the table holds it."""
    import click

    if kind is click.STRING:
        return ("string",)
    if isinstance(kind, click.Choice):
        if not kind.case_sensitive or not all(isinstance(choice, str) for choice in kind.choices):
            raise UnsupportedOption(f"{where}: a choice other than of case-sensitive strings")
        return ("choice", tuple(kind.choices))
    if isinstance(kind, click.IntRange):
        if kind.clamp:
            raise UnsupportedOption(f"{where}: a clamped range")
        return ("int_range", kind.min, kind.max, kind.min_open, kind.max_open)
    if isinstance(kind, click.Path):
        if (kind.type is not path_class or kind.resolve_path or kind.allow_dash or kind.writable
                or kind.executable):
            raise UnsupportedOption(f"{where}: a path resolved, of another class, '-', writable or executable")
        return ("file", kind.exists, kind.file_okay, kind.dir_okay, kind.readable)
    raise UnsupportedOption(f"{where}: the type {kind!r}")


def shipped() -> tuple[tuple[str, ...], dict[str, Any]]:
    """(header, table) as the command line and click are now."""
    header = _header()
    if header is None:
        raise UnsupportedOption("click's sources cannot be read")
    return header, table_from_click()


def main() -> int:
    """Write the table again (`python -m disclosure_lint.check_args`)."""
    from .packed import write_values

    for written in write_values({TABLE: shipped()}):
        sys.stdout.write(f"{written}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
