"""`bank stats` (coverage counting) and `bank import` (CSV/JSONL → validated YAML, drafting of rubrics)."""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path

import pytest
import yaml

from interviewer.bank.importer import import_questions
from interviewer.bank.loader import load_banks
from interviewer.bank.models import Difficulty, QuestionType
from interviewer.bank.stats import coverage
from interviewer.cli.main import main
from interviewer.drafting import DraftTooShort, offline_points
from interviewer.drafting.llm import LLMDrafter, draft_rubric
from interviewer.llm.fake import ScriptedChatModel
from interviewer.llm.prompts import load_prompt

PROMPTS = Path(__file__).resolve().parents[1] / "prompts"
E, M, H = Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD
REFERENCE = (
    "The KV cache stores the keys and values of every past token for every layer. "
    "It grows linearly with the sequence length and with the batch size. "
    "Paging the cache in fixed-size blocks avoids fragmentation and lets requests share prefixes. "
    "Quantizing the cache to fp8 halves its memory at a small cost in accuracy."
)
SHORT_REFERENCE = "Quantization shrinks the weights, which cuts memory traffic, so decoding gets faster."
ONE_CLAIM = "It is faster."


def _question_yaml(qid: str, subtopics: list[str], difficulty: str, qtype: str) -> dict[str, object]:
    points = [
        {"id": f"p{i}", "claim": f"Claim {i}.", "weight": 1, "full_credit": "All.", "partial_credit": "Some."}
        for i in range(3)
    ]
    return {
        "id": qid,
        "text": f"Question {qid}?",
        "bank": "mini",
        "subtopics": subtopics,
        "difficulty": difficulty,
        "type": qtype,
        "reference_answer": "An answer.",
        "rubric": points,
    }


@pytest.fixture
def mini_bank(tmp_path: Path) -> Path:
    """Two subtopics; serving has no Hard question as its primary subtopic (only as a secondary one)."""
    folder = tmp_path / "mini"
    folder.mkdir()
    subtopics = [{"id": s, "title": s.title(), "description": "d"} for s in ("training", "serving")]
    (folder / "bank.yaml").write_text(
        yaml.safe_dump({"id": "mini", "title": "Mini", "description": "d", "subtopics": subtopics})
    )
    for spec in [
        ("t-easy", ["training"], "Easy", "Technical"),
        ("t-medium", ["training", "serving"], "Medium", "System Design"),
        ("t-hard-1", ["training"], "Hard", "Technical"),
        ("t-hard-2", ["training", "serving"], "Hard", "Behavioral/Leadership"),
        ("s-easy", ["serving"], "Easy", "Technical"),
        ("s-medium", ["serving", "training"], "Medium", "Debugging"),
    ]:
        (folder / f"{spec[0]}.yaml").write_text(yaml.safe_dump(_question_yaml(*spec)))
    return folder


def test_coverage_counts_by_primary_subtopic_and_flags_empty_cells(mini_bank: Path) -> None:
    stats = coverage(load_banks(mini_bank)[0])
    table = {s: [stats.count(s, d) for d in (E, M, H)] for s in stats.subtopics}
    assert table == {"training": [1, 1, 2], "serving": [1, 1, 0]}
    assert [stats.difficulty_total(d) for d in (E, M, H)] == [2, 2, 2] and stats.total == 6
    assert stats.empty_cells == [("serving", H)]
    assert stats.types[QuestionType.TECHNICAL] == 3 and stats.types[QuestionType.CONCEPTUAL] == 0
    assert sum(stats.types.values()) == 6


def test_stats_command_prints_table_and_empty_cells(mini_bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "stats", str(mini_bank)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[2].split() == ["training", "1", "1", "2", "4"]
    assert "empty cells: serving/Hard" in out and "Technical 3" in out and "Conceptual 0" in out


def test_stats_on_the_real_bank_has_no_empty_cell(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "stats", str(PROMPTS.parent / "knowledge" / "trade-offs")]) == 0
    assert "empty cells: none" in capsys.readouterr().out


def _row(question: str, reference: str, difficulty: str = "Medium", **extra: str) -> dict[str, str]:
    return {
        "question": question,
        "reference_answer": reference,
        "difficulty": difficulty,
        "type": "Technical",
        "subtopic": "inference-performance",
        **extra,
    }


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["question", "reference_answer", "difficulty", "type", "subtopic", "rubric", "id"]
        )
        writer.writeheader()
        writer.writerows(rows)
    return path


RUBRIC = json.dumps(
    [
        {"claim": "Batching raises GPU throughput.", "weight": 2, "key_terms": ["batch|batching"]},
        {"claim": "Larger batches raise per-request latency."},
        "Continuous batching admits requests at every step.",
    ]
)


