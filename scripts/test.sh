#!/usr/bin/env bash
# Every check: ruff, mypy, pytest. Installs what the tests need first. Arguments go to pytest:
# `bash scripts/test.sh -m "not slow"` is the quick run (no browser, no local model, no eval gate).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
lap() { echo "test.sh: $1 took $((SECONDS - mark)) s" >&2; mark=$SECONDS; }
mark=$SECONDS
source scripts/system-packages.sh  # Chromium and espeak-ng for the browser and voice tests
EXTRAS=dev,voice,local-llm,train  # a real llama.cpp server for the local model's tests; torch for the judge's training test
source scripts/venv.sh
lap "system packages and install"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
lap "ruff"
.venv/bin/mypy
lap "mypy"
.venv/bin/python -m pytest "$@"
