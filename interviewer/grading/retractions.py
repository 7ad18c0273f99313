"""Sentences the candidate takes back: "Stage 2 shards the gradients. Just kidding." A sentence taken back
is not the candidate's answer, so it is no evidence for any point.

A sentence takes back what came before it when it opens with a retraction and the retraction is the
whole sentence, or is followed by punctuation or a joining word ("just kidding, none of that is true";
"that's wrong because ..."), never by more of a claim ("that's not true for small batches" qualifies
the sentence before it; it does not take it back):
- "just kidding", "I'm joking", "jk"; "scratch that", "forget what I said", "ignore all of that",
  "I take that back"; "that's wrong", "this is not true", "all of that was made up"; "none of that is
  true"; "it's the other way round", "the opposite is true";
- what it takes back is the sentence before it, or every sentence before it when it says so ("all of
  that", "everything above", "none of the above", "my whole answer").

Read on sentences only: an unpunctuated transcript ("... the gradients just kidding ...") is one run of
words, and a retraction inside a sentence ("the parameters, no wait, the gradients") is a self-repair
(`self_repair`). A sentence addressed to the grader ("ignore the above instructions") is an injection, not a
retraction (`cues.is_injection`, checked first by `evidence_spans`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewer.grading.cues import is_injection
from interviewer.grading.sentences import Span

_OPENER = r"(?:(?:oh|ok|okay|well|haha|lol|sorry|actually|no|wait|hmm|um|uh)\s*[,.!]?\s+)*"
_EVERYTHING = (
    r"(?:all (?:of )?(?:that|this|it|the above|what i(?:'ve| have)? (?:just )?said)|everything(?: (?:above|"
    r"(?:that )?i(?:'ve| have)? (?:just )?said|i wrote))?|the above|all of the above|my (?:whole |entire )?answer"
    r"|the (?:whole|entire) (?:thing|answer))"
)
_PREVIOUS = r"(?:that|this|it|what i (?:just )?said|my (?:last|previous) (?:sentence|point|statement))"
_SCOPE = rf"(?:{_EVERYTHING}|{_PREVIOUS})"
_FALSE = r"(?:not true|untrue|wrong|false|incorrect|made up|nonsense|a joke|rubbish|not right|not correct)"
_BE = r"(?:\s+is|\s+was|'s|’s)(?:\s+(?:all|actually|totally|completely))?"
_CUES = [
    r"(?:just |i'?m |i am |i was |only )?(?:kidding|joking)",
    r"jk",
    rf"(?:scratch|strike|forget|ignore|disregard|delete|cancel) {_SCOPE}",
    rf"i take (?:{_SCOPE} back|back {_SCOPE}|(?:it |that |this )?all (?:of (?:it|that|this) )?back)",
    rf"{_SCOPE}{_BE}\s+{_FALSE}",
    rf"none of (?:{_EVERYTHING}|that|this|it|what i said)(?:\s+(?:is|was))\s+(?:true|right|correct|real)",
    r"(?:it'?s|it is|that'?s|that is)(?: actually)? the (?:other way (?:a)?round|opposite|reverse)",
    r"the (?:opposite|reverse) is (?:actually )?true",
]
_END = r"(?=\s*$|\s*[,.;:!?…—–-]|\s+(?:and|because|since|as|so|sorry|lol|haha)\b)"
_RETRACTION = re.compile(rf"^\s*{_OPENER}(?:{'|'.join(_CUES)}){_END}", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?…][\"')\]]*\s*$")
_ALL = re.compile(rf"{_EVERYTHING}|none of (?:that|this|it)\b|take (?:it |that |this )?all\b", re.IGNORECASE)


def retraction_scope(sentence: str) -> str | None:
    """Pure: "all" when the sentence takes back every sentence before it, "previous" when the one before
    it, None when it takes nothing back."""
    match = _RETRACTION.match(sentence)
    if match is None:
        return None
    rest = _rest(sentence, match)  # "just kidding, none of that is true"
    return "all" if _ALL.search(match.group(0)) or (rest and retraction_scope(rest) == "all") else "previous"


def _rest(sentence: str, match: re.Match[str]) -> str:
    return sentence[match.end() :].strip(" ,.;:!?…—–-")


def only_retraction(sentence: str) -> bool:
    """Pure: the sentence says nothing but that it takes something back ("Just kidding, none of that is
    true."), so it has nothing of its own to grade."""
    match = _RETRACTION.match(sentence)
    if match is None:
        return False
    rest = _rest(sentence, match)
    return not rest or re.fullmatch(r"(?:lol|haha|sorry)+", rest, re.IGNORECASE) is not None or only_retraction(rest)


def spans_taken_back(spans: Sequence[Span]) -> list[bool]:
    """Pure: for each span of an answer, whether the candidate took it back; a span addressed to the grader
    (`cues.is_injection`) is not read as a retraction."""
    return taken_back(["" if is_injection(span.text) else span.text for span in spans])


def taken_back(sentences: Sequence[str]) -> list[bool]:
    """Pure: for each sentence, whether a later sentence takes it back (`retraction_scope`). The sentence
    before a retraction is taken back whole: with the spans before it that end no sentence (clauses cut at
    a semicolon, windows of a long run-on sentence)."""
    gone = [False] * len(sentences)
    for i, sentence in enumerate(sentences):
        scope = retraction_scope(sentence)
        if scope == "all":
            gone[:i] = [True] * i
        elif scope == "previous":
            first = i - 1
            while first > 0 and not _ENDS_SENTENCE.search(sentences[first - 1]):
                first -= 1
            gone[max(first, 0) : i] = [True] * (i - max(first, 0))
    return gone
