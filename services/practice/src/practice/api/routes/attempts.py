"""`/api/v1/attempts`: coding attempts and their code submissions."""

from fastapi import APIRouter, Response, status

from contracts.catalogue.items import PublicCodingProblem
from practice.api.deps import (
    AccessToken,
    PracticeSettings,
    Reviewer,
    Uow,
    Wait,
    WaitSeconds,
    ensure_within,
)
from practice.api.schemas import page_of
from practice.api.schemas.attempts import (
    AdversaryAnswer,
    AdversaryAnswered,
    AdversaryChallenge,
    AdversaryOut,
    AttemptOut,
    AttemptWithProblem,
    ChallengeResponse,
    ChallengeSkip,
    ChallengeStepAnswer,
    DiscoveryAbandon,
    DiscoveryAnswer,
    DiscoveryProgress,
    DiscoveryStart,
    DiscoveryStarted,
    HintAnswer,
    PatternCheck,
    PatternCheckAnswer,
    ReflectionOut,
    ReflectionStep,
    StartAttempt,
    StepAnswer,
    StepBody,
    SubmitCode,
    Success,
    ThinkingGateStep,
)
from practice.api.schemas.submissions import SubmissionEnvelope, SubmissionOut
from practice.domain.catalog import learner_view
from practice.domain.gate import GateAnswer
from practice.services import adversary, attempts, challenge, discovery, steps, submissions
from practice.services.steps import SuccessReflection
from servicekit.auth import CurrentUser
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/attempts", tags=["attempts"])


@router.post("", response_model=AttemptWithProblem)
async def start_attempt(
    body: StartAttempt, uow: Uow, user: CurrentUser, response: Response
) -> AttemptWithProblem:
    attempt, problem, resumed = await attempts.start_attempt(
        uow=uow, user_id=user.user_id, problem_id=body.problem_id
    )
    response.status_code = status.HTTP_200_OK if resumed else status.HTTP_201_CREATED
    return AttemptWithProblem(
        attempt=AttemptOut.of(attempt),
        problem=learner_view(problem, PublicCodingProblem),
        resumed=resumed,
    )


@router.get("", response_model=Page[AttemptOut])
async def list_attempts(uow: Uow, user: CurrentUser, paging: Paging) -> Page[AttemptOut]:
    items, total = await attempts.list_attempts(
        uow=uow, user_id=user.user_id, limit=paging.limit, offset=paging.offset
    )
    return page_of(items, total, paging, AttemptOut.of)


@router.get("/{attempt_id}", response_model=AttemptWithProblem)
async def get_attempt(attempt_id: str, uow: Uow, user: CurrentUser) -> AttemptWithProblem:
    attempt = await attempts.get_attempt(uow=uow, user_id=user.user_id, attempt_id=attempt_id)
    problem = await attempts.coding_problem(uow=uow, problem_id=attempt.problem_id)
    reflection = await attempts.current_reflection(uow=uow, attempt=attempt)
    return AttemptWithProblem(
        attempt=AttemptOut.of(attempt),
        problem=learner_view(problem, PublicCodingProblem),
        reflection=ReflectionOut.of(reflection) if reflection else None,
    )


@router.post("/{attempt_id}/steps", response_model=StepAnswer)
async def submit_step(
    attempt_id: str,
    body: StepBody,
    uow: Uow,
    user: CurrentUser,
    token: AccessToken,
    reviewer: Reviewer,
) -> StepAnswer:
    user_id = user.user_id
    if isinstance(body, ThinkingGateStep):
        answer = GateAnswer(body.selected_pattern, body.stated_invariant, body.stated_complexity)
        outcome = await steps.thinking_gate(
            uow=uow,
            user_id=user_id,
            attempt_id=attempt_id,
            answer=answer,
            reviewer=reviewer,
            token=token,
        )
    elif isinstance(body, ReflectionStep):
        outcome = await steps.reflection(
            uow=uow, user_id=user_id, attempt_id=attempt_id, option_id=body.selected_option_id
        )
    else:
        reflected = SuccessReflection(
            body.confidence_rating, body.learned_insight, body.improvement_note, body.skipped
        )
        outcome = await steps.success_reflection(
            uow=uow, user_id=user_id, attempt_id=attempt_id, answer=reflected
        )
    return StepAnswer.of(outcome)


@router.post("/{attempt_id}/hints", response_model=HintAnswer)
async def take_hint(attempt_id: str, uow: Uow, user: CurrentUser) -> HintAnswer:
    given = await steps.take_hint(uow=uow, user_id=user.user_id, attempt_id=attempt_id)
    return HintAnswer.of(given)


@router.post("/{attempt_id}/pattern-discovery/start", response_model=DiscoveryStarted)
async def start_discovery(
    attempt_id: str, uow: Uow, user: CurrentUser, body: DiscoveryStart | None = None
) -> DiscoveryStarted:
    mode = body.mode if body else "HEURISTIC"
    step = await discovery.start(uow=uow, user_id=user.user_id, attempt_id=attempt_id, mode=mode)
    return DiscoveryStarted.of(step)


