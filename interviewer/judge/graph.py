"""The judge as an ONNX graph, built from its trained weights with the same blocks as the MiniLM
embedder (`store.minilm_onnx`): token types, the [CLS] pooler and a four-way head on top."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import onnx
from onnx import TensorProto, helper

from interviewer.judge.labels import LABELS
from interviewer.store.minilm import as_f32, layer_weights
from interviewer.store.minilm_onnx import OPSET, GraphBuilder, attention_block, feed_forward_block

Weights = dict[str, npt.NDArray[np.float32]]
INPUTS = ("input_ids", "token_type_ids", "position_ids", "bias")


def _embeddings(g: GraphBuilder, w: Weights, eps: float) -> str:
    words = g.op("Gather", g.const(as_f32(w["embeddings.word_embeddings.weight"])), "input_ids")
    positions = g.op("Gather", g.const(as_f32(w["embeddings.position_embeddings.weight"])), "position_ids")
    types = g.op("Gather", g.const(as_f32(w["embeddings.token_type_embeddings.weight"])), "token_type_ids")
    summed = g.op("Add", g.op("Add", words, positions), types)
    return g.layer_norm(summed, as_f32(w["embeddings.LayerNorm.weight"]), as_f32(w["embeddings.LayerNorm.bias"]), eps)


def judge_graph(w: Weights, layers: int, heads: int, eps: float) -> onnx.ModelProto:
    """Logits (batch, 4) over LABELS for token ids of "[CLS] point [SEP] answer [SEP]"."""
    g = GraphBuilder()
    x = _embeddings(g, w, eps)
    for i in range(layers):
        layer = layer_weights(w, f"encoder.layer.{i}.")
        x = g.layer_norm(
            g.op("Add", attention_block(g, x, "bias", layer, heads), x), layer["ln1_w"], layer["ln1_b"], eps
        )
        x = g.layer_norm(g.op("Add", feed_forward_block(g, x, layer), x), layer["ln2_w"], layer["ln2_b"], eps)
    cls = g.op("Gather", x, g.const(np.array(0, dtype=np.int64)), axis=1)
    pooled = g.op("Tanh", g.linear(cls, as_f32(w["pooler.dense.weight"]).T.copy(), as_f32(w["pooler.dense.bias"])))
    logits = g.linear(pooled, as_f32(w["head.weight"]).T.copy(), as_f32(w["head.bias"]))
    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"]),
        helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, ["batch", "length"]),
        helper.make_tensor_value_info("position_ids", TensorProto.INT64, [1, "length"]),
        helper.make_tensor_value_info("bias", TensorProto.FLOAT, ["batch", 1, 1, "length"]),
    ]
    output = helper.make_tensor_value_info(logits, TensorProto.FLOAT, ["batch", len(LABELS)])
    graph = helper.make_graph(g.nodes, "judge", inputs, [output], g.initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
