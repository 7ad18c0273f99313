"""`interviewer …`: parse arguments, call the package, print; expected errors become one line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from interviewer.config import apply_offline_environment
from interviewer.errors import InterviewerError
from interviewer.redact import redact

apply_offline_environment()

from interviewer.cli import (  # noqa: E402
    bank_commands,
    eval_commands,
    grade_commands,
    interview_commands,
    store_commands,
)

COMMAND_MODULES = [store_commands, bank_commands, grade_commands, interview_commands, eval_commands]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="interviewer", description="Mock interviews and rubric grading.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except InterviewerError as exc:
        print(f"error: {redact(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file or folder the command needs: missing, unwritable, disk full
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{redact(exc.strerror or str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
