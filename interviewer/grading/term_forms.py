"""A key term found in another form of its words: singular or plural ("problem" for "problems",
"shards" for "shard", "stages 1" for "stage 1") or, in a word the vocabulary does not hold, a
misspelling one letter off ("bandwith", "seperated", "postive"). Only words of at least `MIN_LETTERS`
letters take other forms; shorter ones ("fp16", "gap", "by") are matched as written, and a word the
vocabulary holds is never read as a misspelling ("shared" is not "sharded", "matching" not "batching").
Other inflections (-ed, -ing, -er) were measured and left out: they raised agreement on Mohler's exam a
little more, but credited points to one-sentence answers about another point (docs/offline-grading.md, *Key terms
in other forms*); a word the vocabulary does not hold one letter off still matches ("initialized" for
"initialize").

Pure functions: `phrase_found` reads a key term's words against a text's words (`text_forms`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from interviewer.grading.vocabulary import vocabulary

MIN_LETTERS = 5
SUFFIXES = ("s", "es")
MIN_BASE = 4


@lru_cache(maxsize=65_536)
def bases(word: str) -> frozenset[str]:
    """Pure: the word and what it is with a plural ending taken off (and an `e` put back, so that "stages"
    and "stage" share "stage"), none shorter than `MIN_BASE` letters."""
    found = {word}
    for suffix in SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= MIN_BASE:
            found |= {stem, stem + "e"}
    return frozenset(found)


def one_letter_off(a: str, b: str) -> bool:
    """Pure: `b` is `a` with one letter added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        return len(diff) == 1 or swapped
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


@lru_cache(maxsize=65_536)
def same_word(term: str, word: str) -> bool:
    """Pure: `word` is `term` as written, singular or plural, or (a word the vocabulary does not hold, both
    of at least MIN_LETTERS + 1 letters) misspelt one letter off in either number."""
    if term == word:
        return True
    if len(term) < MIN_LETTERS or len(word) < MIN_LETTERS or not (term.isalpha() and word.isalpha()):
        return False
    term_bases, word_bases = bases(term), bases(word)
    if term_bases & word_bases:
        return True
    known = vocabulary()
    if len(term) <= MIN_LETTERS or len(word) <= MIN_LETTERS or not known or word in known:
        return False
    return any(one_letter_off(t, w) for t in term_bases for w in word_bases)


@dataclass(frozen=True)
class TextForms:
    """A text's words read once for every key term: its words, every form of its words of MIN_LETTERS
    letters or more, and those of more than MIN_LETTERS the vocabulary does not hold (the only words read
    as misspelt)."""

    words: tuple[str, ...]
    word_set: frozenset[str]
    forms: frozenset[str]
    unknown: tuple[str, ...]


_TEXT_WORD = re.compile(r"[a-z0-9']+")


@lru_cache(maxsize=8192)
def text_forms(normalised_text: str) -> TextForms:
    """The `TextForms` of a text as `cues.normalise` gives it (lower case)."""
    words = tuple(_TEXT_WORD.findall(normalised_text))
    longer = {w for w in words if len(w) >= MIN_LETTERS and w.isalpha()}
    forms = frozenset().union(*(bases(w) for w in longer)) if longer else frozenset()
    known = vocabulary()  # empty without the bundled model: then nothing is read as misspelt
    unknown = tuple(sorted(w for w in longer if known and len(w) > MIN_LETTERS and w not in known))
    return TextForms(words, frozenset(words), forms, unknown)


def word_in(term: str, text: TextForms) -> bool:
    """Pure: the text holds `term` in one of its forms (`same_word`), read from its `TextForms`."""
    if term in text.word_set:
        return True
    if len(term) < MIN_LETTERS or not term.isalpha():
        return False
    if bases(term) & text.forms:
        return True
    return any(same_word(term, w) for w in text.unknown if w[0] == term[0])


def phrase_found(term_words: Sequence[str], text: TextForms) -> bool:
    """Pure: the term's words occur in a row in the text's words, each in one of its forms (`same_word`)."""
    size = len(term_words)
    if not size or not all(word_in(t, text) for t in term_words):
        return False
    if size == 1:
        return True
    words = text.words
    return any(
        all(same_word(t, w) for t, w in zip(term_words, words[i : i + size], strict=True))
        for i in range(len(words) - size + 1)
    )
