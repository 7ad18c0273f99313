"""Editing an ONNX graph in place, for the rewrites of MiniLM graphs (`fused_kernels`: onnxruntime's fused
kernels at run time, for the embedder and the judge; `judge.precision`: the judge with fp32 activations,
for measurement): who produces and consumes each value, and an edit that drops nodes and inserts others
where they stood."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import onnx
from onnx import numpy_helper


class GraphIndex:
    """Who produces and who consumes each value of `graph`, and its constant initializers by name."""

    def __init__(self, graph: onnx.GraphProto) -> None:
        self.graph = graph
        self.producer: dict[str, onnx.NodeProto] = {output: node for node in graph.node for output in node.output}
        self.consumers: dict[str, list[onnx.NodeProto]] = defaultdict(list)
        for node in graph.node:
            for name in node.input:
                self.consumers[name].append(node)
        self.constants = {tensor.name: tensor for tensor in graph.initializer}

    def of(self, node: onnx.NodeProto, index: int = 0) -> onnx.NodeProto:
        """The node that produces `node`'s input `index`."""
        return self.producer[node.input[index]]

    def sole_consumer(self, node: onnx.NodeProto, op_type: str) -> onnx.NodeProto:
        consumers = self.consumers[node.output[0]]
        if len(consumers) != 1 or consumers[0].op_type != op_type:
            raise ValueError(f"graph: {node.op_type} {node.output[0]} is not followed by one {op_type}")
        return consumers[0]

    def constant(self, name: str) -> np.ndarray:
        return numpy_helper.to_array(self.constants[name])

    def nodes(self, op_type: str) -> list[onnx.NodeProto]:
        return [node for node in self.graph.node if node.op_type == op_type]


@dataclass
class GraphEdit:
    """Nodes to drop, and nodes to insert before an anchor node (nodes by their first output's name)."""

    dropped: set[str] = field(default_factory=set)
    inserted: dict[str, list[onnx.NodeProto]] = field(default_factory=lambda: defaultdict(list))
    initializers: list[onnx.TensorProto] = field(default_factory=list)

    def replace(self, old: Iterable[onnx.NodeProto], anchor: onnx.NodeProto, *new: onnx.NodeProto) -> None:
        """Drop `old`; `new` stands where `anchor` stood (`anchor` may be one of `old`)."""
        self.dropped.update(node.output[0] for node in old)
        self.inserted[anchor.output[0]].extend(new)

    def apply(self, graph: onnx.GraphProto) -> None:
        """Make the edit, then drop the inputs and initializers no node reads any more."""
        nodes: list[onnx.NodeProto] = []
        for node in graph.node:
            nodes.extend(self.inserted.get(node.output[0], []))
            if node.output[0] not in self.dropped:
                nodes.append(node)
        del graph.node[:]
        graph.node.extend(nodes)
        graph.initializer.extend(self.initializers)
        used = {name for node in graph.node for name in node.input}
        for values in (graph.input, graph.initializer):
            kept = [value for value in values if value.name in used]
            del values[:]
            values.extend(kept)
