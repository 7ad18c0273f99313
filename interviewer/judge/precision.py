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
from interviewer.store.graph_edit import GraphEdit, GraphIndex


def _unquantise(product: onnx.NodeProto, g: GraphIndex, edit: GraphEdit) -> None:
    """One MatMulInteger's chain (DynamicQuantizeLinear, scale product, MatMulInteger, Cast, rescale)
    replaced by DequantizeLinear(weights) -> MatMul, where the MatMulInteger stood."""
    quantise = g.of(product)
    cast = g.consumers[product.output[0]][0]
    rescale = g.consumers[cast.output[0]][0]
    scale_product = g.of(rescale, 1)
    weight_scale = next(name for name in scale_product.input if name != quantise.output[1])
    weights = f"{product.input[1]}_fp32"
    dequantise = helper.make_node(
        "DequantizeLinear", [product.input[1], weight_scale, product.input[3]], [weights], axis=1
    )
    fp32_product = helper.make_node("MatMul", [quantise.input[0], weights], [rescale.output[0]])
    edit.replace([quantise, scale_product, product, cast, rescale], product, dequantise, fp32_product)


def with_fp32_activations(model: onnx.ModelProto) -> onnx.ModelProto:
    """Each DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul chain becomes DequantizeLinear(weights)
    -> MatMul: the same int8 weights and scales, fp32 inputs. Changes `model` in place and returns it."""
    g, edit = GraphIndex(model.graph), GraphEdit()
    for product in g.nodes("MatMulInteger"):
        _unquantise(product, g, edit)
    edit.apply(model.graph)
    onnx.checker.check_model(model)
    return model


def fp32_activation_judge(card: JudgeCard, work: Path) -> Judge:
    """The judge of `card` with fp32 activations, written to the folder `work` (a scratch folder)."""
    model = with_fp32_activations(onnx.load(str(FOLDER / card.model_file)))
    path = work / f"{Path(card.model_file).stem}-fp32-activations.onnx"
    onnx.save(model, str(path))
    return judge_from_file(path, card)
