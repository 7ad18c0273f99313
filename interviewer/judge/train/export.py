"""Trained weights -> the ONNX graph the product runs -> int8 (dynamic quantisation) -> sha256."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import numpy as np
import onnx
from onnxruntime.quantization import QuantType, quantize_dynamic

from interviewer.judge.graph import judge_graph
from interviewer.judge.train.network import CrossEncoder, hf_name


def numpy_weights(model: CrossEncoder) -> dict[str, np.ndarray]:
    """The trained weights under Hugging Face's names (the head keeps its own: `head.weight`, `head.bias`)."""
    return {
        hf_name(k) if not k.startswith("head.") else k: v.detach().cpu().numpy() for k, v in model.state_dict().items()
    }


def export_int8(
    model: CrossEncoder, config: dict[str, int | float], target: Path, fp32_copy: Path | None = None
) -> str:
    """Write the int8 ONNX judge to `target` (and the fp32 graph it came from to `fp32_copy`, for
    measuring what int8 costs); return its sha256."""
    graph = judge_graph(
        numpy_weights(model),
        int(config["num_hidden_layers"]),
        int(config["num_attention_heads"]),
        float(config["layer_norm_eps"]),
    )
    with tempfile.TemporaryDirectory() as work:
        fp32 = fp32_copy or Path(work) / "judge-fp32.onnx"
        onnx.save(graph, str(fp32))
        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True)
    return hashlib.sha256(target.read_bytes()).hexdigest()
