"""What the book's CSS does to its text: the style sheets, and each element's computed look.

Visibility follows what a reading system renders: the ``hidden`` attribute, and CSS inline or
through the book's style sheets (simple selectors, parsed with tinycss2; the selector and cascade
engine is `css`): ``display:none``, ``visibility:hidden``/``collapse``, opacity, text coloured like
its background, a font too small to read, text moved off the page or clipped out of sight, as
`css_hiding` defines them (and ``<font color>``, a presentational hint under every rule); the
root ``html`` element's style counts too. ``aria-hidden`` hides nothing from a sighted reader, so
it is visible. Text in a pop-up footnote (an ``aside`` with a note's ``epub:type``) or a
non-linear spine item is seen, but easy to miss.

- `StyleSheets`: the rules of the style sheets a document links (through ``@import``, for the
  media a reading system shows) and embeds, in cascade order. A sheet in which nothing can hide
  text (`css.css_may_hide`) is not parsed at all; the rules that give a heading's look
  (`css.look_declarations`) are read apart, only when a paragraph could be a heading made with CSS.
- `Style` and `compute_style`: what an element's text inherits, with where its hiding began.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import Any

from lxml import etree

from ..css import (
    LOCAL_NAMES,
    Pruner,
    Rule,
    RuleIndex,
    css_may_hide,
    css_may_style,
    declarations,
    declaring_rules,
    load_tinycss2,
    local_name,
    look_declarations,
    media_applies,
    parse_selector,
    specificity,
    split_selectors,
)
from ..css_hiding import HIDDEN_ATTRIBUTE, HINTED_ELEMENTS, SVG_PAINTED, Look, html_colours, svg_presentation
from ..safety import read_member
from .container import Container
from .layout import box_declarations, css_may_place
from .markup import BLOCK_TAGS, EPUB_TYPE, NOTE_TYPES, XHTML_NS, first

_HEAD = f"{{{XHTML_NS}}}head"
#: Where text of a spine item marked linear="no" lives, in a writer's words.
NON_LINEAR = "a non-linear item (outside the reading order)"
#: Pop-up notes (EPUB 3 `aside epub:type="footnote"`) are hidden until a reader taps the noteref.
FOOTNOTE = "a pop-up footnote"


class StyleSheets:
    """The book's style sheets, each read and parsed at most once (twice: for hiding, and for a
    heading's look)."""

    __slots__ = ("book", "css_cache", "css_data", "documents", "every_sheet", "indexes", "layout_cache", "look_cache",
                 "pruner", "rule_order", "unparsed")

    def __init__(self, book: Container) -> None:
        self.book = book
        self.css_cache: dict[str, list[Rule]] = {}
        #: The rules that give a heading's look, by style sheet (read only when a paragraph
        #: could be a heading made with CSS), and the raw sheets they are parsed from.
        self.look_cache: dict[str, list[Rule]] = {}
        #: The rules that place boxes on a fixed page (`layout.box_declarations`), by style sheet:
        #: read only for a fixed-layout document.
        self.layout_cache: dict[str, list[Rule]] = {}
        self.css_data: dict[str, bytes] = {}
        #: Style sheets not parsed, since nothing in them can hide (`css.css_may_hide`), and
        #: whether the document being read needs every sheet parsed all the same.
        self.unparsed: set[str] = set()
        self.every_sheet = False
        self.pruner = Pruner()
        self.rule_order = 0
        #: The rules of a document's head (`document_rules`), by what decides them: the links
        #: its head holds, its folder, whether every sheet is parsed, and the rules parsed so far.
        self.documents: dict[tuple[Any, ...], list[Rule]] = {}
        #: The indexes of the rule lists met last (`index`), by the list's id, with the list.
        self.indexes: dict[int, tuple[list[Rule], RuleIndex, RuleIndex | None]] = {}

    def index(self, rules: list[Rule], hiding: bool = False) -> RuleIndex:
        """`css.RuleIndex(rules)`, or with `hiding` that of the rules that may change what an
        element's text inherits (`neutral_rule`), made once for a list of rules met again (a
        book's chapters share theirs: `document_rules`), each given fresh (`RuleIndex.fresh`)."""
        indexes = self.indexes
        found = indexes.get(id(rules))
        if found is None or found[0] is not rules:
            if len(indexes) >= 8:
                indexes.clear()
            found = indexes[id(rules)] = (rules, RuleIndex(rules), None)
        if not hiding:
            return found[1].fresh()
        index = found[2]
        if index is None:
            index = RuleIndex([rule for rule in rules if not neutral_rule(rule)])
            indexes[id(rules)] = (rules, found[1], index)
        return index.fresh()

    def document_rules(self, root: etree._Element, member: str, base: str, *,
                       look: bool = False, layout: bool = False) -> list[Rule]:
        """The rules of the stylesheets a document links and embeds, in cascade order: those that
        can hide text, or with `look` those that give a heading's look (`css.look_declarations`),
        or with `layout` those that place boxes on a fixed page (`layout.box_declarations`)."""
        # (The root's first child, where it is the head: what `first` finds, with no iterator made.)
        head = root[0] if root.tag != _HEAD and len(root) and root[0].tag == _HEAD else first(root, XHTML_NS, "head")
        rules: list[Rule] = []
        if head is None:
            return rules
        key: tuple[Any, ...] | None = None
        if not (look or layout):
            # What decides the rules (a `<style>` element's are made anew, each with its order:
            # not kept): the same as a document's read before gives the same list.
            links: list[tuple[str | None, ...]] | None = []
            for el in head:
                tag = el.tag
                name = (LOCAL_NAMES.get(tag) or local_name(el)) if isinstance(tag, str) else ""
                if name == "link":
                    links.append((el.get("media"), el.get("rel"), el.get("href")))  # type: ignore[union-attr]
                elif name == "style":
                    links = None
                    break
            if links is not None:
                key = (tuple(links), base, self.every_sheet, self.rule_order)
                kept = self.documents.get(key)
                if kept is not None:
                    return kept
        warned = len(self.book.warnings)
        for el in head:
            name = local_name(el)
            if not media_applies(el.get("media")):
                continue
            if name == "link":
                rel = (el.get("rel") or "").lower().split()
                if "stylesheet" not in rel or "alternate" in rel or not el.get("href"):
                    continue
                target, _ = self.book.resolve(base, el.get("href", ""), what="stylesheet", member=member,
                                              warn_external=True)
                if target is not None:
                    rules.extend(self.stylesheet(target, member, depth=0, look=look, layout=layout))
            elif name == "style":
                text = "".join(el.itertext())
                wanted = (css_may_place(text) if layout else css_may_style(text) if look
                          else (self.every_sheet or css_may_hide(text)))
                if wanted:
                    rules.extend(self.parse_css(load_tinycss2().parse_stylesheet(
                        text, skip_comments=True, skip_whitespace=True), base, member, depth=0,
                        look=look, layout=layout))
        if key is not None and len(self.book.warnings) == warned:  # (a warning is told for each document)
            if len(self.documents) >= 64:
                self.documents.clear()
            # (The sheets parsed for it, if any, are kept: what they give from now on.)
            self.documents[(*key[:3], self.rule_order)] = rules
        return rules

    def stylesheet(self, target: str, referrer: str, depth: int, *, look: bool = False,
                   layout: bool = False) -> list[Rule]:
        book = self.book
        member = book.find(target)
        if member is None:
            book.warn(f"stylesheet {target!r} is missing from the EPUB", referrer)
            return []
        apart = look or layout
        cache = self.layout_cache if layout else self.look_cache if look else self.css_cache
        reparse = not apart and self.every_sheet and member in self.unparsed
        if member in cache and not reparse:
            return cache[member]
        cache[member] = []  # an @import loop ends here
        if not apart:
            self.unparsed.discard(member)
        if member in book.encrypted:
            return []
        data = self.css_data.get(member)
        if data is None:
            data = self.css_data[member] = read_member(book.zf, member, book.limits, book.budget)
        if layout:
            if not css_may_place(data):
                return []
        elif look:
            if not css_may_style(data):
                return []
        elif not self.every_sheet and not css_may_hide(data):
            self.unparsed.add(member)
            return []
        tinycss2 = load_tinycss2()
        if apart:
            parsed, _ = tinycss2.parse_stylesheet_bytes(data, skip_comments=True, skip_whitespace=True)
        else:  # decoded as `parse_stylesheet_bytes` does, less the rules that declare nothing kept
            text, _ = tinycss2.bytes.decode_stylesheet_bytes(data)
            parsed = tinycss2.parse_stylesheet(declaring_rules(text), skip_comments=True, skip_whitespace=True)
        rules = self.parse_css(parsed, posixpath.dirname(member), member, depth, look=look, layout=layout)
        cache[member] = rules
        return rules

    def parse_css(self, nodes: Iterable[Any], base: str, member: str, depth: int,
                  namespaces: dict[str, str] | None = None, *, look: bool = False,
                  layout: bool = False) -> list[Rule]:
        namespaces = {} if namespaces is None else namespaces
        rules: list[Rule] = []
        for node in nodes:
            if node.type == "at-rule":
                keyword = node.lower_at_keyword
                if keyword == "namespace":
                    tokens = [t for t in node.prelude if t.type not in ("whitespace", "comment")]
                    if len(tokens) == 2 and tokens[0].type == "ident" and tokens[1].type in ("string", "url"):
                        namespaces[tokens[0].value] = tokens[1].value
                elif keyword == "import" and depth < 4:
                    tokens = [t for t in node.prelude if t.type not in ("whitespace", "comment")]
                    if tokens and tokens[0].type in ("string", "url"):
                        media = load_tinycss2().serialize(tokens[1:]).strip() or None
                        target, _ = self.book.resolve(base, tokens[0].value, what="@import", member=member,
                                                      warn_external=False)
                        if target is not None and media_applies(media):
                            rules.extend(self.stylesheet(target, member, depth + 1, look=look, layout=layout))
                elif keyword in ("media", "supports") and node.content is not None:
                    if keyword == "media" and not media_applies(load_tinycss2().serialize(node.prelude)):
                        continue
                    inner = load_tinycss2().parse_rule_list(node.content, skip_comments=True,
                                                            skip_whitespace=True)
                    rules.extend(self.parse_css(inner, base, member, depth, namespaces, look=look,
                                                layout=layout))
                continue
            if node.type != "qualified-rule":
                continue
            decls = (box_declarations(node.content) if layout else look_declarations(node.content) if look
                     else declarations(node.content))
            if not decls:
                continue
            for selector in split_selectors(node.prelude):
                parsed = parse_selector(selector, namespaces)
                if parsed is None:
                    continue
                self.rule_order += 1
                rules.append(Rule(parsed, specificity(parsed), self.rule_order, decls))
        return rules


