"""Recognising a candidate who declines to answer, so the interviewer stops probing that point."""

from __future__ import annotations

import re

_FILLER = r"(?:(?:sorry|um+|uh+|hmm+|honestly|well|ok(?:ay)?|i\s+think)[\s,.!]*)*"
_DECLINE = (
    r"(?:i\s+(?:really\s+|honestly\s+)?(?:don'?t|do\s+not)\s+know|dunno|no\s+idea|no\s+clue|not\s+sure"
    r"|i'?m\s+not\s+sure|i\s+am\s+not\s+sure|/?skip|/?pass|(?:let'?s|let\s+us|can\s+we)\s+move\s+on|move\s+on)"
)
_OPENING = re.compile(rf"^\W*{_FILLER}{_DECLINE}\b", re.IGNORECASE)
# What may follow the opening phrase: more declining, politeness, "on this one"; nothing with content.
_TAIL = re.compile(
    r"(?:[\W_]|\b(?:i|i'm|im|am|don't|dont|do|not|know|no|idea|clue|sure|skip|pass|let's|lets|let|us|can|we|move"
    r"|on|this|that|one|question|it|here|the|answer|to|about|really|honestly|sorry|please|for|now|thanks|thank"
    r"|you|just|so|next)\b)*",
    re.IGNORECASE,
)
MAX_WORDS = 10


def is_decline(answer: str) -> bool:
    """A short answer that only declines: "I don't know", "skip", "pass", "no idea", "let's move on"…

    "Pass the gradients through an all-reduce" or "I'm not sure, but I think it recomputes…" are answers.
    """
    text = answer.strip().replace("’", "'")
    opening = _OPENING.match(text)
    if opening is None or len(text.split()) > MAX_WORDS:
        return False
    return _TAIL.fullmatch(text, opening.end()) is not None
