"""`interviewer bank validate|search|show|stats|import`."""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import Any

from interviewer.bank.importer import DraftRubric, ImportReport, import_questions
from interviewer.bank.loader import collect_banks, load_banks
from interviewer.bank.render import question_markdown
from interviewer.bank.stats import DIFFICULTIES, Coverage, coverage
from interviewer.cli.store_commands import workspace_for
from interviewer.config import Settings, load_settings
from interviewer.errors import ConfigError
from interviewer.redact import redact


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


def coverage_text(c: Coverage) -> str:
    """The subtopic × difficulty table, type counts and the empty cells of one bank."""
    width = max(len("subtopic"), *(len(s) for s in c.subtopics))
    header = f"{'subtopic':<{width}}" + "".join(f"{d.value:>8}" for d in DIFFICULTIES) + f"{'total':>8}"
    rows = [
        f"{s:<{width}}" + "".join(f"{c.count(s, d):>8}" for d in DIFFICULTIES) + f"{c.subtopic_total(s):>8}"
        for s in c.subtopics
    ]
    totals = f"{'total':<{width}}" + "".join(f"{c.difficulty_total(d):>8}" for d in DIFFICULTIES) + f"{c.total:>8}"
    types = " · ".join(f"{t.value} {n}" for t, n in c.types.items())
    empty = ", ".join(f"{s}/{d.value}" for s, d in c.empty_cells) or "none"
    title = f"{c.bank_id} ({c.title}): {c.total} questions, counted by primary subtopic"
    return "\n".join([title, header, *rows, totals, f"types: {types}", f"empty cells: {empty}"])


def run_stats(args: argparse.Namespace) -> int:
    banks = load_banks(Path(args.path) if args.path else load_settings().knowledge_dir)
    print("\n\n".join(coverage_text(coverage(loaded)) for loaded in banks))
    return 0


def llm_drafter(settings: Settings, model: str | None) -> DraftRubric:
    """Draft missing rubrics with the chat model, falling back to offline drafting with a warning."""
    from interviewer.drafting.llm import LLMDrafter, draft_rubric  # the provider layer loads only when asked for
    from interviewer.llm.chat import make_chat_model
    from interviewer.llm.prompts import load_prompt

    llm = LLMDrafter(
        make_chat_model(model or settings.chat_model, settings), load_prompt("draft_rubric", settings.prompts_dir)
    )
    return functools.partial(draft_rubric, llm=llm)


def import_summary(report: ImportReport) -> str:
    parts = [f"imported {len(report.questions)} question(s) into {report.folder}"]
    if report.drafted:
        parts.append(f"{report.drafted} with drafted rubric points (drafted: true; review them)")
    if report.added_subtopics:
        created = "created the bank with" if report.created_bank else "added"
        parts.append(f"{created} subtopic(s) {', '.join(report.added_subtopics)}")
    if report.problems:
        parts.append(f"{len({p.row for p in report.problems})} bad row(s) not imported")
    return "; ".join(parts)


def import_folder(args: argparse.Namespace, settings: Settings) -> Path:
    """`--out`, else a knowledge_dir the user configured; never silently the repository's own banks."""
    if args.out:
        return Path(args.out)
    if "knowledge_dir" in settings.model_fields_set:
        return settings.knowledge_dir
    raise ConfigError(
        f"give --out FOLDER (or set knowledge_dir): the default knowledge folder is the built-in "
        f"{settings.knowledge_dir}; use --out {settings.knowledge_dir} to add a bank there on purpose"
    )


def run_import(args: argparse.Namespace) -> int:
    settings = load_settings()
    out = import_folder(args, settings)
    drafter = llm_drafter(settings, args.model) if args.llm else None
    report = import_questions(Path(args.file), out, args.bank, args.title, drafter, args.overwrite)
    for line in [*(f"warning: {w}" for w in report.warnings), *map(str, report.problems)]:
        print(redact(line), file=sys.stderr)
    print(import_summary(report))
    return 1 if report.problems else 0


def register_stats_and_import(verbs: Any) -> None:
    stats = verbs.add_parser("stats", help="coverage table: subtopic × difficulty, types, empty cells")
    stats.add_argument("path", nargs="?", help="knowledge folder or one bank folder (default: configured)")
    stats.set_defaults(run=run_stats)
    imp = verbs.add_parser("import", help="CSV/JSONL of questions -> validated YAML files in a bank folder")
    imp.add_argument("file", help="CSV or JSONL: question, reference_answer, difficulty, type, subtopic, [id, rubric]")
    imp.add_argument("--bank", help="bank id, the folder under --out (default: the file name)")
    imp.add_argument("--out", help="knowledge folder (default: knowledge_dir, when you configured one)")
    imp.add_argument(
        "--overwrite", action="store_true", help="a row whose id is a question of this bank replaces its file"
    )
    imp.add_argument("--title", help="title of the bank when it is created")
    imp.add_argument("--llm", action="store_true", help="draft missing rubric points with the chat model")
    imp.add_argument("--model", help="provider:model for --llm (default: INTERVIEWER_CHAT_MODEL)")
    imp.set_defaults(run=run_import)


def register(commands: Any) -> None:
    bank = commands.add_parser("bank", help="validate, search, show, count and import question banks")
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
    register_stats_and_import(verbs)
