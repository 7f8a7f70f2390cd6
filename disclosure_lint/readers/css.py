"""The CSS an EPUB reader needs to know what a reader does not see: the few properties that
hide text, simple selectors, and a small cascade.

Only declarations that can hide text are kept (``display``, ``visibility``, ``font-size`` here;
colours, opacity, offsets and clipping in `css_hiding`, which says what hides text and computes
an element's look; see `declarations`), so a book's typography costs nothing. Selectors are
type, ``.class``, ``#id`` and ``[attr...]`` compounds, with the structural pseudo-classes
(``:first-child``, ``:nth-of-type(2n+1)``, ``:not(.x)``, ``:root``, ``:empty`` ...: `_pseudo`),
joined by descendant, ``>``, ``+`` or ``~`` (`parse_selector`); a rule with anything else (a
pseudo-element, a state such as ``:hover``, ``:lang()``) is dropped: what it would hide counts as
seen, and a background it would paint is not known (white text on a dark background given only
through ``:hover`` counts as white on the page). `RuleIndex` buckets rules by their
rightmost compound, as browsers do, and `RuleIndex.cascade` gives an element's winning value
per property (importance, specificity, order). tinycss2 is imported only for CSS that can hide
text (`css_may_hide`).

Loading style sheets (``<link>``, ``<style>``, ``@import``, media) is the EPUB reader's job
(`readers.epub.style`); the computed style it keeps per element is a `css_hiding.Look`.

Apart, and only when asked: the look of a block that could be a heading made only with CSS
(weight, size, alignment, case; `look_declarations`, `block_look`), through the same selectors
and cascade.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from .css_hiding import (
    FAMILIES,
    FAMILY_WORDS,
    HIDING_PROPERTIES,
    HIDING_WORDS,
    hiding_declarations,
    live_families,
)

if TYPE_CHECKING:
    from lxml import etree

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

DEFAULT_PX = 16.0
#: Relative font sizes that cannot turn readable text unreadable or back (headings at 1.5em,
#: small caps at .83em): skipped, because matching their selectors is most of the CSS cost.
NEUTRAL_SCALE = (0.6, 1.6)

LOCAL_NAMES: dict[str, str] = {}


def local_name(el: etree._Element) -> str:
    """Lower-case local name of an element ("" for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    local = LOCAL_NAMES.get(tag)
    if local is None:
        local = LOCAL_NAMES[tag] = tag.rpartition("}")[2].lower()
    return local


#: A parsed selector, right to left: [(compound, combinator to the next one on the left)].
#: (namespace or None or "*", name, operator or "", value).
_Attribute = tuple[str | None, str, str, str]
#: A structural pseudo-class (`_pseudo`): ("first-child",), ("nth-of-type", a, b), ("not", compounds) ...
_Pseudo = tuple[Any, ...]
#: (type or None, ids, classes, attribute conditions, pseudo-classes).
_Compound = tuple[str | None, tuple[str, ...], tuple[str, ...], tuple[_Attribute, ...], tuple[_Pseudo, ...]]
_Selector = tuple[tuple[_Compound, str], ...]
_Value = Any


class Rule:
    __slots__ = ("declarations", "order", "selector", "specificity")

    def __init__(self, selector: _Selector, specificity: tuple[int, int, int], order: int,
                 declarations: tuple[tuple[str, _Value, bool], ...]) -> None:
        self.selector = selector
        self.specificity = specificity
        self.order = order
        self.declarations = declarations


class RuleIndex:
    """Rules bucketed by the id, class or type of their rightmost compound, as browsers do."""

    def __init__(self, rules: list[Rule]) -> None:
        self.by_id: dict[str, list[Rule]] = {}
        self.by_class: dict[str, list[Rule]] = {}
        self.by_tag: dict[str, list[Rule]] = {}
        #: Attribute-only compounds, by (namespace, name): tried only on elements that have it.
        self.by_attribute: dict[str, list[Rule]] = {}
        self.universal: list[Rule] = []
        for rule in rules:
            tag, ids, classes, attrs, _ = rule.selector[0][0]
            if ids:
                self.by_id.setdefault(ids[0], []).append(rule)
            elif classes:
                self.by_class.setdefault(classes[0], []).append(rule)
            elif tag:
                self.by_tag.setdefault(tag, []).append(rule)
            elif attrs and attrs[0][0] != "*":
                namespace, name = attrs[0][0], attrs[0][1]
                key = f"{{{namespace}}}{name}" if namespace else name
                self.by_attribute.setdefault(key, []).append(rule)
            else:
                self.universal.append(rule)
        self.empty = not rules
        #: What `_matches` found for the ancestors and earlier siblings a selector walks to, by
        #: (element, selector, compound index): the lines of a poem share their paragraph, its
        #: paragraphs their poem, so each is matched once, not once per descendant (the
        #: elements are kept alive here, so they stay the same objects while the index lives).
        self.memo: dict[tuple[etree._Element, int, int], bool] = {}

    def fresh(self) -> RuleIndex:
        """An index of the same rules, sharing these buckets (never changed once made), with
        nothing matched yet: a book's chapters share their rules, each its own elements."""
        index = RuleIndex.__new__(RuleIndex)
        index.by_id, index.by_class, index.by_tag = self.by_id, self.by_class, self.by_tag
        index.by_attribute, index.universal, index.empty = self.by_attribute, self.universal, self.empty
        index.memo = {}
        return index

    def cascade(self, el: etree._Element, name: str | None = None) -> dict[str, tuple[tuple[Any, ...], _Value]]:
        """The winning declarations for `el` (its `local_name` in `name`, when the caller has it)."""
        out: dict[str, tuple[tuple[Any, ...], _Value]] = {}
        if self.empty:
            return out
        candidates: list[Rule] = list(self.universal)
        candidates.extend(self.by_tag.get(local_name(el) if name is None else name, ()))
        # An element's id and classes are asked only of a book whose rules name some (most
        # elements of a book match nothing: this runs for each).
        if self.by_id:
            ident = el.get("id")
            if ident:
                candidates.extend(self.by_id.get(ident, ()))
        if self.by_class:
            for cls in (el.get("class") or "").split():
                candidates.extend(self.by_class.get(cls, ()))
        if self.by_attribute:
            by_attribute = self.by_attribute
            for attribute in el.keys():  # noqa: SIM118  # an element's names (iterating it gives its children)
                if attribute in by_attribute:
                    candidates.extend(by_attribute[attribute])
        if not candidates:
            return out
        memo = self.memo
        for rule in candidates:
            if not _matches(el, rule.selector, 0, memo):
                continue
            for prop, value, important in rule.declarations:
                key = (important, 0, rule.specificity, rule.order)
                if prop not in out or key > out[prop][0]:
                    out[prop] = (key, value)
        return out

    def may_match(self, el: etree._Element, name: str) -> bool:
        """Whether a rule's rightmost compound may match the element named `name` (by its type,
        id, classes or attributes, as `cascade` gathers the rules to match)."""
        if self.universal or name in self.by_tag:
            return True
        if self.empty:
            return False
        if self.by_id and el.get("id") in self.by_id:
            return True
        if self.by_class:
            classes = el.get("class")
            if classes and not self.by_class.keys().isdisjoint(classes.split()):
                return True
        return bool(self.by_attribute) and any(str(key) in self.by_attribute for key in el.attrib)


def declarations(content: Any) -> tuple[tuple[str, _Value, bool], ...]:
    """Keep only the declarations that can hide text, with their values read.

    `content` is a rule's block (tokens) or an inline ``style`` attribute (a string).
    """
    if not content or (isinstance(content, str) and not css_may_hide(content)):
        return ()
    out: list[tuple[str, _Value, bool]] = []
    for decl in load_tinycss2().parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if decl.type != "declaration":
            continue
        tokens = [t for t in decl.value if t.type not in ("whitespace", "comment")]
        if decl.lower_name in HIDING_PROPERTIES:
            important = bool(decl.important)
            out.extend((prop, value, important) for prop, value in hiding_declarations(decl.lower_name, tokens))
            continue
        value = _css_value(decl.lower_name, tokens)
        if value is not None and not (isinstance(value, tuple) and value[0] == "rel"
                                      and NEUTRAL_SCALE[0] <= value[1] <= NEUTRAL_SCALE[1]):
            out.append((decl.lower_name, value, bool(decl.important)))
    return tuple(out)


#: The properties `_css_value` reads (with `HIDING_PROPERTIES`, all that `declarations` keeps).
VALUE_PROPERTIES = frozenset({"display", "visibility", "unicode-bidi", "direction", "font-size"})
#: Their names: a block where none is a whole identifier (in any ASCII case) declares nothing
#: `declarations` keeps. A declaration's name is one identifier, written out unless escaped,
#: after "{", ";", "}", whitespace or a comment: a run of a name's characters (``margin-top`` is
#: not ``top``).
_DECLARED = HIDING_PROPERTIES | VALUE_PROPERTIES
#: A run of a name's characters (ASCII letters and digits, "_", "-", any beyond ASCII).
_NAME_RUN = r"[^\x00-\x2c./:-@\[-^`{-\x7f]+"
#: What ends, opens or hides a construct of a style sheet from its tokenizer (tinycss2's): a
#: comment, a string, a block, a statement's end.
_STRUCTURE = r"/\*|[\"'{}()\[\];]"
#: Whitespace and comments between rules (tinycss2's whitespace, before it reads "\r" and "\f"
#: as line ends).
_BETWEEN = r"(?s:[ \t\n\r\f]+|/\*.*?\*/)*"
_CLOSING = {"{": "}", "(": ")", "[": "]"}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def declaring_rules(css: str) -> str:
    """`css` (a style sheet's text) without its top-level qualified rules whose block names no
    property that `declarations` keeps (`_DECLARED`): they give no `Rule` (`StyleSheets.
    parse_css` keeps only rules that declare something), and what tinycss2 reads of the rest is
    what it reads of the whole, so parsing this instead gives the same rules for less tokenizing
    (about half of a Standard Ebooks style sheet is typography: margins, alignment, fonts).

    The sheet's constructs are found as tinycss2's tokenizer and parser find them: a qualified
    rule ends with its first block (``{}`` outside any other bracket), an at-rule with its block
    or a ``;`` outside brackets; comments and strings hold no structure. Where the text holds
    what would make that harder to be sure of (a backslash, an unquoted ``url(``, ``<!--`` or
    ``-->``, a string broken by a line end, an unclosed comment, string or bracket, a closing
    bracket that closes nothing, a ``;`` before a qualified rule's block), it is given whole.
    At-rules (``@media`` and what it holds included) are kept as they are. In a rule's block
    that holds no block of its own, each declaration, to its ``;``, is read apart: one that
    names no property kept is left out too."""
    # (In ASCII only, as tinycss2 lowers names: a character beyond may lower to two, and the
    # places found in `css` are looked at in `low`.)
    low = css.lower() if css.isascii() else css.translate(_ASCII_LOWER)
    if "\\" in css or "url(" in low or "<!--" in css or "-->" in css:
        return css
    kept: list[str] = []
    start = 0  # what is kept runs from here to the next dropped rule
    pos, size = 0, len(css)
    # (The patterns compiled at the first sheet read, not at each start: most books need none.)
    search, between, names = re.compile(_STRUCTURE).search, re.compile(_BETWEEN).match, re.compile(_NAME_RUN).findall
    while True:
        pos = between(css, pos).end()  # type: ignore[union-attr]  # (matches the empty string)
        if pos >= size:
            break
        if css.startswith("/*", pos):
            return css  # a comment never closed
        at = css[pos] == "@" and _name_starts(css, pos + 1)
        rule = pos
        block = -1
        stack: list[str] = []
        # The ";" between the declarations of a qualified rule's block, unless it holds a block
        # of its own (a nested rule: then the rule is kept or left out whole).
        ends: list[int] | None = []
        while True:
            found = search(css, pos)
            if found is None:
                return css  # a rule never ended
            mark = found.group()
            pos = found.end()
            if mark == "/*":
                pos = css.find("*/", pos)
                if pos < 0:
                    return css
                pos += 2
            elif mark in "\"'":
                end = css.find(mark, pos)
                if end < 0 or "\n" in css[pos:end] or "\r" in css[pos:end] or "\f" in css[pos:end]:
                    return css
                pos = end + 1
            elif mark in _CLOSING:
                if mark == "{":
                    if not stack:
                        block = found.start()
                    else:
                        ends = None
                stack.append(_CLOSING[mark])
            elif mark == ";":
                if not stack:
                    if not at:
                        return css  # (tinycss2 would read on to a block: not worth following)
                    break
                if len(stack) == 1 and ends is not None and block >= 0:
                    ends.append(found.start())
            elif not stack or stack.pop() != mark:
                return css
            elif mark == "}" and not stack:
                break
        if at:
            continue
        if ends is None:
            if _DECLARED.isdisjoint(names(low, block, pos)):
                kept.append(css[start:rule])
                start = pos
            continue
        # Each declaration of the block, to its ";" (the last to the block's end): one that names
        # no property kept is left out (tinycss2 reads each apart, to its ";").
        starts = [block + 1, *[end + 1 for end in ends]]
        ends.append(pos - 1)
        declared = [css[first:last] for first, last in zip(starts, ends, strict=True)
                    if not _DECLARED.isdisjoint(names(low, first, last))]
        if not declared:
            kept.append(css[start:rule])
            start = pos
        elif len(declared) < len(ends):
            kept.append(css[start:block + 1])
            kept.append(";".join(declared))
            start = pos - 1
    if not kept:
        return css
    kept.append(css[start:])
    return "".join(kept)


def _name_starts(css: str, pos: int) -> bool:
    """Whether a name starts at `pos` (tinycss2's `_is_ident_start`, without escapes): an
    at-keyword, after "@"."""
    char = css[pos:pos + 1]
    if char == "-":
        char = css[pos + 1:pos + 2]
        if char == "-":
            return True
    return char == "_" or (char.isalpha() if char.isascii() else True)


_KEYWORD_PX = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0,
               "x-large": 24.0, "xx-large": 32.0, "xxx-large": 48.0}
