"""The Batch tab: upload CSV/JSONL, preview and estimate, grade with progress, download results."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import gradio as gr
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from interviewer.errors import InterviewerError
from interviewer.grading.batch import BatchRunner, errors_path
from interviewer.grading.batch_input import BatchRow, RowError, read_rows, unknown_columns
from interviewer.grading.batch_report import estimate, read_results, summarise, write_csv
from interviewer.grading.engines import make_engine
from interviewer.grading.registry import engine_caution, engine_help, engine_names
from interviewer.ui.bank_index import BankIndex
from interviewer.ui.batch_results import RESULT_COLUMNS, Record, record_html, result_rows
from interviewer.workspace import Workspace

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
PREVIEW_COLUMNS = ["row", "id", "question_id / question", "answer", "problem"]


def check_upload(path: str | None) -> Path:
    if not path:
        raise gr.Error("Upload a CSV or JSONL file first.")
    file = Path(path)
    if file.stat().st_size > MAX_UPLOAD_BYTES:
        raise gr.Error(
            f"{file.name} is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB: split it into smaller files."
        )
    return file


def preview(workspace: Workspace, path: str | None, engine: str) -> tuple[list[list[Any]], str]:
    """The first rows, unknown columns, and the dry-run estimate."""
    file = check_upload(path)
    try:
        rows = list(read_rows(file))
        runner = BatchRunner(workspace, make_engine(workspace, engine), file.with_suffix(".unused.jsonl"))
        work, _, bad = runner.pending(file)
    except InterviewerError as exc:
        raise gr.Error(str(exc)) from exc
    if len(rows) > MAX_ROWS:
        raise gr.Error(f"{file.name} has {len(rows)} rows; the app grades at most {MAX_ROWS} (use the CLI for more).")
    good: list[list[Any]] = [
        [r.row, r.id, r.question_id or r.question, r.answer[:200], "ok"] for r in rows if isinstance(r, BatchRow)
    ]
    bad_rows: list[list[Any]] = [[r.row, "", "", "", f"{r.field}: {r.error}"] for r in rows if isinstance(r, RowError)]
    table = sorted(good[:5] + bad_rows, key=lambda r: int(r[0]))  # every row with a problem, and the first five
    e = estimate(work, runner.engine, 1, workspace.settings.prices)
    cost = f"${e.cost_usd:.4f}" if e.cost_usd is not None else "unknown"
    lines = [
        f"**{len(rows)} rows**: {len(work)} to grade, {bad} bad (listed in the errors file after the run).",
        f"Estimate: {e.model_calls} model calls, ~{e.tokens_in} input / ~{e.tokens_out} output tokens, cost {cost}.",
    ]
    if unknown := unknown_columns(file):
        lines.append(f"Unknown columns ignored: {', '.join(unknown)}.")
    lines += [f"Note: {warning}." for warning in runner.warnings]  # repeated row ids; ids the bank lacks
    return table, "\n\n".join(lines)


def histogram(scores: list[float]) -> Figure:
    figure, axes = plt.subplots(figsize=(5, 3))
    axes.hist(scores, bins=list(range(0, 101, 10)), color="#4a7ab5", edgecolor="white")
    axes.set_xlabel("score")
    axes.set_ylabel("answers")
    figure.tight_layout()
    return figure


def run_batch(
    workspace: Workspace, path: str | None, engine: str, progress: gr.Progress
) -> tuple[str, Figure, list[list[Any]], list[str], list[Record]]:
    file = check_upload(path)
    out = workspace.settings.data_dir / "batches" / uuid.uuid4().hex / f"{file.stem}.graded.jsonl"
    runner = BatchRunner(workspace, make_engine(workspace, engine), out)
    total = sum(1 for _ in read_rows(file))
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        progress((done[0], total), desc="grading")

    graded, _, bad = runner.run(file, advance)
    records = read_results(out)
    write_csv(records, out.with_suffix(".csv"))
    summary = summarise(records)
    text = (
        f"Graded **{graded}** answers; **{bad}** bad rows{' (see the errors file)' if bad else ''}. Mean score "
        f"{summary['score_mean']}, median {summary['score_median']}; unscored {summary['unscored']}."
    )
    if caution := engine_caution(engine):
        text += f"\n\n{caution}"
    hits = [[point, rate] for point, rate in summary["point_hit_rates"].items()]
    scores = [r["grade"]["score"] for r in records if r["grade"]["score"] is not None]
    files = [str(out), str(out.with_suffix(".csv"))] + ([str(errors_path(out))] if bad else [])
    return text, histogram(scores), hits, files, records


def build_batch_tab(workspace: Workspace, index: BankIndex | None = None) -> None:
    """`index`: the bank's vectors, which free-text questions are matched against (waited for when needed)."""
    index = index or BankIndex(workspace).start()
    gr.Markdown("Upload a CSV or JSONL with `question_id` (or `question` and `reference_answer`) and `answer` columns.")
    with gr.Row():
        upload = gr.File(label="Answers file", file_types=[".csv", ".jsonl"], elem_id="batch-upload")
        engine = gr.Radio(engine_names(), value="offline", label="Engine", info=engine_help())
    table = gr.Dataframe(headers=PREVIEW_COLUMNS, label="Preview", interactive=False, wrap=True)
    estimate_text = gr.Markdown(elem_id="batch-estimate")
    run = gr.Button("Grade all", variant="primary", elem_id="batch-run")
    summary = gr.Markdown(elem_id="batch-summary")
    results = gr.Dataframe(
        headers=RESULT_COLUMNS,
        label="Results: click a row for its evidence and feedback; click a header to sort",
        interactive=False,
        wrap=True,
        show_search="filter",
        column_widths=["7%", "12%", "14%", "27%", "9%", "8%", "23%"],
        elem_id="batch-results",
    )
    detail = gr.HTML(elem_id="batch-detail")
    graded = gr.State([])
    with gr.Accordion("Charts", open=False), gr.Row():
        plot = gr.Plot(label="Score histogram")
        hits = gr.Dataframe(headers=["rubric point", "hit rate"], label="Per-point hit rates", interactive=False)
    downloads = gr.File(label="Results (graded JSONL, CSV, errors)", file_count="multiple", elem_id="batch-downloads")

    def on_upload(path: str | None, engine_name: str) -> tuple[Any, str]:
        if not path:
            return [], ""
        index.wait()
        try:
            return preview(workspace, path, engine_name)
        except gr.Error as exc:
            return [], f"⚠ {exc.message}"

    def on_run(path: str | None, engine_name: str, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        index.wait()
        try:
            text, figure, rates, files, records = run_batch(workspace, path, engine_name, progress)
        except (gr.Error, InterviewerError) as exc:
            message = exc.message if isinstance(exc, gr.Error) else str(exc)
            return f"⚠ {message}", gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), ""
        return text, figure, rates, files, result_rows(records), records, ""

    def on_select(records: list[Record], event: gr.SelectData) -> str:
        row = getattr(event, "row_value", None)
        chosen = [r for r in records if row and str(r.get("row")) == str(row[0])]
        return record_html(workspace, chosen[0]) if chosen else ""

    upload.change(on_upload, [upload, engine], [table, estimate_text])
    run.click(on_run, [upload, engine], [summary, plot, hits, downloads, results, graded, detail])
    results.select(on_select, [graded], detail)
