"""CSS selectors with structural pseudo-classes (`readers.css`), matched as a browser does."""

from __future__ import annotations

import pytest
from lxml import etree

from disclosure_lint.readers.css import (
    Rule,
    RuleIndex,
    load_tinycss2,
    parse_selector,
    specificity,
    split_selectors,
)

PAGE = etree.fromstring(
    "<html><body><h1>t</h1><p id='a'>1</p><p id='b' class='x'>2</p><div id='c'><span id='d'>s</span></div>"
    "<p id='e'></p><p id='f'>3</p><!-- c --></body></html>")


def _selector(text: str) -> tuple:  # type: ignore[type-arg]
    prelude = load_tinycss2().parse_one_rule(text + " {}").prelude
    [part] = list(split_selectors(prelude))
    return parse_selector(part, {})  # type: ignore[return-value]


def _ids(selector: str) -> set[str]:
    parsed = _selector(selector)
    assert parsed is not None, selector
    rules = RuleIndex([Rule(parsed, specificity(parsed), 1, (("display", "none", False),))])
    return {str(el.get("id")) for el in PAGE.iter() if isinstance(el.tag, str) and el.get("id")
            and "display" in rules.cascade(el)}


@pytest.mark.parametrize(("selector", "ids"), [
    ("p:first-of-type", {"a"}), ("p:last-of-type", {"f"}), ("body > :first-child", set()),
    ("body > :last-child", {"f"}), ("p:nth-child(2)", {"a"}), ("p:nth-child(odd)", {"b", "e"}),
    ("p:nth-child(2n)", {"a", "f"}), ("p:nth-of-type(2n+1)", {"a", "e"}), ("p:nth-last-of-type(1)", {"f"}),
    ("p:nth-last-child(-n+2)", {"e", "f"}), ("span:only-child", {"d"}), ("span:only-of-type", {"d"}),
    ("p:empty", {"e"}), ("p:not(.x)", {"a", "e", "f"}), ("p:not(.x, #a)", {"e", "f"}),
    ("p:not(:first-of-type):not(:last-of-type)", {"b", "e"}), ("p:empty + p", {"f"}),
    (":root > body > div > :first-child", {"d"}), ("#c:root", set()),
])
def test_structural_pseudo_classes_match_as_a_browser_does(selector: str, ids: set[str]) -> None:
    assert _ids(selector) == ids


@pytest.mark.parametrize("selector", ["p:hover", "p::before", "p:lang(fr)", "p:nth-child(2 of .x)",
                                      "p:not(div p)", "p:focus-within", "p:is(.x)"])
def test_other_pseudo_classes_are_not_read(selector: str) -> None:
    """A rule that applies only in a state nobody is in, or that is not read, hides nothing."""
    assert _selector(selector) is None


def test_specificity_counts_a_pseudo_class_as_a_class_and_not_as_its_argument() -> None:
    assert specificity(_selector("p:first-child")) == (0, 1, 1)
    assert specificity(_selector("p:not(#a, .x)")) == (1, 0, 1)
    assert specificity(_selector("p:nth-of-type(2)")) == specificity(_selector("p.x"))
