"""What the judge read for a claim, restricted to some of its texts."""

from __future__ import annotations

import numpy as np

from interviewer.grading.readings import Reading


def _reading(texts: tuple[str, ...]) -> Reading:
    probabilities = np.tile(np.array([0.7, 0.1, 0.1, 0.1]), (len(texts), 1))
    return Reading(texts, probabilities, np.linspace(0.9, 0.5, len(texts)), np.full(len(texts), 0.9))


def test_claims_only_sets_headings_and_line_scraps_aside() -> None:
    reading = _reading(
        ("Fourth, telemetry.", "I'd watch p99 latency and error rates per model version.", "quality evals.")
    )
    kept = reading.claims_only()
    assert kept.texts == ("I'd watch p99 latency and error rates per model version.",)
    assert kept.similarity.tolist() == [reading.similarity[1]] and kept.nearest is not None and len(kept.nearest) == 1


def test_claims_only_keeps_everything_when_every_text_is_a_fragment() -> None:
    reading = _reading(("By reference.", "File scope."))
    assert reading.claims_only() is reading
