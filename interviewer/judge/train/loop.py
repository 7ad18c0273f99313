"""The fine-tuning loop: length-bucketed batches, AdamW with warm-up and linear decay, class weights."""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass

import torch
from tokenizers import Encoding, Tokenizer

from interviewer.judge.labels import LABELS
from interviewer.judge.train.network import CrossEncoder
from interviewer.judge.train.pairs import Pair


@dataclass(frozen=True)
class TrainConfig:
    epochs: float = 1.0
    batch_size: int = 16
    learning_rate: float = 5e-5
    warmup: float = 0.06
    max_length: int = 160
    seed: int = 13
    log_every: int = 50
    device: str = "cpu"  # "cuda" on a machine with a GPU: the same steps, other arithmetic (not bit-identical)
    train_embeddings: bool = False  # the word embeddings are fine-tuned too (shipped: frozen)
    credit_loss: float = 0.0  # weight of the expected-credit error beside cross-entropy (shipped: 0, none)
    freeze_layers: int = 0  # the first N encoder layers stay as pre-trained (shipped: 0, all trained)
    label_smoothing: float = 0.0  # share of each label spread over all four (shipped: 0, none)


def label_loss(pairs: list[Pair], config: TrainConfig) -> torch.nn.CrossEntropyLoss:
    """Cross-entropy weighted by label frequency, its targets smoothed by `config.label_smoothing`."""
    weights = class_weights(pairs).to(config.device)
    return torch.nn.CrossEntropyLoss(weight=weights, label_smoothing=config.label_smoothing)


def encode(tokenizer: Tokenizer, pairs: list[Pair]) -> list[Encoding]:
    return tokenizer.encode_batch([(p.point, p.answer) for p in pairs])


def batches(encodings: list[Encoding], size: int, rng: random.Random) -> list[list[int]]:
    """Indices grouped by similar length (little padding), batches in random order."""
    order = list(range(len(encodings)))
    rng.shuffle(order)
    chunks = [
        sorted(order[i : i + size * 50], key=lambda j: len(encodings[j].ids)) for i in range(0, len(order), size * 50)
    ]
    result = [chunk[i : i + size] for chunk in chunks for i in range(0, len(chunk), size)]
    rng.shuffle(result)
    return result


def tensors(encodings: list[Encoding], device: str = "cpu") -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    length = max(len(e.ids) for e in encodings)
    ids = torch.zeros((len(encodings), length), dtype=torch.long)
    types, mask = torch.zeros_like(ids), torch.zeros_like(ids)
    for row, e in enumerate(encodings):
        n = len(e.ids)
        ids[row, :n], types[row, :n], mask[row, :n] = (torch.tensor(v) for v in (e.ids, e.type_ids, e.attention_mask))
    return ids.to(device), types.to(device), mask.to(device)


def class_weights(pairs: list[Pair]) -> torch.Tensor:
    """Inverse square root of each label's frequency, mean 1: rare labels count more, not overwhelmingly."""
    counts = Counter(p.label for p in pairs)
    raw = torch.tensor([1.0 / max(counts.get(i, 1), 1) ** 0.5 for i in range(len(LABELS))])
    return raw / raw.mean()


CREDIT = (1.0, 0.5, 0.0, 0.0)  # each label's credit, in LABELS order: what the engine reads (`Reading.judged`)


def credit_error(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Mean squared error of the expected credit, P(met) + P(partial) / 2, against the label's credit:
    the one number the engine thresholds, trained as such (cross-entropy treats the labels as unordered)."""
    credit = torch.tensor(CREDIT, device=logits.device)
    return ((logits.softmax(-1) @ credit - credit[labels]) ** 2).mean()


def train(model: CrossEncoder, tokenizer: Tokenizer, pairs: list[Pair], config: TrainConfig) -> None:
    rng = random.Random(config.seed)
    torch.manual_seed(config.seed)
    encodings = encode(tokenizer, pairs)
    labels = torch.tensor([p.label for p in pairs]).to(config.device)
    model.to(config.device)
    plan = [b for _ in range(int(config.epochs + 0.999)) for b in batches(encodings, config.batch_size, rng)]
    plan = plan[: int(len(plan) * config.epochs / int(config.epochs + 0.999))]
    if not config.train_embeddings:
        model.words.weight.requires_grad_(False)  # the vocabulary stays as pre-trained: half the parameters
    for layer in model.layers[: config.freeze_layers]:
        layer.requires_grad_(False)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(trainable, lr=config.learning_rate, weight_decay=0.01)
    warm = max(1, int(len(plan) * config.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / warm, max(0.0, (len(plan) - step) / (len(plan) - warm)))
    )
    loss_fn = label_loss(pairs, config)
    model.train()
    started, seen, running = time.perf_counter(), 0, 0.0
    for step, batch in enumerate(plan, start=1):
        logits = model(*tensors([encodings[i] for i in batch], config.device))
        loss = loss_fn(logits, labels[batch])
        if config.credit_loss:
            loss = loss + config.credit_loss * credit_error(logits, labels[batch])
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimiser.step()
        schedule.step()
        seen, running = seen + len(batch), running + float(loss.detach())
        if step % config.log_every == 0 or step == len(plan):
            rate = seen / (time.perf_counter() - started)
            print(f"step {step}/{len(plan)} loss {running / config.log_every:.3f} {rate:.1f} pairs/s", flush=True)
            running = 0.0


@torch.no_grad()
def predict(model: CrossEncoder, tokenizer: Tokenizer, pairs: list[Pair], batch_size: int = 64) -> torch.Tensor:
    """Probabilities (pairs x labels), in the order given, on the device the model is on."""
    model.eval()
    device = str(next(model.parameters()).device)
    encodings = encode(tokenizer, pairs)
    out = torch.zeros((len(pairs), len(LABELS)))
    order = sorted(range(len(pairs)), key=lambda i: len(encodings[i].ids))
    for i in range(0, len(order), batch_size):
        chosen = order[i : i + batch_size]
        out[chosen] = model(*tensors([encodings[j] for j in chosen], device)).softmax(-1).cpu()
    return out
