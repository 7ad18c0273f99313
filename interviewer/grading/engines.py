"""Engines and rubric drafters for a workspace (the surfaces' entry point; the table is `registry`)."""

from __future__ import annotations

from interviewer.grading import registry
from interviewer.grading.engine import Engine
from interviewer.workspace import Workspace


def make_engine(workspace: Workspace, engine: str | None = None, model: str | None = None, samples: int = 1) -> Engine:
    """The registered engine `engine` (the configured one by default) for this workspace's settings."""
    return registry.make_engine(workspace.settings, workspace.embedder, engine, model, samples)
