"""Delivery metrics are pure functions of word timings: table tests on known timings, and the WER measure."""

from __future__ import annotations

import pytest

from interviewer.voice.delivery import delivery_metrics, find_fillers, find_hedges, tokens
from interviewer.voice.types import Word
from interviewer.voice.wer import normalise_words, word_error_rate


def timed(
    text: str, *, word: float = 0.4, gap: float = 0.1, pauses: dict[int, float] | None = None, p: float | None = 0.9
) -> list[Word]:
    """Words of `text`, each `word` seconds long, `gap` apart, except pauses[i] seconds before word i."""
    words, t = [], 0.0
    for i, piece in enumerate(text.split()):
        t += (pauses or {}).get(i, gap) if i else 0.0
        words.append(Word(piece, round(t, 3), round(t + word, 3), p))
        t += word
    return words


@pytest.mark.parametrize(
    ("words", "count", "duration", "wpm"),
    [
        (timed("fp16 halves memory and int8 halves it again"), 8, 3.9, 123.1),
        (timed("one two three four five six", word=0.2, gap=0.0), 6, 1.2, 300.0),
        (timed("ZeRO-3 shards, optimizer state.", word=0.5, gap=0.5), 4, 3.5, 68.6),
        (timed("a b", pauses={1: 3.0}, word=0.5), 2, 4.0, 30.0),
        ([], 0, 0.0, 0.0),
        ([Word("hmm", 1.0, 1.0, 0.9)], 1, 0.0, 0.0),
    ],
    ids=["steady", "fast", "punctuation-ignored", "slow-with-pause", "empty", "zero-length"],
)
def test_pace(words: list[Word], count: int, duration: float, wpm: float) -> None:
    metrics = delivery_metrics(words)
    assert (metrics.words, metrics.duration, metrics.words_per_minute) == (count, duration, wpm)


@pytest.mark.parametrize(
    ("text", "fillers"),
    [
        ("So, um, it is, like, you know, faster, uh, I mean, yes", ("um", "like", "you know", "uh", "i mean")),
        ("Umm I would erm shard it hmm", ("umm", "erm", "hmm")),
        ("It looks like a memory bound kernel", ()),
        ("Do you know the batch size? I mean it.", ()),
        ("It is like, fast", ("like",)),
        ("It is fast, like a cache", ("like",)),
        ("UM, UH.", ("um", "uh")),
        ("", ()),
    ],
    ids=["mixed", "always", "like-verb", "literal-phrases", "comma-after", "comma-before", "case", "empty"],
)
def test_fillers(text: str, fillers: tuple[str, ...]) -> None:
    assert find_fillers(tokens(timed(text))) == fillers


def test_filler_rate_counts_every_word_spoken() -> None:
    metrics = delivery_metrics(timed("So, um, it is, like, you know, faster, uh, I mean, yes"))
    assert (metrics.words, len(metrics.fillers), metrics.fillers_per_100_words) == (12, 5, 41.7)


@pytest.mark.parametrize(
    ("text", "hedges"),
    [
        ("I think it is probably sort of memory bound, maybe.", ("i think", "probably", "sort of", "maybe")),
        ("It is kind of slow, I guess", ("kind of", "i guess")),
        ("Shard the optimizer state with ZeRO-3.", ()),
        ("Maybe. MAYBE!", ("maybe", "maybe")),
    ],
    ids=["four", "two", "none", "repeats"],
)
def test_hedges(text: str, hedges: tuple[str, ...]) -> None:
    assert find_hedges(tokens(timed(text))) == hedges
    assert delivery_metrics(timed(text)).hedges == hedges


@pytest.mark.parametrize(
    ("pauses", "count", "longest"),
    [
        ({}, 0, 0.0),
        ({2: 1.0}, 1, 1.0),
        ({2: 0.99}, 0, 0.0),
        ({1: 1.5, 3: 2.5, 4: 0.9}, 2, 2.5),
    ],
    ids=["none", "exactly-one-second", "just-under", "two-of-three"],
)
def test_long_pauses(pauses: dict[int, float], count: int, longest: float) -> None:
    metrics = delivery_metrics(timed("a b c d e f", pauses=pauses))
    assert (metrics.long_pauses, metrics.longest_pause) == (count, longest)


def test_overlapping_timestamps_are_no_pause() -> None:
    words = [Word("a", 0.0, 1.0, 0.9), Word("b", 0.5, 1.5, 0.9), Word("c", 3.0, 3.5, 0.9)]
    metrics = delivery_metrics(words)
    assert (metrics.long_pauses, metrics.longest_pause, metrics.duration) == (1, 1.5, 3.5)


@pytest.mark.parametrize(
    ("probabilities", "mean", "approximate"),
    [([0.9, 0.8], 0.85, False), ([0.5, 0.6], 0.55, True), ([0.6, 0.6], 0.6, False), ([None, None], None, False)],
    ids=["sure", "unsure", "threshold", "unknown"],
)
def test_approximate_when_the_recogniser_is_unsure(
    probabilities: list[float | None], mean: float | None, approximate: bool
) -> None:
    words = [Word(f"w{i}", i, i + 0.5, p) for i, p in enumerate(probabilities)]
    metrics = delivery_metrics(words)
    assert (metrics.mean_probability, metrics.approximate) == (mean, approximate)


def test_same_timings_same_metrics() -> None:
    words = timed("I think, um, int8 is, like, faster", pauses={3: 1.2})
    assert delivery_metrics(words) == delivery_metrics(list(words))


@pytest.mark.parametrize(
    ("reference", "hypothesis", "wer"),
    [
        ("fp16 halves memory", "FP16 halves memory.", 0.0),
        ("fp16 halves memory", "fp 16 halves memory", 0.0),
        ("int8 has 256 levels", "in tate has 256 levels", 0.4),
        ("a b c d", "a c d e", 0.5),
        ("", "", 0.0),
        ("", "noise", 1.0),
    ],
    ids=["case-punctuation", "digit-seam", "two-substitutions", "delete+insert", "both-empty", "empty-ref"],
)
def test_word_error_rate(reference: str, hypothesis: str, wer: float) -> None:
    assert word_error_rate(reference, hypothesis) == pytest.approx(wer)


def test_normalise_words() -> None:
    assert normalise_words("ZeRO-3 shards, sixteen don’t") == ["zero", "3", "shards", "16", "don't"]
