"""Use cases of drills: the next unanswered one, answering it, history and stats."""

from __future__ import annotations

import random
import uuid

from sqlalchemy.exc import IntegrityError

from contracts.catalogue import Drill, Kind
from contracts.catalogue.items import PublicDrill
from practice.db.progress_repositories import DrillAnswers
from practice.db.progress_tables import DrillAnswer
from practice.db.repositories import ContentViews
from practice.domain.catalog import learner_view
from practice.domain.drills import HISTORY_SIZE, DrillStats, Grade, drill_stats, grade
from practice.domain.progress_errors import (
    DrillAlreadyAnswered,
    DrillNotFound,
    NotAnOption,
    NoUnansweredDrill,
)
from practice.services.catalog_view import catalogue_item
from practice.services.progress import drill_activity
from servicekit.db import UnitOfWork


async def next_drill(*, uow: UnitOfWork, user_id: str, drill_type: str | None) -> PublicDrill:
    """A random drill of the type the learner has not answered, without its answer."""
    answered = await DrillAnswers(uow.session).answered_ids(user_id)
    drills = [
        item
        for item in await ContentViews(uow.session).items_of(Kind.DRILL)
        if isinstance(item, Drill)
        and item.id not in answered
        and (drill_type is None or item.drill_type == drill_type)
    ]
    if not drills:
        raise NoUnansweredDrill()
    return learner_view(random.choice(drills), PublicDrill)


async def answer_drill(
    *, uow: UnitOfWork, user_id: str, drill_id: str, user_answer: str
) -> tuple[DrillAnswer, Grade]:
    """Grade the answer and record it with its activity; a second answer is a 409."""
    drill = await catalogue_item(uow=uow, item_id=drill_id, model=Drill, missing=DrillNotFound)
    answers = DrillAnswers(uow.session)
    if await answers.find(user_id, drill_id) is not None:
        raise DrillAlreadyAnswered(drill_id)
    if user_answer.strip() not in {option.strip() for option in drill.options}:
        raise NotAnOption()
    result = grade(drill, user_answer)
    answer = DrillAnswer(
        id=str(uuid.uuid4()),
        user_id=user_id,
        drill_id=drill.id,
        drill_title=drill.title,
        drill_type=drill.drill_type,
        user_answer=user_answer,
        is_correct=result.is_correct,
    )
    answers.add(answer)
    uow.session.add(drill_activity(answer))
    try:
        await uow.commit()
    except IntegrityError as error:  # the same drill answered twice at once
        raise DrillAlreadyAnswered(drill_id) from error
    return answer, result


async def drill_history(*, uow: UnitOfWork, user_id: str) -> list[DrillAnswer]:
    """The learner's last answers, newest first."""
    return await DrillAnswers(uow.session).newest(user_id, HISTORY_SIZE)


async def get_drill_stats(*, uow: UnitOfWork, user_id: str) -> DrillStats:
    """Answered, correct and accuracy, in all and by drill type."""
    return drill_stats(await DrillAnswers(uow.session).outcomes(user_id))
