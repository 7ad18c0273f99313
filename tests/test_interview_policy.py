"""The interviewer's pure parts as tables: follow-up policy, difficulty steps, declines, turn combination,
the leak check, and question selection."""

from __future__ import annotations

import pytest

from interviewer.bank.models import Difficulty, Question, QuestionType
from interviewer.bank.models import FollowUp as BankFollowUp
from interviewer.grading.score import compute_score
from interviewer.grading.target import target_from_question
from interviewer.grading.types import Grade, GradeStatus, PointJudgment, Provenance, RedFlagHit, Verdict
from interviewer.interview.combine import TurnGrade, combine_grades, combine_point
from interviewer.interview.declines import is_decline
from interviewer.interview.history import CandidateHistory
from interviewer.interview.phrasing import leaks
from interviewer.interview.plan import InterviewPlan, scheduled_difficulty
from interviewer.interview.policy import (
    End,
    FollowUp,
    FollowUpPolicy,
    NextQuestion,
    PointStatus,
    QuestionState,
    next_difficulty,
    next_move,
)
from interviewer.interview.selection import eligible, pick_question

MET, PARTIAL, MISSED, CONTRA = Verdict.MET, Verdict.PARTIAL, Verdict.MISSED, Verdict.CONTRADICTED
EASY, MEDIUM, HARD = Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD

# A rubric of four points: a (3), b (2), c (1), d (1); bank follow-ups: 0 → a, 1 → b+c, 2 → d, 3 → a.
WEIGHTS = {"a": 3.0, "b": 2.0, "c": 1.0, "d": 1.0}
BANK = (
    BankFollowUp(text="fa", probes=["a"]),
    BankFollowUp(text="fbc", probes=["b", "c"]),
    BankFollowUp(text="fd", probes=["d"]),
    BankFollowUp(text="fa2", probes=["a"]),
)


def state(
    verdicts: str, declined: str = "", asked: tuple[int, ...] = (), left: int = 3, **kwargs: object
) -> QuestionState:
    """`verdicts` like "MxPM": one letter per point a..d (M met, P partial, x missed, C contradicted)."""
    letters = {"M": MET, "P": PARTIAL, "x": MISSED, "C": CONTRA}
    points = tuple(
        PointStatus(pid, WEIGHTS[pid], letters[v], pid in declined) for pid, v in zip(WEIGHTS, verdicts, strict=True)
    )
    return QuestionState(points, BANK, frozenset(asked), left, **kwargs)  # type: ignore[arg-type]


POLICY_TABLE = [
    # verdicts a..d, declined, asked follow-ups, questions left, expected move
    ("MMMM", "", (), 3, NextQuestion()),  # everything met: move on
    ("xMMM", "", (), 3, FollowUp(0, "fa", ("a",), "a")),  # heaviest missed point first
    ("PMMM", "", (), 3, FollowUp(0, "fa", ("a",), "a")),  # partial is open
    ("CMMM", "", (), 3, FollowUp(0, "fa", ("a",), "a")),  # contradicted is open
    ("xxMM", "", (), 3, FollowUp(0, "fa", ("a",), "a")),  # a (3) before b (2)
    ("MxMM", "", (), 3, FollowUp(1, "fbc", ("b", "c"), "b")),  # b weighs the threshold
    ("MMxM", "", (), 3, FollowUp(1, "fbc", ("b", "c"), "c")),  # c is light but the heaviest open point
    ("MMxx", "", (), 3, FollowUp(1, "fbc", ("b", "c"), "c")),  # c and d tie: rubric order
    ("xMMM", "", (0,), 3, FollowUp(3, "fa2", ("a",), "a")),  # a follow-up is never repeated
    ("xMMM", "", (0, 3), 3, NextQuestion()),  # no unasked follow-up for a, and b..d are met
    ("xxMM", "", (0, 3), 3, NextQuestion()),  # budget (2) spent
    ("xxMM", "a", (), 3, FollowUp(1, "fbc", ("b", "c"), "b")),  # a declined: b is next
    ("xMMM", "a", (), 3, NextQuestion()),  # the only open point declined
    ("xxxx", "abcd", (), 3, NextQuestion()),  # declined the whole question
    ("xxMx", "a", (1,), 3, NextQuestion()),  # b's follow-up asked; d (1) is not important while b (2) is open
    ("xMMx", "a", (), 3, FollowUp(2, "fd", ("d",), "d")),  # a declined: d is the heaviest open point
    ("xMxM", "", (0,), 3, FollowUp(3, "fa2", ("a",), "a")),  # c (1) is not important while a (3) is open
    ("MMMM", "", (), 0, End("no questions left")),
    ("xxxx", "", (0, 1), 0, End("no questions left")),  # budget spent on the last question: end
    ("xMMM", "", (), 0, FollowUp(0, "fa", ("a",), "a")),  # the last question still gets its follow-ups
]


