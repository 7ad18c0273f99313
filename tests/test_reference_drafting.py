"""Reference-only mode: rubric points drafted by the model (with the llm engine) or by claims (offline)."""

from __future__ import annotations

import json
from pathlib import Path

from interviewer.config import REPO_ROOT
from interviewer.drafting.llm import LLMDrafter, draft_rubric, drafter_for
from interviewer.grading.resolve import resolve_target
from interviewer.llm.fake import ScriptedChatModel
from interviewer.llm.prompts import load_prompt
from interviewer.workspace import Workspace

QUESTION = "Why does the KV cache grow during generation?"
REFERENCE = "Each new token appends keys and values for every layer. Memory grows with sequence length and batch size."
DRAFT = {
    "points": [
        {"claim": "Each generated token appends keys and values per layer.", "weight": 2, "key_terms": ["keys|values"]},
        {"claim": "Memory grows linearly with sequence length.", "weight": 2, "key_terms": ["sequence length"]},
        {"claim": "Memory grows with batch size.", "weight": 1, "key_terms": ["batch size"]},
    ]
}


def drafter_with(replies: list[str]) -> tuple[LLMDrafter, ScriptedChatModel]:
    model = ScriptedChatModel(replies=replies)
    return LLMDrafter(model, load_prompt("draft_rubric", Path(REPO_ROOT) / "prompts")), model


def test_model_drafted_points_become_the_rubric() -> None:
    llm, model = drafter_with([json.dumps(DRAFT)])
    target = resolve_target(
        Workspace().question, None, None, QUESTION, REFERENCE, lambda q, r: draft_rubric(q, r, llm).points
    )
    assert [p.claim for p in target.points] == [p["claim"] for p in DRAFT["points"]]
    assert all(p.drafted for p in target.points) and target.drafted
    assert REFERENCE in str(model.calls[0].messages[-1].content)


def test_a_failing_model_falls_back_to_offline_drafting() -> None:
    llm, model = drafter_with(["not json", "still not", "nope"])
    draft = draft_rubric(QUESTION, REFERENCE + " Paging avoids fragmentation.", llm)
    assert draft.warning and "drafted offline" in draft.warning and len(model.calls) == 3
    assert len(draft.points) >= 3 and all(p.drafted for p in draft.points)


def test_offline_engine_judges_a_short_reference_whole_and_drafts_a_long_one_by_claims() -> None:
    assert drafter_for(Workspace().settings, "offline") is None
    short = resolve_target(Workspace().question, None, None, QUESTION, REFERENCE)
    assert [p.claim for p in short.points] == [REFERENCE]
    longer = (
        REFERENCE + " Grouped-query attention shares keys and values across heads, which shrinks the cache per token."
    )
    longer += " Paging the cache in fixed blocks avoids fragmentation when sequences end at different times."
    target = resolve_target(Workspace().question, None, None, QUESTION, longer)
    assert [p.claim for p in target.points] == [
        "Each new token appends keys and values for every layer.",
        "Memory grows with sequence length and batch size.",
        "Grouped-query attention shares keys and values across heads, which shrinks the cache per token.",
        "Paging the cache in fixed blocks avoids fragmentation when sequences end at different times.",
    ]