@router.post("/{attempt_id}/pattern-discovery/answer", response_model=DiscoveryProgress)
async def answer_discovery(
    attempt_id: str, body: DiscoveryAnswer, uow: Uow, user: CurrentUser
) -> DiscoveryProgress:
    step = await discovery.answer(
        uow=uow,
        user_id=user.user_id,
        attempt_id=attempt_id,
        step_id=body.step_id,
        question_id=body.question_id,
        text=body.answer,
    )
    return DiscoveryProgress.of(step)


@router.post("/{attempt_id}/pattern-discovery/abandon", response_model=Success)
async def abandon_discovery(
    attempt_id: str, body: DiscoveryAbandon, uow: Uow, user: CurrentUser
) -> Success:
    await discovery.abandon(
        uow=uow, user_id=user.user_id, attempt_id=attempt_id, step_id=body.step_id
    )
    return Success()


@router.post("/{attempt_id}/pattern-challenge/check", response_model=PatternCheckAnswer)
async def check_pattern(
    attempt_id: str, body: PatternCheck, uow: Uow, user: CurrentUser
) -> PatternCheckAnswer:
    answer = GateAnswer(body.selected_pattern, body.stated_invariant)
    checked, step = await challenge.check(
        uow=uow, user_id=user.user_id, attempt_id=attempt_id, answer=answer
    )
    return PatternCheckAnswer.of(checked, step)


@router.post("/{attempt_id}/pattern-challenge/respond", response_model=ChallengeStepAnswer)
async def respond_to_challenge(
    attempt_id: str, body: ChallengeResponse, uow: Uow, user: CurrentUser
) -> ChallengeStepAnswer:
    attempt, step = await challenge.respond(
        uow=uow,
        user_id=user.user_id,
        attempt_id=attempt_id,
        step_id=body.step_id,
        response=body.response,
        new_pattern=body.new_pattern,
    )
    return ChallengeStepAnswer.of(attempt, step)


@router.post("/{attempt_id}/pattern-challenge/skip", response_model=ChallengeStepAnswer)
async def skip_challenge(
    attempt_id: str, body: ChallengeSkip, uow: Uow, user: CurrentUser
) -> ChallengeStepAnswer:
    attempt, step = await challenge.respond(
        uow=uow,
        user_id=user.user_id,
        attempt_id=attempt_id,
        step_id=body.step_id,
        response=None,
        new_pattern=None,
    )
    return ChallengeStepAnswer.of(attempt, step)


@router.get("/{attempt_id}/adversary", response_model=AdversaryChallenge)
async def adversary_challenge(attempt_id: str, uow: Uow, user: CurrentUser) -> AdversaryChallenge:
    step = await adversary.challenge(uow=uow, user_id=user.user_id, attempt_id=attempt_id)
    return AdversaryChallenge(challenge=AdversaryOut.of(step))


@router.post("/{attempt_id}/adversary", response_model=AdversaryAnswered)
async def answer_adversary(
    attempt_id: str, body: AdversaryAnswer, uow: Uow, user: CurrentUser
) -> AdversaryAnswered:
    step = await adversary.answer(
        uow=uow,
        user_id=user.user_id,
        attempt_id=attempt_id,
        step_id=body.step_id,
        response=body.response,
    )
    return AdversaryAnswered(challenge=AdversaryOut.of(step))


@router.post("/{attempt_id}/abandon", response_model=AttemptOut)
async def abandon_attempt(attempt_id: str, uow: Uow, user: CurrentUser) -> AttemptOut:
    attempt = await attempts.abandon_attempt(uow=uow, user_id=user.user_id, attempt_id=attempt_id)
    return AttemptOut.of(attempt)


@router.post(
    "/{attempt_id}/submissions",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=SubmissionEnvelope,
)
async def submit_code(
    attempt_id: str,
    body: SubmitCode,
    uow: Uow,
    user: CurrentUser,
    settings: PracticeSettings,
    hold: Wait,
    response: Response,
    wait: WaitSeconds = 0,
) -> SubmissionEnvelope:
    ensure_within(len(body.code.encode()), settings.max_code_bytes, "Code")
    submission = await submissions.submit_code(
        uow=uow,
        user_id=user.user_id,
        attempt_id=attempt_id,
        language=body.language,
        code=body.code,
    )
    if wait > 0:
        submission = await hold.submission(submission.id, wait)
        if submission.evaluated_at is not None:
            response.status_code = status.HTTP_200_OK
    return SubmissionEnvelope(submission=SubmissionOut.of(submission))


@router.get("/{attempt_id}/submissions", response_model=Page[SubmissionOut])
async def list_attempt_submissions(
    attempt_id: str, uow: Uow, user: CurrentUser, paging: Paging
) -> Page[SubmissionOut]:
    items, total = await submissions.list_attempt_submissions(
        uow=uow,
        user_id=user.user_id,
        attempt_id=attempt_id,
        limit=paging.limit,
        offset=paging.offset,
    )
    return page_of(items, total, paging, SubmissionOut.of)
