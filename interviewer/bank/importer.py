"""Import questions from CSV or JSONL into a bank folder as validated YAML, one file per question.

Columns: `question` (the text), `reference_answer`, `difficulty`, `type`, `subtopic` (one, or several
separated by `,` or `;`, the first being the primary one), and optionally `id` and `rubric` (a JSON list
of `{claim, weight?, key_terms?}` or claims separated by `;`). Without a rubric, the points are drafted
from the reference answer (see `drafting`). Each row is checked on its own: a bad row is reported with
its row number and field, and the good rows are still written. Row numbers are file lines: in a CSV the
header is row 1; in JSONL each line is a row. An id not given is a slug of the question text; an id
already taken gets a suffix, and `bank` (the name of the bank's own file) is reserved. A row whose
question text is already in the bank is skipped with a warning, so importing the same file twice writes
nothing new. No existing file is replaced unless `overwrite` is set (then a row naming the id of a
question of this bank replaces it), and the files are written all-or-nothing (see `staging`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from interviewer.bank.import_files import write_imported
from interviewer.bank.loader import BANK_FILE, LoadedBank, collect_banks, field_path
from interviewer.bank.models import Difficulty, Question, QuestionType, RubricPoint, Slug, Text
from interviewer.bank.slugs import short_slug, slug, unique_slug
from interviewer.drafting.offline import DraftTooShort, offline_points
from interviewer.drafting.points import Draft, RubricInput, points_from, rubric_items
from interviewer.errors import BankError, InputFileError
from interviewer.records import RowProblem, columns, read_records

COLUMNS = {"question", "text", "reference_answer", "id", "rubric", "difficulty", "type", "subtopic", "subtopics"}
COLUMN_OF_FIELD = {"text": "question", "subtopics": "subtopic"}
RESERVED_IDS = frozenset({Path(BANK_FILE).stem})
DraftRubric = Callable[[str, str], Draft]  # (question, reference answer) -> drafted points


def draft_offline(question: str, reference_answer: str) -> Draft:
    return Draft(offline_points(reference_answer))


def _canonical(value: object, choices: Iterable[str]) -> object:
    """`medium` → `Medium`: enum values match regardless of case and surrounding spaces."""
    if isinstance(value, str):
        return next((c for c in choices if c.lower() == value.strip().lower()), value)
    return value


class ImportRow(BaseModel):
    """One row of an import file, checked; blank cells count as absent."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    question: Text = Field(validation_alias=AliasChoices("question", "text"))
    reference_answer: Text
    difficulty: Difficulty
    type: QuestionType
    subtopic: list[Slug] = Field(min_length=1, validation_alias=AliasChoices("subtopic", "subtopics"))
    id: Slug | None = None
    rubric: list[RubricInput] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        return {k: v for k, v in data.items() if v is not None and not (isinstance(v, str) and not v.strip())}

    @field_validator("difficulty", "type", mode="before")
    @classmethod
    def _any_case(cls, value: object, info: ValidationInfo) -> object:
        return _canonical(value, [e.value for e in (Difficulty if info.field_name == "difficulty" else QuestionType)])

    @field_validator("subtopic", mode="before")
    @classmethod
    def _subtopics(cls, value: object) -> object:
        parts = value.replace(";", ",").split(",") if isinstance(value, str) else value
        return [slug(p) if isinstance(p, str) else p for p in parts] if isinstance(parts, list) else parts

    @field_validator("rubric", mode="before")
    @classmethod
    def _rubric(cls, value: object) -> object:
        return rubric_items(value)