def test_csv_import_writes_good_rows_and_reports_bad_ones(tmp_path: Path) -> None:
    rows = [
        _row("What does the KV cache hold, and what does it cost?", REFERENCE, "easy"),  # row 2
        _row("Why does batching help throughput?", "Batching amortises weight reads.", rubric=RUBRIC),  # row 3
        _row("A question with no reference answer?", ""),  # row 4
        _row("A question with a bad difficulty?", REFERENCE, "Impossible"),  # row 5
        _row("Why does batching help the throughput?", REFERENCE, subtopic="serving; cost"),  # row 6: same slug
        _row("What is the speed-up?", ONE_CLAIM),  # row 7: too short to draft
    ]
    report = import_questions(_write_csv(tmp_path / "serving.csv", rows), tmp_path / "kb", title="Serving")
    assert [str(p) for p in report.problems] == [
        "row 4: reference_answer: missing or empty",
        "row 5: difficulty: Input should be 'Easy', 'Medium' or 'Hard'",
        "row 7: reference_answer: too short to draft 3 rubric points (found 1 claim(s)): "
        "give a longer reference answer or an explicit rubric",
    ]
    assert [q.id for q in report.questions] == [
        "kv-cache-hold-cost",
        "batching-help-throughput",
        "batching-help-throughput-2",
    ]
    assert report.created_bank and report.added_subtopics == ("inference-performance", "serving", "cost")
    loaded = load_banks(tmp_path / "kb" / "serving")[0]  # raises if any written file is invalid
    assert loaded.bank.title == "Serving" and len(loaded.questions) == 3
    given = loaded.question("batching-help-throughput")
    assert [p.weight for p in given.rubric] == [2, 1, 1] and not any(p.drafted for p in given.rubric)
    assert given.rubric[0].key_terms == ["batch|batching"]
    drafted = loaded.question("kv-cache-hold-cost")
    assert drafted.difficulty is E and len(drafted.rubric) == 4 and all(p.drafted for p in drafted.rubric)
    assert "drafted: true" in (tmp_path / "kb" / "serving" / "kv-cache-hold-cost.yaml").read_text()


def test_jsonl_import_reports_undecodable_line_and_round_trips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    multi_line = "First paragraph states that the cache grows per token.\n\nSecond paragraph: paging avoids waste."
    lines = [
        json.dumps(_row("Why does the KV cache grow?", REFERENCE, id="kv-growth")).encode(),
        b'{"question": "broken \xff\xfe line", "reference_answer": "x"}',
        json.dumps(_row("No answer?", "  ", "Hard")).encode(),
        json.dumps(_row("Bad level?", REFERENCE, "extreme")).encode(),
        b"{not json",
        json.dumps({**_row("Paragraphs?", multi_line + " " + REFERENCE), "subtopic": ["serving", "cost"]}).encode(),
    ]
    path = tmp_path / "more.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    knowledge = tmp_path / "kb"
    code = main(["bank", "import", str(path), "--out", str(knowledge), "--bank", "extra"])
    captured = capsys.readouterr()
    assert code == 1
    assert "row 2: (line): undecodable text (not UTF-8)" in captured.err
    assert "row 3: reference_answer: missing or empty" in captured.err
    assert "row 4: difficulty: Input should be 'Easy', 'Medium' or 'Hard'" in captured.err
    assert "row 5: (line): invalid JSON" in captured.err
    assert "imported 2 question(s)" in captured.out and "4 bad row(s)" in captured.out
    assert main(["bank", "validate", str(knowledge)]) == 0
    assert "1 bank(s), 2 questions, 0 problem(s)" in capsys.readouterr().out
    written = load_banks(knowledge)[0]
    assert written.question("kv-growth").text == "Why does the KV cache grow?"
    assert written.question("paragraphs").reference_answer.startswith(multi_line)
    assert main(["bank", "import", str(path), "--out", str(knowledge), "--bank", "extra"]) == 1  # again: nothing new
    assert "already in the bank as 'kv-growth'; skipped" in capsys.readouterr().err
    assert len(load_banks(knowledge)[0].questions) == 2


def test_import_into_existing_bank_adds_unknown_subtopics(mini_bank: Path) -> None:
    path = _write_csv(
        mini_bank.parent / "new.csv",
        [_row("How do you recover a crashed run?", REFERENCE, id="t-easy", subtopic="training, Fault tolerance")],
    )
    report = import_questions(path, mini_bank.parent, bank_id="mini")
    assert not report.problems and report.added_subtopics == ("fault-tolerance",) and not report.created_bank
    assert [q.id for q in report.questions] == ["t-easy-2"]  # the id was taken: suffixed, with a warning
    assert any("'t-easy' is taken" in w for w in report.warnings)
    loaded = load_banks(mini_bank)[0]
    assert [s.id for s in loaded.bank.subtopics] == ["training", "serving", "fault-tolerance"]
    assert loaded.question("t-easy-2").subtopics == ["training", "fault-tolerance"]


