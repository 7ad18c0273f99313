"""Self-repairs read as the candidate finished them: "stage 2 shards the parameters, no wait, the gradients"
says that stage 2 shards the gradients. Speakers correct themselves mid-sentence, and a transcript keeps
both versions; read whole, the sentence states the wrong version too. The models and the rules that read
meaning read the repaired text (`repaired`); the evidence quoted stays verbatim.

A repair is an editing phrase inside a sentence, after some words of it and followed by more:
- "no wait", "wait, no", "no, sorry", "sorry, no", "scratch that", "strike that", "I take that back"
  take back what came just before;
- "I mean", "I meant", "or rather" often only go on ("it's fast, I mean for inference"), so they repair
  only where the words after them restart what came before.

What is replaced: from the last of the six words before the phrase that the words after it start with
("the parameters, no wait, the gradients"; "fp16 is lossless, I mean fp16 is near-lossless"). Where no
word matches, a phrase that takes back replaces the one word before it, the commonest repair in speech
("int8 loses, no wait, wins on CPUs" reads "int8 wins on CPUs"; "the states are replicated, scratch
that, sharded" reads "the states are sharded"); the others repair nothing.

A sentence that opens with such a phrase repairs the sentence before it only where its words restart
words of it ("Stage 2 shards the parameters. No wait, the gradients.": a transcriber's full stop;
`sentences_as_said` reads the two as one span); one that takes the sentence before it back whole
("Scratch that.") is a retraction (`retractions`)."""

from __future__ import annotations

import re
from functools import lru_cache

from interviewer.grading.sentences import Span, split_spans

_TAKES_BACK = (
    r"no,? sorry,? i meant?|no,? wait|wait,? no|no,? sorry|sorry,? no|scratch that|strike that|i take that back"
)
_RESTARTS = r"sorry,? i meant?|i meant?|or rather"
_PHRASE = re.compile(rf"\b(?:(?P<back>{_TAKES_BACK})|(?P<restart>{_RESTARTS}))\b[,:;—–]?\s+(?=[\w'\"])", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…][\"')\]]*\s+")
_REPAIR_END = re.compile(r"[,;.!?…]")
_WORD = re.compile(r"[\w'-]+")
_LOOK_BACK = 6  # words before the phrase that the repair may restart from
_MOST = 8  # repairs read in one text


@lru_cache(maxsize=8192)
def repaired(text: str) -> str:
    """Pure: `text` with each self-repair applied (module docstring); unchanged where there is none.
    Remembered: the rules read the same spans once per point."""
    for _ in range(_MOST):
        found = next((r for m in _PHRASE.finditer(text) if (r := _repair(text, m)) is not None), None)
        if found is None:
            return text
        text = found
    return text


def sentences_as_said(answer: str, overlap: bool = True) -> list[Span]:
    """The sentences of `answer` (`split_spans`) as the grader and every view read them: each sentence that
    opens by repairing the one before it joined to it, so that the two are read as one, repaired: "Stage 2
    shards the parameters. No wait, the gradients." (a transcriber's full stop inside a self-repair)."""
    joined: list[Span] = []
    for span in split_spans(answer, overlap):
        if (
            joined
            and (phrase := _PHRASE.match(span.text))
            and _restart(joined[-1].text, _repair_words(span.text[phrase.end() :])[0]) is not None
        ):
            previous = joined.pop()
            span = Span(answer[previous.start : span.end], previous.start, span.end)
        joined.append(span)
    return joined


def _repair(text: str, phrase: re.Match[str]) -> str | None:
    """`text` with this phrase's repair applied, or None where it repairs nothing. A phrase that opens
    its sentence repairs the sentence before it only where its words restart words of it."""
    at = phrase.start()
    start = _sentence_start(text, at)
    before = text[start:at].rstrip(" ,;:—–")
    words = _repair_words(text[phrase.end() :])
    if _WORD.search(before):
        cut = _restart(before, words[0])
        if cut is None and phrase.group("back"):
            cut = _last_word_start(before)
    elif start > 0:
        start = _sentence_start(text, start - 1)
        cut = _restart(text[start:at], words[0])
    else:
        return None
    return None if cut is None else text[: start + cut] + text[phrase.end() :]


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding position `at` starts."""
    return max((m.end() for m in _SENTENCE_END.finditer(text, 0, at + 1) if m.end() <= at), default=0)


def _repair_words(after: str) -> list[str]:
    """The words of the repair: from the phrase to the end of its clause (at least one: the phrase is
    followed by a word)."""
    return _WORD.findall(_REPAIR_END.split(after, maxsplit=1)[0]) or [""]


def _restart(before: str, first: str) -> int | None:
    """Where in `before` the repair restarts: the last of its last six words that is the repair's first."""
    words = list(_WORD.finditer(before))[-_LOOK_BACK:]
    return next((w.start() for w in reversed(words) if w.group().lower() == first.lower()), None)


def _last_word_start(before: str) -> int | None:
    words = list(_WORD.finditer(before))
    return words[-1].start() if words else None
