"""Drills and progress against the real broker: the catalogue and verdicts arrive as events."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import FastAPI

from contracts.identity import UserRegistered, UserUpdated
from practice.db.repositories import Submissions
from practice.services.progress import record_submission_activity
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

OPTIONS = ["The network is reliable", "Users are patient", "All of the above"]
ANSWER = {
    "assumptions": "a",
    "architecture": "b",
    "trade_offs": "c",
    "failure_scenarios": "d",
}


async def publish_drill(harness: Any, drill_type: str = "spot_assumptions") -> str:
    return str(
        await harness.publish(
            "drill",
            "drill",
            title="Spot the assumption",
            drill_type=drill_type,
            question="Which is an assumption?",
            options=OPTIONS,
            correct_answer="All of the above",
            explanation="None of them was checked.",
        )
    )


async def answer(harness: Any, auth: dict[str, str], drill_id: str, choice: str) -> httpx.Response:
    response: httpx.Response = await harness.once_known(
        lambda: harness.client.post(
            "/api/v1/drills/answers",
            json={"drill_id": drill_id, "user_answer": choice},
            headers=auth,
        )
    )
    return response


async def test_drills_hide_the_answer_grade_once_and_keep_history_and_stats(
    harness: Any, tokens: TokenFactory
) -> None:
    auth = tokens.headers("driller-1")
    right_id, wrong_id = await publish_drill(harness), await publish_drill(harness, "rank_failures")

    right = await answer(harness, auth, right_id, "All of the above")
    assert right.status_code == 200
    assert right.json() | {"id": "", "submitted_at": ""} == {
        "id": "",
        "drill_id": right_id,
        "is_correct": True,
        "explanation": "None of them was checked.",
        "user_answer": "All of the above",
        "correct_answer": "All of the above",
        "submitted_at": "",
    }
    wrong = (await answer(harness, auth, wrong_id, "Users are patient")).json()
    assert (wrong["is_correct"], wrong["correct_answer"]) == (False, "All of the above")

    again = await answer(harness, auth, right_id, "Users are patient")
    assert (again.status_code, again.json()["code"]) == (409, "DRILL_ALREADY_ANSWERED")
    not_an_option = await answer(harness, auth, await publish_drill(harness), "Maybe")
    assert (not_an_option.status_code, not_an_option.json()["code"]) == (422, "NOT_AN_OPTION")

    history = (await harness.client.get("/api/v1/drills/history", headers=auth)).json()
    assert [(h["drill_id"], h["is_correct"]) for h in history] == [
        (wrong_id, False),
        (right_id, True),
    ]
    assert history[0]["drill_type"] == "rank_failures"
    stats = (await harness.client.get("/api/v1/drills/stats", headers=auth)).json()
    assert (stats["total_attempted"], stats["total_correct"], stats["accuracy"]) == (2, 1, 50.0)
    assert stats["by_type"]["spot_assumptions"] == {"attempted": 1, "correct": 1, "accuracy": 100.0}

    for _ in range(10):  # random among the unanswered ones: never one already answered
        drill = await harness.client.get("/api/v1/drills/next", headers=auth)
        if drill.status_code == 404:
            break
        assert drill.json()["id"] not in {right_id, wrong_id}
        assert {"correct_answer", "explanation"}.isdisjoint(drill.json())
    other = (await harness.client.get("/api/v1/drills/history", headers=tokens.headers("x"))).json()
    assert other == []


async def test_next_drill_filters_by_type_and_says_when_none_is_left(
    harness: Any, tokens: TokenFactory
) -> None:
    auth = tokens.headers("driller-2")
    drill_id = await publish_drill(harness, "predict_scaling")
    await answer(harness, auth, drill_id, "All of the above")  # waits until the drill is known
    seen: set[str] = set()
    while (
        drill := await harness.client.get(
            "/api/v1/drills/next", params={"drill_type": "predict_scaling"}, headers=auth
        )
    ).status_code == 200:
        assert drill.json()["drill_type"] == "predict_scaling"
        seen.add(drill.json()["id"])
        await harness.client.post(
            "/api/v1/drills/answers",
            json={"drill_id": drill.json()["id"], "user_answer": drill.json()["options"][0]},
            headers=auth,
        )
    assert drill_id not in seen
    assert (drill.status_code, drill.json()["code"]) == (404, "NO_UNANSWERED_DRILL")
    bad = await harness.client.get("/api/v1/drills/next", params={"drill_type": "x"}, headers=auth)
    assert bad.status_code == 422


async def test_progress_counts_work_on_the_day_it_was_sent_once_however_late_or_repeated(
    harness: Any, tokens: TokenFactory, app: FastAPI
) -> None:
    auth = tokens.headers("learner-p")
    task_id = await harness.publish(
        "task", "task", title="Disk", description="d", role="backend", difficulty="beginner"
    )
    created = await harness.once_known(
        lambda: harness.client.post(
            "/api/v1/responses", json={"task_id": task_id, **ANSWER}, headers=auth
        )
    )
    response = created.json()["response"]
    yesterday = datetime.now(UTC) - timedelta(days=1)
    async with app.state.runtime.unit_of_work() as uow:  # sent yesterday, judged only today
        submission = await Submissions(uow.session).get(response["submission_id"])
        submission.created_at = yesterday
        uow.session.add(submission)
        await uow.commit()
    [event] = await harness.announced_for(response["submission_id"])
    await harness.evaluate(event, "written", score=8.0, score_breakdown={}, feedback={})

    first = await harness.until("/api/v1/progress", auth, lambda p: p["total_tasks_completed"] == 1)
    assert first["last_activity_date"] == yesterday.date().isoformat()
    assert (first["current_streak"], first["total_score"], first["average_score"]) == (1, 8.0, 8.0)

    async with app.state.runtime.unit_of_work() as uow:  # the same verdict recorded again
        submission = await Submissions(uow.session).get(response["submission_id"])
        await record_submission_activity(uow=uow, submission=submission)
        await uow.commit()
    await answer(harness, auth, await publish_drill(harness), "All of the above")
    today = (await harness.client.get("/api/v1/progress", headers=auth)).json()
    assert (today["total_tasks_completed"], today["current_streak"]) == (2, 2)
    assert today["longest_streak"] == 2
    assert today["last_activity_date"] == datetime.now(UTC).date().isoformat()
    assert today["average_score"] == 8.0  # drills are not scored

    zoned = await harness.client.get("/api/v1/progress", params={"tz": "Asia/Tokyo"}, headers=auth)
    assert (zoned.status_code, zoned.json()["time_zone"]) == (200, "Asia/Tokyo")
    unknown = await harness.client.get("/api/v1/progress", params={"tz": "Mars/Base"}, headers=auth)
    assert unknown.status_code == 422
    fresh = (await harness.client.get("/api/v1/progress", headers=tokens.headers("new"))).json()
    assert (fresh["total_tasks_completed"], fresh["last_activity_date"]) == (0, None)


async def test_analytics_show_the_learners_work_and_recommend_what_is_left(
    harness: Any, tokens: TokenFactory
) -> None:
    auth = tokens.headers("analyst-1")
    done_id = await publish_drill(harness, "choose_tradeoffs")
    await answer(harness, auth, done_id, "Users are patient")
    left_id = await publish_drill(harness, "choose_tradeoffs")
    await answer(harness, tokens.headers("someone-else"), left_id, "Users are patient")  # known

    analytics = (await harness.client.get("/api/v1/analytics/me", headers=auth)).json()
    assert analytics["overview"] | {"total_hours": 0} == {
        "total_sessions": 1,
        "average_score": 0.0,
        "completion_rate": 100.0,
        "streak_days": 1,
        "total_hours": 0,
    }
    [category] = analytics["performance_by_category"]
    assert (category["category"], category["session_count"]) == ("choose_tradeoffs", 1)
    assert analytics["skill_progress"][0]["next_milestone"] == "intermediate at 5 completed"
    assert [d["sessions"] for d in analytics["recent_activity"]] == [1]
    recommended = analytics["recommendations"]
    assert done_id not in {r["item_id"] for r in recommended}
    assert recommended[0]["priority"] == "high"
    assert recommended[0]["category"] == "choose_tradeoffs"
    assert all(r["title"] for r in recommended)


async def test_progress_counts_days_in_the_zone_identity_announced_unless_asked_otherwise(
    harness: Any, tokens: TokenFactory
) -> None:
    learner = f"zoned-{uuid.uuid4().hex[:8]}"
    auth = tokens.headers(learner)
    kiritimati = "Pacific/Kiritimati"  # UTC+14: most of the day, a date other than UTC's
    await harness.publisher.send(
        UserRegistered(
            user_id=learner, email=f"{learner}@example.com", full_name="Z", role="student"
        ),
        producer="identity",
    )
    await harness.publisher.send(
        UserUpdated(user_id=learner, full_name="Z", time_zone=kiritimati), producer="identity"
    )
    answered = (
        await answer(harness, auth, await publish_drill(harness), "All of the above")
    ).json()
    moment = datetime.fromisoformat(answered["submitted_at"])

    zoned = await harness.until("/api/v1/progress", auth, lambda p: p["time_zone"] == kiritimati)
    assert zoned["last_activity_date"] == moment.astimezone(ZoneInfo(kiritimati)).date().isoformat()
    assert zoned["current_streak"] == 1
    asked = await harness.client.get("/api/v1/progress", params={"tz": "UTC"}, headers=auth)
    assert (asked.json()["time_zone"], asked.json()["last_activity_date"]) == (
        "UTC",
        moment.astimezone(UTC).date().isoformat(),
    )
    analytics = (await harness.client.get("/api/v1/analytics/me", headers=auth)).json()
    assert analytics["time_zone"] == kiritimati
    assert [d["date"] for d in analytics["recent_activity"]] == [zoned["last_activity_date"]]
    empty = await harness.client.get("/api/v1/progress", params={"tz": ""}, headers=auth)
    assert empty.status_code == 422
    stranger = await harness.client.get("/api/v1/progress", headers=tokens.headers("nobody"))
    assert stranger.json()["time_zone"] == "UTC"