_ABSOLUTE_UNITS = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4,
                   "q": 96 / 101.6}
_RELATIVE_UNITS = {"em": 1.0, "ex": 0.5, "ch": 0.5, "cap": 0.7, "ic": 1.0, "lh": 1.2}


#: The CSS words without which a style sheet or ``style`` attribute hides nothing: the properties
#: `_css_value` reads, those of `css_hiding`, and @import, which brings in another sheet. A
#: negative number (``text-indent: -9999px``, ``left: -999em``) is found by its minus sign.
_CSS_WORDS = ("display", "visibility", "font-size", "@import", "unicode-bidi", *HIDING_WORDS)
_CSS_WORDS_BYTES = tuple(word.encode("ascii") for word in _CSS_WORDS)


def css_may_hide(css: str | bytes) -> bool:
    """False when CSS certainly declares nothing that `declarations` keeps, so that it need not
    be parsed (nor tinycss2 imported, which costs more than the rest of this module).

    A property's name is one identifier token, so it is in the text, in any ASCII case (tinycss2
    lowers names in ASCII only), unless written with an escape: a backslash means a parse.
    Bytes are decoded by tinycss2 in an ASCII-compatible encoding, or as UTF-16, whose ASCII
    characters hold a NUL byte: a NUL means a parse too.
    """
    if isinstance(css, bytes):
        if b"\\" in css or b"\x00" in css:
            return True
        low = css.lower()
        return any(word in low for word in _CSS_WORDS_BYTES) or re.search(rb"-\.?\d", css) is not None
    if "\\" in css:
        return True
    text = css.lower()
    return any(word in text for word in _CSS_WORDS) or re.search(r"-\.?\d", css) is not None