class Style(Look):
    """What an element's text inherits (`css_hiding.Look`), and where its hiding began. Never
    changed once `compute_style` returns it, so an element that changes nothing shares its
    parent's."""

    __slots__ = ("direction", "hidden_root", "override", "where")

    def __init__(self, where: str | None = None) -> None:
        super().__init__()
        #: Element where the current hiding began (one HiddenText per such element).
        self.hidden_root: etree._Element | None = None
        #: For text easy to miss (a footnote, a non-linear item): where it is.
        self.where = where
        #: The CSS `direction` declared here or inherited ("rtl", "ltr"), None when none is.
        self.direction: str | None = None
        #: This element's own `unicode-bidi` override ("bidi-override", "isolate-override"),
        #: not inherited; its direction is `direction` (else the `dir` attribute's).
        self.override: str | None = None

    def child(self) -> Style:
        style = Style.__new__(Style)
        self.copy_into(style)
        style.hidden_root, style.where = self.hidden_root, self.where
        style.direction, style.override = self.direction, None
        return style


_NONE = ((), "none")
#: The local names of `SVG_PAINTED`: an element named otherwise is not one (its tag need not be asked).
SVG_NAMES = frozenset(tag.rpartition("}")[2].lower() for tag in SVG_PAINTED)
#: The `display` values that show the text (`css._css_value`): the box's kind matters only with
#: a declaration a box takes (``text-indent``, a height with ``overflow``).
_NEUTRAL_DISPLAY = frozenset({"block", "inline"})


