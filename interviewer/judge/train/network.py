"""MiniLM (BERT, 6 layers) as a cross-encoder in torch, loaded from the packaged sentence-embedding weights,
with a pooler and a four-way head. Parameter names follow Hugging Face's BertModel so that the trained
weights export to the same ONNX graph builder the product already uses for embeddings."""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch
from safetensors.torch import load_file
from torch import nn

from interviewer.judge.labels import LABELS


class Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, inner: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = (nn.Linear(hidden, hidden) for _ in range(3))
        self.out, self.ln1 = nn.Linear(hidden, hidden), nn.LayerNorm(hidden, eps=eps)
        self.ff_in, self.ff_out = nn.Linear(hidden, inner), nn.Linear(inner, hidden)
        self.ln2 = nn.LayerNorm(hidden, eps=eps)
        self.dropout = nn.Dropout(0.1)

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        return x.view(batch, length, self.heads, hidden // self.heads).transpose(1, 2)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        q, k, v = self._split(self.query(x)), self._split(self.key(x)), self._split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1]) + bias
        context = (self.dropout(scores.softmax(-1)) @ v).transpose(1, 2).reshape(x.shape)
        x = self.ln1(x + self.dropout(self.out(context)))
        result: torch.Tensor = self.ln2(x + self.dropout(self.ff_out(nn.functional.gelu(self.ff_in(x)))))
        return result


class CrossEncoder(nn.Module):
    def __init__(self, config: dict[str, int | float]) -> None:
        super().__init__()
        hidden, eps = int(config["hidden_size"]), float(config["layer_norm_eps"])
        self.words = nn.Embedding(int(config["vocab_size"]), hidden)
        self.positions = nn.Embedding(int(config["max_position_embeddings"]), hidden)
        self.types = nn.Embedding(int(config["type_vocab_size"]), hidden)
        self.ln = nn.LayerNorm(hidden, eps=eps)
        heads, inner = int(config["num_attention_heads"]), int(config["intermediate_size"])
        self.layers = nn.ModuleList(Layer(hidden, heads, inner, eps) for _ in range(int(config["num_hidden_layers"])))
        self.pooler = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, len(LABELS))
        self.dropout = nn.Dropout(0.1)

    def forward(self, ids: torch.Tensor, types: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device)[None, :]
        x = self.dropout(self.ln(self.words(ids) + self.positions(positions) + self.types(types)))
        bias = (1.0 - mask[:, None, None, :].float()) * -1e9
        for layer in self.layers:
            x = layer(x, bias)
        pooled = torch.tanh(self.pooler(x[:, 0]))
        logits: torch.Tensor = self.head(self.dropout(pooled))
        return logits


_RENAMES = {
    "words": "embeddings.word_embeddings",
    "positions": "embeddings.position_embeddings",
    "types": "embeddings.token_type_embeddings",
    "ln": "embeddings.LayerNorm",
    "pooler": "pooler.dense",
    "query": "attention.self.query",
    "key": "attention.self.key",
    "value": "attention.self.value",
    "out": "attention.output.dense",
    "ln1": "attention.output.LayerNorm",
    "ff_in": "intermediate.dense",
    "ff_out": "output.dense",
    "ln2": "output.LayerNorm",
}


def hf_name(name: str) -> str:
    """`layers.3.ff_in.weight` -> `encoder.layer.3.intermediate.dense.weight` (and the embedding names)."""
    parts = name.split(".")
    if parts[0] == "layers":
        return f"encoder.layer.{parts[1]}.{_RENAMES[parts[2]]}.{parts[3]}"
    return f"{_RENAMES.get(parts[0], parts[0])}.{parts[-1]}"


def from_pretrained(folder: Path, seed: int, config: dict[str, int | float] | None = None) -> CrossEncoder:
    """The packaged MiniLM weights in every encoder slot (`config` may keep fewer layers: the first ones);
    the head starts from a seeded initialisation."""
    torch.manual_seed(seed)
    model = CrossEncoder(config or json.loads((folder / "config.json").read_text(encoding="utf-8")))
    weights = load_file(str(folder / "model.safetensors"))
    state = {name: weights.get(hf_name(name), tensor) for name, tensor in model.state_dict().items()}
    missing = [name for name in state if hf_name(name) not in weights and not name.startswith("head.")]
    if missing:
        raise ValueError(f"the packaged weights lack {missing}")
    model.load_state_dict(state)
    return model
