"""Disclosure templates: the text `insert` adds, with the model and its maker filled in, in the
book's language.

A template is a UTF-8 text file ``NAME.txt``::

    # One line saying what the template is for (shown by `disclosure-lint templates`).
    # voice: third
    The author generated this text in part with {model}, [[{vendor}'s||a]] large-scale ...

- The first line (``# ...``) is the description; further ``# key: value`` lines at the top are
  settings: ``voice`` (``third``, ``first`` or ``company``) and ``gender`` (``neutral``, the
  default: the text gives its writer no grammatical gender; ``masculine`` or ``feminine``: the
  third person says "l'auteur" or "l'autrice", "der Autor" or "die Autorin" ...).
- The rest is the text; paragraphs are separated by a blank line.
- ``{model}``, ``{vendor}``, ``{author}`` and ``{company}`` (the same value as ``{author}``) are
  filled in; ``{{`` and ``}}`` are literal braces.
- ``[[A||B]]`` is A when every placeholder in A has a value, else B; ``[[A]]`` is A or nothing.
  This is how the stock text drops "OpenAI's" for a model whose maker is not known.
- ``{vendor}'s`` with a value ending in "s" gives "Inkwell Labs'" (the apostrophe alone).

Languages: a folder of templates holds the English ones at its top and every other language's in
a subfolder named by its ISO 639-1 code, under the same names::

    templates/languages.toml       each language's name and the heading of the note
    templates/stock.txt            English (the default language)
    templates/fr/stock.txt         French
    templates/fr/stock-feminine.txt

A language whose "the author" has a grammatical gender (French, German, Spanish, Italian,
Portuguese) has its third-person templates in the masculine, the traditional generic
(``# gender: masculine``), and a ``-feminine`` variant of each (``stock-feminine``,
``copyright-line-feminine``); `choose` picks it for ``--gender feminine``. English and Dutch ("de
auteur") need none, and neither do the first person and the company voice in any language.

`insert` writes in the book's language (its metadata's tag, read up to the first "-" or "_":
"fr-CA" → fr) when there are templates in it, else in English; ``--lang`` forces a language. A
template that a language lacks (a user's own, written before languages existed) is taken in
English, unless the language was forced.

Built-in templates ship inside the package (`disclosure_lint.templates`); a user's folder
(config ``templates = "dir"``, laid out the same way, with its own ``languages.toml`` optional)
adds templates and languages and overrides built-ins of the same name and language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, UsageError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

#: The built-in templates, in the order `disclosure-lint templates` lists them (a language's
#: gendered variants follow their template: `stock`, `stock-feminine`).
BUILTIN: tuple[str, ...] = (
    "stock",
    "stock-first-person",
    "stock-company",
    "copyright-line",
    "copyright-line-first-person",
    "copyright-line-company",
)

VOICES = ("third", "first", "company")
#: The name suffix of a template's variant in another voice (`stock` → `stock-first-person`).
VOICE_SUFFIX = {"third": "", "first": "-first-person", "company": "-company"}
#: The grammatical genders `--gender` asks for; a template's `gender` may also be "neutral".
GENDERS = ("feminine", "masculine")
PLACEHOLDERS = ("model", "vendor", "author", "company")
#: The language of the templates at the top of a folder, and of a book in a language without any.
DEFAULT_LANGUAGE = "en"
#: Each folder's table of languages (name, heading).
LANGUAGES_FILE = "languages.toml"

_OPTIONAL = re.compile(r"\[\[(.*?)(?:\|\|(.*?))?\]\]", re.DOTALL)
_FIELD = re.compile(r"\{\{|\}\}|\{(\w+)\}")
#: A placeholder followed by a possessive: "{vendor}'s" (straight or curly apostrophe).
_POSSESSIVE = re.compile(r"\{(\w+)\}(['\u2019])s\b")
_SETTING = re.compile(r"#\s*(\w+)\s*:\s*(.*?)\s*$")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
#: A language folder's name: an ISO 639 code.
_CODE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True, slots=True)
class Template:
    """A disclosure template as loaded from its file."""

    name: str
    #: What the template is for, in one line.
    description: str
    #: Whose voice the text speaks in: "third" (the author), "first" (I) or "company".
    voice: str
    #: The text with its placeholders, paragraphs separated by a blank line.
    body: str
    #: Where it came from: "built-in" or the user's file path.
    source: str
    #: The language it is written in (the code of its folder: "en" at the top).
    language: str = DEFAULT_LANGUAGE
    #: The grammatical gender it gives its writer: "neutral", "masculine" or "feminine".
    gender: str = "neutral"

    def render(self, values: dict[str, str | None], *, keep_missing: bool = False) -> tuple[str, ...]:
        """The paragraphs with placeholders filled in.

        With `keep_missing`, a placeholder without a value is shown as ``{name}`` (for
        `disclosure-lint templates NAME` without --model); otherwise it is an error, except in an
        optional ``[[...]]`` part, which then falls back to its alternative.
        """
        known = {k: v for k, v in values.items() if v}
        if "author" in known and "company" not in known:
            known["company"] = known["author"]
        if "company" in known and "author" not in known:
            known["author"] = known["company"]

        def optional(m: re.Match[str]) -> str:
            first, alternative = m.group(1), m.group(2) or ""
            needed = {f.group(1) for f in _FIELD.finditer(first) if f.group(1)}
            return first if keep_missing or needed <= known.keys() else alternative

        def fill(m: re.Match[str]) -> str:
            token = m.group(0)
            if token in ("{{", "}}"):
                return token[0]
            name = m.group(1)
            if name in known:
                return str(known[name])
            if keep_missing:
                return token
            if name not in PLACEHOLDERS:
                raise UsageError(f"template {self.name!r} uses an unknown placeholder {token} "
                                 f"(known: {', '.join('{' + p + '}' for p in PLACEHOLDERS)})")
            hint = {"model": "--model", "vendor": "--vendor", "author": "--author",
                    "company": "--author"}[name]
            raise UsageError(f"template {self.name!r} needs {token}: give it with {hint}")

        def possessive(m: re.Match[str]) -> str:
            # "Inkwell Labs'" not "Inkwell Labs's": a name ending in a plural s takes the
            # apostrophe alone (an acronym such as "AWS" keeps "'s").
            value = known.get(m.group(1))
            return m.group(0) if not value or not value.endswith("s") else f"{{{m.group(1)}}}{m.group(2)}"

        text = _OPTIONAL.sub(optional, self.body)
        text = _POSSESSIVE.sub(possessive, text)
        text = _FIELD.sub(fill, text)
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
        return tuple(p for p in paragraphs if p)


@dataclass(frozen=True, slots=True)
class Language:
    """A language with templates: its code, its name in English, the heading of the note."""

    code: str
    name: str
    heading: str


def parse_template(name: str, text: str, source: str, language: str = DEFAULT_LANGUAGE) -> Template:
    """Read a template file's text (see the module docstring for the format)."""
    lines = text.lstrip("\ufeff").splitlines()
    description = ""
    settings: dict[str, str] = {}
    start = 0
    for i, line in enumerate(lines):
        if not line.startswith("#"):
            start = i
            break
        m = _SETTING.match(line)
        if i > 0 and m:
            settings[m.group(1).lower()] = m.group(2)
        elif i == 0:
            description = line.lstrip("#").strip()
        start = i + 1
    body = "\n".join(lines[start:]).strip()
    if not body:
        raise ConfigError(f"{source}: template {name!r} has no text")
    voice = settings.get("voice", "third").lower()
    if voice not in VOICES:
        raise ConfigError(f"{source}: template {name!r}: voice must be one of {', '.join(VOICES)}")
    gender = settings.get("gender", "neutral").lower()
    if gender not in ("neutral", *GENDERS):
        raise ConfigError(f"{source}: template {name!r}: gender must be one of neutral, {', '.join(GENDERS)}")
    return Template(name, description, voice, body, source, language, gender)