def load_tinycss2() -> Any:  # tinycss2 has no type hints
    """tinycss2, imported when a book's CSS may hide text (see `css_may_hide`)."""
    import tinycss2

    return tinycss2


def _css_value(prop: str, tokens: list[Any]) -> _Value:
    if not tokens:
        return None
    token = tokens[0]
    if prop == "display":  # "none", "inline" (its box is its text's: no height, no indent) or "block"
        if token.type == "ident" and token.lower_value in ("none", "inline", "contents"):
            return "inline" if token.lower_value == "contents" else token.lower_value
        return "block"
    if prop == "visibility":
        if token.type == "ident" and token.lower_value in ("hidden", "collapse"):
            return "hidden"
        if token.type == "ident" and token.lower_value == "visible":
            return "visible"
        return None
    if prop in ("unicode-bidi", "direction"):  # a bidirectional override (`bidi_markup`)
        return token.lower_value if token.type == "ident" else None
    if prop == "font-size":
        if token.type == "number" and token.value == 0:
            return ("px", 0.0)
        if token.type == "dimension":
            unit = token.lower_unit
            if unit in _ABSOLUTE_UNITS:
                return ("px", token.value * _ABSOLUTE_UNITS[unit])
            if unit == "rem":
                return ("px", token.value * DEFAULT_PX)
            if unit in _RELATIVE_UNITS:
                return ("rel", token.value * _RELATIVE_UNITS[unit])
            return None  # viewport units and the like: size unknown, assume readable
        if token.type == "percentage":
            return ("rel", token.value / 100)
        if token.type == "ident":
            word = token.lower_value
            if word in _KEYWORD_PX:
                return ("px", _KEYWORD_PX[word])
            if word == "smaller":
                return ("rel", 1 / 1.2)
            if word == "larger":
                return ("rel", 1.2)
            if word == "initial":
                return ("px", DEFAULT_PX)
        return None
    return None


