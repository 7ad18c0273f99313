"""`python -m interviewer.evals [CASES] [KNOWLEDGE]`: validate eval case files against the bank."""

import sys
from pathlib import Path

from interviewer.bank.loader import all_questions, load_banks
from interviewer.errors import BankError
from interviewer.evals.cases import load_cases

if __name__ == "__main__":
    cases_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "evals/cases")
    questions = {q.id: q for q in all_questions(load_banks(Path(sys.argv[2] if len(sys.argv) > 2 else "knowledge")))}
    try:
        files = load_cases(cases_dir, questions)
    except BankError as exc:
        print(exc)
        sys.exit(1)
    print(f"{sum(len(f.cases) for f in files)} cases in {len(files)} files, 0 problems")
