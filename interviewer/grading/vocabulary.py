"""The words the bundled MiniLM vocabulary holds whole: what the gibberish screen counts as words, and
what a misspelt key term is told apart from (`term_forms`)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

STEM = 5  # words compared by their first letters: "quantise", "quantised", "quantisation"


@cache
def vocabulary() -> frozenset[str]:
    """Whole words of the bundled MiniLM vocabulary (30k English word pieces); empty if absent."""
    try:
        from interviewer.store.minilm import packaged_model_dir

        lines = (Path(packaged_model_dir()) / "vocab.txt").read_text(encoding="utf-8").split()
    except Exception:  # the bundled model is optional for screening: fall back to no gibberish check
        return frozenset()
    return frozenset(w for w in lines if w.isalpha())


@cache
def _stems() -> frozenset[str]:
    """The first `STEM` letters of the vocabulary's words that long."""
    return frozenset(w[:STEM] for w in vocabulary() if len(w) >= STEM)


def is_known_word(word: str) -> bool:
    """A whole word of the vocabulary, or a longer word that shares its stem with one: the vocabulary holds
    word pieces, and "recursion", "iteratively", "quantization" and "constructor" are not among its whole
    words, while "recurring", "iteration", "quantum" and "construction" are. A one-word exam answer
    ("Iteratively.") is not gibberish."""
    return word in vocabulary() or (len(word) > STEM and word[:STEM] in _stems())
