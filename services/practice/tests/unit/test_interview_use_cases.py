"""The interview use cases on in-memory fakes of their ports: no I/O at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from contracts import Event
from contracts.catalogue import CodingProblem, Question
from contracts.interview import InterviewEvent
from contracts.practice import SubmissionCreated
from practice.db.interview_tables import Interview, InterviewQuestion
from practice.db.progress_tables import Activity
from practice.db.tables import Submission
from practice.domain.errors import CoachUnavailable, InterviewNotFound, TooManyOpenInterviews
from practice.domain.interview_report import Candidate, Standing
from practice.domain.interviews import OPEN
from practice.services import interview_answers, interviews
from practice.services.interview_completion import complete_overdue, fold_code_verdict
from practice.services.interview_ports import InterviewTurn, VoicedReply
from practice.services.interviews import CodeAnswer, InterviewSpec
from servicekit.errors import InvalidState, ValidationFailed

GOOD = (
    "A hash map keeps an array of buckets. The hash function turns the key into an index, so "
    "a lookup goes straight to one bucket. When two keys land in the same bucket we have a "
    "collision, handled by chaining or open addressing. While the load factor stays low the "
    "lookup is constant time on average. When the table gets too full it is resized and every "
    "entry is rehashed. In the worst case, when many keys collide, a lookup takes linear time."
)
WEAK = "It is fast because it uses memory. I think it is usually quick enough for most things."


def question(qid: str, qtype: str, difficulty: str, **extra: Any) -> Question:
    fields = {"category": "data structures", "title": f"Question {qid}", "text": "Explain it."}
    return Question.model_validate(
        {"id": qid, "type": qtype, "difficulty": difficulty, **fields, **extra}
    )


def problem(pid: str, difficulty: str) -> CodingProblem:
    return CodingProblem.model_validate(
        {
            "id": pid,
            "title": pid,
            "description": "Return the argument.",
            "difficulty": difficulty,
            "execution": {"mode": "function", "entry_point": "f"},
            "tests": [{"input": [1], "expected_output": 1}],
        }
    )


class FakeInterviews:
    def __init__(self) -> None:
        self.rows: dict[str, Interview] = {}
        self.asked: list[InterviewQuestion] = []

    def add(self, row: Interview | InterviewQuestion) -> None:
        if isinstance(row, Interview):
            self.rows[row.id] = row
        elif row not in self.asked:
            self.asked.append(row)

    async def get(self, interview_id: str, *, lock: bool = False) -> Interview | None:
        return self.rows.get(interview_id)

    async def get_for_user(
        self, interview_id: str, user_id: str, *, lock: bool = False
    ) -> Interview | None:
        row = self.rows.get(interview_id)
        return row if row is not None and row.user_id == user_id else None

    async def page(self, *, user_id: str, limit: int, offset: int, **_: Any) -> Any:
        mine = [r for r in self.rows.values() if r.user_id == user_id]
        return mine[offset : offset + limit], len(mine)

    async def count_open(self, user_id: str) -> int:
        return sum(1 for r in self.rows.values() if r.user_id == user_id and r.status in OPEN)

    async def expired(self, now: datetime, limit: int) -> list[str]:
        return [r.id for r in self.rows.values() if r.status in OPEN and r.expires_at <= now]

    async def questions(self, interview_id: str) -> list[InterviewQuestion]:
        return sorted(
            (q for q in self.asked if q.interview_id == interview_id), key=lambda q: q.position
        )

    async def question(self, row_id: str) -> InterviewQuestion | None:
        return next((q for q in self.asked if q.id == row_id), None)

    async def question_by_submission(self, submission_id: str) -> InterviewQuestion | None:
        return next((q for q in self.asked if q.submission_id == submission_id), None)

    async def unannounced(self, answered_before: datetime, limit: int) -> list[str]:
        return [
            q.id
            for q in self.asked
            if q.answered_at is not None
            and q.answered_at <= answered_before
            and q.evaluated_at is None
        ][:limit]

    async def standing(self, score: float, excluding: str) -> Standing:
        others = [
            r.overall_score
            for r in self.rows.values()
            if r.id != excluding and r.status == "completed" and r.overall_score is not None
        ]
        return Standing(
            sum(o < score for o in others), sum(o == score for o in others), len(others)
        )


class FakeBank:
    def __init__(self, questions: list[Question], problems: list[CodingProblem]) -> None:
        self.items = {q.id: q for q in questions}
        self.problems = {p.id: p for p in problems}

    async def questions(self) -> list[Question]:
        return list(self.items.values())

    async def question(self, question_id: str) -> Question | None:
        return self.items.get(question_id)

    async def coding_problems(self) -> list[CodingProblem]:
        return list(self.problems.values())

    async def coding_problem(self, problem_id: str) -> CodingProblem | None:
        return self.problems.get(problem_id)

    async def candidates(self) -> list[Candidate]:
        return [Candidate(q.id, q.kind, q.title, (q.category,)) for q in self.items.values()]


class FakeUnitOfWork:
    """Events count once committed, as the outbox would publish them."""

    def __init__(self, bank: FakeBank) -> None:
        self.interviews = FakeInterviews()
        self.bank = bank
        self.activities: dict[str, Activity] = {}
        self.sent: list[SubmissionCreated] = []
        self.events: list[Event] = []
        self._pending: list[Event] = []

    async def record_activity(self, activity: Activity) -> None:
        self.activities.setdefault(activity.id, activity)

    def request_code_evaluation(
        self, *, interview: Interview, problem: CodingProblem, language: str, code: str
    ) -> str:
        submission_id = f"sub-{len(self.sent) + 1}"
        self.sent.append(
            SubmissionCreated.model_validate(
                {
                    "submission_id": submission_id,
                    "attempt_id": interview.id,
                    "user_id": interview.user_id,
                    "language": language,
                    "code": code,
                    "problem": {
                        "problem_id": problem.id,
                        "execution": problem.execution,
                        "tests": [],
                    },
                }
            )
        )
        return submission_id

    def raise_event(self, event: Event) -> None:
        self._pending.append(event)

    async def commit(self) -> None:
        self.events += self._pending
        self._pending = []

    def interview_events(self) -> list[InterviewEvent]:
        return [e for e in self.events if isinstance(e, InterviewEvent)]


class SilentVoice:
    """A coach that cannot be reached: practice's own reply is given."""

    def __init__(self) -> None:
        self.turns: list[InterviewTurn] = []

    async def reply(self, turn: InterviewTurn, *, token: str) -> VoicedReply:
        self.turns.append(turn)
        raise CoachUnavailable("cannot be reached right now")


