"""Reference excerpts a reader can take in: whole sentences, however the bank's YAML wrapped its lines."""

from __future__ import annotations

import re
from collections.abc import Iterable

from interviewer.grading.sentences import abbreviation_periods

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
        abbreviations = abbreviation_periods(block)
        ends = [m.end() for m in _SENTENCE_END.finditer(block) if m.end() not in abbreviations]
        first = max((end for end in ends if end <= start), default=0)
        last = min((end for end in ends if end >= start + len(wanted)), default=len(block))
        return block[first:last].strip()
    return excerpt.strip()


def whole_sentences(excerpts: Iterable[str], reference: str) -> list[str]:
    """Each excerpt as whole sentences, each sentence once, in order."""
    return list(dict.fromkeys(whole_sentence(e, reference) for e in excerpts if e.strip()))