def test_offline_drafting_splits_clauses_of_a_short_answer() -> None:
    points = offline_points(SHORT_REFERENCE)
    assert [p.claim for p in points] == [
        "Quantization shrinks the weights",
        "which cuts memory traffic",
        "decoding gets faster.",
    ]
    assert all(p.drafted for p in points)


@pytest.mark.parametrize("reference", ["日本語の回答です。", "...", "é"])
def test_offline_drafting_of_text_without_clauses_is_too_short(reference: str) -> None:
    """Text the sentence splitter finds no clause in is one short claim, not an empty one (a crash)."""
    with pytest.raises(DraftTooShort, match=r"found 1 claim"):
        offline_points(reference)


def _drafter(model: ScriptedChatModel) -> LLMDrafter:
    return LLMDrafter(model, load_prompt("draft_rubric", PROMPTS), retries=1)


MODEL_DRAFT = {
    "points": [
        {
            "claim": "The cache holds keys and values per token and layer.",
            "weight": 2,
            "full_credit": "Says both.",
            "partial_credit": "One.",
            "key_terms": ["kv cache"],
        },
        {
            "claim": "It grows with sequence length and batch.",
            "weight": 3,
            "full_credit": "Both.",
            "partial_credit": "One.",
            "key_terms": ["sequence length"],
        },
        {
            "claim": "Paging avoids fragmentation.",
            "weight": 1,
            "full_credit": "Says it.",
            "partial_credit": "Vague.",
            "key_terms": ["paging"],
        },
    ]
}


def _one_row_csv(tmp_path: Path) -> Path:
    return _write_csv(tmp_path / "llm.csv", [_row("What does the KV cache hold?", REFERENCE)])


def test_llm_drafting_takes_the_models_points(tmp_path: Path) -> None:
    model = ScriptedChatModel(["Here you go:\n```json\n" + json.dumps(MODEL_DRAFT) + "\n```"])
    report = import_questions(
        _one_row_csv(tmp_path), tmp_path / "kb", draft=functools.partial(draft_rubric, llm=_drafter(model))
    )
    rubric = report.questions[0].rubric
    assert [p.claim for p in rubric] == [p["claim"] for p in MODEL_DRAFT["points"]]
    assert [p.weight for p in rubric] == [2, 3, 1] and all(p.drafted for p in rubric)
    assert rubric[0].id == "cache-holds-keys-values-per-token-layer"
    assert not report.warnings and model.remaining == 0
    assert "<reference_answer>" in model.calls[0].text and REFERENCE in model.calls[0].text


def test_llm_drafting_retries_then_falls_back_offline(tmp_path: Path) -> None:
    too_few = json.dumps({"points": MODEL_DRAFT["points"][:2]})
    model = ScriptedChatModel(["not json at all", too_few])
    report = import_questions(
        _one_row_csv(tmp_path), tmp_path / "kb", draft=functools.partial(draft_rubric, llm=_drafter(model))
    )
    assert model.remaining == 0 and "Your reply was invalid" in model.calls[1].text
    assert [p.claim for p in report.questions[0].rubric] == [p.claim for p in offline_points(REFERENCE)]
    assert all(p.drafted for p in report.questions[0].rubric)
    assert len(report.warnings) == 1 and "row 2: rubric: the model's draft failed" in report.warnings[0]
    assert "invalid model output after 2 attempts" in report.warnings[0] and "points" in report.warnings[0]


def test_llm_drafting_model_error_falls_back_offline(tmp_path: Path) -> None:
    model = ScriptedChatModel([ConnectionError("server down")])
    report = import_questions(
        _one_row_csv(tmp_path), tmp_path / "kb", draft=functools.partial(draft_rubric, llm=_drafter(model))
    )
    assert len(report.questions) == 1 and all(p.drafted for p in report.questions[0].rubric)
    assert "model error: ConnectionError: server down" in report.warnings[0]


def test_import_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "import", str(tmp_path / "absent.csv"), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    path = _one_row_csv(tmp_path)
    assert main(["bank", "import", str(path), "--out", str(tmp_path), "--bank", "Not A Slug"]) == 2
    assert "bank id 'Not A Slug'" in capsys.readouterr().err


def test_explicit_rubric_is_checked_not_topped_up(tmp_path: Path) -> None:
    rows = [
        {**_row("Two claims only?", REFERENCE), "rubric": ["Batching raises throughput.", "Caching cuts cost."]},
        {
            **_row("Three claims as a list?", REFERENCE),
            "rubric": ["Batching helps.", "Caching helps.", "Paging helps."],
        },
    ]
    path = tmp_path / "rubrics.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    report = import_questions(path, tmp_path / "kb")
    assert [str(p) for p in report.problems] == [
        "row 1: rubric: List should have at least 3 items after validation, not 2"
    ]
    assert [p.id for p in report.questions[0].rubric] == ["batching-helps", "caching-helps", "paging-helps"]
