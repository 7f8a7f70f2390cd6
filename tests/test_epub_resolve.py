"""`Container.resolve` joins a folder and a relative href itself (no `posixpath.join`): the same
member, or the same refusal, as the join it replaces, whatever the folder and the href."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.readers.epub.container import Container, _has_scheme


class _Book(Container):
    def __init__(self) -> None:  # (no zip: only `resolve` and what it tells)
        self.resolved = {}
        self.quiet = False
        self.warnings = []
        self.display = "book.epub"


def _joined(base_dir: str, href: str) -> str | None:
    """What `resolve` gave with `posixpath.join`."""
    target = href.strip().partition("#")[0]
    if not target or _has_scheme(target):
        return None
    target = unquote(target.partition("?")[0])
    if target.startswith(("/", "\\")) or "\\" in target or "\x00" in target:
        return None
    resolved = posixpath.normpath(posixpath.join(base_dir, target))
    if resolved == ".." or resolved.startswith("../") or resolved.startswith("/"):
        return None
    return resolved


_PIECES = st.lists(st.sampled_from(["a", "b.xhtml", "/", ".", "..", "%2e", "%2F", "#f", "?q", ":", " "]), max_size=7)


@settings(max_examples=1000, deadline=None)
@given(_PIECES, _PIECES)
def test_resolve_gives_what_the_join_gave(base: list[str], href: list[str]) -> None:
    base_dir, link = "".join(base), "".join(href)
    book = _Book()
    assert book.resolve(base_dir, link, what="link", member=None)[0] == _joined(base_dir, link)
    assert book.resolve(base_dir, link, what="link", member=None)[0] == _joined(base_dir, link)  # kept
