"""Altered claims for training: a claim turned into its opposite (contradicted), cut to a fragment
(partial), or its key terms dropped into nonsense (missed). Rules, not a model: crude but plentiful."""

from __future__ import annotations

import re

from interviewer.evals.alterations import antonym_swapped, negated, nonsense

__all__ = ["fragment", "nonsense", "opposites", "term_list"]


def opposites(claim: str) -> list[str]:
    """Up to two statements that contradict `claim`: an antonym swapped in, and a negated verb."""
    return [text for text in (antonym_swapped(claim), negated(claim)) if text and text != claim]


def fragment(claim: str) -> str | None:
    """The first clause of a claim that has several (a partial restatement), or None."""
    pieces = re.split(r",\s+(?:while|but|and|so|because|which)\s+|;\s+|\s+while\s+", claim, maxsplit=1)
    head = pieces[0].strip()
    return head + "." if len(pieces) > 1 and len(head.split()) >= 4 else None


def term_list(terms: list[str]) -> str | None:
    names = [term.split("|")[0] for term in terms]
    return ", ".join(names) + "." if len(names) >= 3 else None
