"""The shipped judge with fp32 activations (what int8 costs, measured by benchmarks/judge_choices.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx

from interviewer.judge.model import FOLDER, Judge, JudgeCard
from interviewer.judge.precision import fp32_activation_judge, with_fp32_activations

PAIRS = [
    ("int8 halves memory traffic compared with fp16.", "With int8 the weights take half the bytes of fp16."),
    ("int8 halves memory traffic compared with fp16.", "My favourite colour is blue."),
    ("Canary rollouts send a small share of traffic to the new model first.", "We ship to everyone at once."),
]


def test_no_activation_is_quantised_and_the_weights_stay_int8() -> None:
    shipped = onnx.load(str(FOLDER / JudgeCard.read().model_file))
    products = sum(n.op_type == "MatMulInteger" for n in shipped.graph.node)
    converted = with_fp32_activations(shipped)
    kinds = [n.op_type for n in converted.graph.node]
    assert products > 0 and "MatMulInteger" not in kinds and "DynamicQuantizeLinear" not in kinds
    weights = {i.name for i in converted.graph.initializer if i.data_type == onnx.TensorProto.INT8}
    dequantised = {n.input[0] for n in converted.graph.node if n.op_type == "DequantizeLinear"}
    assert len(weights & dequantised) == products  # each product's int8 weights, dequantised


def test_it_reads_the_pairs_as_the_shipped_judge_does_up_to_rounding(tmp_path: Path) -> None:
    exact = fp32_activation_judge(JudgeCard.read(), tmp_path).uncached(PAIRS)
    shipped = Judge().uncached(PAIRS)
    np.testing.assert_allclose(exact.sum(axis=1), 1.0, rtol=1e-5)
    assert np.abs(exact - shipped).max() < 0.2  # the same weights; only the rounding of activations differs
    assert list(exact.argmax(axis=1)) == list(shipped.argmax(axis=1))
    assert not np.array_equal(exact, shipped)