def split_selectors(prelude: list[Any]) -> Iterator[list[Any]]:
    current: list[Any] = []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            yield current
            current = []
        elif token.type != "comment":
            current.append(token)
    yield current


def parse_selector(tokens: list[Any], namespaces: dict[str, str]) -> _Selector | None:
    """Parse type, .class, #id, [attr...] compounds, with structural pseudo-classes (`_pseudo`),
    joined by descendant, >, + or ~.

    Anything else (other pseudo-classes, pseudo-elements such as ::after, which style generated
    content and not the element) makes the selector unsupported: it then hides nothing.
    """
    compounds: list[tuple[_Compound, str]] = []
    tag: str | None = None
    ids: list[str] = []
    classes: list[str] = []
    attrs: list[tuple[str | None, str, str, str]] = []
    pseudos: list[_Pseudo] = []
    empty = True
    combinator = ""
    pending_combinator: str | None = None
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if t.type == "whitespace":
            if not empty:
                pending_combinator = pending_combinator or " "
            i += 1
            continue
        if t.type == "literal" and t.value in (">", "+", "~"):
            if empty and not compounds:
                return None
            pending_combinator = t.value
            i += 1
            continue
        if pending_combinator is not None:
            if empty:
                return None
            compounds.append(((tag, tuple(ids), tuple(classes), tuple(attrs), tuple(pseudos)), combinator))
            combinator = pending_combinator
            tag, ids, classes, attrs, pseudos, empty = None, [], [], [], [], True
            pending_combinator = None
        if t.type == "ident" or (t.type == "literal" and t.value == "*"):
            if not empty:
                return None
            # An optional namespace prefix: ns|type, *|type.
            if i + 1 < n and tokens[i + 1].type == "literal" and tokens[i + 1].value == "|":
                if i + 2 >= n:
                    return None
                t = tokens[i + 2]
                if not (t.type == "ident" or (t.type == "literal" and t.value == "*")):
                    return None
                i += 2
            tag = t.lower_value if t.type == "ident" else None
            empty = False
            i += 1
        elif t.type == "hash" and t.is_identifier:
            ids.append(t.value)
            empty = False
            i += 1
        elif t.type == "literal" and t.value == "." and i + 1 < n and tokens[i + 1].type == "ident":
            classes.append(tokens[i + 1].value)
            empty = False
            i += 2
        elif t.type == "[] block":
            attr = _parse_attribute(t.content, namespaces)
            if attr is None:
                return None
            attrs.append(attr)
            empty = False
            i += 1
        elif t.type == "literal" and t.value == ":" and i + 1 < n:
            pseudo = _pseudo(tokens[i + 1], namespaces)
            if pseudo is None:
                return None  # a pseudo-element, a state (:hover), :lang() ...: unsupported
            pseudos.append(pseudo)
            empty = False
            i += 2
        else:
            return None  # functions, nesting: unsupported
    if empty:
        return None
    compounds.append(((tag, tuple(ids), tuple(classes), tuple(attrs), tuple(pseudos)), combinator))
    # Right to left, each compound carrying the combinator that links it to the one on its left.
    return tuple(reversed(compounds))


