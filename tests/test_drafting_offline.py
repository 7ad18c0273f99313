"""Offline drafting from a reference answer: headings, repeats and long sentences (as in teachers'
reference answers) become clean claims."""

from __future__ import annotations

from interviewer.drafting.offline import draft_points


def test_a_leading_heading_joins_the_claim_after_it() -> None:
    points = draft_points(
        "Possible differences:\nThe UDP header is much shorter than the TCP header.\n"
        "The UDP header has a fixed length while the TCP header has a variable length."
    )
    assert [p.claim for p in points] == [
        "Possible differences: The UDP header is much shorter than the TCP header.",
        "The UDP header has a fixed length while the TCP header has a variable length.",
    ]


def test_a_sentence_repeated_in_the_reference_is_one_point() -> None:
    repeated = "After a loss the threshold is halved and the window is reset to one segment."
    points = draft_points(f"{repeated} Slow start doubles the window every round trip. {repeated}")
    assert [p.claim for p in points].count(repeated) == 1 and len(points) == 2


def test_a_long_sentence_is_drafted_without_repeating_its_words() -> None:
    words = [f"term{n}" for n in range(130)]
    points = draft_points(" ".join(words) + ". The bridge learns from the source addresses it sees.")
    drafted = " ".join(p.claim for p in points).replace(".", " ").split()
    assert all(drafted.count(word) == 1 for word in words)
    assert any("bridge learns" in p.claim for p in points)


def test_a_reference_of_fragments_alone_is_still_one_point() -> None:
    assert [p.claim for p in draft_points("Flooding.")] == ["Flooding."]
