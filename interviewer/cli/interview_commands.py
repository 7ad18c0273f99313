"""`interviewer interview …` (a mock interview in the terminal) and `interviewer sessions list|show|export`."""

from __future__ import annotations

import argparse
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from interviewer.bank.models import Difficulty, QuestionType
from interviewer.cli.answer_input import QUIT, AnswerReader, answer_reader
from interviewer.config import Settings
from interviewer.errors import OutputFileError
from interviewer.grading.registry import engine_help, engine_names
from interviewer.interview.agent import Interviewer, Step
from interviewer.interview.history import candidate_history
from interviewer.interview.plan import FeedbackMode, InterviewPlan
from interviewer.interview.report import build_report, question_report
from interviewer.interview.report_render import question_markdown, report_json, report_markdown
from interviewer.interview.session import Prompt, Session
from interviewer.interview.store import SqlSessionStore, open_store
from interviewer.interview.wiring import make_interviewer
from interviewer.workspace import Workspace

HELP = (
    "Answer over several lines; end with a line with only '.' (or, in a terminal, Esc then Enter; "
    "from a pipe, an empty line). /skip passes, /quit stops."
)


def parse_types(text: str) -> tuple[QuestionType, ...]:
    """`technical,system-design` (or the bank's own spellings) → question types."""
    names = {t.value.lower(): t for t in QuestionType} | {t.value.split("/")[0].lower(): t for t in QuestionType}
    chosen = []
    for token in filter(None, (part.strip().lower().replace("-", " ") for part in text.split(","))):
        if token not in names:
            raise argparse.ArgumentTypeError(f"unknown type {token!r}: use {', '.join(t.value for t in QuestionType)}")
        chosen.append(names[token])
    return tuple(dict.fromkeys(chosen))


def parse_difficulty(text: str) -> Difficulty | None:
    if text.lower() == "mix":
        return None
    for difficulty in Difficulty:
        if difficulty.value.lower() == text.lower():
            return difficulty
    raise argparse.ArgumentTypeError(f"unknown difficulty {text!r}: use Easy, Medium, Hard or mix")


