"""`line_toml` reads what tomllib reads, or leaves the text to tomllib: never another value."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import disclosure_lint
from disclosure_lint import line_toml
from disclosure_lint.config import parse_toml

PACKAGE = Path(disclosure_lint.__file__).parent
DATA_FILES = sorted(PACKAGE.rglob("*.toml"))


def _tomllib(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _same_or_none(text: str) -> None:
    read = line_toml.parse(text)
    if read is not None:
        assert read == _tomllib(text), text
        assert _types(read) == _types(tomllib.loads(text)), text


def _types(value: Any) -> Any:
    """The value's shape with the type of every leaf (1 and 1.0 and True compare equal)."""
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_data_file_reads_as_tomllib_reads_it(path: Path) -> None:
    _same_or_none(path.read_text("utf-8"))


@pytest.mark.parametrize("folder", ["analysis/lexicon", "analysis/residue"])
def test_the_lexicons_and_residue_lists_are_in_the_layout_read_fast(folder: str) -> None:
    # A cold check parses these at every start: a construct `line_toml` leaves to tomllib (an
    # inline table, a multi-line string ...) would make every cold check pay tomllib again.
    for path in sorted((PACKAGE / folder).glob("*.toml")):
        assert line_toml.parse(path.read_text("utf-8")) is not None, f"{path}: write it one statement a line"


@pytest.mark.parametrize(("text", "expected"), [
    ("", {}),
    ("# only a comment\n\n", {}),
    ("a = 'x'  # c\nb = \"y\"\n", {"a": "x", "b": "y"}),
    ("n = 3\nf = 0.8\ng = -2.50\nt = true\nu = false\nz = -0\n", {"n": 3, "f": 0.8, "g": -2.5, "t": True, "u": False,
                                                                  "z": 0}),
    ('e = "\\\\b(?:x)\\t\\u00e9\\U0001F600\\"q\\""\n', {"e": '\\b(?:x)\té\U0001F600"q"'}),
    ("l = '\\\\b\"#'\n", {"l": '\\\\b"#'}),
    ("a = [\n  'x', \"y\", # a comment with 'quotes' and \"more\"\n  # and a line of comment\n  'z',\n]\n",
     {"a": ["x", "y", "z"]}),
    ("a = ['x'\n, 'y']\n", {"a": ["x", "y"]}),
    ("a = [\n]\nb = []\nc = ['', \"\"]\n", {"a": [], "b": [], "c": ["", ""]}),
    ("[t]\nk = 'v'\n[[s]]\nn = 'a'\n[[s]]\nn = 'b'\n", {"t": {"k": "v"}, "s": [{"n": "a"}, {"n": "b"}]}),
    ("[t]\n\"français\" = 'fr'\n'x y' = 'z'\n", {"t": {"français": "fr", "x y": "z"}}),
    ("k = 'v'", {"k": "v"}),
])
def test_reads_the_layout(text: str, expected: dict[str, Any]) -> None:
    assert line_toml.parse(text) == expected == tomllib.loads(text)


@pytest.mark.parametrize("text", [
    "a = 'x'\na = 'y'\n",  # a key twice (invalid)
    "a = 'x'\n\"a\" = 'y'\n",  # the same key, quoted (invalid)
    "[t]\n[t]\n",  # a table twice (invalid)
    "a = []\n[[a]]\n",  # an array of tables over an array (invalid)
    "[a]\n[[a]]\n",  # invalid
    "a = ['x' 'y']\n",  # no comma (invalid)
    "a = ['x',,]\n",  # invalid
    "a = ['x'\n",  # never closed (invalid)
    'a = "x\\q"\n',  # an escape TOML has not (invalid)
    "a = '\x01'\n",  # a control character (invalid)
    "a = 'x'\r\n",  # CRLF: valid, left to tomllib
    "a.b = 'x'\n",  # a dotted key: valid, left to tomllib
    "a = {b = 1}\n",  # an inline table
    "a = '''x'''\n",  # a multi-line string
    "a = 1e3\n",
    "a = 1_000\n",
    "a = +1\n",
    "a = 01\n",  # invalid
    "a = 1979-05-27\n",
    "a = [1, 2]\n",
    "a = [['x']]\n",
    "[ t ]\n",
    "[t.u]\n",
    "a = 'x' b = 'y'\n",
    "\ufeffa = 'x'\n",
    "a = \"\\ud800\"\n",  # a surrogate (invalid)
])
def test_leaves_the_rest_to_tomllib(text: str) -> None:
    assert line_toml.parse(text) is None


def test_parse_toml_reports_what_tomllib_reports() -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as expected:
        tomllib.loads("a = 'x'\na = 'y'\n")
    with pytest.raises(ValueError) as got:
        parse_toml("a = 'x'\na = 'y'\n")
    assert str(got.value) == str(expected.value)


_FRAGMENTS = st.sampled_from([
    "a", "b", "k_1", "x-y", '"q k"', "'l k'", "[t]", "[u]", "[[s]]", "[[t]]", "[ t]", " = ", "=", " ",
    "\t", "\n", "\n", "\n", "'x'", "'it''s'", '"y"', '"\\t"', '"\\\\d+"', '"\\u00e9"', '"\\x41"', '"\\"', "''",
    '""', "'''", "[", "]", ", ", ",", "# note", "#'", '"#"', "0", "-0", "1", "12", "3.5", "-0.25", "1.", ".5",
    "true", "false", "True", "{", "}", ".", "é", "\r", "\x00", "\\",
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_FRAGMENTS, max_size=40).map("".join))
def test_fragments_read_as_tomllib_reads_them_or_not_at_all(text: str) -> None:
    _same_or_none(text)


_VALUE = st.one_of(
    st.text(st.characters(blacklist_characters="'\n\r", blacklist_categories=("Cc", "Cs")), max_size=8).map(
        lambda s: f"'{s}'"),
    st.text(st.characters(blacklist_characters='"\\\n\r', blacklist_categories=("Cc", "Cs")), max_size=8).map(
        lambda s: f'"{s}"'),
    st.integers(-1000, 1000).map(str),
    st.sampled_from(["true", "false", "0.5", "-12.125"]),
)
_ARRAY = st.lists(st.tuples(_VALUE.filter(lambda v: v[0] in "'\""), st.sampled_from([", ", ",\n  ", " ,", ",  # c\n"])),
                  max_size=5).map(lambda items: "[" + "".join(v + sep for v, sep in items) + "]")
_LINE = st.one_of(
    st.tuples(st.sampled_from(["a", "b", "c", '"d e"']), st.one_of(_VALUE, _ARRAY)).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.sampled_from(["[t]", "[u]", "[[s]]", "# a comment", ""]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=12).map("\n".join))
def test_documents_in_the_layout_read_as_tomllib_reads_them(text: str) -> None:
    _same_or_none(text)
    if _tomllib(text) is not None:
        assert line_toml.parse(text) is not None, text
