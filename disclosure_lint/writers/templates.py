"""Disclosure templates: the text `insert` adds, with the model and its maker filled in.

A template is a UTF-8 text file ``NAME.txt``::

    # One line saying what the template is for (shown by `disclosure-lint templates`).
    # voice: third
    The author generated this text in part with {model}, [[{vendor}'s||a]] large-scale ...

- The first line (``# ...``) is the description; further ``# key: value`` lines at the top are
  settings (``voice``: ``third``, ``first`` or ``company``).
- The rest is the text; paragraphs are separated by a blank line.
- ``{model}``, ``{vendor}``, ``{author}`` and ``{company}`` (the same value as ``{author}``) are
  filled in; ``{{`` and ``}}`` are literal braces.
- ``[[A||B]]`` is A when every placeholder in A has a value, else B; ``[[A]]`` is A or nothing.
  This is how the stock text drops "OpenAI's" for a model whose maker is not known.
- ``{vendor}'s`` with a value ending in "s" gives "Inkwell Labs'" (the apostrophe alone).

Built-in templates ship inside the package (`disclosure_lint.templates`); a user's folder
(config ``templates = "dir"``) adds templates and overrides built-ins of the same name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import ConfigError, UsageError

#: The built-in templates, in the order `disclosure-lint templates` lists them.
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
PLACEHOLDERS = ("model", "vendor", "author", "company")

_OPTIONAL = re.compile(r"\[\[(.*?)(?:\|\|(.*?))?\]\]", re.DOTALL)
_FIELD = re.compile(r"\{\{|\}\}|\{(\w+)\}")
#: A placeholder followed by a possessive: "{vendor}'s" (straight or curly apostrophe).
_POSSESSIVE = re.compile(r"\{(\w+)\}(['\u2019])s\b")
_SETTING = re.compile(r"#\s*(\w+)\s*:\s*(.*?)\s*$")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


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


def parse_template(name: str, text: str, source: str) -> Template:
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
    return Template(name, description, voice, body, source)


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


def _builtin_text(name: str) -> str:
    try:
        package = resources.files("disclosure_lint.templates")
    except ModuleNotFoundError:  # a checkout run without installing it
        folder = _builtin_folder()
        if folder is None:
            raise
        return (folder / f"{name}.txt").read_text("utf-8")
    return package.joinpath(f"{name}.txt").read_text("utf-8")


def load_templates(user_folder: Path | None = None) -> dict[str, Template]:
    """Every template by name: the built-ins, then the user's folder (which may override them)."""
    out = {name: parse_template(name, _builtin_text(name), "built-in") for name in BUILTIN}
    if user_folder is None:
        return out
    if not user_folder.is_dir():
        raise ConfigError(f"{user_folder}: the templates folder (config `templates`) does not exist")
    for path in sorted(user_folder.glob("*.txt")):
        if not _NAME.fullmatch(path.stem):
            continue
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read template: {exc}") from exc
        out[path.stem] = parse_template(path.stem, text, str(path))
    return out


def choose(templates: dict[str, Template], name: str | None, voice: str | None) -> Template:
    """The template to use: `name` (default "stock") in `voice` (its voice variant if needed)."""
    base = name or "stock"
    if base not in templates:
        raise UsageError(f"unknown template {base!r} (see `disclosure-lint templates`)")
    template = templates[base]
    if voice is None or voice == template.voice:
        return template
    family = base
    for suffix in VOICE_SUFFIX.values():
        if suffix and base.endswith(suffix):
            family = base[: -len(suffix)]
    variant = family + VOICE_SUFFIX[voice]
    if variant in templates and templates[variant].voice == voice:
        return templates[variant]
    raise UsageError(f"template {base!r} has no {voice}-voice variant (expected a template named "
                     f"{variant!r}; see `disclosure-lint templates`)")
