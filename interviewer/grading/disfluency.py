"""Spoken fillers taken out of the text the models read (the evidence quoted stays verbatim), and number
formats said aloud written as such (`FP sixteen` -> `FP16`, `cues.spoken_terms_written`).

A speech recogniser writes what was said: `um`, `uh`, `you know` between the words of a claim. They
carry no content, and the judge and the embedder read a claim broken by them less surely than the
same claim written. `you know` is kept where it is a verb with an object of its own
(`if you know the length`)."""

from __future__ import annotations

import re
from functools import lru_cache

from interviewer.grading.cues import spoken_terms_written
from interviewer.grading.self_repair import repaired

_HESITATION = re.compile(r"(?<![\w'])(?:u+h+m*|u+m+|e+r+m+|h+m+|m+h*m+)(?![\w'])[,.]?\s*", re.IGNORECASE)
_YOU_KNOW = re.compile(
    r"(?<!\bif )(?<!\bwhen )(?<!\bonce )(?<!\bas )(?<!\bunless )(?<!\bwhat )(?<!\bwhether )(?<!\bdo )"
    r"(?<!\bdon't )(?<!\bsince )(?<!\bbecause )\byou know\b[,.]?\s*",
    re.IGNORECASE,
)


def without_fillers(text: str) -> str:
    """`text` without hesitations (`um`, `uh`, `erm`, `hmm`) and filler `you know`; spaces squeezed."""
    plain = _YOU_KNOW.sub("", _HESITATION.sub("", text))
    return re.sub(r"[ \t]{2,}", " ", plain).strip() or text.strip()


@lru_cache(maxsize=16_384)
def readable(text: str) -> str:
    """What the judge and the embedder read of `text`: without fillers, self-repairs applied ("the
    parameters, no wait, the gradients" reads "the gradients": `self_repair`), spoken number formats as
    written (the judge reads `FP16` as the format, `FP sixteen` as two other words)."""
    return spoken_terms_written(repaired(without_fillers(text)))