HASH = question(
    "hash-map-lookup",
    "theory",
    "medium",
    category="hashing",
    topics=["hash tables"],
    text=(
        "People say hash map lookups are constant time. Explain how a hash map stores and finds "
        "a key, and under which conditions a lookup stops being constant time."
    ),
    hints=["What happens when two keys land in the same position?"],
    follow_ups=["Compare chaining with open addressing."],
    expected_concepts=["hash function", "collision", "load factor", "resizing", "worst case"],
)
BANK = [HASH, *(question(f"theory-{n}", "theory", "medium") for n in range(4))]
SPEC = InterviewSpec(
    mode="technical",
    job_type="Backend Engineer",
    difficulty="medium",
    duration=30,
    language="python",
    include_coding=False,
    topics=("hash tables",),
)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork(FakeBank(BANK, [problem("two-sum", "medium")]))


async def start(uow: FakeUnitOfWork, user: str = "ada", **changes: Any) -> Interview:
    spec = InterviewSpec(**{**SPEC.__dict__, **changes})
    return await interviews.start_interview(uow=uow, user_id=user, spec=spec, max_open=3)


async def test_a_new_interview_is_planned_pending_with_an_interviewer(uow: FakeUnitOfWork) -> None:
    interview = await start(uow)
    assert (interview.status, interview.question_count) == ("pending", 4)
    assert interview.interviewer["name"]
    assert interview.coding_challenge_id is None
    coded = await start(uow, include_coding=True)
    assert coded.coding_challenge_id == "two-sum"


async def test_open_interviews_are_capped_per_learner(uow: FakeUnitOfWork) -> None:
    for _ in range(3):
        await start(uow)
    with pytest.raises(TooManyOpenInterviews):
        await start(uow)
    await start(uow, user="grace")  # someone else's count is their own


async def test_another_learners_interview_is_not_found(uow: FakeUnitOfWork) -> None:
    interview = await start(uow)
    with pytest.raises(InterviewNotFound):
        await interviews.get_interview(uow=uow, user_id="grace", interview_id=interview.id)
    with pytest.raises(InterviewNotFound):
        await interviews.next_question(uow=uow, user_id="grace", interview_id=interview.id)


