"""The eval-case schema: labelled answers to bank questions, with per-point expected verdicts."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from interviewer.bank.loader import field_path
from interviewer.bank.models import Question, Slug, Text
from interviewer.errors import BankError
from interviewer.grading.types import GradeStatus, Verdict


class Category(str, Enum):
    EXCELLENT = "excellent"
    GOOD_INCOMPLETE = "good-incomplete"
    PARTIAL = "partial"
    WEAK = "weak"
    WRONG_CONFIDENT = "wrong-confident"
    OFF_TOPIC = "off-topic"
    EMPTY_GIBBERISH = "empty-gibberish"
    KEYWORD_STUFFING = "keyword-stuffing"
    VERBOSE_PADDING = "verbose-padding"
    PROMPT_INJECTION = "prompt-injection"
    QUESTION_REPEAT = "question-repeat"
    SPOKEN_TRANSCRIPT = "spoken-transcript"
    NEGATION = "negation"
    NONSENSE_TERMS = "nonsense-terms"
    PARAPHRASE = "paraphrase"
    TRANSLATED = "translated"
    LONG_RAMBLE = "long-ramble"
    EVIDENCE_REUSE = "evidence-reuse"


ADVERSARIAL = frozenset(
    {
        Category.KEYWORD_STUFFING,
        Category.VERBOSE_PADDING,
        Category.PROMPT_INJECTION,
        Category.QUESTION_REPEAT,
        Category.EMPTY_GIBBERISH,
        Category.OFF_TOPIC,
    }
)
# The gaming suite: answers built to fool a grader either way (too much credit or too little). Each must
# land within one band of the fair band; an answer expected to be unscored must be unscored.
GAMING = frozenset(
    {
        Category.NEGATION,
        Category.NONSENSE_TERMS,
        Category.WRONG_CONFIDENT,
        Category.PARAPHRASE,
        Category.PARTIAL,
        Category.TRANSLATED,
        Category.LONG_RAMBLE,
        Category.EVIDENCE_REUSE,
    }
)


class EvalCase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    category: Category
    answer: str
    expected_verdicts: dict[Slug, Verdict]
    expected_band: int = Field(ge=1, le=5)
    expected_red_flags: list[Slug] = Field(default_factory=list)
    expected_status: GradeStatus = Field(
        default=GradeStatus.GRADED, description="unscored: the grader must decline (e.g. a language it cannot read)"
    )
    note: Text = Field(description="Why the labels are what they are, from the rubric.")


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    question_id: Slug
    cases: list[EvalCase] = Field(min_length=1)


def _case_problems(case_file: CaseFile, path: Path, question: Question | None) -> list[str]:
    if question is None:
        return [f"{path}: question_id: unknown question '{case_file.question_id}'"]
    problems: list[str] = []
    point_ids = {p.id for p in question.rubric}
    flag_ids = {f.id for f in question.red_flags}
    for i, case in enumerate(case_file.cases):
        if set(case.expected_verdicts) != point_ids:
            missing = sorted(point_ids - set(case.expected_verdicts))
            extra = sorted(set(case.expected_verdicts) - point_ids)
            problems.append(f"{path}: cases[{i}].expected_verdicts: missing {missing}, unknown {extra}")
        for j, flag in enumerate(case.expected_red_flags):
            if flag not in flag_ids:
                problems.append(f"{path}: cases[{i}].expected_red_flags[{j}]: unknown red flag '{flag}'")
    return problems


def load_case_file(path: Path, questions: dict[str, Question]) -> tuple[CaseFile | None, list[str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        case_file = CaseFile.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        return None, [f"{path}: cannot read YAML: {str(exc).splitlines()[0]}"]
    except ValidationError as exc:
        return None, [f"{path}: {field_path(e['loc'])}: {e['msg']}" for e in exc.errors()]
    problems = _case_problems(case_file, path, questions.get(case_file.question_id))
    ids = [c.id for c in case_file.cases]
    problems += [f"{path}: cases[{i}].id: duplicate case id '{c}'" for i, c in enumerate(ids) if ids.index(c) != i]
    return case_file, problems


def load_cases(folder: Path, questions: dict[str, Question]) -> list[CaseFile]:
    """Load every case file under `folder`, raising one BankError that lists every problem."""
    files: list[CaseFile] = []
    problems: list[str] = []
    for path in sorted(folder.rglob("*.yaml")):
        case_file, found = load_case_file(path, questions)
        problems += found
        if case_file is not None:
            files.append(case_file)
    if problems:
        raise BankError(problems)
    return files
