"""The shipped judge with its activations left in fp32: what int8 costs and buys (`benchmarks/judge_choices.py`).

The judge ships dynamically quantised: its weights are int8, and every matrix product quantises its
input activations to 8 bits with a scale found on each run. Undoing the second half (the weights
dequantised once, each product run in fp32) leaves the shipped weights unchanged, so the difference
between the two is what quantising activations costs. The product never runs this graph.
"""

from __future__ import annotations

from pathlib import Path

import onnx
from onnx import helper

from interviewer.judge.model import FOLDER, Judge, JudgeCard, judge_from_file


def _consumers(graph: onnx.GraphProto) -> dict[str, list[onnx.NodeProto]]:
    found: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        for name in node.input:
            found.setdefault(name, []).append(node)
    return found


def _unquantised(
    product: onnx.NodeProto, producers: dict[str, onnx.NodeProto], consumers: dict[str, list[onnx.NodeProto]]
) -> tuple[list[onnx.NodeProto], list[onnx.NodeProto]]:
    """For one MatMulInteger: the nodes of its chain to drop, and the two that replace the chain."""
    quantise = producers[product.input[0]]
    cast = consumers[product.output[0]][0]
    rescale = consumers[cast.output[0]][0]
    scale_product = producers[rescale.input[1]]
    weight_scale = next(name for name in scale_product.input if name != quantise.output[1])
    weights = f"{product.input[1]}_fp32"
    dequantise = helper.make_node(
        "DequantizeLinear", [product.input[1], weight_scale, product.input[3]], [weights], axis=1
    )
    fp32_product = helper.make_node("MatMul", [quantise.input[0], weights], [rescale.output[0]])
    return [quantise, scale_product, product, cast, rescale], [dequantise, fp32_product]


def with_fp32_activations(model: onnx.ModelProto) -> onnx.ModelProto:
    """Each DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul chain becomes DequantizeLinear(weights)
    -> MatMul: the same int8 weights and scales, fp32 inputs. Changes `model` in place and returns it."""
    graph = model.graph
    producers = {output: node for node in graph.node for output in node.output}
    consumers = _consumers(graph)
    dropped: set[str] = set()  # nodes by their first output's name
    replacing: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        if node.op_type == "MatMulInteger":
            chain, replacement = _unquantised(node, producers, consumers)
            dropped |= {n.output[0] for n in chain}
            replacing[node.output[0]] = replacement
    nodes = [
        new for node in graph.node for new in replacing.get(node.output[0], [] if node.output[0] in dropped else [node])
    ]
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    return model


def fp32_activation_judge(card: JudgeCard, work: Path) -> Judge:
    """The judge of `card` with fp32 activations, written to the folder `work` (a scratch folder)."""
    model = with_fp32_activations(onnx.load(str(FOLDER / card.model_file)))
    path = work / f"{Path(card.model_file).stem}-fp32-activations.onnx"
    onnx.save(model, str(path))
    return judge_from_file(path, card)
