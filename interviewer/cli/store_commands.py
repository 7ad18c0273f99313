"""`interviewer ingest` and `interviewer config`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from interviewer.config import describe, load_settings
from interviewer.workspace import Workspace


def workspace_for(args: argparse.Namespace) -> Workspace:
    overrides: dict[str, Any] = {}
    if getattr(args, "path", None):
        overrides["knowledge_dir"] = Path(args.path)
    return Workspace(load_settings(**overrides))


def run_ingest(args: argparse.Namespace) -> int:
    report = workspace_for(args).ingest(rebuild=args.rebuild)
    print(report.summary())
    return 0


def run_config(args: argparse.Namespace) -> int:
    for name, value in describe(load_settings()).items():
        print(f"{name:16} {value}")
    return 0


def register(commands: Any) -> None:
    ingest = commands.add_parser("ingest", help="embed the question banks into the knowledge store")
    ingest.add_argument("path", nargs="?", help="knowledge folder or one bank folder (default: configured)")
    ingest.add_argument("--rebuild", action="store_true", help="drop the store and embed everything again")
    ingest.set_defaults(run=run_ingest)
    config = commands.add_parser("config", help="print the effective settings (secrets masked)")
    config.set_defaults(run=run_config)