def count(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high` (a usage error otherwise, not a traceback)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is out of range: use {low} to {high}")
        return value

    return parse


def plan_model(args: argparse.Namespace, engine: str, settings: Settings) -> str:
    """--model, else the configured chat model, but only for the llm engine: an offline interview never
    needs a chat model (nor its key) unless asked for one with --model."""
    return args.model or (settings.chat_model if engine == "llm" else "")


def plan_from_args(args: argparse.Namespace, workspace: Workspace) -> InterviewPlan:
    engine = args.engine or workspace.settings.engine
    return InterviewPlan(
        candidate=args.name,
        bank=args.bank,
        questions=args.questions,
        difficulty=args.difficulty,
        adaptive=args.adaptive,
        types=args.types,
        time_limit_s=args.time_limit,
        feedback=FeedbackMode(args.feedback),
        weak_areas=args.weak_areas,
        follow_up_budget=args.follow_ups,
        seed=args.seed if args.seed is not None else secrets.randbelow(2**31),
        engine=engine,
        model=plan_model(args, engine, workspace.settings),
    )


def ask(prompt: Prompt, session: Session) -> None:
    if prompt.kind == "follow_up":
        print(f"\nFollow-up: {prompt.text}", flush=True)
    else:
        print(f"\nQuestion {prompt.question_index + 1} of {session.plan.questions}: {prompt.text}", flush=True)


def show_step(step: Step, plan: InterviewPlan) -> None:
    if step.turn.over_time:
        print(f"(that took {step.turn.elapsed_s:g} s, over the {plan.time_limit_s} s limit)")
    if plan.feedback is FeedbackMode.EACH and step.completed is not None:
        print("\n" + "\n".join(question_markdown(question_report(step.completed))), flush=True)


def converse(interviewer: Interviewer, session: Session, read: AnswerReader) -> int:
    print(f"Session {session.id} for {session.plan.candidate}. {HELP}", flush=True)
    while session.pending is not None:
        ask(session.pending, session)
        started = time.monotonic()
        interviewer.prepare(session)  # while the candidate reads and types
        answer = read()
        if answer is None or answer == QUIT:
            print(f"\nSaved. Resume with: interviewer interview --resume {session.id}", flush=True)
            return 0
        step = interviewer.answer(session, answer, time.monotonic() - started)
        show_step(step, session.plan)
        session = step.session
    print("\n" + report_markdown(interviewer.report(session)), flush=True)
    return 0


def run_interview(args: argparse.Namespace) -> int:
    workspace = Workspace()
    store = _open_store(workspace, args)
    if args.resume:
        interviewer = make_interviewer(workspace, store.load(args.resume).plan, store)
        session = interviewer.resume(args.resume)
        print(f"Resuming session {session.id} after {len(session.turns)} answered turn(s).")
    else:
        plan = plan_from_args(args, workspace)
        interviewer = make_interviewer(workspace, plan, store)
        session = interviewer.start(plan)
    return converse(interviewer, session, answer_reader(sys.stdin, sys.stdout))


def _open_store(workspace: Workspace, args: argparse.Namespace) -> SqlSessionStore:
    """`--db`, else the configured `database_url`, else SQLite in the data directory."""
    return open_store(workspace.settings.data_dir, args.db or workspace.settings.database_url)


def run_sessions_list(args: argparse.Namespace) -> int:
    summaries = _open_store(Workspace(), args).list_sessions(args.candidate)
    for s in summaries:
        print(f"{s.id}  {s.status.value:8}  {s.turns:3} turn(s)  {s.created_at}  {s.candidate}")
    if not summaries:
        print("no sessions yet: start one with `interviewer interview`")
    return 0


def render_session(args: argparse.Namespace, fmt: str) -> str:
    workspace = Workspace()
    store = _open_store(workspace, args)
    session = store.load(args.id)
    past = candidate_history(store.sessions_of(session.plan.candidate), workspace.questions, exclude=session.id)
    report = build_report(session, workspace.questions, past)
    return report_json(report) if fmt == "json" else report_markdown(report)


def run_sessions_show(args: argparse.Namespace) -> int:
    print(render_session(args, "md"), end="")
    return 0


def run_sessions_export(args: argparse.Namespace) -> int:
    text = render_session(args, args.format).rstrip("\n") + "\n"
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise OutputFileError(f"{args.output}: cannot write: {exc.strerror or exc}") from None
        print(f"wrote {args.output}")
    else:
        print(text, end="")
    return 0


def _register_interview(commands: Any) -> None:
    p = commands.add_parser(
        "interview", help="run a mock interview in the terminal", description=HELP, parents=[_db_option()]
    )
    p.add_argument("--bank", help="bank id (default: every bank)")
    p.add_argument("--questions", type=count(1, 50), default=5, help="main questions, 1 to 50 (default 5)")
    p.add_argument("--difficulty", type=parse_difficulty, default=None, help="Easy, Medium, Hard or mix (default)")
    p.add_argument("--adaptive", action="store_true", help="harder after strong answers, easier after weak ones")
    p.add_argument("--types", type=parse_types, default=(), help="comma-separated, e.g. technical,system-design")
    p.add_argument("--weak-areas", action="store_true", help="prefer subtopics missed in past sessions")
    p.add_argument("--follow-ups", type=count(0, 5), default=2, help="follow-ups per question at most (default 2)")
    p.add_argument("--time-limit", type=count(1, 86_400), help="seconds per answer; longer answers are flagged")
    p.add_argument("--engine", choices=engine_names(), help=engine_help())
    p.add_argument(
        "--model", help="provider:model for the llm engine and phrased follow-ups (offline: only when given)"
    )
    p.add_argument("--name", default="anonymous", help="candidate name (past sessions shape question choice)")
    p.add_argument("--feedback", choices=["each", "end"], default="end", help="after each question, or at the end")
    p.add_argument("--seed", type=int, help="same seed and history, same questions (default: random)")
    p.add_argument("--resume", metavar="ID", help="continue an unfinished session")
    p.set_defaults(run=run_interview)


def _db_option() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db", metavar="URL", help="SQLAlchemy URL (default: database_url, else sqlite:///<data_dir>/sessions.db)"
    )
    return parent


def register(commands: Any) -> None:
    _register_interview(commands)
    sessions = commands.add_parser("sessions", help="list, show and export interview sessions")
    verbs = sessions.add_subparsers(dest="verb", required=True, metavar="VERB")
    listing = verbs.add_parser("list", help="every session, oldest first", parents=[_db_option()])
    listing.add_argument("--candidate", help="only this candidate's sessions")
    listing.set_defaults(run=run_sessions_list)
    show = verbs.add_parser("show", help="a session's report as Markdown (unfinished too)", parents=[_db_option()])
    show.add_argument("id")
    show.set_defaults(run=run_sessions_show)
    export = verbs.add_parser("export", help="a session's report as Markdown or JSON", parents=[_db_option()])
    export.add_argument("id")
    export.add_argument("--format", choices=["md", "json"], default="md")
    export.add_argument("-o", "--output", help="write to FILE instead of printing")
    export.set_defaults(run=run_sessions_export)
