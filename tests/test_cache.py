"""The caches beside the bytecode (`cache`, `patterns`, the lexicon) never change a result."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import tempfile
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from disclosure_lint import cache, patterns
from disclosure_lint.analysis import lexicon

SAMPLES = [
    "The author generated this text in part with GPT-3, OpenAI's large-scale language-generation model.",
    "Upon generating draft language, the author reviewed, edited, and revised the language.",
    "I take full responsibility for every word. No AI was used. Chapter 7", "Written entirely by a human.",
]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cache, "FOLDER", tmp_path / "__pycache__")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.delenv("DISCLOSURE_LINT_CACHE", raising=False)
    monkeypatch.setattr(lexicon, "_FILES", {})  # the files read by this process: as in a new one
    return tmp_path / "__pycache__"


def _all_patterns() -> list[tuple[str, int]]:
    out = []
    for language in sorted(lexicon.load_lexicon().supported):
        lex = lexicon.load_lexicon(language=language)
        out += [(s.pattern.pattern, s.pattern.flags) for s in lex.systems]
        for value in vars(lex).values():
            if isinstance(value, patterns.LazyPattern):
                out.append((value.pattern, value.flags))
            elif isinstance(value, dict):
                out.extend((v.pattern, v.flags) for v in value.values() if isinstance(v, patterns.LazyPattern))
    return list(dict.fromkeys(out))


def test_patterns_from_the_cache_are_the_patterns_re_compiles(folder: Path) -> None:
    if patterns._engine() is None:
        pytest.skip("no CPython 3.11+ engine: the cache is off")
    writer = patterns._Cache()
    for source, flags in _all_patterns():
        writer.compile(source, flags)
    writer.save()
    assert cache.path("patterns").is_file()
    reader = patterns._Cache()
    for source, flags in _all_patterns():
        got, want = reader.compile(source, flags), re.compile(source, flags)
        assert (got.pattern, got.flags, got.groups, got.groupindex) == \
            (want.pattern, want.flags, want.groups, want.groupindex)
        for text in SAMPLES:
            assert [m.span() for m in got.finditer(text)] == [m.span() for m in want.finditer(text)]
    assert not reader.dirty  # every pattern came from the file


def test_a_damaged_or_foreign_cache_is_ignored(folder: Path) -> None:
    folder.mkdir()
    cache.path("patterns").write_bytes(b"\x00not marshal")
    assert patterns._Cache().compile(r"ab+c", 0).fullmatch("abbc")
    cache.store("patterns", ("another python",), {("ab+c", 0): (0, b"\xff" * 8, 0, {}, ())})
    assert patterns._Cache().compile(r"ab+c", 0).fullmatch("abbc")


def test_a_damaged_entry_is_compiled_again(folder: Path) -> None:
    if patterns._engine() is None:
        pytest.skip("no CPython 3.11+ engine: the cache is off")
    header = patterns._Cache().header()
    cache.store("patterns", header, {("ab+c", 0): (0, b"\xff\xff\xff\x7f" * 4, 0, {}, ())})
    fresh = patterns._Cache()
    assert fresh.compile(r"ab+c", 0).fullmatch("abbc") and fresh.dirty


def test_nothing_written_without_bytecode_or_when_turned_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    cache.store("lexicon", ("h",), {"a": 1})
    assert not folder.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setenv("DISCLOSURE_LINT_CACHE", "0")
    cache.store("lexicon", ("h",), {"a": 1})
    assert not folder.exists() and cache.load("lexicon", ("h",)) is None


def _can_write(folder: Path) -> bool:
    try:
        fd, name = tempfile.mkstemp(dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(name)
    return True


def _writes_anywhere() -> bool:
    """Does this process write into a folder without write permission (root, with its DAC
    capabilities)? Found by trying, not by the user id: `.ci/run` drops them for root."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        folder.chmod(0o500)
        try:
            return _can_write(folder)
        finally:
            folder.chmod(0o700)


def _as_unprivileged_user(installed: Path | None = None) -> None:
    """Skip a test that needs a folder this process cannot write, when it can write anywhere or
    (with `installed`) can write the installed package; but fail instead where CI runs it
    (`.ci/run` runs the tests marked `unprivileged` so that it cannot)."""
    why = None
    if os.name == "nt" or _writes_anywhere():
        why = "this process writes anywhere (root)"
    elif installed is not None and _can_write(installed):
        why = f"{installed} is writable: not a read-only install"
    if why is None:
        return
    if os.environ.get("DISCLOSURE_LINT_CI_UNPRIVILEGED") == "1":
        pytest.fail(f"{why}: .ci/run must run this where the installed package cannot be written")
    pytest.skip(f"{why} (.ci/run runs this without the right to write it)")


