"""Reading claims against an answer with a judge: per claim, the texts it reads (the top-k sentences and
sentence pairs by embedding cosine, the closest paragraph, a short answer whole, and a span named beside
them), all claims in one batched judge call (`read_claims`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from interviewer.grading.cues import clauses_about
from interviewer.grading.disfluency import readable
from interviewer.grading.evidence_spans import EvidenceSpans
from interviewer.grading.readings import Reading
from interviewer.grading.sentences import split_spans
from interviewer.judge.labels import CONTRADICTED
from interviewer.judge.model import Judge
from interviewer.store.embeddings import Embedder


def read_claims(
    embedder: Embedder,
    judge: Judge,
    claims: list[str],
    spans: EvidenceSpans,
    answer: str,
    top_k: int,
    whole_answer_words: int,
    contrast_floor: float | None = None,
    also: Sequence[int] | None = None,
) -> list[Reading]:
    """For each claim, the judge's probabilities on its `top_k` spans by cosine (sentences and adjacent
    pairs), on its closest paragraph (a point is often made over several sentences), and on the whole
    answer when it is short (at most `whole_answer_words`; neither when it holds a sentence the candidate
    took back): one batched judge call for all claims. Each text's cosine to the claim is kept. `also`
    names, per claim, a span read beside them: bank rubrics pass the similarity prior's evidence, which it
    picks from every sentence by cosine to the claim or its full-credit text and by key terms, so the judge
    confirms or vetoes that span itself (outside the top-k, a sentence stating two points was read for one
    and lost the other as "not stated": `shared_evidence`). With `contrast_floor` (reference-only
    grading), a contradiction is read again clause against clause (`contrasts_read_apart`).
    The models read the texts as `disfluency.readable` gives them; the texts kept (the evidence) are verbatim."""
    claim_vectors = embedder.embed(claims)
    whole = answer.strip()
    short = len(whole.split()) <= whole_answer_words and whole not in spans.texts
    short = short and not spans.holds_taken_back(whole)
    passages = [
        p for p in answer_passages(answer) if p not in spans.texts and p != whole and not spans.holds_taken_back(p)
    ]
    extra = passages + ([whole] if short else [])
    texts = spans.texts + tuple(extra)
    extra_readable = [readable(t) for t in extra]
    vectors = np.vstack([spans.vectors, embedder.embed(extra_readable)]) if extra else spans.vectors
    similarity = claim_vectors @ vectors.T
    chosen = [chosen_texts(row, top_k, len(spans.texts), len(passages), short) for row in similarity]
    if also is not None:  # per claim, a span read beside its top-k (bank rubrics: the prior's evidence)
        chosen = [indices if span in indices else [*indices, span] for indices, span in zip(chosen, also, strict=True)]
    nearest = similarity.max(axis=0)
    texts_read = spans.readable + tuple(extra_readable)
    pairs = [(claim, texts_read[i]) for claim, indices in zip(claims, chosen, strict=True) for i in indices]
    flat = judge.probabilities(pairs)
    if contrast_floor is not None:
        flat = contrasts_read_apart(judge, pairs, flat, contrast_floor)
    bounds = np.cumsum([0] + [len(indices) for indices in chosen])
    return [
        Reading(
            tuple(texts[i] for i in indices),
            flat[bounds[n] : bounds[n + 1]],
            similarity[n, indices],
            nearest[indices],
        )
        for n, indices in enumerate(chosen)
    ]


def chosen_texts(similarity: np.ndarray, top_k: int, spans: int, passages: int, whole: bool) -> list[int]:
    """The top-k spans, the closest passage and the whole answer (when short), as indices of texts."""
    chosen = [int(i) for i in np.argsort(-similarity[:spans], kind="stable")[:top_k]]
    if passages:
        chosen.append(spans + int(np.argmax(similarity[spans : spans + passages])))
    return chosen + ([len(similarity) - 1] if whole else [])


def contrasts_read_apart(judge: Judge, pairs: list[tuple[str, str]], flat: np.ndarray, floor: float) -> np.ndarray:
    """Reference-only: the judge's readings, a text it finds contradicting a claim (P(contradicted) from
    `floor`) read again clause against clause when either holds several (`cues.clauses_about`: the two
    clauses that share most words), and that reading kept. Read whole, "X is globally accessible, while Y
    is only accessible inside the function" contradicts the reference "X can be used by any member
    function. Y can only be used inside its function" (0.91), and "When no constructor is written" the
    reference "If no constructor is provided, the compiler provides one. If one is defined, it does
    not": on Mohler dev its 41 contradictions were of answers its graders gave 0.88 on average, and
    read clause against clause none stands (Pearson 0.560 -> 0.579, cross-validated). The
    bank judge's are left whole: it trained on claims of several clauses and wrong statements of them,
    and read clause by clause, confident wrong answers lose their contradictions."""
    again = [
        (n, found)
        for n, (claim, text) in enumerate(pairs)
        if flat[n, CONTRADICTED] >= floor and (found := clauses_about(text, claim)) is not None
    ]
    if not again:
        return flat
    read = flat.copy()
    read[[n for n, _ in again]] = judge.probabilities([found for _, found in again])
    return read


def answer_passages(answer: str) -> list[str]:
    """Verbatim passages of several sentences: the answer's paragraphs of two sentences or more, when it
    has more than one paragraph. An answer in one block has none beyond its sentence pairs: windows of
    three sentences cut across the writer's points and read as stating the points beside them (on the
    dev answers that state every other point, 19 of 31 points left out were credited with such windows,
    10 without), and they were a quarter of the judge's pairs."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", answer) if p.strip()]
    if len(paragraphs) < 2:
        return []
    return [p for p in paragraphs if len(split_spans(p, overlap=False)) > 1]
