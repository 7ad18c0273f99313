"""The packaged MiniLM as the product embeds with it: int8 matrix products on onnxruntime, each text run
alone on its own core. The graph is built in memory from the packaged weights, as `minilm_onnx` builds the
fp32 one, with each matrix product written as onnxruntime's dynamic quantisation writes it (int8 weights,
one symmetric scale per output column; the input quantised to 8 bits with a scale found on each run),
and GELU and attention on onnxruntime's fused kernels (`fused_kernels`).

Why each text runs alone: the input scale is found over the whole run, so a text embedded in a batch
would read differently with other texts beside it; alone, its vector depends on the text only (and needs
no padding). A sentence's vector has cosine 0.992 to its fp32 self on average (at least 0.985 over
benchmark sentences; a 3-token text 0.974), and cosines between texts move by 0.013 on average; token
states (what token recall reads) stay fp32: int8 moves them more (SAF dev 0.440 against 0.454 when they
were int8 too)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime as ort
from onnx import TensorProto, helper
from tokenizers import Encoding

from interviewer.runners import Runners
from interviewer.store.fused_kernels import UNFUSED, with_fused_kernels
from interviewer.store.minilm import Array, TokenStates, mean_pool
from interviewer.store.minilm_onnx import GraphBuilder, OnnxMiniLMEmbedder

EMBEDDING = "int8 products, fused GELU and attention, each text alone"  # in the embedder's name


def quantised_columns(weight: Array) -> tuple[np.ndarray, Array]:
    """Pure: `weight` (inputs, outputs) as int8 with one symmetric scale per output column, and the scales
    (`weight` ~ int8 * scale)."""
    scale = np.maximum(np.abs(weight).max(axis=0), np.float32(1e-12)) / np.float32(127.0)
    quantised = np.clip(np.rint(weight / scale), -127, 127).astype(np.int8)
    return quantised, scale.astype(np.float32)


class Int8GraphBuilder(GraphBuilder):
    """Writes each linear layer as DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul(scales) -> Add(bias),
    the pattern onnxruntime fuses into its int8 product kernel."""

    def linear(self, x: str, weight: Array, bias: Array) -> str:
        quantised, scale, zero = self._name("q"), self._name("s"), self._name("z")
        self.nodes.append(helper.make_node("DynamicQuantizeLinear", [x], [quantised, scale, zero]))
        weights, weight_scales = quantised_columns(weight)
        zeros = np.zeros(weight.shape[1], dtype=np.int8)
        scales = self.op("Mul", scale, self.const(weight_scales))
        product = self.op("MatMulInteger", quantised, self.const(weights), zero, self.const(zeros))
        rescaled = self.op("Mul", self.op("Cast", product, to=TensorProto.FLOAT), scales)
        return self.op("Add", rescaled, self.const(bias))


class Int8MiniLMEmbedder(OnnxMiniLMEmbedder):
    """all-MiniLM-L6-v2 with int8 products, each text alone (module docstring); token states in fp32."""

    name = f"all-MiniLM-L6-v2 ({EMBEDDING})"
    builder = Int8GraphBuilder

    def __init__(self, model_dir: Path | None = None) -> None:
        super().__init__(model_dir, batch_size=1)
        self._model_dir = model_dir
        self._runners = Runners("embedder")
        self._fp32: OnnxMiniLMEmbedder | None = None
        self._fp32_lock = threading.Lock()

    def _new_session(self) -> ort.InferenceSession:
        options = ort.SessionOptions()
        options.log_severity_level = 3
        options.intra_op_num_threads = 1  # one text per core
        graph = with_fused_kernels(self._graph()).SerializeToString()
        return ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"], disabled_optimizers=UNFUSED)

    def embed(self, texts: Sequence[str]) -> Array:
        """One L2-normalised float32 row per text, in the order given, each text run alone."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        return np.vstack(self._runners.map(self._embed_alone, encodings))

    def _embed_alone(self, encoding: Encoding) -> Array:
        ids = np.array([encoding.ids], dtype=np.int64)
        positions = np.arange(ids.shape[1], dtype=np.int64)[None, :]
        (hidden,) = self._session.run(None, {"input_ids": ids, "position_ids": positions})
        return mean_pool(np.asarray(hidden, dtype=np.float32), np.ones(ids.shape, dtype=np.float32))

    def token_states(self, texts: Sequence[str]) -> list[TokenStates]:
        """Read by the fp32 encoder (loaded on first use): see the module docstring."""
        with self._fp32_lock:
            if self._fp32 is None:
                self._fp32 = OnnxMiniLMEmbedder(self._model_dir)
        return self._fp32.token_states(texts)
