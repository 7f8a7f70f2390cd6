"""`disclosure-lint declare`: what the author tells stores and catalogues, made from `[ai-use]`.

One declaration, three audiences:

- **Amazon KDP** asks at upload: "Did you use AI tools in creating texts, images, and/or
  translations in your book?", then, for text, images and translations, one of its options
  ("Some sections, with extensive editing" ...). Only AI-*generated* content is declared to KDP;
  AI-assisted content "is not necessary to inform us of" (KDP content guidelines,
  https://kdp.amazon.com/en_US/help/topic/G200672390; the options as the upload form lists them).
- **ONIX 3.0** `<Contributor>` composites for a `<DescriptiveDetail>`: the human authors
  (role A01), the AI as an unnamed contributor (code list 19, code 09 "AI (Artificial
  intelligence)", or 07 "Synthesised voice – unspecified" for a narration) in the role it had
  (B06 translated by, A12 illustrated by, E07 read by), or with role Z01 "Assisted by" right after
  the human contributor it assisted (code list 17: "Contributor must follow another contributor
  with any contributor role, and placement should therefore be controlled by contributor sequence
  numbering"). Elements in the order of the ONIX 3.0 reference schema's `<Contributor>`
  (SequenceNumber, ContributorRole, then the name or UnnamedPersons, then ContributorDescription).
  The AI is never the author (A01) of the text: OpenAI's policy attributes the text to a person
  or company, COPE says an AI tool cannot be an author; the text's AI is credited "Assisted by".
- **IngramSpark / Lightning Source** contributor fields: "Author - John Snow", then
  "Assisted By - Generative AI" right after the contributor it applies to (Lightning Source help,
  "AI Disclosure and Attribution").

The CLI prints these (text, or JSON with `--format json`); nothing here prints.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from xml.sax.saxutils import escape

from .declaration import Declaration, Tool

KDP_SOURCE = "https://kdp.amazon.com/en_US/help/topic/G200672390"
ONIX_SOURCE = "https://ns.editeur.org/onix/en/17"
INGRAM_SOURCE = "https://help.lightningsource.com/hc/en-us/articles/46041880938765-AI-Disclosure-and-Attribution"

KDP_QUESTION = "Did you use AI tools in creating texts, images, and/or translations in your book?"
#: KDP's options, by scope and editing; images are counted ("one or a few", "many").
_KDP_PARTS = {"some": "Some sections", "entire": "Entire work",
              "few": "One or a few AI-generated images", "many": "Many AI-generated images"}
_KDP_EDITING = {"minimal": "with minimal or no editing", "extensive": "with extensive editing"}
#: The kinds KDP asks about, with the label of each question.
_KDP_KINDS = (("text", "Text"), ("images", "Images"), ("translation", "Translations"))

#: ONIX code list 17 (contributor role) codes used here, with their names.
ROLES = {"A01": "By (author)", "A12": "Illustrated by", "B06": "Translated by", "E07": "Read by",
         "Z01": "Assisted by"}
#: ONIX code list 19 (unnamed persons) codes used here.
UNNAMED = {"09": "AI (Artificial intelligence)", "07": "Synthesised voice – unspecified"}
#: The role of a person credited for a kind of content (`by`), and of an AI that made it alone.
_KIND_ROLES = {"images": "A12", "translation": "B06", "narration": "E07"}
#: Ingram's labels: its article shows "Author", "Illustrator" and "Assisted By"; other roles
#: keep ONIX's names.
_INGRAM_ROLES = {"A01": "Author", "A12": "Illustrator", "Z01": "Assisted By"}
INGRAM_AI = "Generative AI"


@dataclass(frozen=True, slots=True)
class KdpAnswer:
    """One KDP upload question and the answer the declaration gives."""

    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class Contributor:
    """One ONIX `<Contributor>`: a person, or an unnamed AI."""

    sequence: int
    #: Code list 17 code ("A01", "Z01" ...).
    role: str
    #: The person's name (`<PersonName>`), or None for an unnamed contributor.
    name: str | None = None
    #: Code list 19 code ("09") for an unnamed contributor.
    unnamed: str | None = None
    #: `<ContributorDescription>`: the AI tools, as declared ("GPT-4 (OpenAI)").
    description: str | None = None

    @property
    def role_name(self) -> str:
        return ROLES[self.role]


@dataclass(frozen=True, slots=True)
class IngramCredit:
    """One IngramSpark contributor field: a role and a name, in order."""

    sequence: int
    role: str
    name: str


@dataclass(frozen=True, slots=True)
class Declared:
    """Everything `declare` prints."""

    kdp: tuple[KdpAnswer, ...]
    onix: tuple[Contributor, ...]
    ingram: tuple[IngramCredit, ...]
    notes: tuple[str, ...]


def kdp_answers(declaration: Declaration) -> tuple[KdpAnswer, ...]:
    """KDP's AI questions, answered: only AI-generated content counts."""
    answers = []
    for kind, label in _KDP_KINDS:
        use = declaration.used(kind)
        if use is None or not use.generated or use.editing is None:
            answers.append(KdpAnswer(label, "None"))
        else:
            answers.append(KdpAnswer(label, f"{_KDP_PARTS[use.scope]}, {_KDP_EDITING[use.editing]}"))
    generated = any(a.answer != "None" for a in answers)
    return (KdpAnswer(KDP_QUESTION, "Yes" if generated else "No"), *answers)


