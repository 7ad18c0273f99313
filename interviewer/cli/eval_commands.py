"""`interviewer eval`: run the labelled cases (or a human-scored file) through a grader and report."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TimeRemainingColumn

from interviewer.config import REPO_ROOT
from interviewer.errors import ConfigError
from interviewer.evals.asag import agreement_text, grade_rows
from interviewer.evals.asag_rubrics import read_rubrics
from interviewer.evals.baseline import StoredBaseline, load_baseline, write_baseline
from interviewer.evals.harness import EvalOutcome, check_baseline, evaluate, write_outputs
from interviewer.evals.items import load_items
from interviewer.evals.report import console_summary
from interviewer.evals.runner import RunOptions
from interviewer.grading.engines import make_engine
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.registry import engine_help, engine_names
from interviewer.workspace import Workspace

GATE_REPEATS = 2


def _options(args: argparse.Namespace) -> RunOptions:
    gated = args.check_baseline or args.write_baseline
    if gated and args.no_variants:
        raise ConfigError("the baseline includes the variants' bias: drop --no-variants")
    if args.write_baseline and args.limit:
        raise ConfigError("--write-baseline measures every case: drop --limit")
    repeats = max(args.repeats, GATE_REPEATS) if gated else max(1, args.repeats)
    return RunOptions(repeats=repeats, variants=not args.no_variants)


def _run(grader: Grader, args: argparse.Namespace, workspace: Workspace) -> EvalOutcome:
    items = load_items(Path(args.cases), workspace.questions, args.limit)
    options = _options(args)
    with Progress(BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), TimeRemainingColumn()) as progress:
        task = progress.add_task("eval", total=len(items))
        return evaluate(grader, items, options, lambda n: progress.advance(task, n))


def _gate(outcome: EvalOutcome, args: argparse.Namespace, old: StoredBaseline | None) -> int:
    folder = Path(args.cases).parent
    if args.write_baseline:
        write_baseline(folder, outcome.stored())
        print(f"baseline written to {folder}")
    if old is None:
        return 0
    check = check_baseline(outcome, old)
    for line in [*(f"note: {n}" for n in check.notes), *(f"changed: {c}" for c in check.changed)]:
        print(line)
    for line in check.regressions:
        print(f"REGRESSION {line}", file=sys.stderr)
    print(f"baseline check: {'FAILED' if check.regressions else 'passed'} ({len(check.changed)} case(s) changed)")
    return 1 if check.regressions else 0


def run_eval_command(args: argparse.Namespace) -> int:
    workspace = Workspace()
    grader = Grader(make_engine(workspace, args.engine, args.model), workspace.embedder)
    if args.asag:
        rubrics = read_rubrics(Path(args.rubrics)) if args.rubrics else None
        gaming = args.gaming if args.gaming is not None else isinstance(grader.engine, OfflineEngine)
        print(agreement_text(grade_rows(grader, Path(args.asag), args.limit, rubrics, gaming)))
        return 0
    old = load_baseline(Path(args.cases).parent) if args.check_baseline else None  # fail before the long run
    started = time.perf_counter()
    outcome = _run(grader, args, workspace)
    written = write_outputs(outcome, Path(args.out))
    print(console_summary(outcome.summary))
    print(f"{time.perf_counter() - started:.0f}s; wrote {', '.join(str(p) for p in written)}")
    return _gate(outcome, args, old)


def register(commands: Any) -> None:
    command = commands.add_parser("eval", help="measure the grader against the labelled eval cases")
    command.add_argument("--engine", choices=engine_names(), help=engine_help())
    command.add_argument("--model", help="provider:model for the llm engine")
    command.add_argument("--repeats", type=int, default=1, help="grade every case K times (consistency)")
    command.add_argument("--cases", default=str(REPO_ROOT / "evals" / "cases"), help="folder of case YAML files")
    command.add_argument("--out", default="eval-out", help="folder for report.md, report.json and the plots")
    command.add_argument("--asag", metavar="FILE", help="instead: agreement on a human-scored JSONL file")
    command.add_argument(
        "--rubrics", metavar="YAML", help="with --asag: grade each row against its question_id's rubric in this file"
    )
    gaming = command.add_mutually_exclusive_group()
    gaming.add_argument(
        "--gaming",
        action="store_true",
        default=None,
        help="with --asag: also grade gaming answers made from each question's reference answer (4 grades a "
        "question: negated, antonym-swapped, its words in nonsense, and the reference itself); on by default "
        "for the offline engine, which costs nothing",
    )
    gaming.add_argument("--no-gaming", dest="gaming", action="store_false", help="with --asag: skip them")
    command.add_argument("--limit", type=int, default=0, help="only the first N cases (or ASAG rows)")
    command.add_argument("--no-variants", action="store_true", help="skip the generated variants (bias)")
    command.add_argument(
        "--check-baseline", action="store_true", help="exit 1 if a headline metric is worse than the baseline"
    )
    command.add_argument(
        "--write-baseline", action="store_true", help="record this run as the baseline (evals/baseline*.json)"
    )
    command.set_defaults(run=run_eval_command)
