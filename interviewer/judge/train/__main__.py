"""Train the offline judge: `python -m interviewer.judge.train --data ../shared/benchmarks/asag`.

Pairs come from SemEval-2013 (SciEntsBank, Beetle) and SAF train files found in --data and from the
question banks, and from the hand-written hard cases for the bank's points (`written/`; `--no-written`
leaves them out), the hand-written vague texts (`written_vague/`, `--vague`, off by default), the
hand-written swapped facts (`written_swaps/`, `--swaps`, off by default), the hand-written wrong ways
(`written_wrong_ways/`, `--wrong-ways`, off by default), the hand-written word salad and name-drops
(`written_salad/`, `--salad`, off by default), the hand-written texts joined
into long sentences (`clause_pairs`, `--clause-joins`, off by default), and pairs
that read the bank's red flags (`flag_pairs`: `--flags`, off by default);
whole questions (a stable hash of their id) are held out for validation.
Writes the int8 ONNX model, the data manifest (files, hashes, counts, settings) and the validation
figures to --out.
Mohler's data has no licence: it is never read here (it only chooses thresholds, see calibrate_judge).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from collections import Counter
from functools import cache
from pathlib import Path

import torch
from tokenizers import Tokenizer

from interviewer.bank.loader import all_questions, load_banks
from interviewer.bank.models import Question
from interviewer.judge.labels import LABELS
from interviewer.judge.train.bank_pairs import RepeatedCalls, bank_pairs
from interviewer.judge.train.clause_pairs import clause_pairs
from interviewer.judge.train.export import export_int8
from interviewer.judge.train.flag_pairs import FOLDER as FLAGS
from interviewer.judge.train.flag_pairs import flag_pairs, point_contradiction_pairs
from interviewer.judge.train.loop import TrainConfig, predict, train
from interviewer.judge.train.network import from_pretrained
from interviewer.judge.train.options import arguments
from interviewer.judge.train.pairs import Pair, asag_pairs, file_sha256, held_out
from interviewer.judge.train.reference_pairs import reference_alteration_pairs
from interviewer.judge.train.salad_pairs import FOLDER as SALAD
from interviewer.judge.train.salad_pairs import salad_pairs
from interviewer.judge.train.swap_pairs import FOLDER as SWAPS
from interviewer.judge.train.swap_pairs import swap_pairs
from interviewer.judge.train.vague_pairs import FOLDER as VAGUE
from interviewer.judge.train.vague_pairs import vague_pairs
from interviewer.judge.train.written_pairs import FOLDER as WRITTEN
from interviewer.judge.train.written_pairs import written_pairs
from interviewer.judge.train.wrong_way_pairs import FOLDER as WRONG_WAYS
from interviewer.judge.train.wrong_way_pairs import wrong_way_pairs
from interviewer.store.minilm import packaged_model_dir
from interviewer.store.minilm_onnx import OnnxMiniLMEmbedder

ASAG_FILES = ("scientsbank_train.jsonl", "beetle_train.jsonl", "saf_train.jsonl")


@cache
def _bank_embedder() -> RepeatedCalls:
    """One MiniLM for the process, its calls remembered: each seed draws its pairs from the same calls."""
    return RepeatedCalls(OnnxMiniLMEmbedder())


def _pairs(args: argparse.Namespace) -> tuple[list[Pair], list[dict[str, object]]]:
    pairs, files = [], []
    for name in ASAG_FILES:
        path = (args.data / name) if args.data else None
        if path is not None and path.is_file():
            found = asag_pairs(path, args.unseen_answers, LABELS.index(args.semeval_contradictory))
            pairs += found
            entry = {"file": name, "sha256": file_sha256(path), "pairs": len(found)}
            relabelled = args.semeval_contradictory != "contradicted" and not name.startswith("saf")
            files.append(entry | ({"contradictory": args.semeval_contradictory} if relabelled else {}))
    if args.reference_alterations:
        altered = reference_alteration_pairs(pairs)
        files.append({"file": "reference answers altered (generated)", "pairs": len(altered)})
        pairs += altered
    questions = all_questions(load_banks(args.knowledge))
    embedder = _bank_embedder()
    generated = bank_pairs(questions, embedder, args.seed, args.whole_sentences)
    source = "knowledge/ (generated" + (", reference answers in whole sentences)" if args.whole_sentences else ")")
    files.append({"file": source, "questions": len(questions), "pairs": len(generated)})
    nearest = embedder if args.nearest_others else None
    written = written_pairs(questions, args.written, args.seed, nearest) if args.written else []
    if written:
        entry = {"file": f"written hard cases ({args.written.name}/)", "sha256": _folder_sha256(args.written)}
        files.append(entry | {"pairs": len(written)})
    for wanted, make, folder, what in (
        (args.vague, vague_pairs, VAGUE, "vague texts"),
        (args.swaps, swap_pairs, SWAPS, "swapped facts"),
        (args.wrong_ways, wrong_way_pairs, WRONG_WAYS, "wrong ways"),
        (args.salad, salad_pairs, SALAD, "word salad and name-drops"),
    ):
        if wanted:
            found = make(questions, folder, args.written or WRITTEN, args.seed)
            files.append(
                {"file": f"written {what} ({folder.name}/)", "sha256": _folder_sha256(folder), "pairs": len(found)}
            )
            written += found
    if args.clause_joins:
        joined = clause_pairs(questions, args.written or WRITTEN, args.seed)
        files.append({"file": "written texts joined into one sentence (generated)", "pairs": len(joined)})
        written += joined
    flags = _flag_pairs(args.flags, questions, args.seed)
    if flags:
        from_files = args.flags in ("written", "points")
        entry = {"file": f"red-flag pairs, {args.flags} (" + ("written_flags/)" if from_files else "generated)")}
        entry |= {"sha256": _folder_sha256(FLAGS)} if from_files else {}
        files.append(entry | {"pairs": len(flags)})
    return pairs + generated + written + flags, files


def _flag_pairs(kind: str, questions: list[Question], seed: int) -> list[Pair]:
    """The red-flag pairs `--flags` asks for (`flag_pairs`)."""
    if kind == "points":
        return point_contradiction_pairs(questions, FLAGS, seed)
    return [] if kind == "none" else flag_pairs(questions, FLAGS if kind == "written" else None, seed)


def _folder_sha256(folder: Path) -> str:
    """One hash over the written files' names and contents, in name order."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _report(probabilities: torch.Tensor, pairs: list[Pair]) -> dict[str, float]:
    predicted = probabilities.argmax(-1).tolist()
    by_source: dict[str, list[bool]] = {}
    for pair, guess in zip(pairs, predicted, strict=True):
        by_source.setdefault(pair.source, []).append(pair.label == guess)
    figures = {source: round(sum(hits) / len(hits), 3) for source, hits in sorted(by_source.items())}
    figures["all"] = round(sum(p.label == g for p, g in zip(pairs, predicted, strict=True)) / max(len(pairs), 1), 3)
    return figures


