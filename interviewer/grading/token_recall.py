"""Token recall, a reading for reference-only grading: how much of a point the answer expresses, word
piece by word piece. Each content word piece of the point is matched to its most similar word piece of
the answer by MiniLM's contextual vectors, and the cosines are averaged (BERTScore's recall, over the
point's content words). Unlike the stem coverage it credits "decreases" for "lower", and unlike the
sentence cosine it asks for every part of the point rather than the gist.

Word pieces the question already says are left out (question demoting, as in Mohler et al. 2011): an
answer that repeats "the bulb" of "Why does the bulb light?" has not yet said why. A point made only of
the question's words keeps them all. Cross-validated by question on the dev data this raised
SciEntsBank and Mohler, left Beetle level and lowered pooled SAF (one question's level), and raised the
agreement within questions on all four sets (model card).

Alone it is the best of the readings on the unseen domain (Mohler dev Pearson 0.639; 0.618 before
question demoting, against 0.527 for coverage and 0.467 for span cosine); as the combiner's fourth reading it raised every dev set,
cross-validated by question (figures in the model card).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Protocol

import numpy as np

from interviewer.grading.function_words import FUNCTION_WORDS
from interviewer.grading.sentences import split_spans, words
from interviewer.memo import BatchMemo
from interviewer.store.embeddings import CachedEmbedder, Embedder
from interviewer.store.minilm import MiniLMEmbedder, TokenStates

CHUNK_WORDS = 150  # a long answer is read in chunks of sentences of at most this many words (under 256 tokens)
_WORD_PIECE = re.compile(r"^(?:##)?[a-z0-9]", re.IGNORECASE)


class TokenEncoder(Protocol):
    def token_states(self, texts: Sequence[str]) -> list[TokenStates]: ...

    def word_pieces(self, texts: Sequence[str]) -> list[tuple[str, ...]]: ...


def content_pieces(tokens: Sequence[str]) -> np.ndarray:
    """Which word pieces carry content: letters or digits, not a function word."""
    return np.array([bool(_WORD_PIECE.match(t)) and t.lower() not in FUNCTION_WORDS for t in tokens], dtype=bool)


def recalled_pieces(tokens: Sequence[str], given: frozenset[str] = frozenset()) -> np.ndarray:
    """Which of a point's word pieces its recall averages over: its content pieces the question has not
    already said (`given`, lower-cased); all its content pieces when the question says every one; all its
    pieces when it has no content pieces."""
    content = content_pieces(tokens)
    novel = content & np.array([t.lower() not in given for t in tokens], dtype=bool)
    return novel if novel.any() else content if content.any() else np.ones(len(tokens), dtype=bool)


def token_recall(point: TokenStates, answer: Sequence[TokenStates], given: frozenset[str] = frozenset()) -> float:
    """Pure: the mean, over the point's `recalled_pieces` (its content word pieces the question does not
    already say), of the best cosine to any word piece of the answer; 0 for an empty point or answer."""
    answer_vectors = [chunk.vectors for chunk in answer if len(chunk.tokens)]
    if not len(point.tokens) or not answer_vectors:
        return 0.0
    best = (point.vectors @ np.vstack(answer_vectors).T).max(axis=1)
    return float(best[recalled_pieces(point.tokens, given)].mean())


def answer_chunks(answer: str, chunk_words: int = CHUNK_WORDS) -> list[str]:
    """The whole answer when short, else runs of its sentences (a run-on sentence in windows,
    `split_spans`) of at most `chunk_words` words: every word is read, none is cut off."""
    text = answer.strip()
    if len(words(text)) <= chunk_words:
        return [text] if text else []
    chunks: list[list[str]] = [[]]
    for span in split_spans(text, overlap=False):
        if chunks[-1] and len(words(" ".join([*chunks[-1], span.text]))) > chunk_words:
            chunks.append([])
        chunks[-1].append(span.text)
    return [" ".join(chunk) for chunk in chunks if chunk]


class TokenRecallReader:
    """Token recall of points against answers; a point's vectors and a question's word pieces are
    remembered (a rubric meets many answers), and so are the last answers' chunks (an answer graded again:
    a repeat, a re-grade, another rubric's order; at most `chunk_cache_size`, as they are large)."""

    cache_size = 10_000
    chunk_cache_size = 64

    def __init__(self, encoder: TokenEncoder) -> None:
        self.encoder = encoder
        self._points: BatchMemo[str, TokenStates] = BatchMemo(self.cache_size)
        self._questions: BatchMemo[str, frozenset[str]] = BatchMemo(self.cache_size)
        self._chunks: BatchMemo[str, TokenStates] = BatchMemo(self.chunk_cache_size)

    def recalls(self, points: Sequence[str], answer: str, question: str = "") -> list[float]:
        """Each point's token recall in the answer, leaving out the word pieces `question` already says."""
        chunks = self._chunks.get_many(answer_chunks(answer), self.encoder.token_states)
        given = self.question_pieces(question)
        states = self._points.get_many(points, self.encoder.token_states)
        return [token_recall(point, chunks, given) for point in states]

    def question_pieces(self, question: str) -> frozenset[str]:
        """The question's word pieces, lower-cased (as far as the encoder reads it)."""
        if not question.strip():
            return frozenset()
        (pieces,) = self._questions.get_many([question], self._pieces)
        return pieces

    def _pieces(self, questions: list[str]) -> list[frozenset[str]]:
        """Tokenised only: a question's word pieces need no forward pass."""
        return [frozenset(t.lower() for t in pieces) for pieces in self.encoder.word_pieces(questions)]


def token_reader_for(embedder: Embedder) -> TokenRecallReader:
    """Reads with the embedder's own MiniLM when it is one, else with the packaged MiniLM (loaded once)."""
    inner = embedder.inner if isinstance(embedder, CachedEmbedder) else embedder
    return TokenRecallReader(inner) if isinstance(inner, MiniLMEmbedder) else _packaged_reader()


@cache
def _packaged_reader() -> TokenRecallReader:
    from interviewer.store.minilm_onnx import OnnxMiniLMEmbedder

    return TokenRecallReader(OnnxMiniLMEmbedder())
