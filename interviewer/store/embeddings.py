"""Embedding models behind one small protocol, chosen by a setting string."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from interviewer.errors import EmbeddingError
from interviewer.memo import BatchMemo

Vectors = NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> Vectors: ...


def normalise(vectors: NDArray[np.floating]) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    result: Vectors = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
    return result


class CachedEmbedder:
    """Remembers the vector of every text it has embedded (rubric points are embedded once).

    Shared by every grade in the process (the app's users, a batch's threads): the cache is read and
    changed only under a lock, and a call's answer is built from the vectors it found or computed
    itself, so another thread clearing the cache meanwhile cannot take them away."""

    def __init__(self, inner: Embedder, max_entries: int = 50_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self._cache: BatchMemo[str, Vectors] = BatchMemo(max_entries)

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack(self._cache.get_many(texts, lambda missing: list(self.inner.embed(missing))))

    def clear(self) -> None:
        self._cache.clear()


class OpenAIEmbedder:
    """OpenAI (or compatible) embeddings; needs a key or a base URL."""

    def __init__(self, model: str, api_key: str, base_url: str = "") -> None:
        from openai import OpenAI

        self._client = OpenAI(api_key=api_key or "unused", base_url=base_url or None)
        self._model = model
        self.name = f"openai:{model}"
        self.dimension = len(self.embed(["dimension probe"])[0])

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, getattr(self, "dimension", 0)), dtype=np.float32)
        response = self._client.embeddings.create(model=self._model, input=list(texts))
        return normalise(np.array([item.embedding for item in response.data], dtype=np.float32))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model already on the user's disk (needs torch installed)."""

    def __init__(self, path: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingError("sentence-transformers is not installed: pip install sentence-transformers") from exc
        if not Path(path).exists():
            raise EmbeddingError(f"{path}: no such model folder (give a local path; nothing is downloaded)")
        self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self.name = f"sentence-transformers:{Path(path).name}"
        self.dimension = int(self._model.get_sentence_embedding_dimension() or 0)

    def embed(self, texts: Sequence[str]) -> Vectors:
        vectors = self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)


def make_embedder(spec: str, api_key: str = "", base_url: str = "") -> Embedder:
    """Build the embedder a setting names: `minilm`, `openai:<model>` or `sentence-transformers:<path>`."""
    kind, _, argument = spec.partition(":")
    if kind == "minilm":
        from interviewer.store.minilm_int8 import Int8MiniLMEmbedder

        return CachedEmbedder(Int8MiniLMEmbedder())
    if kind == "openai":
        if not (api_key or base_url):
            raise EmbeddingError("openai embeddings need OPENAI_API_KEY or INTERVIEWER_OPENAI_BASE_URL")
        return CachedEmbedder(OpenAIEmbedder(argument or "text-embedding-3-small", api_key, base_url))
    if kind == "sentence-transformers" and argument:
        return CachedEmbedder(SentenceTransformerEmbedder(argument))
    raise EmbeddingError(
        f"unknown embedding model {spec!r}: use minilm, openai:<model> or sentence-transformers:<path>"
    )
