"""One claim reversed in an answer that states every other claim, against bank rubrics: for each point of
the bank questions the judge never trained on, the answer is the rubric's claims with that point's claim
negated or with an antonym swapped in (`evals/alterations.py`, the rules the judge's training uses on the
other questions), or stated and then, straight after, negated or antonym-swapped (the answer says both),
or offered beside its negated or antonym-swapped version ("Either ..., or ...; I'm not sure which.").
Fair: that point not credited, the others kept. Prints how the reversed point was graded
and the mean score beside the answer stating every claim. The antonyms the engine's rule knows
(`grading/mirrors.py`) overlap the generator's, so the antonym row flatters it.
Usage: python benchmarks/reversed_claim.py [--all]  (--all: every bank question)
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable

from interviewer.bank.loader import all_questions, load_banks
from interviewer.bank.models import Question
from interviewer.config import load_settings
from interviewer.evals.alterations import antonym_swapped, negated
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import target_from_question
from interviewer.judge.train.pairs import held_out
from interviewer.store.embeddings import make_embedder


def stated_then(alter: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """The claim stated, then straight after it altered: an answer that says both contradicts itself."""

    def both(claim: str) -> str | None:
        altered = alter(claim)
        return None if altered is None else f"{claim} {altered}"

    return both


def hedged(alter: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """The claim offered beside its altered version as alternatives: the answer commits to neither."""

    def either(claim: str) -> str | None:
        altered = alter(claim)
        if altered is None:
            return None
        return f"Either {claim[0].lower()}{claim[1:-1]}, or {altered[0].lower()}{altered[1:-1]}; I'm not sure which."

    return either


ALTERATIONS: dict[str, Callable[[str], str | None]] = {
    "negated": negated,
    "antonym swapped in": antonym_swapped,
    "stated, then negated": stated_then(negated),
    "stated, then antonym swapped in": stated_then(antonym_swapped),
    "either stated or negated": hedged(negated),
    "either stated or antonym swapped in": hedged(antonym_swapped),
}


def _score(grader: Grader, question: Question, text: str) -> tuple[float | None, dict[str, str]]:
    """The score (None: unscored) and each point's verdict."""
    grade = grader.grade(target_from_question(question), text)
    return grade.score, {j.point_id: j.verdict.value for j in grade.judgments or []}


def measure(
    grader: Grader, questions: list[Question], alter: Callable[[str], str | None]
) -> tuple[Counter[str], float, float]:
    """Verdicts of the reversed points (an unscored grade counted as such), the mean score with one claim
    reversed, and with none."""
    verdicts: Counter[str] = Counter()
    reversed_scores, stated_scores = [], []
    for question in questions:
        claims = [p.claim.rstrip(".") + "." for p in question.rubric]
        stated, _ = _score(grader, question, " ".join(claims))
        for i, point in enumerate(question.rubric):
            if (wrong := alter(claims[i])) is None:
                continue
            score, given = _score(grader, question, " ".join([*claims[:i], wrong, *claims[i + 1 :]]))
            if score is None or stated is None:
                verdicts["unscored"] += 1
                continue
            verdicts[given[point.id]] += 1
            reversed_scores.append(score)
            stated_scores.append(stated)
    n = max(len(reversed_scores), 1)
    return verdicts, sum(reversed_scores) / n, sum(stated_scores) / n


def questions_and_grader() -> tuple[list[Question], Grader]:
    """The bank questions the judge never trained on (every one with --all) and the shipped offline
    grader, with the engine's version printed: what the benchmarks on gaming answers grade with."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="every bank question, not only those held out of training")
    args = parser.parse_args()
    questions = [
        q for q in all_questions(load_banks(load_settings().knowledge_dir)) if args.all or held_out(f"bank:{q.id}")
    ]
    embedder = make_embedder("minilm")
    grader = Grader(OfflineEngine(embedder), embedder)
    print(f"engine {grader.engine.version}; {len(questions)} questions")
    return questions, grader


def main() -> None:
    questions, grader = questions_and_grader()
    print("| one claim | points | contradicted | missed | partial | met | unscored | mean score | every claim stated |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, alter in ALTERATIONS.items():
        verdicts, reversed_mean, stated_mean = measure(grader, questions, alter)
        counts = " | ".join(str(verdicts[v]) for v in ("contradicted", "missed", "partial", "met", "unscored"))
        print(f"| {name} | {sum(verdicts.values())} | {counts} | {reversed_mean:.1f} | {stated_mean:.1f} |")


if __name__ == "__main__":
    main()
