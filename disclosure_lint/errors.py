"""One exception family: the CLI turns each into one line on stderr and exit 2."""

from __future__ import annotations


class DisclosureLintError(Exception):
    """Base of every error a user can cause and fix (bad input, bad config, bad usage)."""


class InputError(DisclosureLintError):
    """A manuscript cannot be read: missing, not the format it claims, damaged, hostile."""


class ConfigError(DisclosureLintError):
    """A configuration file or option is wrong: unknown key, bad value, bad TOML."""


class UsageError(DisclosureLintError):
    """A command was asked for something it cannot do (e.g. `insert` without a model)."""


class WriteError(DisclosureLintError):
    """`insert` could not write its result safely (the original is left as it was)."""
