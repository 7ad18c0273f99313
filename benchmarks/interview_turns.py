"""Offline interview turn latency: from an answer being submitted to the next prompt being ready (grade,
policy, question choice and the committed SQLite write), p50/p95 over a 20-turn scripted session.
Goal: p95 < 0.5 s. Answers are fresh text each turn (no embedding cache hits): a few sentences of the
question's reference answer first, so that some rubric points are missed and follow-ups are asked.
As in the CLI, the next question's rubric is embedded while the candidate answers (`prepare`), outside
the turn latency; its time is printed separately."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from interviewer.config import load_settings
from interviewer.grading.sentences import split_spans
from interviewer.interview.plan import InterviewPlan
from interviewer.interview.session import Prompt
from interviewer.interview.store import open_store
from interviewer.interview.wiring import make_interviewer
from interviewer.workspace import Workspace

TURNS = 20


def scripted_answer(prompt: Prompt, reference: str, turn: int) -> str:
    """Two reference sentences for a question (then the next two for each follow-up), made unique."""
    sentences = [s.text for s in split_spans(reference)]
    start = 0 if prompt.kind == "question" else 2 * (prompt.follow_up_index or 0) + 2
    chosen = sentences[start : start + 2] or sentences[:2]
    return " ".join(chosen) + f" That is how I would approach it in case {turn}."


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        workspace = Workspace(load_settings(data_dir=Path(data_dir), chat_model=""))
        store = open_store(Path(data_dir))
        plan = InterviewPlan(candidate="bench", questions=TURNS, follow_up_budget=2, seed=0)
        interviewer = make_interviewer(workspace, plan, store)
        session = interviewer.start(plan)
        started = time.perf_counter()
        interviewer.prepare(session)
        cold = time.perf_counter() - started
        latencies: list[float] = []
        grading: list[float] = []
        preparing: list[float] = []
        while session.pending is not None and len(latencies) < TURNS:
            if latencies:  # as the CLI does while the candidate reads the prompt and types
                started = time.perf_counter()
                interviewer.prepare(session)
                preparing.append(time.perf_counter() - started)
            question = workspace.question(session.pending.question_id)
            answer = scripted_answer(session.pending, question.reference_answer, len(latencies))
            started = time.perf_counter()
            step = interviewer.answer(session, answer)
            latencies.append(time.perf_counter() - started)
            grading.append(step.turn.grade.provenance.latency_s)
            session = step.session
        follow_ups = sum(t.prompt.kind == "follow_up" for t in session.turns)
        store.close()
    print(f"first prepare (model load and first rubric): {cold:.2f} s")
    print(f"prepare while the candidate answers (not in the turn latency): max {max(preparing, default=0):.3f} s")
    print(f"{len(latencies)} turns ({follow_ups} follow-ups), answer submitted -> next prompt:")
    print(
        f"  p50 {percentile(latencies, 0.5):.3f} s  p95 {percentile(latencies, 0.95):.3f} s  max {max(latencies):.3f} s"
    )
    print(f"  of which grading: p50 {statistics.median(grading):.3f} s  p95 {percentile(grading, 0.95):.3f} s")
    print(f"  goal p95 < 0.5 s: {'met' if percentile(latencies, 0.95) < 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