async def test_questions_match_the_topics_never_repeat_and_are_announced_in_sequence(
    uow: FakeUnitOfWork,
) -> None:
    interview = await start(uow)
    first = await interviews.next_question(uow=uow, user_id="ada", interview_id=interview.id)
    assert first.row.question_id == HASH.id  # the topic asked for
    assert (first.session.current_index, first.session.remaining_questions) == (1, 3)
    assert first.session.remaining_time == 30 * 60
    ids = [first.row.question_id]
    for _ in range(3):
        shown = await interviews.next_question(uow=uow, user_id="ada", interview_id=interview.id)
        ids.append(shown.row.question_id)
    assert len(set(ids)) == 4
    with pytest.raises(InvalidState):  # every slot is used
        await interviews.next_question(uow=uow, user_id="ada", interview_id=interview.id)
    events = uow.interview_events()
    assert [e.type for e in events] == ["question_presented"] * 4
    assert [e.sequence for e in events] == [1, 2, 3, 4]
    assert "expected_concepts" not in str(events[0].data)
    assert uow.interviews.asked[0].status == "skipped"  # asked again before it was answered


async def answer(
    uow: FakeUnitOfWork, interview: Interview, text: str, voice: Any = None, **extra: Any
) -> Any:
    shown = await interviews.next_question(uow=uow, user_id="ada", interview_id=interview.id)
    return await interview_answers.answer_question(
        uow=uow,
        voice=voice or SilentVoice(),
        token="t",
        user_id="ada",
        interview_id=interview.id,
        question_id=shown.row.question_id,
        answer_text=text,
        response_time=90,
        **extra,
    )


async def test_an_answer_is_scored_replied_to_and_announced_after_a_typing_indicator(
    uow: FakeUnitOfWork,
) -> None:
    interview = await start(uow)
    answered = await answer(uow, interview, GOOD)
    assert answered.row.scores["completeness"] >= 70
    assert answered.row.reply["sentiment"] == "positive"
    assert answered.next_action.type == "follow_up"
    assert answered.next_action.message == "Compare chaining with open addressing."
    assert interview.current_difficulty == "hard"  # a strong answer: one step up
    kinds = [(e.type, e.sequence) for e in uow.interview_events()]
    assert kinds == [("question_presented", 1), ("typing_indicator", 2), ("answer_evaluated", 3)]
    evaluated = uow.interview_events()[-1].data
    assert evaluated["answer"]["scores"] == answered.row.scores
    with pytest.raises(InvalidState):  # answered once
        await interview_answers.answer_question(
            uow=uow,
            voice=SilentVoice(),
            token="t",
            user_id="ada",
            interview_id=interview.id,
            question_id=HASH.id,
            answer_text=GOOD,
            response_time=1,
        )


class DyingVoice:
    """The process dies while the coach composes: the request never reaches its second step."""

    async def reply(self, turn: InterviewTurn, *, token: str) -> VoicedReply:
        raise SystemExit("killed")


async def test_an_answer_whose_process_died_before_it_was_announced_is_announced_once_later(
    uow: FakeUnitOfWork,
) -> None:
    interview = await start(uow)
    with pytest.raises(SystemExit):
        await answer(uow, interview, GOOD, voice=DyingVoice())
    assert [e.type for e in uow.interview_events()][-1] == "typing_indicator"
    wait = timedelta(seconds=30)
    assert await interview_answers.announce_unevaluated(uow=uow, older_than=wait) == 0  # live
    later = datetime.now(UTC) + timedelta(minutes=1)
    sweep = interview_answers.announce_unevaluated
    assert await sweep(uow=uow, older_than=wait, now=later) == 1
    evaluated = uow.interview_events()[-1]
    assert evaluated.type == "answer_evaluated"
    assert evaluated.data["answer"]["scores"] == uow.interviews.asked[0].scores
    assert evaluated.data["ai_response"]["interviewer_source"] == "practice"
    assert await sweep(uow=uow, older_than=wait, now=later) == 0


async def test_an_answer_announced_in_its_own_request_is_not_announced_again(
    uow: FakeUnitOfWork,
) -> None:
    await answer(uow, await start(uow), GOOD)
    later = datetime.now(UTC) + timedelta(minutes=1)
    sweep = interview_answers.announce_unevaluated
    assert await sweep(uow=uow, older_than=timedelta(seconds=30), now=later) == 0
    assert [e.type for e in uow.interview_events()].count("answer_evaluated") == 1


