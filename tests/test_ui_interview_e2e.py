"""The Interview and Coach tabs in a real browser: headless Debian Chromium driven by Playwright, the app
started as a subprocess on a free local port (with a coach password), as in test_ui_e2e."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from test_ui_e2e import CHROMIUM, browser, fill_and_keep, open_tab, running_app, screenshot

__all__ = ["browser"]  # the Chromium fixture of test_ui_e2e, used here too (exported, so not an unused import)

pytestmark = [
    pytest.mark.server,
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="requires Debian's chromium (installed by scripts/test.sh)"),
]
PASSWORD = "coach-e2e-secret"
XSS = "<img src=x onerror=alert(1)>"
FIRST_ANSWER = (
    "For the nightly marketing email I would use batch inference: score every customer on a schedule, "
    f"because it is cheap and nobody waits for it. {XSS}"
)
WAIT = 90_000


@pytest.fixture(scope="module")
def app_url(data_dir_with_bank: Callable[[str], Path]) -> Iterator[str]:
    env = {
        **os.environ,
        "INTERVIEWER_DATA_DIR": str(data_dir_with_bank("app-data")),
        "INTERVIEWER_COACH_PASSWORD": PASSWORD,
    }
    with running_app(env) as url:
        yield url


def choose(page: Any, dropdown: str, option: str) -> None:
    page.locator(f"{dropdown} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def set_up(page: Any, name: str, questions: int, follow_ups: int, seed: int, difficulty: str | None = None) -> None:
    page.locator("#iv-name textarea").fill(name)
    page.locator("#iv-questions input[type=number]").fill(str(questions))
    if difficulty:
        choose(page, "#iv-difficulty", difficulty)
    page.get_by_text("Engine and more").click()
    fill_and_keep(page, "#iv-follow-ups input[type=number]", str(follow_ups))
    fill_and_keep(page, "#iv-seed input", str(seed))
    page.locator("#iv-start").click()
    page.locator("#iv-chat").get_by_text(f"Question 1 of {questions}").wait_for(timeout=WAIT)


def answer(page: Any, text: str) -> None:
    page.locator("#iv-answer textarea").fill(text)
    page.locator("#iv-send").click()


@dataclass(frozen=True)
class FinishedInterview:
    page: Any
    session_id: str


@pytest.fixture(scope="module")
def finished(browser: Any, app_url: str) -> FinishedInterview:
    """Two questions, one follow-up, the second skipped: through to the report."""
    page = open_tab(browser, app_url, "Interview")
    set_up(page, "ada-e2e", questions=2, follow_ups=1, seed=1)
    page.locator("#iv-timer").get_by_text(re.compile(r"Answer time: 0:0[1-9]")).wait_for(timeout=WAIT)
    answer(page, FIRST_ANSWER)
    page.locator("#iv-chat").get_by_text("Follow-up:").wait_for(timeout=WAIT)
    answer(page, "I don't know")
    page.locator("#iv-chat").get_by_text("Question 2 of 2").wait_for(timeout=WAIT)
    page.locator("#iv-skip").click()
    page.locator("#iv-report").get_by_text("Report — ada-e2e").wait_for(timeout=WAIT)
    session_id = re.search(r"Session (\w{12})", page.locator("#iv-status").inner_text())
    assert session_id is not None
    return FinishedInterview(page, session_id.group(1))


def test_interview_with_a_follow_up_ends_in_a_report_with_downloads(finished: FinishedInterview) -> None:
    page = finished.page
    report = page.locator("#iv-report")
    assert report.locator("mark").count() >= 1  # evidence highlighted inside the answer
    assert "Your results" in report.inner_text() and "The reference says:" in report.inner_text()
    assert report.inner_text().index("Your results") < report.inner_text().index("Question 1")
    links = page.locator("#iv-downloads a")
    assert links.count() == 3
    with page.expect_download() as download:
        links.first.click()
    assert download.value.suggested_filename.endswith(".md")
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# Interview report — ada-e2e") and finished.session_id in markdown
    page.get_by_text("Your history").click()
    page.locator("#iv-history").get_by_text("1 session(s)").wait_for(timeout=WAIT)  # the returning-candidate view
    screenshot(page, "interview-tab")


def test_answer_markup_is_shown_as_text_and_never_runs(finished: FinishedInterview) -> None:
    page = finished.page
    assert page.locator("#iv-chat").get_by_text(XSS, exact=False).count() >= 1
    assert page.locator("#iv-report").get_by_text(XSS, exact=False).count() >= 1
    assert page.locator("#iv-chat img[src=x], #iv-report img[src=x]").count() == 0
    assert page.dialogs == []


def open_session_as_coach(page: Any, session_id: str) -> None:
    page.locator("#coach-password input").fill(PASSWORD)
    page.locator("#coach-unlock").click()
    page.locator("#coach-name textarea").fill("Coach E2E")
    choose(page, "#coach-transcript", session_id)
    page.locator("#coach-verdict-0 input").wait_for(timeout=WAIT)


def test_coach_override_with_a_comment_persists_after_a_reload(
    browser: Any, app_url: str, finished: FinishedInterview
) -> None:
    page = open_tab(browser, app_url, "Coach")
    assert page.locator("#coach-name").count() == 0  # hidden until the password is entered
    open_session_as_coach(page, finished.session_id)
    page.locator("#coach-item-html").get_by_text(XSS, exact=False).first.wait_for(timeout=WAIT)
    ai_verdict = page.locator("#coach-verdict-0 input").input_value()
    override = "partial" if ai_verdict != "partial" else "met"
    choose(page, "#coach-verdict-0", override)
    page.locator("#coach-comment-0 textarea").fill("override from the browser test")
    page.locator("#coach-save").click()
    page.locator("#coach-message").get_by_text("Saved at").wait_for(timeout=WAIT)
    page.reload()
    page.get_by_role("tab", name="Coach").click()
    open_session_as_coach(page, finished.session_id)
    history = page.locator("#coach-history")
    history.get_by_text("override from the browser test").wait_for(timeout=WAIT)
    assert f"AI {ai_verdict} → {override}" in history.inner_text()
    assert page.locator("#coach-verdict-0 input").input_value() == override
    assert page.dialogs == []
    screenshot(page, "coach-tab")


def test_two_browser_sessions_never_see_each_others_interview(browser: Any, app_url: str) -> None:
    first, second = open_tab(browser, app_url, "Interview"), open_tab(browser, app_url, "Interview")
    set_up(first, "ann-e2e", questions=2, follow_ups=0, seed=5, difficulty="Easy")
    set_up(second, "ben-e2e", questions=2, follow_ups=0, seed=6, difficulty="Hard")
    answer(first, "Ann's answer: batch everything overnight.")
    answer(second, "Ben's answer: shard the optimizer state.")
    first.locator("#iv-chat").get_by_text("Question 2 of 2").wait_for(timeout=WAIT)
    second.locator("#iv-chat").get_by_text("Question 2 of 2").wait_for(timeout=WAIT)
    chat_a, chat_b = first.locator("#iv-chat").inner_text(), second.locator("#iv-chat").inner_text()
    assert "Ann's answer" in chat_a and "Ben's answer" not in chat_a
    assert "Ben's answer" in chat_b and "Ann's answer" not in chat_b
    status_a, status_b = first.locator("#iv-status").inner_text(), second.locator("#iv-status").inner_text()
    assert "ann-e2e" in status_a and "ben-e2e" in status_b and status_a.split()[1] != status_b.split()[1]
    question_a = chat_a.split("Question 1 of 2:")[1].split("\n")[0]
    assert question_a not in chat_b  # an easy and a hard question
    screenshot(second, "interview-tab-second-session")
