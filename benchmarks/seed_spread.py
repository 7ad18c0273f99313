"""How much a retrain of the judge moves by seed alone, and what averaging the retrains' weights (a
"soup") buys: trains the shipped recipe once per seed (the seed draws the generated pairs and the batch
order; every run starts from the same initialisation, the first seed's, so that their weights can be
averaged), prints each run's held-out pair accuracy and that of the soups of the first three and of all
runs, and writes every int8 judge to --out for `written_answers.py --judge FILE` and the eval. Needs the
`train` extra; with --device cuda a run takes about 30 s on an H200 (19 minutes on 2 cores). Usage:
    python benchmarks/seed_spread.py --data ../shared/benchmarks/asag --out /tmp/seeds
        [--seeds 13,14,15,16,17] [--device cuda] [--flags written] [--vague] [--swaps] [--train-embeddings]
        [--credit-loss W] [--limit N]
(--vague: the recipe with the hand-written vague texts, `train --vague`; --swaps: with the hand-written
swapped facts, `train --swaps`; --train-embeddings: the word
embeddings fine-tuned too, `train --train-embeddings`; --credit-loss: the expected credit trained too,
`train --credit-loss W`; one arm per call, so the spread of each recipe can be set beside the other's)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch
from tokenizers import Tokenizer

from interviewer.judge.train.__main__ import _pairs, _report
from interviewer.judge.train.export import export_int8
from interviewer.judge.train.loop import TrainConfig, predict, train
from interviewer.judge.train.network import CrossEncoder, from_pretrained
from interviewer.judge.train.options import FLAG_KINDS, arguments
from interviewer.judge.train.pairs import Pair, held_out
from interviewer.store.minilm import packaged_model_dir

State = dict[str, torch.Tensor]


def _split(
    data: Path, seed: int, flags: str, limit: int = 0, vague: bool = False, swaps: bool = False
) -> tuple[list[Pair], list[Pair]]:
    """The training and held-out pairs the training command builds for this seed (the first `limit` of
    each: a smoke test)."""
    argv = ["--data", str(data), "--flags", flags, "--seed", str(seed)]
    options = arguments(argv + ["--vague"] * vague + ["--swaps"] * swaps)
    pairs, _ = _pairs(options)
    fit, check = [p for p in pairs if not held_out(p.group)], [p for p in pairs if held_out(p.group)]
    return (fit[:limit], check[:limit]) if limit else (fit, check)


def _soup(states: list[State], folder: Path, init: int, config: dict[str, int | float]) -> CrossEncoder:
    """The runs' weights averaged, in a network of the same shape."""
    model = from_pretrained(folder, init, config)
    model.load_state_dict({name: sum(s[name] for s in states) / len(states) for name in states[0]})
    return model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seeds", default="13,14,15,16,17")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--flags", choices=FLAG_KINDS, default="none")
    parser.add_argument("--vague", action="store_true", help="also the hand-written vague texts (train --vague)")
    parser.add_argument("--swaps", action="store_true", help="also the hand-written swapped facts (train --swaps)")
    parser.add_argument(
        "--train-embeddings", action="store_true", help="fine-tune the word embeddings too (train --train-embeddings)"
    )
    parser.add_argument(
        "--credit-loss", type=float, default=0.0, help="the expected credit's squared error too (train --credit-loss)"
    )
    parser.add_argument("--limit", type=int, default=0, help="train on this many pairs only (a smoke test)")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    folder = packaged_model_dir()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=TrainConfig().max_length)
    args.out.mkdir(parents=True, exist_ok=True)
    check: list[Pair] = []  # the first run's held-out pairs, for every run
    states: list[State] = []
    for seed in seeds:
        model = from_pretrained(folder, seeds[0], config)
        fit, held = _split(args.data, seed, args.flags, args.limit, args.vague, args.swaps)
        check = check or held
        settings = TrainConfig(
            seed=seed, device=args.device, train_embeddings=args.train_embeddings, credit_loss=args.credit_loss
        )
        train(model, tokenizer, fit, settings)
        print(f"seed {seed}: held-out {_report(predict(model, tokenizer, check), check)['all']}", flush=True)
        states.append({name: value.detach().cpu().clone() for name, value in model.state_dict().items()})
        export_int8(model.cpu(), config, args.out / f"judge-seed{seed}.onnx")
    for count in sorted({min(3, len(seeds)), len(seeds)}):
        soup = _soup(states[:count], folder, seeds[0], config)
        print(f"soup of {count}: held-out {_report(predict(soup, tokenizer, check), check)['all']}", flush=True)
        export_int8(soup, config, args.out / f"soup{count}.onnx")


if __name__ == "__main__":
    main()
