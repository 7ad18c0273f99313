"""Gaming answers made from each question's own reference answer (`alterations`) and graded as the
file's answers are: the reference itself (a fair grade: full marks), every sentence negated, an antonym
swapped into every sentence, its content words woven into nonsense (fair: nothing). A check that needs
no labels, printed beside the agreement by `interviewer eval --asag`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from interviewer.evals.alterations import antonym_swapped, every_sentence, negated, words_in_nonsense
from interviewer.grading.grader import Grader
from interviewer.grading.target import GradingTarget


class Reference(Protocol):
    """What a gaming answer is made from: a row's question and reference answer."""

    @property
    def question(self) -> str: ...

    @property
    def reference_answer(self) -> str: ...

    @property
    def question_id(self) -> str | None: ...


Row = TypeVar("Row", bound=Reference)


GAMING_KINDS: dict[str, tuple[Callable[[str], str | None], float]] = {  # kind: (made from the reference, fair)
    "the reference itself": (lambda reference: reference, 100.0),
    "every sentence negated": (every_sentence(negated), 0.0),
    "an antonym swapped into every sentence": (every_sentence(antonym_swapped), 0.0),
    "its content words in nonsense": (words_in_nonsense, 0.0),
}


@dataclass(frozen=True)
class GamingFigure:
    kind: str
    fair: float
    scores: tuple[float, ...]  # one per question the rule applies to (unscored grades left out)

    @property
    def mean(self) -> float:
        return sum(self.scores) / len(self.scores) if self.scores else float("nan")

    @property
    def at_least_half(self) -> int:
        return sum(score >= 50.0 for score in self.scores)

    def text(self) -> str:
        if not self.scores:
            return f"{self.kind} [fair {self.fair:.0f}]: no question it applies to"
        return (
            f"{self.kind} [fair {self.fair:.0f}]: {self.mean:.1f} over {len(self.scores)} questions, "
            f"{self.at_least_half} scored 50 or more"
        )


def gaming_figures(
    grader: Grader, rows: Iterable[Row], target_of: Callable[[Row], GradingTarget]
) -> list[GamingFigure]:
    """Per kind, the scores of the answers made from each question's reference answer (its first row),
    each graded against `target_of(row)`: the reference, or the question's rubric."""
    questions: dict[str, Row] = {}
    for row in rows:
        questions.setdefault(row.question_id or row.question, row)
    figures = []
    for kind, (make, fair) in GAMING_KINDS.items():
        made = [(row, answer) for row in questions.values() if (answer := make(row.reference_answer))]
        graded = [grader.grade(target_of(row), answer).score for row, answer in made]
        figures.append(GamingFigure(kind, fair, tuple(s for s in graded if s is not None)))
    return figures