def _row_problems(number: int, exc: ValidationError) -> list[RowProblem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = list(error["loc"])
        if loc and isinstance(loc[0], str):
            loc[0] = COLUMN_OF_FIELD.get(loc[0], loc[0])
        message = "missing or empty" if error["type"] == "missing" else str(error["msg"])
        problems.append(RowProblem(number, field_path(loc), message.removeprefix("Value error, ")))
    return problems


def parse_row(number: int, record: dict[str, object]) -> ImportRow | list[RowProblem]:
    undecodable = [k for k, v in record.items() if isinstance(v, str) and any("\udc80" <= c <= "\udcff" for c in v)]
    if undecodable:
        return [RowProblem(number, key, "undecodable text (not UTF-8)") for key in undecodable]
    try:
        return ImportRow.model_validate(record)
    except ValidationError as exc:
        return _row_problems(number, exc)


@dataclass(frozen=True)
class ImportReport:
    folder: Path
    questions: tuple[Question, ...]
    problems: tuple[RowProblem, ...]
    warnings: tuple[str, ...]
    added_subtopics: tuple[str, ...]
    created_bank: bool

    @property
    def drafted(self) -> int:
        """How many imported questions have drafted rubric points (to be reviewed)."""
        return sum(any(p.drafted for p in q.rubric) for q in self.questions)


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass
class _Run:
    """The state of one import while its rows are read (private to `import_questions`)."""

    bank_id: str
    taken: set[str]
    texts: dict[str, str]
    draft: DraftRubric
    replaceable: set[str] = field(default_factory=set)
    questions: list[Question] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)

    def add(self, number: int, record: dict[str, object] | RowProblem) -> None:
        self.columns |= set(record) if isinstance(record, dict) else set()
        row = parse_row(number, record) if isinstance(record, dict) else [record]
        if isinstance(row, list):
            self.problems += row
        elif row.id in RESERVED_IDS:
            self.problems.append(RowProblem(number, "id", f"'{row.id}' is reserved (the bank's own file)"))
        elif existing := self._already_in_bank(row):
            self.warnings.append(f"row {number}: question: already in the bank as '{existing}'; skipped")
        elif question := self._question(number, row):
            self.questions.append(question)
            self.taken.add(question.id)
            self.replaceable.discard(question.id)
            self.texts[_normal(question.text)] = question.id

    def _already_in_bank(self, row: ImportRow) -> str | None:
        """The id of the bank question with this text, unless this row replaces it (--overwrite)."""
        existing = self.texts.get(_normal(row.question))
        replaced = existing is not None and row.id == existing and existing in self.replaceable
        return None if replaced else existing

    def _question(self, number: int, row: ImportRow) -> Question | None:
        rubric = self._rubric(number, row)
        if rubric is None:
            return None
        data = {
            "id": self._id(number, row),
            "text": row.question,
            "bank": self.bank_id,
            "subtopics": row.subtopic,
            "difficulty": row.difficulty,
            "type": row.type,
            "reference_answer": row.reference_answer,
            "rubric": rubric,
        }
        try:
            return Question.model_validate(data)
        except ValidationError as exc:
            self.problems += _row_problems(number, exc)
            return None

    def _rubric(self, number: int, row: ImportRow) -> tuple[RubricPoint, ...] | None:
        if row.rubric:
            return points_from(row.rubric, drafted=False)
        try:
            draft = self.draft(row.question, row.reference_answer)
        except DraftTooShort as exc:
            self.problems.append(RowProblem(number, "reference_answer", str(exc)))
            return None
        if draft.warning:
            self.warnings.append(f"row {number}: rubric: {draft.warning}")
        return draft.points

    def _id(self, number: int, row: ImportRow) -> str:
        if row.id in self.replaceable:
            self.warnings.append(f"row {number}: id: replaces the existing question '{row.id}'")
            return row.id
        chosen = unique_slug(row.id or short_slug(row.question) or f"question-{number}", self.taken)
        if row.id and chosen != row.id:
            self.warnings.append(f"row {number}: id: '{row.id}' is taken; using '{chosen}'")
        return chosen


def _existing_bank(folder: Path) -> LoadedBank | None:
    if not (folder / BANK_FILE).is_file():
        if folder.exists() and any(folder.iterdir()):
            raise BankError([f"{folder}: exists and is not a bank (no {BANK_FILE}); choose another --bank or --out"])
        return None
    banks, problems = collect_banks(folder)
    if not banks:
        raise BankError(problems)
    return banks[0]


def import_questions(
    path: Path,
    out: Path,
    bank_id: str | None = None,
    title: str | None = None,
    draft: DraftRubric | None = None,
    overwrite: bool = False,
) -> ImportReport:
    """Import the rows of `path` into the bank `out/<bank_id>` (default: the file name as a slug)."""
    bank_id = _checked_bank_id(bank_id or slug(path.stem))
    _check_columns(path)
    folder = out / bank_id
    existing = _existing_bank(folder)
    taken = {p.stem for p in out.glob("*/*.yaml") if p.name != BANK_FILE} | RESERVED_IDS
    own = {q.id for q in existing.questions} if existing and overwrite else set()
    run = _Run(
        bank_id,
        taken,
        {_normal(q.text): q.id for q in existing.questions} if existing else {},
        draft or draft_offline,
        set(own),
    )
    for number, record in read_records(path):
        run.add(number, record)
    if unknown := sorted(run.columns - COLUMNS):
        run.warnings.insert(0, f"unknown columns ignored: {', '.join(unknown)}")
    before = existing.bank if existing else None
    added = write_imported(folder, before, run.questions, title, path, own) if run.questions else ()
    created = before is None and bool(run.questions)
    return ImportReport(folder, tuple(run.questions), tuple(run.problems), tuple(run.warnings), added, created)


def _check_columns(path: Path) -> None:
    """One file-level error for a file no row of which could be imported (a column nobody gave)."""
    found = columns(path)
    needed = [("question", "text"), ("reference_answer",), ("difficulty",), ("type",), ("subtopic", "subtopics")]
    missing = [" or ".join(names) for names in needed if not found & set(names)]
    if missing:
        shown = ", ".join(sorted(found)) or "none"
        raise InputFileError(f"{path}: no {', no '.join(missing)} column (columns found: {shown})")


def _checked_bank_id(bank_id: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", bank_id):
        raise BankError([f"bank id {bank_id!r}: use lowercase letters, digits and '-' (e.g. my-bank)"])
    return bank_id
