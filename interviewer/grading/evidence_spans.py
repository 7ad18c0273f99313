"""The spans of an answer that may serve as evidence, with their vectors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interviewer.grading.cues import echoes, is_injection
from interviewer.grading.disfluency import readable
from interviewer.grading.sentences import Span, split_spans
from interviewer.store.embeddings import Embedder, Vectors, normalise


@dataclass(frozen=True)
class EvidenceSpans:
    texts: tuple[str, ...]  # verbatim: the evidence quoted
    vectors: Vectors
    notes: tuple[str, ...]
    readable: tuple[str, ...]  # each text as the models read it (spoken fillers left out)


INJECTION_NOTE = "instruction-like text ignored as evidence and flagged"
ECHO_NOTE = "text repeating the question is not evidence"


def _kept(spans: list[Span], question: str) -> tuple[list[bool], list[str]]:
    keep, notes = [], []
    for span in spans:
        if is_injection(span.text):
            notes.append(f"{INJECTION_NOTE}: {span.text[:80]!r}")
            keep.append(False)
        elif echoes(span.text, question):
            notes.append(f"{ECHO_NOTE}: {span.text[:80]!r}")
            keep.append(False)
        else:
            keep.append(True)
    return keep, notes


def evidence_spans(answer: str, question: str, embedder: Embedder) -> EvidenceSpans:
    """Sentences of the answer (minus echoes of the question and injected instructions), and each
    adjacent pair of them, whose vector is the normalised mean of the two (no second embedding). Spoken
    fillers are left out of what is embedded (`disfluency.readable`); the spans stay verbatim."""
    spans = split_spans(answer)
    keep, notes = _kept(spans, question)
    kept = [s for s, k in zip(spans, keep, strict=True) if k]
    if not kept:
        return EvidenceSpans((), np.zeros((0, embedder.dimension), dtype=np.float32), tuple(notes), ())
    texts = tuple(s.text for s in kept)
    sentences_read = tuple(readable(t) for t in texts)
    vectors = embedder.embed(list(sentences_read))
    index = {id(s): i for i, s in enumerate(kept)}
    pairs = [(a, b) for a, b, ka, kb in zip(spans, spans[1:], keep, keep[1:], strict=False) if ka and kb]
    pair_texts = [answer[a.start : b.end] for a, b in pairs]
    pair_vectors = [vectors[index[id(a)]] + vectors[index[id(b)]] for a, b in pairs]
    all_vectors = np.vstack([vectors, normalise(np.array(pair_vectors))]) if pairs else vectors
    pairs_read = tuple(readable(t) for t in pair_texts)
    return EvidenceSpans(texts + tuple(pair_texts), all_vectors, tuple(notes), sentences_read + pairs_read)


def nothing_left(spans: EvidenceSpans) -> str | None:
    """When every sentence of an answer was left out as evidence: what they were (the question repeated,
    instructions to the grader), as the reason the answer earns nothing; else None."""
    if spans.texts or not spans.notes:
        return None
    kinds = sorted(
        {"the question repeated" if n.startswith(ECHO_NOTE) else "instructions to the grader" for n in spans.notes}
    )
    return f"nothing to grade: the answer is {' and '.join(kinds)}"
