"""The trained judge: loading (sha256-checked), probabilities, the pure verdict rule, the language
screen, whole-answer grading, and training end to end on a tiny subset (the `train` extra)."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import multiprocessing
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnx
import pytest

from interviewer.bank.models import Question
from interviewer.errors import GradingError
from interviewer.evals.asag_rubrics import read_rubrics
from interviewer.grading.calibration import Thresholds
from interviewer.grading.claim_reading import answer_passages
from interviewer.grading.evidence_spans import EvidenceSpans
from interviewer.grading.grader import Grader
from interviewer.grading.languages import foreign_language
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.readings import Reading
from interviewer.grading.reference_credit import Combiner
from interviewer.grading.reference_decision import decide
from interviewer.grading.rubric_decision import hybrid_decide
from interviewer.grading.shared_evidence import check_shared_evidence, judged_credit
from interviewer.grading.similarity import Prior
from interviewer.grading.target import target_from_question, target_from_reference
from interviewer.grading.types import GradeStatus, PointJudgment, Verdict
from interviewer.judge.model import CARD, FOLDER, REFERENCE_CARD, Judge, JudgeCard, shipped_reference_judge
from interviewer.judge.train.bank_pairs import RepeatedCalls, bank_pairs
from interviewer.store.embeddings import Embedder, Vectors

REPO = Path(__file__).resolve().parents[1]
HAS_TORCH = importlib.util.find_spec("torch") is not None


def reading(*rows: tuple[float, float, float, float]) -> Reading:
    return Reading(tuple(f"span {i}" for i in range(len(rows))), np.array(rows, dtype=np.float32), np.zeros(len(rows)))


JUDGE_ONLY = Combiner((0.0, 0.0, 0.0, 4.0), -2.0)  # at token recall 1: credit = sigmoid(4 x expected credit - 2)
REFERENCE = Thresholds(met=0.75, partial=0.3, contradicted=0.6)


@pytest.mark.parametrize(
    ("rows", "verdict", "evidence"),
    [
        ([(0.9, 0.05, 0.05, 0.0)], Verdict.MET, "span 0"),
        ([(0.1, 0.1, 0.8, 0.0), (0.2, 0.3, 0.5, 0.0)], Verdict.PARTIAL, "span 1"),
        ([(0.05, 0.05, 0.1, 0.8)], Verdict.CONTRADICTED, "span 0"),
        ([(0.05, 0.05, 0.85, 0.05)], Verdict.MISSED, None),
        ([(0.9, 0.0, 0.1, 0.0), (0.0, 0.0, 0.1, 0.9)], Verdict.MET, "span 0"),  # stated, then contradicted
    ],
)
def test_the_reference_verdict_follows_the_judges_probabilities(rows, verdict, evidence) -> None:  # type: ignore[no-untyped-def]
    decision = decide(reading(*rows), "a claim", (0.0, 1.0), JUDGE_ONLY, REFERENCE)
    assert (decision.verdict, decision.evidence) == (verdict, evidence)


@pytest.mark.parametrize(("coverage", "verdict"), [(1.0, Verdict.MET), (0.5, Verdict.PARTIAL), (0.0, Verdict.MISSED)])
def test_the_reference_verdict_weighs_the_answers_coverage_of_the_points_words(coverage, verdict) -> None:  # type: ignore[no-untyped-def]
    coverage_only = Combiner((0.0, 4.0, 0.0, 0.0), -2.0)
    decision = decide(reading((0.3, 0.2, 0.5, 0.0)), "a claim", (coverage, 0.0), coverage_only, REFERENCE)
    assert decision.verdict is verdict


@pytest.mark.parametrize(("recall", "verdict"), [(1.0, Verdict.MET), (0.5, Verdict.PARTIAL), (0.0, Verdict.MISSED)])
def test_the_reference_verdict_weighs_the_points_token_recall(recall, verdict) -> None:  # type: ignore[no-untyped-def]
    recall_only = Combiner((0.0, 0.0, 4.0, 0.0), -2.0)
    decision = decide(reading((0.3, 0.2, 0.5, 0.0)), "a claim", (0.0, recall), recall_only, REFERENCE)
    assert decision.verdict is verdict
    assert "token recall" in decision.why


SPANS = EvidenceSpans(
    ("similar span", "other span"), np.zeros((2, 4), dtype=np.float32), (), ("similar span", "other span")
)
BANK = Thresholds(met=0.75, partial=0.25, contradicted=0.85, judge_floor=0.1, judge_partial=0.5)


@pytest.mark.parametrize(
    ("prior", "rows", "verdict", "evidence"),
    [
        (Verdict.MET, [(0.6, 0.2, 0.2, 0.0)], Verdict.MET, "similar span"),  # the judge confirms
        (Verdict.MET, [(0.02, 0.02, 0.9, 0.06)], Verdict.MISSED, None),  # similar words, no support
        (Verdict.MET, [(0.1, 0.2, 0.7, 0.0)], Verdict.PARTIAL, "similar span"),  # only partly supported
        (Verdict.MET, [(0.0, 0.05, 0.05, 0.9)], Verdict.CONTRADICTED, "span 0"),  # a negation
        (Verdict.MISSED, [(0.9, 0.05, 0.05, 0.0)], Verdict.MET, "span 0"),  # a paraphrase the prior missed
        (Verdict.MISSED, [(0.1, 0.2, 0.7, 0.0)], Verdict.MISSED, None),
        (Verdict.MISSED, [(0.3, 0.2, 0.5, 0.0)], Verdict.MISSED, None),  # a middle reading alone earns nothing
        (Verdict.MISSED, [(0.5, 0.2, 0.3, 0.0)], Verdict.PARTIAL, "span 0"),  # the judge alone, more than half
    ],
)
def test_the_judge_confirms_vetoes_or_overrules_the_similarity_prior(prior, rows, verdict, evidence) -> None:  # type: ignore[no-untyped-def]
    read = reading(*rows)
    related = Reading(read.texts, read.probabilities, np.full(len(rows), 0.5))  # spans on the point's subject
    decision = hybrid_decide(Prior(prior, 0, 1.0), SPANS, related, BANK)
    assert (decision.verdict, decision.evidence) == (verdict, evidence)


def test_a_pairs_probabilities_do_not_depend_on_the_pairs_judged_with_it() -> None:
    """The int8 model scales its activations per run: run in a batch, a pair read differently with
    other (longer, padded) pairs beside it, so a grade depended on the rest of the answer and the cache."""
    judge = Judge()
    pair = ("int8 halves memory traffic compared with fp16.", "With int8 the weights take half the bytes.")
    others = [
        ("Canary rollouts send a small share of traffic to the new model first.", "We ship to everyone at once."),
        ("ZeRO stage 3 shards parameters, gradients and optimizer states.", " ".join(["ZeRO shards state"] * 30)),
        ("Checkpoint often on spot instances.", "Spot instances can be reclaimed with two minutes' notice."),
    ]
    alone = judge.uncached([pair])[0]
    beside = judge.uncached([*others, pair])[-1]
    assert np.array_equal(alone, beside)


def test_the_shipped_judge_gives_probabilities_per_pair() -> None:
    judge = Judge()
    pairs = [
        ("int8 halves memory traffic compared with fp16.", "With int8 the weights take half the bytes of fp16."),
        ("int8 halves memory traffic compared with fp16.", "My favourite colour is blue."),
    ]
    first, again = judge.probabilities(pairs), judge.probabilities(list(reversed(pairs)))[::-1]
    assert first.shape == (2, 4)
    np.testing.assert_allclose(first.sum(axis=1), 1.0, rtol=1e-5)
    assert np.array_equal(first, again)  # order and batching do not change a pair's probabilities
    assert first[0, 0] > first[1, 0]  # the paraphrase supports the claim more than the unrelated text
    assert judge.version == f"judge-{JudgeCard.read().sha256[:12]}"


def test_drafted_points_are_read_by_the_reference_judge(embedder: Embedder) -> None:
    engine = OfflineEngine(embedder)
    bank, reference = JudgeCard.read(), JudgeCard.read(REFERENCE_CARD)
    assert bank.sha256 != reference.sha256
    assert engine.version.startswith(f"judge-{bank.sha256[:12]}+judge-{reference.sha256[:12]}:{embedder.name}:cuts-")
    target = target_from_reference("Why cache keys and values?", "Caching keys and values avoids recomputing them.")
    answer = "Keeping the keys and values of earlier tokens means they are not computed again for every new token."
    Grader(engine, embedder).grade(target, answer)
    pair = (target.points[0].claim, answer)
    assert pair in shipped_reference_judge()._cache and pair not in engine.cross_encoder._cache


@pytest.mark.parametrize("card_path", [CARD, REFERENCE_CARD], ids=["bank judge", "reference judge"])
def test_a_corrupt_judge_file_is_refused(tmp_path: Path, card_path: Path) -> None:
    card = JudgeCard.read(card_path)
    shutil.copy(FOLDER / card.model_file, tmp_path / card.model_file)
    with (tmp_path / card.model_file).open("r+b") as handle:
        handle.seek(1000)
        handle.write(b"\x00\x01\x02")
    with pytest.raises(GradingError, match="sha256 mismatch"):
        Judge(card, tmp_path)


def test_the_product_never_imports_torch() -> None:
    code = (
        "import sys; import interviewer.grading.offline, interviewer.judge, interviewer.cli.main; "
        "from interviewer.judge import shipped_judge; shipped_judge().probabilities([('a claim', 'an answer')]); "
        "assert 'torch' not in sys.modules, 'torch imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "fp16 ist fast verlustfrei, während int8 eine Kalibrierung braucht und bei Ausreißern Genauigkeit verliert.",
            "German",
        ),
        ("Le fp16 est presque sans perte, mais le int8 demande une calibration et perd de la précision.", "French"),
        ("Для инференса fp16 почти без потерь, а int8 требует калибровки.", "Cyrillic script"),
        ("fp16 is near lossless, while int8 needs calibration and can lose accuracy on outliers.", None),
        # accented words are read whole ("precisión", not "precisi" and "n"), and Romance languages' words pooled
        (
            "La elección entre fp16 e int8 es un compromiso entre riesgo de precisión y memoria en el servidor.",
            "Spanish",
        ),
        (
            "Non discuterei di training contro inferenza in astratto: sono elenchi di interventi con costi diversi.",
            "Italian",
        ),
        (
            "Eu não trataria isso como lançar ou bloquear; o objetivo é reduzir o risco da data de lançamento.",
            "Portuguese",
        ),
        # English words that are another language's function words too ("do", "no", "o") name no language
        ("anything you can do iterativly you can do recursively", None),
        ("No, because Mariella's solution had more water.", None),
        ("worst case its = O(n) time best case its = O(n^2) time", None),
    ],
)
def test_languages_the_offline_grader_cannot_read_are_named(text: str, language: str | None) -> None:
    assert foreign_language(text) == language


def test_an_answer_in_german_is_unscored_not_zero(embedder: Embedder, bank_questions: dict[str, Question]) -> None:
    answer = (
        "fp16 ist meist fast verlustfrei, weil die Mantisse reicht; int8 bildet jeden Tensor auf 256 Stufen ab "
        "und verliert bei Ausreißern Genauigkeit. Auf GPUs mit Tensor Cores ist fp16 die einfache Wahl, auf CPUs "
        "mit VNNI gewinnt int8. Ich würde beide gegen das fp32-Modell auf dem echten Datensatz vergleichen."
    )
    grade = Grader(OfflineEngine(embedder), embedder).grade(
        target_from_question(bank_questions["fp16-vs-int8-inference"]), answer
    )
    assert grade.status is GradeStatus.UNSCORED
    assert "German" in grade.reason and grade.score is None


def test_a_good_paragraph_after_a_long_ramble_is_still_graded(
    embedder: Embedder, bank_questions: dict[str, Question]
) -> None:
    ramble = " ".join(
        f"On day {i} of my internship I had coffee with the team and we chatted about hiking." for i in range(150)
    )
    good = (
        "On hardware: fp16 is the natural fit on NVIDIA GPUs with Tensor Cores, since it is a drop-in cast, "
        "while int8 wins on CPUs with VNNI or AMX, on phone NPUs and on edge accelerators built for 8-bit math."
    )
    grade = Grader(OfflineEngine(embedder), embedder).grade(
        target_from_question(bank_questions["fp16-vs-int8-inference"]), f"{ramble}\n\n{good}"
    )
    assert len(ramble.split()) > 1500
    assert grade.verdicts()["hardware-fit"] in (Verdict.MET, Verdict.PARTIAL)
    assert not any("cut" in note for note in grade.notes)


@pytest.mark.slow
@pytest.mark.skipif(not HAS_TORCH, reason="requires the train extra (torch): pip install -e '.[train]'")
def test_training_on_a_tiny_subset_writes_a_loadable_judge(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "interviewer.judge.train",
        "--out",
        str(tmp_path),
        "--limit",
        "48",
        "--epochs",
        "1",
        "--fp32",
        str(tmp_path / "judge-fp32.onnx"),
        "--flags",
        "written",
        "--vague",
        "--swaps",
        "--salad",
    ]
    subprocess.run(command, check=True, cwd=REPO, timeout=900)
    manifest = json.loads((tmp_path / "judge-manifest.json").read_text(encoding="utf-8"))
    sources = {entry["file"]: entry for entry in manifest["data"]}
    assert manifest["train_pairs"] == 48 and sources["knowledge/ (generated)"]["questions"] >= 60
    assert sources["written hard cases (written/)"]["pairs"] > 0
    assert sources["red-flag pairs, written (written_flags/)"]["pairs"] > 0
    assert sources["written vague texts (written_vague/)"]["pairs"] > 0
    assert sources["written swapped facts (written_swaps/)"]["pairs"] > 0
    assert sources["written word salad and name-drops (written_salad/)"]["pairs"] > 0
    shipped = JudgeCard.read(CARD)
    card = JudgeCard(
        "judge.onnx",
        manifest["sha256"],
        shipped.max_length,
        shipped.thresholds,
        shipped.thresholds,
        shipped.reference_combiner,
    )
    probabilities = Judge(card, tmp_path).probabilities([("fp16 is near-lossless.", "fp16 keeps accuracy.")])
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    fp32 = onnx.load(str(tmp_path / "judge-fp32.onnx"))  # kept on request, to measure what int8 costs
    assert "MatMulInteger" not in {n.op_type for n in fp32.graph.node}
    assert (tmp_path / "judge-fp32.onnx").stat().st_size > 3 * (tmp_path / "judge.onnx").stat().st_size


@pytest.mark.skipif(not HAS_TORCH, reason="requires the train extra (torch): pip install -e '.[train]'")
@pytest.mark.parametrize("layers", [6, 2])  # 2: a smaller judge (`train --layers 2`) keeps MiniLM's first layers
def test_the_exported_graph_computes_what_the_trained_network_computes(layers: int) -> None:
    import onnxruntime as ort
    import torch
    from tokenizers import Tokenizer

    from interviewer.judge.graph import judge_graph
    from interviewer.judge.train.export import numpy_weights
    from interviewer.judge.train.loop import tensors
    from interviewer.judge.train.network import from_pretrained
    from interviewer.store.minilm import packaged_model_dir

    folder = packaged_model_dir()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8")) | {"num_hidden_layers": layers}
    model = from_pretrained(folder, seed=3, config=config).eval()
    assert len(model.layers) == layers
    weights = numpy_weights(model)
    session = ort.InferenceSession(judge_graph(weights, layers, 12, 1e-12).SerializeToString())
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    ids, types, mask = tensors(tokenizer.encode_batch([("fp16 is lossless", "int8 needs calibration"), ("a", "b c d")]))
    with torch.no_grad():
        expected = model(ids, types, mask).numpy()
    bias = ((1 - mask.numpy().astype(np.float32)) * -1e9)[:, None, None, :].astype(np.float32)
    feeds = {"input_ids": ids.numpy(), "token_type_ids": types.numpy(), "bias": bias}
    (got,) = session.run(None, feeds | {"position_ids": np.arange(ids.shape[1])[None, :]})
    np.testing.assert_allclose(got, expected, atol=1e-4)


@pytest.mark.skipif(not HAS_TORCH, reason="requires the train extra (torch): pip install -e '.[train]'")
@pytest.mark.parametrize("train_embeddings", [False, True])
def test_the_word_embeddings_move_only_when_asked_to(train_embeddings: bool) -> None:
    from tokenizers import Tokenizer

    from interviewer.judge.train.loop import TrainConfig, train
    from interviewer.judge.train.network import from_pretrained
    from interviewer.judge.train.pairs import Pair
    from interviewer.store.minilm import packaged_model_dir

    folder = packaged_model_dir()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8")) | {"num_hidden_layers": 1}
    model = from_pretrained(folder, seed=3, config=config)
    before = model.words.weight.detach().clone()
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    texts = [("fp16 is near-lossless.", "fp16 keeps accuracy.", 0), ("a", "b", 2), ("int8 is lossy.", "no.", 3)] * 2
    pairs = [Pair(point, answer, label, "test", "q") for point, answer, label in texts]
    train(model, tokenizer, pairs, TrainConfig(batch_size=2, train_embeddings=train_embeddings, log_every=1))
    moved = not bool((model.words.weight.detach() == before).all())
    assert moved is train_embeddings


@pytest.mark.skipif(not HAS_TORCH, reason="requires the train extra (torch): pip install -e '.[train]'")
def test_frozen_layers_stay_as_pre_trained_and_the_rest_move() -> None:
    from tokenizers import Tokenizer

    from interviewer.judge.train.loop import TrainConfig, train
    from interviewer.judge.train.network import from_pretrained
    from interviewer.judge.train.pairs import Pair
    from interviewer.store.minilm import packaged_model_dir

    folder = packaged_model_dir()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8")) | {"num_hidden_layers": 2}
    model = from_pretrained(folder, seed=3, config=config)
    before = [[p.detach().clone() for p in layer.parameters()] for layer in model.layers]
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    texts = [("fp16 is near-lossless.", "fp16 keeps accuracy.", 0), ("a", "b", 2), ("int8 is lossy.", "no.", 3)] * 2
    pairs = [Pair(point, answer, label, "test", "q") for point, answer, label in texts]
    train(model, tokenizer, pairs, TrainConfig(batch_size=2, freeze_layers=1, log_every=1))
    moved = [
        any(not bool((p.detach() == old).all()) for p, old in zip(layer.parameters(), kept, strict=True))
        for layer, kept in zip(model.layers, before, strict=True)
    ]
    assert moved == [False, True]


def test_one_sentence_counts_for_several_points_only_where_the_judge_finds_each_stated() -> None:
    listed = "Quantization, outliers, calibration and kernels all matter."
    judgments = [
        PointJudgment(point_id="a", verdict=Verdict.MET, evidence=listed),
        PointJudgment(point_id="b", verdict=Verdict.PARTIAL, evidence=listed),
        PointJudgment(point_id="c", verdict=Verdict.MET, evidence="Int8 needs calibration data."),
    ]
    checked = check_shared_evidence(judgments, [0.6, 0.1, 0.05], floor=0.25)
    assert [j.verdict for j in checked] == [Verdict.MET, Verdict.MISSED, Verdict.MET]
    assert checked[1].evidence is None and "offered for 2 points" in checked[1].rationale
    assert judged_credit(("x", listed), [0.9, 0.3], listed) == 0.3
    assert judged_credit(("x",), [0.9], listed) == 0.0  # a span the judge did not read earns nothing


def test_a_sentence_stating_two_points_is_read_for_each_and_credits_both(embedder: Embedder) -> None:
    """The similarity prior offers the first sentence for both the phases and slow start; slow start's
    top-k by cosine leaves it out, so until the judge read the prior's evidence for every point, slow
    start lost it as "not stated" (0.00) and the answer scored 71.4."""
    rubrics = read_rubrics(REPO / "benchmarks" / "own_rubrics" / "saf_train.yaml")
    target = rubrics["10.2_TC"].target("10.2_TC", "Name the 2 phases of TCP congestion control and how cwnd changes.")
    answer = (
        'In the first phase, "Slow Start", the transfer begins with cwnd = 1 and increases exponentially. If it '
        'reaches ss_thresh, the second phase "Congestion Avoidance" starts. Now the cwnd increases linearly. \n'
        "If a timeout occurs in either phase, cwnd is reset to 1 and ss_thresh is set to 50% of the cwnd at the "
        "timeout and the first phase begins again."
    )
    grade = Grader(OfflineEngine(embedder), embedder).grade(target, answer)
    verdicts = grade.verdicts()
    assert verdicts["name-phases"] is verdicts["slow-start-exponential"] is Verdict.MET
    evidence = {j.point_id: j.evidence for j in grade.judgments}
    assert evidence["name-phases"] == evidence["slow-start-exponential"] and "exponentially" in str(
        evidence["name-phases"]
    )


def test_a_judge_still_judges_in_a_process_forked_after_it_ran() -> None:
    judge = Judge()
    pair = ("Checkpoint often on spot instances.", "Spot instances can be reclaimed at short notice.")
    before = judge.uncached([pair])
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=lambda: results.put(judge.uncached([pair, pair]).tolist()))
    child.start()
    in_child = np.array(results.get(timeout=60), dtype=np.float32)
    child.join(timeout=60)
    assert np.array_equal(in_child, np.vstack([before, before]))


def test_the_engine_version_changes_with_any_cut_off(embedder: Embedder) -> None:
    """A cut-off changes grades, so it changes the version (and with it the batch resume key)."""
    engine = OfflineEngine(embedder)
    retuned = OfflineEngine(embedder, thresholds=engine.thresholds.updated({"top_k": engine.thresholds.top_k + 1}))
    assert OfflineEngine(embedder).version == engine.version != retuned.version


def test_passages_are_the_answers_paragraphs_and_an_answer_in_one_block_has_none() -> None:
    one_block = "Stage 1 shards optimizer states. Stage 2 adds gradients. Stage 3 adds parameters. Pick by memory."
    assert answer_passages(one_block) == []
    answer = "Stage 1 shards optimizer states. Stage 2 adds gradients.\n\nPick by memory.\n\nStage 3 adds parameters. It costs 1.5x."
    assert answer_passages(answer) == [
        "Stage 1 shards optimizer states. Stage 2 adds gradients.",
        "Stage 3 adds parameters. It costs 1.5x.",
    ]


@pytest.mark.slow
@pytest.mark.skipif(not HAS_TORCH, reason="requires the train extra (torch): pip install -e '.[train]'")
def test_seed_spread_writes_each_run_and_a_soup_that_loads(tmp_path: Path) -> None:
    """benchmarks/seed_spread.py on a tiny subset: one judge per seed, from one initialisation, and the
    soup of their averaged weights, each a judge the product can load (trained with `--credit-loss` and
    `--swaps`, so that those options run end to end; the tiny training test trains the shipped recipe)."""
    command = [sys.executable, "benchmarks/seed_spread.py", "--data", str(tmp_path / "no-asag")]
    command += ["--out", str(tmp_path), "--seeds", "13,14", "--limit", "48", "--credit-loss", "2", "--swaps"]
    done = subprocess.run(command, cwd=REPO, timeout=900, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = done.stdout
    assert "seed 14: held-out" in printed and "soup of 2: held-out" in printed
    files = sorted(path.name for path in tmp_path.glob("*.onnx"))
    assert files == ["judge-seed13.onnx", "judge-seed14.onnx", "soup2.onnx"]
    shipped = JudgeCard.read(CARD)
    readings = []
    for name in files:
        digest = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        card = dataclasses.replace(shipped, model_file=name, sha256=digest)
        readings.append(Judge(card, tmp_path).probabilities([("fp16 is near-lossless.", "fp16 keeps accuracy.")]))
    np.testing.assert_allclose(np.concatenate(readings).sum(axis=1), 1.0, rtol=1e-5)
    assert not np.array_equal(readings[0], readings[2])  # the soup is not a copy of a run


def test_the_banks_pairs_drawn_again_for_another_seed_embed_nothing_again(
    embedder: Embedder, bank_questions: dict[str, Question]
) -> None:
    inner = getattr(embedder, "inner", embedder)
    calls: list[int] = []

    class Counting:
        name, dimension = inner.name, inner.dimension

        def embed(self, texts: Sequence[str]) -> Vectors:
            calls.append(len(texts))
            return inner.embed(texts)

    questions = [bank_questions["fp16-vs-int8-inference"], bank_questions["zero-sharding-stages"]]
    remembered = RepeatedCalls(Counting())
    first = bank_pairs(questions, remembered, 13)
    made = len(calls)
    assert bank_pairs(questions, remembered, 14) and len(calls) == made  # another seed, the same calls
    assert first == bank_pairs(questions, inner, 13)  # bit for bit what the embedder itself gives


@pytest.mark.skipif(not HAS_TORCH, reason="requires the train extra (torch): pip install -e '.[train]'")
def test_the_credit_error_measures_how_far_the_expected_credit_is_from_the_labels_credit() -> None:
    import torch

    from interviewer.judge.train.loop import credit_error

    sure = 30.0 * torch.eye(4)  # each row reads one label with certainty, in LABELS order
    assert float(credit_error(sure, torch.arange(4))) == pytest.approx(0.0, abs=1e-6)
    read_as_met = sure[:1]
    assert float(credit_error(read_as_met, torch.tensor([1]))) == pytest.approx(0.25, abs=1e-5)  # partial: 1 - 0.5
    assert float(credit_error(read_as_met, torch.tensor([2]))) == pytest.approx(1.0, abs=1e-5)  # missed
    assert float(credit_error(sure[2:], torch.tensor([3, 2]))) == pytest.approx(0.0, abs=1e-6)  # both credit 0


def test_unseen_answers_leave_training_by_answer_only_from_trained_questions(tmp_path: Path) -> None:
    from interviewer.judge.train.pairs import asag_pairs, held_out, unseen_answer

    path = tmp_path / "beetle_train.jsonl"
    rows = [
        {"id": f"q{q}.a{a}", "question_id": f"Q{q}", "question": "Why?", "reference_answer": "Because.",
         "answer": f"answer {a}", "label_3way": "correct"}
        for q in range(12) for a in range(25)
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    left = [r for r in rows if unseen_answer(r, f"beetle_train:{r['question_id']}", 0.15)]
    assert left and all(not held_out(f"beetle_train:{r['question_id']}") for r in left)
    trained_questions = {r["question_id"] for r in rows if not held_out(f"beetle_train:{r['question_id']}")}
    assert {r["question_id"] for r in left} <= trained_questions
    assert 0.05 < len(left) / (25 * len(trained_questions)) < 0.3
    kept = asag_pairs(path, 0.15)
    assert len(kept) == len(rows) - len(left)
    assert not {r["answer"] + r["question_id"] for r in left} & {p.answer + p.group.split(":")[1] for p in kept}
    assert len(asag_pairs(path)) == len(rows)  # no share: every answer trains


def test_semeval_contradictory_answers_can_train_as_missed(tmp_path: Path) -> None:
    from interviewer.judge.labels import CONTRADICTED, MET, MISSED
    from interviewer.judge.train.pairs import asag_pairs

    path = tmp_path / "scientsbank_train.jsonl"
    labels = ("correct", "contradictory", "incorrect")
    rows = [
        {"id": f"a{n}", "question_id": "Q1", "question": "Why?", "reference_answer": "Because.",
         "answer": f"answer {n}", "label_3way": label}
        for n, label in enumerate(labels)
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert [p.label for p in asag_pairs(path)] == [MET, CONTRADICTED, MISSED]
    assert [p.label for p in asag_pairs(path, contradictory=MISSED)] == [MET, MISSED, MISSED]


@pytest.mark.skipif(not HAS_TORCH, reason="requires the train extra (torch): pip install -e '.[train]'")
def test_label_smoothing_leaves_a_loss_on_a_sure_right_reading() -> None:
    import torch

    from interviewer.judge.train.loop import TrainConfig, label_loss
    from interviewer.judge.train.pairs import Pair

    pairs = [Pair("p", "a", label, "test", "q") for label in (0, 1, 2, 3)]
    sure = torch.tensor([[30.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 30.0]])
    right = torch.tensor([0, 3])
    assert float(label_loss(pairs, TrainConfig())(sure, right)) == pytest.approx(0.0, abs=1e-6)
    smoothed = float(label_loss(pairs, TrainConfig(label_smoothing=0.1))(sure, right))
    assert smoothed > 1.0  # 0.025 of the target on each of three labels read at e^-30: about 2.25
