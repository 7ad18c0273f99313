"""Token recall, a reading for reference-only grading: how much of a point the answer expresses, word
piece by word piece. Each content word piece of the point is matched to its most similar word piece of
the answer by MiniLM's contextual vectors, and the cosines are averaged (BERTScore's recall, over the
point's content words). Unlike the stem coverage it credits "decreases" for "lower", and unlike the
sentence cosine it asks for every part of the point rather than the gist.

Alone it is the best of the readings on the unseen domain (Mohler dev Pearson 0.618, against 0.525 for
coverage and 0.438 for span cosine); as the combiner's fourth reading it raised every dev set,
cross-validated by question (figures in the model card).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Protocol

import numpy as np

from interviewer.grading.cues import FUNCTION_WORDS
from interviewer.grading.sentences import split_spans, words
from interviewer.memo import BatchMemo
from interviewer.store.embeddings import CachedEmbedder, Embedder
from interviewer.store.minilm import MiniLMEmbedder, TokenStates

CHUNK_WORDS = 150  # a long answer is read in chunks of sentences of at most this many words (under 256 tokens)
_WORD_PIECE = re.compile(r"^(?:##)?[a-z0-9]", re.IGNORECASE)


class TokenEncoder(Protocol):
    def token_states(self, texts: Sequence[str]) -> list[TokenStates]: ...


def content_pieces(tokens: Sequence[str]) -> np.ndarray:
    """Which word pieces carry content: letters or digits, not a function word."""
    return np.array([bool(_WORD_PIECE.match(t)) and t.lower() not in FUNCTION_WORDS for t in tokens], dtype=bool)


def token_recall(point: TokenStates, answer: Sequence[TokenStates]) -> float:
    """Pure: the mean, over the point's content word pieces (all of them if it has none), of the best cosine
    to any word piece of the answer; 0 for an empty point or answer."""
    answer_vectors = [chunk.vectors for chunk in answer if len(chunk.tokens)]
    if not len(point.tokens) or not answer_vectors:
        return 0.0
    best = (point.vectors @ np.vstack(answer_vectors).T).max(axis=1)
    content = content_pieces(point.tokens)
    return float(best[content].mean() if content.any() else best.mean())


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
    """Token recall of points against answers; a point's vectors are remembered (a rubric meets many answers)."""

    cache_size = 10_000

    def __init__(self, encoder: TokenEncoder) -> None:
        self.encoder = encoder
        self._points: BatchMemo[str, TokenStates] = BatchMemo(self.cache_size)

    def recalls(self, points: Sequence[str], answer: str) -> list[float]:
        chunks = self.encoder.token_states(answer_chunks(answer))
        return [token_recall(states, chunks) for states in self._points.get_many(points, self.encoder.token_states)]


def token_reader_for(embedder: Embedder) -> TokenRecallReader:
    """Reads with the embedder's own MiniLM when it is one, else with the packaged MiniLM (loaded once)."""
    inner = embedder.inner if isinstance(embedder, CachedEmbedder) else embedder
    return TokenRecallReader(inner) if isinstance(inner, MiniLMEmbedder) else _packaged_reader()


@cache
def _packaged_reader() -> TokenRecallReader:
    from interviewer.store.minilm_onnx import OnnxMiniLMEmbedder

    return TokenRecallReader(OnnxMiniLMEmbedder())