async def test_a_weak_answer_scores_below_a_good_one_and_eases_the_difficulty(
    uow: FakeUnitOfWork,
) -> None:
    good_interview, weak_interview = await start(uow), await start(uow)
    good = await answer(uow, good_interview, GOOD)
    weak = await answer(uow, weak_interview, WEAK)
    assert sum(weak.row.scores.values()) < sum(good.row.scores.values())
    assert weak_interview.current_difficulty == "easy"


async def test_code_goes_to_evaluation_only_for_the_coding_challenge_and_its_verdict_is_folded_in(
    uow: FakeUnitOfWork,
) -> None:
    interview = await start(uow, include_coding=True, duration=10)  # 2 slots: a question, the code
    with pytest.raises(ValidationFailed):
        await answer(uow, interview, WEAK, code=CodeAnswer("python", "x = 1", ""))
    shown = await interviews.next_question(uow=uow, user_id="ada", interview_id=interview.id)
    assert (shown.row.kind, shown.row.question_id) == ("coding_challenge", "two-sum")
    code = CodeAnswer("python", "def f(x):\n    return x\n", "I return the input as it is.")
    answered = await interview_answers.answer_question(
        uow=uow,
        voice=SilentVoice(),
        token="t",
        user_id="ada",
        interview_id=interview.id,
        question_id="two-sum",
        answer_text="I return the argument.",
        response_time=300,
        code=code,
    )
    row = answered.row
    assert row.submission_id is not None
    assert [s.submission_id for s in uow.sent] == [row.submission_id]
    judged = Submission(
        id=row.submission_id,
        attempt_id=interview.id,
        user_id="ada",
        problem_id="two-sum",
        type="interview_code",
        language="python",
        code=code.code,
        status="succeeded",
        verdict="wrong_answer",
        summary={"passed": False, "tests_passed": 1, "tests_total": 4},
    )
    await fold_code_verdict(uow=uow, submission=judged)
    await uow.commit()
    assert (row.scores or {})["correctness"] == 25
    assert (row.evaluation or {})["verdict"] == "wrong_answer"
    last = uow.interview_events()[-1]
    assert (last.type, last.data["answer"]["evaluation"]["tests_passed"]) == ("answer_evaluated", 1)


async def test_completing_gives_the_report_records_the_activity_and_closes_the_interview(
    uow: FakeUnitOfWork,
) -> None:
    interview = await start(uow)
    await answer(uow, interview, GOOD)
    done = await interviews.complete_interview(uow=uow, user_id="ada", interview_id=interview.id)
    assert done.status == "completed"
    assert done.report is not None
    assert done.report["percentile_rank"] == 100  # the first completed interview
    assert done.report["overall_score"] == done.overall_score
    assert (done.overall_score or 0) > 50
    assert uow.activities[f"interview:{interview.id}"].completed
    assert uow.interview_events()[-1].type == "session_completed"
    for step in (interviews.next_question, interviews.complete_interview):
        with pytest.raises(InvalidState):
            await step(uow=uow, user_id="ada", interview_id=interview.id)


async def test_the_platform_completes_an_interview_that_ran_past_its_duration(
    uow: FakeUnitOfWork,
) -> None:
    interview = await start(uow)
    await interviews.next_question(uow=uow, user_id="ada", interview_id=interview.id)
    later = datetime.now(UTC) + timedelta(minutes=31)
    assert await complete_overdue(uow=uow, now=datetime.now(UTC)) == 0
    assert await complete_overdue(uow=uow, now=later) == 1
    assert interview.status == "completed"
    assert uow.interviews.asked[0].status == "skipped"
    assert f"interview:{interview.id}" in uow.activities


async def test_a_step_after_the_deadline_completes_the_interview_and_is_refused(
    uow: FakeUnitOfWork,
) -> None:
    interview = await start(uow)
    later = datetime.now(UTC) + timedelta(hours=1)
    with pytest.raises(InvalidState):
        await interviews.next_question(uow=uow, user_id="ada", interview_id=interview.id, now=later)
    assert interview.status == "completed"


async def test_events_stay_within_their_bound_for_the_longest_texts_the_catalogue_holds() -> None:
    long = "🙂" * 10_000  # 12 bytes each as ASCII-escaped JSON
    wordy = question("wordy", "theory", "medium", text=long, hints=[long], follow_ups=[long])
    uow = FakeUnitOfWork(FakeBank([wordy], []))
    interview = await start(uow, topics=())
    answered = await answer(uow, interview, "I do not know this one at all, I am afraid.")
    assert len(answered.row.reply["content"]) > 10_000  # the HTTP answer keeps it whole
    assert [e.type for e in uow.interview_events()][-1] == "answer_evaluated"
