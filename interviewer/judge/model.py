"""The trained judge at run time: an int8 ONNX cross-encoder on onnxruntime (no torch), checked by
sha256 at load, giving probabilities over LABELS for (rubric point, answer span) pairs."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from tokenizers import Encoding, Tokenizer

from interviewer.errors import GradingError
from interviewer.grading.reference_credit import Combiner
from interviewer.judge.fast_graph import fast_graph
from interviewer.judge.labels import LABELS
from interviewer.memo import BatchMemo
from interviewer.runners import Runners
from interviewer.store.fused_kernels import UNFUSED
from interviewer.store.minilm import packaged_model_dir

FOLDER = Path(__file__).resolve().parent
CARD = FOLDER / "judge.json"  # bank rubrics
REFERENCE_CARD = FOLDER / "reference-judge.json"  # reference-only grading (drafted points)
Probabilities = npt.NDArray[np.float32]
# how pairs are run: part of the engine version (it changes readings)
JUDGING = "each pair alone, int8, fused GELU and attention, last layer on [CLS], LayerNorm unfused"


@dataclass(frozen=True)
class JudgeCard:
    """judge.json: which file, its hash, how long a pair may be, and its thresholds: for bank rubrics, and
    for reference-only grading (points drafted from a reference answer), where they were fit on dev data."""

    model_file: str
    sha256: str
    max_length: int
    thresholds: dict[str, float]
    reference_thresholds: dict[str, float]
    reference_combiner: Combiner

    @classmethod
    def read(cls, path: Path = CARD) -> JudgeCard:
        data = json.loads(path.read_text(encoding="utf-8"))
        rubric = dict(data["thresholds"])
        reference = rubric | dict(data.get("reference_thresholds", {}))
        combiner = Combiner.from_card(data["reference_combiner"])
        return cls(data["model_file"], data["sha256"], int(data["max_length"]), rubric, reference, combiner)

    @property
    def version(self) -> str:
        return f"judge-{self.sha256[:12]}"


def _verified_bytes(path: Path, sha256: str) -> bytes:
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise GradingError(f"cannot read the judge model {path} ({exc.strerror}): reinstall interviewer") from exc
    if hashlib.sha256(content).hexdigest() != sha256:
        raise GradingError(f"the judge model {path} is corrupt (sha256 mismatch): reinstall interviewer")
    return content


class Judge:
    """Scores (point, span) pairs; thread-safe (onnxruntime sessions may be run from several threads, and
    the memory of judged pairs is locked)."""

    cache_size = 100_000

    def __init__(self, card: JudgeCard | None = None, folder: Path = FOLDER) -> None:
        self.card = card or JudgeCard.read()
        options = ort.SessionOptions()
        options.log_severity_level = 3
        options.intra_op_num_threads = 1  # one pair per core (RUNNERS of them) beats two cores on one pair
        model = _verified_bytes(folder / self.card.model_file, self.card.sha256)
        self._session = ort.InferenceSession(
            fast_graph(model), options, providers=["CPUExecutionProvider"], disabled_optimizers=UNFUSED
        )
        self._tokenizer = Tokenizer.from_file(str(packaged_model_dir() / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=self.card.max_length)
        self._cache: BatchMemo[tuple[str, str], Probabilities] = BatchMemo(self.cache_size)
        self._runners = Runners("judge")

    @property
    def version(self) -> str:
        return self.card.version

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> Probabilities:
        """One row per (point, span) pair: probabilities over LABELS, in the order given. Pairs judged
        before are remembered (a rubric's points meet the same sentences again: repeats, re-grades)."""
        rows = self._cache.get_many(pairs, lambda missing: list(self.uncached(missing)))
        return np.array(rows, dtype=np.float32).reshape(len(pairs), len(LABELS))

    def uncached(self, pairs: list[tuple[str, str]]) -> Probabilities:
        """The forward passes themselves, nothing remembered (benchmarks measure these). Each pair is run
        alone: the int8 model quantises its activations with one scale per run, so a pair run in a batch
        would read differently with other pairs beside it (by up to 0.48 in probability), and padding
        would count too. Alone, a pair's probabilities depend on that pair only; on 2 cores it is also
        faster than batches of 32 (no padding). Pairs run side by side on the cores; a pair reads the same
        whichever core runs it."""
        encodings = self._tokenizer.encode_batch(list(pairs))
        rows = self._runners.map(self._run, encodings)
        return np.array(rows, dtype=np.float32).reshape(len(pairs), len(LABELS))

    def _run(self, encoding: Encoding) -> Probabilities:
        ids = np.array([encoding.ids], dtype=np.int64)
        feeds = {
            "input_ids": ids,
            "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
            "position_ids": np.arange(ids.shape[1], dtype=np.int64)[None, :],
        }
        (logits,) = self._session.run(None, feeds)
        exp = np.exp(logits[0] - logits[0].max())
        result: Probabilities = (exp / exp.sum()).astype(np.float32)
        return result


def card_for_file(path: Path, card: JudgeCard | None = None) -> tuple[JudgeCard, Path]:
    """`card` (the shipped card by default) pointed at another judge file, its sha256 taken as it is, and
    the file's folder: the arguments of a `Judge` that reads that file."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return dataclasses.replace(card or JudgeCard.read(), model_file=path.name, sha256=digest), path.resolve().parent


def judge_from_file(path: Path, card: JudgeCard | None = None) -> Judge:
    """Another judge file (a retrained judge, or a variant of the shipped graph) read with `card`'s
    cut-offs (the shipped card's by default): how benchmarks measure a judge before it replaces the
    shipped one."""
    return Judge(*card_for_file(path, card))


@cache
def shipped_judge() -> Judge:
    """The judge shipped with the package for bank rubrics, loaded once per process."""
    return Judge()


@cache
def shipped_reference_judge() -> Judge:
    """The judge shipped for reference-only grading (points drafted from a reference answer), loaded
    once per process: the one trained with the red-flag texts (`--flags written`) agrees better with
    people there (`benchmarks/calibrate_judge.py`)."""
    return Judge(JudgeCard.read(REFERENCE_CARD))
