from contracts.practice import AnswerSubmitted, ProjectSpec, ProjectTestsRequested
from practice.services.evaluation_requests import restored, stored


def test_a_stored_event_is_restored_unchanged() -> None:
    events = [
        AnswerSubmitted(
            submission_id="s1",
            attempt_id="a1",
            user_id="u1",
            kind="design",
            answer={"description": "d", "diagram_labels": ["LB"]},
            reference={"rubric": {"components": []}},
        ),
        ProjectTestsRequested(
            submission_id="s2",
            attempt_id="a2",
            user_id="u2",
            project=ProjectSpec(
                item_id="i",
                language="python",
                test_command="python -m unittest",
                files={"a.py": "x"},
                hidden_files={"h.py": "y"},
            ),
        ),
    ]
    for event in events:
        assert restored(stored(event)) == event
