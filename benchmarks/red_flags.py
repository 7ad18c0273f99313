"""Can the judge find red flags (a misconception the answer states)? Read on hand-written texts for the
26 red flags of the 12 bank questions the judge never trained on (`benchmarks/red_flag_texts/`: per flag,
four texts stating the misconception, three rejecting it in its own words, two related and correct).
Each text is read alone, and inside a correct answer to its question (every point's plain paraphrase
from the hand-written hard cases), in one block and in paragraphs of two points; the correct answers
are also read with nothing inserted, where every flag charged is a false one.

For each way of reading a flag (its P(met) on the answer's sentences; on sentences and sentence pairs;
on every text the judge reads, paragraphs and short whole answers included, as the engine did until
2026-12-04; or the point it contradicts judged contradicted on sentences and pairs) and each cut-off,
prints how often a flag is charged. A reading worth shipping charges the stating texts far more often
than the rejecting ones; none does with the shipped judge, so the offline engine charges no red flag
(`OfflineEngine`). A judge trained with `--flags written` does (--judge), yet charges mostly false
flags on the eval's real answers (model card): these texts are necessary, not sufficient. Dev data: the eval cases never choose this. Usage: python benchmarks/red_flags.py
[--judge FILE.onnx]
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from interviewer.bank.loader import all_questions, load_banks
from interviewer.bank.models import Question
from interviewer.grading.evidence_spans import evidence_spans
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.rubric_decision import contradicted_unsupported
from interviewer.grading.sentences import split_spans
from interviewer.judge.labels import MET
from interviewer.judge.model import judge_from_file
from interviewer.judge.train.written_pairs import FOLDER as WRITTEN
from interviewer.store.embeddings import make_embedder

REPO = Path(__file__).resolve().parents[1]
TEXTS = REPO / "benchmarks" / "red_flag_texts"
KINDS = ("states", "rejects", "related")
LAYOUTS = ("alone", "in a correct answer, one block", "in a correct answer, paragraphs")
POLICIES = (
    "sentences",
    "sentences and pairs",
    "every text read (the engine until 2026-12-04)",
    "the point it contradicts is contradicted, on sentences and pairs",
)
CUTS = (0.5, 0.7, 0.9)


@dataclass(frozen=True)
class Probe:
    question: Question
    flag_id: str | None  # None: a correct answer with nothing inserted (every flag is a false hit)
    kind: str
    layout: str
    answer: str


def _correct_sentences(question: Question) -> list[str]:
    written = yaml.safe_load((WRITTEN / f"{question.id}.yaml").read_text(encoding="utf-8"))
    return [written["points"][p.id]["paraphrases"][0] for p in question.rubric]


def _laid_out(texts: list[str], paragraphs: bool) -> str:
    if not paragraphs:
        return " ".join(texts)
    return "\n\n".join(" ".join(texts[i : i + 2]) for i in range(0, len(texts), 2))


def probes(questions: dict[str, Question]) -> Iterator[Probe]:
    for path in sorted(TEXTS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        question = questions[data["question"]]
        correct = _correct_sentences(question)
        middle = len(correct) // 2
        for paragraphs, layout in ((False, LAYOUTS[1]), (True, LAYOUTS[2])):
            yield Probe(question, None, "correct answer", layout, _laid_out(correct, paragraphs))
        for flag_id, kinds in data["flags"].items():
            for kind in KINDS:
                for text in kinds[kind]:
                    yield Probe(question, flag_id, kind, LAYOUTS[0], text)
                    for paragraphs, layout in ((False, LAYOUTS[1]), (True, LAYOUTS[2])):
                        inserted = [*correct[:middle], text, *correct[middle:]]
                        yield Probe(question, flag_id, kind, layout, _laid_out(inserted, paragraphs))


def best_met(engine: OfflineEngine, probe: Probe) -> dict[str, dict[str, float]]:
    """Per red flag of the question: its highest P(met) over each policy's spans, and (the contradiction
    route) 1.0 when the judge finds the point the flag contradicts contradicted and unsupported on the
    answer's sentences and sentence pairs, else 0.0."""
    spans = evidence_spans(probe.answer, probe.question.text, engine.embedder)
    flags = probe.question.red_flags
    points = {p.id: p for p in probe.question.rubric}
    linked = [points[f.contradicts].claim if f.contradicts else f.statement for f in flags]
    readings = engine.read_claims([f.statement for f in flags] + linked, spans, probe.answer)
    sentences = {s.text for s in split_spans(probe.answer)}
    allowed = {POLICIES[0]: sentences, POLICIES[1]: set(spans.texts)}
    result = {}
    for n, (flag, reading) in enumerate(zip(flags, readings[: len(flags)], strict=True)):
        met = reading.probabilities[:, MET]
        per_policy = {
            name: max((float(m) for t, m in zip(reading.texts, met, strict=True) if t in texts), default=0.0)
            for name, texts in allowed.items()
        }
        point_reading = readings[len(flags) + n].only(spans.texts)
        route = bool(flag.contradicts) and contradicted_unsupported(point_reading, engine.thresholds)
        result[flag.id] = per_policy | {POLICIES[2]: float(np.max(met)), POLICIES[3]: float(route)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judge", type=Path, metavar="ONNX", help="another bank judge file")
    args = parser.parse_args()
    embedder = make_embedder("minilm")
    engine = OfflineEngine(embedder, judge_from_file(args.judge) if args.judge else None)
    questions = {q.id: q for q in all_questions(load_banks(REPO / "knowledge"))}
    charged: dict[tuple[str, str, str, float], list[bool]] = {}
    for probe in probes(questions):
        readings = best_met(engine, probe)
        for policy in POLICIES:
            for cut in CUTS:
                if probe.flag_id is None:  # every flag charged on a correct answer is a false hit
                    hits = [readings[f][policy] >= cut for f in readings]
                else:
                    hits = [readings[probe.flag_id][policy] >= cut]
                charged.setdefault((probe.kind, probe.layout, policy, cut), []).extend(hits)
    files = len(list(TEXTS.glob("*.yaml")))
    print(f"red flags charged, {files} held-out questions; engine {engine.version}")
    print("(states: the share charged should be high; rejects, related, correct answer: low)")
    for policy in POLICIES:
        print(f"\n{policy}\n| texts | layout | " + " | ".join(f"P(met) >= {c}" for c in CUTS) + " |")
        print("|---|---|" + "---|" * len(CUTS))
        for kind in (*KINDS, "correct answer"):
            for layout in LAYOUTS:
                rows = [charged.get((kind, layout, policy, cut)) for cut in CUTS]
                if rows[0]:
                    cells = " | ".join(f"{sum(r):d}/{len(r)}" for r in rows if r is not None)
                    print(f"| {kind} | {layout} | {cells} |")


if __name__ == "__main__":
    main()
