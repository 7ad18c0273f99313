"""The judge file's graph rewritten in memory for onnxruntime's fused GELU and attention kernels, its last
layer run for the [CLS] row alone (`interviewer/judge/fast_graph.py`): the same arithmetic as the file's
own graph, faster."""

from __future__ import annotations

from collections import Counter

import numpy as np
import numpy.typing as npt
import onnx
import onnxruntime as ort
from tokenizers import Tokenizer

from interviewer.judge.fast_graph import fast_graph
from interviewer.judge.model import FOLDER, Judge, JudgeCard
from interviewer.judge.precision import with_fp32_activations
from interviewer.store.minilm import packaged_model_dir

PAIRS = [
    ("int8 halves memory traffic compared with fp16.", "With int8 the weights take half the bytes of fp16."),
    ("int8 halves memory traffic compared with fp16.", "My favourite colour is blue."),
    ("Canary rollouts send a small share of traffic to the new model first.", "We ship to everyone at once."),
    ("ZeRO stage 3 shards parameters, gradients and optimizer states.", " ".join(["ZeRO shards state"] * 30)),
]


def _shipped_bytes() -> bytes:
    return (FOLDER / JudgeCard.read().model_file).read_bytes()


def _logits(
    model: bytes,
    pairs: list[tuple[str, str]],
    level: ort.GraphOptimizationLevel = ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
) -> npt.NDArray[np.float32]:
    """Each pair run alone through `model`, onnxruntime's graph optimisations up to `level`, fed only the
    inputs it declares."""
    options = ort.SessionOptions()
    options.graph_optimization_level = level
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    declared = {value.name for value in session.get_inputs()}
    tokenizer = Tokenizer.from_file(str(packaged_model_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=JudgeCard.read().max_length)
    rows = []
    for encoding in tokenizer.encode_batch(pairs):
        ids = np.array([encoding.ids], dtype=np.int64)
        feeds = {
            "input_ids": ids,
            "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
            "position_ids": np.arange(ids.shape[1], dtype=np.int64)[None, :],
            "bias": np.zeros((1, 1, 1, ids.shape[1]), dtype=np.float32),
        }
        rows.append(session.run(None, {k: v for k, v in feeds.items() if k in declared})[0][0])
    return np.array(rows, dtype=np.float32)


def test_gelu_and_attention_become_fused_kernels_the_last_layer_reads_cls_and_the_int8_products_stay() -> None:
    shipped = onnx.load_from_string(_shipped_bytes())
    rewritten = onnx.load_from_string(fast_graph(_shipped_bytes()))
    before, after = Counter(n.op_type for n in shipped.graph.node), Counter(n.op_type for n in rewritten.graph.node)
    assert after["Gelu"] == after["MultiHeadAttention"] == before["Softmax"] == before["Erf"] == 6  # one per layer
    assert after["Erf"] == after["Softmax"] == after["Transpose"] == 0
    assert after["MatMulInteger"] == before["MatMulInteger"]
    assert after["Slice"] == 2  # the last layer's [CLS] query and residual row
    int8 = {t.name for t in shipped.graph.initializer if t.data_type == onnx.TensorProto.INT8}
    assert int8 <= {t.name for t in rewritten.graph.initializer}
    assert [value.name for value in rewritten.graph.input] == ["input_ids", "token_type_ids", "position_ids"]


def test_the_rewritten_graph_computes_what_the_files_graph_computes() -> None:
    """Measured without int8 rounding (activations in fp32, the shipped int8 weights dequantised) and
    without onnxruntime's extended optimisations (which quantise such a graph's products again), where the
    two graphs' arithmetic can be compared: they agree to float rounding."""
    fp32 = with_fp32_activations(onnx.load_from_string(_shipped_bytes())).SerializeToString()
    basic = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    np.testing.assert_allclose(_logits(fast_graph(fp32), PAIRS, basic), _logits(fp32, PAIRS, basic), atol=1e-5)


def test_the_judge_reads_pairs_as_its_file_does_up_to_int8_rounding() -> None:
    """int8 quantises each product's input with a scale found on every run, so last-bit float changes
    in the fused kernels move readings a little (by 0.004 on average over 165 bank pairs, at most 0.05)."""
    logits = _logits(_shipped_bytes(), PAIRS)
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    files = exp / exp.sum(axis=1, keepdims=True)
    judged = Judge().uncached(PAIRS)
    assert np.abs(judged - files).max() < 0.1
    assert list(judged.argmax(axis=1)) == list(files.argmax(axis=1))