@pytest.mark.parametrize(("verdicts", "declined", "asked", "left", "expected"), POLICY_TABLE)
def test_next_move_table(
    verdicts: str, declined: str, asked: tuple[int, ...], left: int, expected: FollowUp | NextQuestion | End
) -> None:
    assert next_move(state(verdicts, declined, asked, left)) == expected


@pytest.mark.parametrize(
    ("budget", "asked", "expected"),
    [
        (0, (), NextQuestion()),
        (1, (), FollowUp(0, "fa", ("a",), "a")),
        (1, (0,), NextQuestion()),
        (3, (0,), FollowUp(3, "fa2", ("a",), "a")),
    ],
)
def test_budget_is_configurable(budget: int, asked: tuple[int, ...], expected: object) -> None:
    assert FollowUpPolicy(budget=budget).next_move(state("xMMM", asked=asked)) == expected


def test_threshold_makes_lighter_points_important() -> None:
    assert FollowUpPolicy(weight_threshold=1.0).important(state("xMxx").points)[0].point_id == "a"
    assert [p.point_id for p in FollowUpPolicy(weight_threshold=1.0).important(state("xMxx").points)] == ["a", "c", "d"]
    assert [p.point_id for p in FollowUpPolicy(weight_threshold=5.0).important(state("xxMM").points)] == ["a"]


def test_any_state_terminates_within_budget() -> None:
    """Asking whatever the policy says, answering nothing, always ends after at most `budget` follow-ups."""
    for budget in range(4):
        current, asked = state("xxxx"), 0
        while isinstance(move := FollowUpPolicy(budget=budget).next_move(current), FollowUp):
            current = state("xxxx", asked=(*current.asked, move.index))
            asked += 1
        assert asked == min(budget, len(BANK))


@pytest.mark.parametrize(
    ("current", "band", "expected"),
    [
        (EASY, 5, MEDIUM),
        (MEDIUM, 4, HARD),
        (HARD, 5, HARD),
        (MEDIUM, 3, MEDIUM),
        (HARD, 2, MEDIUM),
        (MEDIUM, 1, EASY),
        (EASY, 1, EASY),
        (MEDIUM, None, MEDIUM),
    ],
)
def test_next_difficulty(current: Difficulty, band: int | None, expected: Difficulty) -> None:
    assert next_difficulty(current, band) == expected


def test_adaptive_next_question_carries_difficulty() -> None:
    assert next_move(state("MMMM", difficulty=MEDIUM, band=5, adaptive=True)) == NextQuestion(HARD)
    assert next_move(state("MMMM", difficulty=MEDIUM, band=1, adaptive=True)) == NextQuestion(EASY)
    assert next_move(state("MMMM", difficulty=MEDIUM, band=5, adaptive=False)) == NextQuestion(None)


@pytest.mark.parametrize(
    ("answer", "declines"),
    [
        ("I don't know", True),
        ("I don’t know.", True),
        ("skip", True),
        ("/skip", True),
        ("Pass", True),
        ("pass on this one, sorry", True),
        ("No idea", True),
        ("Let's move on.", True),
        ("um, no clue, can we move on please", True),
        ("Not sure.", True),
        ("", False),
        ("Pass the gradients through an all-reduce.", False),
        ("I'm not sure, but I think it recomputes activations in backward.", False),
        ("Skipping layers at inference saves compute.", False),
        ("I don't know " + "exactly why, but memory grows with the sequence length and the batch", False),
    ],
)
def test_is_decline(answer: str, declines: bool) -> None:
    assert is_decline(answer) is declines


def _j(verdict: Verdict, evidence: str | None = "quote") -> PointJudgment:
    return PointJudgment(point_id="p", verdict=verdict, evidence=None if verdict is MISSED else evidence)


