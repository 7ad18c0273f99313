"""Delivery metrics: pure functions of word timings. Pace, fillers, pauses and hedges, never the content grade.

Fillers: "um", "uh", "er", "hmm" and their spellings always count; "like", "you know" and "I mean" count
only when set off by a comma ("it is, like, faster"), since "looks like" or "I mean it" are ordinary
speech. Engines that give words without punctuation therefore report only the unambiguous fillers.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.voice.types import DeliveryMetrics, Word

LONG_PAUSE_SECONDS = 1.0
APPROXIMATE_BELOW = 0.6
ALWAYS_FILLERS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "hm", "mm", "mhm"})
COMMA_FILLERS: tuple[tuple[str, ...], ...] = (("you", "know"), ("i", "mean"), ("like",))
HEDGES: tuple[tuple[str, ...], ...] = (
    ("i", "think"),
    ("maybe",),
    ("sort", "of"),
    ("kind", "of"),
    ("probably",),
    ("i", "guess"),
)
_TOKEN = re.compile(r"[\w'’-]+|,")


@dataclass(frozen=True)
class Token:
    """A spoken word, lower-cased without punctuation, and whether a comma follows it."""

    text: str
    comma_after: bool


def tokens(words: Sequence[Word]) -> list[Token]:
    """The words as tokens: punctuation dropped, a comma remembered on the word before it."""
    result: list[Token] = []
    for piece in _TOKEN.findall(" ".join(w.text for w in words).lower()):
        if piece == ",":
            if result:
                result[-1] = Token(result[-1].text, True)
        elif cleaned := piece.strip("'’-").replace("’", "'"):
            result.append(Token(cleaned, False))
    return result


def _matches(toks: list[Token], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(t.text for t in toks[i : i + len(phrase)]) == phrase


def _set_off(toks: list[Token], i: int, length: int) -> bool:
    """The phrase at toks[i:i+length] has a comma before or after it."""
    return (i > 0 and toks[i - 1].comma_after) or toks[i + length - 1].comma_after


def find_fillers(toks: list[Token]) -> tuple[str, ...]:
    found: list[str] = []
    i = 0
    while i < len(toks):
        phrase = next((p for p in COMMA_FILLERS if _matches(toks, i, p) and _set_off(toks, i, len(p))), None)
        if phrase is None and toks[i].text in ALWAYS_FILLERS:
            phrase = (toks[i].text,)
        if phrase is not None:
            found.append(" ".join(phrase))
        i += len(phrase) if phrase else 1
    return tuple(found)


def find_hedges(toks: list[Token]) -> tuple[str, ...]:
    found: list[str] = []
    for i in range(len(toks)):
        found.extend(" ".join(p) for p in HEDGES if _matches(toks, i, p))
    return tuple(found)


def pause_gaps(words: Sequence[Word]) -> list[float]:
    """Silence between consecutive words, in seconds to the millisecond (never negative)."""
    return [max(0.0, round(after.start - before.end, 3)) for before, after in itertools.pairwise(words)]


def mean_probability(words: Sequence[Word]) -> float | None:
    known = [w.probability for w in words if w.probability is not None]
    return sum(known) / len(known) if known else None


def delivery_metrics(words: Sequence[Word]) -> DeliveryMetrics:
    """Pace, fillers, long pauses (>= 1 s between words) and hedges of one spoken answer."""
    toks = tokens(words)
    duration = max(0.0, words[-1].end - words[0].start) if words else 0.0
    fillers = find_fillers(toks)
    long_gaps = [gap for gap in pause_gaps(words) if gap >= LONG_PAUSE_SECONDS]
    probability = mean_probability(words)
    return DeliveryMetrics(
        words=len(toks),
        duration=round(duration, 3),
        words_per_minute=round(len(toks) / duration * 60, 1) if duration > 0 else 0.0,
        fillers=fillers,
        fillers_per_100_words=round(len(fillers) / len(toks) * 100, 1) if toks else 0.0,
        long_pauses=len(long_gaps),
        longest_pause=round(max(long_gaps, default=0.0), 3),
        hedges=find_hedges(toks),
        mean_probability=None if probability is None else round(probability, 3),
        approximate=probability is not None and probability < APPROXIMATE_BELOW,
    )
