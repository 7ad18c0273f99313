#!/usr/bin/env bash
# Every check: ruff, mypy, pytest. Installs what the tests need first.
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
source scripts/system-packages.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
