"""The same MiniLM encoder as `minilm.py`, run by onnxruntime: the graph is built in memory from the
packaged safetensors weights (no exported model file, no torch), which is several times faster than
numpy on CPU. Tokenisation, batching and pooling are inherited unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

from interviewer.store.minilm import Array, MiniLMEmbedder

OPSET = 17


class GraphBuilder:
    """Accumulates nodes and initializers; each method returns the name of its output."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._count = 0

    def const(self, array: npt.NDArray[Any], name: str | None = None) -> str:
        name = name or self._name("c")
        self.initializers.append(numpy_helper.from_array(array, name))
        return name

    def _name(self, prefix: str) -> str:
        self._count += 1
        return f"{prefix}{self._count}"

    def op(self, kind: str, *inputs: str, **attributes: Any) -> str:
        output = self._name(kind.lower())
        self.nodes.append(helper.make_node(kind, list(inputs), [output], **attributes))
        return output

    def linear(self, x: str, weight: Array, bias: Array) -> str:
        return self.op("Add", self.op("MatMul", x, self.const(weight)), self.const(bias))

    def layer_norm(self, x: str, weight: Array, bias: Array, eps: float) -> str:
        return self.op("LayerNormalization", x, self.const(weight), self.const(bias), axis=-1, epsilon=eps)


def attention_block(g: GraphBuilder, x: str, bias: str, layer: dict[str, Array], heads: int) -> str:
    hidden = layer["qkv_w"].shape[0]
    qkv = g.linear(x, layer["qkv_w"], layer["qkv_b"])
    shaped = g.op("Reshape", qkv, g.const(np.array([0, 0, 3, heads, hidden // heads], dtype=np.int64)))
    stacked = g.op("Transpose", shaped, perm=[2, 0, 3, 1, 4])  # (3, batch, heads, length, head_dim)
    q, k, v = (g.op("Gather", stacked, g.const(np.array(i, dtype=np.int64)), axis=0) for i in range(3))
    scores = g.op("MatMul", q, g.op("Transpose", k, perm=[0, 1, 3, 2]))
    scaled = g.op("Add", g.op("Mul", scores, g.const(np.array(1.0 / np.sqrt(hidden // heads), dtype=np.float32))), bias)
    context = g.op("MatMul", g.op("Softmax", scaled, axis=-1), v)
    merged = g.op(
        "Reshape", g.op("Transpose", context, perm=[0, 2, 1, 3]), g.const(np.array([0, 0, hidden], dtype=np.int64))
    )
    return g.linear(merged, layer["out_w"], layer["out_b"])


def feed_forward_block(g: GraphBuilder, x: str, layer: dict[str, Array]) -> str:
    inner = g.linear(x, layer["ff_in_w"], layer["ff_in_b"])
    erf = g.op("Erf", g.op("Mul", inner, g.const(np.array(np.sqrt(0.5), dtype=np.float32))))
    gelu = g.op(
        "Mul",
        g.op("Mul", inner, g.op("Add", erf, g.const(np.array(1.0, dtype=np.float32)))),
        g.const(np.array(0.5, dtype=np.float32)),
    )
    return g.linear(gelu, layer["ff_out_w"], layer["ff_out_b"])


class OnnxMiniLMEmbedder(MiniLMEmbedder):
    """all-MiniLM-L6-v2 on onnxruntime; outputs match the numpy encoder to float32 rounding."""

    builder: type[GraphBuilder] = GraphBuilder  # how the matrix products are written

    def __init__(self, model_dir: Path | None = None, batch_size: int = 64) -> None:
        super().__init__(model_dir, batch_size)
        self._session = self._new_session()

    def _new_session(self) -> ort.InferenceSession:
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        return ort.InferenceSession(self._graph().SerializeToString(), options, providers=["CPUExecutionProvider"])

    def _graph(self) -> onnx.ModelProto:
        g, e = self.builder(), self._emb
        words = g.op("Gather", g.const(e["word_embeddings.weight"]), "input_ids")
        positions = g.op("Gather", g.const(e["position_embeddings.weight"]), "position_ids")
        summed = g.op("Add", g.op("Add", words, positions), g.const(e["token_type_embeddings.weight"][0]))
        x = g.layer_norm(summed, e["LayerNorm.weight"], e["LayerNorm.bias"], float(self._eps))
        for layer in self._layers:
            x = g.layer_norm(
                g.op("Add", attention_block(g, x, "bias", layer, self._heads), x),
                layer["ln1_w"],
                layer["ln1_b"],
                float(self._eps),
            )
            x = g.layer_norm(
                g.op("Add", feed_forward_block(g, x, layer), x), layer["ln2_w"], layer["ln2_b"], float(self._eps)
            )
        inputs = [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("position_ids", TensorProto.INT64, [1, "length"]),
            helper.make_tensor_value_info("bias", TensorProto.FLOAT, ["batch", 1, 1, "length"]),
        ]
        output = helper.make_tensor_value_info(x, TensorProto.FLOAT, ["batch", "length", self.dimension])
        graph = helper.make_graph(g.nodes, "minilm", inputs, [output], g.initializers)
        return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])

    def _encode(self, ids: npt.NDArray[np.int64], mask: Array) -> Array:
        bias = ((np.float32(1.0) - mask) * np.float32(-1e9))[:, None, None, :].astype(np.float32)
        positions = np.arange(ids.shape[1], dtype=np.int64)[None, :]
        (hidden,) = self._session.run(None, {"input_ids": ids, "position_ids": positions, "bias": bias})
        result: Array = np.asarray(hidden, dtype=np.float32).reshape(-1, self.dimension)
        return result
