"""Rulings both modes make from a point's texts whatever the judge reads (pure): a text restating the
point with its sense reversed contradicts it, and one offering it beside its opposite misses it
(`mirrors`: neither judge tells "X is not Y" from "X is Y")."""

from __future__ import annotations

import numpy as np

from interviewer.grading.mirrors import hedges_with_opposite, states_opposite
from interviewer.grading.readings import Decision, Reading
from interviewer.grading.types import Verdict


def reversed_by(reading: Reading, claim: str) -> Decision | None:
    """Both modes: a text read for the claim restates it with its sense reversed, a negation put in or a
    word swapped for its opposite (`mirrors.states_opposite`), whatever the judge reads: neither judge
    tells "X is not Y" from "X is Y" (P(met) about 0.7). The closest text by cosine first; any other text
    read for the claim (its top-k spans, its closest paragraph) too, since an answer that states the point
    and elsewhere its opposite contradicts itself (no real answer in the dev data or the eval does:
    docs/offline-grading.md, *An answer that says both*); else None."""
    order = [int(i) for i in np.argsort(-reading.similarity, kind="stable")]
    for rank, i in enumerate(order):
        if states_opposite(reading.texts[i], claim):
            why = (
                "states the point with its sense reversed"
                if rank == 0
                else "states the point and, elsewhere, its opposite"
            )
            return Decision(Verdict.CONTRADICTED, reading.texts[i], why)
    return None


def hedged_by(reading: Reading, claim: str) -> Decision | None:
    """Both modes: a text read for the claim offers it and its opposite as alternatives ("either X, or
    not X; I'm not sure which": `mirrors.hedges_with_opposite`), so the answer commits to neither: missed,
    whatever the judge reads (it reads the right half); else None."""
    for text in reading.texts:
        if hedges_with_opposite(text, claim):
            return Decision(Verdict.MISSED, None, f"offers the point and its opposite as alternatives: {text[:80]!r}")
    return None
