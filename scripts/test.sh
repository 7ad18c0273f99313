#!/usr/bin/env bash
# Every check: ruff, mypy, pytest. Installs what the tests need first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/system-packages.sh  # before pip: the compiler that builds llama-cpp-python
EXTRAS=dev,voice,local-llm  # the local model's tests run against a real llama.cpp server
source scripts/venv.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
