"""Retrieval latency p50/p95 over 10,000 synthetic rubric points in embedded Chroma (goal p95 < 50 ms)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from interviewer.store.chroma import open_client
from interviewer.store.minilm_int8 import Int8MiniLMEmbedder


def main() -> None:
    embedder = Int8MiniLMEmbedder()  # the default embedder's model
    rng = np.random.default_rng(0)
    base = embedder.embed([f"rubric point about topic {i}" for i in range(200)])
    vectors = base[rng.integers(0, 200, 10_000)] + rng.normal(0, 0.05, (10_000, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    with tempfile.TemporaryDirectory() as folder:
        collection = open_client(Path(folder)).get_or_create_collection(
            "bench-points", embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )
        for start in range(0, 10_000, 1000):
            ids = [f"p{i}" for i in range(start, start + 1000)]
            metadatas = [{"question_id": f"q{i % 500}"} for i in range(start, start + 1000)]
            collection.add(ids=ids, embeddings=vectors[start : start + 1000], metadatas=metadatas)  # type: ignore[arg-type]
        queries = [f"how does topic {i} trade memory for speed" for i in range(200)]
        timings = []
        for query in queries:
            started = time.perf_counter()
            collection.query(query_embeddings=embedder.embed([query]), n_results=5)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * len(timings)) - 1]
    print(f"10,000 points, 200 queries (embedding included): p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
