"""Splitting an answer into candidate evidence spans, each a verbatim substring of the answer."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|(?<=:)\s*\n|\s+[-*•]\s+|^\s*[-*•]\s+", re.MULTILINE)
# a period that closes one of these abbreviations ends no sentence ("e.g. bf16", "Narayanan et al. (2021)");
# "etc." and "et al." may close a sentence, so they end one when the next word starts with a capital
_ABBREVIATION = re.compile(
    r"(?:(?<![\w.])(?:e\.g|i\.e|vs|cf|approx|incl|resp|w\.r\.t|a\.k\.a)\.(?=\s+\S))"
    r"|(?:(?<![\w.])(?:etc|et al)\.(?=\s+(?-i:[^\sA-Z])))",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'+\-./]*")
MAX_SPAN_WORDS = 60
# a line break inside a paragraph: not after a colon, not before a blank line or a list item
_WRAPPED_BREAK = re.compile(r"(?<=[^\s:])[ \t]*\n(?![ \t]*\n)(?![ \t]*(?:[-*•]|\d+[.)])\s)[ \t]*(?=\S)")


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int


def words(text: str) -> list[str]:
    """The text's lower-cased words (a fresh list: callers may change it)."""
    return list(_words(text))


@lru_cache(maxsize=16_384)
def _words(text: str) -> tuple[str, ...]:
    """Remembered: a grade reads the same spans and rubric points many times over (about 500 reads per
    answer in the eval)."""
    return tuple(w.lower().strip(".-/") for w in _WORD.findall(text))


def join_wrapped_lines(text: str) -> str:
    """The text with its hard-wrapped lines joined into their sentences: a line break inside a paragraph
    becomes a space, unless the line ends in a colon or the next line starts a list item."""
    return _WRAPPED_BREAK.sub(" ", text)


def join_wrapped_lines_in_place(text: str) -> str:
    """`join_wrapped_lines`, each joined break and its indentation turned into as many spaces: the same
    length, so spans found in the result are spans of `text` at the same offsets."""
    return _WRAPPED_BREAK.sub(lambda found: " " * len(found.group()), text)


def _long_span_pieces(text: str, start: int, overlap: bool) -> list[Span]:
    """Cut a run-on span (a transcript without punctuation) into windows of ~MAX_SPAN_WORDS words,
    each starting half-way through the previous one when `overlap`, else where it ends."""
    matches = list(re.finditer(r"\S+", text))
    if len(matches) <= MAX_SPAN_WORDS:
        return [Span(text, start, start + len(text))]
    step = MAX_SPAN_WORDS // 2 if overlap else MAX_SPAN_WORDS
    pieces = []
    for first in range(0, len(matches) - (MAX_SPAN_WORDS - step), step):
        chunk = matches[first : first + MAX_SPAN_WORDS]
        pieces.append(Span(text[chunk[0].start() : chunk[-1].end()], start + chunk[0].start(), start + chunk[-1].end()))
    return pieces


def abbreviation_periods(text: str) -> set[int]:
    """Offsets just past each period of `text` that closes an abbreviation and so ends no sentence."""
    return {found.end() for found in _ABBREVIATION.finditer(text)}


def _sentence_ends(answer: str, abbreviations: bool = True) -> list[re.Match[str]]:
    """Where sentences end: after . ! ? or ;, at line breaks and before list items; not after an
    abbreviation's period (after it too, without `abbreviations`)."""
    closed = abbreviation_periods(answer) if abbreviations else set()
    return [match for match in _SENTENCE_END.finditer(answer) if match.start() not in closed]


def split_spans(answer: str, overlap: bool = True, abbreviations: bool = True) -> list[Span]:
    """Sentences (or bullet items, or windows of run-on speech) as verbatim spans of `answer`; without
    `overlap`, the spans never share text (windows of run-on speech follow each other); without
    `abbreviations`, an abbreviation's period ends a sentence too (as the engine read answers until
    2026-12-06, and as the shipped judges' training pairs are cut)."""
    spans: list[Span] = []
    position = 0
    for match in [*_sentence_ends(answer, abbreviations), None]:
        end = match.start() if match else len(answer)
        raw = answer[position:end]
        stripped = raw.strip()
        if stripped and words(stripped):
            offset = position + raw.index(stripped)
            spans.extend(_long_span_pieces(stripped, offset, overlap))
        position = match.end() if match else len(answer)
    return spans


def with_neighbours(answer: str, spans: list[Span]) -> list[Span]:
    """Each span, plus each pair of adjacent spans joined (an idea can take two sentences)."""
    pairs = [Span(answer[a.start : b.end], a.start, b.end) for a, b in itertools.pairwise(spans)]
    return spans + [p for p in pairs if len(p.text.split()) <= MAX_SPAN_WORDS]