#: The pseudo-classes read: those a page shows as it stands, by the element's place in the
#: document (no state: :hover, :focus, :checked match nothing on a page nobody touches).
_STRUCTURAL = frozenset(("first-child", "last-child", "only-child", "first-of-type", "last-of-type",
                         "only-of-type", "root", "empty", "link", "any-link"))
_NTH = frozenset(("nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type"))


def _pseudo(token: Any, namespaces: dict[str, str]) -> _Pseudo | None:
    """A pseudo-class after ":" (`token`), or None where it is not one `_pseudo_matches` reads."""
    if token.type == "ident" and token.lower_value in _STRUCTURAL:
        return (token.lower_value,)
    if token.type != "function":
        return None
    if token.lower_name in _NTH:
        from tinycss2.nth import parse_nth

        arguments = [a for a in token.arguments if a.type != "comment"]
        if any(a.type == "ident" and a.lower_value == "of" for a in arguments):
            return None  # :nth-child(2 of .x)
        nth = parse_nth(arguments)
        return None if nth is None else (token.lower_name, nth[0], nth[1])
    if token.lower_name == "not":
        compounds: list[_Compound] = []
        for part in split_selectors(token.arguments):
            parsed = parse_selector(part, namespaces)
            if parsed is None or len(parsed) != 1:
                return None  # :not() of a combinator, or of what is not read
            compounds.append(parsed[0][0])
        return ("not", tuple(compounds)) if compounds else None
    return None


def _siblings(el: etree._Element, following: bool, same_type: bool) -> Iterator[etree._Element]:
    """The element siblings before (or after) `el`, of its type if `same_type` (text, comments and
    processing instructions aside)."""
    for sibling in el.itersiblings(preceding=not following):
        if isinstance(sibling.tag, str) and (not same_type or sibling.tag == el.tag):
            yield sibling


def _nth(index: int, a: int, b: int) -> bool:
    """Is `index` (from 1) a*n + b for some n >= 0?"""
    if a == 0:
        return index == b
    return (index - b) % a == 0 and (index - b) // a >= 0


def _pseudo_matches(el: etree._Element, pseudo: _Pseudo) -> bool:
    name = pseudo[0]
    if name == "not":
        return not any(_compound_matches(el, compound) for compound in pseudo[1])
    if name == "root":
        return el.getparent() is None
    if name == "empty":
        return not el.text and all(not isinstance(child.tag, str) and not child.tail for child in el)
    if name in ("link", "any-link"):
        return local_name(el) in ("a", "area") and el.get("href") is not None
    if el.getparent() is None:
        return False  # the root is no child of anything
    same_type = "type" in name
    if name.startswith("nth"):
        following = name.startswith("nth-last")
        index = 1 + sum(1 for _ in _siblings(el, following, same_type))
        return _nth(index, pseudo[1], pseudo[2])
    first = name.startswith(("first", "only"))
    last = name.startswith(("last", "only"))
    return (not first or next(_siblings(el, False, same_type), None) is None) and (
        not last or next(_siblings(el, True, same_type), None) is None)


