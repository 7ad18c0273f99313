"""Start the Gradio app on 127.0.0.1 with the embedded defaults (offline engine, embedded Chroma)."""

import argparse

from interviewer.config import apply_offline_environment

apply_offline_environment()

from interviewer.ui.app import build_app  # noqa: E402
from interviewer.workspace import Workspace  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description="interviewer web app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    args = parser.parse_args()
    workspace = Workspace()
    print(workspace.ingest().summary())
    build_app(workspace).launch(server_name=args.host, server_port=args.port)


if __name__ == "__main__":
    main()
