"""The AI-use declaration: what AI did in this book, said once, in `.disclosure-lint.toml`.

An `[ai-use]` table (or `[tool.disclosure-lint.ai-use]` in `pyproject.toml`) is the one source
of what the author tells readers, stores and metadata. `check` holds the book's disclosure and
its machine-readable metadata to it (rules `model-mismatch`, `use-mismatch`,
`human-authored-conflict`, `metadata-mismatch`, `public-interest-unlabelled`);
`disclosure-lint declare` prints from it the answers to Amazon KDP's AI questions, an ONIX 3.0
`<Contributor>` block and IngramSpark's contributor credits; `insert` writes its mirror into
the file's metadata (`writers.mirror`). Every reader of it gets these frozen records, never
the TOML mapping::

    [ai-use]
    responsibility = "Jordan Vale"   # who takes responsibility for the content (a person or a company)
    human-authored = "HA-0000-0000"  # a Human Authored registration number, only if certified
    public-interest = false          # EU AI Act art. 50(4): text informing the public on matters
                                     # of public interest (news, reports, essays), not fiction
    human-review = true              # ... that a person reviewed with editorial control

    [[ai-use.tools]]                 # each AI system used (or: tools = ["GPT-4", "Midjourney"])
    name = "GPT-4"
    vendor = "OpenAI"                # optional
    version = "gpt-4-0613"           # optional

    [ai-use.text]                    # also [ai-use.images], [ai-use.translation], [ai-use.narration]
    use = "generated"                # "generated" (AI made it) or "assisted" (AI edited, checked,
                                     # suggested: KDP's two words)
    scope = "some"                   # "none", "some" or "entire"; images: "none", "few" or "many"
    sections = ["Chapter 3", "Chapter 7"]   # which, for "some" (optional)
    editing = "extensive"            # "minimal" or "extensive"; required with use = "generated"
    tools = ["GPT-4"]                # which of the tools (default: those no other kind names)
    # by = "Ana Ruiz"                # images, translation, narration: the person credited for it

The words are Amazon KDP's upload questions' own (AI-generated versus AI-assisted; none, some
sections, the entire work; minimal or extensive editing): see `declare`. Validation is
`parse_declaration`, called by `config.parse_config` only when the table is there, so that a
check without a declaration never imports this module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .model import Location

#: The kinds of content a declaration speaks of, in the order they are asked about.
KINDS: tuple[str, ...] = ("text", "images", "translation", "narration")
#: What AI did to a kind of content (KDP: "AI-generated" made it, "AI-assisted" improved what a
#: person made).
USES: tuple[str, ...] = ("generated", "assisted")
#: How much of it: KDP asks "none, some sections, entire work" for text and translations and
#: "none, one or a few, many" for images.
SCOPES: dict[str, tuple[str, ...]] = {
    "text": ("none", "some", "entire"),
    "images": ("none", "few", "many"),
    "translation": ("none", "some", "entire"),
    "narration": ("none", "some", "entire"),
}
EDITING: tuple[str, ...] = ("minimal", "extensive")
#: The keys of `[ai-use]` and of each kind's table.
KEYS: tuple[str, ...] = ("tools", *KINDS, "responsibility", "human-authored", "public-interest", "human-review")
KIND_KEYS: tuple[str, ...] = ("use", "scope", "sections", "editing", "tools", "by")
TOOL_KEYS: tuple[str, ...] = ("name", "vendor", "version")

Fail = Callable[[str, str], Exception]


@dataclass(frozen=True, slots=True)
class Tool:
    """An AI system used in making the book."""

    #: As the disclosure names it ("GPT-4", "Claude 3 Opus", "Midjourney").
    name: str
    #: Its maker ("OpenAI"), when given.
    vendor: str | None = None
    #: A version or model identifier ("gpt-4-0613"), when given.
    version: str | None = None


@dataclass(frozen=True, slots=True)
class Use:
    """What AI did to one kind of content: `[ai-use.text]`, `[ai-use.images]` ..."""

    #: "text", "images", "translation" or "narration".
    kind: str
    #: "generated" or "assisted"; None when the scope is "none".
    use: str | None
    #: "none", "some" or "entire" ("none", "few" or "many" for images).
    scope: str
    #: Which sections, for a partial scope ("Chapter 3"), as the author names them.
    sections: tuple[str, ...] = ()
    #: "minimal" or "extensive" human editing of what AI made; None when not said.
    editing: str | None = None
    #: Names of the declared tools used for this kind; empty: those no other kind names.
    tools: tuple[str, ...] = ()
    #: The person credited for this kind (translator, illustrator, narrator), when given.
    by: str | None = None

    @property
    def used(self) -> bool:
        """Did AI take part in this kind at all?"""
        return self.scope != "none"

    @property
    def generated(self) -> bool:
        """Did AI make (not only improve) some of this kind?"""
        return self.used and self.use == "generated"

    @property
    def whole(self) -> bool:
        """The entire work (or many images), not a part."""
        return self.scope in ("entire", "many")


@dataclass(frozen=True, slots=True)
class Declaration:
    """The `[ai-use]` table, validated."""

    tools: tuple[Tool, ...] = ()
    text: Use | None = None
    images: Use | None = None
    translation: Use | None = None
    narration: Use | None = None
    #: Who takes responsibility for the content (a person or a company).
    responsibility: str | None = None
    #: A Human Authored registration number (Authors Guild or Society of Authors).
    human_authored: str | None = None
    #: The text is published to inform the public on matters of public interest (EU AI Act art. 50(4)).
    public_interest: bool = False
    #: AI-generated text underwent human review or editorial control (EU AI Act art. 50(4)).
    human_review: bool = False
    #: Where the table is written (the config file, line and column), for findings about it.
    location: Location | None = None

    def of(self, kind: str) -> Use | None:
        """The declared use of a kind of content, if any (whatever its scope)."""
        use: Use | None = getattr(self, kind)
        return use

    def used(self, kind: str) -> Use | None:
        """The declared use of a kind of content, when AI took part in it."""
        use = self.of(kind)
        return use if use is not None and use.used else None

    @property
    def uses(self) -> tuple[Use, ...]:
        """Every kind in which AI took part, in `KINDS` order."""
        return tuple(u for u in (self.used(k) for k in KINDS) if u is not None)

    @property
    def generated_text(self) -> Use | None:
        """The text use, when AI generated some of the text."""
        text = self.used("text")
        return text if text is not None and text.generated else None

    @property
    def digital_source_type(self) -> str | None:
        """The IPTC digital source type the book's metadata should give (`provenance`):
        `trainedAlgorithmicMedia` when AI generated the entire text (or its entire translation),
        `compositeWithTrainedAlgorithmicMedia` for any other AI part in it (AI-generated sections
        or images, AI-assisted text), None when AI took no part."""
        from .provenance import PART, WHOLE

        for kind in ("text", "translation"):
            use = self.used(kind)
            if use is not None and use.generated and use.whole:
                return WHOLE
        return PART if self.uses else None

    def tools_for(self, *kinds: str) -> tuple[Tool, ...]:
        """The tools used for these kinds, in declaration order: those a kind names (`tools`), or,
        for a kind that names none, the tools no kind names; none for kinds AI took no part in."""
        named = {name.lower() for use in self.uses for name in use.tools}
        wanted: set[str] = set()
        for kind in kinds:
            use = self.used(kind)
            if use is None:
                continue
            wanted |= ({name.lower() for name in use.tools} if use.tools
                       else {t.name.lower() for t in self.tools} - named)
        return tuple(t for t in self.tools if t.name.lower() in wanted)


def parse_declaration(data: Any, fail: Fail, location: Location | None = None, key: str = "ai-use",
                      ) -> Declaration:
    """Validate the `[ai-use]` table; each problem is `fail(key, problem)`, one line naming the key."""
    if not isinstance(data, dict):
        raise fail(key, "must be a table (see README \"The AI-use declaration\")")
    for name in data:
        if name not in KEYS:
            raise fail(f"{key}.{name}", f"unknown key ({_hint(name, KEYS)}known: {', '.join(KEYS)})")
    tools = _tools(data.get("tools", []), f"{key}.tools", fail)
    uses = {kind: _use(kind, data[kind], f"{key}.{kind}", tools, fail) for kind in KINDS if kind in data}
    return Declaration(
        tools=tools,
        text=uses.get("text"),
        images=uses.get("images"),
        translation=uses.get("translation"),
        narration=uses.get("narration"),
        responsibility=_text(data, "responsibility", key, fail),
        human_authored=_text(data, "human-authored", key, fail),
        public_interest=_flag(data, "public-interest", key, fail),
        human_review=_flag(data, "human-review", key, fail),
        location=location,
    )


def _tools(value: Any, key: str, fail: Fail) -> tuple[Tool, ...]:
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        raise fail(key, 'must be a list of tools: names ("GPT-4") or tables with name, vendor, version')
    out: list[Tool] = []
    for number, item in enumerate(value, 1):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            raise fail(key, f"tool {number}: must be a name or a table with name, vendor, version")
        for name in item:
            if name not in TOOL_KEYS:
                raise fail(f"{key}.{name}",
                           f"tool {number}: unknown key ({_hint(name, TOOL_KEYS)}known: {', '.join(TOOL_KEYS)})")
        if "name" not in item:
            raise fail(key, f"tool {number}: give its name (name = \"GPT-4\")")
        fields = [_text(item, field, key, fail, f"tool {number}: ") for field in TOOL_KEYS]
        if any(t.name.lower() == str(fields[0]).lower() for t in out):
            raise fail(f"{key}.name", f"tool {number}: {fields[0]!r} is declared twice")
        out.append(Tool(str(fields[0]), fields[1], fields[2]))
    return tuple(out)


def _hint(name: str, known: tuple[str, ...]) -> str:
    """`did you mean 'x'? ` for a misspelt name, else ""."""
    from .names import did_you_mean

    hint = did_you_mean(name, known)
    return hint + " " if hint else ""


def _use(kind: str, value: Any, key: str, tools: tuple[Tool, ...], fail: Fail) -> Use:
    if not isinstance(value, dict):
        raise fail(key, f"must be a table: [{key}] with use, scope, editing ...")
    for name in value:
        if name not in KIND_KEYS:
            raise fail(f"{key}.{name}", f"unknown key ({_hint(name, KIND_KEYS)}known: {', '.join(KIND_KEYS)})")
    scopes = SCOPES[kind]
    scope = _choice(value, "scope", scopes, key, fail)
    use = _choice(value, "use", USES, key, fail)
    editing = _choice(value, "editing", EDITING, key, fail)
    if scope is None:
        raise fail(key, f"say how much of the {kind} AI took part in: scope = {' | '.join(map(repr, scopes))}")
    if scope == "none":
        given = [k for k in ("use", "editing", "sections", "tools", "by") if k in value]
        if given:
            raise fail(f"{key}.{given[0]}", f"scope is \"none\" (no AI in the {kind}): remove {given[0]}")
        return Use(kind, None, scope)
    if use is None:
        raise fail(key, f"say what AI did to the {kind}: use = \"generated\" or \"assisted\"")
    if use == "generated" and editing is None:
        # KDP asks it of every AI-generated kind: "with minimal or no editing" or "with extensive editing".
        raise fail(key, f"say how much the AI-generated {kind} was edited: editing = \"minimal\" or \"extensive\"")
    sections = _names(value, "sections", key, fail)
    if sections and scope not in ("some", "few"):
        raise fail(f"{key}.sections", f"scope is {scope!r}: sections are for a part (scope = \"{scopes[1]}\")")
    named = _names(value, "tools", key, fail)
    declared = {t.name.lower() for t in tools}
    for name in named:
        if name.lower() not in declared:
            listing = ", ".join(t.name for t in tools) or "none: declare them in [[ai-use.tools]]"
            raise fail(f"{key}.tools", f"unknown tool {name!r} (declared: {listing})")
    by = _text(value, "by", key, fail)
    if by is not None and kind == "text":
        raise fail(f"{key}.by", "the text's people are the book's authors ([book] authors): remove by")
    return Use(kind, use, scope, sections, editing, named, by)


def _choice(data: Mapping[str, Any], name: str, choices: tuple[str, ...], key: str, fail: Fail) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or value.strip().lower() not in choices:
        hint = _hint(value, choices) if isinstance(value, str) else ""
        raise fail(f"{key}.{name}", f"must be one of {', '.join(map(repr, choices))}"
                   + (f" ({hint.strip()})" if hint else ""))
    return value.strip().lower()


def _names(data: Mapping[str, Any], name: str, key: str, fail: Fail) -> tuple[str, ...]:
    value = data.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(f"{key}.{name}", "must be a list of names")
    return tuple(v.strip() for v in value)


def _text(data: Mapping[str, Any], name: str, key: str, fail: Fail, what: str = "") -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise fail(f"{key}.{name}", f"{what}must be a non-empty string")
    return value.strip()


def _flag(data: Mapping[str, Any], name: str, key: str, fail: Fail) -> bool:
    value = data.get(name, False)
    if not isinstance(value, bool):
        raise fail(f"{key}.{name}", "must be true or false")
    return value
