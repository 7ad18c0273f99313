"""Start the Gradio app with the embedded defaults (offline engine, embedded Chroma).

Host and port: `--host`/`--port`, else Gradio's own GRADIO_SERVER_NAME/GRADIO_SERVER_PORT, else 127.0.0.1:7860.
"""

import argparse
import os
from collections.abc import Mapping, Sequence

from interviewer.config import apply_offline_environment

apply_offline_environment()

from interviewer.ui.app import build_app, launch  # noqa: E402
from interviewer.ui.bank_index import BankIndex  # noqa: E402
from interviewer.workspace import Workspace  # noqa: E402


def arguments(argv: Sequence[str] | None = None, environ: Mapping[str, str] = os.environ) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="interviewer web app")
    parser.add_argument("--host", default=environ.get("GRADIO_SERVER_NAME") or "127.0.0.1")
    parser.add_argument("--port", type=int, default=int(environ.get("GRADIO_SERVER_PORT") or 7860))
    return parser.parse_args(argv)


def main() -> None:
    args = arguments()
    workspace = Workspace()
    index = BankIndex(workspace).start()  # the page answers at once; bank search says when it is ready
    launch(build_app(workspace, index=index), args.host, args.port)


if __name__ == "__main__":
    main()
