"""`interviewer grade`: one answer, or a whole CSV/JSONL file (resumable)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from interviewer.cli.batch_progress import batch_progress
from interviewer.drafting.llm import drafter_for
from interviewer.errors import GradingError
from interviewer.grading.batch import BatchRunner
from interviewer.grading.batch_input import unknown_columns
from interviewer.grading.batch_output import (
    csv_path,
    errors_path,
    output_paths,
    refuse_overwriting_input,
    summary_path,
)
from interviewer.grading.batch_report import estimate, read_results, summarise, write_csv
from interviewer.grading.engines import make_engine
from interviewer.grading.grader import Grader
from interviewer.grading.registry import engine_caution, engine_help, engine_names
from interviewer.grading.render import grade_text
from interviewer.grading.resolve import resolve_target
from interviewer.workspace import Workspace


def run_single(args: argparse.Namespace, workspace: Workspace) -> int:
    engine = make_engine(workspace, args.engine, args.model, args.samples)
    known = args.question in workspace.questions
    drafter = drafter_for(workspace.settings, args.engine, args.model)
    question_id, text = (args.question, None) if known else (None, args.question)
    target = resolve_target(workspace.question, workspace.ready_store, question_id, text, args.reference, drafter)
    grade = Grader(engine, workspace.embedder).grade(target, args.answer)
    print(json.dumps(grade.model_dump(mode="json"), indent=2) if args.json else grade_text(grade))
    return 0


def run_batch(args: argparse.Namespace, workspace: Workspace) -> int:
    path = Path(args.file)
    out = Path(args.output) if args.output else path.with_name(path.stem + ".graded.jsonl")
    refuse_overwriting_input(path, output_paths(out, with_csv=args.csv))
    engine = make_engine(workspace, args.engine, args.model, args.samples)
    runner = BatchRunner(
        workspace, engine, out, args.concurrency, drafter_for(workspace.settings, args.engine, args.model)
    )
    if unknown := unknown_columns(path):
        print(f"note: {path}: unknown columns ignored: {', '.join(unknown)}", file=sys.stderr)
    if args.dry_run:
        work, skipped, bad = runner.pending(path)
        _print_warnings(runner.warnings)
        e = estimate(work, engine, args.samples, workspace.settings.prices)
        cost = f"${e.cost_usd:.4f}" if e.cost_usd is not None else "unknown (no price for this model)"
        print(
            f"{e.rows} to grade ({skipped} already graded, {bad} bad rows): {e.model_calls} model calls, "
            f"~{e.tokens_in} input + ~{e.tokens_out} output tokens, estimated cost {cost}"
        )
        return 0
    with batch_progress() as progress:
        graded, skipped, bad = runner.run(path, progress.advance, progress.start)
    _print_warnings(runner.warnings)
    records = read_results(out)
    if args.csv:
        write_csv(records, csv_path(out))
    summary = summarise(records)
    summary_path(out).write_text(json.dumps(summary, indent=2))
    if caution := engine_caution(engine.name):
        print(f"note: {caution}", file=sys.stderr)
    print(f"graded {graded}, skipped {skipped} already graded, {bad} bad rows -> {out}")
    _print_bad_rows(path, errors_path(out))
    print(json.dumps({k: v for k, v in summary.items() if k != "point_hit_rates"}))
    return 1 if bad else 0


BAD_ROWS_SHOWN = 5


def _print_bad_rows(source: Path, errors: Path) -> None:
    """The first bad rows (row number, field, why) on stderr, and the file that lists them all."""
    lines = errors.read_text(encoding="utf-8").splitlines() if errors.is_file() else []
    for line in lines[:BAD_ROWS_SHOWN]:
        found = json.loads(line)
        print(f"bad row: {source}: row {found['row']}, {found['field']}: {found['error']}", file=sys.stderr)
    if lines:
        more = f"{len(lines) - BAD_ROWS_SHOWN} more, " if len(lines) > BAD_ROWS_SHOWN else ""
        print(f"bad rows: {more}all {len(lines)} listed in {errors}", file=sys.stderr)


def _print_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def run_grade(args: argparse.Namespace) -> int:
    workspace = Workspace()
    if args.file:
        return run_batch(args, workspace)
    if not (args.question and args.answer is not None):
        raise GradingError("give a FILE, or --question and --answer")
    return run_single(args, workspace)


def register(commands: Any) -> None:
    grade = commands.add_parser("grade", help="grade one answer or a CSV/JSONL file of answers")
    grade.add_argument(
        "file", nargs="?", help="CSV or JSONL with question_id|question, answer, [reference_answer, id, candidate]"
    )
    grade.add_argument("-o", "--output", help="output JSONL (default: FILE.graded.jsonl)")
    grade.add_argument("--csv", action="store_true", help="also write a CSV of the results")
    grade.add_argument("--engine", choices=engine_names(), help=engine_help())
    grade.add_argument("--model", help="provider:model for the llm engine")
    grade.add_argument("--samples", type=int, default=1, help="llm: majority over N samples")
    grade.add_argument(
        "--concurrency",
        type=int,
        help="rows graded side by side (default: 2 for the offline engine, 1 for llm); output stays in row order",
    )
    grade.add_argument("--dry-run", action="store_true", help="count calls, tokens and cost; call nothing")
    grade.add_argument("--question", help="bank question id, or question text")
    grade.add_argument("--answer")
    grade.add_argument("--reference", help="reference answer (reference-only mode)")
    grade.add_argument("--json", action="store_true", help="print the grade as JSON")
    grade.set_defaults(run=run_grade)