@pytest.mark.unprivileged
def test_a_read_only_install_only_runs_slower(folder: Path) -> None:
    _as_unprivileged_user()
    folder.mkdir()
    folder.chmod(0o500)
    try:
        cache.store("lexicon", ("h",), {"a": 1})
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_the_lexicon_is_parsed_again_when_its_text_changes(folder: Path) -> None:
    data, cached = lexicon._raw()  # parsed, then stored
    assert not cached and cache.path("lexicon-en").is_file() and cache.path("lexicon-shared").is_file()
    assert lexicon._raw() == (data, False)  # the same process parses a file once
    lexicon._FILES.clear()  # the next run
    assert lexicon._raw() == (data, True)
    for name in ("en", "shared"):
        text = (lexicon.DATA / f"{name}.toml").read_text("utf-8")
        stored = cache.load(f"lexicon-{name}", ("disclosure-lint lexicon 2", name, text))
        assert isinstance(stored, dict) and set(stored) <= set(data)
        assert cache.load(f"lexicon-{name}", ("disclosure-lint lexicon 2", name, text + "\n# edited")) is None


def test_an_english_book_never_reads_another_language(folder: Path) -> None:
    """Each language's file is parsed (and cached) only when a text in that language is read."""
    lexicon._raw("en")
    assert {p.name.split(".")[0] for p in folder.iterdir()} == {"lexicon-en", "lexicon-shared"}


def test_a_french_book_never_reads_the_english_lexicon(folder: Path, tmp_path: Path) -> None:
    """Reading, analysing and checking a French book parses `shared.toml` and `fr.toml` only, each once."""
    from disclosure_lint.api import check_manuscript, read
    from disclosure_lint.config import Config

    lexicon.load_lexicon.cache_clear()
    parsed: list[str] = []
    real = lexicon._raw_file

    def counting(name: str, *, fresh: bool = False) -> tuple[dict[str, Any], bool]:
        if fresh or name not in lexicon._FILES:
            parsed.append(name)
        return real(name, fresh=fresh)

    book = tmp_path / "roman.md"
    book.write_text("---\ntitle: Le Phare\nauthor: Camille Vaillant\nlang: fr\n---\n\n# Avant-propos\n\n"
                    "L'auteur a rédigé ce texte avec ChatGPT, puis l'a relu et révisé ; il en assume la "
                    "responsabilité.\n\n# Chapitre 1\n\nLe ferry attendait.\n", encoding="utf-8")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(lexicon, "_raw_file", counting)
            report = check_manuscript(read(book, Config()), Config())
    finally:
        lexicon.load_lexicon.cache_clear()
    assert sorted(parsed) == ["fr", "shared"], parsed
    assert report.disclosures and "attribution-missing" not in {f.rule for f in report.findings}


