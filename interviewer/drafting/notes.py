"""Notes to the grader inside a reference answer are not claims an answer must state.

Teachers' reference answers often carry them: "Simple and cheap is also acceptable as one of the
reasons.", "One of the following justifications should be given:", "The answer may be rounded to two
decimal places.", "It is also valid to calculate P(X < 10) directly." Drafted as rubric points, each
would be required of every answer (and judged against it as if it were a claim), so an answer that
states every real claim loses a share of its score to the notes. Drafting leaves such sentences out.
The patterns name what a note does (accepts an alternative, says what must be given, grants credit),
never a subject's vocabulary.
"""

from __future__ import annotations

import re

from interviewer.grading.sentences import split_spans

_NOTE = re.compile(
    r"\b(?:is |are )?(?:also|equally) (?:acceptable|accepted|sufficient|valid|correct)\b"
    r"|\b(?:considered|counts? as|marked|graded) (?:as )?(?:fully |partially )?(?:correct|right|wrong)\b"
    r"|\bshould be (?:given|mentioned|named|stated)\b"
    r"|\b(?:one|any|either|two|three) of the following\b"
    r"|\bmay be rounded\b"
    r"|\b(?:full|partial|half) (?:credit|marks?|points)\b"
    r"|\b(?:credit|marks?|points?) (?:is|are) (?:given|awarded)\b"
    r"|\b(?:not|never) (?:required|needed|necessary) (?:for|to get) (?:full )?(?:credit|marks?|points?)\b",
    re.IGNORECASE,
)


def is_grading_note(sentence: str) -> bool:
    """Pure: the sentence speaks to the grader (what is acceptable, what must be given, what earns
    credit) rather than stating something about the subject."""
    return bool(_NOTE.search(sentence))


def states_a_claim(text: str) -> bool:
    """Pure: some sentence of `text` is not a note to the grader."""
    return any(not is_grading_note(span.text) for span in split_spans(text, overlap=False))


def claim_sentences(sentences: list[str]) -> list[str]:
    """Pure: the sentences less the notes to the grader; all of them when every sentence reads as a
    note (nothing would be left to grade against)."""
    return [s for s in sentences if not is_grading_note(s)] or sentences


def without_notes(reference_answer: str) -> str:
    """The reference answer with its notes to the grader left out (as it is when it has none)."""
    sentences = [span.text for span in split_spans(reference_answer, overlap=False)]
    claims = claim_sentences(sentences)
    return reference_answer if len(claims) == len(sentences) else "\n".join(claims)
