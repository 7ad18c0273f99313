"""The default embedder: the packaged MiniLM with int8 products, each text run alone, against the fp32
encoder it is quantised from."""

from __future__ import annotations

import numpy as np
import onnx
import pytest

from interviewer.store.embeddings import CachedEmbedder, make_embedder
from interviewer.store.fused_kernels import with_fused_kernels
from interviewer.store.minilm_int8 import Int8MiniLMEmbedder, quantised_columns
from interviewer.store.minilm_onnx import OnnxMiniLMEmbedder

TEXTS = [
    "ZeRO-3 shards parameters, gradients and optimizer state across the data-parallel ranks.",
    "Stage three of ZeRO splits the weights, gradients and Adam moments over the GPUs.",
    "The canary gets five percent of traffic and is rolled back when p99 latency regresses.",
    "ok",
    "A much longer sentence about canary rollouts, shadow traffic and p99 latency budgets " * 4,
]


@pytest.fixture(scope="module")
def int8() -> Int8MiniLMEmbedder:
    return Int8MiniLMEmbedder()


@pytest.fixture(scope="module")
def fp32() -> OnnxMiniLMEmbedder:
    return OnnxMiniLMEmbedder()


def test_columns_are_quantised_symmetrically_to_within_half_a_step() -> None:
    weight = np.random.default_rng(0).normal(size=(16, 5)).astype(np.float32)
    weight[:, 2] *= 100  # each column its own scale
    quantised, scale = quantised_columns(weight)
    assert quantised.dtype == np.int8 and np.abs(quantised).max(axis=0).tolist() == [127] * 5
    assert np.all(np.abs(quantised * scale - weight) <= scale / 2 + 1e-6)


def test_vectors_stay_close_to_the_fp32_encoders_and_keep_its_order(
    int8: Int8MiniLMEmbedder, fp32: OnnxMiniLMEmbedder
) -> None:
    ours, exact = int8.embed(TEXTS), fp32.embed(TEXTS)
    assert ours.shape == (5, 384) and np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * exact).sum(axis=1).min() >= 0.97  # the shortest text ("ok", 3 tokens) reads worst
    assert np.abs(ours @ ours.T - exact @ exact.T).max() < 0.05
    paraphrase, unrelated = ours[0] @ ours[1], ours[0] @ ours[2]
    assert paraphrase > unrelated + 0.1, (paraphrase, unrelated)


def test_a_text_reads_the_same_alone_as_among_others(int8: Int8MiniLMEmbedder) -> None:
    alone = np.vstack([int8.embed([text]) for text in TEXTS])
    assert np.array_equal(alone, int8.embed(TEXTS))
    assert np.array_equal(int8.embed(TEXTS[::-1])[::-1], alone)


def test_token_states_are_the_fp32_encoders(int8: Int8MiniLMEmbedder, fp32: OnnxMiniLMEmbedder) -> None:
    ours, exact = int8.token_states(TEXTS[:2]), fp32.token_states(TEXTS[:2])
    assert [s.tokens for s in ours] == [s.tokens for s in exact]
    assert all(np.array_equal(a.vectors, b.vectors) for a, b in zip(ours, exact, strict=True))


def test_the_graph_runs_int8_products_on_fused_kernels(int8: Int8MiniLMEmbedder) -> None:
    graph = with_fused_kernels(int8._graph()).graph
    kinds = [node.op_type for node in graph.node]
    assert kinds.count("MatMulInteger") == 24 and kinds.count("MatMul") == 0  # 4 products in each of 6 layers
    assert kinds.count("Gelu") == 6 and kinds.count("MultiHeadAttention") == 6
    assert not {"Erf", "Softmax", "Transpose"} & set(kinds)
    assert [value.name for value in graph.input] == ["input_ids", "position_ids"]  # no mask: a text runs alone
    assert all(t.data_type == onnx.TensorProto.INT8 for t in graph.initializer if t.dims == [384, 1536])


def test_the_default_embedder_is_the_int8_one() -> None:
    embedder = make_embedder("minilm")
    assert isinstance(embedder, CachedEmbedder) and isinstance(embedder.inner, Int8MiniLMEmbedder)
    assert embedder.name == Int8MiniLMEmbedder.name != OnnxMiniLMEmbedder.name
