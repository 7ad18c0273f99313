#!/usr/bin/env bash
# Start the Gradio app on http://127.0.0.1:7860 with the embedded defaults (no key, no server).
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
exec .venv/bin/python app.py "$@"