@pytest.mark.parametrize(
    ("history", "verdict", "turn"),
    [
        ([MISSED, MET], MET, 2),  # recovered in the follow-up
        ([PARTIAL, MET, MISSED], MET, 2),
        ([MET, PARTIAL], MET, 1),
        ([PARTIAL, PARTIAL], PARTIAL, 1),  # earliest turn on ties
        ([CONTRA, PARTIAL], PARTIAL, 2),  # a contradiction cleared by later credit
        ([CONTRA, MISSED], CONTRA, 1),
        ([MISSED, CONTRA], CONTRA, 2),
        ([MET, CONTRA], CONTRA, 2),  # never met after the contradiction
        ([MET, CONTRA, MET], MET, 3),
        ([MISSED, MISSED], MISSED, None),
    ],
)
def test_combine_point(history: list[Verdict], verdict: Verdict, turn: int | None) -> None:
    combined = combine_point("p", [(i + 1, _j(v, f"q{i + 1}")) for i, v in enumerate(history)])
    assert (combined.verdict, combined.turn) == (verdict, turn)
    assert combined.evidence == (f"q{turn}" if turn is not None else None)


def _grade(question: Question, verdicts: dict[str, Verdict], flags: list[RedFlagHit] | None = None) -> Grade:
    judgments = [
        PointJudgment(
            point_id=p.id,
            verdict=verdicts.get(p.id, MISSED),
            evidence=None if verdicts.get(p.id, MISSED) is MISSED else p.id,
        )
        for p in question.rubric
    ]
    score = compute_score([j.verdict for j in judgments], [p.weight for p in question.rubric])
    return Grade(
        question_id=question.id,
        status=GradeStatus.GRADED,
        judgments=judgments,
        red_flags=flags or [],
        score=score.value,
        band=score.band,
        band_label=score.label,
        provenance=Provenance(engine="test", tokens_in=1, latency_s=0.5),
    )


def test_combine_grades_credits_follow_up_and_scores_with_compute_score(bank_questions: dict[str, Question]) -> None:
    question = bank_questions["activation-checkpointing-trade-off"]
    target = target_from_question(question)
    ids = [p.id for p in question.rubric]
    first = _grade(question, {ids[0]: MET, ids[1]: PARTIAL})
    second = _grade(question, {ids[1]: MET, ids[4]: MET})
    unscored = Grade(
        question_id=question.id, status=GradeStatus.UNSCORED, reason="model error", provenance=Provenance(engine="t")
    )
    combined = combine_grades(target, [TurnGrade(1, first), TurnGrade(2, second), TurnGrade(3, unscored)])
    turns = {j.point_id: j.turn for j in combined.judgments}
    assert turns == {ids[0]: 1, ids[1]: 2, ids[2]: None, ids[3]: None, ids[4]: 2}
    expected = compute_score([j.verdict for j in combined.judgments], target.weights)
    assert (combined.score, combined.band) == (expected.value, expected.band)
    assert combined.provenance.tokens_in == 2 and combined.provenance.latency_s == 1.0
    assert "turn 3 unscored: model error" in combined.notes
    only_unscored = combine_grades(target, [TurnGrade(1, unscored)])
    assert only_unscored.status is GradeStatus.UNSCORED


def test_red_flag_dropped_when_point_credited_later(bank_questions: dict[str, Question]) -> None:
    question = bank_questions["activation-checkpointing-trade-off"]
    flag = question.red_flags[0]  # contradicts compute-cost
    hit = RedFlagHit(flag_id=flag.id, statement=flag.statement, cost=flag.cost, evidence="for free")
    first = _grade(question, {flag.contradicts or "": CONTRA}, [hit])
    kept = combine_grades(target_from_question(question), [TurnGrade(1, first), TurnGrade(2, _grade(question, {}))])
    assert [f.flag_id for f in kept.red_flags] == [flag.id]
    fixed = combine_grades(
        target_from_question(question),
        [TurnGrade(1, first), TurnGrade(2, _grade(question, {flag.contradicts or "": MET}))],
    )
    assert fixed.red_flags == [] and fixed.verdicts()[flag.contradicts or ""] is MET


