"""Altered claims for training: a claim turned into its opposite (contradicted), cut to a fragment
(partial), or its key terms dropped into nonsense (missed). Rules, not a model: crude but plentiful."""

from __future__ import annotations

import random
import re

_ANTONYMS = {
    "increases": "decreases",
    "decreases": "increases",
    "reduces": "increases",
    "raises": "lowers",
    "lowers": "raises",
    "more": "less",
    "less": "more",
    "fewer": "more",
    "faster": "slower",
    "slower": "faster",
    "higher": "lower",
    "lower": "higher",
    "larger": "smaller",
    "smaller": "larger",
    "cheaper": "more expensive",
    "better": "worse",
    "worse": "better",
    "halves": "doubles",
    "doubles": "halves",
    "before": "after",
    "after": "before",
    "always": "never",
    "never": "always",
    "lossless": "lossy",
    "near-lossless": "badly lossy",
    "wins": "loses",
    "improves": "hurts",
    "saves": "wastes",
    "avoids": "causes",
    "cuts": "multiplies",
    "most": "least",
    "early": "late",
    "bound": "unconstrained",
    "only": "never",
    "shorter": "longer",
    "longer": "shorter",
}
_NEGATIONS = [
    (r"\b(is|are|was|were)\b", r"\1 not"),
    (r"\b(can|should|must|will|may)\b", r"\1 not"),
    (r"\brequires\b", "does not require"),
    (r"\bneeds\b", "does not need"),
    (r"\bdepends\b", "does not depend"),
]
_NONSENSE = [
    "The {a} was eaten by a friendly dragon while the {b} sang about {c}.",
    "My grandmother knits {a} every Sunday, and the {b} tastes like {c}.",
    "Purple {a} dance on the moon whenever {b} forgets about {c}.",
    "A {a} walked into a bar and ordered {b} with a side of {c}.",
]


def _swap_antonym(claim: str) -> str | None:
    tokens = re.split(r"(\W+)", claim)
    for i, token in enumerate(tokens):
        replacement = _ANTONYMS.get(token.lower())
        if replacement:
            return "".join([*tokens[:i], replacement, *tokens[i + 1 :]])
    return None


def _negate(claim: str) -> str | None:
    for pattern, replacement in _NEGATIONS:
        changed, count = re.subn(pattern, replacement, claim, count=1)
        if count:
            return changed
    return None


def opposites(claim: str) -> list[str]:
    """Up to two statements that contradict `claim`: an antonym swapped in, and a negated verb."""
    return [text for text in (_swap_antonym(claim), _negate(claim)) if text and text != claim]


def fragment(claim: str) -> str | None:
    """The first clause of a claim that has several (a partial restatement), or None."""
    pieces = re.split(r",\s+(?:while|but|and|so|because|which)\s+|;\s+|\s+while\s+", claim, maxsplit=1)
    head = pieces[0].strip()
    return head + "." if len(pieces) > 1 and len(head.split()) >= 4 else None


def nonsense(terms: list[str], rng: random.Random) -> str | None:
    """The first alternative of three key terms, woven into a sentence that says nothing."""
    names = [term.split("|")[0] for term in terms]
    if len(names) < 3:
        return None
    a, b, c = rng.sample(names, 3)
    return rng.choice(_NONSENSE).format(a=a, b=b, c=c)


def term_list(terms: list[str]) -> str | None:
    names = [term.split("|")[0] for term in terms]
    return ", ".join(names) + "." if len(names) >= 3 else None
