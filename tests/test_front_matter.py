"""Everyday front matter is read without PyYAML, and always exactly as PyYAML reads it."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.readers.markdown import _load_yaml, _simple_front_matter

CASES = [
    'title: "Harbor Lights"\nauthor: "Jordan Vale"',
    "title: Harbor Lights\nauthor: Jordan Vale\nlang: en-GB",
    "title: 'It''s Late'\nauthors:\n  - Ana Ruiz\n  - 'Bo Li'\n# a comment\ndescription: A story.",
    "author:\n- One\n- Two",
    "title: 1984\nauthor: Orwell",
    "title: yes",
    "title: [a, b]",
    "title: >\n  folded",
    "author: &a Jo\neditor: *a",
    "title: Harbor: Lights",
    "title: x # comment",
    "title:",
    "title: \"with \\\"escape\\\"\"",
    "author:\n  name: Jo",
    "title: -5",
    "title: - dash",
    "author: ~",
]


@pytest.mark.parametrize("text", CASES)
def test_same_as_yaml(text: str) -> None:
    simple = _simple_front_matter(text)
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        assert simple is None  # what YAML refuses goes to YAML, which says why
        return
    if simple is not None:
        assert simple == expected
    if "&a" not in text:
        assert _load_yaml(text) == expected


_word = st.text(alphabet=st.sampled_from("abcXYZ019 '\"-:#,.&*!|>%@`[]{}?~\\"), min_size=0, max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["title", "author", "lang", "description"]), _word,
                          st.booleans()), max_size=5))
def test_generated_front_matter_is_read_as_yaml_reads_it(entries: list[tuple[str, str, bool]]) -> None:
    lines = []
    for key, value, as_list in entries:
        lines.append(f"{key}:\n  - {value}" if as_list else f"{key}: {value}")
    text = "\n".join(lines)
    simple = _simple_front_matter(text)
    if simple is None:
        return
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        pytest.fail(f"simple reader accepted what YAML refuses: {text!r}")
    assert simple == (expected or {}), text
