"""`interviewer bank validate|search|show|stats|import`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from interviewer.bank.loader import collect_banks
from interviewer.bank.render import question_markdown
from interviewer.cli.store_commands import workspace_for
from interviewer.config import load_settings


def run_validate(args: argparse.Namespace) -> int:
    banks, problems = collect_banks(Path(args.path) if args.path else load_settings().knowledge_dir)
    for problem in problems:
        print(problem)
    count = sum(len(b.questions) for b in banks)
    print(f"{len(banks)} bank(s), {count} questions, {len(problems)} problem(s)")
    return 1 if problems else 0


def run_search(args: argparse.Namespace) -> int:
    store = workspace_for(args).ready_store()
    hits = store.search_questions(
        args.text, k=args.k, difficulty=args.difficulty, type=args.type, subtopic=args.subtopic
    )
    for hit in hits:
        meta = hit.metadata
        print(f"{hit.similarity:.3f}  {hit.question_id}  [{meta['difficulty']}, {meta['type']}, {meta['subtopic']}]")
        print(f"       {hit.text[:150]}")
    if not hits:
        print("no question matches these filters")
    return 0


def run_show(args: argparse.Namespace) -> int:
    print(question_markdown(workspace_for(args).question(args.id)))
    return 0


def register(commands: Any) -> None:
    bank = commands.add_parser("bank", help="validate, search and show question banks")
    verbs = bank.add_subparsers(dest="verb", required=True, metavar="VERB")
    validate = verbs.add_parser("validate", help="report every problem in the banks, with file and field")
    validate.add_argument("path", nargs="?")
    validate.set_defaults(run=run_validate)
    search = verbs.add_parser("search", help="semantic search over bank questions")
    search.add_argument("text")
    search.add_argument("-k", type=int, default=5)
    search.add_argument("--difficulty", choices=["Easy", "Medium", "Hard"])
    search.add_argument("--type", help="Technical, System Design, Behavioral/Leadership, …")
    search.add_argument("--subtopic")
    search.set_defaults(run=run_search, path=None)
    show = verbs.add_parser("show", help="a question with its rubric, follow-ups, red flags, sources")
    show.add_argument("id")
    show.set_defaults(run=run_show, path=None)
