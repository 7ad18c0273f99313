"""Reference excerpts a reader can take in: whole sentences, however the bank's YAML wrapped its lines."""

from __future__ import annotations

import re
from collections.abc import Iterable

_BLOCK = re.compile(r"\n\s*\n|\n\s*(?=[-*•]\s)")  # paragraph breaks and bullet items end a sentence too
_SENTENCE_END = re.compile(r"[.!?](?=[\s\"')\]]|$)")
_BULLET = re.compile(r"^[-*•]\s+")


def paragraphs(reference: str) -> list[str]:
    """The reference's paragraphs and bullet items, each on one line (the YAML's line wraps joined)."""
    return [_BULLET.sub("", " ".join(block.split())) for block in _BLOCK.split(reference) if block.strip()]


def whole_sentence(excerpt: str, reference: str) -> str:
    """The sentence(s) of `reference` that contain `excerpt`, with line wraps joined; `excerpt` as it is when
    it is not found (an uploaded transcript's excerpt, a reference that changed)."""
    wanted = " ".join(excerpt.split())
    pattern = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    for block in paragraphs(reference):
        found = pattern.search(block) if wanted else None
        if found is None:
            continue
        start = found.start()
        ends_before = [m.end() for m in _SENTENCE_END.finditer(block, 0, start)]
        first = ends_before[-1] if ends_before else 0
        after = _SENTENCE_END.search(block, max(start + len(wanted) - 1, first))
        last = after.end() if after else len(block)
        return block[first:last].strip()
    return excerpt.strip()


def whole_sentences(excerpts: Iterable[str], reference: str) -> list[str]:
    """Each excerpt as whole sentences, each sentence once, in order."""
    return list(dict.fromkeys(whole_sentence(e, reference) for e in excerpts if e.strip()))
