"""Evidence must be a verbatim span of the answer; a quote that is not is discarded.

What a model adds around a quote is not held against it: our `<answer>` delimiters, quotation marks and
a trailing ellipsis are stripped first. A quote that stitches sentences together, or copies one and
paraphrases another, keeps its longest part that the answer contains verbatim (at least MIN_PART_WORDS
words); the evidence shown is then that part, never the model's text.

Whatever the engine, instruction-like text and text repeating the question's phrases are not evidence
(the offline engine never picks them; a model that does is not believed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewer.grading.cues import is_injection, names_term_beyond, trigram_overlap
from interviewer.grading.types import PointJudgment, Verdict

MIN_PART_WORDS = 5
NOT_VERBATIM = "evidence quote not found in the answer; judged without it"
ECHO_TRIGRAMS = 0.6  # share of a quote's word trigrams found in the question: the question said back
_WRAPPING = re.compile(r"^(?:\s|<\s*/?\s*answer\s*>|[\"'“”‘’])+|(?:\s|<\s*/?\s*answer\s*>|[\"'“”‘’]|\.\.\.|…)+$", re.I)
_PARTS = re.compile(r"(?<=[.!?;:])\s+|\s*(?:\.\.\.|…)\s*|\s+[-–—]\s+")


def _span(quote: str, answer: str) -> str | None:
    if quote in answer:
        return quote
    pattern = r"\s+".join(re.escape(part) for part in quote.split())
    match = re.search(pattern, answer)
    return match.group(0) if match else None


def unwrap(quote: str) -> str:
    """The quote without the delimiters, quotation marks and ellipses a model puts around it."""
    return _WRAPPING.sub("", quote)


def find_verbatim(quote: str, answer: str) -> str | None:
    """The span of `answer` that `quote` (or its longest verbatim part) reproduces, whitespace aside; or None."""
    quote = unwrap(quote)
    if not quote:
        return None
    whole = _span(quote, answer)
    if whole is not None:
        return whole
    parts = (unwrap(p) for p in _PARTS.split(quote))
    found = [span for p in parts if len(p.split()) >= MIN_PART_WORDS and (span := _span(p, answer))]
    return max(found, key=len, default=None)


def check_evidence(judgment: PointJudgment, answer: str) -> PointJudgment:
    """Keep verbatim evidence; without it, a credited or contradicted point falls back to missed."""
    if judgment.evidence is not None:
        found = find_verbatim(judgment.evidence, answer)
        if found is not None:
            return judgment.model_copy(update={"evidence": found})
    if judgment.verdict is Verdict.MISSED:
        return judgment.model_copy(update={"evidence": None})
    return PointJudgment(point_id=judgment.point_id, verdict=Verdict.MISSED, rationale=NOT_VERBATIM, turn=judgment.turn)


def admissible(judgment: PointJudgment, question: str, key_terms: Sequence[str] = ()) -> PointJudgment:
    """The judgment, unless its evidence is an instruction to the grader or the question said back (and
    naming none of `key_terms`, groups a person wrote for the rubric, that the question does not name:
    "iteration is the alternative way to solve a problem" answers the question it restates): then the point
    is missed, whatever the engine's verdict."""
    evidence = judgment.evidence
    if evidence is None or not (is_injection(evidence) or _said_back(evidence, question, key_terms)):
        return judgment
    why = "its evidence is instruction-like text or repeats the question, which earn nothing"
    return PointJudgment(point_id=judgment.point_id, verdict=Verdict.MISSED, rationale=why, turn=judgment.turn)


def _said_back(evidence: str, question: str, key_terms: Sequence[str]) -> bool:
    return trigram_overlap(evidence, question) >= ECHO_TRIGRAMS and not names_term_beyond(evidence, question, key_terms)
