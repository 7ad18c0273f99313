"""The app's flows as a new user drives them, in headless Chromium (as test_ui_e2e): inline messages instead of
error toasts, inputs disabled before the start and after the end, Skip skipping the question, "ended"
everywhere, a non-audio upload, a blind review that keeps its marks, bank search ranked like the CLI, and the
batch results table. Screenshots at a desktop and a phone width go to test-artifacts/ (the reviewed ones are
in docs/screenshots/)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_ui_e2e import ARTIFACTS, CHROMIUM, browser, running_app
from test_ui_interview_e2e import FIRST_ANSWER, WAIT, choose, set_up

__all__ = ["browser"]  # the Chromium fixture of test_ui_e2e, used here too

pytestmark = [
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="requires Debian's chromium (installed by scripts/test.sh)"),
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TOASTS = ".toast-body"


@pytest.fixture(scope="module")
def app_url(data_dir_with_bank: Callable[[str], Path]) -> Iterator[str]:
    env = {**os.environ, "INTERVIEWER_DATA_DIR": str(data_dir_with_bank("product-app"))}
    with running_app(env) as url:
        yield url


def open_page(browser: Any, url: str, tab: str, viewport: dict[str, int] = DESKTOP) -> Any:
    page = browser.new_context(viewport=viewport, accept_downloads=True).new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    page.goto(url)
    page.get_by_role("tab", name=tab).click()
    return page


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fits_the_screen(page: Any) -> bool:
    """No sideways scrolling: the page is no wider than the window."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_inputs_wait_for_the_start_and_an_empty_answer_is_said_beside_the_box(browser: Any, app_url: str) -> None:
    page = open_page(browser, app_url, "Interview")
    assert page.locator("#iv-send").is_disabled() and page.locator("#iv-skip").is_disabled()
    assert page.locator("#iv-answer textarea").is_disabled()
    set_up(page, "val-e2e", questions=2, follow_ups=1, seed=1)
    page.locator("#iv-card").get_by_text("Question 1 of 2").wait_for(timeout=WAIT)
    assert page.locator("#iv-send").is_enabled()
    page.locator("#iv-send").click()
    page.locator("#iv-note").get_by_text("Type an answer first").wait_for(timeout=WAIT)
    assert page.locator(TOASTS).count() == 0 and page.locator("#iv-chat").is_visible()
    page.locator("#iv-answer textarea").fill("half-typed thoughts")
    assert page.locator("#iv-answer textarea").input_value() == "half-typed thoughts"
    shot(page, "interview-screen-desktop")
    assert page.dialogs == []


def test_skip_skips_the_question_and_an_ended_interview_is_ended_everywhere(browser: Any, app_url: str) -> None:
    page = open_page(browser, app_url, "Interview")
    set_up(page, "skip-e2e", questions=3, follow_ups=2, seed=1)
    page.locator("#iv-answer textarea").fill(FIRST_ANSWER)
    page.locator("#iv-send").click()
    page.locator("#iv-card").get_by_text(re.compile(r"follow-up 1 of 2|Question 2 of 3")).wait_for(timeout=WAIT)
    if "follow-up" in page.locator("#iv-card").inner_text():
        page.locator("#iv-skip").click()
    page.locator("#iv-card").get_by_text("Question 2 of 3").wait_for(timeout=WAIT)
    assert "follow-up" not in page.locator("#iv-card").inner_text()
    page.locator("#iv-end").click()
    page.locator("#iv-report").get_by_text("Your results").wait_for(timeout=WAIT)
    assert "(ended)" in page.locator("#iv-status").inner_text()
    assert page.locator("#iv-send").is_disabled() and page.locator("#iv-answer textarea").is_disabled()
    report = page.locator("#iv-report").inner_text()
    assert report.index("Your results") < report.index("Question 1") and "interview ended" in report
    assert page.locator("#iv-report details").count() == 1  # the answers are folded below the summary
    session = re.search(r"Session (\w{12})", page.locator("#iv-status").inner_text())
    assert session is not None
    shot(page, "interview-summary-desktop")
    coach = open_page(browser, app_url, "Coach")
    listed = coach.locator("#coach-transcripts")
    listed.get_by_text(session.group(1)).first.wait_for(timeout=WAIT)
    cell = listed.get_by_text(session.group(1)).first.locator("xpath=ancestor::div[@role='gridcell'][1]")
    row = cell.get_attribute("data-row")
    assert row is not None
    assert listed.get_by_test_id(f"cell-{row}-3").inner_text().strip() == "ended"
    assert page.locator(TOASTS).count() == 0 and page.dialogs == []


def test_a_file_that_is_not_audio_says_so_and_the_answer_box_stays_usable(
    browser: Any, app_url: str, tmp_path: Path
) -> None:
    page = open_page(browser, app_url, "Interview")
    set_up(page, "audio-e2e", questions=1, follow_ups=0, seed=2)
    fake = tmp_path / "fake.wav"
    fake.write_text("this is not audio at all")
    page.get_by_text("Answer by voice").click()
    page.locator("#iv-voice-audio button[aria-label='Upload file']").click()
    page.locator("#iv-voice-audio input[type=file]").set_input_files(str(fake))
    note = page.locator("#iv-voice-note")
    note.get_by_text("not audio we can read").wait_for(timeout=WAIT)
    assert "Errno" not in note.inner_text() and "/tmp/" not in note.inner_text()
    box = page.locator("#iv-answer textarea")
    box.fill("typed after the bad upload")
    assert box.is_editable() and box.input_value() == "typed after the bad upload"
    assert page.locator(TOASTS).count() == 0 and page.dialogs == []


