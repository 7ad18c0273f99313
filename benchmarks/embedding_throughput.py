"""Embedding throughput and peak RSS for 1,000 sentences with the bundled MiniLM (goal >= 200/s, < 600 MB):
the default encoder (int8 products, each sentence alone), the fp32 onnxruntime encoder it is quantised
from, then the numpy reference encoder."""

from __future__ import annotations

import resource
import time

from interviewer.store.embeddings import Embedder
from interviewer.store.minilm import MiniLMEmbedder
from interviewer.store.minilm_int8 import Int8MiniLMEmbedder
from interviewer.store.minilm_onnx import OnnxMiniLMEmbedder

SUBJECTS = ["ZeRO-3", "int8 quantization", "a canary rollout", "continuous batching", "activation checkpointing"]
VERBS = ["reduces memory on", "adds latency to", "changes the cost of", "needs careful validation on", "helps"]
OBJECTS = [
    "large transformer training.",
    "the serving fleet at peak load.",
    "GPUs with Tensor Cores.",
    "CPU inference.",
    "spot instances.",
]


def sentences(n: int) -> list[str]:
    return [f"{SUBJECTS[i % 5]} {VERBS[i // 5 % 5]} {OBJECTS[i // 25 % 5]} (case {i})" for i in range(n)]


def main() -> None:
    texts = sentences(1000)
    subjects: tuple[tuple[str, type[Embedder]], ...] = (
        ("int8 (default)", Int8MiniLMEmbedder),
        ("fp32 onnxruntime", OnnxMiniLMEmbedder),
        ("numpy", MiniLMEmbedder),
    )
    for label, kind in subjects:
        embedder = kind()
        embedder.embed(texts[:32])
        started = time.perf_counter()
        embedder.embed(texts)
        elapsed = time.perf_counter() - started
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{label}: 1000 sentences in {elapsed:.2f}s: {1000 / elapsed:.0f} sentences/s; peak RSS so far {rss_mb:.0f} MB"
        )


if __name__ == "__main__":
    main()
