"""A style sheet's rules that declare nothing kept are left out before tokenizing
(`css.declaring_rules`): the rules read from what is left are those read from the whole."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.readers.css import VALUE_PROPERTIES, declaring_rules, load_tinycss2
from disclosure_lint.readers.css_hiding import HIDING_PROPERTIES
from disclosure_lint.readers.epub.style import StyleSheets


class _Book:
    """What `StyleSheets.parse_css` asks of a book for an ``@import`` (nothing found)."""

    def resolve(self, *args: Any, **kwargs: Any) -> tuple[None, None]:
        return None, None


def _rules(css: str) -> list[tuple[Any, ...]]:
    sheets = StyleSheets(_Book())  # type: ignore[arg-type]
    parsed = load_tinycss2().parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return [(rule.selector, rule.specificity, rule.order, rule.declarations)
            for rule in sheets.parse_css(parsed, "", "style.css", 0)]


_NAMES = [
    *sorted(HIDING_PROPERTIES | VALUE_PROPERTIES), "margin-top", "padding-left", "text-align", "font-style", "line-height", "DISPLAY", "Font-Size", "x-color",
    "colors", "-left", "left2", "max-width", "border", "/**/display", "dis/**/play", "-webkit-text-fill-color"]
_VALUES = ["none", "0", "-999em", "1em", "-1em", "hidden", "block", "inline-block", "white", "#fff", "0.5", "2px",
           "absolute", "rtl", "bidi-override", "smaller", "right", "left", "top", "\"}\"", "'a;b'", "rgb(0 0 0)",
           "attr(x)", "calc(1em - 2px)", "0 !important", "[x]", "scale(0)", "rect(0 0 0 0)", "transparent",
           "x(a;display:none)", "[a;color:red]", "{display:none}", "a{b:c}", "0;@x y", "0;@x{}", "0;;", "0!", "0 ! important"]
#: Pieces that make the sheet be given whole (`test_a_sheet_not_surely_read_alike_is_given_whole`).
_WHOLE = ["url(x.png)", "\"a\\\"b\""]
_SELECTORS = ["p", "span", "p > span + br", "*", "[epub|type~=\"z3998:poem\"] p", ".x", "#y", "a[title=\"{\"]",
              "p:first-child", "p::before", "h1, h2", "q[x=';']", "p:not(.a)", "x(y{)", "é", "", "@ p",
              "[title=\"\u0130\u0130\u0130\u0130\u0130\u0130\"]"]  # (a character whose lower case is two)
_BETWEEN = ["", " ", "\n", "\t", "/* c */", "/* { */", "\r\n", "\f", "\x0b", "@charset \"utf-8\";",
            "@namespace epub \"http://www.idpf.org/2007/ops\";", "@import \"x.css\";", "@-x-y;", "@--z{}",
            "@supports (display: flex) { p{display:none} q{margin:0} }", "@media print { p { display: none } }",
            "@page { margin: 0 }", "@media screen{", "}"]
#: Pieces that make the sheet be given whole, or that tinycss2 reads in ways `declaring_rules`
#: does not follow.
_ODD = ["/*", "}", ")", "]", "{", "<!--", "-->", "\\", "\"", "'a\nb'", "@font-face{src:url(a{b)}", "@1 ;", ";",
        "p;", "@ ;"]


@st.composite
def _sheet(draw: st.DrawFn, odd: bool) -> str:
    parts: list[str] = []
    between = _BETWEEN + _ODD if odd else _BETWEEN
    values = _VALUES + _WHOLE if odd else _VALUES
    for _ in range(draw(st.integers(0, 8))):
        parts.append(draw(st.sampled_from(between)) if draw(st.integers(0, 3)) == 0 else "")
        decls = draw(st.lists(st.tuples(st.sampled_from(_NAMES), st.sampled_from(values)), max_size=4))
        body = ";".join(f"{name}:{value}" for name, value in decls) + draw(st.sampled_from(["", ";", " ", "/*x*/"]))
        parts.append(f"{draw(st.sampled_from(_SELECTORS))}{draw(st.sampled_from(['', ' ', '/**/']))}{{{body}}}")
    return draw(st.sampled_from(["", "\n"])).join(parts)


@settings(max_examples=500, deadline=None)
@given(_sheet(odd=False))
def test_the_rules_read_are_those_of_the_whole_sheet(css: str) -> None:
    assert _rules(declaring_rules(css)) == _rules(css)


@settings(max_examples=300, deadline=None)
@given(_sheet(odd=True))
def test_the_rules_read_are_those_of_the_whole_sheet_when_it_is_odd(css: str) -> None:
    assert _rules(declaring_rules(css)) == _rules(css)


def test_every_property_kept_keeps_its_rule_and_declaration() -> None:
    for name in sorted(HIDING_PROPERTIES | VALUE_PROPERTIES):
        for value in _VALUES:
            css = f"p{{margin:0}}\nq{{font-style:italic;{name}:{value};margin:0}}"
            assert _rules(declaring_rules(css)) == _rules(css), css
    assert declaring_rules("p{margin:0}\nq{direction:rtl}") == "\nq{direction:rtl}"
    assert declaring_rules("q{margin:0; top: 0 ;margin-top:0}") == "q{ top: 0 }"


def test_rules_that_declare_nothing_kept_are_left_out() -> None:
    css = ('@charset "utf-8";\n@namespace epub "http://www.idpf.org/2007/ops";\n'
           "body{hyphens:auto}\np{margin:0;text-indent:1em}\nh1,\nh2{margin-top:3em;text-align:center}\n"
           "q::before{content:\"{\"}\n@media print{p{margin:0}}\nspan{display:block}\n")
    assert declaring_rules(css) == (
        '@charset "utf-8";\n@namespace epub "http://www.idpf.org/2007/ops";\n\np{text-indent:1em}\n'
        "\n\n@media print{p{margin:0}}\nspan{display:block}\n")
    assert _rules(declaring_rules(css)) == _rules(css)


def test_a_sheet_not_surely_read_alike_is_given_whole() -> None:
    for css in ("p{margin:0} q{color:red} r{x:\\31}", "p{margin:0} q{background:url(a.png)}", "p{margin:0} /* x",
                "p{margin:0} q{content:'a\nb'}", "p{margin:0} }", "p{margin:0} q{", "p{margin:0} q;{color:red}",
                "<!-- p{margin:0} -->"):
        assert declaring_rules(css) is css
