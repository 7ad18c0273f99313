"""The Bank tab: browse and semantically search questions, view one with its rubric."""

from __future__ import annotations

from typing import Any

import gradio as gr

from interviewer.bank.models import Difficulty, QuestionType
from interviewer.bank.render import question_markdown
from interviewer.workspace import Workspace

ALL = "Any"
COLUMNS = ["id", "difficulty", "type", "subtopic", "similarity", "question"]


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
        rows.append([q.id, q.difficulty.value, q.type.value, q.subtopics[0], "", q.text])
    return rows


def search_rows(
    workspace: Workspace, text: str, difficulty: str | None, qtype: str | None, subtopic: str | None
) -> list[list[Any]]:
    if not text.strip():
        return browse_rows(workspace, difficulty, qtype, subtopic)
    hits = workspace.ready_store().search_questions(
        text, k=10, difficulty=_filter(difficulty), type=_filter(qtype), subtopic=_filter(subtopic)
    )
    return [
        [
            h.question_id,
            h.metadata["difficulty"],
            h.metadata["type"],
            h.metadata["subtopic"],
            round(h.similarity, 3),
            h.text,
        ]
        for h in hits
    ]


def show_question(workspace: Workspace, question_id: str | None) -> str:
    if not question_id or question_id not in workspace.questions:
        return "_Choose a question from the table._"
    return question_markdown(workspace.questions[question_id])


def build_bank_tab(workspace: Workspace) -> None:
    subtopics = sorted({s.id for b in workspace.banks for s in b.bank.subtopics})
    with gr.Row():
        query = gr.Textbox(label="Search the bank", placeholder="e.g. how do I shard optimizer state?", scale=3)
        difficulty = gr.Dropdown([ALL] + [d.value for d in Difficulty], value=ALL, label="Difficulty")
        qtype = gr.Dropdown([ALL] + [t.value for t in QuestionType], value=ALL, label="Type")
        subtopic = gr.Dropdown([ALL, *subtopics], value=ALL, label="Subtopic")
    table = gr.Dataframe(headers=COLUMNS, value=browse_rows(workspace, ALL, ALL, ALL), interactive=False, wrap=True)
    chosen = gr.Dropdown(sorted(workspace.questions), label="Question", value=None)
    detail = gr.Markdown(show_question(workspace, None))
    inputs = [query, difficulty, qtype, subtopic]
    for trigger in (query.submit, difficulty.change, qtype.change, subtopic.change):
        trigger(lambda *a: search_rows(workspace, *a), inputs, table)
    chosen.change(lambda qid: show_question(workspace, qid), chosen, detail)

    def on_select(event: gr.SelectData) -> str:
        row = getattr(event, "row_value", None)
        return show_question(workspace, str(row[0]) if row else None)

    table.select(on_select, None, detail)