def _parse_attribute(content: list[Any], namespaces: dict[str, str]) -> _Attribute | None:
    tokens = [t for t in content if t.type not in ("whitespace", "comment")]
    namespace: str | None = None
    if len(tokens) >= 3 and tokens[1].type == "literal" and tokens[1].value == "|":
        prefix = tokens[0]
        if prefix.type == "literal" and prefix.value == "*":
            namespace = "*"
        elif prefix.type == "ident" and prefix.value in namespaces:
            namespace = namespaces[prefix.value]
        else:
            return None
        tokens = tokens[2:]
    if not tokens or tokens[0].type != "ident":
        return None
    name = tokens[0].value
    if len(tokens) == 1:
        return (namespace, name, "", "")
    if len(tokens) != 3 or tokens[1].type != "literal" or tokens[2].type not in ("ident", "string"):
        return None
    op = tokens[1].value
    if op not in ("=", "~=", "|=", "^=", "$=", "*="):
        return None
    return (namespace, name, op, tokens[2].value)


def specificity(selector: _Selector) -> tuple[int, int, int]:
    a = b = c = 0
    for compound, _ in selector:
        x, y, z = _compound_specificity(compound)
        a, b, c = a + x, b + y, c + z
    return (a, b, c)


def _compound_specificity(compound: _Compound) -> tuple[int, int, int]:
    tag, ids, classes, attrs, pseudos = compound
    a, b, c = len(ids), len(classes) + len(attrs), 1 if tag else 0
    for pseudo in pseudos:
        if pseudo[0] == "not":  # that of its most specific argument
            x, y, z = max(_compound_specificity(compound) for compound in pseudo[1])
            a, b, c = a + x, b + y, c + z
        else:
            b += 1
    return (a, b, c)


def _compound_matches(el: etree._Element, compound: _Compound) -> bool:
    tag, ids, classes, attrs, pseudos = compound
    if tag is not None and local_name(el) != tag:
        return False
    if ids and el.get("id") not in ids:
        return False
    if classes:
        have = (el.get("class") or "").split()
        if any(c not in have for c in classes):
            return False
    for namespace, name, op, expected in attrs:
        value = _attribute(el, namespace, name)
        if value is None:
            return False
        if op == "=" and value != expected:
            return False
        if op == "~=" and expected not in value.split():
            return False
        if op == "|=" and not (value == expected or value.startswith(expected + "-")):
            return False
        if op == "^=" and not (expected and value.startswith(expected)):
            return False
        if op == "$=" and not (expected and value.endswith(expected)):
            return False
        if op == "*=" and not (expected and expected in value):
            return False
    if pseudos:  # (no generator made for the many compounds without one)
        return all(_pseudo_matches(el, pseudo) for pseudo in pseudos)
    return True


def _attribute(el: etree._Element, namespace: str | None, name: str) -> str | None:
    if namespace is None:
        return el.get(name)
    if namespace == "*":
        for key, value in el.attrib.items():
            if key == name or str(key).endswith("}" + name):
                return str(value)
        return None
    return el.get(f"{{{namespace}}}{name}")


#: The compound that matches every element (``*``, or a selector's part left empty).
_ANY: _Compound = (None, (), (), (), ())


def _matches(el: etree._Element, selector: _Selector, i: int,
             memo: dict[tuple[etree._Element, int, int], bool]) -> bool:
    compound, combinator = selector[i]
    if compound != _ANY and not _compound_matches(el, compound):  # (``*``: every element, no call)
        return False
    if i + 1 == len(selector):
        return True
    if combinator == ">":
        up = el.getparent()
        return up is not None and _matches_at(up, selector, i + 1, memo)
    if combinator == " ":
        return _ancestor_matches(el.getparent(), selector, i + 1, memo)
    sibling = el.getprevious()
    while sibling is not None:
        if isinstance(sibling.tag, str):
            if _matches_at(sibling, selector, i + 1, memo):
                return True
            if combinator == "+":
                return False
        sibling = sibling.getprevious()
    return False


def _matches_at(el: etree._Element, selector: _Selector, i: int,
                memo: dict[tuple[etree._Element, int, int], bool]) -> bool:
    """`_matches` for an element a selector walked to (a parent, an earlier sibling), kept."""
    key = (el, id(selector), i)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _matches(el, selector, i, memo)
    return found


def _ancestor_matches(up: etree._Element | None, selector: _Selector, i: int,
                      memo: dict[tuple[etree._Element, int, int], bool]) -> bool:
    """Does `up` or one of its ancestors match the selector from compound `i` on? Kept for each
    element walked through (as a negative index), so that siblings' walks stop at their parent."""
    walked: list[etree._Element] = []
    found = False
    ident = id(selector)
    while up is not None:
        known = memo.get((up, ident, -i))
        if known is not None:
            found = known
            break
        walked.append(up)
        if _matches_at(up, selector, i, memo):
            found = True
            break
        up = up.getparent()
    for node in walked:
        memo[(node, ident, -i)] = found
    return found


#: Media features a reading system does not have by default: a dark colour scheme, forced or
#: inverted colours (a book's night theme would otherwise paint its day text on a dark page).
_NOT_DEFAULT = ("prefers-color-scheme:dark", "forced-colors:active", "inverted-colors:inverted")


