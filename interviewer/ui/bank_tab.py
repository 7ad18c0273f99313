"""The Bank tab: browse and semantically search questions, view one with its rubric.

A search ranks exactly as `interviewer bank search` does (the store's ranking score, best first), shows that
score as the match column, and says "no match" when even the best question is below NO_MATCH_BELOW: an
unrelated query ("banana bread recipe") scores under 0.2 against this bank, a related one over 0.3."""

from __future__ import annotations

from typing import Any

import gradio as gr

from interviewer.bank.models import Difficulty, QuestionType
from interviewer.bank.render import question_markdown
from interviewer.ui.bank_index import PREPARING, BankIndex
from interviewer.workspace import Workspace

ALL = "Any"
COLUMNS = ["id", "match", "difficulty", "type", "subtopic", "question"]
NO_MATCH_BELOW = 0.25
SEARCH_K = 10


def _filter(value: str | None) -> str | None:
    return None if value in (None, "", ALL) else value


def browse_rows(
    workspace: Workspace, difficulty: str | None, qtype: str | None, subtopic: str | None
) -> list[list[Any]]:
    rows = []
    for q in workspace.questions.values():
        if _filter(difficulty) not in (None, q.difficulty.value) or _filter(qtype) not in (None, q.type.value):
            continue
        if _filter(subtopic) is not None and subtopic not in q.subtopics:
            continue
        rows.append([q.id, "", q.difficulty.value, q.type.value, q.subtopics[0], q.text])
    return rows


def search_rows(
    workspace: Workspace, text: str, difficulty: str | None, qtype: str | None, subtopic: str | None
) -> tuple[list[list[Any]], str]:
    """The table and a line about it: the questions matching `text`, best first, or the browsed bank."""
    if not text.strip():
        rows = browse_rows(workspace, difficulty, qtype, subtopic)
        return rows, f"{len(rows)} question(s). Type a search and press Enter to rank them by meaning."
    hits = workspace.ready_store().search_questions(
        text, k=SEARCH_K, difficulty=_filter(difficulty), type=_filter(qtype), subtopic=_filter(subtopic)
    )
    matches = [h for h in hits if float(h.metadata["score"]) >= NO_MATCH_BELOW]
    if not matches:
        return [], f"No match: no question in the bank is about “{text.strip()}”."
    rows = [
        [
            h.question_id,
            round(float(h.metadata["score"]), 3),
            h.metadata["difficulty"],
            h.metadata["type"],
            h.metadata["subtopic"],
            h.text,
        ]
        for h in matches
    ]
    return rows, f"{len(rows)} match(es), best first (match: the same ranking score as `interviewer bank search`)."


def show_question(workspace: Workspace, question_id: str | None) -> str:
    if not question_id or question_id not in workspace.questions:
        return "_Choose a question from the table._"
    return question_markdown(workspace.questions[question_id])


def build_bank_tab(workspace: Workspace, index: BankIndex | None = None) -> None:
    """`index`: the bank's vectors; until they are built, search says it is preparing them."""
    index = index or BankIndex(workspace).start()
    subtopics = sorted({s.id for b in workspace.banks for s in b.bank.subtopics})
    with gr.Row():
        query = gr.Textbox(label="Search the bank", placeholder="e.g. how do I shard optimizer state?", scale=3)
        difficulty = gr.Dropdown([ALL] + [d.value for d in Difficulty], value=ALL, label="Difficulty")
        qtype = gr.Dropdown([ALL] + [t.value for t in QuestionType], value=ALL, label="Type")
        subtopic = gr.Dropdown([ALL, *subtopics], value=ALL, label="Subtopic")
    message = gr.Markdown("" if index.ready() else PREPARING, elem_id="bank-message")
    waiting = gr.Timer(2.0, active=not index.ready())
    table = gr.Dataframe(
        headers=COLUMNS,
        value=browse_rows(workspace, ALL, ALL, ALL),
        interactive=False,
        wrap=True,
        column_widths=["22%", "8%", "9%", "12%", "15%", "34%"],
        elem_id="bank-table",
    )
    chosen = gr.Dropdown(sorted(workspace.questions), label="Question", value=None)
    detail = gr.Markdown(show_question(workspace, None))
    inputs = [query, difficulty, qtype, subtopic]

    def on_search(*values: Any) -> tuple[Any, str]:
        if not index.ready():
            return gr.skip(), PREPARING
        return search_rows(workspace, *values)

    def on_wait() -> tuple[str, Any]:
        return ("", gr.Timer(active=False)) if index.ready() else (PREPARING, gr.skip())

    for trigger in (query.submit, difficulty.change, qtype.change, subtopic.change):
        trigger(on_search, inputs, [table, message])
    waiting.tick(on_wait, None, [message, waiting], show_progress="hidden")
    chosen.change(lambda qid: show_question(workspace, qid), chosen, detail)

    def on_select(event: gr.SelectData) -> str:
        row = getattr(event, "row_value", None)
        return show_question(workspace, str(row[0]) if row else None)

    table.select(on_select, None, detail)