def _builtin_folder() -> Path | None:
    """The `templates/` folder of the source checkout this module runs from, when it runs from
    one without being installed (``PYTHONPATH=.``: pyproject.toml maps the folder to
    `disclosure_lint.templates` only in an install). Installed, the folder two levels up is
    site-packages, whose `templates` belongs to some other package: never that one."""
    root = Path(__file__).resolve().parents[2]
    folder = root / "templates"
    try:
        project = (root / "pyproject.toml").read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not re.search(r'(?m)^name\s*=\s*"disclosure-lint"\s*$', project):
        return None
    return folder if (folder / "stock.txt").is_file() else None


def _builtin_root() -> Traversable:
    try:
        return resources.files("disclosure_lint.templates")
    except ModuleNotFoundError:  # a checkout run without installing it
        folder = _builtin_folder()
        if folder is None:
            raise
        return folder


def language_code(tag: str, aliases: Mapping[str, str] | None = None) -> str:
    """The language of a tag as templates are filed: lower case, up to the first "-" or "_"
    ("fr-CA", "FR", "fr_FR" → "fr"); `aliases` maps other names ("fra", "german") to codes."""
    base = re.split(r"[-_\s]", tag.strip().lower(), maxsplit=1)[0]
    return (aliases or {}).get(base, base)


def _read_languages(text: str, source: str) -> dict[str, Language]:
    import tomllib

    try:
        data: dict[str, Any] = tomllib.loads(text)
    except ValueError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from exc
    out = {}
    for code, table in data.items():
        if not _CODE.fullmatch(code) or not isinstance(table, dict):
            raise ConfigError(f"{source}: [{code}]: expected a table named by a language code (fr, de ...)")
        name, heading = table.get("name", code), table.get("heading")
        if not isinstance(name, str) or not isinstance(heading, str) or not heading.strip():
            raise ConfigError(f"{source}: [{code}]: expected name = \"...\" and heading = \"...\"")
        out[code] = Language(code, name, " ".join(heading.split()))
    return out


@functools.cache
def _builtin_languages() -> dict[str, Language]:
    return _read_languages(_builtin_root().joinpath(LANGUAGES_FILE).read_text("utf-8"), f"built-in {LANGUAGES_FILE}")


