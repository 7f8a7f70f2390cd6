"""`python -m disclosure_lint` runs the CLI."""

from __future__ import annotations

from .launch import entry

entry()