def media_applies(media: str | None) -> bool:
    """A stylesheet for screens (or all media) applies; print, speech, a device query or a
    feature a reading system does not have by default (`_NOT_DEFAULT`) does not."""
    if media is None or not media.strip():
        return True
    for query in media.lower().split(","):
        words = query.split()
        if not words or words[0] == "not" or any(f in "".join(words) for f in _NOT_DEFAULT):
            continue
        if words[0] in ("all", "screen") or words[0].startswith("("):
            return True
        if words[0] == "only" and len(words) > 1 and words[1] in ("all", "screen"):
            return True
    return False


# --- the look of a heading ----------------------------------------------------------------------
#
# Apart from what hides text: a heading made only with CSS (calibre writes a Word manuscript's
# bold, centred headings as ``<p class="block_3">``) is read from its weight, size, alignment and
# case. These rules are loaded only for a paragraph that could be such a heading
# (`readers.epub.walk`), so a book's typography still costs nothing when its headings are marked up.

#: The CSS words without which a style sheet gives nothing the look of a heading.
_LOOK_WORDS = ("font-weight", "text-align", "font-size", "text-transform", "@import")
_LOOK_WORDS_BYTES = tuple(word.encode("ascii") for word in _LOOK_WORDS)
#: Type this much larger than the text of the page looks like a heading's.
LARGER = 1.2
#: What HTML's own style sheet gives the elements a converter uses for emphasis.
_HTML_LOOK: dict[str, tuple[tuple[str, _Value], ...]] = {
    "b": (("font-weight", True),), "strong": (("font-weight", True),), "th": (("font-weight", True),),
    "big": (("font-size", ("rel", 1.2)),), "small": (("font-size", ("rel", 1 / 1.2)),),
    "center": (("text-align", "center"),),
}


def css_may_style(css: str | bytes) -> bool:
    """False when CSS certainly declares nothing that `look_declarations` keeps (as `css_may_hide`)."""
    if isinstance(css, bytes):
        if b"\\" in css or b"\x00" in css:
            return True
        low = css.lower()
        return any(word in low for word in _LOOK_WORDS_BYTES)
    if "\\" in css:
        return True
    text = css.lower()
    return any(word in text for word in _LOOK_WORDS)


def look_declarations(content: Any) -> tuple[tuple[str, _Value, bool], ...]:
    """Keep only the declarations that give text a heading's look: weight, size, alignment, case."""
    if not content or (isinstance(content, str) and not css_may_style(content)):
        return ()
    out: list[tuple[str, _Value, bool]] = []
    for decl in load_tinycss2().parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if decl.type != "declaration" or decl.lower_name not in _LOOK_WORDS:
            continue
        tokens = [t for t in decl.value if t.type not in ("whitespace", "comment")]
        value = _look_value(decl.lower_name, tokens)
        if value is not None:
            out.append((decl.lower_name, value, bool(decl.important)))
    return tuple(out)


def _look_value(prop: str, tokens: list[Any]) -> _Value:
    if not tokens:
        return None
    token = tokens[0]
    if prop == "font-size":
        return _css_value(prop, tokens)
    if prop == "font-weight":
        if token.type == "number":
            return token.value >= 600
        if token.type == "ident" and token.lower_value in ("bold", "bolder", "normal", "lighter"):
            return token.lower_value in ("bold", "bolder")
        return None
    if token.type != "ident":
        return None
    if prop == "text-align":
        return "center" if token.lower_value in ("center", "-webkit-center", "-moz-center") else "other"
    if prop == "text-transform":
        return token.lower_value == "uppercase"
    return None


class Look(NamedTuple):
    """How a block of text looks, as far as telling a heading goes."""

    bold: bool
    centred: bool
    #: In capitals through CSS (``text-transform: uppercase``); capitals typed as such are the
    #: text's own.
    caps: bool
    #: Type larger than the page's (`LARGER` times the ``body``'s size or more).
    larger: bool


#: What text inherits, as far as its look goes: (bold, centred, capitals, font size in px). A
#: plain tuple: a record class would cost more to define than most books spend here.
_LookState = tuple[bool, bool, bool, float]
_PAGE: _LookState = (False, False, False, DEFAULT_PX)


def _apply_look(el: etree._Element, state: _LookState, rules: RuleIndex) -> _LookState:
    name = local_name(el)
    decls: dict[str, tuple[tuple[Any, ...], _Value]] = {}
    for prop, value in _HTML_LOOK.get(name, ()):
        decls[prop] = ((False, -1, (0, 0, 0), 0), value)
    if (el.get("align") or "").lower() == "center":
        decls["text-align"] = ((False, -1, (0, 0, 0), 0), "center")
    for prop, found in rules.cascade(el).items():
        if prop not in decls or found[0] > decls[prop][0]:
            decls[prop] = found
    inline = el.get("style")
    if inline:
        for prop, value, important in look_declarations(inline):
            key = (important, 1, (0, 0, 0), 0)
            if prop not in decls or key > decls[prop][0]:
                decls[prop] = (key, value)
    if not decls:
        return state
    bold, centred, caps, px = state
    for prop, (_, value) in decls.items():
        if prop == "font-weight":
            bold = bool(value)
        elif prop == "text-align":
            centred = value == "center"
        elif prop == "text-transform":
            caps = bool(value)
        elif prop == "font-size" and isinstance(value, tuple):
            unit, amount = value
            px = amount if unit == "px" else px * amount
    return (bold, centred, caps, px)


