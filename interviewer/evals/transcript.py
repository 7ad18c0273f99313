"""A written answer turned into what speech recognition would make of it: deterministic, no model.

Lower case, punctuation gone (apostrophes kept), a filler word after every few words, and a few
spoken forms for written tokens (`fp16` → `FP sixteen`, `int8` → `in tate`). Line breaks stay: a
recogniser's segments.
"""

from __future__ import annotations

import re
from itertools import cycle

FILLERS = ("um", "uh", "you know")
FILLER_EVERY = 6
SPOKEN_FORMS = {
    "fp16": "FP sixteen",
    "bf16": "BF sixteen",
    "fp32": "FP thirty two",
    "fp8": "FP eight",
    "int8": "in tate",
    "int4": "int four",
    "p99": "P ninety nine",
    "p50": "P fifty",
    "2x": "two x",
    "smoothquant": "smooth quant",
}
_PUNCTUATION = re.compile(r"[^\w\s']|_")


def _spoken_words(line: str) -> list[str]:
    plain = _PUNCTUATION.sub(" ", line.lower())
    return [SPOKEN_FORMS.get(word, word) for word in plain.split()]


def transcript_noise(answer: str) -> str:
    """The answer as a noisy transcript; filler positions continue across lines."""
    fillers, count, lines = cycle(FILLERS), 0, []
    for line in answer.strip().splitlines():
        out = []
        for word in _spoken_words(line):
            out.append(word)
            count += 1
            if count % FILLER_EVERY == 0:
                out.append(next(fillers))
        lines.append(" ".join(out))
    return "\n".join(lines)