def main() -> None:
    args = arguments(description=__doc__)
    torch.set_num_threads(args.threads)
    pairs, files = _pairs(args)
    fit = [p for p in pairs if not held_out(p.group, args.holdout)]
    check = [p for p in pairs if held_out(p.group, args.holdout)]
    if args.limit:
        fit, check = random.Random(args.seed).sample(fit, min(args.limit, len(fit))), check[: args.limit // 4]
    print(f"{len(fit)} training pairs, {len(check)} held-out pairs; labels {Counter(LABELS[p.label] for p in fit)}")
    folder = packaged_model_dir()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config["num_hidden_layers"] = args.layers or config["num_hidden_layers"]
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    settings = TrainConfig(
        epochs=args.epochs,
        seed=args.seed,
        device=args.device,
        train_embeddings=args.train_embeddings,
        credit_loss=args.credit_loss,
        label_smoothing=args.label_smoothing,
        freeze_layers=args.freeze_layers,
    )
    tokenizer.enable_truncation(max_length=settings.max_length)
    model = from_pretrained(folder, args.seed, config)
    started = time.perf_counter()
    train(model, tokenizer, fit, settings)
    minutes = (time.perf_counter() - started) / 60
    validation = _report(predict(model, tokenizer, check), check) if check else {}
    print(f"trained in {minutes:.1f} min; held-out accuracy {validation}")
    args.out.mkdir(parents=True, exist_ok=True)
    digest = export_int8(model, config, args.out / "judge.onnx", args.fp32)
    manifest = {
        "sha256": digest,
        "data": files,
        "holdout_share": args.holdout,
        "unseen_answers_share": args.unseen_answers,
        "train_pairs": len(fit),
        "heldout_pairs": len(check),
        "settings": vars(settings),
        "encoder_layers": config["num_hidden_layers"],
        "torch": torch.__version__,
        "train_minutes": round(minutes, 1),
        "heldout_accuracy": validation,
    }
    (args.out / "judge-manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out / 'judge.onnx'} sha256 {digest}")


if __name__ == "__main__":
    main()
