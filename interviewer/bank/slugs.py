"""Ids made from text: slugs of names and sentences, made unique among those already taken."""

from __future__ import annotations

import re
from collections.abc import Collection

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "what",
        "when",
        "where",
        "which",
        "why",
        "with",
        "would",
        "you",
        "your",
    ]
)


def slug(text: str) -> str:
    """`Inference performance` → `inference-performance`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def short_slug(text: str, max_length: int = 50) -> str:
    """An id from a sentence: its words without stopwords, cut at a word boundary."""
    words = slug(text).split("-")
    kept = [w for w in words if w not in _STOPWORDS] or words
    chosen = ""
    for word in kept:
        if chosen and len(chosen) + 1 + len(word) > max_length:
            break
        chosen = f"{chosen}-{word}" if chosen else word
    return chosen[:max_length].strip("-")


def unique_slug(wanted: str, taken: Collection[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`, … whichever is not taken yet."""
    candidate, suffix = wanted, 2
    while candidate in taken:
        candidate, suffix = f"{wanted[:75]}-{suffix}", suffix + 1
    return candidate
