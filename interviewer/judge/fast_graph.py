"""The committed int8 judge graph, rewritten in memory for onnxruntime's faster kernels before a session
is made (the file and its sha256 stay as trained): GELU and attention on the fused kernels
(`store.fused_kernels`; a pair runs alone, so there is no mask input), and the last layer for the [CLS]
row alone: only the [CLS] token's state is read (the pooler gathers it), so that layer's attention asks
with the [CLS] query alone and its residual, output projection and feed-forward run on that one row."""

from __future__ import annotations

import numpy as np
import onnx
from onnx import helper, numpy_helper

from interviewer.store.fused_kernels import with_fused_kernels
from interviewer.store.graph_edit import GraphEdit, GraphIndex


def _first_token(value: str, edit: GraphEdit) -> tuple[str, onnx.NodeProto]:
    """A Slice keeping `value`'s first position (axis 1), and the name of its output."""
    bounds = {f"{value}_from": 0, f"{value}_to": 1, f"{value}_axis": 1}
    edit.initializers.extend(numpy_helper.from_array(np.array([n], dtype=np.int64), name) for name, n in bounds.items())
    sliced = f"{value}_first"
    return sliced, helper.make_node("Slice", [value, *bounds], [sliced])


def _last_layer_on_first_token(graph: onnx.GraphProto, edit: GraphEdit) -> None:
    """Runs after `with_fused_kernels`: the last MultiHeadAttention asks with the first query row
    alone, and the residual Add after it takes the first row of the layer's input (the LayerNormalization
    that ends the layer before)."""
    g = GraphIndex(graph)
    attend = g.nodes("MultiHeadAttention")[-1]
    layer_input = g.of(attend)  # Split <- bias Add <- the product (int8 or not) <- ... <- LayerNormalization
    while layer_input.op_type != "LayerNormalization":
        layer_input = g.of(layer_input)
    x = layer_input.output[0]
    residual = next(node for node in g.consumers[x] if node.op_type == "Add")
    query, query_slice = _first_token(attend.input[0], edit)
    row, row_slice = _first_token(x, edit)
    attend.input[0] = query
    residual.input[list(residual.input).index(x)] = row
    edit.inserted[attend.output[0]].extend([query_slice, row_slice])


def fast_graph(model_bytes: bytes) -> bytes:
    """The judge file's graph with GELU and attention on onnxruntime's fused kernels, the last layer for the
    [CLS] row alone, and no mask input."""
    model = with_fused_kernels(onnx.load_from_string(model_bytes))
    last = GraphEdit()
    _last_layer_on_first_token(model.graph, last)
    last.apply(model.graph)
    rewritten: bytes = model.SerializeToString()
    return rewritten
