"""Nothing leaked, nothing shared by accident: formula cells neutralised in every CSV we write, secrets
redacted from every stored error, per-request format fallback and a thread-safe embedding cache."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
from pathlib import Path

import pytest

from interviewer.bank.models import RubricPoint
from interviewer.coach.store import SqlCoachStore
from interviewer.coach.types import ReviewItem, ReviewTranscript
from interviewer.grading.batch import BatchRunner
from interviewer.grading.batch_output import csv_path, errors_path
from interviewer.grading.batch_report import read_results, summarise, write_csv
from interviewer.grading.grader import Grader
from interviewer.grading.llm_engine import LLMEngine
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import GradingTarget
from interviewer.grading.types import GradeStatus
from interviewer.interview.plan import InterviewPlan
from interviewer.interview.session import Prompt, Session, SessionStatus, Turn
from interviewer.interview.store import SqlSessionStore
from interviewer.llm.fake import Reply, ScriptedChatModel
from interviewer.llm.prompts import load_prompt
from interviewer.redact import REDACTED, redact
from interviewer.spreadsheet import safe_cell
from interviewer.store.embeddings import CachedEmbedder
from interviewer.store.minilm_onnx import OnnxMiniLMEmbedder
from interviewer.workspace import Workspace

PROMPTS = Path(__file__).resolve().parents[1] / "prompts"
KEY = "sk-proj-Zx81testkeyQWERTYUIOPasdfghjkl0123456789"
PASSWORD = "coach-pass-8c41e2"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.payload.signature"
HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


class Unauthorized(Exception):
    status_code = 401


def _echoing_401() -> Unauthorized:
    body = {"error": {"message": f"Incorrect API key provided: {KEY}. Authorization: Bearer {TOKEN}"}}
    return Unauthorized(f"Error code: 401 - {json.dumps(body)}; password={PASSWORD}")


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEWER_OPENAI_API_KEY", KEY)
    monkeypatch.setenv("INTERVIEWER_COACH_PASSWORD", PASSWORD)


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace()


@pytest.mark.parametrize("cell", HOSTILE)
def test_a_formula_cell_is_neutralised(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["plain text", "", "a=b", 42, -3.5, None])
def test_other_cells_are_left_alone(cell: object) -> None:
    assert safe_cell(cell) == cell


def test_batch_csv_never_starts_a_cell_with_a_formula(tmp_path: Path, workspace: Workspace) -> None:
    answer = "On GPUs with Tensor Cores fp16 keeps accuracy; int8 needs calibration and wins on CPUs."
    rows = [
        {"id": cell, "candidate": cell, "question_id": "fp16-vs-int8-inference", "answer": answer} for cell in HOSTILE
    ]
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    BatchRunner(workspace, OfflineEngine(workspace.embedder), out).run(source)
    write_csv(read_results(out), csv_path(out))
    with csv_path(out).open(newline="", encoding="utf-8") as handle:
        written = list(csv.reader(handle))[1:]
    assert sorted(r[0] for r in written) == sorted("'" + c for c in HOSTILE)
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in written for cell in r)


def test_redact_removes_configured_secrets_and_key_patterns(secrets: None) -> None:
    text = redact(str(_echoing_401()))
    assert KEY not in text and TOKEN not in text and PASSWORD not in text
    assert text.count(REDACTED) >= 3 and "Incorrect API key provided" in text
    assert redact("key sk-abcdefghijklmnop and api_key='hunter22hunter'", secrets=[]) == (
        f"key {REDACTED} and api_key='{REDACTED}'"
    )


def _llm_engine(replies: list[Reply]) -> LLMEngine:
    return LLMEngine(ScriptedChatModel(replies), load_prompt("grade_answer", PROMPTS), "scripted")


def test_a_provider_error_echoing_the_key_is_stored_redacted_in_batch_outputs(
    tmp_path: Path, workspace: Workspace, secrets: None
) -> None:
    answer = "FP16 underflows small gradients, so loss scaling multiplies the loss before the backward pass."
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"id": "1", "question_id": "fp16-vs-int8-inference", "answer": answer}) + "\n")
    BatchRunner(workspace, _llm_engine([_echoing_401()]), out).run(source)
    records = read_results(out)
    assert records[0]["grade"]["status"] == "unscored"
    write_csv(records, csv_path(out))
    (tmp_path / "summary.json").write_text(json.dumps(summarise(records)))
    assert not errors_path(out).exists()  # an unscored grade is no bad row
    for path in [out, csv_path(out), tmp_path / "summary.json"]:
        stored = path.read_text(encoding="utf-8")
        assert KEY not in stored and TOKEN not in stored and PASSWORD not in stored, path


def _unscored_turn(reason: str) -> Turn:
    grade = Grader(_llm_engine([_echoing_401()]), OnnxMiniLMEmbedder()).grade(TARGET, "Loss scaling helps fp16.")
    assert grade.status is GradeStatus.UNSCORED and KEY not in grade.reason  # redacted where it is made
    grade = grade.model_copy(update={"reason": reason})  # as a grade from elsewhere might carry it
    prompt = Prompt(kind="question", question_id="fp16-loss-scaling", question_index=0, text=TARGET.question_text)
    return Turn(seq=1, prompt=prompt, answer="Loss scaling helps fp16.", grade=grade)


def test_sessions_db_never_stores_a_secret(tmp_path: Path, secrets: None) -> None:
    database = tmp_path / "sessions.db"
    store = SqlSessionStore(f"sqlite:///{database}")
    plan = InterviewPlan(candidate="ada", questions=1)
    session = Session("s1", plan, SessionStatus.ACTIVE, (), None, "2026-01-01T00:00:00", "2026-01-01T00:00:00")
    store.create(session)
    store.record_turn("s1", _unscored_turn(f"model error: {_echoing_401()}"), None, SessionStatus.FINISHED)
    store.close()
    with sqlite3.connect(database) as conn:
        stored = " ".join(str(v) for row in conn.execute("SELECT * FROM interview_turns") for v in row)
    assert "model error" in stored and KEY not in stored and TOKEN not in stored and PASSWORD not in stored


def test_coach_store_never_stores_a_secret(tmp_path: Path, secrets: None) -> None:
    database = tmp_path / "coach.db"
    item = ReviewItem(
        index=0,
        question_id="q",
        question="Q?",
        turns=[],
        points=[],
        status=GradeStatus.UNSCORED,
        score=None,
        band=None,
        reason=f"model error: {_echoing_401()}",
    )
    transcript = ReviewTranscript(
        id="t1", title="T", candidate="ada", source="upload", created_at="2026-01-01T00:00:00", items=[item]
    )
    SqlCoachStore(f"sqlite:///{database}").add_transcript(transcript)
    with sqlite3.connect(database) as conn:
        stored = " ".join(str(v) for row in conn.execute("SELECT * FROM coach_transcripts") for v in row)
    assert "model error" in stored and KEY not in stored and PASSWORD not in stored


def _point(point_id: str, claim: str) -> RubricPoint:
    return RubricPoint(id=point_id, claim=claim, weight=1, full_credit=f"States: {claim}", partial_credit="Part.")


TARGET = GradingTarget(
    question_id="fp16-loss-scaling",
    question_text="Why does fp16 mixed-precision training need loss scaling, and why does bf16 usually not?",
    reference_answer="fp16 underflows; loss scaling keeps gradients representable; bf16 has fp32's exponent range.",
    points=(
        _point("fp16-range", "fp16 has a narrow exponent range, so small gradients underflow to zero."),
        _point("loss-scaling", "Loss scaling multiplies the loss before backward and unscales the gradients."),
        _point("bf16-range", "bf16 keeps fp32's 8-bit exponent, so it rarely needs scaling."),
    ),
    red_flags=(),
    content_hash="test",
)
REPLY = json.dumps(
    {
        "points": {p.id: {"verdict": "met", "evidence": None, "rationale": "r"} for p in TARGET.points},
        "red_flags": [],
        "injection_detected": False,
    }
)


class ServerError(Exception):
    status_code = 500


def test_concurrent_grades_share_nothing_they_should_not() -> None:
    """Eight threads grade at once through one LLM engine (a fake model that fails some calls with a
    transient 500) and one offline engine, sharing one embedding cache small enough to be cleared all
    the time: no thread fails, no 500 downgrades anyone's response format."""
    cache = CachedEmbedder(OnnxMiniLMEmbedder(), max_entries=6)
    replies: list[Reply] = [ServerError("500 Internal Server Error") if i % 4 == 0 else REPLY for i in range(40)]
    engine = _llm_engine(replies)
    llm, offline = Grader(engine, cache), Grader(OfflineEngine(cache), cache)
    failures: list[BaseException] = []
    statuses: list[tuple[str, GradeStatus]] = []

    def work(n: int) -> None:
        try:
            for i in range(5):
                kind, grader = ("offline", offline) if (n + i) % 5 == 0 else ("llm", llm)
                answer = f"FP16 underflows small gradients ({n}.{i}), so loss scaling multiplies the loss first."
                statuses.append((kind, grader.grade(TARGET, answer).status))
        except BaseException as exc:  # a KeyError from the cache, or anything else, fails the test
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert len(statuses) == 40
    model = engine.chat_model
    assert isinstance(model, ScriptedChatModel)
    assert all(c.kwargs["response_format"]["type"] == "json_schema" for c in model.calls)
    assert engine.output_format == "json_schema"
    server_errors = sum(isinstance(r, ServerError) for r in replies[: len(model.calls)])
    assert server_errors >= 1
    assert [s for kind, s in statuses if kind == "llm"].count(GradeStatus.UNSCORED) == server_errors
    assert all(s is GradeStatus.GRADED for kind, s in statuses if kind == "offline")
