"""The EPUB container (OCF): the zip, its members found and read safely, and its package document.

Only the members the analysis needs are ever inflated, each through the bounded
`safety.read_member` (`Container.parse`): images, fonts, audio and video are never touched, so
time and memory follow the text, not the pictures (ebooklib reads every manifest item into
memory: do not read through it). A member is found tolerating a case mismatch, as reading systems
do; an href is resolved inside the zip only, never on the file system. ``META-INF/container.xml``
names the OPF package document (`Container.package_document`).

The container also keeps what reading the book finds to tell: its warnings, its hidden texts,
and the members ``META-INF/encryption.xml`` covers, which are never read.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from ...errors import InputError
from ...model import Diagnostic, HiddenText, Location, Marker
from ..safety import Limits, UnsafeXMLError, parse_xml, read_member, xml_problem
from .markup import CONTAINER_NS, entities_as_references, split_tags

_SCHEME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_SCHEME_CHARS = _SCHEME_START | frozenset("0123456789+.-")


def _fold(name: str) -> str:
    """A member name as `Container.find` compares it: NFC, case folded."""
    if name.isascii():
        return name.casefold()
    import unicodedata

    return unicodedata.normalize("NFC", name).casefold()


class Container:
    """One open EPUB: its members, read within the limits, and what reading it found to tell."""

    __slots__ = ("budget", "chars", "display", "encrypted", "folded", "hidden", "limits", "markers", "names",
                 "quiet", "recovered", "resolved", "warnings", "zf")

    def __init__(self, path: Path, zf: zipfile.ZipFile, limits: Limits, display: str | None = None) -> None:
        self.display = display or str(path)
        self.zf = zf
        self.limits = limits
        self.budget = [limits.max_total_bytes]
        self.warnings: list[Diagnostic] = []
        self.hidden: list[HiddenText] = []
        self.names = set(zf.namelist())
        self.folded: dict[str, str] = {}
        for name in zf.namelist():
            self.folded.setdefault(_fold(name), name)
        #: True while the style sheets are read again for their look: their problems are told once.
        self.quiet = False
        #: Members META-INF/encryption.xml covers (never read).
        self.encrypted: set[str] = set()
        #: Rights and provenance markers found (TDMRep in the package, C2PA in the documents).
        self.markers: list[Marker] = []
        #: (base folder, href without its fragment) → the member `resolve` found inside the zip:
        #: every chapter links the same style sheets, a table of contents the same chapters.
        #: Only hrefs resolved without a warning are kept.
        self.resolved: dict[tuple[str, str], str] = {}
        #: Members parsed only with the parser's recovery (damaged XML): their tree need not
        #: follow their markup tag for tag.
        self.recovered: set[str] = set()
        #: The characters other than printable ASCII that the text read so far may hold (or
        #: more), from its documents' bytes (`xml_chars`); None once one document's are unknown.
        self.chars: set[str] | None = set()

    def loc(self, member: str | None, line: int | None = None, column: int | None = None,
            section: str | None = None, block: int | None = None) -> Location:
        path = f"{self.display}!/{member}" if member else self.display
        return Location(path=path, line=line, column=column, section=section, block=block)

    def warn(self, message: str, member: str | None = None, line: int | None = None) -> None:
        if self.quiet:
            return
        self.warnings.append(Diagnostic(message=message, location=self.loc(member, line)))

    def find(self, member: str) -> str | None:
        """The zip name of a member, tolerating a case mismatch as reading systems do, and a
        name composed otherwise ("é" as one character or as "e" and a combining accent: the zip
        and the package written on different systems; OCF compares names after NFC)."""
        if member in self.names:
            return member
        return self.folded.get(_fold(member))

    def resolve(self, base_dir: str, href: str, *, what: str, member: str | None,
                warn_external: bool = False) -> tuple[str | None, str]:
        """Resolve an href inside the zip only; return (member path or None, fragment).

        Nothing is ever looked up on the file system: an href with a scheme, an absolute path or
        one that climbs out of the container (``../../etc/passwd``) is ignored.
        """
        href = href.strip()
        target, _, fragment = href.partition("#")
        if not target:
            return None, fragment
        key = (base_dir, target)
        found = self.resolved.get(key)
        if found is not None:
            return found, fragment
        if _has_scheme(target):
            if warn_external:
                self.warn(f"{what} {href!r} is outside the EPUB; ignored", member)
            return None, fragment
        target = unquote(target.partition("?")[0])
        if target.startswith(("/", "\\")) or "\\" in target or "\x00" in target:
            self.warn(f"{what} {href!r} is an absolute path; ignored (never read outside the EPUB)",
                      member)
            return None, fragment
        # (`posixpath.join`, written out: `target` is relative, and `normpath` makes "//" one.)
        resolved = posixpath.normpath(f"{base_dir}/{target}" if base_dir else target)
        if resolved == ".." or resolved.startswith("../") or resolved.startswith("/"):
            self.warn(f"{what} {href!r} points outside the EPUB container; ignored", member)
            return None, fragment
        self.resolved[key] = resolved
        return resolved, fragment

    def parse(self, member: str, *, required: bool) -> tuple[etree._Element, bytes] | None:
        """Parse one member safely; a damaged one is recovered with a warning, never a traceback.

        Entity declarations are refused outright (`UnsafeXMLError`), recovered from never. HTML
        named entities such as ``&nbsp;``, which XHTML uses without loading its DTD, become
        character references first. A member that cannot be recovered refuses the book when it
        is `required` (container, package), else it is skipped with a warning.
        """
        data = read_member(self.zf, member, self.limits, self.budget)
        root = self._parse(member, data, required, None)
        return None if root is None else (root, data)

    def parse_document(self, member: str) -> tuple[etree._Element, bytes, tuple[list[bytes], bytes | None]] | None:
        """`parse` of a content document, not required, with its bytes split at each "<"
        (`markup.split_tags`): that split tells whether they hold "<!" (`safety.parse_xml`, a
        scan spared) and where the elements start (`markup.Positions`)."""
        data = read_member(self.zf, member, self.limits, self.budget)
        tags = split_tags(data)
        # (`33 in`: the byte "!" as an int, a `memchr`: `bytes in bytes` first tries its bytes
        # as an int, and clears the error that makes.)
        root = self._parse(member, data, False, None if tags[1] is None else 33 in tags[1])
        return None if root is None else (root, data, tags)

    def _parse(self, member: str, data: bytes, required: bool, declares: bool | None) -> etree._Element | None:
        part = f"{self.display}!/{member}"
        # (Named entities made references: "<!" is held or not alike.)
        prepared = entities_as_references(data)
        try:
            return parse_xml(prepared, part=part, declares=declares)
        except UnsafeXMLError:
            raise
        except InputError as exc:
            first = exc
        try:
            root = parse_xml(prepared, part=part, recover=True, declares=declares)
        except UnsafeXMLError:
            raise
        except InputError:
            if required:
                raise first from None
            self.warn(f"unreadable XML ({_reason(first)}); skipped", member)
            return None
        self.warn(f"damaged XML ({_reason(first)}); read what could be recovered", member)
        self.recovered.add(member)
        return root

    def read_xml(self, member: str) -> etree._Element | None:
        parsed = self.parse(member, required=False)
        return parsed[0] if parsed else None

    def required_xml(self, member: str) -> etree._Element:
        parsed = self.parse(member, required=True)
        assert parsed is not None
        return parsed[0]

    def package_document(self) -> str:
        """The member name of the OPF package document that META-INF/container.xml names."""
        name = self.find("META-INF/container.xml")
        if name is None:
            raise InputError(f"{self.display}: not an EPUB: META-INF/container.xml is missing; "
                             "export the book again")
        root = self.required_xml(name)
        rootfiles = [r for r in root.iter(f"{{{CONTAINER_NS}}}rootfile", "rootfile") if r.get("full-path")]
        # The OPF rootfile first; a wrong media-type is a common tool slip that readers forgive.
        rootfiles.sort(key=lambda r: r.get("media-type") != "application/oebps-package+xml")
        for rootfile in rootfiles:
            full_path = rootfile.get("full-path", "")
            resolved, _ = self.resolve("", full_path, what="package document", member=name)
            if resolved is None:
                continue
            found = self.find(resolved)
            if found is None:
                raise InputError(f"{self.display}: damaged EPUB: the package document {resolved!r} "
                                 "named in META-INF/container.xml is missing")
            return found
        raise InputError(f"{self.display}: damaged EPUB: META-INF/container.xml names no package "
                         "document (OPF)")


def _has_scheme(target: str) -> bool:
    """Does an href start with a URI scheme (``^[A-Za-z][A-Za-z0-9+.-]*:``)?"""
    colon = target.find(":")
    return colon > 0 and target[0] in _SCHEME_START and all(c in _SCHEME_CHARS for c in target[1:colon])


def _reason(exc: Exception) -> str:
    return xml_problem(str(exc).rpartition(": ")[2] or str(exc))
