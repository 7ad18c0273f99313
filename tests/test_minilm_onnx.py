"""The fp32 onnxruntime MiniLM (what the default int8 embedder is quantised from, and what token recall
reads) against sentence-transformers' output and the numpy encoder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from interviewer.store.minilm import MiniLMEmbedder
from interviewer.store.minilm_onnx import OnnxMiniLMEmbedder

FIXTURE = Path(__file__).parent / "fixtures" / "minilm_parity.json"


@pytest.fixture(scope="module")
def onnx_model() -> OnnxMiniLMEmbedder:
    return OnnxMiniLMEmbedder()


def test_matches_sentence_transformers(onnx_model: OnnxMiniLMEmbedder) -> None:
    parity = json.loads(FIXTURE.read_text(encoding="utf-8"))
    reference = np.array(parity["embeddings"], dtype=np.float64)
    ours = onnx_model.embed(parity["sentences"]).astype(np.float64)
    cosines = (ours * reference).sum(axis=1) / np.linalg.norm(reference, axis=1)
    assert cosines.min() >= 0.9999, cosines.min()


def test_matches_the_numpy_encoder_and_is_deterministic(onnx_model: OnnxMiniLMEmbedder) -> None:
    texts = ["ZeRO-3 shards parameters.", "A much longer sentence about canary rollouts and p99 latency " * 5, "ok"]
    ours = onnx_model.embed(texts)
    assert np.abs(ours - MiniLMEmbedder().embed(texts)).max() < 1e-4
    assert np.array_equal(ours, onnx_model.embed(texts))
    assert ours.shape == (3, 384) and np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