def block_look(el: etree._Element, rules: RuleIndex, skipped: frozenset[str] = frozenset()) -> Look:
    """The look of a block's text, through the cascade of `rules`, inline styles, inheritance
    and HTML's defaults (``<b>``, ``<strong>``, ``<center>``, ``align="center"``).

    Bold, capitals and larger type count when all the block's text has them (a bold word in a
    sentence does not make a heading); centred is the block's own alignment. Elements named in
    `skipped` (script, style ...) hold no text.
    """
    chain = [el, *el.iterancestors()]
    state = _PAGE
    page_px = DEFAULT_PX
    for node in reversed(chain):
        state = _apply_look(node, state, rules)
        if local_name(node) == "body":
            page_px = state[3]
    pieces: list[_LookState] = []
    _text_looks(el, state, rules, skipped, pieces)
    centred = state[1]
    if not pieces:
        return Look(False, centred, False, False)
    return Look(
        bold=all(bold for bold, _, _, _ in pieces),
        centred=centred,
        caps=all(caps for _, _, caps, _ in pieces),
        larger=all(px >= page_px * LARGER for _, _, _, px in pieces),
    )


def _text_looks(el: etree._Element, state: _LookState, rules: RuleIndex, skipped: frozenset[str],
                out: list[_LookState]) -> None:
    if el.text and not el.text.isspace():
        out.append(state)
    for child in el:
        if isinstance(child.tag, str) and local_name(child) not in skipped:
            _text_looks(child, _apply_look(child, state, rules), rules, skipped, out)
        if child.tail and not child.tail.isspace():
            out.append(state)


class Pruner:
    """A document's rules without the declarations of hiding families (`css_hiding.FAMILIES`)
    that cannot hide in it: no declaration of the rules hides with them, and the document's own
    markup (its ``style`` attributes) does not name them. The answers are kept for the same
    rules: a book's chapters share their style sheets."""

    def __init__(self) -> None:
        self._families: dict[tuple[int, ...], tuple[frozenset[str], frozenset[str]]] = {}
        self._pruned: dict[tuple[tuple[int, ...], frozenset[str]], list[Rule]] = {}
        #: The last list asked about, its key and the families that may be dead in a document:
        #: a book's chapters ask about one list (`StyleSheets.document_rules` keeps it).
        self._last: tuple[list[Rule], tuple[int, ...], frozenset[str]] | None = None

    def __call__(self, rules: list[Rule], raw: bytes, named: Mapping[bytes, bool] | None = None) -> list[Rule]:
        """`rules` less what cannot hide in the document `raw`; `named`: whether `raw` holds some
        of the words of `FAMILY_WORDS`, when the caller has looked already (each look is a scan
        of the whole document)."""
        last = self._last
        if last is not None and last[0] is rules:
            _, key, maybe = last
        else:
            key = tuple(map(id, rules))
            families = self._families.get(key)
            if families is None:
                declared = [(prop, value) for rule in rules for prop, value, _ in rule.declarations]
                present = frozenset(family for prop, _ in declared for family in FAMILIES.get(prop, ()))
                families = self._families[key] = (present, frozenset(live_families(iter(declared))))
            maybe = families[0] - families[1]
            self._last = (rules, key, maybe)
        dead = frozenset(family for family in maybe if not _names(FAMILY_WORDS[family], raw, named))
        if not dead:
            return rules
        pruned = self._pruned.get((key, dead))
        if pruned is None:
            pruned = self._pruned[(key, dead)] = []
            for rule in rules:
                kept = tuple(d for d in rule.declarations if not _pruned(d[0], dead))
                if len(kept) == len(rule.declarations):
                    pruned.append(rule)
                elif kept:
                    pruned.append(Rule(rule.selector, rule.specificity, rule.order, kept))
        return pruned


def _names(word: bytes, raw: bytes, named: Mapping[bytes, bool] | None) -> bool:
    """Whether the document `raw` holds `word` (`named` says so, else a scan does)."""
    if named is not None and word in named:
        return named[word]
    return raw.find(word) >= 0  # (`word in raw` first tries `word` as an int: an error made and cleared)


def _pruned(prop: str, dead: frozenset[str]) -> bool:
    families = FAMILIES.get(prop)
    return families is not None and dead.issuperset(families)
