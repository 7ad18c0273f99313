"""The app in a real browser: headless Debian Chromium driven by Playwright, app on a free local port."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, free_port, wait_for_http

from interviewer.grading.registry import engine_caution

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
pytestmark = [
    pytest.mark.server,
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="requires Debian's chromium (installed by scripts/test.sh)"),
]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def running_app(env: dict[str, str]) -> Iterator[str]:
    """`python app.py` on a free local port with `env`, until the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "app.py"), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", timeout=300)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def app_url(data_dir_with_bank: Callable[[str], Path]) -> Iterator[str]:
    env = {**os.environ, "INTERVIEWER_DATA_DIR": str(data_dir_with_bank("app-data"))}
    with running_app(env) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fill_and_keep(page: Any, selector: str, value: str) -> None:
    """Fill a field of the just-opened accordion, again if its late mount put the default back."""
    field = page.locator(selector)
    for _ in range(20):
        field.fill(value)
        page.wait_for_timeout(250)
        if field.input_value() == value:
            return
    raise AssertionError(f"{selector} does not keep {value!r}")


def open_tab(browser: Any, url: str, tab: str) -> Any:
    page = browser.new_context(accept_downloads=True).new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    page.goto(url)
    page.get_by_role("tab", name=tab).click()
    return page


def test_batch_upload_with_a_bad_row_grades_and_downloads(browser: Any, app_url: str, tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    source.write_text(
        "id,question_id,answer\n"
        'a1,fp16-vs-int8-inference,"fp16 keeps accuracy on Tensor Core GPUs; int8 needs calibration and wins on CPUs with VNNI."\n'
        "a2,no-such-question,whatever\n"
        'a3,zero-sharding-stages,"<img src=x onerror=alert(1)> ZeRO-3 shards parameters, gradients and optimizer state."\n'
    )
    page = open_tab(browser, app_url, "Batch grading")
    page.locator("#batch-upload input[type=file]").set_input_files(str(source))
    page.get_by_text("3 rows").wait_for(timeout=60_000)
    page.locator("#batch-run").click()
    page.locator("#batch-summary").get_by_text("Graded").wait_for(timeout=120_000)
    summary = page.locator("#batch-summary").inner_text()
    assert "Graded 2 answers; 1 bad rows" in summary.replace("**", "")
    assert engine_caution("offline") in summary  # what to check by hand, beside the results
    links = page.locator("#batch-downloads a")
    assert links.count() == 3
    with page.expect_download() as download:
        links.first.click()
    assert download.value.suggested_filename.endswith(".graded.jsonl")
    assert page.get_by_text("<img src=x onerror=alert(1)>", exact=False).count() >= 1
    assert page.dialogs == []
    screenshot(page, "batch-tab")


def test_bank_search_shows_a_question(browser: Any, app_url: str) -> None:
    page = open_tab(browser, app_url, "Question bank")
    page.wait_for_function("() => !document.querySelector('#bank-message').innerText.includes('Preparing')")
    page.get_by_label("Search the bank").fill("which ZeRO stage shards parameters")
    page.get_by_label("Search the bank").press("Enter")
    page.get_by_text("zero-sharding-stages").first.wait_for(timeout=60_000)
    page.get_by_text("zero-sharding-stages").first.click()
    page.get_by_text("Reference answer").wait_for(timeout=30_000)
    screenshot(page, "bank-tab")
