"""The words a book file uses for AI use and rights outside its text: one vocabulary for readers
and writers.

**AI use** (issue 16, item 4): `insert` writes, and the readers read back into
`Metadata.ai_use`, the machine-readable mirror of the `[ai-use]` declaration:

- the IPTC digital source type (http://cv.iptc.org/newscodes/digitalsourcetype/, IPTC NewsCodes,
  CC BY 4.0): `trainedAlgorithmicMedia` ("created using a model derived from sampled content":
  AI generated the entire text) or `compositeWithTrainedAlgorithmicMedia` (AI-made or AI-edited
  parts within a person's work), as schema.org's `digitalSourceType` property
  (https://schema.org/digitalSourceType, whose values are the IPTCDigitalSourceEnumeration;
  EPUB has no property of its own yet: W3C epub-specs issue 2833);
- the AI systems by name, as the IPTC Photo Metadata Standard's "AI System Used" property
  (2025.1, XMP `Iptc4xmpExt:AISystemUsed`, namespace http://iptc.org/std/Iptc4xmpExt/2008-02-29/).

Where: EPUB 3 ``<meta property="schema:digitalSourceType">`` (``schema`` is one of EPUB 3's
reserved prefixes) and ``<meta property="Iptc4xmpExt:AISystemUsed">`` with the prefix declared in
the package's ``prefix`` attribute; EPUB 2 ``<meta name=... content=...>`` with the same names;
DOCX custom properties (``docProps/custom.xml``) with the same names; Markdown front-matter keys
`digital-source-type` and `ai-system-used` (a list).

**Rights and provenance already in a book** (issue 16, item 6), read and kept, never written:
TDMRep's ``tdm:reservation`` and ``tdm:policy`` (W3C TDM Reservation Protocol, Community Group
Final Report 2024-05-10, vocabulary http://www.w3.org/ns/tdmrep#), and C2PA text manifests
(`readers.markers`).
"""

from __future__ import annotations

#: The IPTC digital source type scheme; a term's URI is this plus the term.
IPTC_SCHEME = "http://cv.iptc.org/newscodes/digitalsourcetype/"
#: AI generated the whole (the entire text).
WHOLE = "trainedAlgorithmicMedia"
#: AI-generated or AI-edited parts within a work people made.
PART = "compositeWithTrainedAlgorithmicMedia"

#: schema.org, as EPUB 3 reserves the `schema` prefix for it (EPUB 3.3 §D.3, reserved prefixes).
SCHEMA_VOCABULARY = ("http://schema.org/", "https://schema.org/")
SOURCE_TYPE_PROPERTY = "schema:digitalSourceType"
#: The IPTC Extension namespace (IPTC Photo Metadata Standard) and the prefix declared for it.
IPTC_EXT_PREFIX = "Iptc4xmpExt"
IPTC_EXT_VOCABULARY = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
AI_SYSTEM_PROPERTY = f"{IPTC_EXT_PREFIX}:AISystemUsed"

#: Markdown front-matter keys.
SOURCE_TYPE_KEY = "digital-source-type"
AI_SYSTEM_KEY = "ai-system-used"
#: How a DOCX custom property holds several systems in its one string.
SYSTEM_SEPARATOR = "; "

#: TDMRep (https://www.w3.org/community/reports/tdmrep/CG-FINAL-tdmrep-20240510/, EPUB binding:
#: ``<meta property="tdm:reservation">1</meta>`` and ``<meta property="tdm:policy">URL</meta>``
#: in the package document, with ``tdm`` declared in the ``prefix`` attribute).
TDM_VOCABULARY = "http://www.w3.org/ns/tdmrep#"


def source_type_uri(term: str) -> str:
    """The full IPTC URI of a term (`trainedAlgorithmicMedia` → http://cv.iptc.org/...)."""
    return IPTC_SCHEME + term


def source_type_term(value: str | None) -> str | None:
    """An IPTC term as written (`trainedAlgorithmicMedia`, its URI, its QCode
    `digsrctype:trainedAlgorithmicMedia`, the schema.org enumeration member
    `TrainedAlgorithmicMediaDigitalSource` or its URL) → its short term; None for none."""
    if value is None or not value.strip():
        return None
    term = value.strip().rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    term = term.removesuffix("DigitalSource")
    return term[:1].lower() + term[1:]


def expand(prop: str, prefixes: dict[str, str]) -> str:
    """A `prefix:reference` property as the IRI it stands for (EPUB 3.3 §D.1 property data type),
    with `prefixes` declared by the package; an undeclared prefix stays as written."""
    prefix, colon, reference = prop.strip().partition(":")
    if not colon:
        return prop.strip()
    base = prefixes.get(prefix)
    return base + reference if base else prop.strip()


#: EPUB 3's reserved prefixes this vocabulary meets (EPUB 3.3 §D.3): usable without declaring.
RESERVED_PREFIXES: dict[str, str] = {"schema": "http://schema.org/", "dcterms": "http://purl.org/dc/terms/"}


def parse_prefixes(attribute: str | None) -> dict[str, str]:
    """The package's ``prefix`` attribute ("tdm: http://www.w3.org/ns/tdmrep# ...") as a mapping,
    over EPUB's reserved prefixes."""
    out = dict(RESERVED_PREFIXES)
    words = (attribute or "").split()
    for i in range(len(words) - 1):
        if words[i].endswith(":") and len(words[i]) > 1:
            out[words[i][:-1]] = words[i + 1]
    return out
