"""`python -m interviewer.bank [PATH]`: validate banks (the CLI's `bank validate` does the same)."""

import sys
from pathlib import Path

from interviewer.bank.loader import collect_banks

if __name__ == "__main__":
    banks, problems = collect_banks(Path(sys.argv[1] if len(sys.argv) > 1 else "knowledge"))
    for problem in problems:
        print(problem)
    count = sum(len(b.questions) for b in banks)
    print(f"{count} questions, {len(problems)} problems")
    sys.exit(1 if problems else 0)