def _tools(tools: tuple[Tool, ...]) -> str | None:
    if not tools:
        return None
    return ", ".join(f"{t.name} ({t.vendor})" if t.vendor else t.name for t in tools)


def contributors(declaration: Declaration, authors: tuple[str, ...]) -> tuple[Contributor, ...]:
    """The ONIX contributors, in sequence: the authors, the AI that assisted them (text, and any
    kind no person is credited for), then each kind's person and the AI that assisted them, or
    the AI alone in that kind's role."""
    rows: list[tuple[str, str | None, str | None, str | None]] = [("A01", a, None, None) for a in authors]
    assisted_authors: list[Tool] = []
    assists = False
    if declaration.used("text") is not None:
        assists = True
        assisted_authors += declaration.tools_for("text")
    for kind, role in _KIND_ROLES.items():
        use = declaration.used(kind)
        if use is None:
            continue
        tools = declaration.tools_for(kind)
        if use.by:
            rows += [(role, use.by, None, None), ("Z01", None, "09", _tools(tools))]
        elif use.generated:
            rows.append((role, None, "07" if kind == "narration" else "09", _tools(tools)))
        else:
            assists = True
            assisted_authors += tools
    if assists:
        unique = tuple(dict.fromkeys(assisted_authors))
        rows.insert(len(authors), ("Z01", None, "09", _tools(unique)))
    return tuple(Contributor(n, role, name, unnamed, description)
                 for n, (role, name, unnamed, description) in enumerate(rows, 1))


def ingram_credits(declaration: Declaration, authors: tuple[str, ...]) -> tuple[IngramCredit, ...]:
    """Ingram's contributor fields: each person, and "Assisted By - Generative AI" right after the
    one the AI assisted. An AI that made a kind no person is credited for assisted the authors:
    Ingram documents no other credit for an AI."""
    rows: list[tuple[str, str]] = [("Author", a) for a in authors]
    after_authors = declaration.used("text") is not None
    for kind, role in _KIND_ROLES.items():
        use = declaration.used(kind)
        if use is None:
            continue
        if use.by:
            rows += [(_INGRAM_ROLES.get(role, ROLES[role]), use.by), ("Assisted By", INGRAM_AI)]
        else:
            after_authors = True
    if after_authors:
        rows.insert(len(authors), ("Assisted By", INGRAM_AI))
    return tuple(IngramCredit(n, role, name) for n, (role, name) in enumerate(rows, 1))


