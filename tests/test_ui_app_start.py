"""app.py honours Gradio's own GRADIO_SERVER_NAME/GRADIO_SERVER_PORT, and --host/--port over them."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from conftest import REPO


def app_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("interviewer_app", REPO / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gradio_variables_then_flags_choose_host_and_port() -> None:
    app = app_module()
    assert (app.arguments([], {}).host, app.arguments([], {}).port) == ("127.0.0.1", 7860)
    env = {"GRADIO_SERVER_NAME": "0.0.0.0", "GRADIO_SERVER_PORT": "8123"}
    assert (app.arguments([], env).host, app.arguments([], env).port) == ("0.0.0.0", 8123)
    flagged = app.arguments(["--port", "9001", "--host", "127.0.0.2"], env)
    assert (flagged.host, flagged.port) == ("127.0.0.2", 9001)