def test_an_incomplete_blind_review_keeps_the_marks_and_says_what_is_missing(browser: Any, app_url: str) -> None:
    page = open_page(browser, app_url, "Interview")
    set_up(page, "blind-e2e", questions=1, follow_ups=0, seed=3)
    page.locator("#iv-answer textarea").fill(FIRST_ANSWER)
    page.locator("#iv-send").click()
    session = re.search(r"Session (\w{12})", page.locator("#iv-status").inner_text())
    assert session is not None
    page.locator("#iv-report").get_by_text("Your results").wait_for(timeout=WAIT)
    coach = open_page(browser, app_url, "Coach")
    coach.locator("#coach-name textarea").fill("Coach Blind")
    coach.locator("#coach-blind input").check()
    choose(coach, "#coach-transcript", session.group(1))
    coach.locator("#coach-verdict-0 input").wait_for(timeout=WAIT)
    choose(coach, "#coach-verdict-0", "partial")
    coach.locator("#coach-overall textarea").fill("my overall view")
    coach.locator("#coach-save").click()
    coach.locator("#coach-message").get_by_text("Mark every rubric point").wait_for(timeout=WAIT)
    assert coach.locator("#coach-verdict-0 input").input_value() == "partial"
    assert coach.locator("#coach-overall textarea").input_value() == "my overall view"
    assert coach.locator(TOASTS).count() == 0 and coach.dialogs == []
    shot(coach, "coach-view-desktop")


def test_bank_search_ranks_like_the_cli_and_says_no_match(browser: Any, app_url: str) -> None:
    page = open_page(browser, app_url, "Question bank")
    page.wait_for_function("() => !document.querySelector('#bank-message').innerText.includes('Preparing')")
    search = page.get_by_label("Search the bank")
    search.fill("shard optimizer state")
    search.press("Enter")
    page.locator("#bank-message").get_by_text("best first").wait_for(timeout=WAIT)
    table = page.locator("#bank-table")
    assert table.get_by_test_id("cell-0-0").inner_text().strip() == "zero-sharding-stages"
    count = len(re.findall(r"cell-\d+-1\b", table.inner_html()))
    scores = [float(table.get_by_test_id(f"cell-{i}-1").inner_text()) for i in range(count)]
    assert count >= 2 and scores == sorted(scores, reverse=True)
    search.fill("banana bread recipe")
    search.press("Enter")
    page.locator("#bank-message").get_by_text("No match").wait_for(timeout=WAIT)
    assert "zero-sharding" not in page.locator("#bank-table").inner_text()


def test_batch_results_table_opens_an_answer(browser: Any, app_url: str, tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    source.write_text(
        "id,candidate,question_id,answer\n"
        'a1,ann,zero-sharding-stages,"ZeRO-1 shards optimizer state; ZeRO-3 shards parameters too."\n'
        "a2,ben,zero-sharding-stages,I don't know\n"
        'a3,cy,fp16-vs-int8-inference,"fp16 keeps accuracy; int8 needs calibration."\n'
    )
    page = open_page(browser, app_url, "Batch grading")
    page.locator("#batch-upload input[type=file]").set_input_files(str(source))
    page.get_by_text("3 rows").wait_for(timeout=WAIT)
    page.locator("#batch-run").click()
    table = page.locator("#batch-results")
    table.get_by_test_id("cell-1-6").get_by_text("declined (I don't know)").wait_for(timeout=WAIT)
    assert table.get_by_test_id("cell-2-0").count() == 1 and table.get_by_test_id("cell-3-0").count() == 0
    table.get_by_test_id("cell-0-2").click()
    page.locator("#batch-detail").get_by_text("ZeRO-1 shards optimizer state").first.wait_for(timeout=WAIT)
    shot(page, "batch-results-desktop")
    assert page.dialogs == []


def open_on_phone(browser: Any, url: str, tab: str) -> Any:
    """The app loaded at a phone's width, `tab` picked from the tab bar (or its "More tabs" menu)."""
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(url)
    page.locator("#iv-card").wait_for(timeout=WAIT)
    if page.get_by_role("tab", name=tab).first.is_visible():
        page.get_by_role("tab", name=tab).first.click()
    else:
        page.get_by_role("button", name="More tabs").click()
        page.get_by_role("button", name=tab, exact=True).locator("visible=true").first.click()
    page.wait_for_timeout(1000)
    return page


def test_the_interview_screen_fits_a_phone(browser: Any, app_url: str) -> None:
    page = open_on_phone(browser, app_url, "Interview")
    set_up(page, "phone-e2e", questions=2, follow_ups=0, seed=4)
    assert fits_the_screen(page) and page.locator("#iv-card").is_visible() and page.locator("#iv-send").is_visible()
    shot(page, "interview-screen-phone")


@pytest.mark.parametrize(
    ("tab", "element", "name"), [("Coach", "#coach-save", "coach"), ("Batch grading", "#batch-run", "batch")]
)
def test_coach_and_batch_open_on_a_phone(browser: Any, app_url: str, tab: str, element: str, name: str) -> None:
    """Their tables scroll sideways inside the page on a phone (a known limit: Gradio's grid keeps its widths)."""
    page = open_on_phone(browser, app_url, tab)
    assert page.locator(element).is_visible()
    shot(page, f"{name}-phone")