def build(declaration: Declaration, authors: tuple[str, ...]) -> Declared:
    """Everything `declare` prints, from a declaration and the authors to credit."""
    notes = []
    for kind in ("text", "images", "translation"):
        use = declaration.used(kind)
        if use is not None and not use.generated:
            notes.append(f"KDP: AI-assisted {kind} is not declared to KDP (\"It is not necessary to inform us "
                         "of the use of such tools or processes\"); it is credited in ONIX and at Ingram.")
    if declaration.used("narration") is not None:
        notes.append("KDP: KDP's questions cover text, images and translations, not audio narration.")
    for kind in _KIND_ROLES:
        use = declaration.used(kind)
        if use is not None and not use.by:
            notes.append(f"Ingram: no person is credited for the {kind} ([ai-use.{kind}] by): the AI's credit "
                         "follows the author.")
    return Declared(kdp_answers(declaration), contributors(declaration, authors),
                    ingram_credits(declaration, authors), tuple(notes))


def onix_xml(rows: tuple[Contributor, ...]) -> str:
    """The `<Contributor>` composites (reference tags), for a `<DescriptiveDetail>`: each element
    in the order of the ONIX 3.0 schema's content model."""
    out = []
    for c in rows:
        out.append("<Contributor>")
        out.append(f"  <SequenceNumber>{c.sequence}</SequenceNumber>")
        out.append(f"  <ContributorRole>{c.role}</ContributorRole>")
        if c.name is not None:
            out.append(f"  <PersonName>{escape(c.name)}</PersonName>")
        else:
            out.append(f"  <UnnamedPersons>{c.unnamed}</UnnamedPersons>")
        if c.description:
            out.append(f"  <ContributorDescription>{escape(c.description)}</ContributorDescription>")
        out.append("</Contributor>")
    return "\n".join(out) + "\n"


def as_text(declared: Declared) -> str:
    lines = ["Amazon KDP: AI-generated content (asked at upload)", f"  source: {KDP_SOURCE}"]
    for answer in declared.kdp:
        lines.append(f"  {answer.question}: {answer.answer}")
    lines += ["", "ONIX 3.0 <Contributor> composites (for <DescriptiveDetail>; code lists 17 and 19)",
              f"  source: {ONIX_SOURCE}"]
    for c in declared.onix:
        who = c.name if c.name is not None else UNNAMED[c.unnamed or ""]
        lines.append(f"  {c.sequence}. {c.role} {c.role_name}: {who}")
    lines += ["", onix_xml(declared.onix).rstrip("\n"), "",
              "IngramSpark / Lightning Source contributors (in this order)", f"  source: {INGRAM_SOURCE}"]
    for credit in declared.ingram:
        lines.append(f"  {credit.sequence}. {credit.role} - {credit.name}")
    if declared.notes:
        lines += ["", "Notes:", *(f"  - {note}" for note in declared.notes)]
    return "\n".join(lines) + "\n"


def as_json(declared: Declared, declaration: Declaration) -> str:
    """The JSON `declare --format json` prints (`version` changes only with a breaking change)."""
    payload = {
        "version": 1,
        "kdp": {"source": KDP_SOURCE,
                "questions": [asdict(a) for a in declared.kdp]},
        "onix": {"source": ONIX_SOURCE,
                 "contributors": [{**asdict(c), "role_name": c.role_name,
                                   "unnamed_name": UNNAMED.get(c.unnamed or "")} for c in declared.onix],
                 "xml": onix_xml(declared.onix)},
        "ingram": {"source": INGRAM_SOURCE,
                   "contributors": [asdict(c) for c in declared.ingram]},
        "declaration": _declaration_json(declaration),
        "notes": list(declared.notes),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _declaration_json(declaration: Declaration) -> dict[str, object]:
    data = asdict(declaration)
    data.pop("location", None)
    return data
