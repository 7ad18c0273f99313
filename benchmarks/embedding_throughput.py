"""Embedding throughput and peak RSS for 1,000 sentences with the bundled MiniLM (goal >= 200/s, < 600 MB)."""

from __future__ import annotations

import resource
import time

from interviewer.store.minilm import MiniLMEmbedder

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
    embedder = MiniLMEmbedder()
    texts = sentences(1000)
    embedder.embed(texts[:32])
    started = time.perf_counter()
    embedder.embed(texts)
    elapsed = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"embedded 1000 sentences in {elapsed:.2f}s: {1000 / elapsed:.0f} sentences/s; peak RSS {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