@pytest.mark.parametrize(
    ("text", "leaked"),
    [
        ("Why would the step take longer but throughput still go up?", False),
        ("Would recomputing the whole forward add about one extra forward pass of compute?", False),
        ("Does it add roughly one extra forward pass, about a third more FLOPs?", True),
        ("What does rerunning the forward segment from its checkpoint during backward buy you?", True),
    ],
)
def test_leak_check(text: str, leaked: bool, bank_questions: dict[str, Question]) -> None:
    from interviewer.interview.phrasing import answer_secrets

    question = bank_questions["activation-checkpointing-trade-off"]
    assert leaks(text, answer_secrets(question), allowed=[question.text]) is leaked


def test_leak_check_ignores_runs_the_question_already_has() -> None:
    secret = "the kv cache grows linearly with the sequence length and batch size"
    asked = "Why does the kv cache grows linearly with the sequence length here?"
    assert leaks(asked, [secret]) and not leaks(asked, [secret], allowed=[asked])


def test_schedule_mixes_easy_to_hard() -> None:
    plan = InterviewPlan(questions=6)
    assert [scheduled_difficulty(plan, i) for i in range(6)] == [EASY, EASY, MEDIUM, MEDIUM, HARD, HARD]
    assert scheduled_difficulty(InterviewPlan(adaptive=True), 3) == MEDIUM
    assert scheduled_difficulty(InterviewPlan(difficulty=HARD, adaptive=True), 0) == HARD


def test_selection_is_deterministic_and_avoids_seen(bank_questions: dict[str, Question]) -> None:
    plan = InterviewPlan(seed=7, types=(QuestionType.TECHNICAL,))
    pool = eligible(plan, bank_questions.values())
    assert all(q.type is QuestionType.TECHNICAL for q in pool)
    first = pick_question(plan, pool, [], CandidateHistory(), MEDIUM)
    again = pick_question(plan, pool, [], CandidateHistory(), MEDIUM)
    assert first is not None and first == again and first.difficulty is MEDIUM
    seen = CandidateHistory(seen=frozenset(q.id for q in pool if q.difficulty is MEDIUM))
    other = pick_question(plan, pool, [], seen, MEDIUM)
    assert other is not None and other.id not in seen.seen
    everything = CandidateHistory(seen=frozenset(q.id for q in pool))
    assert pick_question(plan, pool, [], everything, MEDIUM) == first  # the bank ran out: seen ones come back
    assert pick_question(plan, pool, [q.id for q in pool], CandidateHistory(), MEDIUM) is None


def test_weak_areas_prefer_weak_subtopics(bank_questions: dict[str, Question]) -> None:
    plan = InterviewPlan(seed=3, weak_areas=True)
    pool = eligible(plan, bank_questions.values())
    history = CandidateHistory(subtopic_weakness={"fault-tolerance": 0.9, "model-compression": 0.2})
    picks: list[str] = []
    for _ in range(3):
        question = pick_question(plan, pool, picks, history, MEDIUM)
        assert question is not None
        picks.append(question.id)
    assert all("fault-tolerance" in bank_questions[q].subtopics for q in picks)


def test_candidate_history_from_past_sessions(bank_questions: dict[str, Question]) -> None:
    from interviewer.interview.combine import declined_grade
    from interviewer.interview.history import candidate_history
    from interviewer.interview.session import Prompt, Session, SessionStatus, Turn

    question = bank_questions["activation-checkpointing-trade-off"]
    prompt = Prompt(kind="question", question_id=question.id, question_index=0, text=question.text)
    grade = declined_grade(target_from_question(question), "pass", Provenance(engine="offline"))
    turn = Turn(seq=1, prompt=prompt, answer="pass", declined=True, grade=grade)
    past = Session("old", InterviewPlan(), SessionStatus.FINISHED, (turn,), None, "t0", "t1")
    unanswered = Session("new", InterviewPlan(), SessionStatus.ACTIVE, (), prompt, "t2", "t2")
    history = candidate_history([past, unanswered], bank_questions)
    assert history.seen == {question.id}
    assert {s: history.subtopic_weakness[s] for s in question.subtopics} == dict.fromkeys(question.subtopics, 1.0)
    assert history.weakness(question) == 1.0 and history.question_weakness[question.id] == 1.0
    assert candidate_history([past], bank_questions, exclude="old") == CandidateHistory()
