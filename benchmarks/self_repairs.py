"""Self-repairs, against bank rubrics: for each point of the bank questions the judge never trained on whose
claim has an antonym to swap in (`evals/alterations.py`), the answer is the rubric's claims with that
claim said with a self-repair: the wrong word, then "no wait," and the right one (fair: credited as the
claim stated), the right word "corrected" to the wrong one (fair: not credited), or the wrong word with a
transcriber's full stop before the repair, restarting from the word before ("... int8 loses. No wait,
int8 wins ...") or not ("... loses. No wait, wins ...": read only where the repair restarts words of the
sentence before, so left to the judge; fair: credited). Prints how the repaired point was graded with
self-repairs read (`grading/self_repair.py`) and without.
Usage: python benchmarks/self_repairs.py [--all]  (--all: every bank question)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from unittest import mock

from reversed_claim import questions_and_grader

from interviewer.bank.models import Question
from interviewer.evals.alterations import antonym_swapped
from interviewer.grading.grader import Grader
from interviewer.grading.self_repair import repaired
from interviewer.grading.target import target_from_question

Repair = Callable[[list[str], int, str], str]  # (the claim's words, the swapped word's index, its antonym)


def corrected(words: list[str], at: int, wrong: str) -> str:
    return " ".join([*words[:at], f"{wrong}, no wait,", *words[at:]])


def miscorrected(words: list[str], at: int, wrong: str) -> str:
    return " ".join([*words[:at], f"{_bare(words[at])}, no wait,", wrong, *words[at + 1 :]])


def restarted_after_a_full_stop(words: list[str], at: int, wrong: str) -> str:
    """ "... int8 loses. No wait, int8 wins ...": the word before repeated (where there is one)."""
    return " ".join([*words[:at], f"{wrong}. No wait,", *words[max(at - 1, 0) :]])


def corrected_after_a_full_stop(words: list[str], at: int, wrong: str) -> str:
    return " ".join([*words[:at], f"{wrong}. No wait,", *words[at:]])


KINDS: dict[str, tuple[Repair, bool]] = {  # the repair, and whether the point is fairly credited
    "wrong word, then 'no wait,' and the right one": (corrected, True),
    "right word, then 'no wait,' and the wrong one": (miscorrected, False),
    "wrong word, a full stop, then 'No wait,' the word before again and the right one": (
        restarted_after_a_full_stop,
        True,
    ),
    "wrong word, a full stop, then 'No wait,' and the right one": (corrected_after_a_full_stop, True),
}


def _bare(word: str) -> str:
    return word.rstrip(".,;:")


def _swap(claim: str) -> tuple[list[str], int, str] | None:
    """The claim's words, the index of the one word the antonym swap changes, and its antonym."""
    altered = antonym_swapped(claim)
    if altered is None:
        return None
    words, other = claim.split(), altered.split()
    changed = [i for i, (a, b) in enumerate(zip(words, other, strict=False)) if a != b]
    if len(words) != len(other) or len(changed) != 1:
        return None
    return words, changed[0], _bare(other[changed[0]])


@contextmanager
def without_repairs() -> Iterator[None]:
    """The engine as it was before self-repairs were read: no editing phrase is recognised, so every
    reader of them sees the text as said (the memo of repaired texts is emptied on the way in and out)."""
    repaired.cache_clear()
    try:
        with mock.patch("interviewer.grading.self_repair._PHRASE", re.compile(r"(?!)")):
            yield
    finally:
        repaired.cache_clear()


def verdicts(grader: Grader, questions: list[Question], repair: Repair) -> Counter[str]:
    """How the repaired point was graded, over every point with an antonym to swap in."""
    counts: Counter[str] = Counter()
    for question in questions:
        claims = [p.claim.rstrip(".") + "." for p in question.rubric]
        for i, point in enumerate(question.rubric):
            if (swap := _swap(claims[i])) is None:
                continue
            answer = " ".join([*claims[:i], repair(*swap), *claims[i + 1 :]])
            grade = grader.grade(target_from_question(question), answer)
            counts[next(j.verdict.value for j in grade.judgments if j.point_id == point.id)] += 1
    return counts


def _credited(counts: Counter[str]) -> str:
    return f"{counts['met'] + counts['partial']} of {sum(counts.values())}"


def main() -> None:
    questions, grader = questions_and_grader()
    print("| repair | fair | credited, repairs read | without | verdicts, repairs read | without |")
    print("|---|---|---|---|---|---|")
    for name, (repair, fair) in KINDS.items():
        now = verdicts(grader, questions, repair)
        with without_repairs():
            before = verdicts(grader, questions, repair)
        fair_text = "credited" if fair else "not credited"
        print(
            f"| {name} | {fair_text} | {_credited(now)} | {_credited(before)} | {dict(sorted(now.items()))} | "
            f"{dict(sorted(before.items()))} |"
        )


if __name__ == "__main__":
    main()
