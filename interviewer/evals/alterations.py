"""Answers altered from a claim or a reference answer by rule, to see whether a grade can be gamed:
the claim negated or with an antonym swapped in (a fair grade: nothing), its key terms woven into
sentences that say nothing (nothing). Pure rules, no model; the judge's training (`judge/train/alter.py`)
generates its contradicted and missed pairs with the same rules."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from interviewer.grading.cues import content_words

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


def antonym_swapped(claim: str) -> str | None:
    """The claim with its first word that has a known antonym swapped for it, or None."""
    tokens = re.split(r"(\W+)", claim)
    for i, token in enumerate(tokens):
        replacement = _ANTONYMS.get(token.lower())
        if replacement:
            return "".join([*tokens[:i], replacement, *tokens[i + 1 :]])
    return None


def negated(claim: str) -> str | None:
    """The claim with its first verb negated (`is` -> `is not`, `requires` -> `does not require`), or None."""
    for pattern, replacement in _NEGATIONS:
        changed, count = re.subn(pattern, replacement, claim, count=1)
        if count:
            return changed
    return None


def nonsense(terms: list[str], rng: random.Random) -> str | None:
    """The first alternative of three key terms, woven into a sentence that says nothing."""
    names = [term.split("|")[0] for term in terms]
    return _nonsense_sentence(names, rng) if len(names) >= 3 else None


def _nonsense_sentence(names: list[str], rng: random.Random) -> str:
    """Three of the names, in a random order, in a sentence that says nothing."""
    a, b, c = rng.sample(names, 3)
    return rng.choice(_NONSENSE).format(a=a, b=b, c=c)


SENTENCES = re.compile(r"(?<=[.!?])\s+")


def every_sentence(alter: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """`alter` applied to each sentence of a text; None when a sentence has no rule."""

    def altered(text: str) -> str | None:
        sentences = [alter(s) for s in SENTENCES.split(text.strip()) if s.strip()]
        return " ".join(s for s in sentences if s) if sentences and all(sentences) else None

    return altered


def woven(words: list[str], rng: random.Random) -> str | None:
    """Every word, three at a time (the last three made up from the first words), in sentences that say
    nothing; None for fewer than three words."""
    if len(words) < 3:
        return None
    padded = words + words[: -len(words) % 3]
    return " ".join(_nonsense_sentence(padded[i : i + 3], rng) for i in range(0, len(padded), 3))


def words_in_nonsense(text: str) -> str | None:
    """The text's content words, three at a time, in sentences that say nothing (seeded by the text)."""
    return woven(list(dict.fromkeys(content_words(text))), random.Random(text))
