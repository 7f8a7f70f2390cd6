"""disclosure-lint: does a book disclose, adequately and visibly, that AI co-wrote it?

The public API is `lint()`; everything else is reached through the CLI. Imports here stay
light so that `disclosure-lint --version` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import Report


def lint(path: Any, *, model: str | None = None, config: Any = None) -> Report:
    """Check one manuscript (file or book directory) and return its `Report`."""
    from .api import lint as _lint

    return _lint(path, model=model, config=config)


__all__ = ["__version__", "lint"]
