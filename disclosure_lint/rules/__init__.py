"""The rule registry: an explicit table, in the order rules are listed and run."""

from __future__ import annotations

from . import (
    attribution_missing,
    authorship_misrepresented,
    chatbot_residue,
    disclosure_hidden,
    disclosure_missing,
    disclosure_placement,
    disclosure_unclear,
    human_authored_conflict,
    metadata_mismatch,
    model_mismatch,
    public_interest_unlabelled,
    responsibility_missing,
    roles_undescribed,
    text_in_image,
    use_mismatch,
)
from .base import Rule

RULES: tuple[Rule, ...] = tuple(
    Rule.from_module(m)
    for m in (
        disclosure_missing,
        disclosure_hidden,
        disclosure_placement,
        roles_undescribed,
        responsibility_missing,
        attribution_missing,
        authorship_misrepresented,
        disclosure_unclear,
        model_mismatch,
        # Issue 20: a chatbot's reply, prompt or interface text left in the book.
        chatbot_residue,
        # Issue 16: the book against its `[ai-use]` declaration (silent without one).
        use_mismatch,
        human_authored_conflict,
        metadata_mismatch,
        public_interest_unlabelled,
        # Issue 23: a front-matter page that is only a picture (an info note).
        text_in_image,
    )
)

RULES_BY_SLUG: dict[str, Rule] = {rule.slug: rule for rule in RULES}

__all__ = ["RULES", "RULES_BY_SLUG", "Rule"]