def neutral(decls: dict[str, tuple[tuple[Any, ...], Any]]) -> bool:
    """Whether cascaded declarations change nothing an element's text inherits: none, or only a
    box of another kind (a poem's lines as blocks): what a block's box can do (an indent, a
    clipped height) is declared apart."""
    return not decls or (len(decls) == 1 and decls.get("display", _NONE)[1] in _NEUTRAL_DISPLAY)


def neutral_rule(rule: Rule) -> bool:
    """Whether a rule declares only a box of another kind (see `neutral`)."""
    return all(prop == "display" and value in _NEUTRAL_DISPLAY for prop, value, _ in rule.declarations)


def compute_style(rules: RuleIndex, el: etree._Element, name: str, parent: Style) -> Style:
    """The style of an element named `name`, under the document's `rules`, inheriting `parent`
    (unchanged where the cascade gives nothing but what `neutral` allows, written out here: this
    runs for every element)."""
    decls = {} if rules.empty else rules.cascade(el, name)
    inline = el.get("style")
    if (not decls or (len(decls) == 1 and decls.get("display", _NONE)[1] in _NEUTRAL_DISPLAY)) \
            and not inline and name != "aside" and el.get("hidden") is None and (
            name not in HINTED_ELEMENTS or not (el.get("bgcolor") or (name == "font" and el.get("color")))
    ) and (name not in SVG_NAMES or el.tag not in SVG_PAINTED):
        # Nothing here can change what the text inherits (most elements of a book): the
        # full computation would give a copy of the parent's style.
        return parent
    style = parent.child()
    before = parent.why
    if name == "aside" and NOTE_TYPES.intersection((el.get(EPUB_TYPE) or "").split()):
        style.where = style.where or FOOTNOTE
    if style.gone is None and el.get("hidden") is not None:
        style.gone = HIDDEN_ATTRIBUTE
    if inline:
        for prop, value, important in declarations(inline):
            key = (important, 1, (0, 0, 0), 0)
            if prop not in decls or key > decls[prop][0]:
                decls[prop] = (key, value)
    if name in HINTED_ELEMENTS:
        for prop, value in html_colours(name, el.get):
            if prop not in decls:
                decls[prop] = ((False, 0, (0, 0, 0), -1), value)
    if el.tag in SVG_PAINTED:
        for prop, value in svg_presentation(str(el.tag), el.get, el):
            if prop not in decls or prop == "color":  # fill, not color, paints SVG text
                decls[prop] = ((False, 0, (0, 0, 0), -1), value)
    style.apply(parent, {prop: value for prop, (_, value) in decls.items()}, name in BLOCK_TAGS)
    if "direction" in decls and decls["direction"][1] in ("rtl", "ltr"):
        style.direction = decls["direction"][1]
    if "unicode-bidi" in decls and decls["unicode-bidi"][1] in ("bidi-override", "isolate-override"):
        style.override = decls["unicode-bidi"][1]
    after = style.why
    if after is not None and (before is None or after is not before or style.gone is not parent.gone):
        style.hidden_root = el
    elif after is None:
        style.hidden_root = None
    return style