def languages(user_folder: Path | None = None) -> dict[str, Language]:
    """The languages with templates, by code, in alphabetical order: the built-in ones, then the
    user's folder's (its language folders, named in its own languages.toml or not)."""
    out = dict(_builtin_languages())
    if user_folder is not None:
        _check_folder(user_folder)
        table = user_folder / LANGUAGES_FILE
        if table.is_file():
            try:
                text = table.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{table}: cannot read: {exc}") from exc
            out.update(_read_languages(text, str(table)))
        for folder in sorted(user_folder.iterdir()):
            if folder.is_dir() and _CODE.fullmatch(folder.name) and folder.name not in out \
                    and any(folder.glob("*.txt")):
                out[folder.name] = Language(folder.name, folder.name, out[DEFAULT_LANGUAGE].heading)
    return dict(sorted(out.items()))


def unknown_language(tag: str, known: Mapping[str, Language]) -> UsageError:
    return UsageError(f"no templates in {tag!r}; available: {', '.join(known)}")


def _check_folder(user_folder: Path) -> None:
    if not user_folder.is_dir():
        raise ConfigError(f"{user_folder}: the templates folder (config `templates`) does not exist")


def _order(name: str) -> tuple[int, str]:
    """Built-ins in their order, a gendered variant right after its template, the user's last."""
    family = _family(name)[0]
    return (BUILTIN.index(family) if family in BUILTIN else len(BUILTIN), name)


def _family(name: str) -> tuple[str, str | None]:
    """A template's name without its gender suffix, and that gender (`stock-feminine` → stock)."""
    for gender in GENDERS:
        if name.endswith(f"-{gender}"):
            return name[: -len(gender) - 1], gender
    return name, None


def load_templates(user_folder: Path | None = None, language: str = DEFAULT_LANGUAGE) -> dict[str, Template]:
    """Every template in `language` by name: the built-ins, then the user's folder (which may
    override them)."""
    out: dict[str, Template] = {}
    root = _builtin_root()
    folder = root if language == DEFAULT_LANGUAGE else root.joinpath(language)
    if folder.is_dir():
        for entry in folder.iterdir():
            stem = entry.name.removesuffix(".txt")
            if entry.name.endswith(".txt") and entry.is_file() and _NAME.fullmatch(stem):
                out[stem] = parse_template(stem, entry.read_text("utf-8"), "built-in", language)
    if user_folder is not None:
        _check_folder(user_folder)
        mine = user_folder if language == DEFAULT_LANGUAGE else user_folder / language
        for path in sorted(mine.glob("*.txt")) if mine.is_dir() else ():
            if not _NAME.fullmatch(path.stem):
                continue
            try:
                text = path.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{path}: cannot read template: {exc}") from exc
            out[path.stem] = parse_template(path.stem, text, str(path), language)
    return {name: out[name] for name in sorted(out, key=_order)}


def choose(templates: dict[str, Template], name: str | None, voice: str | None, gender: str | None = None,
           ) -> Template:
    """The template to use: `name` (default "stock") in `voice` (its voice variant if needed),
    with `gender` (its gendered variant, where its text has a gender)."""
    base = name or "stock"
    if base not in templates:
        raise UsageError(f"unknown template {base!r} (see `disclosure-lint templates`)")
    template = templates[base]
    if voice is not None and voice != template.voice:
        family = _family(base)[0]
        for suffix in VOICE_SUFFIX.values():
            if suffix and family.endswith(suffix):
                family = family[: -len(suffix)]
        variant = family + VOICE_SUFFIX[voice]
        if variant not in templates or templates[variant].voice != voice:
            raise UsageError(f"template {base!r} has no {voice}-voice variant (expected a template named "
                             f"{variant!r}; see `disclosure-lint templates`)")
        template = templates[variant]
    if gender is None or template.gender in ("neutral", gender):
        return template
    family = _family(template.name)[0]
    for candidate in (f"{family}-{gender}", family):
        found = templates.get(candidate)
        if found is not None and found.voice == template.voice and found.gender == gender:
            return found
    raise UsageError(f"template {template.name!r} ({template.language}) has no {gender} variant (expected a "
                     f"template named {family + '-' + gender!r}; see `disclosure-lint templates --lang "
                     f"{template.language}`)")


def choose_template(user_folder: Path | None, language: str, name: str | None, voice: str | None,
                    gender: str | None, *, forced: bool) -> Template:
    """`choose` among the templates in `language`. A template the language lacks (a user's own,
    perhaps written in that language before languages existed) is taken from the top of the
    folder, unless the language was `forced` (--lang): then it is an error."""
    templates = load_templates(user_folder, language)
    base = name or "stock"
    if base not in templates and language != DEFAULT_LANGUAGE:
        default = load_templates(user_folder, DEFAULT_LANGUAGE)
        if base in default and forced:
            raise UsageError(f"template {base!r} has no {language!r} version (expected {language}/{base}.txt "
                             f"in the templates folder; see `disclosure-lint templates --lang {language}`)")
        templates = default
    return choose(templates, name, voice, gender)