# Damage done to a cache file between two runs. Each takes the file's path and the bytes a good
# run wrote there, and leaves the file damaged in one way.
def _flip_bytes(path: Path, good: bytes) -> None:
    data = bytearray(good)
    for at in range(len(data) // 3, len(data), max(1, len(data) // 9)):
        data[at] ^= 0x5A
    path.write_bytes(bytes(data))


def _truncate(path: Path, good: bytes) -> None:
    path.write_bytes(good[: len(good) // 2])


def _foreign(path: Path, good: bytes) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)


def _empty(path: Path, good: bytes) -> None:
    path.write_bytes(b"")


def _restore(path: Path, good: bytes, transform: Callable[[Any], Any], *, layout: str = cache.FORMAT,
             valid_digest: bool = True) -> None:
    """Write the good file's value, changed by `transform`, in this cache's layout (with a
    correct digest, so that only what is inside can be wrong) or in another one."""
    _, header, _, payload = marshal.loads(good)
    value = transform(marshal.loads(payload))
    new_payload = marshal.dumps(value)
    digest = cache.digest(new_payload) if valid_digest else cache.digest(new_payload + b"x")
    path.write_bytes(marshal.dumps((layout, header, digest, new_payload)))


def _old_layout(path: Path, good: bytes, transform: Callable[[Any], Any]) -> None:
    """The layout before digests: (header, value), value changed by `transform`."""
    _, header, _, payload = marshal.loads(good)
    path.write_bytes(marshal.dumps((header, transform(marshal.loads(payload)))))


def _code_of(pattern: str, flags: int) -> tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]:
    engine = patterns._engine()
    assert engine is not None
    _, entry = patterns._compile_keeping_code(engine, pattern, flags)
    return entry[1:]


def _swap_code(entries: dict[Any, Any]) -> dict[Any, Any]:
    """Every entry given well-formed code that matches nothing: the engine accepts it."""
    return {key: (entry[0], *_code_of(r"(?!x)x", key[1])) for key, entry in entries.items()}


def _flip_code_words(entries: dict[Any, Any]) -> dict[Any, Any]:
    """Literal letters in every entry's code changed ('e' → 'q'), as a damaged disk might."""
    changed = {}
    for key, (digest, flags, code, groups, groupindex, indexgroup) in entries.items():
        words = array("I" if len(code) % 4 == 0 else "H", code)
        words = array(words.typecode, [ord("q") if w == ord("e") else w for w in words])
        changed[key] = (digest, flags, words.tobytes(), groups, groupindex, indexgroup)
    return changed


def _damages() -> dict[str, Callable[[Path, bytes], None]]:
    return {
        "flipped bytes": _flip_bytes,
        "truncated": _truncate,
        "foreign file": _foreign,
        "empty file": _empty,
        "wrong shape": lambda p, g: _restore(p, g, lambda v: [v, 1, "two"]),
        "wrong shape, old layout": lambda p, g: _old_layout(p, g, lambda v: {"systems": 1, "ai": None}),
        "same shape, old layout": lambda p, g: _old_layout(p, g, lambda v: v),
        "wrong digest": lambda p, g: _restore(p, g, lambda v: v, valid_digest=False),
        "another layout": lambda p, g: _restore(p, g, lambda v: v, layout="disclosure-lint cache 1"),
    }


_PATTERN_DAMAGES: dict[str, Callable[[Path, bytes], None]] = {
    "code swapped": lambda p, g: _restore(p, g, _swap_code),
    "code words flipped": lambda p, g: _restore(p, g, _flip_code_words),
    "entries of the wrong shape": lambda p, g: _restore(
        p, g, lambda v: {key: (b"x", "flags", None) for key in v}),
    "entries lost their digest": lambda p, g: _restore(p, g, lambda v: {key: e[1:] for key, e in v.items()}),
}
_LEXICON_DAMAGES: dict[str, Callable[[Path, bytes], None]] = {
    "lists replaced": lambda p, g: _restore(
        p, g, lambda v: {k: {n: 3 for n in t} if isinstance(t, dict) else t for k, t in v.items()},
        valid_digest=False),
    "old layout, tables missing": lambda p, g: _old_layout(p, g, lambda v: {"ai": v["ai"]}),
    # The right layout and a correct digest around a value that is not the lexicon's shape.
    "lists replaced, digest valid": lambda p, g: _restore(
        p, g, lambda v: {k: {n: 3 for n in t} if isinstance(t, dict) else t for k, t in v.items()}),
    "tables missing, digest valid": lambda p, g: _restore(p, g, lambda v: {"ai": v["ai"]}),
    "patterns not text, digest valid": lambda p, g: _restore(
        p, g, lambda v: {**v, "frames": {**v["frames"], "phrase_breaks": [7]}}),
}
_SHARED_DAMAGES: dict[str, Callable[[Path, bytes], None]] = {
    "tables missing, digest valid": lambda p, g: _restore(p, g, lambda v: {"names": v["names"]}),
    "patterns not text, digest valid": lambda p, g: _restore(
        p, g, lambda v: {**v, "systems": [{**s, "pattern": 7} for s in v["systems"]]}),
}


def _check(env: dict[str, str]) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "disclosure_lint", "check", "--jobs", "1", "--format", "json",
                           *SAMPLE_BOOKS],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    return done.returncode, done.stdout, done.stderr


REPO = Path(__file__).resolve().parents[1]
SAMPLE_BOOKS = sorted(str(p.relative_to(REPO)) for p in (REPO / "samples").iterdir())


