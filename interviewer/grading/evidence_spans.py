"""The spans of an answer that may serve as evidence, with their vectors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interviewer.grading.cues import echoes, is_injection
from interviewer.grading.disfluency import readable
from interviewer.grading.retractions import only_retraction, spans_taken_back
from interviewer.grading.self_repair import repaired, sentences_as_said
from interviewer.grading.sentences import Span
from interviewer.store.embeddings import Embedder, Vectors, normalise


@dataclass(frozen=True)
class EvidenceSpans:
    texts: tuple[str, ...]  # verbatim: the evidence quoted
    vectors: Vectors
    notes: tuple[str, ...]
    readable: tuple[str, ...]  # each text as the models read it (spoken fillers left out)
    left_out: frozenset[str] = frozenset()  # why sentences were no evidence: keys of LEFT_OUT
    sentences: int = -1  # how many of `texts` are sentences (the rest are adjacent pairs); -1: all
    taken_back: tuple[str, ...] = ()  # sentences the candidate took back (verbatim): no passage holding one is read

    def holds_taken_back(self, text: str) -> bool:
        """Whether a passage of the answer holds a sentence the candidate took back."""
        return any(sentence in text for sentence in self.taken_back)

    def stood_by(self, answer: str) -> str:
        """The answer without the sentences the candidate took back, its self-repairs applied
        (`self_repair`): what word overlap is read on."""
        for sentence in self.taken_back:
            answer = answer.replace(sentence, " ")
        return repaired(answer)

    def sentence_texts(self) -> tuple[str, ...]:
        """The answer's evidence sentences as the models read them, without the adjacent pairs."""
        return self.readable if self.sentences < 0 else self.readable[: self.sentences]


LEFT_OUT = {  # why a sentence is no evidence: (its note, what an answer of nothing else is)
    "injection": ("instruction-like text ignored as evidence and flagged", "instructions to the grader"),
    "echo": ("text repeating the question is not evidence", "the question repeated"),
    "taken-back": ("a sentence the candidate took back is not evidence", "taken back by the candidate"),
    "retraction": ("a retraction is not evidence", "taken back by the candidate"),
}


def _left_out(span: Span, question: str, key_terms: Sequence[str]) -> str | None:
    """Why the span is no evidence (a key of LEFT_OUT), or None."""
    if is_injection(span.text):
        return "injection"
    return "echo" if echoes(span.text, question, key_terms) else None


def evidence_spans(answer: str, question: str, embedder: Embedder, key_terms: Sequence[str] = ()) -> EvidenceSpans:
    """Sentences of the answer (minus echoes of the question, unless they name a key term a person wrote
    for the rubric that the question does not, `key_terms`; injected instructions and sentences the
    candidate took back, `retractions`: an instruction to the grader takes nothing back; a sentence that
    repairs the one before it is joined to it, `self_repair.sentences_as_said`), and each
    adjacent pair of them, whose vector is the normalised mean of the two (no second embedding). Spoken
    fillers are left out of what is embedded (`disfluency.readable`); the spans stay verbatim."""
    spans = sentences_as_said(answer)
    gone = spans_taken_back(spans)
    retractions = [i > 0 and only_retraction(span.text) for i, span in enumerate(spans)]
    reasons = [
        _left_out(span, question, key_terms) or ("taken-back" if back else "retraction" if retraction else None)
        for span, back, retraction in zip(spans, gone, retractions, strict=True)
    ]
    keep = [reason is None for reason in reasons]
    notes = tuple(f"{LEFT_OUT[r][0]}: {span.text[:80]!r}" for span, r in zip(spans, reasons, strict=True) if r)
    left_out = frozenset(r for r in reasons if r)
    back = tuple(span.text for span, r in zip(spans, reasons, strict=True) if r == "taken-back")
    kept = [s for s, k in zip(spans, keep, strict=True) if k]
    if not kept:
        return EvidenceSpans((), np.zeros((0, embedder.dimension), dtype=np.float32), notes, (), left_out, 0, back)
    texts = tuple(s.text for s in kept)
    sentences_read = tuple(readable(t) for t in texts)
    notes += tuple(_repair_note(text) for text in texts if repaired(text) != text)
    vectors = embedder.embed(list(sentences_read))
    index = {id(s): i for i, s in enumerate(kept)}
    pairs = [(a, b) for a, b, ka, kb in zip(spans, spans[1:], keep, keep[1:], strict=False) if ka and kb]
    pair_texts = [answer[a.start : b.end] for a, b in pairs]
    pair_vectors = [vectors[index[id(a)]] + vectors[index[id(b)]] for a, b in pairs]
    all_vectors = np.vstack([vectors, normalise(np.array(pair_vectors))]) if pairs else vectors
    pairs_read = tuple(readable(t) for t in pair_texts)
    read = sentences_read + pairs_read
    return EvidenceSpans(texts + tuple(pair_texts), all_vectors, notes, read, left_out, len(texts), back)


def _repair_note(text: str) -> str:
    """How a sentence with a self-repair was read (`self_repair`), for the grade's notes."""
    return f"read as the candidate corrected it: {text[:80]!r} as {repaired(text)[:80]!r}"


def nothing_left(spans: EvidenceSpans) -> str | None:
    """When every sentence of an answer was left out as evidence: what they were (the question repeated,
    instructions to the grader), as the reason the answer earns nothing; else None."""
    if spans.texts or not spans.left_out:
        return None
    return f"nothing to grade: the answer is {' and '.join(sorted({LEFT_OUT[r][1] for r in spans.left_out}))}"
