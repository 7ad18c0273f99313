"""A MiniLM graph built with `minilm_onnx`'s blocks (the embedder's, the judge's), rewritten for
onnxruntime's fused kernels before a session is made. Those blocks write GELU and attention out of plain
ONNX ops; onnxruntime does not fuse either in an int8 graph, and runs them several times slower than its
own `Gelu` and `MultiHeadAttention` (com.microsoft) kernels. The matrix products and their weights are
untouched. The rewritten graph is for texts run alone: its attention has no padding to mask, so the mask
input is dropped.

GELU: Mul(x, 1/sqrt 2) -> Erf -> Add 1 -> Mul x -> Mul 0.5 becomes Gelu(x).
Attention: Reshape(qkv, [0, 0, 3, heads, size]) -> Transpose -> Gather q, k, v -> MatMul(q, k^T) -> Mul scale
-> Add mask -> Softmax -> MatMul v -> Transpose -> Reshape becomes Split(qkv) -> MultiHeadAttention."""

from __future__ import annotations

import numpy as np
import onnx
from onnx import helper, numpy_helper

from interviewer.store.graph_edit import GraphEdit, GraphIndex

CONTRIB = "com.microsoft"
# onnxruntime's fused residual + LayerNorm kernel (SkipLayerNormalization) runs the int8 judge's pair about
# 4x slower than the Add and LayerNormalization it replaces on this CPU (1.5 of 6.5 ms for 55 tokens)
UNFUSED = ["SkipLayerNormFusion"]


def _gelu(g: GraphIndex, edit: GraphEdit) -> None:
    for erf in g.nodes("Erf"):
        scaled = g.of(erf)
        plus_one = g.sole_consumer(erf, "Add")
        times_x = g.sole_consumer(plus_one, "Mul")
        halved = g.sole_consumer(times_x, "Mul")
        gelu = helper.make_node("Gelu", [scaled.input[0]], [halved.output[0]], domain=CONTRIB)
        edit.replace([scaled, erf, plus_one, times_x, halved], halved, gelu)


def _attention(g: GraphIndex, edit: GraphEdit) -> None:
    for softmax in g.nodes("Softmax"):
        masked = g.of(softmax)
        scaled = g.of(masked)
        scores = g.of(scaled)
        k_transposed = g.of(scores, 1)
        q, k = g.of(scores), g.of(k_transposed)
        stacked = g.of(q)
        shaped = g.of(stacked)
        weighted = g.sole_consumer(softmax, "MatMul")
        v = g.of(weighted, 1)
        merged = g.sole_consumer(weighted, "Transpose")
        flat = g.sole_consumer(merged, "Reshape")
        _, _, _, heads, size = (int(n) for n in g.constant(shaped.input[1]))
        scale = float(g.constant(scaled.input[1]))
        out = flat.output[0]
        parts, sizes = [f"{out}_q", f"{out}_k", f"{out}_v"], f"{out}_split"
        edit.initializers.append(numpy_helper.from_array(np.full(3, heads * size, dtype=np.int64), sizes))
        split = helper.make_node("Split", [shaped.input[0], sizes], parts, axis=-1)
        attend = helper.make_node("MultiHeadAttention", parts, [out], domain=CONTRIB, num_heads=heads, scale=scale)
        old = [masked, scaled, scores, k_transposed, q, k, v, stacked, shaped, softmax, weighted, merged, flat]
        edit.replace(old, flat, split, attend)


def with_fused_kernels(model: onnx.ModelProto) -> onnx.ModelProto:
    """`model` with GELU and attention on onnxruntime's fused kernels and no mask input; changed in place
    and returned."""
    edit = GraphEdit()
    g = GraphIndex(model.graph)
    _gelu(g, edit)
    _attention(g, edit)
    edit.apply(model.graph)
    if all(opset.domain != CONTRIB for opset in model.opset_import):
        model.opset_import.append(helper.make_opsetid(CONTRIB, 1))
    return model