@pytest.mark.skipif(patterns._engine() is None, reason="no CPython 3.11+ engine: the pattern cache is off")
def test_a_damaged_cache_never_changes_a_verdict_and_is_repaired(tmp_path: Path) -> None:
    """Each cache file damaged in each way, then `check` on every sample book: the same output
    as with the cache off, and a file that the next run can use again."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "DISCLOSURE_LINT_CACHE")}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
    want = _check({**env, "DISCLOSURE_LINT_CACHE": "0"})
    assert want[0] == 1 and want[2] == "" and '"rule"' in want[1]
    assert not (tmp_path / "pycache").exists() or not list((tmp_path / "pycache").rglob("*.cache"))
    assert _check(env) == want  # the first run writes both files
    files = {name: next((tmp_path / "pycache").rglob(f"{name}.*.cache"))
             for name in ("patterns", "lexicon-en", "lexicon-shared")}
    good = {name: path.read_bytes() for name, path in files.items()}
    assert _check(env) == want  # and the second reads them
    assert {name: path.read_bytes() for name, path in files.items()} == good

    damages = [("patterns", what, damage) for what, damage in {**_damages(), **_PATTERN_DAMAGES}.items()]
    damages += [("lexicon-en", what, damage) for what, damage in {**_damages(), **_LEXICON_DAMAGES}.items()]
    damages += [("lexicon-shared", what, damage) for what, damage in {**_damages(), **_SHARED_DAMAGES}.items()]
    for name, what, damage in damages:
        for other, path in files.items():
            path.write_bytes(good[other])
        damage(files[name], good[name])
        assert _check(env) == want, f"{name} cache, {what}"
        repaired = files[name].read_bytes()
        _, _, digest, payload = marshal.loads(repaired)
        assert digest == cache.digest(payload), f"{name} cache, {what}: not rewritten"
        if name.startswith("lexicon"):
            assert marshal.loads(payload) == marshal.loads(marshal.loads(good[name])[3]), f"{what}: not repaired"
        else:
            for (source, flags), entry in marshal.loads(payload).items():
                assert entry[0] == patterns._entry_digest(source, flags, *entry[1:]), f"{what}: {source[:30]}"


class _Counting:
    """`re._parser` and `re._compiler` as seen by the cache, counting calls; `_code` fails from
    call number `fail_from` on (1: the probe already fails), as where `re` internals differ."""

    def __init__(self, fail_from: int) -> None:
        self.parses = 0
        self.codes = 0
        self.fail_from = fail_from

    def parse(self, pattern: str, flags: int) -> Any:
        self.parses += 1
        return re._parser.parse(pattern, flags)  # type: ignore[attr-defined]

    def _code(self, parsed: Any, flags: int) -> Any:
        self.codes += 1
        if self.codes >= self.fail_from:
            raise TypeError("_code() takes 3 arguments")  # as a changed signature would
        return re._compiler._code(parsed, flags)  # type: ignore[attr-defined]


@pytest.mark.parametrize("fail_from", [1, 2], ids=["the probe fails", "a pattern fails"])
def test_where_re_internals_differ_no_pattern_is_compiled_twice(
        folder: Path, monkeypatch: pytest.MonkeyPatch, fail_from: int) -> None:
    if patterns._engine() is None:
        pytest.skip("no CPython 3.11+ engine")
    fake = _Counting(fail_from)
    lookups = []

    def engine() -> Any:
        lookups.append(1)
        import _sre  # type: ignore[import-not-found]

        return fake, fake, _sre

    compiled: list[str] = []
    real_compile = re.compile

    def counting_compile(pattern: Any, flags: Any = 0) -> Any:
        compiled.append(pattern)
        return real_compile(pattern, flags)

    monkeypatch.setattr(patterns, "_engine", engine)
    monkeypatch.setattr(re, "compile", counting_compile)
    reader = patterns._Cache()
    sources = [rf"(?:story|tale) number {n}\b" for n in range(6)]
    for source in sources:
        assert reader.compile(source, re.IGNORECASE).search(f"A TALE NUMBER {sources.index(source)}.")
    assert lookups == [1]  # the engine looked up once
    assert fake.parses == fail_from  # the probe, then (when it passed) the one pattern that failed
    assert [c for c in compiled if c in sources] == sources  # each pattern by re.compile, once
    assert reader.engine is None and not reader.dirty


@pytest.mark.unprivileged
def test_a_read_only_install_checks_books_as_with_the_cache_off(tmp_path: Path) -> None:
    """The package as installed, by a user who cannot write beside it: same verdicts, nothing
    written, no error."""
    installed = Path(cache.__file__).resolve().parent
    _as_unprivileged_user(cache.FOLDER if cache.FOLDER.exists() else installed)
    before = sorted(cache.FOLDER.iterdir()) if cache.FOLDER.exists() else []
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "DISCLOSURE_LINT_CACHE")}
    want = _check({**env, "DISCLOSURE_LINT_CACHE": "0"})
    assert want[0] == 1 and want[2] == ""
    assert _check(env) == want
    assert (sorted(cache.FOLDER.iterdir()) if cache.FOLDER.exists() else []) == before
