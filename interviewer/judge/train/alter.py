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


# Whimsical frames for key terms: sentences in the rubric's vocabulary that state nothing about it.
_WHIMSY = [
    "My cat prefers {a} on weekdays, but {b} makes her sneeze.",
    "We painted the {a} blue so that {b} would stop whispering at night.",
    "Legend says {a} was invented by a baker who confused it with {b}.",
    "Nobody has seen {a} since the {b} moved to the mountains.",
    "If you whistle at {a}, {b} answers in French.",
    "The {a} rode a bicycle to the seaside to visit {b}.",
    "Grandpa keeps {a} in a shoebox next to {b} and old stamps.",
    "On full moons the {a} turns into {b} and hides under the stairs.",
    "{A} tastes of cinnamon, which is why {b} is served cold.",
    "The choir sang about {a} while {b} juggled oranges in the hall.",
    "Our neighbour trained {a} to fetch {b} from the garden.",
    "A poem about {a} won a prize because {b} rhymes with everything.",
]
_TERM_FRAMES = [
    "Honestly it is all about {terms}, and each team does it their own way.",
    "You have to think of {terms}; beyond that it is case by case.",
    "The words that matter are {terms}. Everyone knows that.",
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


def _negate_every_clause(text: str) -> str | None:
    """Every clause negated (a gamer negating each claim of a good answer), or None when a clause
    has no verb the rules can negate."""
    clauses = re.split(r"(,\s+|;\s+|\s+and\s+|\s+but\s+)", text)
    changed = [_negate(c) or _swap_antonym(c) if i % 2 == 0 else c for i, c in enumerate(clauses)]
    if len(clauses) < 3 or any(c is None for c in changed):
        return None
    return "".join(c for c in changed if c is not None)


def opposites(claim: str) -> list[str]:
    """Statements that contradict `claim`: an antonym swapped in, a negated verb, and (for a claim of
    several clauses) every clause negated."""
    found = [_swap_antonym(claim), _negate(claim), _negate_every_clause(claim)]
    if not any(found):
        found.append(f"It is not true that {claim[:1].lower()}{claim[1:]}")
    return list(dict.fromkeys(text for text in found if text and text != claim))


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


def _names(terms: list[str]) -> list[str]:
    return [term.split("|")[0] for term in terms]


def whimsy(terms: list[str], rng: random.Random, sentences: int = 3) -> str | None:
    """Several whimsical sentences, each carrying two key terms: fluent, on-vocabulary, meaningless."""
    names = _names(terms)
    if len(names) < 2:
        return None
    result = []
    for frame in rng.sample(_WHIMSY, sentences):
        a, b = rng.sample(names, 2)
        result.append(frame.format(a=a, b=b, A=a[:1].upper() + a[1:]))
    return " ".join(result)


def framed_terms(terms: list[str], rng: random.Random) -> str | None:
    """The key terms listed inside a fluent sentence that explains none of them."""
    names = _names(terms)
    if len(names) < 3:
        return None
    return rng.choice(_TERM_FRAMES).format(terms=", ".join(names[:-1]) + " and " + names[-1])


def shuffled(sentence: str, rng: random.Random) -> str | None:
    """The sentence's words in random order: the same vocabulary, no statement."""
    words = sentence.rstrip(".").split()
    if len(words) < 6:
        return None
    order = words[:]
    rng.shuffle(order)
    return " ".join(order) + "." if order != words else None


def term_list(terms: list[str]) -> str | None:
    names = [term.split("|")[0] for term in terms]
    return ", ".join(names) + "." if len(names) >= 3 else None
